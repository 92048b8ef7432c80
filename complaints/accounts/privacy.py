"""People's own data (AVG/GDPR): download everything about me, and delete my account.

The export holds what the person wrote and what happened to it, never anything about other
people (no moderator names, no other users' reports), with the originals of the files they
uploaded, as a zip. Deletion erases the person's e-mail,
name and password and ends every session; their complaints either leave public view with their
text erased, or stay public under "deleted user". Nothing of anyone else is lost.
"""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date, datetime

from sqlalchemy import delete, func, or_, select, update
from werkzeug.security import check_password_hash

from complaints.accounts.models import SiteRole, User, new_session_stamp
from complaints.api.models import ApiToken
from complaints.cases.models import Complaint, ComplaintEvent, ComplaintRevision
from complaints.cases.services import apply_transition
from complaints.cases.workflow import Action, Role, Status, allowed_actions
from complaints.clock import utcnow
from complaints.dueprocess.models import Statement
from complaints.errors import DomainError
from complaints.evidence import services as evidence
from complaints.evidence import storage as evidence_storage
from complaints.evidence.models import Attachment
from complaints.extensions import db
from complaints.feeds.models import Follow
from complaints.figures import services as figures
from complaints.formats import gettext as _
from complaints.moderation.log import record
from complaints.moderation.models import Flag, ModAction
from complaints.threads.models import ContactEntry, PrivateMessage, PrivateRead, Reply, Support
from complaints.triage import assess as triage
from complaints.webcare.models import Claim, Representative

ERASED_TITLE = "[verwijderd]"
ERASED_REPLY = "verwijderd op verzoek van de schrijver"
# Statuses that stay as they are when the author keeps their complaints public.
KEPT_PUBLIC = (Status.OPEN, Status.ANSWERED, Status.RESOLVED, Status.REMOVED)


def _when(value: datetime | date | None) -> str | None:
    return value.isoformat() if value is not None else None


def export_data(user: User) -> dict:
    """Everything the site holds about `user`, as plain JSON-ready data."""
    complaints = list(db.session.scalars(
        select(Complaint).where(Complaint.author_id == user.id).order_by(Complaint.id)))
    ids = [c.id for c in complaints]
    events: dict[int, list[ComplaintEvent]] = {i: [] for i in ids}
    revisions: dict[int, list[ComplaintRevision]] = {i: [] for i in ids}
    if ids:
        for event in db.session.scalars(select(ComplaintEvent).where(
                ComplaintEvent.complaint_id.in_(ids)).order_by(ComplaintEvent.id)):
            events[event.complaint_id].append(event)
        for revision in db.session.scalars(select(ComplaintRevision).where(
                ComplaintRevision.complaint_id.in_(ids)).order_by(ComplaintRevision.id)):
            revisions[revision.complaint_id].append(revision)
    flags = db.session.scalars(select(Flag).where(Flag.user_id == user.id).order_by(Flag.id))
    replies = db.session.scalars(select(Reply).where(Reply.author_id == user.id)
                                 .order_by(Reply.id))
    # The private conversations on my own complaints (both sides), and what I sent elsewhere
    # (as a company representative).
    messages = db.session.scalars(
        select(PrivateMessage).where(or_(PrivateMessage.complaint_id.in_(ids or [-1]),
                                         PrivateMessage.sender_id == user.id))
        .order_by(PrivateMessage.id))
    supports = db.session.scalars(select(Support).where(Support.user_id == user.id)
                                  .order_by(Support.id))
    claims = db.session.scalars(select(Claim).where(Claim.user_id == user.id)
                                .order_by(Claim.id))
    memberships = db.session.scalars(select(Representative).where(
        Representative.user_id == user.id).order_by(Representative.id))
    follows = db.session.scalars(select(Follow).where(Follow.user_id == user.id)
                                 .order_by(Follow.id))
    reads = db.session.scalars(select(PrivateRead).where(PrivateRead.user_id == user.id)
                               .order_by(PrivateRead.complaint_id))
    decisions = db.session.scalars(select(Statement).where(Statement.user_id == user.id)
                                   .order_by(Statement.id))
    api_tokens = db.session.scalars(select(ApiToken).where(ApiToken.user_id == user.id)
                                    .order_by(ApiToken.id))
    return {
        "format": "helpdeskhel-export/1",
        "exported_at": _when(utcnow()),
        "account": {
            "email": user.email,
            "display_name": user.display_name,
            "role": user.role,
            "language": user.locale,
            "created_at": _when(user.created_at),
            "email_verified_at": _when(user.email_verified_at),
            "last_login_at": _when(user.last_login_at),
            "blocked_at": _when(user.banned_at),
        },
        "complaints": [_complaint(c, events[c.id], revisions[c.id]) for c in complaints],
        "reports": [
            {"complaint_id": f.complaint_id, "reply_id": f.reply_id, "reason": f.reason,
             "note": f.note, "status": f.status, "created_at": _when(f.created_at)}
            for f in flags
        ],
        "replies": [
            {"complaint_id": r.complaint_id, "as": r.voice, "text": r.body_source,
             "created_at": _when(r.created_at), "removed_at": _when(r.removed_at)}
            for r in replies
        ],
        "private_messages": [
            {"complaint_id": m.complaint_id,
             "from": "me" if m.sender_id == user.id else (
                 f"{m.signature_name} ({m.voice})" if m.signature_name else m.voice),
             "text": m.body_source, "created_at": _when(m.created_at)}
            for m in messages
        ],
        "supported_complaints": [
            {"complaint_id": s.complaint_id, "created_at": _when(s.created_at)}
            for s in supports
        ],
        "followed_companies": [
            {"company": f.company.name, "mail": f.mode, "since": _when(f.created_at)}
            for f in follows
        ],
        "private_messages_read": [
            {"complaint_id": r.complaint_id, "up_to_message": r.last_message_id,
             "read_at": _when(r.read_at)}
            for r in reads
        ],
        "decisions_about_me": [_decision(s) for s in decisions],
        "company_claims": [
            {"company": c.company.name, "name": c.name, "job_title": c.job_title,
             "work_email": c.work_email, "status": c.status, "created_at": _when(c.created_at)}
            for c in claims
        ],
        "representing": [
            {"company": m.company.name, "name": m.name, "job_title": m.job_title,
             "work_email": m.work_email, "owner": m.is_owner, "since": _when(m.created_at),
             "until": _when(m.removed_at)}
            for m in memberships
        ],
        "api_tokens": [
            {"company": t.company.name, "name": t.name, "scope": t.scope,
             "starts_with": t.prefix, "created_at": _when(t.created_at),
             "last_used_at": _when(t.last_used_at), "revoked_at": _when(t.revoked_at)}
            for t in api_tokens
        ],
        "files": [
            {"file": archive_name(a), "complaint_id": a.complaint_id,
             "private_message_id": a.message_id, "type": a.content_type, "bytes": a.size,
             "uploaded_at": _when(a.created_at), "shown_publicly": a.publication,
             "description": a.alt_text}
            for a in evidence.of_uploader(user)
        ],
    }


def archive_name(attachment: Attachment) -> str:
    """Where the export keeps the original of a file."""
    extension = {"jpeg": "jpg"}.get(attachment.kind, attachment.kind)
    return f"files/complaint-{attachment.complaint_id}-file-{attachment.id}.{extension}"


def export_archive(user: User) -> bytes:
    """The export as a zip: `data.json` (`export_data`) and the originals of the person's own
    files under `files/`. A file missing from the storage is listed in `missing.txt`."""
    data = export_data(user)
    buffer = io.BytesIO()
    missing = []
    store = evidence_storage.current()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", json.dumps(data, ensure_ascii=False, indent=2))
        for attachment in evidence.of_uploader(user):
            try:
                content = store.get(attachment.original_key)
            except evidence_storage.Missing:
                missing.append(archive_name(attachment))
                continue
            # Images and PDFs are compressed already.
            archive.writestr(archive_name(attachment), content, zipfile.ZIP_STORED)
        if missing:
            archive.writestr("missing.txt", "\n".join(missing) + "\n")
    return buffer.getvalue()


def _decision(statement: Statement) -> dict:
    """A statement of reasons and the appeal against it (the moderators stay unnamed)."""
    appeal = statement.appeal
    return {
        "decision": statement.decision,
        "complaint_id": statement.complaint_id,
        "reply_id": statement.reply_id,
        "company": statement.company.name if statement.company else None,
        "facts": statement.facts,
        "ground": statement.ground,
        "automated_detection": statement.automated,
        "decided_at": _when(statement.created_at),
        "appeal_until": _when(statement.appeal_until),
        "appeal": None if appeal is None else {
            "text": appeal.text,
            "filed_at": _when(appeal.created_at),
            "decided_at": _when(appeal.decided_at),
            "outcome": appeal.outcome,
            "reasons": appeal.outcome_reason,
        },
    }


def _complaint(complaint: Complaint, events: list[ComplaintEvent],
               revisions: list[ComplaintRevision]) -> dict:
    return {
        "id": complaint.id,
        "company": complaint.company.name,
        "category": complaint.category.slug,
        "title": complaint.title,
        "story": complaint.body_source,
        "desired_outcome": complaint.desired_outcome,
        "contacts_before": complaint.contacts_before,
        "first_contact_on": _when(complaint.first_contact_on),
        "status": complaint.status,
        "submitted_at": _when(complaint.submitted_at),
        "published_at": _when(complaint.published_at),
        "answer_due_at": _when(complaint.answer_due_at),
        "first_response_at": _when(complaint.first_response_at),
        "resolved_at": _when(complaint.resolved_at),
        "withdrawn_at": _when(complaint.withdrawn_at),
        "removed_at": _when(complaint.removed_at),
        "rejection_reason": complaint.rejection_reason,
        "removal_reason": complaint.removal_reason,
        "rating": complaint.rating,
        "would_do_business_again": complaint.would_do_business_again,
        "closing_note": complaint.closing_note,
        "supporters": complaint.supporters_count,
        "replaced_personal_data": complaint.pii_redactions or {},
        "edited_by_moderation_at": _when(complaint.moderated_at),
        "history": [
            {"action": e.action, "from": e.from_status, "to": e.to_status, "reason": e.reason,
             "at": _when(e.created_at)}
            for e in events
        ],
        "earlier_versions": [
            {"title": r.title, "story": r.body_source, "desired_outcome": r.desired_outcome,
             "replaced_at": _when(r.created_at)}
            for r in revisions
        ],
    }


def delete_account(user: User, password: str, *, keep_complaints: bool) -> None:
    """Erase the account of `user` after they confirmed with their password.

    With `keep_complaints`, published complaints stay public under "deleted user" (waiting and
    rejected ones are withdrawn, since nobody can answer for them any more); without it, every
    complaint leaves public view and its text is erased. Either way the e-mail address, name
    and password are gone, every file they uploaded is deleted, every session ends, and the
    deletion is logged (not publicly).
    """
    if user.is_deleted:
        raise DomainError(_("This account is already deleted."))
    if not check_password_hash(user.password_hash, password or ""):
        raise DomainError(_("Your password is not correct."), "password")
    now = utcnow()
    complaints = list(db.session.scalars(select(Complaint).where(Complaint.author_id == user.id)))
    kept = 0
    for complaint in complaints:
        if keep_complaints and complaint.status in KEPT_PUBLIC:
            kept += complaint.status != Status.REMOVED
            if complaint.status == Status.REMOVED:
                _erase_text(complaint)
            continue
        if Action.ERASE in allowed_actions(Status(complaint.status), {Role.AUTHOR}):
            apply_transition(complaint, Action.ERASE, actor=None, roles={Role.AUTHOR}, now=now)
        _erase_text(complaint)
    db.session.execute(update(Flag).where(Flag.user_id == user.id).values(note=""),
                       execution_options={"synchronize_session": False})
    _erase_conversation(user, keep_complaints=keep_complaints, now=now)
    db.session.execute(update(ApiToken).where(ApiToken.user_id == user.id,
                                              ApiToken.revoked_at.is_(None))
                       .values(revoked_at=now), execution_options={"synchronize_session": False})
    user_id = user.id
    user.email = f"deleted-{user_id}@deleted.invalid"
    user.display_name = ""
    user.password_hash = "!"  # noqa: S105 - matches no password
    user.session_stamp = new_session_stamp()
    user.email_verified_at = None
    user.last_login_at = None
    user.role = SiteRole.CONSUMER
    user.ban_reason = None
    user.deleted_at = now
    files = evidence.forget_uploader(user)
    record(ModAction.ACCOUNT_DELETED, actor=None, user=user, public=False, now=now,
           private_note=f"complaints kept public: {kept}; erased: {len(complaints) - kept}; "
                        f"files deleted: {len(files)}")
    db.session.commit()
    evidence.discard(files)  # once nothing refers to them


def _erase_conversation(user: User, *, keep_complaints: bool, now: datetime) -> None:
    """What the person wrote besides complaints. Their "ik ook"s, follows, read marks, ticket
    numbers and company memberships always go; with "remove", their replies and private
    messages are erased too (the thread says so), while everything others wrote stays."""
    for complaint in db.session.scalars(select(Complaint).join(
            Support, Support.complaint_id == Complaint.id).where(Support.user_id == user.id)):
        db.session.execute(update(Complaint).where(Complaint.id == complaint.id).values(
            supporters_count=Complaint.supporters_count - 1),
            execution_options={"synchronize_session": False})
        figures.add_supporters(complaint, -1)
    db.session.execute(delete(Support).where(Support.user_id == user.id))
    db.session.execute(delete(Follow).where(Follow.user_id == user.id))
    db.session.execute(delete(PrivateRead).where(PrivateRead.user_id == user.id))
    own = select(Complaint.id).where(Complaint.author_id == user.id)
    db.session.execute(update(ContactEntry).where(ContactEntry.complaint_id.in_(own))
                       .values(ticket_number=""),
                       execution_options={"synchronize_session": False})
    owned = list(db.session.scalars(select(Representative.company_id).where(
        Representative.user_id == user.id, Representative.is_owner.is_(True),
        Representative.removed_at.is_(None))))
    db.session.execute(update(Representative).where(Representative.user_id == user.id).values(
        removed_at=func.coalesce(Representative.removed_at, now), work_email="",
        is_owner=False), execution_options={"synchronize_session": False})
    for company_id in owned:  # the longest-serving colleague keeps the profile
        successor = db.session.scalar(select(Representative).where(
            Representative.company_id == company_id, Representative.removed_at.is_(None))
            .order_by(Representative.created_at, Representative.id))
        if successor is not None:
            successor.is_owner = True
    db.session.execute(update(Claim).where(Claim.user_id == user.id).values(
        name="", work_email=""), execution_options={"synchronize_session": False})
    if keep_complaints:
        return
    db.session.execute(update(Reply).where(Reply.author_id == user.id).values(
        body_source="", body_html="", removed_at=func.coalesce(Reply.removed_at, now),
        removal_reason=ERASED_REPLY), execution_options={"synchronize_session": False})
    db.session.execute(update(PrivateMessage).where(PrivateMessage.sender_id == user.id).values(
        body_source="", body_html=""), execution_options={"synchronize_session": False})
    db.session.execute(delete(ContactEntry).where(ContactEntry.complaint_id.in_(own)))


def _erase_text(complaint: Complaint) -> None:
    complaint.title = ERASED_TITLE
    complaint.body_source = ""
    complaint.body_html = ""
    complaint.desired_outcome = ""
    # A statement about a redaction no longer points at the erased original.
    db.session.execute(update(Statement).where(Statement.complaint_id == complaint.id)
                       .values(revision_id=None),
                       execution_options={"synchronize_session": False})
    db.session.execute(delete(ComplaintRevision).where(
        ComplaintRevision.complaint_id == complaint.id))
    triage.forget(complaint.id)
