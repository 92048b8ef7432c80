"""Stored figures: what each published complaint adds to its company's day, and per window.

`FigureBucket` and `ResponseBucket` hold sums per company, publication day (Dutch calendar)
and category or response-time bin; they change in the same transaction as the complaint.
`CompanyFigures` holds the figures per company and window, recomputed from the buckets when
a company's complaints change and for every company when a new day starts (`jobs run`).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, Date, Float, ForeignKey, Index, Integer, String, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from complaints.companies.models import Company
from complaints.extensions import db


class FigureBucket(db.Model):
    """Sums over a company's public complaints published on one day in one category."""

    __tablename__ = "figure_buckets"

    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("categories.id"), primary_key=True)
    published: Mapped[int] = mapped_column(Integer, default=0)
    unresolved: Mapped[int] = mapped_column(Integer, default=0)
    open: Mapped[int] = mapped_column(Integer, default=0)
    resolved: Mapped[int] = mapped_column(Integer, default=0)
    responded: Mapped[int] = mapped_column(Integer, default=0)
    rating_sum: Mapped[int] = mapped_column(Integer, default=0)
    rating_count: Mapped[int] = mapped_column(Integer, default=0)
    contacts_sum: Mapped[int] = mapped_column(Integer, default=0)
    supporters: Mapped[int] = mapped_column(Integer, default=0)
    promise_known: Mapped[int] = mapped_column(Integer, default=0)
    promise_kept: Mapped[int] = mapped_column(Integer, default=0)


class ResponseBucket(db.Model):
    """How many of a company's complaints published on a day got their first company reply
    within a time bin (for the median first response)."""

    __tablename__ = "response_buckets"

    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    bin: Mapped[int] = mapped_column(Integer, primary_key=True)
    count: Mapped[int] = mapped_column(Integer, default=0)


class CompanyFigures(db.Model):
    """The figures of SPEC's table for one company and one window ("30d", "12m", "all")."""

    __tablename__ = "company_figures"
    __table_args__ = (
        # The ranking's default order, and the site totals on the home page read from the
        # index alone.
        Index("ix_company_figures_window_unresolved_published", "window", "unresolved",
              "published", "resolved"),
        # The best webcare teams: read in order of the lower bound of their response rate.
        Index("ix_company_figures_window_response_rate_low", "window", "response_rate_low"),
        # The storm alert on the home page: the few companies in a storm, not all of them.
        Index("ix_company_figures_storm", "window", sqlite_where=text("storm = 1"),
              postgresql_where=text("storm")),
    )

    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"), primary_key=True)
    window: Mapped[str] = mapped_column(String(8), primary_key=True)
    computed_on: Mapped[date] = mapped_column(Date)
    published: Mapped[int] = mapped_column(Integer, default=0)
    unresolved: Mapped[int] = mapped_column(Integer, default=0)
    no_reply: Mapped[int] = mapped_column(Integer, default=0)
    eligible_for_response: Mapped[int] = mapped_column(Integer, default=0)
    responded: Mapped[int] = mapped_column(Integer, default=0)
    response_rate: Mapped[float | None] = mapped_column(Float)
    response_rate_low: Mapped[float | None] = mapped_column(Float)
    median_response_minutes: Mapped[int | None] = mapped_column(Integer)
    resolved: Mapped[int] = mapped_column(Integer, default=0)
    resolution_rate: Mapped[float | None] = mapped_column(Float)
    resolution_rate_low: Mapped[float | None] = mapped_column(Float)
    rating_count: Mapped[int] = mapped_column(Integer, default=0)
    satisfaction: Mapped[float | None] = mapped_column(Float)
    contacts_before: Mapped[float | None] = mapped_column(Float)
    promise_known: Mapped[int] = mapped_column(Integer, default=0)
    promise_kept: Mapped[int] = mapped_column(Integer, default=0)
    promise_rate: Mapped[float | None] = mapped_column(Float)
    promise_rate_low: Mapped[float | None] = mapped_column(Float)
    supporters: Mapped[int] = mapped_column(Integer, default=0)
    # Storm alert (kept on the all-time row): complaints in the last 7 days against the weekly
    # mean of the 8 weeks before.
    last_week: Mapped[int] = mapped_column(Integer, default=0)
    weekly_mean: Mapped[float] = mapped_column(Float, default=0.0)
    storm: Mapped[bool] = mapped_column(Boolean, default=False)

    company: Mapped[Company] = relationship()


class FiguresState(db.Model):
    """One row: the Dutch calendar day for which every company's figures were last
    recomputed (windows move at midnight)."""

    __tablename__ = "figures_state"

    id: Mapped[int] = mapped_column(primary_key=True)
    refreshed_on: Mapped[date | None] = mapped_column(Date)
