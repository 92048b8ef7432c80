"""Read-side queries for the webcare inbox and the moderators' claims queue."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import Select, case, func, select

from complaints.cases.models import Category, Complaint
from complaints.cases.workflow import UNRESOLVED_STATUSES, Status
from complaints.companies.models import Company
from complaints.extensions import db
from complaints.webcare.models import Claim, ClaimStatus


def _unresolved_of(company: Company, status: str | None, category_slug: str | None) -> Select:
    statuses = [Status(status)] if status in UNRESOLVED_STATUSES else list(UNRESOLVED_STATUSES)
    stmt = select(Complaint).where(Complaint.company_id == company.id,
                                   Complaint.status.in_(statuses))
    if category_slug:
        stmt = stmt.join(Category, Complaint.category_id == Category.id).where(
            Category.slug == category_slug)
    return stmt


def inbox(company: Company, *, status: str | None = None,
          category_slug: str | None = None) -> Select:
    """The company's unresolved complaints, the one waiting longest for an answer first; those
    the company already answered (and nobody wrote since) come after, oldest first."""
    return _unresolved_of(company, status, category_slug).order_by(
        Complaint.awaiting_company_since.is_(None), Complaint.awaiting_company_since,
        Complaint.published_at, Complaint.id)


def inbox_parts(company: Company, *, status: str | None = None,
                category_slug: str | None = None) -> list[Select]:
    """`inbox` as its two parts, each in the order of ix_complaints_company_id_awaiting, for
    `paginate_parts`: a page of a large company's inbox reads its rows from the index instead
    of sorting all its unresolved complaints."""
    stmt = _unresolved_of(company, status, category_slug)
    return [stmt.where(Complaint.awaiting_company_since.is_not(None)).order_by(
                Complaint.awaiting_company_since, Complaint.published_at, Complaint.id),
            stmt.where(Complaint.awaiting_company_since.is_(None)).order_by(
                Complaint.published_at, Complaint.id)]


class WaitsFor(StrEnum):
    """What an inbox row waits for. Every unresolved complaint is in exactly one, so the
    inbox's counters add up to its rows."""

    FIRST_ANSWER = "first_answer"  # published, the company has not answered yet
    REPLIED_AGAIN = "replied_again"  # answered, but the consumer wrote again (or said "not
    # solved"): the company's turn again
    SOLVED_ANSWER = "solved_answer"  # the company asked "is it solved?", the consumer's turn
    CONSUMER = "consumer"  # answered and nothing new: nothing waits for the company


def waits_for_expression():
    """`WaitsFor` as SQL, in the same order as `waits_for`."""
    return case(
        (Complaint.status == Status.OPEN, WaitsFor.FIRST_ANSWER.value),
        (Complaint.awaiting_company_since.is_not(None), WaitsFor.REPLIED_AGAIN.value),
        (Complaint.resolution_proposed_at.is_not(None), WaitsFor.SOLVED_ANSWER.value),
        else_=WaitsFor.CONSUMER.value)


def waits_for(complaint: Complaint) -> WaitsFor:
    return waits_for_state(complaint.status, complaint.awaiting_company_since,
                           complaint.resolution_proposed_at)


def waits_for_state(status: str, awaiting_company_since: datetime | None,
                    resolution_proposed_at: datetime | None) -> WaitsFor:
    if status == Status.OPEN:
        return WaitsFor.FIRST_ANSWER
    if awaiting_company_since is not None:
        return WaitsFor.REPLIED_AGAIN
    if resolution_proposed_at is not None:
        return WaitsFor.SOLVED_ANSWER
    return WaitsFor.CONSUMER


def inbox_counts(company: Company) -> dict[str, int]:
    """The unresolved complaints per `WaitsFor` (every one counted once), and their total:
    the counters stored on the company (webcare.counters), never a count of its rows."""
    from complaints.webcare.counters import counts

    return counts(company)


@dataclass(frozen=True)
class Wait:
    """What an inbox row waits for, since when, and for a first answer how that stands
    against the company's promise."""

    waits_for: WaitsFor
    since: datetime | None
    waited: timedelta | None
    promise: timedelta | None

    @property
    def hours(self) -> int | None:
        return None if self.waited is None else int(self.waited.total_seconds() // 3600)

    @property
    def overdue(self) -> bool:
        """Only the first answer has a promise: later ones are not measured against it."""
        return bool(self.waits_for == WaitsFor.FIRST_ANSWER and self.waited is not None
                    and self.promise is not None and self.waited > self.promise)

    @property
    def late_hours(self) -> int:
        """How many hours later than promised (0 when not overdue)."""
        if not self.overdue:
            return 0
        return int((self.waited - self.promise).total_seconds() // 3600)

    @property
    def hours_left(self) -> int | None:
        """Hours still within the promise, for a first answer not yet late."""
        if (self.waits_for != WaitsFor.FIRST_ANSWER or self.promise is None
                or self.waited is None or self.overdue):
            return None
        return int((self.promise - self.waited).total_seconds() // 3600)


def wait_of(complaint: Complaint, company: Company, now: datetime) -> Wait:
    waiting = waits_for(complaint)
    since = {WaitsFor.FIRST_ANSWER: complaint.awaiting_company_since or complaint.published_at,
             WaitsFor.REPLIED_AGAIN: complaint.awaiting_company_since,
             WaitsFor.SOLVED_ANSWER: complaint.resolution_proposed_at,
             WaitsFor.CONSUMER: complaint.first_response_at}[waiting]
    promise = (timedelta(hours=company.response_promise_hours)
               if company.response_promise_hours else None)
    return Wait(waiting, since, now - since if since else None, promise)


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
