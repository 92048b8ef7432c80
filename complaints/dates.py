"""Dates as the site shows them: one date format and one date-time format per language.

Dutch reads "14 nov 2026" and "14 nov 2026, 21:02"; English uses British conventions,
"14 Nov 2026" and "14 Nov 2026, 21:02" (never the American "11/14/26"). Both come from
Babel's medium date and short time of the language. Moments are shown in Dutch time.
Templates use the Jinja filters `date`, `datetime`, `month` ("november 2026") and
`month_short` ("nov", under a chart's bar); nothing else formats a date for people.
"""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache

from babel.dates import format_date as babel_format_date
from babel.dates import format_time, get_datetime_format
from flask_babel import get_timezone

from complaints.formats import current_locale

# The language the visitor chose -> the locale its dates are written in.
DATE_LOCALES = {"nl": "nl_NL", "en": "en_GB"}


def date_locale() -> str:
    locale = current_locale()
    return DATE_LOCALES.get(locale.language if locale else "nl", "nl_NL")


def _local(value: date | datetime) -> date | datetime:
    if isinstance(value, datetime):
        return value.astimezone(get_timezone()) if value.tzinfo else value
    return value


def format_day(value: date | datetime | None) -> str:
    """'14 nov 2026' / '14 Nov 2026'."""
    if value is None:
        return ""
    local = _local(value)
    return _day(local.date() if isinstance(local, datetime) else local, date_locale())


def format_moment(value: datetime | None) -> str:
    """'14 nov 2026, 21:02' / '14 Nov 2026, 21:02'."""
    if value is None:
        return ""
    moment = _local(value).replace(second=0, microsecond=0)
    # The zone is part of the key: equal instants in two zones are equal datetimes.
    return _moment(moment, str(moment.tzinfo), date_locale())


def format_month(value: date | None, width: str = "wide") -> str:
    """'november 2026' / 'November 2026'; with width 'short' only the month: 'nov' / 'Nov'."""
    if value is None:
        return ""
    return _month(value.year, value.month, width, date_locale())


# What Babel writes for a day, a minute or a month in a language never changes, and lists
# show the same days over and over: each is worked out once per process (Babel's patterns
# cost tens of microseconds a date).

@lru_cache(maxsize=8192)
def _day(value: date, locale: str) -> str:
    return babel_format_date(value, "medium", locale=locale)


@lru_cache(maxsize=8192)
def _moment(moment: datetime, _zone: str, locale: str) -> str:
    return get_datetime_format("medium", locale=locale).replace(
        "{1}", babel_format_date(moment, "medium", locale=locale)).replace(
        "{0}", format_time(moment, "short", locale=locale))


@lru_cache(maxsize=1024)
def _month(year: int, month: int, width: str, locale: str) -> str:
    pattern = "MMMM y" if width == "wide" else "MMM"
    return babel_format_date(date(year, month, 1), pattern, locale=locale)
