"""Every authorization rule of the site, as named predicates.

Views call these before acting, and templates get them as Jinja globals, so a button that is
shown and the check behind it can never disagree. Each takes the user (possibly anonymous)
first. Roles: a visitor (anonymous), a consumer (verified e-mail), the author of a complaint,
a representative of a company (a membership, not a kind of account), a moderator, an admin.
"""

from __future__ import annotations

import ipaddress
from datetime import datetime
from typing import TYPE_CHECKING

from flask import current_app, g, has_request_context
from sqlalchemy import select

from complaints.cases.workflow import (
    PUBLIC_STATUSES,
    REOPEN_WINDOW,
    UNRESOLVED_STATUSES,
    Action,
    Role,
    Status,
    allowed_actions,
)
from complaints.clock import dutch_day, utcnow
from complaints.extensions import db

if TYPE_CHECKING:
    from complaints.accounts.models import User
    from complaints.api.models import ApiToken
    from complaints.cases.models import Complaint
    from complaints.companies.models import Company
    from complaints.dueprocess.models import Appeal, Statement
    from complaints.evidence.models import Attachment
    from complaints.outcomes.models import Promise
    from complaints.threads.models import Reply
    from complaints.webcare.models import Representative


def _signed_in(user: User | None) -> bool:
    return bool(user is not None and user.is_authenticated)


def can_moderate(user: User | None) -> bool:
    """Moderators and admins see the queues and act on them."""
    return _signed_in(user) and user.is_moderator


def _active(user: User | None) -> bool:
    """Signed in and not blocked by a moderator."""
    return _signed_in(user) and not user.is_banned and not user.is_deleted


def can_submit_complaint(user: User | None) -> bool:
    """Only people who proved their e-mail address may submit; it keeps throwaway spam out.
    A blocked person cannot submit."""
    return _active(user) and user.is_verified


def is_author(user: User | None, complaint: Complaint) -> bool:
    return _signed_in(user) and complaint.author_id == user.id


def representation(user: User | None, company_id: int) -> Representative | None:
    """The user's active membership of the company's webcare team, if any (cached for the
    request, since a page asks several questions about the same pair)."""
    from complaints.webcare.models import Representative

    if not _signed_in(user):
        return None
    cache = g.setdefault("representations", {}) if has_request_context() else {}
    key = (user.id, company_id)
    if key not in cache:
        cache[key] = db.session.scalar(select(Representative).where(
            Representative.user_id == user.id, Representative.company_id == company_id,
            Representative.removed_at.is_(None)))
    return cache[key]


def forget_representations() -> None:
    """Drop the request's cache after the team of a company changed."""
    if has_request_context():
        g.pop("representations", None)


def is_representative(user: User | None, company: Company) -> bool:
    return representation(user, company.id) is not None


def is_owner(user: User | None, company: Company) -> bool:
    rep = representation(user, company.id)
    return rep is not None and rep.is_owner


def complaint_roles(user: User | None, complaint: Complaint) -> set[Role]:
    """The state-machine roles this user holds for this complaint."""
    roles: set[Role] = set()
    if is_author(user, complaint):
        roles.add(Role.AUTHOR)
    if can_moderate(user):
        roles.add(Role.MODERATOR)
    if representation(user, complaint.company_id) is not None:
        roles.add(Role.REPRESENTATIVE)
    return roles


def can_view_complaint(user: User | None, complaint: Complaint) -> bool:
    """Published complaints are public; a removed one shows its tombstone to everyone.

    Pending, rejected and withdrawn complaints are seen only by their author and moderators;
    to anyone else they do not exist (404, so ids reveal nothing).
    """
    if complaint.status in PUBLIC_STATUSES or complaint.status == Status.REMOVED:
        return True
    return is_author(user, complaint) or can_moderate(user)


def can_view_full_history(user: User | None, complaint: Complaint) -> bool:
    """The author and moderators also see the steps before publication (rejections, edits)."""
    return is_author(user, complaint) or can_moderate(user)


def can_take_action(user: User | None, complaint: Complaint, action: Action) -> bool:
    return action in allowed_actions(Status(complaint.status), complaint_roles(user, complaint))


def can_edit_complaint(user: User | None, complaint: Complaint) -> bool:
    """The author edits a complaint while it waits for moderation or after it was rejected;
    a blocked author cannot (a resubmission would be a new submission)."""
    return (_active(user) and is_author(user, complaint)
            and complaint.status in (Status.PENDING, Status.REJECTED))


def can_withdraw_complaint(user: User | None, complaint: Complaint) -> bool:
    return is_author(user, complaint) and can_take_action(user, complaint, Action.WITHDRAW)


def can_approve_complaint(user: User | None, complaint: Complaint) -> bool:
    return can_moderate(user) and can_take_action(user, complaint, Action.APPROVE)


def can_reject_complaint(user: User | None, complaint: Complaint) -> bool:
    return can_moderate(user) and can_take_action(user, complaint, Action.REJECT)


def can_edit_as_moderator(user: User | None, complaint: Complaint) -> bool:
    """Moderators edit (redact) a complaint while it waits or while it is public; the
    original stays in the audit trail."""
    return can_moderate(user) and complaint.status in (
        Status.PENDING, Status.OPEN, Status.ANSWERED, Status.RESOLVED)


def can_remove_complaint(user: User | None, complaint: Complaint) -> bool:
    return can_moderate(user) and can_take_action(user, complaint, Action.REMOVE)


def can_flag(user: User | None, complaint: Complaint) -> bool:
    """Anyone signed in (and not blocked) can report a published complaint, except its author,
    who can edit or withdraw it instead."""
    return (_active(user) and complaint.status in PUBLIC_STATUSES
            and not is_author(user, complaint))


def can_ban(user: User | None, target: User) -> bool:
    """Moderators block consumers; moderators and admins cannot be blocked (an admin first
    takes the role away), and nobody blocks themselves."""
    return (can_moderate(user) and target.id != user.id and not target.is_moderator
            and not target.is_deleted)


def can_view_company(user: User | None, company: Company) -> bool:
    """A proposed company is public only once a moderator approved it."""
    return company.is_listed or can_moderate(user)


# --- the company side -----------------------------------------------------------------------

def can_claim(user: User | None, company: Company) -> bool:
    """Anyone signed in with a verified address may ask to speak for a listed company they do
    not already represent; the work e-mail link and, if needed, a moderator decide."""
    return (_active(user) and user.is_verified and company.is_listed
            and not is_representative(user, company))


def can_review_claims(user: User | None) -> bool:
    return can_moderate(user)


def can_use_webcare(user: User | None, company: Company) -> bool:
    """The webcare inbox is for the company's representatives, and for moderators."""
    return is_representative(user, company) or can_moderate(user)


def can_edit_company_profile(user: User | None, company: Company) -> bool:
    """The owner keeps the profile (description, website, domains, channels, promise)."""
    return _active(user) and is_owner(user, company)


def can_manage_team(user: User | None, company: Company) -> bool:
    """The owner invites colleagues by work e-mail and removes them."""
    return _active(user) and is_owner(user, company)


# --- the API --------------------------------------------------------------------------------

def can_manage_api_tokens(user: User | None, company: Company) -> bool:
    """Every representative may make tokens for the company's inbox (for their own tools)."""
    return _active(user) and is_representative(user, company)


def can_revoke_api_token(user: User | None, token: ApiToken) -> bool:
    """Its maker, and the owner of the company's team."""
    return _active(user) and (token.user_id == user.id or is_owner(user, token.company))


def api_token_works(token: ApiToken) -> bool:
    """A token works while it is not revoked and its person may still speak for the company:
    removed from the team, blocked or deleted, their tokens stop at once."""
    return (token.revoked_at is None and _active(token.user)
            and representation(token.user, token.company_id) is not None)


def can_manage_webhooks(user: User | None, company: Company) -> bool:
    """The owner registers the company's webhooks (they carry every complaint's story)."""
    return _active(user) and is_owner(user, company)


# --- the thread under a complaint ----------------------------------------------------------

def can_reply(user: User | None, complaint: Complaint) -> bool:
    """The public thread holds the author's follow-ups, the company's replies and moderators'
    notes, on a published complaint; a blocked person cannot write."""
    if not _active(user) or complaint.status not in PUBLIC_STATUSES:
        return False
    return (is_author(user, complaint) or can_moderate(user)
            or representation(user, complaint.company_id) is not None)


def can_read_private(user: User | None, complaint: Complaint) -> bool:
    """Private messages: the author, the company's representatives, and moderators (whose
    reads are logged)."""
    return (is_author(user, complaint) or can_moderate(user)
            or representation(user, complaint.company_id) is not None)


def reads_private_as_moderator(user: User | None, complaint: Complaint) -> bool:
    """A moderator reading a conversation they are not part of: the read is logged."""
    return (can_moderate(user) and not is_author(user, complaint)
            and representation(user, complaint.company_id) is None)


def can_send_private(user: User | None, complaint: Complaint) -> bool:
    """The author and the company write to each other privately about a published
    complaint."""
    if not _active(user) or complaint.status not in PUBLIC_STATUSES:
        return False
    return is_author(user, complaint) or representation(user, complaint.company_id) is not None


def can_propose_resolution(user: User | None, complaint: Complaint) -> bool:
    """A representative may say "we think this is solved" once per open question; only the
    author can then mark it resolved."""
    return (_active(user) and complaint.status in UNRESOLVED_STATUSES
            and complaint.resolution_proposed_at is None
            and representation(user, complaint.company_id) is not None)


def can_resolve(user: User | None, complaint: Complaint) -> bool:
    """Only the consumer decides that a complaint is resolved: never the company, never a
    moderator, never silence."""
    return is_author(user, complaint) and can_take_action(user, complaint, Action.RESOLVE)


def can_reopen(user: User | None, complaint: Complaint, now: datetime | None = None) -> bool:
    """The author reopens a resolved complaint within 30 days."""
    if not (is_author(user, complaint) and complaint.status == Status.RESOLVED):
        return False
    resolved_at = complaint.resolved_at
    return resolved_at is not None and (now or utcnow()) - resolved_at <= REOPEN_WINDOW


def can_support(user: User | None, complaint: Complaint) -> bool:
    """"Me too" ("ik ook"): anyone signed in on a published complaint, except its author and
    the representatives of the company it is about (they would count against themselves)."""
    return (_active(user) and complaint.status in PUBLIC_STATUSES
            and not is_author(user, complaint)
            and representation(user, complaint.company_id) is None)


def can_log_contact(user: User | None, complaint: Complaint) -> bool:
    """The author keeps the ledger of earlier contacts while the complaint is on the site."""
    return _active(user) and is_author(user, complaint) and complaint.status not in (
        Status.WITHDRAWN, Status.REMOVED)


def can_see_ticket_numbers(user: User | None, complaint: Complaint) -> bool:
    """Ticket numbers in the ledger: the author and the company's representatives only."""
    return (is_author(user, complaint)
            or representation(user, complaint.company_id) is not None)


def can_flag_reply(user: User | None, reply: Reply) -> bool:
    """Anyone signed in can report a reply someone else wrote in a published thread."""
    return (_active(user) and not reply.is_removed and reply.author_id != user.id
            and reply.complaint.status in PUBLIC_STATUSES)


def can_remove_reply(user: User | None, reply: Reply) -> bool:
    return can_moderate(user) and not reply.is_removed


# --- the dossier ------------------------------------------------------------------------------

def can_view_dossier(user: User | None, complaint: Complaint) -> bool:
    """The dossier (the case file with the private messages and ticket numbers) is for the
    author, to take to a disputes body, and for moderators (whose reading is logged). To
    anyone else, the company's representatives included, it does not exist (404)."""
    return is_author(user, complaint) or can_moderate(user)


# --- evidence: files attached to a complaint or a private message --------------------------

def can_add_attachments(user: User | None, complaint: Complaint) -> bool:
    """The author adds files while the complaint is on the site (waiting, rejected, public)."""
    return (_active(user) and is_author(user, complaint)
            and complaint.status not in (Status.WITHDRAWN, Status.REMOVED))


def can_view_attachment(user: User | None, attachment: Attachment) -> bool:
    """Evidence is private: the author, the company's representatives (once the complaint is
    public) and moderators see it; a file of a private message, the people of that
    conversation. An image a moderator agreed to show is public while the complaint is.
    Removing a complaint hides its files from all but moderators. To anyone else a file does
    not exist (404)."""
    complaint = attachment.complaint
    if complaint.status == Status.REMOVED or not can_view_complaint(user, complaint):
        return can_moderate(user)
    if attachment.is_public and complaint.status in PUBLIC_STATUSES:
        return True
    if attachment.message_id is not None:
        return can_read_private(user, complaint)
    return can_view_evidence(user, complaint)


def can_view_evidence(user: User | None, complaint: Complaint) -> bool:
    """Who sees all the files of a complaint, private ones included: its author, moderators,
    and the company's representatives once the complaint is public."""
    return (is_author(user, complaint) or can_moderate(user)
            or (complaint.status in PUBLIC_STATUSES
                and representation(user, complaint.company_id) is not None))


def sees_original(user: User | None, attachment: Attachment) -> bool:
    """Only the person who uploaded a file gets its original; everyone else gets the
    re-encoded copy of an image, without its metadata."""
    return _signed_in(user) and attachment.uploader_id == user.id


def can_remove_attachment(user: User | None, attachment: Attachment) -> bool:
    """The uploader deletes their own file (not once moderators removed the complaint: its
    files are then kept for an appeal)."""
    return (sees_original(user, attachment) and not user.is_deleted
            and attachment.complaint.status != Status.REMOVED)


def can_request_publication(user: User | None, attachment: Attachment) -> bool:
    """The author may ask to show an image of the complaint itself (not of a private message)
    publicly, again after a refusal; a moderator decides."""
    complaint = attachment.complaint
    return (can_add_attachments(user, complaint) and attachment.message_id is None
            and attachment.is_image and not attachment.is_on_request)


def can_make_private(user: User | None, attachment: Attachment) -> bool:
    """The author takes back a request, or stops showing an image, at any time."""
    return is_author(user, attachment.complaint) and attachment.is_on_request


def can_see_image_review(user: User | None, attachment: Attachment) -> bool:
    """Why an image is not shown (the moderator's reason, what OCR found in its text) is for
    its author and moderators, not for the company."""
    return is_author(user, attachment.complaint) or can_moderate(user)


def can_review_images(user: User | None) -> bool:
    return can_moderate(user)


# --- promises in company replies ------------------------------------------------------------

def can_promise(user: User | None, complaint: Complaint) -> bool:
    """A representative who may reply for the company may put a promise in the reply (a
    refund, a call back…); the author and moderators speak for nobody, so they cannot."""
    return (can_reply(user, complaint) and not is_author(user, complaint)
            and representation(user, complaint.company_id) is not None)


def can_answer_promise(user: User | None, promise: Promise, now: datetime | None = None) -> bool:
    """Only the author says whether a promise was kept, from its due date (Dutch calendar) on,
    while the complaint is on the site. The answer may change for ANSWER_CHANGE_WINDOW after
    the first one; then it stands, since the company's figures rest on it."""
    complaint = promise.complaint
    if not is_author(user, complaint) or user.is_deleted or \
            complaint.status not in PUBLIC_STATUSES:
        return False
    now = now or utcnow()
    if dutch_day(now) < promise.due_on:
        return False
    until = promise.changeable_until
    return until is None or now <= until


# --- following companies --------------------------------------------------------------------

def can_follow(user: User | None, company: Company) -> bool:
    """Anyone signed in and not blocked may follow a listed company by e-mail; a proposed or
    merged company has no public page to follow. Unfollowing needs only a session, so a
    blocked person can still stop the mail."""
    return _active(user) and company.is_listed


# --- due process: statements of reasons and appeals ----------------------------------------

def is_addressee(user: User | None, statement: Statement) -> bool:
    """The person a statement of reasons is for. A statement to someone without an account
    (a notifier who was not signed in) has no user: its unguessable key, mailed only to
    them, is their proof, so whoever holds the link is the addressee."""
    if statement.user_id is None:
        return True
    return _signed_in(user) and user.id == statement.user_id


def can_read_statement(user: User | None, statement: Statement) -> bool:
    """The addressee reads their statement; moderators read every one."""
    return is_addressee(user, statement) or can_moderate(user)


def can_appeal(user: User | None, statement: Statement, now: datetime | None = None) -> bool:
    """One appeal per decision, by the person it affects, within six months. A blocked
    person can appeal (their block may be what they appeal against)."""
    return (is_addressee(user, statement) and statement.appeal is None
            and (now or utcnow()) <= statement.appeal_until)


def can_decide_appeal(user: User | None, appeal: Appeal) -> bool:
    """A moderator other than the one who took the decision handles the appeal, once."""
    return (can_moderate(user) and appeal.is_open
            and user.id != appeal.statement.decided_by_id)


# --- next steps and escalations ----------------------------------------------------------------

def can_see_next_steps(user: User | None, complaint: Complaint) -> bool:
    """Where to go next is advice to the author (moderators see it to help); the public and
    the company see only where the author actually went."""
    return is_author(user, complaint) or can_moderate(user)


def can_dispute_final_answer(user: User | None, complaint: Complaint) -> bool:
    """The author of an answered complaint may say the company's answer is final and they
    disagree (and take that back): it opens the next steps without waiting eight weeks."""
    return (_active(user) and is_author(user, complaint)
            and complaint.status == Status.ANSWERED)


def can_escalate(user: User | None, complaint: Complaint) -> bool:
    """The author of a published complaint records where they took it and how it ended; the
    record is public, so only published complaints have one."""
    return _active(user) and is_author(user, complaint) and complaint.status in PUBLIC_STATUSES


def can_read_metrics(address: str | None) -> bool:
    """/metrics is for the operators' Prometheus only: the client address (the one the app
    trusts, after TRUSTED_PROXIES) must lie in METRICS_ALLOWED (loopback by default). It is not
    a person's right, so no account opens it; what it shows (traffic, queue sizes, when the
    jobs last ran) would help someone probing the site. An address that cannot be read (a
    Unix socket, a zone id) is refused."""
    try:
        client = ipaddress.ip_address(address or "")
    except ValueError:
        return False
    if getattr(client, "ipv4_mapped", None):  # ::ffff:127.0.0.1 from a dual-stack socket
        client = client.ipv4_mapped
    return any(client in ipaddress.ip_network(entry, strict=False)
               for entry in current_app.config.get("METRICS_ALLOWED", ()))


JINJA_GLOBALS = {
    name: obj
    for name, obj in dict(globals()).items()
    if name.startswith(("can_", "is_author", "is_representative", "is_owner", "is_addressee",
                        "reads_private_as_moderator", "sees_original"))
}
