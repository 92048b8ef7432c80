"""Two app servers, as docs/deploy.md runs them: two gunicorn instances on one database (the
test run's engine: a scratch PostgreSQL database, or one SQLite file) and one Redis for rate
limits and the page cache. A rate limit counts requests on both; a page cached by one is
served by the other; a complaint filed on one is moderated on the other and shown by the first
at once, even from its cache.
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
import redis

from complaints.config import normalize_database_url
from tests.builders import PASSWORD, STORY

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
REDIS = "redis://127.0.0.1:6379"
RATE_DB, CACHE_DB = 13, 12
POSTGRES_URL = os.environ.get("TEST_DATABASE_URL")
SITE_HOST = "helpdeskhel.test"
_CSRF = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Visitor:
    """One person's browser: cookies shared by both servers (same host, other port)."""

    def __init__(self):
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar),
                                                  _NoRedirect())

    def open(self, url: str, data: dict | None = None) -> tuple[int, dict, str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        # Both servers stand behind one nginx, which passes the site's own Host on.
        request = urllib.request.Request(url, data=body,  # noqa: S310 - http only
                                         headers={"Host": SITE_HOST})
        try:
            with self.opener.open(request, timeout=20) as response:
                return response.status, dict(response.headers), response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read().decode()

    def post(self, url: str, data: dict, form_url: str) -> tuple[int, dict, str]:
        token = _CSRF.search(self.open(form_url)[2]).group(1)
        return self.open(url, {**data, "csrf_token": token})


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _flask(env: dict, *args: str) -> str:
    done = subprocess.run([str(BIN / "flask"), "--app", "app", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


@pytest.fixture
def database(tmp_path):
    """A scratch database of the run's engine, made by the migrations."""
    if POSTGRES_URL:
        import psycopg

        admin = normalize_database_url(POSTGRES_URL).replace("postgresql+psycopg", "postgresql")
        name = f"helpdeskhel_two_servers_{os.getpid()}"
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
            connection.execute(f'CREATE DATABASE "{name}"')
        yield admin.rsplit("/", 1)[0] + f"/{name}"
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    else:
        yield f"sqlite:///{tmp_path / 'shared.sqlite'}"


@pytest.fixture
def servers(database, tmp_path):
    for number in (RATE_DB, CACHE_DB):
        redis.Redis.from_url(f"{REDIS}/{number}").flushdb()
    env = {**os.environ, "APP_CONFIG": "development", "DATABASE_URL": database,
           "SECRET_KEY": "two-servers-test-key", "RATELIMIT_STORAGE_URI": f"{REDIS}/{RATE_DB}",
           "PAGE_CACHE": f"{REDIS}/{CACHE_DB}", "MAIL_FOLDER": str(tmp_path / "mail"),
           "MAIL_DELIVERY": "queued"}
    env.pop("TEST_DATABASE_URL", None)
    _flask(env, "db", "upgrade")
    _seed(env)
    started = []
    for name in ("a", "b"):
        port = _free_port()
        log = (tmp_path / f"gunicorn-{name}.log").open("w")
        process = subprocess.Popen(
            [str(BIN / "gunicorn"), "--bind", f"127.0.0.1:{port}", "--workers", "1",
             "--access-logfile", "-", "app:app"], cwd=ROOT, env=env, stdout=log,
            stderr=subprocess.STDOUT)
        started.append((process, f"http://127.0.0.1:{port}", log))
    for process, url, _ in started:
        _wait(process, url)
    yield [url for _, url, _ in started]
    for process, _, log in started:
        process.terminate()
        process.wait(timeout=20)
        log.close()


def _seed(env: dict) -> None:
    """A verified consumer, a moderator and a company, through the app's own services."""
    script = (
        "from app import app\n"
        "from complaints.extensions import db, utcnow\n"
        "from complaints.accounts.models import User\n"
        "from complaints.accounts.services import hash_password\n"
        "from complaints.companies.services import create_company\n"
        "from complaints.reference import install_reference_data\n"
        "with app.app_context():\n"
        "    install_reference_data()\n"
        "    for email, role in (('klant@example.nl', 'consumer'), ('mod@example.nl', "
        "'moderator')):\n"
        "        db.session.add(User(email=email, display_name='Twee Servers', role=role,\n"
        f"            password_hash=hash_password({PASSWORD!r}), locale='nl',\n"
        "            email_verified_at=utcnow()))\n"
        "    create_company('Belnet Mobiel', 'telecom', domains=['belnet.nl'])\n"
        "    db.session.commit()\n"
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr


def _wait(process, url: str) -> None:
    deadline = time.time() + 60
    while time.time() < deadline:
        assert process.poll() is None, "gunicorn stopped"
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=2):  # noqa: S310
                return
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"{url} did not answer")


def _sign_in(visitor: Visitor, server: str, email: str) -> None:
    status, _, _ = visitor.post(f"{server}/auth/login",
                                {"email": email, "password": PASSWORD},
                                f"{server}/auth/login")
    assert status == 302, status


def test_rate_limits_cache_and_data_are_shared(servers):
    one, two = servers
    # A page cached by one server is served from the cache by the other.
    visitor = Visitor()
    assert visitor.open(f"{one}/complaints")[1].get("X-Page-Cache") == "miss"
    assert visitor.open(f"{two}/complaints")[1].get("X-Page-Cache") == "hit"

    # Filed on one, approved on the other, shown by the first at once (its cache moved on).
    author, moderator = Visitor(), Visitor()
    _sign_in(author, one, "klant@example.nl")
    title = "Twee servers, een klacht die overal meteen te zien is"
    status, headers, _ = author.post(f"{one}/complaints/new", {
        "company": "Belnet Mobiel", "category": "outage", "contacts_before": "2",
        "title": title, "body": STORY}, f"{one}/complaints/new")
    assert status == 302, status
    complaint = int(headers["Location"].rstrip("/").rsplit("/", 1)[-1])
    _sign_in(moderator, two, "mod@example.nl")
    status, _, _ = moderator.post(f"{two}/moderation/complaints/{complaint}/approve", {},
                                  f"{two}/moderation")
    assert status in (302, 303), status
    status, _, page = visitor.open(f"{one}/complaints")
    assert status == 200 and title in page
    status, _, page = visitor.open(f"{one}/complaints/{complaint}")
    assert status == 200 and title in page

    # The log-in limit (10 a minute per address) counts attempts on both servers.
    redis.Redis.from_url(f"{REDIS}/{RATE_DB}").flushdb()  # the sign-ins above counted too
    guesser = Visitor()
    answers = []
    for attempt in range(11):
        server = one if attempt % 2 else two
        status, _, _ = guesser.post(f"{server}/auth/login",
                                    {"email": "klant@example.nl", "password": "fout"},
                                    f"{server}/auth/login")
        answers.append(status)
    assert all(status < 429 for status in answers[:10]), answers
    assert answers[10] == 429, answers
