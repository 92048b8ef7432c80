"""Moderators' operations: publish, reject, edit, remove, ban, flags and proposed companies.

Each is one transaction that checks the permission, makes the change, writes one row to the
moderation log and commits. When two moderators act on the same item at once, exactly one
change applies: complaints carry a version number, and the other items are changed with a
conditional UPDATE whose row count tells whether this transaction won. The loser gets
AlreadyHandled and nothing of theirs is saved.
"""

from __future__ import annotations

from flask import url_for
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from complaints import permissions, pii
from complaints.accounts.models import User
from complaints.cases.models import Complaint, ComplaintRevision
from complaints.cases.services import (
    apply_transition,
    company_domains,
    office_address,
    set_text,
)
from complaints.cases.workflow import Action, Role
from complaints.clock import utcnow
from complaints.companies import services as companies
from complaints.companies.models import Company, CompanyDomain, CompanyStatus
from complaints.dueprocess import notices, statements
from complaints.dueprocess.models import Decision
from complaints.errors import AlreadyHandled, DomainError, NotAllowed
from complaints.extensions import db
from complaints.feeds.services import notify_followers
from complaints.figures import services as figures
from complaints.formats import gettext as _
from complaints.moderation.log import record
from complaints.moderation.models import (
    Flag,
    FlagReason,
    FlagStatus,
    ModAction,
    RejectionReason,
)
from complaints.notifications.outbox import queue_mail
from complaints.threads.models import PrivateMessage, Reply
from complaints.triage import waits
from complaints.webcare import counters as inbox_counters
from complaints.webcare import services as webcare
from complaints.webcare.models import Representative
from complaints.webhooks import events as webhook_events

REASON_MAX = 1000


def _already_handled() -> AlreadyHandled:
    return AlreadyHandled(_("Another moderator handled this a moment ago. Nothing was changed; "
                            "look at it again."))


def _one_line(text: str | None) -> str:
    return " ".join((text or "").split())


def _public_reason(text: str) -> str:
    """A removal's public reason: required, one line, at most REASON_MAX characters."""
    text = _one_line(text)
    if not text:
        raise DomainError(_("Give the public reason for the removal."), "public_reason")
    if len(text) > REASON_MAX:
        raise DomainError(_("At most %(max)d characters.", max=REASON_MAX), "public_reason")
    return text


def _guard_found(complaint: Complaint) -> bool:
    """Whether the personal-data guard finds anything in the complaint: then automated
    detection played a part in a decision about it (the moderator saw its highlights)."""
    return bool(pii.scan_complaint(complaint))


def _require_moderator(user: User) -> None:
    if not permissions.can_moderate(user):
        raise NotAllowed(_("Only moderators can do this."))


def _mark_flags(complaint: Complaint, moderator: User, status: FlagStatus) -> int:
    """Close the open flags on a complaint (in the caller's transaction); returns how many."""
    result = db.session.execute(
        update(Flag)
        .where(Flag.complaint_id == complaint.id, Flag.status == FlagStatus.OPEN)
        .values(status=status, handled_at=utcnow(), handled_by_id=moderator.id),
        execution_options={"synchronize_session": False},
    )
    return result.rowcount


# --- complaints -----------------------------------------------------------------------------

def approve_complaint(moderator: User, complaint: Complaint) -> None:
    """Publish a pending complaint; a company proposed with it is listed at the same time.

    Nothing with detected personal data is published: such a complaint must be edited first.
    """
    if not permissions.can_approve_complaint(moderator, complaint):
        raise NotAllowed(_("This complaint cannot be published now."))
    if pii.scan_complaint(complaint):
        raise DomainError(_("This complaint still contains personal data. Edit it and replace "
                            "the highlighted parts before you publish it."))
    apply_transition(complaint, Action.APPROVE, actor=moderator, roles={Role.MODERATOR})
    waits.record(complaint)
    # A company proposed with the complaint is listed with it (a no-op when it already is).
    db.session.execute(
        update(Company).where(Company.id == complaint.company_id,
                              Company.status == CompanyStatus.PROPOSED)
        .values(status=CompanyStatus.LISTED),
        execution_options={"synchronize_session": False},
    )
    db.session.expire(complaint.company, ["status"])
    record(ModAction.APPROVE, actor=moderator, complaint=complaint)
    author = complaint.author
    complaint_url = url_for("cases.show", complaint_id=complaint.id, _external=True)
    queue_mail(author.email, "complaint_published", locale=author.locale, user=author,
               complaint=complaint, complaint_url=complaint_url)
    for rep in db.session.scalars(select(Representative).where(
            Representative.company_id == complaint.company_id,
            Representative.removed_at.is_(None))):
        queue_mail(rep.work_email, "new_complaint_for_company", locale="nl", rep=rep,
                   complaint=complaint, complaint_url=complaint_url,
                   inbox_url=url_for("webcare.inbox", slug=complaint.company.slug,
                                     _external=True))
    notify_followers(complaint)
    webhook_events.complaint_published(complaint)
    db.session.commit()


def rejection_reasons() -> list[RejectionReason]:
    """The list in its order, with "another reason" always last."""
    return list(db.session.scalars(
        select(RejectionReason).order_by(RejectionReason.slug == "other",
                                         RejectionReason.position, RejectionReason.id)))


def reject_complaint(moderator: User, complaint: Complaint, reason_slug: str, note: str,
                     private_note: str = "", *, ground: str) -> None:
    """Refuse a pending complaint with a reason from the list; the author is told why.

    The author gets the reason from the list plus `note`, in their own language, in a
    statement of reasons (mailed, on their account) that cites `ground` and offers the appeal
    and the way to edit and resubmit; the complaint's event keeps the reason for the
    moderators' log. The public log shows only the reason from the list. `private_note` stays
    with the moderators: it is the log row's private note and reaches neither the author nor
    the public.
    """
    if not permissions.can_reject_complaint(moderator, complaint):
        raise NotAllowed(_("This complaint cannot be rejected now."))
    statements.check_ground(ground)
    reason = db.session.scalar(select(RejectionReason).where(RejectionReason.slug == reason_slug))
    if reason is None:
        raise DomainError(_("Choose a reason."), "reason")
    note = _one_line(note)
    if reason.slug == "other" and not note:
        raise DomainError(_("Explain the reason to the author."), "note")
    author = complaint.author
    label = reason.label_for(author.locale)
    full_reason = f"{label}. {note}" if note else f"{label}."
    now = utcnow()
    apply_transition(complaint, Action.REJECT, actor=moderator, roles={Role.MODERATOR},
                     reason=full_reason, now=now)
    waits.record(complaint)
    record(ModAction.REJECT, actor=moderator, complaint=complaint, now=now,
           public_reason=reason.label_nl, private_note=private_note)
    statements.issue(Decision.REJECT, moderator=moderator, facts=full_reason, ground=ground,
                     user=author, complaint=complaint, automated=_guard_found(complaint),
                     next_step_url=url_for("cases.edit", complaint_id=complaint.id,
                                           _external=True))
    db.session.commit()


def remove_complaint(moderator: User, complaint: Complaint, public_reason: str,
                     private_note: str = "", *, ground: str) -> None:
    """Take a published complaint down; its page becomes a tombstone that says why.

    The open reports on it are closed as acted upon; the author gets a statement of reasons
    (the public reason is its facts) citing `ground`.
    """
    _require_moderator(moderator)
    public_reason = _public_reason(public_reason)
    statements.check_ground(ground)
    apply_transition(complaint, Action.REMOVE, actor=moderator, roles={Role.MODERATOR},
                     reason=public_reason)
    _mark_flags(complaint, moderator, FlagStatus.ACTIONED)
    record(ModAction.REMOVE, actor=moderator, complaint=complaint,
           public_reason=public_reason, private_note=private_note)
    statements.issue(Decision.REMOVE, moderator=moderator, facts=public_reason, ground=ground,
                     user=complaint.author, complaint=complaint,
                     automated=_guard_found(complaint))
    notices.settle_acted(moderator, complaint=complaint, reason=public_reason)
    db.session.commit()


def edit_complaint(moderator: User, complaint: Complaint, *, title: str, body: str,
                   desired_outcome: str, ground: str, public_reason: str = "",
                   private_note: str = "", redact_pii: bool = False,
                   version_id: int | None = None) -> None:
    """A moderator edits (redacts) the text of a complaint; the original is kept as a revision.

    The public page then says the text was edited by moderation. The personal-data guard
    applies as it does to authors. The author gets a statement of reasons citing `ground`
    (its facts: the public reason, or a plain sentence when there is none); an appeal that
    succeeds puts the original back. `version_id` is the version the moderator saw: if
    someone changed the complaint since, nothing is saved.
    """
    if not permissions.can_edit_as_moderator(moderator, complaint):
        raise NotAllowed(_("This complaint cannot be edited now."))
    statements.check_ground(ground)
    if version_id is not None and version_id != complaint.version_id:
        raise _already_handled()
    guarded = pii.guard_fields(
        {"title": _one_line(title), "body": (body or "").strip(),
         "desired_outcome": (desired_outcome or "").strip()},
        redact=redact_pii, markdown_fields={"body"},
        company_domains=company_domains(complaint.company),
        office_address=office_address(complaint.company),
    )
    texts = guarded.texts
    unchanged = (texts["title"], texts["body"], texts["desired_outcome"]) == (
        complaint.title, complaint.body_source, complaint.desired_outcome)
    if unchanged:
        raise DomainError(_("Nothing was changed in the text."))
    automated = bool(guarded.redactions) or _guard_found(complaint)
    now = utcnow()
    original = ComplaintRevision(
        complaint_id=complaint.id, editor_id=moderator.id, title=complaint.title,
        body_source=complaint.body_source, desired_outcome=complaint.desired_outcome,
        created_at=now)
    try:
        set_text(complaint, texts["title"], texts["body"], texts["desired_outcome"])
    except DomainError:
        db.session.rollback()
        raise
    db.session.add(original)
    complaint.moderated_at = now
    if guarded.redactions:
        complaint.pii_redactions = pii.merge_counts(complaint.pii_redactions,
                                                    guarded.redactions)
    try:
        db.session.flush()
    except StaleDataError as error:
        db.session.rollback()
        raise _already_handled() from error
    _mark_flags(complaint, moderator, FlagStatus.ACTIONED)
    record(ModAction.EDIT, actor=moderator, complaint=complaint, public_reason=public_reason,
           private_note=private_note, now=now)
    statements.issue(Decision.REDACT, moderator=moderator, ground=ground,
                     facts=_one_line(public_reason) or _("A moderator changed the text of "
                                                         "your complaint."),
                     user=complaint.author, complaint=complaint, revision=original,
                     automated=automated)
    notices.settle_acted(moderator, complaint=complaint, reason=public_reason)
    db.session.commit()


# --- people ---------------------------------------------------------------------------------

def ban_user(moderator: User, user: User, reason: str, *, ground: str) -> None:
    """Block a person from submitting, replying and reporting; they can still sign in and see,
    export or delete their own data, and appeal. Moderators and admins cannot be blocked.
    The person gets a statement of reasons: `reason` is its facts, `ground` its ground."""
    if not permissions.can_ban(moderator, user):
        raise NotAllowed(_("You cannot block this account."))
    reason = _one_line(reason)
    if not reason:
        raise DomainError(_("Write down why you block this account."), "reason")
    statements.check_ground(ground)
    result = db.session.execute(
        update(User).where(User.id == user.id, User.banned_at.is_(None))
        .values(banned_at=utcnow(), ban_reason=reason[:REASON_MAX]),
        execution_options={"synchronize_session": False},
    )
    if result.rowcount != 1:
        db.session.rollback()
        raise _already_handled()
    record(ModAction.BAN, actor=moderator, user=user, private_note=reason)
    statements.issue(Decision.BAN, moderator=moderator, facts=reason, ground=ground, user=user)
    db.session.commit()
    db.session.refresh(user)


def unban_user(moderator: User, user: User, note: str = "") -> None:
    if not permissions.can_ban(moderator, user):
        raise NotAllowed(_("You cannot unblock this account."))
    result = db.session.execute(
        update(User).where(User.id == user.id, User.banned_at.is_not(None))
        .values(banned_at=None, ban_reason=None),
        execution_options={"synchronize_session": False},
    )
    if result.rowcount != 1:
        db.session.rollback()
        raise _already_handled()
    record(ModAction.UNBAN, actor=moderator, user=user, private_note=note)
    db.session.commit()
    db.session.refresh(user)


# --- flags ----------------------------------------------------------------------------------

def flag_complaint(user: User, complaint: Complaint, reason: str, note: str = "") -> Flag:
    """Report a published complaint to the moderators; one report per person per complaint."""
    if not permissions.can_flag(user, complaint):
        raise NotAllowed(_("You cannot report this complaint."))
    if reason not in set(FlagReason):
        raise DomainError(_("Choose why you report this."), "reason")
    note = _one_line(note)
    if len(note) > REASON_MAX:
        raise DomainError(_("At most %(max)d characters.", max=REASON_MAX), "note")
    already = _("You already reported this complaint. A moderator will look at it.")
    if db.session.scalar(select(Flag.id).where(Flag.complaint_id == complaint.id,
                                               Flag.reply_id.is_(None),
                                               Flag.user_id == user.id)):
        raise AlreadyHandled(already)
    flag = Flag(complaint_id=complaint.id, user_id=user.id, reason=reason, note=note,
                sender_company_id=webcare.company_spoken_for(user, complaint.company_id))
    db.session.add(flag)
    try:
        db.session.commit()
    except IntegrityError as error:  # the same person, twice at once
        db.session.rollback()
        raise AlreadyHandled(already) from error
    return flag


def flag_reply(user: User, reply: Reply, reason: str, note: str = "") -> Flag:
    """Report a reply in a published thread; one report per person per reply."""
    if not permissions.can_flag_reply(user, reply):
        raise NotAllowed(_("You cannot report this reply."))
    if reason not in set(FlagReason):
        raise DomainError(_("Choose why you report this."), "reason")
    note = _one_line(note)
    if len(note) > REASON_MAX:
        raise DomainError(_("At most %(max)d characters.", max=REASON_MAX), "note")
    already = _("You already reported this reply. A moderator will look at it.")
    if db.session.scalar(select(Flag.id).where(Flag.reply_id == reply.id,
                                               Flag.user_id == user.id)):
        raise AlreadyHandled(already)
    flag = Flag(complaint_id=reply.complaint_id, reply_id=reply.id, user_id=user.id,
                reason=reason, note=note,
                sender_company_id=webcare.company_spoken_for(
                    user, reply.complaint.company_id))
    db.session.add(flag)
    try:
        db.session.commit()
    except IntegrityError as error:
        db.session.rollback()
        raise AlreadyHandled(already) from error
    return flag


def remove_reply(moderator: User, reply: Reply, public_reason: str,
                 private_note: str = "", *, ground: str) -> None:
    """Hide a reply from the thread; the thread says a moderator removed it, and why. Its
    writer gets a statement of reasons citing `ground`."""
    if not permissions.can_remove_reply(moderator, reply):
        raise NotAllowed(_("This reply cannot be removed."))
    public_reason = _public_reason(public_reason)
    statements.check_ground(ground)
    now = utcnow()
    result = db.session.execute(
        update(Reply).where(Reply.id == reply.id, Reply.removed_at.is_(None))
        .values(removed_at=now, removal_reason=public_reason),
        execution_options={"synchronize_session": False},
    )
    if result.rowcount != 1:
        db.session.rollback()
        raise _already_handled()
    db.session.execute(
        update(Flag).where(Flag.reply_id == reply.id, Flag.status == FlagStatus.OPEN)
        .values(status=FlagStatus.ACTIONED, handled_at=now, handled_by_id=moderator.id),
        execution_options={"synchronize_session": False},
    )
    record(ModAction.REPLY_REMOVE, actor=moderator, reply=reply, public_reason=public_reason,
           private_note=private_note, now=now)
    statements.issue(Decision.REMOVE_REPLY, moderator=moderator, facts=public_reason,
                     ground=ground, user=reply.author, complaint=reply.complaint, reply=reply,
                     automated=bool(pii.find_personal_data(reply.body_source)))
    notices.settle_acted(moderator, reply=reply, reason=public_reason)
    db.session.commit()
    db.session.refresh(reply)


def dismiss_flags(moderator: User, complaint: Complaint, note: str = "") -> int:
    """Close the open reports on a complaint without changing it."""
    _require_moderator(moderator)
    closed = _mark_flags(complaint, moderator, FlagStatus.DISMISSED)
    if not closed:
        db.session.rollback()
        raise _already_handled()
    record(ModAction.DISMISS_FLAGS, actor=moderator, complaint=complaint,
           public_reason=_("Reports checked; the complaint stays as it is."),
           private_note=note)
    db.session.commit()
    return closed


# --- proposed companies ---------------------------------------------------------------------

def _change_proposed(company: Company, **values) -> None:
    result = db.session.execute(
        update(Company).where(Company.id == company.id,
                              Company.status == CompanyStatus.PROPOSED).values(**values),
        execution_options={"synchronize_session": False},
    )
    if result.rowcount != 1:
        db.session.rollback()
        raise _already_handled()


def approve_company(moderator: User, company: Company) -> None:
    """List a company a consumer proposed, so it gets a public page."""
    _require_moderator(moderator)
    _change_proposed(company, status=CompanyStatus.LISTED)
    record(ModAction.COMPANY_APPROVE, actor=moderator, company=company)
    db.session.commit()
    db.session.refresh(company)


def put_under_review(moderator: User, company: Company, public_reason: str,
                     private_note: str = "") -> None:
    """Put a company "onder de loep": its score is hidden behind the public reason (signs of
    manipulation: a wave of praise from new accounts, a campaign against it) until a
    moderator ends the review."""
    _set_review(moderator, company, public_reason, private_note, under_review=True)


def end_review(moderator: User, company: Company, public_reason: str,
               private_note: str = "") -> None:
    """Show the company's score again, saying why in the public log."""
    _set_review(moderator, company, public_reason, private_note, under_review=False)


def _set_review(moderator: User, company: Company, public_reason: str, private_note: str,
                *, under_review: bool) -> None:
    _require_moderator(moderator)
    reason = _one_line(public_reason)
    if not reason:
        raise DomainError(_("Give the public reason."), "public_reason")
    if len(reason) > REASON_MAX:
        raise DomainError(_("At most %(max)d characters.", max=REASON_MAX), "public_reason")
    since = Company.under_review_since
    won = db.session.execute(
        update(Company).where(Company.id == company.id,
                              since.is_(None) if under_review else since.is_not(None))
        .values(under_review_since=utcnow() if under_review else None,
                under_review_reason=reason if under_review else None),
        execution_options={"synchronize_session": False}).rowcount
    if not won:  # another moderator did the same a moment ago
        db.session.rollback()
        raise _already_handled()
    record(ModAction.COMPANY_REVIEW if under_review else ModAction.COMPANY_REVIEW_END,
           actor=moderator, company=company, public_reason=reason,
           private_note=_one_line(private_note) or None)
    db.session.commit()
    db.session.refresh(company)


def rename_company(moderator: User, company: Company, new_name: str) -> None:
    """Correct the name of a proposed company (and so its address) before it is listed."""
    _require_moderator(moderator)
    new_name = _one_line(new_name)
    key = companies.name_key(new_name)
    if len(key) < 2 or len(new_name) > 120:
        raise DomainError(_("A company name has 2 to 120 characters."), "name")
    if key == company.name_key and new_name == company.name:
        raise DomainError(_("That is the current name."), "name")
    companies.check_public_name(new_name, "name")
    clash = db.session.scalar(select(Company).where(Company.name_key == key,
                                                    Company.id != company.id))
    if clash is not None:
        raise DomainError(_("“%(name)s” already exists: merge into it instead.",
                            name=clash.name), "name")
    old_name = company.name
    _change_proposed(company, name=new_name, name_key=key, slug=companies.unique_slug(new_name))
    record(ModAction.COMPANY_RENAME, actor=moderator, company=company,
           private_note=f"{old_name} → {new_name}")
    db.session.commit()
    db.session.refresh(company)


def merge_company(moderator: User, company: Company, target_name: str) -> Company:
    """Fold a proposed company into a listed one (named as typed, or by its slug): its
    complaints, figures and web domains move with it, and its address redirects there.

    Rows are changed in the order publishing a complaint changes them (complaints, then the
    company), so a merge and an approval at the same moment cannot deadlock; moving a
    complaint bumps its version, so an approval that read it before the merge is refused.
    """
    _require_moderator(moderator)
    typed = (target_name or "").strip()
    target = (db.session.scalar(companies.listed_companies().where(Company.slug == typed))
              or companies.resolve_company(typed).company)
    if target is None or target.id == company.id:
        suggestions = companies.suggest_companies(typed, limit=5) if typed else []
        hint = ", ".join(c.name for c in suggestions)
        raise DomainError(_("Choose a listed company to merge into. Did you mean: %(names)s?",
                            names=hint) if hint else
                          _("Choose a listed company to merge into."), "target")
    source_id, target_id = company.id, target.id
    db.session.execute(
        update(Complaint).where(Complaint.company_id == source_id)
        .values(company_id=target_id, version_id=Complaint.version_id + 1),
        execution_options={"synchronize_session": False},
    )
    _change_proposed(company, status=CompanyStatus.MERGED, merged_into_id=target_id)
    published, unresolved = db.session.execute(
        select(Company.published_count, Company.unresolved_count)
        .where(Company.id == source_id)).one()
    db.session.execute(
        update(Company).where(Company.id == target_id).values(
            published_count=Company.published_count + published,
            unresolved_count=Company.unresolved_count + unresolved),
        execution_options={"synchronize_session": False},
    )
    db.session.execute(
        update(Company).where(Company.id == source_id)
        .values(published_count=0, unresolved_count=0),
        execution_options={"synchronize_session": False},
    )
    inbox_counters.move_company(source_id, target_id)
    db.session.execute(
        update(PrivateMessage).where(PrivateMessage.company_id == source_id)
        .values(company_id=target_id),
        execution_options={"synchronize_session": False},
    )
    db.session.execute(
        update(CompanyDomain).where(CompanyDomain.company_id == source_id)
        .values(company_id=target_id),
        execution_options={"synchronize_session": False},
    )
    figures.move_company(source_id, target_id)
    record(ModAction.COMPANY_MERGE, actor=moderator, company=company,
           public_reason=_("Merged into %(name)s.", name=target.name))
    db.session.commit()
    db.session.expire_all()
    return db.session.get(Company, target_id)


# --- lists ----------------------------------------------------------------------------------

def add_rejection_reason(moderator: User, label_nl: str, label_en: str) -> RejectionReason:
    """Moderators extend the list of reasons for not publishing (shown to authors)."""
    _require_moderator(moderator)
    label_nl, label_en = _one_line(label_nl), _one_line(label_en)
    if not 3 <= len(label_nl) <= 200:
        raise DomainError(_("A label has 3 to 200 characters."), "label_nl")
    if not 3 <= len(label_en) <= 200:
        raise DomainError(_("A label has 3 to 200 characters."), "label_en")
    slug = companies.slugify(label_en).replace("-", "_")[:40]
    taken = set(db.session.scalars(select(RejectionReason.slug)))
    base, n = slug, 2
    while slug in taken:
        slug = f"{base[:36]}_{n}"
        n += 1
    position = len(taken) + 1  # before "other", which rejection_reasons() keeps last
    reason = RejectionReason(slug=slug, label_nl=label_nl, label_en=label_en, position=position)
    db.session.add(reason)
    db.session.commit()
    return reason

