"""The conversation about a complaint: public replies, private messages, "we think this is
solved", "ik ook" support and the contact ledger.

Each service is one transaction. Replies pass the personal-data guard and the sanitizer like
complaints do; a company reply that asks for confidential details in public is stopped with a
warning pointing to the private channel. Only the author resolves a complaint.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from flask import url_for
from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from werkzeug.datastructures import FileStorage

from complaints import permissions, pii
from complaints.accounts.models import User
from complaints.accounts.tokens import InvalidToken, make_token, read_token
from complaints.cases.models import Complaint
from complaints.cases.services import (
    apply_transition,
    company_domains,
    flush_versioned,
    office_address,
    resolve_complaint,
)
from complaints.cases.workflow import Action, Role, Status
from complaints.clock import utcnow
from complaints.errors import AlreadyHandled, DomainError, NotAllowed
from complaints.evidence import services as evidence
from complaints.extensions import db
from complaints.figures import services as figures
from complaints.formats import gettext as _
from complaints.moderation.log import record
from complaints.moderation.models import ModAction
from complaints.notifications.outbox import queue_mail
from complaints.outcomes import promises
from complaints.sanitize import render_markdown
from complaints.threads.models import (
    Channel,
    ContactEntry,
    PrivateMessage,
    PrivateRead,
    Reply,
    Support,
    Voice,
)
from complaints.webcare.models import Representative
from complaints.webhooks import events as webhook_events

REPLY_MAX = 10_000
MESSAGE_MAX = 10_000
ANSWER_LINK = "solved-answer"
ANSWER_MAX_AGE = 60 * 24 * 3600
TICKET_MAX = 60


class AsksForPersonalData(DomainError):
    """A company reply asks the consumer, in public, for details that belong in a private
    message. The representative is warned and can still post it deliberately."""

    def __init__(self, kinds: list[pii.Kind]):
        labels = ", ".join(str(pii.KIND_LABELS[kind]) for kind in kinds)
        super().__init__(_("Your reply asks for %(items)s in public. Everyone can read this "
                           "thread: ask for it in a private message instead.", items=labels),
                         "body")
        self.kinds = kinds


def _team(complaint: Complaint) -> list[Representative]:
    return list(db.session.scalars(select(Representative).where(
        Representative.company_id == complaint.company_id, Representative.removed_at.is_(None))))


def _voice(user: User, complaint: Complaint) -> tuple[Voice, Representative | None]:
    """In which capacity the user writes: as the author, for the company, or as moderator."""
    if permissions.is_author(user, complaint):
        return Voice.CONSUMER, None
    rep = permissions.representation(user, complaint.company_id)
    if rep is not None:
        return Voice.COMPANY, rep
    return Voice.MODERATOR, None


def _complaint_url(complaint: Complaint, anchor: str = "") -> str:
    return url_for("cases.show", complaint_id=complaint.id, _external=True) + anchor


def _text(body: str, limit: int) -> str:
    body = (body or "").strip()
    if not body:
        raise DomainError(_("Write a message first."), "body")
    if len(body) > limit:
        raise DomainError(_("At most %(max)d characters.", max=limit), "body")
    return body


# --- the public thread ----------------------------------------------------------------------

def post_reply(user: User, complaint: Complaint, body: str, *, redact_pii: bool = False,
               confirm_public: bool = False, promise_kind: str | None = None,
               promise_amount: str | Decimal | None = None,
               promise_due: date | None = None) -> Reply:
    """Add a public reply: the author's follow-up, the company's answer or a moderator's note.

    The company's first reply moves an open complaint to answered and records when; any
    company reply means the consumer no longer waits, a consumer follow-up means they wait
    again. The other side is told by e-mail, and the company's webhooks of a consumer's
    reply. When someone else changed the complaint at the same moment (two representatives
    answering at once), it is tried once more on the fresh state, so nobody's reply is lost.

    A representative's reply may carry a promise (`promise_kind`, `promise_amount` in euros,
    `promise_due`), checked by `outcomes.promises.check_terms` and stored with the reply.
    """
    offer = (promise_kind, promise_amount, promise_due)
    try:
        return _post_reply(user, complaint, body, redact_pii, confirm_public, offer)
    except AlreadyHandled:
        return _post_reply(user, db.session.get(Complaint, complaint.id), body, redact_pii,
                           confirm_public, offer)


def _post_reply(user: User, complaint: Complaint, body: str, redact_pii: bool,
                confirm_public: bool, offer: tuple) -> Reply:
    if not permissions.can_reply(user, complaint):
        raise NotAllowed(_("You cannot reply to this complaint."))
    body = _text(body, REPLY_MAX)
    terms = promises.check_terms(*offer)
    if terms is not None and not permissions.can_promise(user, complaint):
        raise DomainError(_("Only the company's representatives make promises."),
                          "promise_kind")
    voice, rep = _voice(user, complaint)
    guarded = pii.guard_fields({"body": body}, redact=redact_pii, markdown_fields={"body"},
                               company_domains=company_domains(complaint.company),
                               office_address=office_address(complaint.company))
    body = guarded.texts["body"]
    if voice == Voice.COMPANY and not confirm_public:
        asked = pii.asks_for_personal_data(body)
        if asked:
            raise AsksForPersonalData(asked)
    now = utcnow()
    reply = Reply(complaint_id=complaint.id, author_id=user.id, voice=voice,
                  representative_id=rep.id if rep else None,
                  signature_name=rep.name if rep else None,
                  signature_title=rep.job_title if rep else None,
                  body_source=body, body_html=render_markdown(body),
                  pii_redactions=guarded.redactions or None, created_at=now)
    db.session.add(reply)
    if terms is not None:
        promises.attach(reply, complaint, terms)
    if voice == Voice.COMPANY and complaint.status == Status.OPEN:
        apply_transition(complaint, Action.ANSWER, actor=user, roles={Role.REPRESENTATIVE},
                         now=now)
    elif voice == Voice.COMPANY:
        complaint.awaiting_company_since = None
    elif voice == Voice.CONSUMER and complaint.status != Status.RESOLVED:
        complaint.awaiting_company_since = complaint.awaiting_company_since or now
    flush_versioned()
    _tell_the_other_side(complaint, reply)
    if voice == Voice.CONSUMER:
        webhook_events.consumer_replied(complaint, reply)
    db.session.commit()
    return reply


def _tell_the_other_side(complaint: Complaint, reply: Reply) -> None:
    url = _complaint_url(complaint, f"#reply-{reply.id}")
    if reply.voice in (Voice.COMPANY, Voice.MODERATOR):
        author = complaint.author
        if not author.is_deleted:
            queue_mail(author.email, "new_reply_for_author", locale=author.locale,
                       user=author, complaint=complaint, reply=reply, complaint_url=url)
    if reply.voice in (Voice.CONSUMER, Voice.MODERATOR):
        for rep in _team(complaint):
            queue_mail(rep.work_email, "new_reply_for_company", locale="nl", rep=rep,
                       complaint=complaint, reply=reply, complaint_url=url)


def thread(complaint: Complaint) -> list[Reply]:
    return list(db.session.scalars(
        select(Reply).where(Reply.complaint_id == complaint.id)
        .order_by(Reply.created_at, Reply.id)))


# --- private messages -----------------------------------------------------------------------

def send_private_message(user: User, complaint: Complaint, body: str,
                         attachments: Iterable[FileStorage | None] = ()) -> PrivateMessage:
    """A private message between the author and the company, with any files (`evidence`);
    the other side gets an e-mail with a link (never the text: mail is less private than the
    site)."""
    if not permissions.can_send_private(user, complaint):
        raise NotAllowed(_("You cannot send private messages about this complaint."))
    body = _text(body, MESSAGE_MAX)
    uploads = evidence.read_uploads(attachments)
    voice, rep = _voice(user, complaint)
    message = PrivateMessage(complaint_id=complaint.id, company_id=complaint.company_id,
                             sender_id=user.id, voice=voice,
                             representative_id=rep.id if rep else None,
                             signature_name=rep.name if rep else None,
                             body_source=body, body_html=render_markdown(body))
    with evidence.keeping() as files:
        db.session.add(message)
        files.keep(uploads, complaint=complaint, uploader=user, message=message)
        url = _complaint_url(complaint, "#private")
        if voice == Voice.COMPANY:
            author = complaint.author
            if not author.is_deleted:
                queue_mail(author.email, "private_message", locale=author.locale,
                           complaint=complaint, complaint_url=url, from_company=True)
        else:
            for member in _team(complaint):
                queue_mail(member.work_email, "private_message", locale="nl",
                           complaint=complaint, complaint_url=url, from_company=False)
        db.session.commit()
    return message


def read_private_messages(user: User, complaint: Complaint) -> list[PrivateMessage]:
    """The private conversation, for the people in it and for moderators; a moderator who is
    not part of it leaves a (non-public) line in the moderation log each time."""
    if not permissions.can_read_private(user, complaint):
        raise NotAllowed(_("These messages are private."))
    messages = list(db.session.scalars(
        select(PrivateMessage).where(PrivateMessage.complaint_id == complaint.id)
        .order_by(PrivateMessage.created_at, PrivateMessage.id)))
    if permissions.reads_private_as_moderator(user, complaint):
        record(ModAction.PRIVATE_READ, actor=user, complaint=complaint, public=False,
               private_note=f"{len(messages)} messages")
        db.session.commit()
    elif messages:
        mark_read(user, complaint, max(message.id for message in messages))
    return messages


def mark_read(user: User, complaint: Complaint, last_message_id: int) -> None:
    """Remember that this person (the author or one representative) has seen the private
    messages of the complaint up to `last_message_id`. Writes only when that moves on; two
    tabs opening the page at once both end on the newest id."""
    read = db.session.get(PrivateRead, (user.id, complaint.id))
    if read is not None and read.last_message_id >= last_message_id:
        return
    now = utcnow()
    if read is not None:
        read.last_message_id, read.read_at = last_message_id, now
        db.session.commit()
        return
    try:
        with db.session.begin_nested():
            db.session.add(PrivateRead(user_id=user.id, complaint_id=complaint.id,
                                       last_message_id=last_message_id, read_at=now))
    except IntegrityError:  # the other tab was first
        db.session.execute(update(PrivateRead).where(
            PrivateRead.user_id == user.id, PrivateRead.complaint_id == complaint.id,
            PrivateRead.last_message_id < last_message_id).values(
            last_message_id=last_message_id, read_at=now))
    db.session.commit()


# --- "we think this is solved" --------------------------------------------------------------

def answer_links(complaint: Complaint) -> dict[str, str]:
    """Signed links for the author's answer to "is it solved?" (they open a page with one
    button; a link alone never changes anything, since mail scanners follow links)."""
    token = make_token(ANSWER_LINK, {"complaint": complaint.id, "author": complaint.author_id})
    return {answer: url_for("threads.answer", complaint_id=complaint.id, token=token,
                            answer=answer, _external=True)
            for answer in ("yes", "no")}


def propose_resolution(user: User, complaint: Complaint) -> None:
    """A representative says the company thinks the complaint is solved; the author is asked.
    Until the author answers, the complaint stays unresolved: silence never resolves it."""
    if not permissions.can_propose_resolution(user, complaint):
        raise NotAllowed(_("You cannot propose this now."))
    complaint.resolution_proposed_at = utcnow()
    complaint.resolution_proposed_by_id = user.id
    flush_versioned()
    author = complaint.author
    if not author.is_deleted:
        queue_mail(author.email, "resolution_proposed", locale=author.locale, user=author,
                   complaint=complaint, links=answer_links(complaint),
                   complaint_url=_complaint_url(complaint))
    db.session.commit()


def complaint_for_answer(complaint_id: int, token: str) -> Complaint:
    """The complaint a signed answer link is about, checked against the link."""
    try:
        payload = read_token(ANSWER_LINK, token, ANSWER_MAX_AGE)
    except InvalidToken as error:
        raise DomainError(_("This link has expired. Sign in to answer on the complaint page.")
                          if error.expired else _("This link is not valid.")) from error
    complaint = db.session.get(Complaint, complaint_id)
    if (complaint is None or payload.get("complaint") != complaint.id
            or payload.get("author") != complaint.author_id):
        raise DomainError(_("This link is not valid."))
    return complaint


@dataclass
class Answer:
    solved: bool
    rating: int | None = None
    closing_note: str = ""
    again: bool | None = None


def answer_resolution_question(complaint: Complaint, answer: Answer) -> None:
    """The author answers "is it solved?" (from the mailed link or the complaint page).

    Yes resolves the complaint, as the author; no tells the company and the complaint waits
    for them again. Either answer reaches the company's webhooks in the same transaction.
    """
    author = complaint.author
    if answer.solved:
        if complaint.status == Status.RESOLVED:
            return
        resolve_complaint(author, complaint, answer.rating, answer.closing_note,
                          again=answer.again,
                          before_commit=lambda: webhook_events.resolution_answered(
                              complaint, solved=True))
        return
    if complaint.status not in (Status.OPEN, Status.ANSWERED):
        raise AlreadyHandled(_("This complaint is not open any more."))
    proposed = complaint.resolution_proposed_at is not None
    complaint.resolution_proposed_at = None
    complaint.resolution_proposed_by_id = None
    complaint.awaiting_company_since = complaint.awaiting_company_since or utcnow()
    flush_versioned()
    if proposed:
        for rep in _team(complaint):
            queue_mail(rep.work_email, "resolution_declined", locale="nl", rep=rep,
                       complaint=complaint, complaint_url=_complaint_url(complaint))
    webhook_events.resolution_answered(complaint, solved=False)
    db.session.commit()


# --- "ik ook" -------------------------------------------------------------------------------

def support(user: User, complaint: Complaint) -> bool:
    """Add one "ik ook" for this person; the stored count moves in the same transaction.
    Returns False when they already supported it (nothing changes)."""
    if not permissions.can_support(user, complaint):
        raise NotAllowed(_("You cannot support this complaint."))
    if not add_support(user, complaint):
        db.session.rollback()
        return False
    db.session.commit()
    return True


def add_support(user: User, complaint: Complaint) -> bool:
    """One "ik ook" from `user` on `complaint`, with its count, in the caller's transaction
    (a savepoint, so a second one from the same person changes nothing). Returns False when
    they already supported it. Permissions are the caller's: a moderator turning someone's
    near-duplicate story into their "ik ook" acts for them."""
    try:
        with db.session.begin_nested():
            db.session.add(Support(complaint_id=complaint.id, user_id=user.id))
    except IntegrityError:
        return False
    _count_supporters(complaint, +1)
    return True


def withdraw_support(user: User, complaint: Complaint) -> bool:
    if not permissions.can_support(user, complaint):
        raise NotAllowed(_("You cannot support this complaint."))
    result = db.session.execute(delete(Support).where(Support.complaint_id == complaint.id,
                                                      Support.user_id == user.id))
    if result.rowcount != 1:
        db.session.rollback()
        return False
    _count_supporters(complaint, -1)
    db.session.commit()
    return True


def _count_supporters(complaint: Complaint, delta: int) -> None:
    # A plain UPDATE: the count is not part of the complaint's versioned state, so a support
    # never makes a moderator's action on the complaint fail.
    db.session.execute(
        update(Complaint).where(Complaint.id == complaint.id)
        .values(supporters_count=Complaint.supporters_count + delta),
        execution_options={"synchronize_session": False},
    )
    db.session.expire(complaint, ["supporters_count"])
    figures.add_supporters(complaint, delta)


def has_supported(user: User | None, complaint: Complaint) -> bool:
    if user is None or not user.is_authenticated:
        return False
    return db.session.scalar(select(Support.id).where(
        Support.complaint_id == complaint.id, Support.user_id == user.id)) is not None


# --- the contact ledger ---------------------------------------------------------------------

@dataclass
class ContactDraft:
    contacted_on: date
    channel: str
    minutes_waited: int | None
    reached_human: bool
    ticket_number: str


def log_contact(user: User, complaint: Complaint, draft: ContactDraft) -> ContactEntry:
    """The author logs an earlier contact with the company."""
    if not permissions.can_log_contact(user, complaint):
        raise NotAllowed(_("Only the author keeps the list of contacts."))
    if draft.channel not in set(Channel):
        raise DomainError(_("Choose how you contacted the company."), "channel")
    if draft.contacted_on > utcnow().date():
        raise DomainError(_("This date is in the future."), "contacted_on")
    if draft.minutes_waited is not None and not 0 <= draft.minutes_waited <= 24 * 60:
        raise DomainError(_("Fill in 0 to %(max)d minutes.", max=24 * 60), "minutes_waited")
    ticket = " ".join((draft.ticket_number or "").split())
    if len(ticket) > TICKET_MAX:
        raise DomainError(_("At most %(max)d characters.", max=TICKET_MAX), "ticket_number")
    entry = ContactEntry(complaint_id=complaint.id, contacted_on=draft.contacted_on,
                         channel=draft.channel, minutes_waited=draft.minutes_waited,
                         reached_human=draft.reached_human, ticket_number=ticket)
    db.session.add(entry)
    db.session.commit()
    return entry


def delete_contact(user: User, complaint: Complaint, entry_id: int) -> None:
    if not permissions.can_log_contact(user, complaint):
        raise NotAllowed(_("Only the author keeps the list of contacts."))
    result = db.session.execute(delete(ContactEntry).where(
        ContactEntry.id == entry_id, ContactEntry.complaint_id == complaint.id))
    if result.rowcount != 1:
        db.session.rollback()
        raise DomainError(_("This contact is not in the list."))
    db.session.commit()


def contacts(complaint: Complaint) -> list[ContactEntry]:
    return list(db.session.scalars(
        select(ContactEntry).where(ContactEntry.complaint_id == complaint.id)
        .order_by(ContactEntry.contacted_on, ContactEntry.id)))
