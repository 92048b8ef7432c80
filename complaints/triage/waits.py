"""How long stories wait for a moderator: stored per month as a histogram, so the transparency
report and the submit confirmation read a few hundred rows, never the complaints.

A wait runs from the moment a story entered the queue (`Complaint.queued_at`: submitted,
resubmitted, reinstated) to the moderator's decision (`decided_at`: published or not). Its
bin is geometric, 4% wide, so the median and the 90th percentile read from the bins are
within 4% of the exact figures.
"""

from __future__ import annotations

import math
from collections import defaultdict
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.dialects import postgresql, sqlite

from complaints.cases.models import Complaint
from complaints.clock import utcnow
from complaints.extensions import db
from complaints.moderation.log import month_of
from complaints.triage.models import ModerationWaitBucket

RATIO = 1.04
# The latest month with at least this many decisions is the "typical wait" told to authors.
TYPICAL_MINIMUM = 5


def wait_bin(minutes: float) -> int:
    return int(math.log1p(max(minutes, 0.0)) / math.log(RATIO))


def bin_bounds(index: int) -> tuple[float, float]:
    return RATIO ** index - 1, RATIO ** (index + 1) - 1


def wait_minutes(complaint: Complaint) -> float | None:
    if complaint.decided_at is None or complaint.queued_at is None:
        return None
    return max((complaint.decided_at - complaint.queued_at).total_seconds() / 60, 0.0)


def record(complaint: Complaint) -> None:
    """Count a decision just made on `complaint` (in the caller's transaction)."""
    minutes = wait_minutes(complaint)
    if minutes is None:
        return
    dialect = db.session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    stmt = insert(ModerationWaitBucket).values(month=month_of(complaint.decided_at),
                                               bin=wait_bin(minutes), count=1)
    db.session.execute(stmt.on_conflict_do_update(
        index_elements=["month", "bin"], set_={"count": ModerationWaitBucket.count + 1}))


def percentile(histogram: dict[int, int], share: float) -> int | None:
    """The `share` quantile (0.5: the median) in whole minutes, interpolated in its bin."""
    total = sum(histogram.values())
    if total <= 0:
        return None
    wanted, seen = share * total, 0
    for index in sorted(histogram):
        count = histogram[index]
        if count and seen + count >= wanted:
            low, high = bin_bounds(index)
            return round(low + (wanted - seen) / count * (high - low))
        seen += count
    return None


def histograms(since_month: str | None = None) -> dict[str, dict[int, int]]:
    """Per month ("2026-11"), the counts per bin."""
    stmt = select(ModerationWaitBucket)
    if since_month:
        stmt = stmt.where(ModerationWaitBucket.month >= since_month)
    found: dict[str, dict[int, int]] = defaultdict(dict)
    for row in db.session.scalars(stmt):
        found[row.month][row.bin] = row.count
    return found


def monthly(since_month: str | None = None) -> dict[str, dict[str, int | None]]:
    """Per month: decisions, and the median and 90th percentile wait in minutes."""
    return {month: {"decisions": sum(counts.values()),
                    "median": percentile(counts, 0.5), "p90": percentile(counts, 0.9)}
            for month, counts in histograms(since_month).items()}


def rounded(minutes: int | None) -> int | None:
    """A wait as people say it: to 5 minutes within the hour, to a quarter within 6 hours, to
    the hour after that (the bins are 4% wide: more would be false precision)."""
    if minutes is None:
        return None
    step = 5 if minutes < 60 else 15 if minutes < 360 else 60
    return max(round(minutes / step) * step, 1)


def typical_wait_minutes(now: datetime | None = None) -> int | None:
    """The median wait of this month, or of the last month with enough decisions: the figure
    the transparency report publishes, quoted to authors when they submit (rounded the same
    way)."""
    found = histograms()
    current = month_of(now or utcnow())
    for month in sorted((m for m in found if m <= current), reverse=True):
        if sum(found[month].values()) >= TYPICAL_MINIMUM:
            return rounded(percentile(found[month], 0.5))
    return None


def rebuild() -> int:
    """Recount every month from the complaints' stored times (after a bulk import, or to
    check); returns the number of decisions counted. Imported complaints were decided
    elsewhere and are left out."""
    counts: dict[tuple[str, int], int] = defaultdict(int)
    rows = db.session.execute(select(Complaint.queued_at, Complaint.decided_at).where(
        Complaint.decided_at.is_not(None), Complaint.queued_at.is_not(None),
        Complaint.external_ref.is_(None))).yield_per(10_000)
    total = 0
    for queued_at, decided_at in rows:
        minutes = max((decided_at - queued_at).total_seconds() / 60, 0.0)
        counts[(month_of(decided_at), wait_bin(minutes))] += 1
        total += 1
    db.session.execute(delete(ModerationWaitBucket))
    if counts:
        db.session.execute(ModerationWaitBucket.__table__.insert(), [
            {"month": month, "bin": index, "count": count}
            for (month, index), count in counts.items()])
    return total
