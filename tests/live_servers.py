"""The site under gunicorn, as `make run` and docs/deploy.md start it, for the tests that need
real processes: a scratch database of the run's engine made by the migrations, people and a
company seeded through the app's own services, gunicorn instances, and a small HTTP client."""

from __future__ import annotations

import http.cookiejar
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

from complaints.config import normalize_database_url
from tests.builders import PASSWORD

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
POSTGRES_URL = os.environ.get("TEST_DATABASE_URL")
SITE_HOST = "helpdeskhel.test"
_CSRF = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Visitor:
    """One person's browser. Every server is reached as the site's own host (one nginx in
    front passes it on), and from the person's own address (nginx's X-Forwarded-For)."""

    def __init__(self, address: str = "10.0.0.1"):
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar),
                                                  _NoRedirect())
        self.address = address

    def open(self, url: str, data: dict | None = None) -> tuple[int, dict, str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(  # noqa: S310 - http to the test's own servers
            url, data=body, headers={"Host": SITE_HOST, "X-Forwarded-For": self.address})
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, dict(response.headers), response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read().decode()

    def post(self, url: str, data: dict, form_url: str) -> tuple[int, dict, str]:
        token = _CSRF.search(self.open(form_url)[2]).group(1)
        return self.open(url, {**data, "csrf_token": token})

    def sign_in(self, server: str, email: str) -> None:
        status, _, _ = self.post(f"{server}/auth/login", {"email": email, "password": PASSWORD},
                                 f"{server}/auth/login")
        assert status == 303, (email, status)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def scratch_database(tmp_path):
    """A scratch database of the run's engine: PostgreSQL when the run tests PostgreSQL, else
    one SQLite file."""
    if POSTGRES_URL:
        import psycopg

        admin = normalize_database_url(POSTGRES_URL).replace("postgresql+psycopg", "postgresql")
        name = f"helpdeskhel_live_{os.getpid()}"
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
            connection.execute(f'CREATE DATABASE "{name}"')
        yield admin.rsplit("/", 1)[0] + f"/{name}"
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    else:
        yield f"sqlite:///{tmp_path / 'live.sqlite'}"


def site_env(database: str, folder: Path, **settings: str) -> dict:
    env = {**os.environ, "APP_CONFIG": "development", "DATABASE_URL": database,
           "SECRET_KEY": "live-servers-test-key", "MAIL_FOLDER": str(folder / "mail"),
           "MAIL_DELIVERY": "queued", "TRUSTED_PROXIES": "1",
           "PAGE_CACHE_GENERATION_PATH": str(folder / "page-cache.generation"), **settings}
    env.pop("TEST_DATABASE_URL", None)
    return env


def migrate_and_seed(env: dict, consumers: int = 1, published: bool = False) -> None:
    """The migrations, then consumers klant0@… klantN@…, a moderator and a company, each
    consumer with one published complaint when `published`."""
    done = subprocess.run([str(BIN / "flask"), "--app", "app", "db", "upgrade"], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    script = f"""
from werkzeug.security import generate_password_hash
from app import app
from complaints.clock import utcnow
from complaints.extensions import db
from complaints.accounts.models import User
from complaints.cases import services as cases
from complaints.cases.services import ComplaintDraft
from complaints.companies.services import create_company
from complaints.moderation.services import approve_complaint
from complaints.reference import install_reference_data
with app.test_request_context():
    install_reference_data()
    hashed = generate_password_hash({PASSWORD!r}, "pbkdf2:sha256:1000")
    moderator = User(email="mod@example.nl", display_name="Mo", role="moderator",
                     password_hash=hashed, locale="nl", email_verified_at=utcnow())
    db.session.add(moderator)
    company = create_company("Belnet Mobiel", "telecom", domains=["belnet.nl"])
    people = [User(email=f"klant{{n}}@example.nl", display_name=f"Klant {{n}}", role="consumer",
                   password_hash=hashed, locale="nl", email_verified_at=utcnow())
              for n in range({consumers})]
    db.session.add_all(people)
    db.session.commit()
    for person in people if {published!r} else []:
        complaint = cases.submit_complaint(person, ComplaintDraft(
            company="Belnet Mobiel", company_choice=None, new_company_sector=None,
            new_company_website=None, title=f"Eerste klacht van {{person.display_name}}",
            body="Ik heb vier keer gebeld over een storing, en er kwam nooit een monteur.",
            category="outage", contacts_before=4, first_contact_on=None, desired_outcome=""))
        approve_complaint(moderator, complaint)
    db.session.commit()
"""
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr


@dataclass
class Gunicorn:
    process: subprocess.Popen
    url: str
    log: Path

    @classmethod
    def start(cls, env: dict, folder: Path, name: str, workers: int = 1) -> Gunicorn:
        port = free_port()
        log = folder / f"gunicorn-{name}.log"
        with log.open("w") as out:
            process = subprocess.Popen(
                [str(BIN / "gunicorn"), "--bind", f"127.0.0.1:{port}", "--workers",
                 str(workers), "--access-logfile", "-", "app:app"],
                cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
        server = cls(process, f"http://127.0.0.1:{port}", log)
        server.wait()
        return server

    def wait(self) -> None:
        deadline = time.time() + 60
        while time.time() < deadline:
            assert self.process.poll() is None, self.log.read_text()
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=2):  # noqa: S310
                    return
            except OSError:
                time.sleep(0.3)
        raise AssertionError(f"{self.url} did not answer")

    def workers(self) -> list[int]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()]

    def kill_a_worker(self) -> int:
        """SIGKILL one worker, as the kernel's OOM killer would: no clean-up at all."""
        pid = self.workers()[0]
        os.kill(pid, signal.SIGKILL)
        return pid

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
