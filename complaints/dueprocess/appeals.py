"""Appeals (internal complaint handling): the person a decision affects asks for it to be
looked at again, and a moderator who did not take it upholds or reverses it, with reasons.

One appeal per statement of reasons, within six months, by its addressee (the rules are in
`permissions`). A reversal undoes the decision the way it was made: a complaint's status only
through the state machine (a new REINSTATE event), everything else with a conditional UPDATE,
so two moderators deciding at once cannot both act. Each decision writes one row of the
moderation log and mails the outcome, with its reasons, in the appellant's language.
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import force_locale
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from complaints import permissions
from complaints.accounts.models import User
from complaints.cases.models import Complaint, ComplaintEvent, ComplaintRevision
from complaints.cases.services import apply_transition, flush_versioned, set_text
from complaints.cases.workflow import Action, Role, Status
from complaints.clock import utcnow
from complaints.dates import format_day
from complaints.dueprocess import grounds, statements
from complaints.dueprocess.models import (
    Appeal,
    AppealOutcome,
    Decision,
    Notice,
    NoticeStatus,
    Statement,
)
from complaints.errors import AlreadyHandled, DomainError, NotAllowed
from complaints.extensions import db
from complaints.formats import gettext as _
from complaints.formats import lazy_gettext as _l
from complaints.moderation.log import record
from complaints.moderation.models import ModAction
from complaints.notifications.outbox import queue_mail
from complaints.threads.models import Reply
from complaints.webcare import services as webcare
from complaints.webcare.models import Claim

TEXT_MAX = 4000
REASON_MAX = 2000

# The decision as moderators name it (the statement's own label speaks to its addressee).
DECISION_NAMES = {
    Decision.REJECT: _l("Complaint not published"),
    Decision.REMOVE: _l("Complaint removed"),
    Decision.REDACT: _l("Complaint edited"),
    Decision.REMOVE_REPLY: _l("Reply removed"),
    Decision.BAN: _l("User blocked"),
    Decision.CLAIM_REFUSE: _l("Claim refused"),
    Decision.NOTICE_DISMISS: _l("Notice dismissed"),
}


# --- filing ---------------------------------------------------------------------------------

def file(user: User | None, statement: Statement, text: str,
         now: datetime | None = None) -> Appeal:
    """File the one appeal against `statement`, by its addressee, within the appeal window.

    A statement with a user is appealed by that user, signed in; one addressed to an e-mail
    address only (a notifier without an account) by whoever holds its mailed key. The
    appellant gets a receipt by mail. Two appeals at once: the unique statement_id lets one
    in, the other gets AlreadyHandled.
    """
    now = now or utcnow()
    if statement.appeal is not None:
        raise _already_appealed()
    if not permissions.is_addressee(user, statement):
        raise NotAllowed(_("Only the person this decision is about can appeal against it."))
    if now > statement.appeal_until:
        raise DomainError(_("The time to appeal ended on %(date)s.",
                            date=format_day(statement.appeal_until)))
    if not permissions.can_appeal(user, statement, now=now):
        raise NotAllowed(_("You cannot appeal against this decision."))
    text = (text or "").strip()
    if not text:
        raise DomainError(_("Explain why the decision should be looked at again."), "text")
    if len(text) > TEXT_MAX:
        raise DomainError(_("At most %(max)d characters.", max=TEXT_MAX), "text")
    appeal = Appeal(statement_id=statement.id, text=text, created_at=now)
    db.session.add(appeal)
    try:
        db.session.flush()
    except IntegrityError as error:  # the same person, twice at once
        db.session.rollback()
        raise _already_appealed() from error
    to = _address(statement)
    if to:
        queue_mail(to, "appeal_received", locale=statement.locale, statement=statement,
                   appeal=appeal, name=_name(statement), page_url=statements.appeal_url(statement))
    db.session.commit()
    return appeal


def _already_appealed() -> AlreadyHandled:
    return AlreadyHandled(_("This decision was already appealed against. There is one appeal "
                            "per decision."))


# --- deciding -------------------------------------------------------------------------------

def open_appeals():
    """The appeals a moderator still has to decide, oldest first (a select to paginate)."""
    return (select(Appeal).where(Appeal.decided_at.is_(None))
            .options(selectinload(Appeal.statement).selectinload(Statement.complaint),
                     selectinload(Appeal.statement).selectinload(Statement.decided_by))
            .order_by(Appeal.created_at, Appeal.id))


def decide(moderator: User, appeal: Appeal, outcome: str, reason: str,
           now: datetime | None = None) -> Appeal:
    """Uphold or reverse the decision an appeal is against, with reasons for the appellant.

    Only a moderator other than the one who took the decision (`can_decide_appeal`): an
    appeal is a second look, not the same look again. The outcome is set by a conditional
    UPDATE on an undecided appeal, so a second moderator at the same moment gets
    AlreadyHandled. A reversal undoes the decision (see `_undo`); when there is nothing left
    to undo (the author already sent a rejected complaint again, a block was lifted since),
    the outcome says so.
    """
    if not permissions.can_decide_appeal(moderator, appeal):
        if permissions.can_moderate(moderator) and not appeal.is_open:
            raise _already_decided()
        raise NotAllowed(_("Another moderator than the one who took the decision handles this "
                           "appeal."))
    if outcome not in set(AppealOutcome):
        raise DomainError(_("Choose whether the decision stands or is reversed."), "outcome")
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Give the reasons for the outcome."), "reason")
    if len(reason) > REASON_MAX:
        raise DomainError(_("At most %(max)d characters.", max=REASON_MAX), "reason")
    now = now or utcnow()
    statement = appeal.statement
    result = db.session.execute(
        update(Appeal).where(Appeal.id == appeal.id, Appeal.decided_at.is_(None))
        .values(decided_at=now, decided_by_id=moderator.id, outcome=outcome,
                outcome_reason=reason),
        execution_options={"synchronize_session": False},
    )
    if result.rowcount != 1:
        db.session.rollback()
        raise _already_decided()
    note = None
    if outcome == AppealOutcome.REVERSED:
        undone = _undo(statement, moderator, reason, now)
        if not undone:
            with force_locale(statement.locale):
                note = _("There was nothing left to undo: %(what)s",
                         what=NOTHING_LEFT[Decision(statement.decision)]())
            db.session.execute(update(Appeal).where(Appeal.id == appeal.id)
                               .values(outcome_reason=f"{reason}\n\n{note}"),
                               execution_options={"synchronize_session": False})
    _log(statement, moderator, outcome, reason, now)
    db.session.refresh(appeal)
    to = _address(statement)
    if to:
        queue_mail(to, "appeal_decided", locale=statement.locale, statement=statement,
                   appeal=appeal, name=_name(statement), page_url=statements.appeal_url(statement),
                   ground=grounds.describe(statement.ground, external=True))
    db.session.commit()
    return appeal


def _already_decided() -> AlreadyHandled:
    return AlreadyHandled(_("Another moderator decided this appeal a moment ago. Nothing was "
                            "changed."))


# What the outcome says when a reversal found nothing to undo, in the appellant's language.
NOTHING_LEFT = {
    Decision.REJECT: lambda: _("the complaint was already sent again and waits for a "
                               "moderator, or has left the queue."),
    Decision.REMOVE: lambda: _("the complaint is no longer removed."),
    Decision.REDACT: lambda: _("the earlier text is no longer kept."),
    Decision.REMOVE_REPLY: lambda: _("the reply is already shown again."),
    Decision.BAN: lambda: _("the account is no longer blocked."),
    Decision.CLAIM_REFUSE: lambda: _("the claim is no longer refused."),
    Decision.NOTICE_DISMISS: lambda: _("the notice is no longer dismissed."),
}


def _undo(statement: Statement, moderator: User, reason: str, now: datetime) -> bool:
    """Undo the decision of `statement` (in the caller's transaction); False when there was
    nothing left to undo."""
    decision = Decision(statement.decision)
    if decision == Decision.REJECT:
        return _reinstate(statement.complaint, Status.REJECTED, moderator, reason, now)
    if decision == Decision.REMOVE:
        return _reinstate(statement.complaint, Status.REMOVED, moderator, reason, now)
    if decision == Decision.REDACT:
        return _restore_text(statement, moderator, now)
    if decision == Decision.REMOVE_REPLY:
        return _changed(update(Reply).where(Reply.id == statement.reply_id,
                                            Reply.removed_at.is_not(None))
                        .values(removed_at=None, removal_reason=None))
    if decision == Decision.BAN:
        return _changed(update(User).where(User.id == statement.user_id,
                                           User.banned_at.is_not(None))
                        .values(banned_at=None, ban_reason=None))
    if decision == Decision.CLAIM_REFUSE:
        claim = db.session.get(Claim, statement.claim_id) if statement.claim_id else None
        return claim is not None and webcare.approve_refused_claim(moderator, claim)
    if decision == Decision.NOTICE_DISMISS:
        return _changed(update(Notice).where(Notice.id == statement.notice_id,
                                             Notice.status == NoticeStatus.DISMISSED)
                        .values(status=NoticeStatus.OPEN, decided_at=None, decided_by_id=None,
                                decision_reason=None))
    raise ValueError(f"no way to undo {decision}")


def _changed(statement) -> bool:
    result = db.session.execute(statement, execution_options={"synchronize_session": False})
    return result.rowcount == 1


def _reinstate(complaint: Complaint | None, status: Status, moderator: User, reason: str,
               now: datetime) -> bool:
    """A rejected complaint waits for moderation again; a removed one returns to the public
    status it had before its removal. Through the state machine, which writes the event; only
    while the complaint is still in the `status` the decision left it in."""
    if complaint is None:
        return False
    db.session.refresh(complaint)
    if complaint.status != status:
        return False
    restore_to = None
    if status == Status.REMOVED:
        restore_to = db.session.scalar(
            select(ComplaintEvent.from_status)
            .where(ComplaintEvent.complaint_id == complaint.id,
                   ComplaintEvent.action == Action.REMOVE)
            .order_by(ComplaintEvent.created_at.desc(), ComplaintEvent.id.desc()).limit(1))
        if restore_to is None:
            return False
        restore_to = Status(restore_to)
    apply_transition(complaint, Action.REINSTATE, actor=moderator, roles={Role.MODERATOR},
                     reason=reason, now=now, restore_to=restore_to)
    return True


def _restore_text(statement: Statement, moderator: User, now: datetime) -> bool:
    """Put back the text a redaction replaced; the redacted text is kept as a revision, as
    every text a moderator replaces is."""
    complaint = statement.complaint
    original = (db.session.get(ComplaintRevision, statement.revision_id)
                if statement.revision_id else None)
    if complaint is None or original is None:
        return False
    db.session.add(ComplaintRevision(
        complaint_id=complaint.id, editor_id=moderator.id, title=complaint.title,
        body_source=complaint.body_source, desired_outcome=complaint.desired_outcome,
        created_at=now))
    set_text(complaint, original.title, original.body_source, original.desired_outcome)
    complaint.moderated_at = now
    flush_versioned()
    return True


def _log(statement: Statement, moderator: User, outcome: str, reason: str,
         now: datetime) -> None:
    """One row of the moderation log, on the item the decision was about.

    For a complaint or a reply the outcome's reasons are public, as a removal's are. A block
    and a claim concern a person: the row counts in the public figures but its reasons stay
    with the moderators (the public page shows a fixed sentence)."""
    action = (ModAction.APPEAL_REVERSED if outcome == AppealOutcome.REVERSED
              else ModAction.APPEAL_UPHELD)
    decision = Decision(statement.decision)
    if decision == Decision.BAN:
        record(action, actor=moderator, user=statement.user, private_note=reason, now=now)
        return
    if decision == Decision.CLAIM_REFUSE:
        record(action, actor=moderator, company=statement.company or _claim_company(statement),
               private_note=reason, now=now)
        return
    reply = statement.reply
    complaint = statement.complaint
    if decision == Decision.NOTICE_DISMISS and statement.notice_id:
        notice = db.session.get(Notice, statement.notice_id)
        reply, complaint = notice.reply, notice.complaint
    if reply is not None:
        record(action, actor=moderator, reply=reply, public_reason=reason, now=now)
    else:
        record(action, actor=moderator, complaint=complaint, public_reason=reason, now=now)


def _claim_company(statement: Statement):
    claim = db.session.get(Claim, statement.claim_id)
    return claim.company


# --- for the pages and mails ------------------------------------------------------------------

def _address(statement: Statement) -> str | None:
    """Where mail about this statement goes; None for an account deleted since."""
    if statement.user_id is None:
        return statement.email
    return None if statement.user.is_deleted else statement.user.email


def _name(statement: Statement) -> str | None:
    return statement.user.display_name if statement.user is not None else None


