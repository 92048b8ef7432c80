"""Read-side queries for the webcare inbox and the moderators' claims queue."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Select, func, select

from complaints.cases.models import Category, Complaint
from complaints.cases.workflow import UNRESOLVED_STATUSES, Status
from complaints.companies.models import Company
from complaints.extensions import db
from complaints.webcare.models import Claim, ClaimStatus


def inbox(company: Company, *, status: str | None = None,
          category_slug: str | None = None) -> Select:
    """The company's unresolved complaints, the one waiting longest for an answer first; those
    the company already answered (and nobody wrote since) come after, oldest first."""
    statuses = [Status(status)] if status in UNRESOLVED_STATUSES else list(UNRESOLVED_STATUSES)
    stmt = select(Complaint).where(Complaint.company_id == company.id,
                                   Complaint.status.in_(statuses))
    if category_slug:
        stmt = stmt.join(Category, Complaint.category_id == Category.id).where(
            Category.slug == category_slug)
    return stmt.order_by(Complaint.awaiting_company_since.is_(None),
                         Complaint.awaiting_company_since, Complaint.published_at, Complaint.id)


def inbox_counts(company: Company) -> dict[str, int]:
    """Unresolved complaints per status, and how many wait for the company now."""
    counts = dict(db.session.execute(
        select(Complaint.status, func.count()).where(
            Complaint.company_id == company.id, Complaint.status.in_(UNRESOLVED_STATUSES))
        .group_by(Complaint.status)).all())
    waiting = db.session.scalar(select(func.count()).select_from(Complaint).where(
        Complaint.company_id == company.id, Complaint.status.in_(UNRESOLVED_STATUSES),
        Complaint.awaiting_company_since.is_not(None)))
    return {"open": counts.get(Status.OPEN, 0), "answered": counts.get(Status.ANSWERED, 0),
            "waiting": waiting}


@dataclass(frozen=True)
class Wait:
    """How long a complaint has waited for the company, against the company's promise."""

    since: datetime | None
    waited: timedelta | None
    promise: timedelta | None

    @property
    def hours(self) -> int | None:
        return None if self.waited is None else int(self.waited.total_seconds() // 3600)

    @property
    def overdue(self) -> bool:
        return bool(self.waited is not None and self.promise is not None
                    and self.waited > self.promise)


def wait_of(complaint: Complaint, company: Company, now: datetime) -> Wait:
    since = complaint.awaiting_company_since
    promise = (timedelta(hours=company.response_promise_hours)
               if company.response_promise_hours else None)
    return Wait(since, now - since if since else None, promise)


def waiting_claim(user, company: Company) -> Claim | None:
    """The claim this person made on this company whose work e-mail link is not followed yet
    (the newest, should they have asked twice)."""
    return db.session.scalar(
        select(Claim).where(Claim.user_id == user.id, Claim.company_id == company.id,
                            Claim.status == ClaimStatus.AWAITING_EMAIL)
        .order_by(Claim.created_at.desc(), Claim.id.desc()).limit(1))


def claims_in_review() -> Select:
    return (select(Claim).where(Claim.status == ClaimStatus.IN_REVIEW)
            .order_by(Claim.email_confirmed_at, Claim.id))


def claims_in_review_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Claim).where(
        Claim.status == ClaimStatus.IN_REVIEW))


def companies_represented_by(user) -> list[Company]:
    """The companies whose webcare team the user is in (for the menu); cached per request."""
    from flask import g, has_request_context

    from complaints.webcare.models import Representative

    if user is None or not user.is_authenticated:
        return []
    if has_request_context() and "represented" in g:
        return g.represented
    found = list(db.session.scalars(
        select(Company).join(Representative, Representative.company_id == Company.id)
        .where(Representative.user_id == user.id, Representative.removed_at.is_(None))
        .order_by(Company.name_key)))
    if has_request_context():
        g.represented = found
    return found
