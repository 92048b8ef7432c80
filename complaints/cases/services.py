"""Complaint operations. `apply_transition` is the only code that changes a complaint's status.

Every named service is one transaction: it checks permissions, applies the change through the
state machine, appends the event row and keeps the stored company figures right, then commits
once. Mail goes out after the commit, so nobody is told about a change that did not happen.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from flask import url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import inspect, update
from sqlalchemy.orm.exc import StaleDataError

from complaints import permissions
from complaints.accounts.models import User
from complaints.cases import queries
from complaints.cases.models import Complaint, ComplaintEvent
from complaints.cases.workflow import (
    PUBLIC_STATUSES,
    UNRESOLVED_STATUSES,
    Action,
    Role,
    Status,
    TransitionRefused,
    plan_transition,
)
from complaints.companies import services as companies
from complaints.companies.models import Company, CompanyStatus
from complaints.errors import AlreadyHandled, DomainError, NotAllowed
from complaints.extensions import db, utcnow
from complaints.mail import send_mail
from complaints.moderation.reasons import REJECTION_REASONS
from complaints.sanitize import render_markdown


def apply_transition(
    complaint: Complaint,
    action: Action,
    *,
    actor: User | None,
    roles: set[Role],
    reason: str | None = None,
    now: datetime | None = None,
) -> ComplaintEvent:
    """Move `complaint` by `action` if the state machine allows it (in the caller's transaction).

    Sets the status timestamps, appends a ComplaintEvent, and moves the company's stored
    `published_count` and `unresolved_count` with the status. The complaint row is versioned:
    if another transaction changed it since it was read, nothing is applied and AlreadyHandled
    is raised, so two moderators clicking at once cannot both act.
    """
    now = now or utcnow()
    current = Status(complaint.status) if inspect(complaint).has_identity else None
    try:
        target = plan_transition(
            current, action, roles, reason=reason,
            company_replied=complaint.first_response_at is not None,
            resolved_at=complaint.resolved_at, now=now,
        )
    except TransitionRefused as error:
        raise NotAllowed(_("This is not possible for this complaint now.")) from error

    complaint.status = target
    if target == Status.OPEN and current == Status.PENDING:
        complaint.published_at = now
    elif target == Status.ANSWERED and complaint.first_response_at is None:
        complaint.first_response_at = now
    elif target == Status.RESOLVED:
        complaint.resolved_at = now
    elif target == Status.REJECTED:
        complaint.rejected_at = now
        complaint.rejection_reason = reason
    elif target == Status.WITHDRAWN:
        complaint.withdrawn_at = now
    elif target == Status.REMOVED:
        complaint.removed_at = now
        complaint.removal_reason = reason
    if current == Status.RESOLVED:  # reopened
        complaint.resolved_at = None
        complaint.rating = None

    event = ComplaintEvent(complaint=complaint, actor_id=actor.id if actor else None,
                           action=action, from_status=current, to_status=target,
                           reason=reason, created_at=now)
    db.session.add(event)
    try:
        db.session.flush()
    except StaleDataError as error:
        db.session.rollback()
        raise AlreadyHandled(_("Someone else changed this complaint a moment ago. Nothing was "
                               "changed; look at it again.")) from error
    _move_company_figures(complaint.company_id, current, target)
    return event


def _move_company_figures(company_id: int, before: Status | None, after: Status) -> None:
    published = int(after in PUBLIC_STATUSES) - int(before in PUBLIC_STATUSES)
    unresolved = int(after in UNRESOLVED_STATUSES) - int(before in UNRESOLVED_STATUSES)
    if published or unresolved:
        db.session.execute(
            update(Company).where(Company.id == company_id).values(
                published_count=Company.published_count + published,
                unresolved_count=Company.unresolved_count + unresolved,
            ),
            execution_options={"synchronize_session": False},
        )
        company = db.session.get(Company, company_id)
        if company is not None:
            db.session.expire(company, ["published_count", "unresolved_count"])


@dataclass
class ComplaintDraft:
    """What the complaint form holds, independent of WTForms."""

    company: str
    company_choice: str | None
    new_company_sector: str | None
    new_company_website: str | None
    title: str
    body: str
    category: str
    contacts_before: int
    first_contact_on: date | None
    desired_outcome: str


def _resolve_company(draft: ComplaintDraft, author: User) -> Company:
    choice = (draft.company_choice or "").strip()
    if choice == "new":
        return companies.propose_company(draft.company, draft.new_company_sector,
                                         draft.new_company_website, author.id)
    if choice:
        return companies.company_for_choice(choice)
    resolution = companies.resolve_company(draft.company)
    if resolution.company is None:
        raise companies.CompanyNotResolved(" ".join(draft.company.split()),
                                           resolution.suggestions)
    return resolution.company


def _fill(complaint: Complaint, draft: ComplaintDraft, author: User) -> None:
    category = queries.category_by_slug(draft.category)
    if category is None:
        raise DomainError(_("Choose a category."), "category")
    complaint.company = _resolve_company(draft, author)
    complaint.category = category
    complaint.title = " ".join(draft.title.split())
    complaint.body_source = draft.body.strip()
    complaint.body_html = render_markdown(complaint.body_source)
    complaint.contacts_before = draft.contacts_before
    complaint.first_contact_on = draft.first_contact_on
    complaint.desired_outcome = (draft.desired_outcome or "").strip()


def submit_complaint(author: User, draft: ComplaintDraft) -> Complaint:
    """Store a new complaint as pending; a moderator checks it before anyone else sees it."""
    if not permissions.can_submit_complaint(author):
        raise NotAllowed(_("Verify your e-mail address before you submit a complaint."))
    complaint = Complaint(author=author)
    try:
        _fill(complaint, draft, author)
        db.session.add(complaint)
        apply_transition(complaint, Action.SUBMIT, actor=author, roles={Role.AUTHOR},
                         now=complaint.submitted_at)
    except DomainError:
        db.session.rollback()
        raise
    db.session.commit()
    return complaint


def update_complaint(author: User, complaint: Complaint, draft: ComplaintDraft) -> Complaint:
    """The author edits a pending or rejected complaint; a rejected one goes back to the queue."""
    if not permissions.can_edit_complaint(author, complaint):
        raise NotAllowed(_("You cannot edit this complaint."))
    try:
        _fill(complaint, draft, author)
        if complaint.status == Status.REJECTED:
            apply_transition(complaint, Action.RESUBMIT, actor=author, roles={Role.AUTHOR})
        else:
            db.session.flush()
    except StaleDataError as error:
        db.session.rollback()
        raise AlreadyHandled(_("A moderator handled this complaint while you edited it. "
                               "Nothing was changed.")) from error
    except DomainError:
        db.session.rollback()
        raise
    db.session.commit()
    return complaint


def withdraw_complaint(author: User, complaint: Complaint) -> None:
    if not permissions.can_withdraw_complaint(author, complaint):
        raise NotAllowed(_("You cannot withdraw this complaint."))
    apply_transition(complaint, Action.WITHDRAW, actor=author, roles={Role.AUTHOR})
    db.session.commit()


def approve_complaint(moderator: User, complaint: Complaint) -> None:
    """Publish a pending complaint; a company proposed with it is listed at the same time."""
    if not permissions.can_approve_complaint(moderator, complaint):
        raise NotAllowed(_("You cannot approve this complaint."))
    apply_transition(complaint, Action.APPROVE, actor=moderator, roles={Role.MODERATOR})
    if complaint.company.status == CompanyStatus.PROPOSED:
        complaint.company.status = CompanyStatus.LISTED
    db.session.commit()
    author = complaint.author
    send_mail(author.email, "complaint_published", locale=author.locale, user=author,
              complaint=complaint,
              complaint_url=url_for("cases.show", complaint_id=complaint.id, _external=True))


def reject_complaint(moderator: User, complaint: Complaint, reason_code: str, note: str) -> None:
    """Refuse a pending complaint with a reason; the author is told why and can edit it.

    The reason is stored in the author's language, so the mail and the account page agree.
    """
    if not permissions.can_reject_complaint(moderator, complaint):
        raise NotAllowed(_("You cannot reject this complaint."))
    if reason_code not in REJECTION_REASONS:
        raise DomainError(_("Choose a reason."), "reason")
    note = " ".join((note or "").split())
    if reason_code == "other" and not note:
        raise DomainError(_("Explain the reason to the author."), "note")
    author = complaint.author
    with force_locale(author.locale):
        label = str(REJECTION_REASONS[reason_code])
    full_reason = f"{label}. {note}" if note else f"{label}."
    apply_transition(complaint, Action.REJECT, actor=moderator, roles={Role.MODERATOR},
                     reason=full_reason)
    db.session.commit()
    send_mail(author.email, "complaint_rejected", locale=author.locale, user=author,
              complaint=complaint, reason=full_reason,
              edit_url=url_for("cases.edit", complaint_id=complaint.id, _external=True))


def resolve_complaint(author: User, complaint: Complaint, rating: int | None = None) -> None:
    """Only the consumer decides that a complaint is resolved; never the company, never silence."""
    if rating is not None and not 1 <= rating <= 5:
        raise DomainError(_("A rating is from 1 to 5."), "rating")
    if not permissions.is_author(author, complaint):
        raise NotAllowed(_("Only the author can mark a complaint as resolved."))
    apply_transition(complaint, Action.RESOLVE, actor=author, roles={Role.AUTHOR})
    complaint.rating = rating
    db.session.commit()


def reopen_complaint(author: User, complaint: Complaint) -> None:
    if not permissions.is_author(author, complaint):
        raise NotAllowed(_("Only the author can reopen a complaint."))
    apply_transition(complaint, Action.REOPEN, actor=author, roles={Role.AUTHOR})
    db.session.commit()


def remove_complaint(moderator: User, complaint: Complaint, reason: str) -> None:
    """Take a published complaint down; its page becomes a tombstone that says why."""
    if not permissions.can_moderate(moderator):
        raise NotAllowed(_("Only moderators can remove complaints."))
    apply_transition(complaint, Action.REMOVE, actor=moderator, roles={Role.MODERATOR},
                     reason=reason)
    db.session.commit()
