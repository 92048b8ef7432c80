"""Company page figures read from the buckets: months for the chart, the spread over
categories. Each reads at most a year of one company's day rows."""

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
    months = last_twelve_months(today)
    rows = db.session.execute(
        select(FigureBucket.day, func.sum(FigureBucket.published),
               func.sum(FigureBucket.resolved))
        .where(FigureBucket.company_id == company_id, FigureBucket.day >= months[0])
        .group_by(FigureBucket.day))
    sums = {month: [0, 0] for month in months}
    for day, published, resolved in rows:
        key = date(day.year, day.month, 1)
        if key in sums:
            sums[key][0] += int(published or 0)
            sums[key][1] += int(resolved or 0)
    return [Month(month, *sums[month]) for month in months]


@dataclass(frozen=True)
class Share:
    category: Category
    published: int
    unresolved: int


def category_spread(company_id: int, window: str, today: date) -> list[Share]:
    days = WINDOWS[window]
    stmt = (select(FigureBucket.category_id, func.sum(FigureBucket.published),
                   func.sum(FigureBucket.unresolved))
            .where(FigureBucket.company_id == company_id).group_by(FigureBucket.category_id))
    if days is not None:
        stmt = stmt.where(FigureBucket.day >= today - timedelta(days=days - 1))
    categories = {c.id: c for c in db.session.scalars(select(Category))}
    shares = [Share(categories[category_id], int(published or 0), int(unresolved or 0))
              for category_id, published, unresolved in db.session.execute(stmt)
              if published]
    return sorted(shares, key=lambda share: (-share.published, share.category.position))


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
