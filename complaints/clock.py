"""Time on the site: stored as timezone-aware UTC, counted and shown on the Dutch calendar."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

TIME_ZONE = "Europe/Amsterdam"
AMSTERDAM = ZoneInfo(TIME_ZONE)


def utcnow() -> datetime:
    """Now, timezone-aware in UTC: what every timestamp column holds (defaults call this)."""
    return datetime.now(UTC)


def dutch_day(moment: datetime) -> date:
    """The calendar day `moment` falls on in the Netherlands.

    Days are Dutch because the site counts them for Dutch readers: a complaint published at
    00:30 in Amsterdam belongs to that day, not to the UTC day before it.
    """
    return moment.astimezone(AMSTERDAM).date()


def today() -> date:
    """Today on the Dutch calendar: the day figures, windows and date filters count from."""
    return dutch_day(utcnow())
