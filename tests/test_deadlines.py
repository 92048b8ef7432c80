"""The answer deadline on the Dutch calendar: weekends, public holidays (from the `holidays`
package), and the switches to and from summer time."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from complaints.cases.deadlines import (
    answer_deadline,
    dutch_holidays,
    is_working_day,
    working_days_after,
)
from complaints.clock import AMSTERDAM


def _amsterdam(*args) -> datetime:
    return datetime(*args, tzinfo=AMSTERDAM)


@pytest.mark.parametrize(("day", "name"), [
    (date(2026, 12, 25), "Christmas"), (date(2026, 12, 28), None),
    (date(2027, 1, 1), "New Year"), (date(2027, 3, 29), "Easter Monday"),
    (date(2027, 4, 27), "King's Day"), (date(2027, 5, 6), "Ascension"),
    (date(2027, 5, 17), "Whit Monday"), (date(2025, 5, 5), "Liberation Day (a lustrum year)"),
])
def test_public_holidays_are_not_working_days(day, name):
    assert is_working_day(day) is (name is None)


def test_weekends_are_not_working_days_and_the_calendar_is_cached_per_year():
    assert not is_working_day(date(2026, 12, 5)) and not is_working_day(date(2026, 12, 6))
    assert dutch_holidays(2027) is dutch_holidays(2027)


@pytest.mark.parametrize(("published", "due_day"), [
    # Christmas and New Year's Day between: Mon 28 .. Thu 31 and Mon 4 January.
    (_amsterdam(2026, 12, 24, 10), date(2027, 1, 4)),
    # Good Friday and Easter Monday, with the switch to summer time on Sunday 28 March.
    (_amsterdam(2027, 3, 24, 10), date(2027, 4, 2)),
    # King's Day on a Tuesday.
    (_amsterdam(2027, 4, 26, 9), date(2027, 5, 4)),
    # Ascension Day (Thursday 14 May 2026) and Whit Monday (25 May).
    (_amsterdam(2026, 5, 13, 16), date(2026, 5, 21)),
    (_amsterdam(2026, 5, 20, 16), date(2026, 5, 28)),
    # Back to winter time on Sunday 25 October 2026.
    (_amsterdam(2026, 10, 21, 12), date(2026, 10, 28)),
])
def test_the_deadline_ends_the_fifth_working_day_at_midnight_in_amsterdam(published, due_day):
    due = answer_deadline(published.astimezone(UTC), None)
    local = due.astimezone(AMSTERDAM)
    assert local.date() == due_day
    assert (local.hour, local.minute, local.second) == (23, 59, 59)
    assert working_days_after(published.date(), 5) == due_day


def test_the_last_moment_is_in_the_right_offset_on_either_side_of_a_switch():
    summer = answer_deadline(_amsterdam(2027, 3, 24, 10).astimezone(UTC), None)
    assert summer.astimezone(UTC) == datetime(2027, 4, 2, 21, 59, 59, 999999, tzinfo=UTC)
    winter = answer_deadline(_amsterdam(2026, 10, 21, 12).astimezone(UTC), None)
    assert winter.astimezone(UTC) == datetime(2026, 10, 28, 22, 59, 59, 999999, tzinfo=UTC)


def test_a_promise_in_hours_counts_real_hours_across_a_switch():
    # 24 hours from Saturday noon to Sunday noon across the switch to winter time: the clock on
    # the wall says 11:00, and 24 real hours have passed.
    published = _amsterdam(2026, 10, 24, 12).astimezone(UTC)
    due = answer_deadline(published, 24)
    assert due - published == timedelta(hours=24)
    assert due.astimezone(AMSTERDAM).hour == 11


def test_published_on_a_holiday_counts_from_the_next_working_day():
    # Published on Christmas Day (a Friday in 2026): Mon 28 .. Thu 31, Mon 4 January.
    assert answer_deadline(_amsterdam(2026, 12, 25, 20).astimezone(UTC), None).astimezone(
        AMSTERDAM).date() == date(2027, 1, 4)


# --- where the deadline shows ---------------------------------------------------------------

def test_the_deadline_shows_on_the_complaint_page_and_in_the_inbox(app, client, login, consumer,
                                                                  other_consumer, company):
    from complaints.cases.models import Complaint
    from complaints.cases.workflow import Status
    from complaints.clock import utcnow
    from complaints.extensions import db
    from complaints.threads import services as threads
    from tests.builders import make_complaint, make_representative, reload

    with app.test_request_context():
        complaint = make_complaint(consumer, company, status=Status.OPEN)
        complaint_id, due = complaint.id, complaint.answer_due_at
        make_representative(other_consumer, company)
    page = client.get(f"/complaints/{complaint_id}").get_data(as_text=True)
    assert "Het bedrijf heeft tot" in page and str(due.astimezone(AMSTERDAM).day) in page
    login(other_consumer)
    inbox = client.get(f"/webcare/{company.slug}").get_data(as_text=True)
    assert "Antwoord uiterlijk" in inbox

    with app.app_context():  # the deadline passes without an answer
        db.session.get(Complaint, complaint_id).answer_due_at = utcnow() - timedelta(hours=1)
        db.session.commit()
    assert "De termijn om te antwoorden verliep" in client.get(
        f"/webcare/{company.slug}").get_data(as_text=True)
    assert "reageerde niet voor de termijn" in app.test_client().get(
        f"/complaints/{complaint_id}").get_data(as_text=True)

    with app.test_request_context():  # a late first answer
        threads.post_reply(reload(type(other_consumer), other_consumer),
                           db.session.get(Complaint, complaint_id),
                           "Excuses voor het late antwoord, we lossen het vandaag op.")
    page = app.test_client().get(f"/complaints/{complaint_id}").get_data(as_text=True)
    assert "antwoordde na de termijn" in page
