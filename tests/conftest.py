"""Shared fixtures: the app on SQLite or PostgreSQL, clients, roles, builders and the mailbox.

The database is SQLite (a file in a temporary folder) unless TEST_DATABASE_URL points to
PostgreSQL; with REQUIRE_POSTGRES=1 a missing or unreachable PostgreSQL fails the run instead
of quietly testing SQLite. The schema is made once per session; each test starts from empty
tables plus the reference data.
"""

from __future__ import annotations

import email
import os
import re
import socket
from email import policy
from pathlib import Path

import pytest
from sqlalchemy import text

from complaints import create_app
from complaints.config import TestingConfig, normalize_database_url
from complaints.extensions import db
from complaints.reference import install_reference_data
from tests import builders

POSTGRES_URL = os.environ.get("TEST_DATABASE_URL")
REQUIRE_POSTGRES = os.environ.get("REQUIRE_POSTGRES") == "1"
# The test app's PostgreSQL sessions: a statement waiting on a lock that some test left held
# fails after a minute, naming the test, instead of waiting for ever (SQLite has its busy
# timeout); and a commit does not wait for the disk (a test database need not survive a power
# cut; it saves a millisecond or two on each of the run's thousands of commits).
PG_SESSION_OPTIONS = "-c lock_timeout=60s -c synchronous_commit=off"


def pytest_report_header(config) -> str:
    engine = f"PostgreSQL {POSTGRES_URL}" if POSTGRES_URL else "SQLite (temporary file)"
    return f"database: {engine}"


def pytest_sessionstart(session) -> None:
    if REQUIRE_POSTGRES and not POSTGRES_URL:
        pytest.exit("REQUIRE_POSTGRES=1 but TEST_DATABASE_URL is not set", returncode=3)


@pytest.fixture
def figures(record_property):
    """`figures("…")` records a line of what a test measured (strings tried, payloads shown,
    submissions accepted); the run prints them all at its end, from every test process."""
    return lambda line: record_property("figure", line)


def pytest_terminal_summary(terminalreporter) -> None:
    lines = [value for reports in terminalreporter.stats.values() for report in reports
             if getattr(report, "when", None) == "call"
             for name, value in getattr(report, "user_properties", ()) if name == "figure"]
    if lines:
        terminalreporter.section("figures measured by the tests")
        for line in sorted(lines):
            terminalreporter.write_line(line)


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    if POSTGRES_URL:
        return _postgres_for_this_process(normalize_database_url(POSTGRES_URL))
    return f"sqlite:///{tmp_path_factory.mktemp('database') / 'test.sqlite'}"


def _postgres_for_this_process(url: str) -> str:
    """`make test` runs the tests in two processes (pytest-xdist): each gets a database of its
    own next to the one TEST_DATABASE_URL names (test_gw0, test_gw1), made when missing."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker:
        return url
    import psycopg

    base, name = url.rsplit("/", 1)
    own = f"{name}_{worker}"
    libpq = url.replace("postgresql+psycopg://", "postgresql://")
    try:
        with psycopg.connect(libpq, autocommit=True) as connection:
            if connection.execute("SELECT 1 FROM pg_database WHERE datname = %s",
                                  (own,)).fetchone() is None:
                connection.execute(f'CREATE DATABASE "{own}"')
    except psycopg.Error as error:
        pytest.exit(f"cannot make the test database {own}: {error}", returncode=3)
    return f"{base}/{own}"


@pytest.fixture(scope="session")
def app(database_url, tmp_path_factory):
    class Config(TestingConfig):
        SQLALCHEMY_DATABASE_URI = database_url
        MAIL_FOLDER = str(tmp_path_factory.mktemp("mail"))
        ATTACHMENT_FOLDER = str(tmp_path_factory.mktemp("attachments"))
        if database_url.startswith("postgresql"):
            SQLALCHEMY_ENGINE_OPTIONS = {**TestingConfig.SQLALCHEMY_ENGINE_OPTIONS,
                                         "connect_args": {"options": PG_SESSION_OPTIONS}}

    application = create_app(Config)
    with application.app_context():
        try:
            db.drop_all()
            db.create_all()
        except Exception as error:
            pytest.exit(f"cannot prepare the test database {database_url}: {error}", returncode=3)
    yield application
    with application.app_context():
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


def _empty_tables() -> None:
    """DELETE, not TRUNCATE: on PostgreSQL a TRUNCATE of every table costs some 200 ms (new
    files for each), a DELETE of the few rows a test made a few; the ids start at 1 again.
    The caller commits (with the reference data, in one transaction)."""
    for table in reversed(db.metadata.sorted_tables):
        db.session.execute(table.delete())
    if db.engine.dialect.name == "postgresql":
        sequences = db.session.execute(text(
            "SELECT schemaname || '.' || sequencename FROM pg_sequences "
            "WHERE schemaname = current_schema() AND last_value IS NOT NULL")).scalars().all()
        if sequences:
            db.session.execute(text("; ".join(f"ALTER SEQUENCE {name} RESTART"
                                              for name in sequences)))


class _Tables:
    """How often the tables were emptied in this process, and which module's tests are
    sharing what they built since (tests marked `shares_data`)."""

    cleaned = 0
    shared_by: str | None = None


@pytest.fixture(autouse=True)
def _clean_database(request):
    """Every test that uses the app starts with empty tables and the default sectors and
    categories (install_reference_data commits both at once). A test without the app (the
    state machine, the personal-data detection, the query parser…) cannot have touched the
    database, and the next test that uses it cleans up first, so it costs nothing.

    Tests marked `shares_data` only read (GET requests, sign-ins): those of one module that
    run one after the other keep the tables as the first of them left them, so what they
    read is built once (see `cleaned`); any other test cleans up first as always."""
    if "app" not in request.fixturenames:
        yield
        return
    app = request.getfixturevalue("app")
    module = request.node.module.__name__
    shares = request.node.get_closest_marker("shares_data") is not None
    if not (shares and _Tables.shared_by == module):
        with app.app_context():
            _empty_tables()
            install_reference_data()
        _Tables.cleaned += 1
        _Tables.shared_by = module if shares else None
    yield
    with app.app_context():
        db.session.remove()


_SHARED: dict[str, tuple[int, object]] = {}


@pytest.fixture
def shared(request):
    """`shared(name, build)` for tests marked `shares_data`: what `build()` returned, built
    again only when the tables were emptied since it was built."""
    assert request.node.get_closest_marker("shares_data"), "mark the test `shares_data`"

    def get(name: str, build):
        stamp, value = _SHARED.get(name, (None, None))
        if stamp != _Tables.cleaned:
            value = build()
            _SHARED[name] = (_Tables.cleaned, value)
        return value

    return get


_SNAPSHOTS: dict[str, tuple[list, object]] = {}


@pytest.fixture
def snapshot(app):
    """`snapshot(name, build)` for tests that change what they are given: the first call runs
    `build()` (through the services) and copies every table; later calls, in any test of this
    process, put those rows back in bulk instead of building again. Returns what `build()`
    returned (ids stay the same)."""

    def get(name: str, build):
        if name not in _SNAPSHOTS:
            value = build()
            with app.app_context():
                rows = [(table, [dict(row._mapping) for row in db.session.execute(table.select())])
                        for table in db.metadata.sorted_tables]
            _SNAPSHOTS[name] = (rows, value)
            return value
        rows, value = _SNAPSHOTS[name]
        with app.app_context():
            _empty_tables()
            for table, table_rows in rows:
                if table_rows:
                    db.session.execute(table.insert(), table_rows)
            if db.engine.dialect.name == "postgresql":  # the ids go on after the copied ones
                for table, table_rows in rows:
                    if table_rows and "id" in table.c:
                        db.session.execute(text(
                            f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                            f"{max(row['id'] for row in table_rows)})"))
            db.session.commit()
        return value

    return get


@pytest.fixture
def ctx(app):
    """An application context for tests that call services directly."""
    with app.test_request_context():
        yield app


@pytest.fixture
def limited_app(app):
    """The same site with rate limits on (the main test app has them off), fresh counters."""
    from complaints.extensions import limiter

    class Limited(TestingConfig):
        SQLALCHEMY_DATABASE_URI = app.config["SQLALCHEMY_DATABASE_URI"]
        MAIL_FOLDER = app.config["MAIL_FOLDER"]
        ATTACHMENT_FOLDER = app.config["ATTACHMENT_FOLDER"]
        RATELIMIT_ENABLED = True

    limited = create_app(Limited)
    limiter.reset()
    yield limited
    limiter.reset()
    limiter.init_app(app)  # the shared limiter goes back to the main test app's settings


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


class Mailbox:
    def __init__(self, folder: Path):
        self.folder = folder

    def clear(self) -> None:
        for path in self.folder.glob("*.eml"):
            path.unlink()

    def messages(self) -> list[email.message.EmailMessage]:
        return [
            email.message_from_bytes(path.read_bytes(), policy=policy.default)
            for path in sorted(self.folder.glob("*.eml"))
        ]

    def to(self, address: str) -> list[email.message.EmailMessage]:
        return [m for m in self.messages() if m["To"] == address]

    def last_to(self, address: str) -> email.message.EmailMessage:
        messages = self.to(address)
        assert messages, f"no mail to {address}"
        return messages[-1]

    @staticmethod
    def link(message: email.message.EmailMessage, path_part: str) -> str:
        body = message.get_content()
        match = re.search(rf"https?://[^\s]*{re.escape(path_part)}[^\s]*", body)
        assert match, f"no link with {path_part!r} in:\n{body}"
        return match.group(0)


@pytest.fixture
def mailbox(app) -> Mailbox:
    box = Mailbox(Path(app.config["MAIL_FOLDER"]))
    box.clear()
    yield box
    box.clear()


# Accounts in every role. Each is created inside its own app context and returned detached;
# tests use `.id` and `.email` (and builders re-load them when they need the row).

@pytest.fixture
def consumer(app):
    with app.test_request_context():
        return builders.make_user("consumer@example.nl", display_name="Anna Consument")


@pytest.fixture
def other_consumer(app):
    with app.test_request_context():
        return builders.make_user("other@example.nl", display_name="Bert Ander")


@pytest.fixture
def unverified(app):
    with app.test_request_context():
        return builders.make_user("unverified@example.nl", verified=False,
                                  display_name="Nog Niet Bevestigd")


@pytest.fixture
def moderator(app):
    with app.test_request_context():
        return builders.make_user("moderator@example.nl", role="moderator",
                                  display_name="Mo Derator")


@pytest.fixture
def admin(app):
    with app.test_request_context():
        return builders.make_user("admin@example.nl", role="admin", display_name="Ad Min")


@pytest.fixture
def company(app):
    with app.test_request_context():
        return builders.make_company("Belnet Mobiel", sector="telecom",
                                     domains=["belnet-mobiel.nl"])


@pytest.fixture
def login(client):
    """login(user) signs the test client in through the real form."""

    def do_login(user, password: str = builders.PASSWORD):
        response = builders.post_form(client, "/auth/login",
                                      {"email": user.email, "password": password})
        assert response.status_code == 303, response.get_data(as_text=True)[:500]
        return response

    return do_login


def pytest_sessionfinish(session, exitstatus) -> None:
    """In CI nothing may be skipped: a skipped browser or PostgreSQL test is a failure."""
    if os.environ.get("CI") != "true":
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter else []
    if skipped:
        reporter.write_line(f"CI: {len(skipped)} test(s) skipped; in CI that is a failure.",
                            red=True)
        session.exitstatus = 1


# --- S3-compatible object storage: moto's server, spoken to over HTTP by boto3 -----------------

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def s3_endpoint():
    from moto.server import ThreadedMotoServer

    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def s3_env(monkeypatch):
    for name, value in {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
                        "AWS_DEFAULT_REGION": "eu-west-1"}.items():
        monkeypatch.setenv(name, value)


@pytest.fixture
def s3_store(request, s3_env, s3_endpoint, tmp_path):
    """An S3Storage on a new bucket of its own."""
    from complaints.evidence import storage

    bucket = f"evidence-{os.getpid()}-{abs(hash(request.node.name)) % 10**8}"
    found = storage.from_setting(f"s3://{bucket}/complaints", tmp_path, s3_endpoint)
    found.client.create_bucket(Bucket=bucket,
                               CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    return found
