"""How long it takes at one company: "resolved within 7, 30 and 90 days" over the complaints
published in the last 12 months (the window of the score), from the stored buckets.

Two small queries on primary-key prefixes (company, day): the resolved complaints by whole
days to their resolution (`ResolutionBucket`), and the unresolved ones per day of publication
(`FigureBucket`), whose age today is the number of days since that day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, select

from complaints.extensions import db
from complaints.figures import survival
from complaints.figures.models import FigureBucket, ResolutionBucket
from complaints.figures.services import WINDOWS
from complaints.figures.verdict import SCORE_WINDOW


@dataclass(frozen=True)
class Point:
    days: int
    share: float | None  # resolved within `days` days; None when it cannot be estimated
    waiting: int  # complaints known to be still waiting at that age


@dataclass(frozen=True)
class ResolutionTimes:
    complaints: int  # published in the window: resolved and still open
    resolved: int
    points: list[Point]
    minimum: int = survival.MINIMUM

    @property
    def enough(self) -> bool:
        return self.complaints >= self.minimum


def counts(company_id: int, today: date) -> tuple[dict[int, int], dict[int, int]]:
    """The resolved complaints by days to resolution, and the open ones by age, of the
    company's complaints published in the last 12 months."""
    return counts_of([company_id], today).get(company_id, ({}, {}))


def counts_of(company_ids: list[int] | None, today: date
              ) -> dict[int, tuple[dict[int, int], dict[int, int]]]:
    """`counts` of several companies (all when None) in two queries: for the figures that are
    stored with the window figures (`figures.charts`)."""
    start = today - timedelta(days=WINDOWS[SCORE_WINDOW] - 1)
    resolved = (select(ResolutionBucket.company_id, ResolutionBucket.days,
                       func.sum(ResolutionBucket.count))
                .where(ResolutionBucket.day >= start, ResolutionBucket.day <= today)
                .group_by(ResolutionBucket.company_id, ResolutionBucket.days))
    waiting = (select(FigureBucket.company_id, FigureBucket.day, func.sum(FigureBucket.unresolved))
               .where(FigureBucket.day >= start, FigureBucket.day <= today,
                      FigureBucket.unresolved > 0)
               .group_by(FigureBucket.company_id, FigureBucket.day))
    if company_ids is not None:
        resolved = resolved.where(ResolutionBucket.company_id.in_(company_ids))
        waiting = waiting.where(FigureBucket.company_id.in_(company_ids))
    found: dict[int, tuple[dict[int, int], dict[int, int]]] = {}
    for company_id, days, count in db.session.execute(resolved):
        if count:
            found.setdefault(company_id, ({}, {}))[0][int(days)] = int(count)
    for company_id, day, count in db.session.execute(waiting):
        if count:
            censored = found.setdefault(company_id, ({}, {}))[1]
            age = (today - day).days
            censored[age] = censored.get(age, 0) + int(count)
    return found


def resolution_times(company_id: int, today: date,
                     points: tuple[int, ...] = survival.POINTS) -> ResolutionTimes:
    return estimate(*counts(company_id, today), points)


def estimate(events: dict[int, int], censored: dict[int, int],
             points: tuple[int, ...] = survival.POINTS) -> ResolutionTimes:
    shares = survival.kaplan_meier(events, censored, points)
    waiting = survival.still_waiting(events, censored, points)
    return ResolutionTimes(survival.total(events, censored), sum(events.values()),
                           [Point(t, shares[t], waiting[t]) for t in points])
