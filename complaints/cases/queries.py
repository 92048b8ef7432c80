"""Read-side queries for complaints; each returns a Select so callers can paginate it."""

from __future__ import annotations

from sqlalchemy import Select, select

from complaints.cases.models import Category, Complaint, ComplaintEvent
from complaints.cases.workflow import PUBLIC_STATUSES, Status
from complaints.extensions import db


def published(*, category_slug: str | None = None, status: str | None = None,
              company_id: int | None = None) -> Select:
    """Public complaints, newest published first."""
    statuses = [Status(status)] if status in PUBLIC_STATUSES else list(PUBLIC_STATUSES)
    # Published ones always have published_at; saying so lets PostgreSQL skip the unpublished
    # rows (NULLs sort first in a descending index scan) instead of reading past them.
    stmt = select(Complaint).where(Complaint.status.in_(statuses),
                                   Complaint.published_at.is_not(None))
    if company_id is not None:
        stmt = stmt.where(Complaint.company_id == company_id)
    if category_slug:
        stmt = stmt.join(Category, Complaint.category_id == Category.id).where(
            Category.slug == category_slug
        )
    return stmt.order_by(Complaint.published_at.desc(), Complaint.id.desc())


def history(complaint: Complaint, *, full: bool) -> list[ComplaintEvent]:
    """The complaint's status changes in order; the public sees those after publication."""
    if full:
        return list(complaint.events)
    shown = PUBLIC_STATUSES | {Status.REMOVED}
    return [event for event in complaint.events if event.to_status in shown]


def latest_published(limit: int = 8) -> list[Complaint]:
    return list(db.session.scalars(published().limit(limit)).unique())


def authored_by(user_id: int) -> Select:
    return (select(Complaint).where(Complaint.author_id == user_id)
            .order_by(Complaint.submitted_at.desc(), Complaint.id.desc()))



def categories() -> list[Category]:
    return list(db.session.scalars(select(Category).order_by(Category.position, Category.id)))


def category_by_slug(slug: str) -> Category | None:
    return db.session.scalar(select(Category).where(Category.slug == slug))
