"""A storm of people filing complaints and replies at once on gunicorn with several workers,
on the run's engine (one SQLite file shared by the worker processes, or PostgreSQL): no
"database is locked" or other error reaches anyone, and every submission the site accepted
is stored exactly once, also when a worker is killed in the middle of the storm.
"""

from __future__ import annotations

import random
import string
import threading
import time
from collections import Counter

import pytest
from sqlalchemy import create_engine, text

from complaints.config import normalize_database_url
from tests.builders import STORY
from tests.live_servers import Gunicorn, Visitor, migrate_and_seed, scratch_database, site_env

PEOPLE = 16
WORKERS = 3
PHASE_SECONDS = 6
__all__ = ["scratch_database"]  # the fixture


@pytest.fixture
def site(scratch_database, tmp_path):
    env = site_env(scratch_database, tmp_path)
    migrate_and_seed(env, consumers=PEOPLE, published=True)
    server = Gunicorn.start(env, tmp_path, "storm", workers=WORKERS)
    yield server, scratch_database
    server.stop()


class Storm:
    """People who each file complaints and reply on their own published complaint, as fast
    as the site answers, writing down every answer."""

    def __init__(self, server: Gunicorn):
        self.server = server
        self.statuses: Counter = Counter()
        self.accepted: list[tuple[str, int, str]] = []
        self.locked: list[str] = []
        self.lock = threading.Lock()
        self.people = []
        self.phase = 0
        for n in range(PEOPLE):
            visitor = Visitor(f"10.1.0.{n + 1}")
            visitor.sign_in(server.url, f"klant{n}@example.nl")
            self.people.append((visitor, n + 1))  # klant n's published complaint has id n + 1

    def run(self, seconds: float, during=None) -> None:
        deadline = time.time() + seconds
        self.phase += 1
        threads = [threading.Thread(target=self._person, args=(visitor, own, deadline, n))
                   for n, (visitor, own) in enumerate(self.people)]
        for thread in threads:
            thread.start()
        if during:
            time.sleep(seconds / 2)
            during()
        for thread in threads:
            thread.join()

    def _person(self, visitor: Visitor, own: int, deadline: float, n: int) -> None:
        rng = random.Random(f"{self.phase}-{n}")  # each word once
        url = self.server.url
        while time.time() < deadline:
            word = "".join(rng.choices(string.ascii_lowercase, k=10))
            try:
                if rng.random() < 0.5:
                    kind = "complaint"
                    status, headers, body = visitor.post(f"{url}/complaints/new", {
                        "company": "Belnet Mobiel", "category": "outage",
                        "contacts_before": "3", "title": f"Weer geen monteur ({word})",
                        "body": STORY}, f"{url}/complaints/new")
                else:
                    kind = "reply"
                    status, headers, body = visitor.post(
                        f"{url}/complaints/{own}/replies",
                        {"body": f"Nog steeds niemand gezien ({word})."},
                        f"{url}/complaints/{own}")
            except OSError:  # the connection broke: a killed worker's request
                with self.lock:
                    self.statuses["broken"] += 1
                continue
            with self.lock:
                self.statuses[status] += 1
                if "database is locked" in body or "OperationalError" in body:
                    self.locked.append(body[:200])
                if status == 303:
                    location = headers["Location"].split("#")[0].rstrip("/")
                    number = int(location.rsplit("/", 1)[-1]) if kind == "complaint" else own
                    self.accepted.append((kind, number, word))


def _stored(database: str) -> dict[str, Counter]:
    engine = create_engine(normalize_database_url(database))
    with engine.connect() as connection:
        titles = connection.execute(text("SELECT title FROM complaints")).scalars().all()
        bodies = connection.execute(text("SELECT body_source FROM replies")).scalars().all()
    engine.dispose()
    words = {"complaint": Counter(), "reply": Counter()}
    for kind, texts in (("complaint", titles), ("reply", bodies)):
        for value in texts:
            if "(" in value:
                words[kind][value.rsplit("(", 1)[1].split(")")[0]] += 1
    return words


def test_storm_then_a_killed_worker_lose_nothing(site, figures):
    server, database = site
    storm = Storm(server)
    storm.run(PHASE_SECONDS)
    clean = dict(storm.statuses)
    assert storm.accepted, clean
    assert not [s for s in storm.statuses if isinstance(s, int) and s >= 500], clean
    assert storm.locked == []

    killed = []
    storm.run(PHASE_SECONDS, during=lambda: killed.append(server.kill_a_worker()))
    assert killed and killed[0] not in server.workers()
    assert len(server.workers()) == WORKERS  # gunicorn started a new one
    assert storm.locked == []
    errors = sum(n for s, n in storm.statuses.items() if s == "broken" or
                 (isinstance(s, int) and s >= 500))
    assert errors <= PEOPLE, storm.statuses  # at most the requests the dead worker held

    stored = _stored(database)
    lost = [item for item in storm.accepted if stored[item[0]][item[2]] == 0]
    twice = [item for item in storm.accepted if stored[item[0]][item[2]] > 1]
    assert lost == [] and twice == [], (lost, twice)
    figures(f"storm on {WORKERS} workers: {len(storm.accepted)} submissions accepted, "
            f"answers {dict(storm.statuses)}, worker {killed[0]} killed, none lost")
