"""/metrics for Prometheus: the text parses, requests and the page cache are counted, the
outbox's backlog and the jobs' last success are read from the database, the pool is shown;
only allowed addresses see it; under gunicorn the workers' counts add up."""

from __future__ import annotations

import os
import runpy
import subprocess
import sys
import textwrap
from datetime import timedelta
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy.exc import OperationalError

from complaints import create_app
from complaints.clock import utcnow
from complaints.config import TestingConfig, metrics_networks
from complaints.extensions import db
from complaints.notifications.models import OutboxMessage
from complaints.permissions import can_read_metrics
from complaints.webhooks.models import WebhookDelivery, WebhookEndpoint
from tests.builders import make_company, make_user

ROOT = Path(__file__).resolve().parents[1]
FAMILIES = {
    "helpdeskhel_http_request_duration_seconds", "helpdeskhel_http_requests",
    "helpdeskhel_page_cache_requests", "helpdeskhel_outbox_waiting_messages",
    "helpdeskhel_outbox_oldest_waiting_age_seconds",
    "helpdeskhel_job_last_success_timestamp_seconds", "helpdeskhel_db_pool_checked_out_connections",
    "helpdeskhel_db_pool_size_connections", "helpdeskhel_db_pool_overflow_connections",
}


def _scrape(client) -> dict:
    """{(sample name, sorted labels): value} of one scrape, checked to parse."""
    response = client.get("/metrics")
    assert response.status_code == 200, response.status_code
    return {(sample.name, tuple(sorted(sample.labels.items()))): sample.value
            for family in text_string_to_metric_families(response.get_data(as_text=True))
            for sample in family.samples}


def _value(samples: dict, name: str, **labels) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


def test_the_text_parses_and_holds_every_documented_family(client):
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response.mimetype == "text/plain" and "version=" in response.content_type
    assert response.headers["Cache-Control"] == "no-store"
    assert "Set-Cookie" not in response.headers  # no session for a scraper
    client.get("/healthz")
    names = {family.name for family in text_string_to_metric_families(
        client.get("/metrics").get_data(as_text=True))}
    assert names >= FAMILIES


def test_requests_move_the_latency_and_status_counts_by_endpoint_not_path(client):
    before = _scrape(client)
    client.get("/healthz")
    client.get("/healthz")
    client.get("/complaints/987654")  # the route matches, the complaint does not exist
    client.get("/no/such/page")
    after = _scrape(client)

    def moved(name, **labels):
        return _value(after, name, **labels) - _value(before, name, **labels)

    assert moved("helpdeskhel_http_requests_total", endpoint="pages.healthz", method="GET",
                 status="200") == 2
    assert moved("helpdeskhel_http_request_duration_seconds_count", endpoint="pages.healthz",
                 method="GET") == 2
    assert moved("helpdeskhel_http_request_duration_seconds_sum", endpoint="pages.healthz",
                 method="GET") > 0
    assert moved("helpdeskhel_http_requests_total", endpoint="cases.show", method="GET",
                 status="404") == 1
    assert moved("helpdeskhel_http_requests_total", endpoint="unmatched", method="GET",
                 status="404") == 1
    assert not any("987654" in str(key) or "/no/such" in str(key) for key in after)
    assert not any(("endpoint", "operations.metrics_page") in key[1] for key in after)


def test_page_cache_hits_and_misses_are_counted(app, tmp_path, company):
    class Cached(TestingConfig):
        SQLALCHEMY_DATABASE_URI = app.config["SQLALCHEMY_DATABASE_URI"]
        MAIL_FOLDER = app.config["MAIL_FOLDER"]
        PAGE_CACHE = "memory"
        PAGE_CACHE_GENERATION_PATH = str(tmp_path / "generation")

    client = create_app(Cached).test_client()
    before = _scrape(client)
    client.get("/rankings")
    client.get("/rankings")
    client.get("/rankings")
    after = _scrape(client)
    for result, times in (("miss", 1), ("hit", 2)):
        name, labels = "helpdeskhel_page_cache_requests_total", {"endpoint": "rankings.index",
                                                                 "result": result}
        assert _value(after, name, **labels) - _value(before, name, **labels) == times


def test_outbox_backlog_and_the_age_of_the_oldest_message(app, client):
    now = utcnow()
    with app.app_context():
        owner = make_user("eigenaar@belnet-mobiel.nl")
        company = make_company("Belnet Mobiel", domains=["belnet-mobiel.nl"])
        endpoint = WebhookEndpoint(company_id=company.id, url="https://hooks.example/x",
                                   events="promise.due", secret="s", created_by_id=owner.id)
        db.session.add(endpoint)
        db.session.flush()
        db.session.add_all([
            _mail(now - timedelta(minutes=20)), _mail(now - timedelta(minutes=5)),
            _mail(now - timedelta(days=2), sent_at=now - timedelta(days=2)),  # sent: not counted
            WebhookDelivery(uid="d-1", endpoint_id=endpoint.id, event="promise.due", body="{}",
                            created_at=now - timedelta(minutes=3)),
        ])
        db.session.commit()
    samples = _scrape(client)
    assert _value(samples, "helpdeskhel_outbox_waiting_messages", queue="mail") == 2
    assert _value(samples, "helpdeskhel_outbox_waiting_messages", queue="webhooks") == 1
    age = _value(samples, "helpdeskhel_outbox_oldest_waiting_age_seconds", queue="mail")
    assert 20 * 60 <= age < 21 * 60
    age = _value(samples, "helpdeskhel_outbox_oldest_waiting_age_seconds", queue="webhooks")
    assert 3 * 60 <= age < 4 * 60


def _mail(created_at, sent_at=None) -> OutboxMessage:
    return OutboxMessage(recipient="a@example.nl", subject="Onderwerp", body="Tekst",
                         template="reset_password", created_at=created_at,
                         next_attempt_at=created_at, sent_at=sent_at)


def test_empty_queues_are_zero_not_missing(client):
    samples = _scrape(client)
    for queue in ("mail", "webhooks"):
        assert ("helpdeskhel_outbox_waiting_messages", (("queue", queue),)) in samples
        assert _value(samples, "helpdeskhel_outbox_oldest_waiting_age_seconds", queue=queue) == 0


def test_a_database_that_does_not_answer_leaves_the_request_counts(client, monkeypatch):
    from complaints.notifications import outbox

    def unavailable():
        raise OperationalError("SELECT count(*)", {}, Exception("connection refused"))

    monkeypatch.setattr(outbox, "backlog", unavailable)
    client.get("/healthz")
    samples = _scrape(client)  # 200, not the 503 page: Prometheus still gets the traffic
    assert _value(samples, "helpdeskhel_http_requests_total", endpoint="pages.healthz",
                  method="GET", status="200") >= 1
    assert not any(name.startswith("helpdeskhel_outbox") for name, _ in samples)


def test_the_commands_cron_runs_record_their_last_success(client, runner):
    name = "helpdeskhel_job_last_success_timestamp_seconds"
    samples = _scrape(client)
    assert _value(samples, name, job="outbox_send") == 0  # never ran: an alert on age fires
    assert runner.invoke(args=["outbox", "send"]).exit_code == 0
    first = _value(_scrape(client), name, job="outbox_send")
    assert abs(first - utcnow().timestamp()) < 60
    assert runner.invoke(args=["outbox", "send"]).exit_code == 0  # the row is moved, not added
    assert runner.invoke(args=["jobs", "run"]).exit_code == 0
    samples = _scrape(client)
    assert _value(samples, name, job="outbox_send") >= first
    assert abs(_value(samples, name, job="jobs_run") - utcnow().timestamp()) < 60


def test_the_database_pool_is_shown(app, client):
    name = "helpdeskhel_db_pool_checked_out_connections"
    before = _scrape(client)
    assert _value(before, "helpdeskhel_db_pool_size_connections") >= 1  # QueuePool on both
    assert ("helpdeskhel_db_pool_overflow_connections", ()) in before
    with app.app_context(), db.engine.connect():  # a job holding a connection
        assert _value(_scrape(client), name) == _value(before, name) + 1
    assert _value(_scrape(client), name) == _value(before, name)


def test_other_addresses_get_a_404_even_when_they_claim_to_be_loopback(client):
    outside = {"REMOTE_ADDR": "203.0.113.7"}
    assert client.get("/metrics", environ_base=outside).status_code == 404
    # No proxy is trusted here: X-Forwarded-For is the visitor's word, not taken.
    assert client.get("/metrics", environ_base=outside,
                      headers={"X-Forwarded-For": "127.0.0.1"}).status_code == 404


def test_an_allowed_network_behind_the_trusted_proxy_may_scrape(app):
    class Proxied(TestingConfig):
        SQLALCHEMY_DATABASE_URI = app.config["SQLALCHEMY_DATABASE_URI"]
        MAIL_FOLDER = app.config["MAIL_FOLDER"]
        TRUSTED_PROXIES = 1
        METRICS_ALLOWED = ("10.0.0.0/8",)

    client = create_app(Proxied).test_client()  # nginx on loopback sets X-Forwarded-For
    assert client.get("/metrics", headers={"X-Forwarded-For": "10.1.2.3"}).status_code == 200
    # nginx itself is not in the list: what counts is the address it vouches for.
    assert client.get("/metrics", headers={"X-Forwarded-For": "203.0.113.7"}).status_code == 404


def test_can_read_metrics_reads_addresses_as_addresses(ctx, monkeypatch):
    monkeypatch.setitem(ctx.config, "METRICS_ALLOWED", ("127.0.0.0/8", "::1", "192.0.2.8"))
    assert can_read_metrics("127.0.0.9") and can_read_metrics("::1")
    assert can_read_metrics("::ffff:127.0.0.1")  # IPv4 through a dual-stack socket
    assert can_read_metrics("192.0.2.8") and not can_read_metrics("192.0.2.9")
    assert not any(can_read_metrics(bad) for bad in (None, "", "localhost", "fe80::1%eth0"))


def test_a_mistyped_allowed_network_stops_the_start():
    assert metrics_networks(" 10.0.0.0/8, ::1 ,") == ("10.0.0.0/8", "::1")
    with pytest.raises(RuntimeError, match=r"10\.0\.0\.300"):
        metrics_networks("127.0.0.1,10.0.0.300")


MULTIPROCESS_SCRIPT = textwrap.dedent("""
    import os
    from complaints import create_app
    from complaints.config import TestingConfig
    from complaints.extensions import db

    class Config(TestingConfig):
        SQLALCHEMY_DATABASE_URI = "sqlite:///" + os.environ["SCRATCH_DB"]

    app = create_app(Config)
    with app.app_context():
        db.create_all()
    client = app.test_client()
    client.get("/healthz")
    child = os.fork()  # a second worker: counts in files of its own
    if child == 0:
        client.get("/healthz")
        client.get("/healthz")
        os._exit(0)
    os.waitpid(child, 0)
    print(client.get("/metrics").get_data(as_text=True))
""")


def test_under_gunicorn_the_workers_counts_add_up(tmp_path):
    folder = tmp_path / "metrics"
    folder.mkdir()
    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(folder),
           "SCRATCH_DB": str(tmp_path / "scratch.sqlite")}
    done = subprocess.run([sys.executable, "-c", MULTIPROCESS_SCRIPT], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    samples = {(s.name, tuple(sorted(s.labels.items()))): s.value
               for family in text_string_to_metric_families(done.stdout)
               for s in family.samples}
    assert _value(samples, "helpdeskhel_http_requests_total", endpoint="pages.healthz",
                  method="GET", status="200") == 3
    assert len(list(folder.glob("counter_*.db"))) == 2
    assert _value(samples, "helpdeskhel_outbox_waiting_messages", queue="mail") == 0


def test_gunicorn_config_makes_the_folder_and_removes_it(monkeypatch):
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", "")
    monkeypatch.setenv("HELPDESKHEL_METRICS_DIR_MADE_BY_GUNICORN", "")
    settings = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    folder = Path(os.environ["PROMETHEUS_MULTIPROC_DIR"])
    assert folder.is_dir() and not any(folder.iterdir())
    (folder / "gauge_livesum_4242.db").write_bytes(b"")
    settings["child_exit"](None, type("Worker", (), {"pid": 4242}))
    assert not (folder / "gauge_livesum_4242.db").exists()  # a dead worker's gauges go
    settings["on_exit"](None)
    assert not folder.exists()
