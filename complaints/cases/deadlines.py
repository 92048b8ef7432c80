"""The answer deadline of a published complaint: the one place that says when a company should
have answered (the complaint page, the webcare inbox and the "answered on time" figure all ask
here).

The deadline is the company's own promise ("we answer within N hours") counted from
publication, or, without a promise, the end of the fifth working day after the day of
publication on the Dutch calendar. Working days are Monday to Friday except the Dutch public
holidays, as the `holidays` package knows them (Easter and Whit Monday, King's Day, Ascension
Day, Christmas, Liberation Day in the years it is a day off, and so on).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from functools import cache

import holidays

from complaints.clock import AMSTERDAM, dutch_day

WORKING_DAYS = 5


@cache
def dutch_holidays(year: int) -> frozenset[date]:
    """The Dutch public holidays of a year (computed once per year per process)."""
    return frozenset(holidays.country_holidays("NL", years=year))


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in dutch_holidays(day.year)


def working_days_after(day: date, count: int) -> date:
    """The `count`-th working day after `day` (`day` itself never counts)."""
    while count > 0:
        day += timedelta(days=1)
        if is_working_day(day):
            count -= 1
    return day


def answer_deadline(published_at: datetime, promise_hours: int | None) -> datetime:
    """When the company's first public answer is due, for a complaint published at
    `published_at` (aware) by a company promising `promise_hours` at that time (or None)."""
    if promise_hours:
        return published_at + timedelta(hours=promise_hours)
    last_day = working_days_after(dutch_day(published_at), WORKING_DAYS)
    midnight = datetime.combine(last_day + timedelta(days=1), time(0), tzinfo=AMSTERDAM)
    return (midnight - timedelta(microseconds=1)).astimezone(published_at.tzinfo)
