"""Company page figures read from the buckets: months for the chart, the spread over
categories. For one company (a page whose stored charts are not today's) or for many at once
(`figures.charts`, when the window figures are refreshed), grouped by company; each reads at
most a year of day rows per company, except the all-time spread."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, select

from complaints.cases.models import Category
from complaints.extensions import db
from complaints.figures.models import FigureBucket
from complaints.figures.services import WINDOWS


@dataclass(frozen=True)
class Month:
    first_day: date
    published: int
    resolved: int


def last_twelve_months(today: date) -> list[date]:
    months, year, month = [], today.year, today.month
    for _ in range(12):
        months.append(date(year, month, 1))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return list(reversed(months))


def monthly(company_id: int, today: date) -> list[Month]:
    """Complaints published per month over the last 12 months, and how many of those are
    resolved now."""
    return monthly_of([company_id], today).get(company_id) or months_of({}, today)


def monthly_of(company_ids: list[int] | None, today: date) -> dict[int, list[Month]]:
    """`monthly` of several companies (all when None) in one query, for the stored figures
    (`figures.charts`); a company without complaints in the months is left out."""
    first = last_twelve_months(today)[0]
    stmt = (select(FigureBucket.company_id, FigureBucket.day, func.sum(FigureBucket.published),
                   func.sum(FigureBucket.resolved))
            .where(FigureBucket.day >= first, FigureBucket.day <= today)
            .group_by(FigureBucket.company_id, FigureBucket.day))
    if company_ids is not None:
        stmt = stmt.where(FigureBucket.company_id.in_(company_ids))
    sums: dict[int, dict[date, list[int]]] = {}
    for company_id, day, published, resolved in db.session.execute(stmt):
        month = sums.setdefault(company_id, {}).setdefault(date(day.year, day.month, 1), [0, 0])
        month[0] += int(published or 0)
        month[1] += int(resolved or 0)
    return {company_id: months_of(by_month, today) for company_id, by_month in sums.items()}


def months_of(sums: dict[date, list[int]], today: date) -> list[Month]:
    """The twelve months up to `today`'s, with the sums of those that have any."""
    return [Month(month, *sums.get(month, (0, 0))) for month in last_twelve_months(today)]


@dataclass(frozen=True)
class Share:
    category: Category
    published: int
    unresolved: int


def spread_of(company_ids: list[int] | None, window: str, today: date
              ) -> dict[int, list[tuple[int, int, int]]]:
    """Per company (all when None), the categories of its complaints published in `window`:
    (category id, published, unresolved), in one query."""
    days = WINDOWS[window]
    stmt = (select(FigureBucket.company_id, FigureBucket.category_id,
                   func.sum(FigureBucket.published), func.sum(FigureBucket.unresolved))
            .group_by(FigureBucket.company_id, FigureBucket.category_id))
    if days is not None:
        stmt = stmt.where(FigureBucket.day >= today - timedelta(days=days - 1))
    if company_ids is not None:
        stmt = stmt.where(FigureBucket.company_id.in_(company_ids))
    found: dict[int, list[tuple[int, int, int]]] = {}
    for company_id, category_id, published, unresolved in db.session.execute(stmt):
        if published:
            found.setdefault(company_id, []).append(
                (category_id, int(published), int(unresolved or 0)))
    return {company_id: sorted(rows) for company_id, rows in found.items()}


def shares(rows: list[tuple[int, int, int]], categories: dict[int, Category]) -> list[Share]:
    """The spread as the page shows it: most complaints first, then the categories' order."""
    found = [Share(categories[category_id], published, unresolved)
             for category_id, published, unresolved in rows]
    return sorted(found, key=lambda share: (-share.published, share.category.position))


@dataclass(frozen=True)
class Bar:
    x: float
    width: float
    height: float
    y: float
    value: int


@dataclass(frozen=True)
class Chart:
    """Geometry of the monthly bar chart (drawn as SVG by the template, no script)."""

    width: int
    height: int
    baseline: float
    maximum: int
    months: list[Month]
    published: list[Bar]
    resolved: list[Bar]
    slot: float


def chart(months: list[Month], width: int = 640, height: int = 200) -> Chart:
    top, bottom = 16, 28
    maximum = max([m.published for m in months] + [1])
    slot = width / len(months)
    bar = slot * 0.34
    usable = height - top - bottom

    def bars(values: list[int], offset: float) -> list[Bar]:
        result = []
        for index, value in enumerate(values):
            h = usable * value / maximum
            result.append(Bar(round(index * slot + offset, 1), round(bar, 1), round(h, 1),
                              round(top + usable - h, 1), value))
        return result

    return Chart(width, height, top + usable, maximum, months,
                 bars([m.published for m in months], slot * 0.14),
                 bars([m.resolved for m in months], slot * 0.14 + bar + 2), slot)
