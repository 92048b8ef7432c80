"""Stored figures: what each published complaint adds to its company's day, and per window.

`FigureBucket`, `ResponseBucket` and `DeadlineBucket` hold sums per company, publication day
(Dutch calendar) and category, response-time bin or answer deadline; they change in the same
transaction as the complaint. `CompanyFigures` holds the figures per company and window,
with the Helpdeskhel score, recomputed from the buckets when a company's complaints change and
for every company when a new day starts (`jobs run`). `ScorePriors` holds the site-wide share
of each part of the score that day, which every company's score is shrunk toward.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import JSON, Boolean, Date, Float, ForeignKey, Index, Integer, String, text
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
    on_time: Mapped[int] = mapped_column(Integer, default=0)
    again_count: Mapped[int] = mapped_column(Integer, default=0)
    again_yes: Mapped[int] = mapped_column(Integer, default=0)


class DeadlineBucket(db.Model):
    """How many of a company's complaints published on a day still wait for a first company
    reply, by the Dutch day their answer deadline falls on: once that day is over, they count
    as not answered on time."""

    __tablename__ = "deadline_buckets"

    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    due_on: Mapped[date] = mapped_column(Date, primary_key=True)
    count: Mapped[int] = mapped_column(Integer, default=0)


class ResponseBucket(db.Model):
    """How many of a company's complaints published on a day got their first company reply
    within a time bin (for the median first response)."""

    __tablename__ = "response_buckets"

    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    bin: Mapped[int] = mapped_column(Integer, primary_key=True)
    count: Mapped[int] = mapped_column(Integer, default=0)


class ResolutionBucket(db.Model):
    """Resolved public complaints per company and day of publication, by the number of whole
    days from publication to resolution (91 stands for "more than 90"): with the unresolved
    counts of FigureBucket (the complaints still open, censored at their age) this is all the
    Kaplan–Meier estimate of "resolved within 7, 30, 90 days" needs."""

    __tablename__ = "resolution_buckets"

    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    days: Mapped[int] = mapped_column(Integer, primary_key=True)
    count: Mapped[int] = mapped_column(Integer, default=0)


class CompanyFigures(db.Model):
    """The figures of SPEC's table for one company and one window ("30d", "12m", "all")."""

    __tablename__ = "company_figures"
    __table_args__ = (
        # The ranking's default order, and the site totals on the home page read from the
        # index alone.
        Index("ix_company_figures_window_unresolved_published", "window", "unresolved",
              "published", "resolved"),
        # The rate sorts of the ranking read in order of the lower bound of the rate.
        Index("ix_company_figures_window_response_rate_low", "window", "response_rate_low"),
        # The best webcare teams: read in order of the score.
        Index("ix_company_figures_window_score", "window", "score"),
        # The worst places by "no reply after 7 days", which best webcare leaves out.
        Index("ix_company_figures_window_no_reply", "window", "no_reply", "unresolved"),
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
    # The parts of the score (score.parts_of): answered on time out of due (answered, or
    # unanswered past the deadline), the ratings' sum, and "would do business again".
    due: Mapped[int] = mapped_column(Integer, default=0)
    on_time: Mapped[int] = mapped_column(Integer, default=0)
    rating_sum: Mapped[int] = mapped_column(Integer, default=0)
    again_count: Mapped[int] = mapped_column(Integer, default=0)
    again_yes: Mapped[int] = mapped_column(Integer, default=0)
    # The site-wide shares the parts were shrunk toward (ScorePriors when this row was
    # computed), kept on the row so that its score can always be recomputed from it.
    prior_on_time: Mapped[float | None] = mapped_column(Float)
    prior_resolved: Mapped[float | None] = mapped_column(Float)
    prior_satisfaction: Mapped[float | None] = mapped_column(Float)
    prior_again: Mapped[float | None] = mapped_column(Float)
    # The Helpdeskhel score (unrounded), None below score.MINIMUM published complaints.
    score: Mapped[float | None] = mapped_column(Float)
    # Storm alert (kept on the all-time row): complaints in the last 7 days against the weekly
    # mean of the 8 weeks before.
    last_week: Mapped[int] = mapped_column(Integer, default=0)
    weekly_mean: Mapped[float] = mapped_column(Float, default=0.0)
    storm: Mapped[bool] = mapped_column(Boolean, default=False)
    # The company page's charts, computed with the row (`figures.charts`), so the page reads
    # no buckets: the categories of the window's complaints, [[category id, published,
    # unresolved], …]; on the 12-month row also the chart's months, [[first day, published,
    # resolved], …], and what the resolution times are estimated from, {"events": {days: n},
    # "censored": {age: n}}. Loaded only where asked for (`figures_for(…, charts=True)`).
    categories: Mapped[list | None] = mapped_column(JSON, deferred=True, deferred_group="charts")
    months: Mapped[list | None] = mapped_column(JSON, deferred=True, deferred_group="charts")
    resolution: Mapped[dict | None] = mapped_column(JSON, deferred=True, deferred_group="charts")

    company: Mapped[Company] = relationship()


class ScorePriors(db.Model):
    """The site-wide share of each part of the score in a window, over every company, as
    computed at the day's refresh; the scores of that day are shrunk toward them."""

    __tablename__ = "score_priors"

    window: Mapped[str] = mapped_column(String(8), primary_key=True)
    computed_on: Mapped[date] = mapped_column(Date)
    on_time: Mapped[float] = mapped_column(Float)
    resolved: Mapped[float] = mapped_column(Float)
    satisfaction: Mapped[float] = mapped_column(Float)
    again: Mapped[float] = mapped_column(Float)


class FiguresState(db.Model):
    """One row: the Dutch calendar day for which every company's figures were last
    recomputed (windows move at midnight)."""

    __tablename__ = "figures_state"

    id: Mapped[int] = mapped_column(primary_key=True)
    refreshed_on: Mapped[date | None] = mapped_column(Date)
