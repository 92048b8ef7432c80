"""Keeping the figures right: what a complaint contributes, the per-window figures computed
from the buckets, the daily refresh, and the rebuild from scratch.

Rules of the figures (also on the page "how to read these figures"):
- A complaint counts when it is public now (open, answered or resolved), on the Dutch calendar
  day it was published. Windows are calendar days: "30 days" is today and the 29 days before,
  "12 months" today and the 364 days before; a complaint leaves a window at midnight.
- No reply: open complaints published at least 7 days ago. Response rate: of the complaints
  published at least 2 days ago, the share with a company reply. Median first response: from
  time bins (exact to within a bin). Promise kept: of the complaints that got a first reply
  while the company had a promise, the share answered within it.
- Answered on time (a part of the score): of the complaints that are due (answered, or still
  without a reply after the day of their deadline, `cases.deadlines`), the share whose first
  reply came by the deadline. A complaint the consumer resolved before any reply is not due.
- The score (`figures.score`) is computed per window from the parts stored here, shrunk
  toward the site-wide shares of the day (`ScorePriors`, set at the daily refresh).

Every change to a complaint that moves a figure goes through `record_change` (called by
`cases.services.apply_transition` and the few services that change counted fields), in the
transaction of the change. At commit, the per-window figures of each touched company are
recomputed from its buckets, which costs the same however many complaints exist.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, fields
from datetime import date, timedelta

from sqlalchemy import case, delete, event, func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import undefer_group

from complaints.cases.workflow import PUBLIC_STATUSES, Status
from complaints.clock import dutch_day, today
from complaints.extensions import db
from complaints.figures import score as scoring
from complaints.figures.models import (
    CompanyFigures,
    DeadlineBucket,
    FigureBucket,
    FiguresState,
    ResolutionBucket,
    ResponseBucket,
    ScorePriors,
)

WINDOWS = {"30d": 30, "12m": 365, "all": None}
NO_REPLY_AFTER_DAYS = 7
RESPONSE_ELIGIBLE_AFTER_DAYS = 2
RATE_MINIMUM = 5  # rate sorts leave out companies with fewer complaints in the window
STORM_FACTOR, STORM_MINIMUM = 3, 10
# Upper edges (minutes) of the response-time bins; the last bin is open-ended.
RESPONSE_BIN_EDGES = [15, 30, 60, 120, 180, 240, 360, 480, 720, 960, 1440, 2160, 2880, 4320,
                      5760, 7200, 10080, 14400, 20160, 30240, 43200, 86400]
# Whole days from publication to resolution are kept up to this; longer counts as one more.
RESOLUTION_DAYS_MAX = 90


def response_bin(minutes: float) -> int:
    return bisect_right(RESPONSE_BIN_EDGES, minutes)


def resolution_days(published_at, resolved_at) -> int:
    """Whole days (24 hours) from publication to resolution, 0 to 90, and 91 for longer."""
    days = int((resolved_at - published_at).total_seconds() // 86400)
    return min(max(days, 0), RESOLUTION_DAYS_MAX + 1)


def bin_bounds(index: int) -> tuple[float, float | None]:
    low = RESPONSE_BIN_EDGES[index - 1] if index > 0 else 0
    high = RESPONSE_BIN_EDGES[index] if index < len(RESPONSE_BIN_EDGES) else None
    return low, high


# --- what one complaint adds ----------------------------------------------------------------

@dataclass(frozen=True)
class Contribution:
    """What one public complaint adds to its company's bucket for its publication day."""

    company_id: int
    day: date
    category_id: int
    response_bin: int | None
    due_on: date | None = None  # waiting for a first reply: the Dutch day of its deadline
    resolved_days: int | None = None  # resolved: whole days from publication (91: longer)
    published: int = 1
    unresolved: int = 0
    open: int = 0
    resolved: int = 0
    responded: int = 0
    rating_sum: int = 0
    rating_count: int = 0
    contacts_sum: int = 0
    supporters: int = 0
    promise_known: int = 0
    promise_kept: int = 0
    on_time: int = 0
    again_count: int = 0
    again_yes: int = 0


SUMS = [f.name for f in fields(Contribution)
        if f.name not in ("company_id", "day", "category_id", "response_bin", "due_on",
                          "resolved_days")]


def contribution(complaint) -> Contribution | None:
    """The complaint's part of the figures now; None when it is not public."""
    if complaint.status not in PUBLIC_STATUSES or complaint.published_at is None:
        return None
    day = complaint.published_on or dutch_day(complaint.published_at)
    responded = complaint.first_response_at is not None
    minutes = ((complaint.first_response_at - complaint.published_at).total_seconds() / 60
               if responded else None)
    waiting = complaint.status == Status.OPEN and complaint.answer_due_at is not None
    again = complaint.would_do_business_again
    resolved = complaint.status == Status.RESOLVED and complaint.resolved_at is not None
    return Contribution(
        company_id=complaint.company_id, day=day, category_id=complaint.category_id,
        response_bin=response_bin(max(minutes, 0)) if minutes is not None else None,
        due_on=dutch_day(complaint.answer_due_at) if waiting else None,
        resolved_days=(resolution_days(complaint.published_at, complaint.resolved_at)
                       if resolved else None),
        unresolved=int(complaint.status in (Status.OPEN, Status.ANSWERED)),
        open=int(complaint.status == Status.OPEN),
        resolved=int(complaint.status == Status.RESOLVED),
        responded=int(responded),
        rating_sum=complaint.rating or 0, rating_count=int(complaint.rating is not None),
        contacts_sum=complaint.contacts_before or 0,
        supporters=complaint.supporters_count or 0,
        promise_known=int(complaint.promise_kept is not None),
        promise_kept=int(bool(complaint.promise_kept)),
        on_time=int(bool(complaint.answered_on_time)),
        again_count=int(again is not None), again_yes=int(bool(again)),
    )


def record_change(before: Contribution | None, after: Contribution | None) -> None:
    """Move the buckets from what a complaint contributed to what it contributes now, in the
    caller's transaction; its company's window figures are recomputed at commit."""
    if before == after:
        return
    if before is not None:
        _add(before, -1)
    if after is not None:
        _add(after, +1)
    touched = db.session.info.setdefault("figures_touched", set())
    touched.update(c.company_id for c in (before, after) if c is not None)


def _insert():
    dialect = db.session.get_bind().dialect.name
    return postgresql.insert if dialect == "postgresql" else sqlite.insert


def _add(part: Contribution, sign: int) -> None:
    insert = _insert()
    values = {name: sign * getattr(part, name) for name in SUMS}
    stmt = insert(FigureBucket).values(company_id=part.company_id, day=part.day,
                                       category_id=part.category_id, **values)
    stmt = stmt.on_conflict_do_update(
        index_elements=["company_id", "day", "category_id"],
        set_={name: getattr(FigureBucket, name) + stmt.excluded[name] for name in SUMS})
    db.session.execute(stmt)
    if part.response_bin is not None:
        _add_count(ResponseBucket, sign, company_id=part.company_id, day=part.day,
                   bin=part.response_bin)
    if part.due_on is not None:
        _add_count(DeadlineBucket, sign, company_id=part.company_id, day=part.day,
                   due_on=part.due_on)
    if part.resolved_days is not None:
        _add_count(ResolutionBucket, sign, company_id=part.company_id, day=part.day,
                   days=part.resolved_days)


def _add_count(model, sign: int, **key) -> None:
    """Move the `count` of the bucket row with this key (all its primary key) by `sign`."""
    stmt = _insert()(model).values(**key, count=sign)
    stmt = stmt.on_conflict_do_update(index_elements=list(key),
                                      set_={"count": model.count + stmt.excluded.count})
    db.session.execute(stmt)


def move_company(source_id: int, target_id: int) -> None:
    """A merge moved every complaint of `source_id` to `target_id`: move their buckets."""
    insert = _insert()
    for model, key, columns in ((FigureBucket, ["company_id", "day", "category_id"], SUMS),
                                (ResponseBucket, ["company_id", "day", "bin"], ["count"]),
                                (DeadlineBucket, ["company_id", "day", "due_on"], ["count"]),
                                (ResolutionBucket, ["company_id", "day", "days"], ["count"])):
        rows = db.session.execute(select(model).where(model.company_id == source_id)).scalars()
        for row in list(rows):
            values = {name: getattr(row, name) for name in key + columns}
            values["company_id"] = target_id
            stmt = insert(model).values(**values)
            stmt = stmt.on_conflict_do_update(
                index_elements=key,
                set_={name: getattr(model, name) + stmt.excluded[name] for name in columns})
            db.session.execute(stmt)
        db.session.execute(delete(model).where(model.company_id == source_id))
    db.session.info.setdefault("figures_touched", set()).update({source_id, target_id})


def add_supporters(complaint, delta: int) -> None:
    """"Ik ook" changed the supporters count by `delta` (a plain UPDATE elsewhere)."""
    if complaint.status not in PUBLIC_STATUSES or complaint.published_at is None:
        return
    stmt = _insert()(FigureBucket).values(
        company_id=complaint.company_id, category_id=complaint.category_id,
        day=complaint.published_on or dutch_day(complaint.published_at),
        **{name: 0 for name in SUMS if name != "supporters"}, supporters=delta)
    stmt = stmt.on_conflict_do_update(
        index_elements=["company_id", "day", "category_id"],
        set_={"supporters": FigureBucket.supporters + stmt.excluded.supporters})
    db.session.execute(stmt)
    db.session.info.setdefault("figures_touched", set()).add(complaint.company_id)


@contextmanager
def refresh_once():
    """Many small transactions in a row (a page of stories published one by one, each its
    own commit) recompute the window figures of the companies they touch once, at the end,
    in one more transaction. Each commit still moves its day buckets and stored counts; only
    the windows lag, for the length of the batch."""
    deferred: set[int] = set()
    db.session.info["figures_deferred"] = deferred
    try:
        yield
    finally:
        db.session.info.pop("figures_deferred", None)
        if deferred:
            refresh_companies(sorted(deferred))
            db.session.commit()


_installed = False


def install() -> None:
    """Recompute the window figures of the companies a transaction touched, just before it
    commits (so they are part of it). Installed once per process, on the shared session."""
    global _installed
    if _installed:
        return
    _installed = True

    @event.listens_for(db.session, "before_commit")
    def _refresh_touched(session) -> None:
        touched = session.info.pop("figures_touched", None)
        if touched and "figures_deferred" in session.info:
            session.info["figures_deferred"].update(touched)
        elif touched:
            refresh_companies(sorted(touched))

    @event.listens_for(db.session, "after_rollback")
    def _forget_touched(session) -> None:
        session.info.pop("figures_touched", None)


# --- from buckets to figures ----------------------------------------------------------------

def wilson_lower_bound(successes: int, total: int, z: float = 1.96) -> float | None:
    """The lower bound of the 95% Wilson interval: a rate that one lucky answer cannot top."""
    if total <= 0:
        return None
    p = successes / total
    denominator = 1 + z * z / total
    centre = p + z * z / (2 * total)
    margin = z * math.sqrt(p * (1 - p) / total + z * z / (4 * total * total))
    return max(0.0, (centre - margin) / denominator)


def median_minutes(histogram: dict[int, int]) -> int | None:
    """The median response time from bin counts, interpolated within its bin."""
    total = sum(histogram.values())
    if total <= 0:
        return None
    half, seen = total / 2, 0
    for index in sorted(histogram):
        count = histogram[index]
        if seen + count >= half:
            low, high = bin_bounds(index)
            if high is None:
                return int(low)
            share = (half - seen) / count if count else 0
            return round(low + share * (high - low))
        seen += count
    return None


def _rate(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _window_start(window: str, day: date) -> date | None:
    days = WINDOWS[window]
    return None if days is None else day - timedelta(days=days - 1)


def compute(company_ids: list[int] | None, day: date) -> dict[tuple[int, str], dict]:
    """The figures per (company, window) from the buckets, for `day` as today. With
    `company_ids` None, for every company that has buckets."""
    no_reply_until = day - timedelta(days=NO_REPLY_AFTER_DAYS)
    eligible_until = day - timedelta(days=RESPONSE_ELIGIBLE_AFTER_DAYS)
    results: dict[tuple[int, str], dict] = {}
    for window in WINDOWS:
        start = _window_start(window, day)
        sums = [func.coalesce(func.sum(getattr(FigureBucket, name)), 0) for name in SUMS]
        stmt = select(
            FigureBucket.company_id, *sums,
            func.coalesce(func.sum(case((FigureBucket.day <= no_reply_until, FigureBucket.open),
                                        else_=0)), 0),
            func.coalesce(func.sum(case((FigureBucket.day <= eligible_until,
                                         FigureBucket.published), else_=0)), 0),
            func.coalesce(func.sum(case((FigureBucket.day <= eligible_until,
                                         FigureBucket.responded), else_=0)), 0),
        ).group_by(FigureBucket.company_id)
        histogram_stmt = select(ResponseBucket.company_id, ResponseBucket.bin,
                                func.sum(ResponseBucket.count)).group_by(
            ResponseBucket.company_id, ResponseBucket.bin)
        # Still waiting for a first reply after the day of their deadline: due, not on time.
        overdue_stmt = select(DeadlineBucket.company_id, func.sum(DeadlineBucket.count)).where(
            DeadlineBucket.due_on < day).group_by(DeadlineBucket.company_id)
        if start is not None:
            stmt = stmt.where(FigureBucket.day >= start)
            histogram_stmt = histogram_stmt.where(ResponseBucket.day >= start)
            overdue_stmt = overdue_stmt.where(DeadlineBucket.day >= start)
        if company_ids is not None:
            stmt = stmt.where(FigureBucket.company_id.in_(company_ids))
            histogram_stmt = histogram_stmt.where(ResponseBucket.company_id.in_(company_ids))
            overdue_stmt = overdue_stmt.where(DeadlineBucket.company_id.in_(company_ids))
        histograms: dict[int, dict[int, int]] = defaultdict(dict)
        for company_id, index, count in db.session.execute(histogram_stmt):
            if count:
                histograms[company_id][index] = int(count)
        overdue = {company_id: int(count or 0)
                   for company_id, count in db.session.execute(overdue_stmt)}
        for row in db.session.execute(stmt):
            company_id, *values = row
            totals = dict(zip(SUMS, (int(v) for v in values[:len(SUMS)]), strict=True))
            no_reply, eligible, responded = (int(v) for v in values[len(SUMS):])
            results[(company_id, window)] = _figures(totals, no_reply, eligible, responded,
                                                     histograms.get(company_id, {}),
                                                     overdue.get(company_id, 0))
    return results


def _figures(totals: dict[str, int], no_reply: int, eligible: int, responded: int,
             histogram: dict[int, int], overdue: int) -> dict:
    published = totals["published"]
    return {
        "published": published, "unresolved": totals["unresolved"], "no_reply": no_reply,
        "eligible_for_response": eligible, "responded": responded,
        "response_rate": _rate(responded, eligible),
        "response_rate_low": wilson_lower_bound(responded, eligible),
        "median_response_minutes": median_minutes(histogram),
        "resolved": totals["resolved"],
        "resolution_rate": _rate(totals["resolved"], published),
        "resolution_rate_low": wilson_lower_bound(totals["resolved"], published),
        "rating_count": totals["rating_count"],
        "satisfaction": _rate(totals["rating_sum"], totals["rating_count"]),
        "contacts_before": _rate(totals["contacts_sum"], published),
        "promise_known": totals["promise_known"], "promise_kept": totals["promise_kept"],
        "promise_rate": _rate(totals["promise_kept"], totals["promise_known"]),
        "promise_rate_low": wilson_lower_bound(totals["promise_kept"], totals["promise_known"]),
        "supporters": totals["supporters"],
        "due": totals["responded"] + overdue, "on_time": totals["on_time"],
        "rating_sum": totals["rating_sum"],
        "again_count": totals["again_count"], "again_yes": totals["again_yes"],
    }


def compute_storms(company_ids: list[int] | None, day: date) -> dict[int, tuple[int, float]]:
    """Per company: complaints published in the last 7 days, and the weekly mean of the 8
    weeks before."""
    week_start = day - timedelta(days=6)
    before_start = week_start - timedelta(days=56)
    stmt = select(
        FigureBucket.company_id,
        func.sum(case((FigureBucket.day >= week_start, FigureBucket.published), else_=0)),
        func.sum(case((FigureBucket.day < week_start, FigureBucket.published), else_=0)),
    ).where(FigureBucket.day >= before_start, FigureBucket.day <= day).group_by(
        FigureBucket.company_id)
    if company_ids is not None:
        stmt = stmt.where(FigureBucket.company_id.in_(company_ids))
    return {company_id: (int(last or 0), int(before or 0) / 8)
            for company_id, last, before in db.session.execute(stmt)}


def is_storm(last_week: int, weekly_mean: float) -> bool:
    return last_week >= STORM_MINIMUM and last_week >= STORM_FACTOR * weekly_mean


# The charts of a row whose company has no complaints in them (`figures.charts`).
NO_CHARTS = {"categories": [], "months": None, "resolution": None}


def refresh_companies(company_ids: list[int] | None, day: date | None = None) -> int:
    """Write the window figures of these companies (all when None) for `day` (today)."""
    from complaints.figures import charts

    day = day or today()
    results = compute(company_ids, day)
    storms = compute_storms(company_ids, day)
    company_charts = charts.compute(company_ids, day)
    priors = {window: _priors(window, results, company_ids, day) for window in WINDOWS}
    if company_ids is None:
        db.session.execute(delete(CompanyFigures))
        ids = {company_id for company_id, _ in results}
    else:
        db.session.execute(delete(CompanyFigures).where(
            CompanyFigures.company_id.in_(company_ids)))
        ids = set(company_ids)
    rows = []
    for company_id in ids:
        for window in WINDOWS:
            values = results.get((company_id, window))
            if values is None:
                continue
            # Every row names the same columns (an executemany insert takes its columns from
            # the first row); the storm alert lives on the all-time row.
            last_week, mean = storms.get(company_id, (0, 0.0)) if window == "all" else (0, 0.0)
            prior = priors[window]
            rows.append({"company_id": company_id, "window": window, "computed_on": day,
                         **values, "last_week": last_week, "weekly_mean": mean,
                         "storm": is_storm(last_week, mean),
                         **{f"prior_{name}": prior[name] for name in scoring.PARTS},
                         "score": scoring.score(scoring.parts_of(values), prior,
                                                values["published"]),
                         **company_charts.get((company_id, window), NO_CHARTS)})
    if rows:
        db.session.execute(CompanyFigures.__table__.insert(), rows)
    return len(rows)


def _priors(window: str, results: dict[tuple[int, str], dict], company_ids: list[int] | None,
            day: date) -> dict[str, float]:
    """The site-wide shares the scores of `window` are shrunk toward.

    The refresh of every company (daily, and the rebuild) computes them from its results and
    stores them for the day; a refresh of a few companies uses the stored ones, so every
    score of a day shares its priors. Without stored priors (a database whose figures were
    never refreshed in full), they are computed from the other companies' stored figures and
    these companies' new ones, and not stored.
    """
    fresh = [scoring.parts_of(values) for (_, w), values in results.items() if w == window]
    if company_ids is None:
        priors = scoring.priors_of(fresh)
        row = db.session.get(ScorePriors, window)
        if row is None:
            row = ScorePriors(window=window)
            db.session.add(row)
        row.computed_on = day
        for name, value in priors.items():
            setattr(row, name, value)
        return priors
    row = db.session.get(ScorePriors, window)
    if row is not None:
        return {name: getattr(row, name) for name in scoring.PARTS}
    names = ("published", "resolved", "due", "on_time", "rating_sum", "rating_count",
             "again_count", "again_yes")
    sums = db.session.execute(select(*[func.coalesce(func.sum(getattr(CompanyFigures, n)), 0)
                                       for n in names]).where(
        CompanyFigures.window == window, CompanyFigures.company_id.not_in(company_ids))).one()
    others = scoring.parts_of(dict(zip(names, (int(v) for v in sums), strict=True)))
    return scoring.priors_of([others, *fresh])


def refresh_if_new_day(day: date | None = None) -> bool:
    """At the first run after midnight, every company's windows move: recompute them all."""
    day = day or today()
    state = db.session.get(FiguresState, 1)
    if state is None:  # never computed here (a new or just upgraded database): from scratch
        rebuild(day)
        return True
    if state.refreshed_on == day:
        return False
    refresh_companies(None, day)
    state.refreshed_on = day
    db.session.commit()
    return True


# --- from scratch ---------------------------------------------------------------------------

@dataclass
class RebuildReport:
    complaints: int
    buckets_fixed: int
    responses_fixed: int
    deadlines_fixed: int
    companies_fixed: int
    resolutions_fixed: int = 0
    inbox_counters_fixed: int = 0


def rebuild(day: date | None = None) -> RebuildReport:
    """Recompute every bucket from the complaints, correct what differs (and say how much),
    also the stored counts on companies and their webcare inbox's counters, then all window
    figures."""
    from complaints.cases.models import Complaint
    from complaints.companies.models import Company

    expected: dict[tuple, dict[str, int]] = defaultdict(lambda: dict.fromkeys(SUMS, 0))
    expected_responses: dict[tuple, int] = defaultdict(int)
    expected_deadlines: dict[tuple, int] = defaultdict(int)
    expected_resolutions: dict[tuple, int] = defaultdict(int)
    counts: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    seen = 0
    columns = (Complaint.company_id, Complaint.category_id, Complaint.status,
               Complaint.published_at, Complaint.published_on, Complaint.first_response_at,
               Complaint.rating, Complaint.contacts_before, Complaint.supporters_count,
               Complaint.promise_kept, Complaint.answer_due_at, Complaint.answered_on_time,
               Complaint.would_do_business_again, Complaint.resolved_at)
    stmt = select(*columns).where(Complaint.status.in_(PUBLIC_STATUSES)).execution_options(
        yield_per=10000)
    for complaint in db.session.execute(stmt):
        seen += 1
        part = contribution(complaint)
        if part is None:
            continue
        bucket = expected[(part.company_id, part.day, part.category_id)]
        for name in SUMS:
            bucket[name] += getattr(part, name)
        if part.response_bin is not None:
            expected_responses[(part.company_id, part.day, part.response_bin)] += 1
        if part.due_on is not None:
            expected_deadlines[(part.company_id, part.day, part.due_on)] += 1
        if part.resolved_days is not None:
            expected_resolutions[(part.company_id, part.day, part.resolved_days)] += 1
        counts[part.company_id][0] += 1
        counts[part.company_id][1] += part.unresolved
    fixed = _replace(FigureBucket, ["company_id", "day", "category_id"], expected,
                     lambda row: {name: getattr(row, name) for name in SUMS})
    fixed_responses = _replace(ResponseBucket, ["company_id", "day", "bin"],
                               {k: {"count": v} for k, v in expected_responses.items()},
                               lambda row: {"count": row.count})
    fixed_deadlines = _replace(DeadlineBucket, ["company_id", "day", "due_on"],
                               {k: {"count": v} for k, v in expected_deadlines.items()},
                               lambda row: {"count": row.count})
    fixed_resolutions = _replace(ResolutionBucket, ["company_id", "day", "days"],
                                 {k: {"count": v} for k, v in expected_resolutions.items()},
                                 lambda row: {"count": row.count})
    companies_fixed = 0
    stored = db.session.execute(select(Company.id, Company.published_count,
                                       Company.unresolved_count)).all()
    for company_id, published_count, unresolved_count in stored:
        published, unresolved = counts.get(company_id, [0, 0])
        if (published_count, unresolved_count) != (published, unresolved):
            companies_fixed += 1
            db.session.execute(update(Company).where(Company.id == company_id).values(
                published_count=published, unresolved_count=unresolved),
                execution_options={"synchronize_session": False})
    if companies_fixed:
        db.session.expire_all()
    from complaints.webcare.counters import recount

    inbox_fixed = recount()
    refresh_companies(None, day or today())
    state = db.session.get(FiguresState, 1)
    if state is None:
        db.session.add(FiguresState(id=1, refreshed_on=day or today()))
    else:
        state.refreshed_on = day or today()
    db.session.commit()
    return RebuildReport(seen, fixed, fixed_responses, fixed_deadlines, companies_fixed,
                         fixed_resolutions, inbox_fixed)


def _replace(model, key_names: list[str], expected: dict[tuple, dict[str, int]],
             values_of) -> int:
    """Make the table equal `expected` (all-zero rows count as absent); return how many rows
    were wrong or missing or extra."""
    actual = {}
    for row in db.session.execute(select(model.__table__)):
        values = values_of(row)
        if any(values.values()):
            actual[tuple(getattr(row, k) for k in key_names)] = values
    wanted = {k: v for k, v in expected.items() if any(v.values())}
    differences = sum(1 for k in wanted.keys() | actual.keys() if wanted.get(k) != actual.get(k))
    if differences:
        db.session.execute(delete(model))
        rows = [dict(zip(key_names, key, strict=True), **values) for key, values in wanted.items()]
        for start in range(0, len(rows), 5000):
            db.session.execute(model.__table__.insert(), rows[start:start + 5000])
        db.session.expire_all()
    return differences


def figures_for(company_id: int, *, charts: bool = False) -> dict[str, CompanyFigures]:
    """The company's rows per window; with `charts`, their stored charts loaded too."""
    stmt = select(CompanyFigures).where(CompanyFigures.company_id == company_id)
    if charts:
        stmt = stmt.options(undefer_group("charts"))
    return {row.window: row for row in db.session.scalars(stmt)}
