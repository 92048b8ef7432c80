"""Moderating a storm: approve a page of low-risk stories in one action, turn near-duplicates
into "ik ook" on one published story, hold a group as a suspected campaign, and keep the word
list.

Every story in a batch is its own transaction through the single-story service, so each is
logged, mailed and race-safe exactly as one approved on its own; what another moderator
handled first is reported back, not applied twice.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import url_for
from flask_babel import force_locale
from sqlalchemy import select, update

from complaints import permissions
from complaints.accounts.models import User
from complaints.cases.models import Complaint
from complaints.cases.services import apply_transition
from complaints.cases.workflow import PUBLIC_STATUSES, Action, Role, Status
from complaints.clock import utcnow
from complaints.dueprocess import statements
from complaints.dueprocess.models import Decision
from complaints.errors import AlreadyHandled, DomainError, NotAllowed
from complaints.extensions import db
from complaints.figures import services as figures
from complaints.formats import gettext as _
from complaints.moderation import services as moderation
from complaints.moderation.log import record
from complaints.moderation.models import ModAction, RejectionReason
from complaints.threads.services import add_support
from complaints.triage import signals, waits
from complaints.triage.models import (
    ComplaintRisk,
    DuplicateGroup,
    RiskLevel,
    RiskWord,
    WordSeverity,
)

BATCH_MAX = 100
TERM_MAX = RiskWord.__table__.c.term.type.length


def _require_moderator(user: User) -> None:
    if not permissions.can_moderate(user):
        raise NotAllowed(_("Only moderators can do this."))


# --- a page of low-risk stories -------------------------------------------------------------

@dataclass
class BatchOutcome:
    """What became of each ticked story: published, handled by someone else first (or changed
    since the page was shown), or refused with a reason."""

    published: list[int] = field(default_factory=list)
    already: list[int] = field(default_factory=list)
    refused: list[tuple[int, str]] = field(default_factory=list)


def approve_batch(moderator: User, items: list[tuple[int, int]]) -> BatchOutcome:
    """Publish the ticked low-risk stories, given as (complaint id, the version shown)."""
    _require_moderator(moderator)
    if not items:
        raise DomainError(_("Tick the stories you want to publish."), "items")
    if len(items) > BATCH_MAX:
        raise DomainError(_("At most %(max)d stories at once.", max=BATCH_MAX), "items")
    outcome = BatchOutcome()
    with figures.refresh_once():  # one company's figures once, not once per story
        for complaint_id, version in dict(items).items():
            _approve_one(moderator, complaint_id, version, outcome)
    return outcome


def _approve_one(moderator: User, complaint_id: int, version: int,
                 outcome: BatchOutcome) -> None:
    """One ticked story, in its own transaction through the single-story service."""
    complaint = db.session.get(Complaint, complaint_id)
    if complaint is None:
        outcome.refused.append((complaint_id, _("This story does not exist.")))
    elif complaint.version_id != version or complaint.status != Status.PENDING:
        outcome.already.append(complaint_id)
    elif complaint.risk_level != RiskLevel.LOW:
        outcome.refused.append((complaint_id, _("it is not a low-risk story; decide on it in "
                                                "its own lane.")))
    else:
        try:
            moderation.approve_complaint(moderator, complaint)
        except AlreadyHandled:
            db.session.rollback()
            outcome.already.append(complaint_id)
        except (NotAllowed, DomainError) as error:
            db.session.rollback()
            outcome.refused.append((complaint_id, str(error)))
        else:
            outcome.published.append(complaint_id)
    db.session.expire_all()


# --- near-duplicates ------------------------------------------------------------------------

@dataclass
class MergeOutcome:
    merged: list[int] = field(default_factory=list)
    already: list[int] = field(default_factory=list)


def group_members(group: DuplicateGroup) -> list[Complaint]:
    return list(db.session.scalars(
        select(Complaint).join(ComplaintRisk, ComplaintRisk.complaint_id == Complaint.id)
        .where(ComplaintRisk.group_id == group.id)
        .order_by(Complaint.queued_at, Complaint.id)))


def merge_into(moderator: User, group: DuplicateGroup, lead: Complaint, *, ground: str,
               shown: list[tuple[int, int]] | None = None) -> MergeOutcome:
    """Publish `lead` (when it still waits) and turn the group's other waiting stories into
    "ik ook" on it: each is not published on its own, its author's "ik ook" is counted on
    the lead, and they get a statement of reasons that says so and links to it. A story by
    the lead's own author is closed as a duplicate without an "ik ook".

    `shown` is what the moderator's page showed, as (id, version): only those stories are
    turned (one that arrived since stays waiting), and one handled or changed since is
    reported in `already`. Without it, every waiting story of the group is turned.
    """
    _require_moderator(moderator)
    statements.check_ground(ground)
    members = group_members(group)
    if lead.id not in {m.id for m in members}:
        raise DomainError(_("Choose a story of this group."), "lead")
    seen = dict(shown) if shown is not None else {
        m.id: m.version_id for m in members if m.status == Status.PENDING}
    if lead.status == Status.PENDING:
        moderation.approve_complaint(moderator, lead)  # commits; refuses personal data
    elif lead.status not in PUBLIC_STATUSES:
        raise DomainError(_("This story cannot be published now: choose another."), "lead")
    reason = db.session.scalar(select(RejectionReason).where(RejectionReason.slug ==
                                                             "duplicate"))
    outcome = MergeOutcome()
    lead_url = url_for("cases.show", complaint_id=lead.id, _external=True)
    for member in members:
        if member.id == lead.id or member.id not in seen:
            continue
        if member.status != Status.PENDING or member.version_id != seen[member.id]:
            outcome.already.append(member.id)
            continue
        try:
            _merge_one(moderator, member, lead, lead_url, reason, ground)
        except AlreadyHandled:
            db.session.rollback()
            outcome.already.append(member.id)
        else:
            outcome.merged.append(member.id)
    return outcome


def _merge_one(moderator: User, member: Complaint, lead: Complaint, lead_url: str,
               reason: RejectionReason | None, ground: str) -> None:
    author = member.author
    same_author = author.id == lead.author_id
    with force_locale(author.locale):
        if same_author:
            facts = _("Your story is nearly the same as your complaint “%(title)s”, which is "
                      "published: %(url)s. It is not published a second time.",
                      title=lead.title, url=lead_url)
        else:
            facts = _("Your story is nearly the same as the published complaint “%(title)s”: "
                      "%(url)s. It is not published on its own; it counts as your “me too” "
                      "on that complaint, so it shows how many people have this problem.",
                      title=lead.title, url=lead_url)
    now = utcnow()
    apply_transition(member, Action.REJECT, actor=moderator, roles={Role.MODERATOR},
                     reason=facts, now=now)
    if not same_author:
        add_support(author, lead)
    record(ModAction.REJECT, actor=moderator, complaint=member, now=now,
           public_reason=reason.label_nl if reason else None,
           private_note=_("Turned into “me too” on #%(id)d.", id=lead.id))
    statements.issue(Decision.REJECT, moderator=moderator, facts=facts, ground=ground,
                     user=author, complaint=member)
    waits.record(member)
    db.session.commit()


def hold_group(moderator: User, group: DuplicateGroup, note: str = "") -> int:
    """Hold the group as a suspected campaign: its waiting stories go to the high-risk lane
    with that reason, and so do later near-duplicates. Returns how many were moved."""
    _require_moderator(moderator)
    note = " ".join((note or "").split())[:1000]
    won = db.session.execute(
        update(DuplicateGroup).where(DuplicateGroup.id == group.id,
                                     DuplicateGroup.held_at.is_(None))
        .values(held_at=utcnow(), held_by_id=moderator.id, held_note=note or None),
        execution_options={"synchronize_session": False}).rowcount
    if not won:
        db.session.rollback()
        raise AlreadyHandled(_("Another moderator held this group a moment ago."))
    waiting = [m for m in group_members(group) if m.status == Status.PENDING]
    for member in waiting:
        risk = db.session.get(ComplaintRisk, member.id)
        risk.signals = [*risk.signals, signals.signal("held_campaign")]
        member.risk_level = RiskLevel.HIGH
        record(ModAction.HOLD_CAMPAIGN, actor=moderator, complaint=member,
               private_note=note or None, public=False)
    db.session.commit()
    db.session.refresh(group)
    return len(waiting)


# --- the word list --------------------------------------------------------------------------

def add_word(moderator: User, term: str, language: str, severity: str) -> RiskWord:
    _require_moderator(moderator)
    term = " ".join((term or "").split()).lower()
    if len(term.rstrip("*")) < 2 or len(term) > TERM_MAX or "*" in term.rstrip("*"):
        raise DomainError(_("A word or phrase has 2 to %(max)d characters; only a “*” at the "
                            "end is special.", max=TERM_MAX), "term")
    if language not in ("nl", "en"):
        raise DomainError(_("Choose a language."), "language")
    if severity not in set(WordSeverity):
        raise DomainError(_("Choose what the word signals."), "severity")
    if db.session.scalar(select(RiskWord.id).where(RiskWord.term == term)) is not None:
        raise DomainError(_("“%(term)s” is already on the list.", term=term), "term")
    word = RiskWord(term=term, language=language, severity=severity, added_by_id=moderator.id)
    db.session.add(word)
    db.session.commit()
    return word


def remove_word(moderator: User, word: RiskWord) -> None:
    _require_moderator(moderator)
    db.session.delete(word)
    db.session.commit()
