"""The company page's charts kept with the window figures: the complaints per month, the
spread over categories and the resolution times.

Computed from the buckets whenever the window figures are (`services.refresh_companies`: at the
commit that changed a company's complaints, and for every company when a new day starts), for
many companies in a few grouped queries, and stored on `CompanyFigures`. A company's page then
reads them with its figures instead of summing up to a year of its day buckets on every
request (about 33,000 resolution rows for the largest company at a million complaints). A row
computed on another day than today (before the day's refresh) or before the charts were stored
is not used: the page computes them from the buckets, as before.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from complaints.cases.queries import categories as all_categories
from complaints.figures import queries, resolution
from complaints.figures.models import CompanyFigures
from complaints.figures.services import WINDOWS
from complaints.figures.verdict import SCORE_WINDOW


def compute(company_ids: list[int] | None, day: date) -> dict[tuple[int, str], dict]:
    """The chart columns of each (company, window) row, for the companies (all when None) as
    of `day`. A company missing from a part has nothing there: an empty list or no counts."""
    spreads = {window: queries.spread_of(company_ids, window, day) for window in WINDOWS}
    months = queries.monthly_of(company_ids, day)
    counts = resolution.counts_of(company_ids, day)
    ids = set(company_ids) if company_ids is not None else {
        company_id for by_company in (*spreads.values(), months, counts)
        for company_id in by_company}
    found = {}
    for company_id in ids:
        for window in WINDOWS:
            values = {"categories": [list(row) for row in spreads[window].get(company_id, [])],
                      "months": None, "resolution": None}
            if window == SCORE_WINDOW:
                values["months"] = [[m.first_day.isoformat(), m.published, m.resolved]
                                    for m in months.get(company_id) or
                                    queries.months_of({}, day)]
                events, censored = counts.get(company_id, ({}, {}))
                values["resolution"] = {"events": events, "censored": censored}
            found[(company_id, window)] = values
    return found


@dataclass(frozen=True)
class CompanyCharts:
    chart: queries.Chart
    spread: list[queries.Share]
    resolution: resolution.ResolutionTimes


def for_page(company_id: int, window: str, rows: dict[str, CompanyFigures],
             day: date) -> CompanyCharts:
    """The charts of a company's page for `window`, from its figures' rows (`figures_for(…,
    charts=True)`) when they are today's, else from the buckets."""
    categories = {c.id: c for c in all_categories()}
    shown, headline = rows.get(window), rows.get(SCORE_WINDOW)
    if _stored(shown, day) and _stored(headline, day):
        months = [queries.Month(date.fromisoformat(first), published, resolved)
                  for first, published, resolved in headline.months]
        return CompanyCharts(
            queries.chart(months),
            queries.shares([tuple(row) for row in shown.categories], categories),
            resolution.estimate(_by_day(headline.resolution["events"]),
                                _by_day(headline.resolution["censored"])))
    return CompanyCharts(
        queries.chart(queries.monthly(company_id, day)),
        queries.shares(queries.spread_of([company_id], window, day).get(company_id, []),
                       categories),
        resolution.resolution_times(company_id, day))


def _stored(row: CompanyFigures | None, day: date) -> bool:
    return (row is not None and row.computed_on == day and row.categories is not None
            and (row.window != SCORE_WINDOW or (row.months is not None
                                                and row.resolution is not None)))


def _by_day(counts: dict[str, int]) -> dict[int, int]:
    """JSON keeps a mapping's keys as text."""
    return {int(days): count for days, count in counts.items()}
