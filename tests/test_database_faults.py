"""The database goes away and comes back: /healthz says 503, pages give a friendly 503,
nothing is half-saved, and the site recovers without a restart.

On PostgreSQL a second app reaches the test database through a TCP proxy in this process;
taking the proxy down refuses new connections and cuts the open ones, as a stopped or
restarting PostgreSQL does. On SQLite the database file's folder disappears and returns.
"""

from __future__ import annotations

import contextlib
import socket
import sqlite3
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import event, func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from complaints import create_app
from complaints.cases.models import Complaint
from complaints.config import TestingConfig
from complaints.extensions import db
from tests.builders import PASSWORD, csrf_token, make_company, make_user, post_form


class Proxy:
    """Forwards one local port to the database server; `down()` and `up()` switch it."""

    def __init__(self, host: str, port: int):
        self.target = (host, port)
        self.port = self._free_port()
        self.listener: socket.socket | None = None
        self.open: set[socket.socket] = set()
        self.lock = threading.Lock()

    @staticmethod
    def _free_port() -> int:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            return probe.getsockname()[1]

    def up(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(32)
        self.listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def down(self) -> None:
        if self.listener is not None:
            _hang_up(self.listener)
            self.listener = None
        with self.lock:
            for sock in self.open:
                _hang_up(sock)
            self.open.clear()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            if self.listener is not listener:  # taken down meanwhile
                client.close()
                return
            server = socket.create_connection(self.target)
            with self.lock:
                self.open.update((client, server))
            for a, b in ((client, server), (server, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            _hang_up(source)
            _hang_up(sink)


def _hang_up(sock: socket.socket) -> None:
    """shutdown() before close(): close() alone wakes no thread blocked in accept() or recv()
    on the socket, and keeps it open while one is, so PostgreSQL would never learn that the
    client is gone and would keep its transaction, and its row locks, for ever."""
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
    with contextlib.suppress(OSError):
        sock.close()


class Outage:
    """Switches the database of `app` off and on."""

    def __init__(self, base_url: str, tmp_path: Path):
        url = make_url(base_url)
        self.proxy = None
        if url.get_backend_name() == "postgresql":
            self.proxy = Proxy(url.host or "127.0.0.1", url.port or 5432)
            self.proxy.up()
            self.url = url.set(host="127.0.0.1", port=self.proxy.port).render_as_string(
                hide_password=False)
        else:
            self.folder = tmp_path / "database"
            self.folder.mkdir()
            self.saved = tmp_path / "saved"
            source = sqlite3.connect(url.database)
            copy = sqlite3.connect(self.folder / "site.sqlite")
            source.backup(copy)  # with what is still in the -wal file
            copy.close()
            source.close()
            self.url = f"sqlite:///{self.folder / 'site.sqlite'}"

    def down(self, app) -> None:
        if self.proxy is not None:
            self.proxy.down()
        else:
            with app.app_context():
                db.engine.dispose()
            self.folder.rename(self.saved)

    def up(self) -> None:
        if self.proxy is not None:
            self.proxy.up()
        else:
            self.saved.rename(self.folder)


@pytest.fixture
def outage(app, database_url, tmp_path):
    with app.app_context():
        make_company("Belnet Mobiel")
        make_user("storing@example.nl")
        make_user("moderator@example.nl", role="moderator")
    outage = Outage(database_url, tmp_path)

    class Config(TestingConfig):
        SQLALCHEMY_DATABASE_URI = outage.url
        MAIL_FOLDER = str(tmp_path / "mail")
        WTF_CSRF_ENABLED = True

    site = create_app(Config)
    yield outage, site
    if outage.proxy is not None:
        outage.proxy.down()
    elif not outage.folder.exists():
        outage.up()
    with site.app_context():
        db.engine.dispose()
    if outage.proxy is not None:
        left_open = _transactions_left_open(app)
        with app.app_context():  # ended, so that the tests after this one are not held up
            for pid, _ in left_open:
                db.session.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
            db.session.commit()
        assert left_open == [], "a cut connection kept its transaction and its locks"


def _transactions_left_open(app) -> list:
    """Sessions of the test database still in a transaction once the proxy is down: each
    would hold its locks, and the next test's clean-up would wait on them."""
    with app.app_context():
        for _ in range(50):
            rows = db.session.execute(text(
                "SELECT pid, left(query, 80) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid() "
                "AND state LIKE 'idle in transaction%'")).all()
            db.session.rollback()
            if not rows:
                return []
            time.sleep(0.1)
        return [tuple(row) for row in rows]


def _complaints_titled(site, title: str) -> int:
    with site.app_context():
        count = db.session.scalar(select(func.count()).select_from(Complaint)
                                  .where(Complaint.title == title))
        db.session.remove()
        return count


FORM = {"company": "Belnet Mobiel", "title": "Al drie weken geen internet in huis",
        "body": "Ik heb vijf keer gebeld en elke keer werd een monteur beloofd die niet kwam. "
                "De klantenservice zegt steeds dat het morgen opgelost is.",
        "category": "outage", "contacts_before": "5"}


def test_the_site_says_503_while_the_database_is_away_and_recovers(outage):
    outage, site = outage
    client = site.test_client()
    assert client.get("/healthz").json == {"status": "ok"}
    assert post_form(client, "/auth/login", {"email": "storing@example.nl",
                                             "password": PASSWORD}).status_code == 303
    token = csrf_token(client, "/complaints/new")

    outage.down(site)
    health = client.get("/healthz")
    assert health.status_code == 503
    assert health.json == {"status": "unavailable"}
    for path in ("/", "/complaints", "/companies/belnet-mobiel", "/rankings", "/search?q=monteur",
                 "/complaints/new"):
        page = client.get(path)
        assert page.status_code == 503, path
        assert "database" in page.get_data(as_text=True).lower()
    refused = client.post("/complaints/new", data={**FORM, "csrf_token": token})
    assert refused.status_code == 503

    outage.up()
    assert client.get("/healthz").json == {"status": "ok"}  # no restart in between
    assert client.get("/").status_code == 200
    assert _complaints_titled(site, FORM["title"]) == 0  # the refused one was not saved
    filed = client.post("/complaints/new", data={**FORM, "csrf_token": csrf_token(
        client, "/complaints/new")})
    assert filed.status_code == 303
    assert _complaints_titled(site, FORM["title"]) == 1


def test_a_connection_lost_at_commit_saves_nothing(outage):
    """PostgreSQL: the proxy cuts the connection just before COMMIT. SQLite (which commits in
    this process, with no connection to cut): the commit fails as on a disk I/O error."""
    outage, site = outage
    client = site.test_client()
    assert post_form(client, "/auth/login", {"email": "storing@example.nl",
                                             "password": PASSWORD}).status_code == 303
    token = csrf_token(client, "/complaints/new")
    title = "Verbinding weg net voor het opslaan"

    inserted = []

    def note(session, context, instances):
        inserted.extend(obj for obj in session.new if isinstance(obj, Complaint))

    def cut(session):
        if not inserted:
            return
        if outage.proxy is not None:
            outage.proxy.down()
        else:
            raise OperationalError("COMMIT", {}, sqlite3.OperationalError("disk I/O error"))

    with site.app_context():
        event.listen(db.session, "before_flush", note)
        event.listen(db.session, "before_commit", cut)
        try:
            response = client.post("/complaints/new",
                                   data={**FORM, "title": title, "csrf_token": token})
        finally:
            event.remove(db.session, "before_flush", note)
            event.remove(db.session, "before_commit", cut)
    assert inserted, "the complaint reached the database session before the cut"
    assert response.status_code == 503
    if outage.proxy is not None:
        outage.up()
    assert _complaints_titled(site, title) == 0
    assert client.get("/healthz").json == {"status": "ok"}
