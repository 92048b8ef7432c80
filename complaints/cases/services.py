"""Complaint operations by their authors. `apply_transition` is the only code that changes a
complaint's status (moderators' operations are in `moderation.services` and use it too).

Every named service is one transaction: it checks permissions, applies the change through the
state machine, appends the event row and keeps the stored company figures right, then commits
once. Mail goes out after the commit, so nobody is told about a change that did not happen.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import inspect, update
from sqlalchemy.orm.exc import StaleDataError

from complaints import permissions, pii
from complaints.accounts.models import User
from complaints.cases import queries
from complaints.cases.effects import transition_effects
from complaints.cases.models import Complaint, ComplaintEvent
from complaints.cases.workflow import (
    Action,
    Role,
    Status,
    TransitionRefused,
    plan_transition,
)
from complaints.clock import utcnow
from complaints.companies import services as companies
from complaints.companies.models import Company
from complaints.errors import AlreadyHandled, DomainError, NotAllowed
from complaints.evidence import services as evidence
from complaints.extensions import db
from complaints.figures import services as figures
from complaints.formats import gettext as _
from complaints.sanitize import render_markdown
from complaints.triage import assess as triage
from complaints.webcare.services import is_webmail


def apply_transition(
    complaint: Complaint,
    action: Action,
    *,
    actor: User | None,
    roles: set[Role],
    reason: str | None = None,
    rating: int | None = None,
    again: bool | None = None,
    now: datetime | None = None,
    restore_to: Status | None = None,
) -> ComplaintEvent:
    """Move `complaint` by `action` if the state machine allows it (in the caller's transaction).

    What the move changes is decided by `effects.transition_effects` (status timestamps, the
    rating and "would do business again" given with RESOLVE, who waits for whom, the event
    row, the company's counts), the same rule the bulk writers replay; here it is applied to
    the row, the ComplaintEvent is added, the company's `published_count` and
    `unresolved_count` are moved and the day buckets of `figures` follow. The complaint row
    is versioned: if another transaction changed it since it was read, nothing is applied
    and AlreadyHandled is raised, so two moderators clicking at once cannot both act.
    """
    now = now or utcnow()
    current = Status(complaint.status) if inspect(complaint).has_identity else None
    before = figures.contribution(complaint) if current is not None else None
    try:
        target = plan_transition(
            current, action, roles, reason=reason,
            company_replied=complaint.first_response_at is not None,
            resolved_at=complaint.resolved_at, now=now, restore_to=restore_to,
        )
    except TransitionRefused as error:
        raise NotAllowed(_("This is not possible for this complaint now.")) from error

    company = complaint.company
    effects = transition_effects(
        {"first_response_at": complaint.first_response_at,
         "published_at": complaint.published_at, "answer_due_at": complaint.answer_due_at},
        current, target, action, now=now, reason=reason, rating=rating, again=again,
        promise_hours=company.response_promise_hours if company is not None else None,
    )
    for name, value in effects.changes.items():  # `status` among them
        setattr(complaint, name, value)
    event = ComplaintEvent(complaint=complaint, actor_id=actor.id if actor else None,
                           **effects.event)
    db.session.add(event)
    flush_versioned()
    _move_company_counts(complaint.company_id, effects.published, effects.unresolved)
    figures.record_change(before, figures.contribution(complaint))
    return event


def flush_versioned() -> None:
    """Write pending changes; when a complaint changed underneath (its version moved), undo
    the whole transaction and say so, so nothing is half-saved or applied twice."""
    try:
        db.session.flush()
    except StaleDataError as error:
        db.session.rollback()
        raise AlreadyHandled(_("Someone else changed this complaint a moment ago. Nothing was "
                               "changed; look at it again.")) from error


def _move_company_counts(company_id: int, published: int, unresolved: int) -> None:
    """Move the company's stored counts by the transition's deltas, in SQL (`count + 1`), so
    two transitions of its complaints at once both count."""
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
    # The author chose to replace detected personal data with the marker.
    redact_pii: bool = False
    # The files of the field `attachments` (werkzeug FileStorage), when sending.
    attachments: tuple = ()


def unresolved_company(draft: ComplaintDraft) -> companies.CompanyNotResolved | None:
    """The company question the draft still raises (the typed name is not exact and nothing
    was chosen), without writing anything; None when there is no question."""
    if (draft.company_choice or "").strip() or not draft.company.strip():
        return None
    resolution = companies.resolve_company(draft.company)
    if resolution.company is not None:
        return None
    return companies.CompanyNotResolved(" ".join(draft.company.split()), resolution.suggestions)


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


def company_domains(company: Company | None) -> list[str]:
    """The company's web domains: e-mail addresses on them are public, not personal data."""
    return [d.domain for d in company.domains] if company is not None else []


def office_address(company: Company | None) -> str | None:
    """The office address on the company's profile: in a complaint about it, it is public."""
    return company.office_address if company is not None else None


def _draft_company(complaint: Complaint, draft: ComplaintDraft) -> Company | None:
    """The listed company a draft is about, without proposing a new one (that waits until
    the texts have passed the guard)."""
    choice = (draft.company_choice or "").strip()
    if choice == "new":
        return None
    if choice:
        return db.session.scalar(companies.listed_companies().where(Company.slug == choice))
    if complaint.company is not None:
        return complaint.company
    return companies.resolve_company(draft.company).company


def _draft_company_domains(draft: ComplaintDraft, about: Company | None) -> list[str]:
    """The domains of the company a draft is about (`about`, from _draft_company). A company
    the author proposes has the domain of the website they give for it (a webmail domain
    never counts: anyone has an address there)."""
    if (draft.company_choice or "").strip() == "new":
        domain = companies.normalize_domain(draft.new_company_website or "")
        return [domain] if domain and not is_webmail(domain) else []
    return company_domains(about)


def _fill(complaint: Complaint, draft: ComplaintDraft, author: User) -> None:
    category = queries.category_by_slug(draft.category)
    if category is None:
        raise DomainError(_("Choose a category."), "category")
    about = _draft_company(complaint, draft)
    guarded = pii.guard_fields(
        {"title": " ".join(draft.title.split()), "body": draft.body.strip(),
         "desired_outcome": (draft.desired_outcome or "").strip()},
        redact=draft.redact_pii, markdown_fields={"body"},
        company_domains=_draft_company_domains(draft, about),
        office_address=office_address(about),
    )
    complaint.company = _resolve_company(draft, author)
    complaint.category = category
    set_text(complaint, guarded.texts["title"], guarded.texts["body"],
             guarded.texts["desired_outcome"])
    complaint.contacts_before = draft.contacts_before
    complaint.first_contact_on = draft.first_contact_on
    if guarded.redactions:
        complaint.pii_redactions = pii.merge_counts(complaint.pii_redactions,
                                                    guarded.redactions)


TITLE_MAX = Complaint.__table__.c.title.type.length


def set_text(complaint: Complaint, title: str, body: str, desired_outcome: str) -> None:
    """Store the public text of a complaint: Markdown source and the sanitized HTML together.

    The form checked the length of what was typed; replacing personal data with the marker can
    make a title longer than the column holds, so it is checked again here.
    """
    if len(title) > TITLE_MAX:
        raise DomainError(_("With personal data replaced the title is too long: shorten it to "
                            "%(max)d characters.", max=TITLE_MAX), "title")
    complaint.title = title
    complaint.body_source = body
    complaint.body_html = render_markdown(body)
    complaint.desired_outcome = desired_outcome


def submit_complaint(author: User, draft: ComplaintDraft) -> Complaint:
    """Store a new complaint as pending, with its risk signals and level (`triage`); a
    moderator checks it before anyone else sees it."""
    if not permissions.can_submit_complaint(author):
        raise NotAllowed(_("Verify your e-mail address before you submit a complaint."))
    uploads = evidence.read_uploads(draft.attachments)  # every file checked before anything
    complaint = Complaint(author=author)
    with evidence.keeping() as files:
        _fill(complaint, draft, author)
        db.session.add(complaint)
        apply_transition(complaint, Action.SUBMIT, actor=author, roles={Role.AUTHOR},
                         now=complaint.submitted_at)
        triage.assess(complaint)
        files.keep(uploads, complaint=complaint, uploader=author)
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
        triage.assess(complaint)
        flush_versioned()
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


CLOSING_NOTE_MAX = 1000


def resolve_complaint(author: User, complaint: Complaint, rating: int | None = None,
                      closing_note: str = "", *, again: bool | None = None,
                      redact_pii: bool = False,
                      before_commit: Callable[[], None] | None = None) -> None:
    """Only the consumer decides that a complaint is resolved; never the company, never silence.

    The optional rating (1–5) is of how the company handled it, `again` the optional answer
    to "would you do business with them again?"; the closing word is public and passes the
    personal-data guard like every public text. `before_commit` adds the caller's part to
    the same transaction (the answer to "is it solved?" queues its webhook there).
    """
    if rating is not None and not 1 <= rating <= 5:
        raise DomainError(_("A rating is from 1 to 5."), "rating")
    if not permissions.is_author(author, complaint):
        raise NotAllowed(_("Only the author can mark a complaint as resolved."))
    note = " ".join((closing_note or "").split())
    if len(note) > CLOSING_NOTE_MAX:
        raise DomainError(_("At most %(max)d characters.", max=CLOSING_NOTE_MAX),
                          "closing_note")
    guarded = pii.guard_fields({"closing_note": note}, redact=redact_pii,
                               company_domains=company_domains(complaint.company),
                               office_address=office_address(complaint.company))
    try:
        apply_transition(complaint, Action.RESOLVE, actor=author, roles={Role.AUTHOR},
                         rating=rating, again=again)
    except DomainError:
        db.session.rollback()
        raise
    complaint.closing_note = guarded.texts["closing_note"] or None
    complaint.final_answer_disputed_at = None  # resolved: no longer stuck on a final answer
    if before_commit is not None:
        before_commit()
    db.session.commit()


def reopen_complaint(author: User, complaint: Complaint) -> None:
    if not permissions.is_author(author, complaint):
        raise NotAllowed(_("Only the author can reopen a complaint."))
    apply_transition(complaint, Action.REOPEN, actor=author, roles={Role.AUTHOR})
    db.session.commit()
