"""The test harness itself: a test that waits on a lock another left held gives up with an
error naming it (the run goes on) instead of holding the whole run until CI stops it."""

from __future__ import annotations

from sqlalchemy import text

from complaints.extensions import db
from tests.conftest import POSTGRES_URL

if POSTGRES_URL:
    def test_postgres_sessions_give_up_on_a_lock_after_a_minute(app):
        with app.app_context():
            assert db.session.scalar(text("SHOW lock_timeout")) == "1min"
else:
    def test_sqlite_sessions_wait_at_most_the_busy_timeout(app):
        with app.app_context():
            assert db.session.scalar(text("PRAGMA busy_timeout")) == 5000


def test_a_hanging_test_fails_after_ten_minutes(pytestconfig):
    assert pytestconfig.getini("timeout") == "600"
