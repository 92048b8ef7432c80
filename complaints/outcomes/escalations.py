"""Escalations: the author says the company's answer is final, records where they took the
complaint and when, and later how it ended; the company page counts them.

The public sees one line per escalation (where, when, the outcome); the body's case reference
is the author's own note and is never shown in public.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select, update

from complaints import permissions, pii
from complaints.accounts.models import User
from complaints.cases.models import Complaint
from complaints.clock import dutch_day, today, utcnow
from complaints.companies.models import Company
from complaints.errors import AlreadyHandled, DomainError, NotAllowed
from complaints.extensions import db
from complaints.formats import gettext as _
from complaints.formats import lazy_gettext as _l
from complaints.outcomes.models import Escalation, EscalationBody, EscalationOutcome

BODY_NAME_MAX, REFERENCE_MAX = 160, 80

# The outcome as the public line says it ("outcome: decided in the consumer's favour"); the
# author chose it in the first person (ESCALATION_OUTCOME_LABELS).
PUBLIC_OUTCOME_LABELS = {
    EscalationOutcome.WON: _l("decided in the consumer's favour"),
    EscalationOutcome.PARTLY: _l("partly in the consumer's favour"),
    EscalationOutcome.LOST: _l("decided against the consumer"),
    EscalationOutcome.SETTLED: _l("the company solved it after all"),
    EscalationOutcome.WITHDRAWN: _l("the consumer stopped"),
}


def public_outcome_label(escalation: Escalation) -> str:
    if escalation.outcome is None:
        return ""
    return str(PUBLIC_OUTCOME_LABELS.get(EscalationOutcome(escalation.outcome),
                                         escalation.outcome))


# --- "the company's answer is final, and I disagree" -------------------------------------------

def dispute_final_answer(author: User, complaint: Complaint, now: datetime | None = None) -> None:
    """The author says the company's answer is its last word and they do not accept it: the
    complaint is stuck, and the next steps open. Once; `withdraw_dispute` takes it back, and
    resolving the complaint clears it."""
    if not permissions.can_dispute_final_answer(author, complaint):
        raise NotAllowed(_("Only the author of an answered complaint can say this."))
    result = db.session.execute(
        update(Complaint).where(Complaint.id == complaint.id,
                                Complaint.final_answer_disputed_at.is_(None))
        .values(final_answer_disputed_at=now or utcnow()).execution_options(
            synchronize_session="fetch"))
    if result.rowcount != 1:
        db.session.rollback()
        raise AlreadyHandled(_("You already said this."))
    db.session.commit()


def withdraw_dispute(author: User, complaint: Complaint) -> None:
    """The author takes back "the answer is final" (the company came round after all)."""
    if not permissions.can_dispute_final_answer(author, complaint):
        raise NotAllowed(_("Only the author of an answered complaint can say this."))
    result = db.session.execute(
        update(Complaint).where(Complaint.id == complaint.id,
                                Complaint.final_answer_disputed_at.is_not(None))
        .values(final_answer_disputed_at=None).execution_options(synchronize_session="fetch"))
    if result.rowcount != 1:
        db.session.rollback()
        raise AlreadyHandled(_("This was already taken back."))
    db.session.commit()


# --- recording an escalation and its outcome ---------------------------------------------------

@dataclass
class EscalationDraft:
    body_id: int | None  # a body of the table, or None for another one named in `body_name`
    body_name: str
    escalated_on: date
    reference: str = ""


def _one_line(text: str | None) -> str:
    return " ".join((text or "").split())


def record_escalation(author: User, complaint: Complaint, draft: EscalationDraft) -> Escalation:
    """The author took the complaint to a body: one from the table (active), or another named
    by them (a public name, so it passes the personal-data guard). The date is not in the
    future and not before the complaint was published."""
    if not permissions.can_escalate(author, complaint):
        raise NotAllowed(_("Only the author of a published complaint can record this."))
    name = _one_line(draft.body_name)
    if draft.body_id is not None:
        body = db.session.get(EscalationBody, draft.body_id)
        if body is None or not body.active:
            raise DomainError(_("Choose from the list."), "body")
        name = ""
    else:
        if not 2 <= len(name) <= BODY_NAME_MAX:
            raise DomainError(_("Fill in the name of the body (2 to %(max)d characters).",
                                max=BODY_NAME_MAX), "body_name")
        pii.guard_fields({"body_name": name}, redact=False)
    _check_day(draft.escalated_on, dutch_day(complaint.published_at), "escalated_on",
               _("This is before the complaint was published."))
    reference = _one_line(draft.reference)
    if len(reference) > REFERENCE_MAX:
        raise DomainError(_("At most %(max)d characters.", max=REFERENCE_MAX), "reference")
    escalation = Escalation(complaint_id=complaint.id, company_id=complaint.company_id,
                            body_id=draft.body_id, body_name=name or None,
                            escalated_on=draft.escalated_on, reference=reference or None)
    db.session.add(escalation)
    db.session.commit()
    return escalation


def record_outcome(author: User, escalation: Escalation, outcome: str, outcome_on: date
                   ) -> None:
    """How the escalation ended, and when (not before it started, not in the future). The
    author may correct it later."""
    if not permissions.can_escalate(author, escalation.complaint):
        raise NotAllowed(_("Only the author of a published complaint can record this."))
    if outcome not in set(EscalationOutcome):
        raise DomainError(_("Choose how it ended."), "outcome")
    _check_day(outcome_on, escalation.escalated_on, "outcome_on",
               _("This is before you escalated."))
    escalation.outcome = outcome
    escalation.outcome_on = outcome_on
    db.session.commit()


def _check_day(day: date | None, earliest: date, field: str, too_early: str) -> None:
    if day is None:
        raise DomainError(_("Fill in a date."), field)
    if day > today():
        raise DomainError(_("This date is in the future."), field)
    if day < earliest:
        raise DomainError(too_early, field)


# --- reading ---------------------------------------------------------------------------------

def escalations_of(complaint: Complaint) -> list[Escalation]:
    return list(db.session.scalars(select(Escalation).where(
        Escalation.complaint_id == complaint.id).order_by(Escalation.escalated_on,
                                                          Escalation.id)))


def escalation_of(complaint: Complaint, escalation_id: int) -> Escalation | None:
    return db.session.scalar(select(Escalation).where(
        Escalation.id == escalation_id, Escalation.complaint_id == complaint.id))


@dataclass(frozen=True)
class EscalationCounts:
    total: int
    won: int  # decided in the consumer's favour


def counts_for(company: Company) -> EscalationCounts:
    """How many of the company's complaints were escalated, and how many of those were
    decided in the consumer's favour (one indexed query on `company_id`)."""
    total, won = db.session.execute(select(
        func.count(Escalation.id),
        func.count(Escalation.id).filter(Escalation.outcome == EscalationOutcome.WON.value))
        .where(Escalation.company_id == company.id)).one()
    return EscalationCounts(total=total, won=won)
