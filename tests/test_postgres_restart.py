"""PostgreSQL really stopped and started under a running gunicorn: /healthz and the pages say
503 while it is down, and the same processes serve again once it is back, without a restart.

Defined only when the run tests PostgreSQL (the SQLite run takes its database away in
test_database_faults.py). It stops the run's own PostgreSQL cluster for a moment, as
`pg_ctlcluster` does in CI; the test app's pool pings before reuse and reconnects after.
"""

from __future__ import annotations

import os
import subprocess
import time
import urllib.error
import urllib.request

import pytest

from tests.live_servers import POSTGRES_URL, Gunicorn, migrate_and_seed, scratch_database, site_env

__all__ = ["scratch_database"]  # the fixture


def _status(url: str) -> int | str:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - http only
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError as error:
        return f"no answer: {error}"


def _cluster(action: str) -> None:
    version = sorted(os.listdir("/etc/postgresql"))[-1]
    subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", action],
                   check=True, timeout=60)
    if action == "start":
        for _ in range(60):
            if subprocess.run(["pg_isready", "-h", "127.0.0.1", "-q"],
                              check=False).returncode == 0:
                return
            time.sleep(0.5)
        raise AssertionError("PostgreSQL did not come back")


if POSTGRES_URL:
    @pytest.mark.serial
    def test_postgres_stopped_and_started_under_gunicorn(scratch_database, tmp_path):
        # Without the page cache: a worker that cached a page while the database was up
        # serves it during the outage (as it should), which would make the 503s below
        # depend on which worker answers.
        env = site_env(scratch_database, tmp_path, PAGE_CACHE="off")
        migrate_and_seed(env, consumers=1, published=True)
        server = Gunicorn.start(env, tmp_path, "restart", workers=2)
        pages = ["/healthz", "/complaints/1", "/companies", "/complaints"]
        try:
            assert [_status(server.url + p) for p in pages] == [200] * len(pages)
            _cluster("stop")
            try:
                assert [_status(server.url + p) for p in pages] == [503] * len(pages)
            finally:
                _cluster("start")
            assert [_status(server.url + p) for p in pages] == [200] * len(pages)
            assert server.process.poll() is None  # the same gunicorn, never restarted
        finally:
            server.stop()
        assert "Traceback" not in server.log.read_text()
