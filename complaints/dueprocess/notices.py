"""Notice and action: anyone reports a published complaint or reply; moderators act or dismiss.

A notice from a signed-in person with a verified address enters the moderators' queue at
once; anyone else confirms their address first, through the link in the receipt mail. The
moderators then act on the item (remove or redact it, on their own pages, which call
`settle_acted`) or dismiss the notice with a statement of reasons to the notifier.

The notifier's name, address and kind are for the moderators and the mails to the notifier
alone: nothing of them reaches the item's author or the public.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlsplit

from flask import current_app, has_request_context, request, url_for
from sqlalchemy import Select, func, select, update
from sqlalchemy.orm import selectinload
from werkzeug.exceptions import HTTPException
from werkzeug.routing import RequestRedirect

from complaints.accounts.models import User
from complaints.accounts.services import normalize_email
from complaints.accounts.tokens import InvalidToken, make_token, read_token
from complaints.cases.models import Complaint
from complaints.cases.workflow import Status
from complaints.clock import utcnow
from complaints.companies.models import CompanyDomain
from complaints.dueprocess import statements
from complaints.dueprocess.models import (
    Decision,
    Notice,
    NoticeReason,
    NoticeStatus,
    NotifierKind,
    Statement,
)
from complaints.errors import AlreadyHandled, DomainError
from complaints.extensions import db
from complaints.formats import gettext as _
from complaints.notifications.outbox import queue_mail
from complaints.threads.models import Reply
from complaints.webcare.services import company_spoken_for, email_domain, is_webmail

NOTICE_LINK = "notice"
NOTICE_LINK_MAX_AGE = 3 * 24 * 3600  # the confirmation link works for three days
EXPLANATION_MAX = 4000
NAME_MAX = 120
URL_MAX = 500
# One address sends at most this many notices a day: enough for a lawyer with a few stories
# to report, too few to flood the moderators from one mailbox.
PER_ADDRESS_LIMIT = 5
PER_ADDRESS_WINDOW = timedelta(hours=24)
_REPLY_ANCHOR = re.compile(r"reply-(\d{1,10})")


@dataclass
class NoticeDraft:
    url: str
    reason: str
    explanation: str
    name: str
    email: str
    good_faith: bool


# --- which item a notice is about -------------------------------------------------------------

def _own_hosts() -> set[str]:
    hosts = {urlsplit(current_app.config.get("PUBLIC_BASE_URL") or "").netloc.lower()}
    if has_request_context():
        hosts.add(request.host.lower())
    if current_app.config.get("SERVER_NAME"):
        hosts.add(current_app.config["SERVER_NAME"].lower())
    return hosts - {""}


def resolve_url(raw: str) -> tuple[Complaint, Reply | None]:
    """The published complaint, and the reply in it, that a URL of this site points to.

    Accepts the complaint's address (absolute on this site's host, or a path) with an
    optional `#reply-<id>` anchor, as the complaint page links each reply. Anything else (a
    page elsewhere, a company page, a complaint that is not public, a removed reply) is a
    DomainError on the `url` field.
    """
    not_ours = _("Give the address of a published complaint or reply on Helpdeskhel.")
    raw = (raw or "").strip()
    if not raw or len(raw) > URL_MAX or any(ord(ch) < 32 for ch in raw):
        raise DomainError(not_ours, "url")
    parts = urlsplit(raw if "://" in raw or raw.startswith("/") else "/" + raw)
    if parts.scheme not in ("", "http", "https"):
        raise DomainError(not_ours, "url")
    if parts.netloc and parts.netloc.lower() not in _own_hosts():
        raise DomainError(not_ours, "url")
    adapter = current_app.url_map.bind("localhost")
    try:
        endpoint, args = adapter.match(parts.path or "/", method="GET")
    except (HTTPException, RequestRedirect) as error:
        raise DomainError(not_ours, "url") from error
    if endpoint != "cases.show":
        raise DomainError(not_ours, "url")
    complaint = db.session.get(Complaint, args["complaint_id"])
    if complaint is None or not complaint.is_public:
        raise DomainError(_("This complaint is not published (any more)."), "url")
    anchor = _REPLY_ANCHOR.fullmatch(parts.fragment or "")
    if anchor is None:
        return complaint, None
    reply = db.session.get(Reply, int(anchor.group(1)))
    if reply is None or reply.complaint_id != complaint.id or reply.is_removed:
        raise DomainError(_("This reply is not in the thread (any more)."), "url")
    return complaint, reply


def item_url(complaint: Complaint, reply: Reply | None = None) -> str:
    """The absolute address of a complaint or of a reply in it (what a notice points to)."""
    return url_for("cases.show", complaint_id=complaint.id, _external=True,
                   _anchor=f"reply-{reply.id}" if reply is not None else None)


# --- who sends it -------------------------------------------------------------------------

def _domain_candidates(address: str) -> list[str]:
    """'mail.belnet.nl' -> ['mail.belnet.nl', 'belnet.nl']: the address's domain and the
    domains above it (an address on a subdomain is on the company's domain)."""
    labels = email_domain(address).split(".")
    return [".".join(labels[i:]) for i in range(len(labels) - 1)]


def notifier_of(user: User | None, email: str, complaint: Complaint) -> tuple[str, int | None]:
    """The kind of notifier (as the transparency report counts them) and the company they
    speak for: a company's representative, or an address on a company's own domain, speaks
    for that company (the complaint's company when it is one of theirs); another signed-in
    person is a consumer; anyone else is "other"."""
    if user is not None and user.is_authenticated:
        company_id = company_spoken_for(user, complaint.company_id)
        if company_id is not None:
            return NotifierKind.COMPANY, company_id
    if not is_webmail(email_domain(email)):
        owners = list(db.session.scalars(
            select(CompanyDomain.company_id)
            .where(CompanyDomain.domain.in_(_domain_candidates(email)))))
        if owners:
            return NotifierKind.COMPANY, (complaint.company_id if complaint.company_id in owners
                                          else owners[0])
    if user is not None and user.is_authenticated:
        return NotifierKind.CONSUMER, None
    return NotifierKind.OTHER, None


# --- sending and confirming -----------------------------------------------------------------

def _check_per_address(email: str) -> None:
    since = utcnow() - PER_ADDRESS_WINDOW
    sent = db.session.scalar(select(func.count()).select_from(Notice).where(
        Notice.email == email, Notice.created_at >= since))
    if sent >= PER_ADDRESS_LIMIT:
        raise DomainError(_("This address sent %(count)d notices in the last 24 hours; that is "
                            "the most we take in a day. Try again tomorrow, or write to us "
                            "through the contact page.", count=PER_ADDRESS_LIMIT), "email")


def send_notice(user: User | None, draft: NoticeDraft, *, locale: str = "nl") -> Notice:
    """Store a notice and mail its receipt.

    From a signed-in person with a verified address who gives that address, the notice is
    open at once. Anyone else gets a link to confirm the address first; the notice waits
    (unconfirmed) until then, so nobody can send notices in someone else's name.
    """
    complaint, reply = resolve_url(draft.url)
    if draft.reason not in set(NoticeReason):
        raise DomainError(_("Choose what is wrong with it."), "reason")
    explanation = (draft.explanation or "").strip()
    if not explanation:
        raise DomainError(_("Explain what is illegal or against the house rules, and why."),
                          "explanation")
    if len(explanation) > EXPLANATION_MAX:
        raise DomainError(_("At most %(max)d characters.", max=EXPLANATION_MAX), "explanation")
    name = " ".join((draft.name or "").split())
    if not name or len(name) > NAME_MAX:
        raise DomainError(_("Fill in your name (at most %(max)d characters).", max=NAME_MAX),
                          "name")
    email = normalize_email(draft.email)
    if not draft.good_faith:
        raise DomainError(_("Confirm that you believe the notice is accurate and complete."),
                          "good_faith")
    _check_per_address(email)
    signed_in = user if user is not None and user.is_authenticated else None
    kind, company_id = notifier_of(signed_in, email, complaint)
    now = utcnow()
    confirmed = (signed_in is not None and signed_in.is_verified
                 and signed_in.email.lower() == email)
    notice = Notice(
        url=item_url(complaint, reply), complaint_id=complaint.id,
        reply_id=reply.id if reply else None, reason=draft.reason, explanation=explanation,
        name=name, email=email, locale=locale, good_faith=True,
        user_id=signed_in.id if signed_in else None, notifier_kind=kind,
        sender_company_id=company_id,
        status=NoticeStatus.OPEN if confirmed else NoticeStatus.UNCONFIRMED,
        created_at=now, confirmed_at=now if confirmed else None)
    db.session.add(notice)
    db.session.flush()
    confirm_url = None
    if not confirmed:
        token = make_token(NOTICE_LINK, {"notice": notice.id, "email": email})
        confirm_url = url_for("dueprocess.confirm_notice", token=token, _external=True)
    queue_mail(email, "notice_received", locale=locale, notice=notice, complaint=complaint,
               reply=reply, confirm_url=confirm_url)
    db.session.commit()
    return notice


def notice_for_link(token: str) -> Notice:
    """The notice a mailed confirmation link is about, or a DomainError saying why not."""
    try:
        payload = read_token(NOTICE_LINK, token, current_app.config.get(
            "NOTICE_LINK_MAX_AGE", NOTICE_LINK_MAX_AGE))
    except InvalidToken as error:
        raise DomainError(_("This link has expired. Send the notice again; we then mail you a "
                            "new link.") if error.expired else
                          _("This link is not valid.")) from error
    notice_id = payload.get("notice")
    notice = db.session.get(Notice, notice_id) if isinstance(notice_id, int) else None
    if notice is None or notice.email != payload.get("email"):
        raise DomainError(_("This link is not valid."))
    return notice


def confirm_notice(notice: Notice) -> bool:
    """Put an unconfirmed notice in the moderators' queue (its sender proved their address).
    Confirming twice changes nothing; returns whether this call confirmed it."""
    now = utcnow()
    won = db.session.execute(
        update(Notice).where(Notice.id == notice.id,
                             Notice.status == NoticeStatus.UNCONFIRMED)
        .values(status=NoticeStatus.OPEN, confirmed_at=now),
        execution_options={"synchronize_session": False}).rowcount
    db.session.commit()
    db.session.refresh(notice)
    return bool(won)


# --- the moderators' queue ----------------------------------------------------------------

def open_notices() -> Select:
    """The notices waiting for a moderator, the longest waiting first."""
    return (select(Notice).where(Notice.status == NoticeStatus.OPEN)
            .options(selectinload(Notice.complaint), selectinload(Notice.reply))
            .order_by(Notice.confirmed_at, Notice.id))


def dismiss_notice(moderator: User, notice: Notice, *, reason: str, ground: str,
                   facts: str = "") -> Statement:
    """The item stays as it is: the notice is closed, and the notifier gets a statement of
    reasons (with the appeal link). The item's author is not told: nothing changed for them.
    A notice another moderator decided a moment ago raises AlreadyHandled."""
    reason = " ".join((reason or "").split())
    if not reason:
        raise DomainError(_("Write down why the item stays."), "reason")
    statements.check_ground(ground)
    now = utcnow()
    won = db.session.execute(
        update(Notice).where(Notice.id == notice.id, Notice.status == NoticeStatus.OPEN)
        .values(status=NoticeStatus.DISMISSED, decided_at=now, decided_by_id=moderator.id,
                decision_reason=reason),
        execution_options={"synchronize_session": False}).rowcount
    if won != 1:
        db.session.rollback()
        raise AlreadyHandled(_("Another moderator handled this notice a moment ago. Nothing "
                               "was changed."))
    statement = statements.issue(
        Decision.NOTICE_DISMISS, moderator=moderator, facts=facts or reason, ground=ground,
        user=notice.user, email=None if notice.user else notice.email, locale=notice.locale,
        complaint=notice.complaint, reply=notice.reply, notice_id=notice.id)
    db.session.commit()
    db.session.refresh(notice)
    return statement


def settle_acted(moderator: User, *, complaint: Complaint | None = None,
                 reply: Reply | None = None, reason: str) -> int:
    """Close the open notices a moderator's action answered, and tell each notifier.

    Called by the removal and redaction services in their own transaction, before their
    commit. For a reply: the notices on that reply. For a removed complaint: every notice on
    it, its replies included (they left public view with it). For any other complaint (it
    was redacted): the notices on the complaint itself. Each notice is closed with a
    conditional UPDATE, so one closed by someone else meanwhile is neither changed nor mailed
    again. Returns how many were closed.
    """
    if reply is not None:
        scope = Notice.reply_id == reply.id
        complaint = reply.complaint
        decision = Decision.REMOVE_REPLY
    elif complaint is not None:
        scope = Notice.complaint_id == complaint.id
        if complaint.status == Status.REMOVED:
            decision = Decision.REMOVE
        else:
            scope = scope & Notice.reply_id.is_(None)
            decision = Decision.REDACT
    else:
        raise ValueError("settle_acted needs a complaint or a reply")
    reason = " ".join((reason or "").split())
    now = utcnow()
    settled = 0
    for notice in db.session.scalars(select(Notice).where(
            scope, Notice.status == NoticeStatus.OPEN).order_by(Notice.id)).all():
        won = db.session.execute(
            update(Notice).where(Notice.id == notice.id, Notice.status == NoticeStatus.OPEN)
            .values(status=NoticeStatus.ACTED, decided_at=now, decided_by_id=moderator.id,
                    decision_reason=reason or None),
            execution_options={"synchronize_session": False}).rowcount
        if won != 1:
            continue
        settled += 1
        queue_mail(notice.email, "notice_decided", locale=notice.locale, notice=notice,
                   complaint=complaint, decision=str(decision), reason=reason)
    return settled

