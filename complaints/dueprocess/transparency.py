"""The transparency report (/transparency and its CSV) and each company's reporting record.

Every figure comes from small tables: notices, appeals and statements of reasons (a handful
per day at most), and the moderation log's stored monthly counts. Nothing counts complaints
or the log itself. Months are calendar months in Dutch time (`moderation.log.month_of`); a
year's figures sum its months, except the median, which is the median of the year's cases.
"""

from __future__ import annotations

import csv
import io
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from statistics import median

from sqlalchemy import func, select

from complaints.clock import utcnow
from complaints.dueprocess.models import (
    Appeal,
    AppealOutcome,
    Decision,
    Notice,
    NoticeReason,
    NoticeStatus,
    NotifierKind,
    Statement,
)
from complaints.extensions import db
from complaints.moderation.log import month_of
from complaints.moderation.models import (
    PRIVATE_ACTIONS,
    Flag,
    FlagStatus,
    ModAction,
    ModerationMonthlyCount,
)
from complaints.triage import waits

PUBLIC_ACTIONS = [action for action in ModAction if action not in PRIVATE_ACTIONS]

# The measures of the CSV, in its order: (measure, its keys) for counts by kind, and the
# single figures after them.
BY_KIND = (("notices_by_reason", [str(r) for r in NoticeReason]),
           ("notices_by_notifier", [str(k) for k in NotifierKind]),
           ("actions", [str(a) for a in PUBLIC_ACTIONS]))
SINGLE = ("notices", "notices_decided", "median_hours_to_decision", "appeals", "reversals",
          "bans", "automated_decisions", "redactions", "stories_decided",
          "median_minutes_to_publication_decision", "p90_minutes_to_publication_decision")


@dataclass
class Period:
    """The figures of one month ("2026-11") or one year ("2026")."""

    key: str
    notices_by_reason: Counter = field(default_factory=Counter)
    notices_by_notifier: Counter = field(default_factory=Counter)
    actions: Counter = field(default_factory=Counter)
    decision_hours: list[float] = field(default_factory=list)
    appeals: int = 0
    reversals: int = 0
    automated_decisions: int = 0
    redactions: int = 0
    # Stories decided (published or not) by how long they waited: `triage.waits` bins.
    waits: Counter = field(default_factory=Counter)

    @property
    def is_year(self) -> bool:
        return len(self.key) == 4

    @property
    def notices(self) -> int:
        return sum(self.notices_by_reason.values())

    @property
    def notices_decided(self) -> int:
        return len(self.decision_hours)

    @property
    def median_hours_to_decision(self) -> float | None:
        """Hours from a notice (its confirmation) to its decision, rounded to a tenth."""
        return round(median(self.decision_hours), 1) if self.decision_hours else None

    @property
    def bans(self) -> int:
        return self.actions[ModAction.BAN]

    @property
    def stories_decided(self) -> int:
        return sum(self.waits.values())

    @property
    def median_minutes_to_publication_decision(self) -> int | None:
        """From a story's submission to a moderator's decision to publish it or not (rounded
        as `waits.rounded` says)."""
        return waits.rounded(waits.percentile(self.waits, 0.5))

    @property
    def p90_minutes_to_publication_decision(self) -> int | None:
        return waits.rounded(waits.percentile(self.waits, 0.9))

    def add(self, other: Period) -> None:
        self.notices_by_reason.update(other.notices_by_reason)
        self.notices_by_notifier.update(other.notices_by_notifier)
        self.actions.update(other.actions)
        self.decision_hours.extend(other.decision_hours)
        self.appeals += other.appeals
        self.reversals += other.reversals
        self.automated_decisions += other.automated_decisions
        self.redactions += other.redactions
        self.waits.update(other.waits)


@dataclass
class Report:
    months: dict[str, Period]  # every month from the first with figures to this one
    years: dict[str, Period]

    def months_of(self, year: str) -> list[Period]:
        return [period for key, period in self.months.items() if key.startswith(year + "-")]

    def actions_shown(self, periods: list[Period]) -> list[ModAction]:
        """The kinds of action that happened in these periods (the others are all zero)."""
        return [a for a in PUBLIC_ACTIONS if any(p.actions[a] for p in periods)]


def _month_range(first: str, last: str) -> list[str]:
    year, month = map(int, first.split("-"))
    months = []
    while f"{year:04d}-{month:02d}" <= last:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def _hours(start: datetime, end: datetime) -> float:
    return (end - start).total_seconds() / 3600


def report(now: datetime | None = None) -> Report:
    """All figures, per month and per year, from the first month that has any to now."""
    months: dict[str, Period] = defaultdict(lambda: Period(""))

    # Notices count once they are confirmed (an unconfirmed one never reached the queue).
    received = func.coalesce(Notice.confirmed_at, Notice.created_at)
    for reason, kind, at, decided_at in db.session.execute(
            select(Notice.reason, Notice.notifier_kind, received, Notice.decided_at)
            .where(Notice.status != NoticeStatus.UNCONFIRMED)):
        period = months[month_of(at)]
        period.notices_by_reason[reason] += 1
        period.notices_by_notifier[kind] += 1
        if decided_at is not None:
            months[month_of(decided_at)].decision_hours.append(_hours(at, decided_at))

    for month, action, count in db.session.execute(
            select(ModerationMonthlyCount.month, ModerationMonthlyCount.action,
                   ModerationMonthlyCount.count)
            .where(ModerationMonthlyCount.action.in_([str(a) for a in PUBLIC_ACTIONS]))):
        months[month].actions[action] += count

    for created_at, decided_at, outcome in db.session.execute(
            select(Appeal.created_at, Appeal.decided_at, Appeal.outcome)):
        months[month_of(created_at)].appeals += 1
        if decided_at is not None and outcome == AppealOutcome.REVERSED:
            months[month_of(decided_at)].reversals += 1

    for created_at, decision, automated in db.session.execute(
            select(Statement.created_at, Statement.decision, Statement.automated)
            .where((Statement.automated.is_(True)) | (Statement.decision == Decision.REDACT))):
        period = months[month_of(created_at)]
        period.automated_decisions += bool(automated)
        period.redactions += decision == Decision.REDACT

    for month, counts in waits.histograms().items():
        months[month].waits.update(counts)

    current = month_of(now or utcnow())
    keys = _month_range(min([*months, current]), current)
    shown = {key: months.get(key) or Period(key) for key in keys}
    years: dict[str, Period] = {}
    for key, period in shown.items():
        period.key = key
        years.setdefault(key[:4], Period(key[:4])).add(period)
    return Report(months=shown, years=years)


def value(period: Period, measure: str, key: str = "") -> int | float | None:
    """One number of the report, as the CSV names it."""
    if key:
        return getattr(period, measure)[key]
    return getattr(period, measure)


def rows(found: Report):
    """The report as tidy rows (period, measure, key, value): the months, then the years."""
    for period in [*found.months.values(), *found.years.values()]:
        for measure, keys in BY_KIND:
            for key in keys:
                yield period.key, measure, key, value(period, measure, key)
        for measure in SINGLE:
            number = value(period, measure)
            yield period.key, measure, "", "" if number is None else number


def to_csv(found: Report) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(("period", "measure", "key", "value"))
    writer.writerows(rows(found))
    return out.getvalue()


# --- a company's reporting record -----------------------------------------------------------

@dataclass(frozen=True)
class CompanyReports:
    """What a company's representatives reported to the moderators, and how much of it was
    upheld: shown on the company page so that reporting critics away is visible."""

    notices: int
    notices_upheld: int
    flags: int
    flags_upheld: int

    @property
    def sent(self) -> int:
        return self.notices + self.flags

    @property
    def upheld(self) -> int:
        return self.notices_upheld + self.flags_upheld


def company_reports(company_id: int) -> CompanyReports:
    """Two indexed counts: confirmed notices and flags sent for the company."""
    notices = db.session.execute(
        select(func.count(), func.count().filter(Notice.status == NoticeStatus.ACTED))
        .where(Notice.sender_company_id == company_id,
               Notice.status != NoticeStatus.UNCONFIRMED)).one()
    flags = db.session.execute(
        select(func.count(), func.count().filter(Flag.status == FlagStatus.ACTIONED))
        .where(Flag.sender_company_id == company_id)).one()
    return CompanyReports(notices=notices[0], notices_upheld=notices[1],
                          flags=flags[0], flags_upheld=flags[1])
