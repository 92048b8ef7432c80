"""Two app servers, as docs/deploy.md runs them: two gunicorn instances on one database (the
run's engine: a scratch PostgreSQL database, or one SQLite file) and one Redis for rate
limits and the page cache. A rate limit counts requests on both; a page cached by one is
served by the other; a complaint filed on one is moderated on the other and shown by the first
at once, even from its cache.
"""

from __future__ import annotations

import pytest
import redis

from tests.builders import STORY
from tests.live_servers import Gunicorn, Visitor, migrate_and_seed, scratch_database, site_env

REDIS = "redis://127.0.0.1:6379"
RATE_DB, CACHE_DB = 13, 12
__all__ = ["scratch_database"]  # the fixture


@pytest.fixture
def servers(scratch_database, tmp_path):
    for number in (RATE_DB, CACHE_DB):
        redis.Redis.from_url(f"{REDIS}/{number}").flushdb()
    env = site_env(scratch_database, tmp_path, RATELIMIT_STORAGE_URI=f"{REDIS}/{RATE_DB}",
                   PAGE_CACHE=f"{REDIS}/{CACHE_DB}")
    migrate_and_seed(env)
    started = [Gunicorn.start(env, tmp_path, name) for name in ("a", "b")]
    yield [server.url for server in started]
    for server in started:
        server.stop()


def test_rate_limits_cache_and_data_are_shared(servers):
    one, two = servers
    # A page cached by one server is served from the cache by the other.
    visitor = Visitor()
    assert visitor.open(f"{one}/complaints")[1].get("X-Page-Cache") == "miss"
    assert visitor.open(f"{two}/complaints")[1].get("X-Page-Cache") == "hit"

    # Filed on one, approved on the other, shown by the first at once (its cache moved on).
    author, moderator = Visitor("10.0.0.2"), Visitor("10.0.0.3")
    author.sign_in(one, "klant0@example.nl")
    title = "Twee servers, een klacht die overal meteen te zien is"
    status, headers, _ = author.post(f"{one}/complaints/new", {
        "company": "Belnet Mobiel", "category": "outage", "contacts_before": "2",
        "title": title, "body": STORY}, f"{one}/complaints/new")
    assert status == 303, status
    complaint = int(headers["Location"].rstrip("/").rsplit("/", 1)[-1])
    moderator.sign_in(two, "mod@example.nl")
    status, _, _ = moderator.post(f"{two}/moderation/complaints/{complaint}/approve", {},
                                  f"{two}/moderation")
    assert status == 303, status
    status, _, page = visitor.open(f"{one}/complaints")
    assert status == 200 and title in page
    status, _, page = visitor.open(f"{one}/complaints/{complaint}")
    assert status == 200 and title in page

    # The log-in limit (10 a minute per address) counts attempts on both servers.
    guesser = Visitor("10.0.0.9")
    answers = []
    for attempt in range(11):
        server = one if attempt % 2 else two
        status, _, _ = guesser.post(f"{server}/auth/login",
                                    {"email": "klant0@example.nl", "password": "fout"},
                                    f"{server}/auth/login")
        answers.append(status)
    assert all(status < 429 for status in answers[:10]), answers
    assert answers[10] == 429, answers
