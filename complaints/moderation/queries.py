"""Read-side queries for the moderation queues, the audit log and the public transparency page.

The queues are small by nature (what waits for a moderator), so counting them is cheap; the
public page reads stored monthly counts instead of counting the log.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import Select, func, select

from complaints.accounts.models import User
from complaints.cases.models import Complaint, ComplaintEvent, ComplaintRevision
from complaints.cases.workflow import PUBLIC_STATUSES, Action, Status
from complaints.clock import utcnow
from complaints.companies.models import Company, CompanyStatus
from complaints.dueprocess.models import Appeal, Notice, NoticeStatus
from complaints.evidence.models import Attachment, Publication
from complaints.extensions import db
from complaints.formats import gettext as _
from complaints.formats import lazy_gettext as _l
from complaints.moderation.log import month_of
from complaints.moderation.models import (
    PRIVATE_ACTIONS,
    Flag,
    FlagStatus,
    ModAction,
    ModerationAction,
    ModerationMonthlyCount,
    RejectionReason,
)
from complaints.webcare.queries import claims_in_review_count

DUPLICATE_WINDOW = timedelta(days=7)


def pending_count() -> int:
    return db.session.scalar(
        select(func.count()).select_from(Complaint).where(Complaint.status == Status.PENDING))


def open_flag_count() -> int:
    """Published complaints with at least one open report (a report on a complaint that left
    public view since needs no action)."""
    return db.session.scalar(
        select(func.count(func.distinct(Flag.complaint_id)))
        .join(Complaint, Complaint.id == Flag.complaint_id)
        .where(Flag.status == FlagStatus.OPEN, Complaint.status.in_(PUBLIC_STATUSES)))


def proposed_company_count() -> int:
    return db.session.scalar(
        select(func.count()).select_from(Company)
        .where(Company.status == CompanyStatus.PROPOSED))


def open_notice_count() -> int:
    """Confirmed notices no moderator has decided yet."""
    return db.session.scalar(
        select(func.count()).select_from(Notice).where(Notice.status == NoticeStatus.OPEN))


def open_appeals_count() -> int:
    """Appeals against a decision that wait for a second moderator."""
    return db.session.scalar(
        select(func.count()).select_from(Appeal).where(Appeal.decided_at.is_(None)))


def waiting_image_count() -> int:
    """Images whose authors asked to show them publicly (`evidence`)."""
    return db.session.scalar(select(func.count()).select_from(Attachment).where(
        Attachment.publication == Publication.REQUESTED)) or 0


def queue_counts(pending: int | None = None) -> dict[str, int]:
    """The number on each tab of /moderation (`pending` when the page counted the waiting
    stories already, by lane)."""
    return {"pending": pending_count() if pending is None else pending,
            "flags": open_flag_count(),
            "companies": proposed_company_count(), "claims": claims_in_review_count(),
            "notices": open_notice_count(), "appeals": open_appeals_count(),
            "images": waiting_image_count()}


@dataclass
class AuthorHistory:
    """What a moderator wants to know about the author of a waiting complaint."""

    by_status: dict[str, int] = field(default_factory=dict)
    recent_same_company: list[Complaint] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.by_status.values())


def author_histories(complaints: list[Complaint]) -> dict[int, AuthorHistory]:
    """Per complaint on a queue page: the author's complaints by status, and their other
    complaints about the same company within 7 days (a likely duplicate). Two queries for the
    whole page."""
    if not complaints:
        return {}
    author_ids = {c.author_id for c in complaints}
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    for author_id, status, count in db.session.execute(
        select(Complaint.author_id, Complaint.status, func.count())
        .where(Complaint.author_id.in_(author_ids))
        .group_by(Complaint.author_id, Complaint.status)
    ):
        counts[author_id][status] = count
    earliest = min(c.submitted_at for c in complaints) - DUPLICATE_WINDOW
    nearby = list(db.session.scalars(
        select(Complaint).where(Complaint.author_id.in_(author_ids),
                                Complaint.submitted_at >= earliest)
        .order_by(Complaint.submitted_at)))
    histories = {}
    for complaint in complaints:
        same = [other for other in nearby
                if other.id != complaint.id and other.author_id == complaint.author_id
                and other.company_id == complaint.company_id
                and abs(other.submitted_at - complaint.submitted_at) <= DUPLICATE_WINDOW]
        histories[complaint.id] = AuthorHistory(dict(counts[complaint.author_id]), same)
    return histories


def flagged_complaints() -> Select:
    """Complaints with open reports, the longest-waiting report first."""
    first_open = (select(Flag.complaint_id, func.min(Flag.created_at).label("since"))
                  .where(Flag.status == FlagStatus.OPEN).group_by(Flag.complaint_id).subquery())
    return (select(Complaint).join(first_open, first_open.c.complaint_id == Complaint.id)
            .where(Complaint.status.in_(PUBLIC_STATUSES))
            .order_by(first_open.c.since, Complaint.id))


def open_flags_for(complaint_ids: list[int]) -> dict[int, list[Flag]]:
    flags: dict[int, list[Flag]] = defaultdict(list)
    for flag in db.session.scalars(
        select(Flag).where(Flag.complaint_id.in_(complaint_ids), Flag.status == FlagStatus.OPEN)
        .order_by(Flag.created_at)
    ):
        flags[flag.complaint_id].append(flag)
    return flags


def proposed_companies() -> Select:
    return (select(Company).where(Company.status == CompanyStatus.PROPOSED)
            .order_by(Company.created_at, Company.id))


def complaints_of_companies(company_ids: list[int]) -> dict[int, list[Complaint]]:
    found: dict[int, list[Complaint]] = defaultdict(list)
    for complaint in db.session.scalars(
        select(Complaint).where(Complaint.company_id.in_(company_ids))
        .order_by(Complaint.submitted_at)
    ):
        found[complaint.company_id].append(complaint)
    return found


def audit_log(action: str | None = None) -> Select:
    """Every log row, newest first, for moderators (with actor and private note)."""
    stmt = select(ModerationAction).order_by(ModerationAction.created_at.desc(),
                                             ModerationAction.id.desc())
    if action:
        stmt = stmt.where(ModerationAction.action == action)
    return stmt


def public_log(action: str | None = None) -> Select:
    """The public part of the log, newest first."""
    return audit_log(action).where(ModerationAction.public.is_(True))




def public_actions() -> list[ModAction]:
    return [action for action in ModAction if action not in PRIVATE_ACTIONS]


def monthly_counts(months: int = 12) -> tuple[list[str], dict[str, dict[str, int]]]:
    """The last `months` calendar months (newest first) and per month the count per action."""
    now = utcnow()
    labels, seen = [], set()
    moment = now
    while len(labels) < months:
        month = month_of(moment)
        if month not in seen:
            seen.add(month)
            labels.append(month)
        moment -= timedelta(days=27)
    table: dict[str, dict[str, int]] = {month: {} for month in labels}
    for row in db.session.scalars(
        select(ModerationMonthlyCount).where(ModerationMonthlyCount.month >= labels[-1])
    ):
        if row.month in table:
            table[row.month][row.action] = row.count
    return labels, table


def user_history(user: User) -> Select:
    return (select(Complaint).where(Complaint.author_id == user.id)
            .order_by(Complaint.submitted_at.desc(), Complaint.id.desc()))


def revisions(complaint: Complaint) -> list[ComplaintRevision]:
    """Earlier texts of a complaint (before moderators edited it), newest first."""
    return list(db.session.scalars(
        select(ComplaintRevision).where(ComplaintRevision.complaint_id == complaint.id)
        .order_by(ComplaintRevision.created_at.desc(), ComplaintRevision.id.desc())))


def public_reasons(rows) -> dict[int, str]:
    """The public reason of each log row in the visitor's language.

    A refusal stores the Dutch label of the reason from the list; it is shown as the label of
    that reason in the current language. "Reports checked" is a fixed text, shown translated.
    Other reasons were written by a moderator and are shown as written.
    """
    refusals = [row for row in rows if row.action == ModAction.REJECT and row.public_reason]
    by_dutch = {}
    if refusals:
        by_dutch = {reason.label_nl: reason for reason in db.session.scalars(
            select(RejectionReason).where(RejectionReason.label_nl.in_(
                {row.public_reason for row in refusals})))}
    shown = {}
    for row in rows:
        if row.action == ModAction.DISMISS_FLAGS:
            shown[row.id] = _("Reports checked; the complaint stays as it is.")
        elif row.action == ModAction.REJECT and row.public_reason in by_dutch:
            shown[row.id] = by_dutch[row.public_reason].label
        elif row.action in APPEAL_ACTIONS and not row.public_reason:  # a block, a claim
            shown[row.id] = str(APPEAL_ACTIONS[row.action])
        else:
            shown[row.id] = row.public_reason or ""
    return shown


# An appeal about a person (a block, a refused claim) keeps its reasons with the moderators.
APPEAL_ACTIONS = {
    ModAction.APPEAL_UPHELD: _l("Looked at again on appeal; the decision stands."),
    ModAction.APPEAL_REVERSED: _l("Looked at again on appeal; the decision is undone."),
}


AUTHOR_MESSAGE_WINDOW = timedelta(seconds=5)


def author_messages(rows) -> dict[int, str]:
    """For the moderators' log: what each refusal told the author (mailed, and shown on the
    author's complaint). It is the reason of the complaint's refusal event written with it."""
    refusals = [row for row in rows if row.action == ModAction.REJECT and row.complaint_id]
    if not refusals:
        return {}
    events = defaultdict(list)
    for event in db.session.scalars(select(ComplaintEvent).where(
            ComplaintEvent.complaint_id.in_({row.complaint_id for row in refusals}),
            ComplaintEvent.action == Action.REJECT)):
        events[event.complaint_id].append(event)
    messages = {}
    for row in refusals:
        nearest = min(events[row.complaint_id], default=None,
                      key=lambda event: abs(event.created_at - row.created_at))
        if nearest and abs(nearest.created_at - row.created_at) <= AUTHOR_MESSAGE_WINDOW:
            messages[row.id] = nearest.reason or ""
    return messages


def internal_note(row, author_message: str | None) -> str:
    """The log row's note for moderators only. Refusals logged before the internal note
    existed kept the text for the author there: that is not an internal note, so not shown
    as one."""
    note = row.private_note or ""
    if author_message and note and author_message.endswith(note):
        return ""
    return note
