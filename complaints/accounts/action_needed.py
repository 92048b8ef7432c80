"""What waits for a person: the "Actie nodig" list on the account page and its count in the
header.

Each kind of thing that can wait for someone is one `Kind` with one query and one sentence:

- the company asks "is it solved?" and the author has not answered (`resolution_proposed_at`);
- private messages from the other side that the person has not read (see
  `threads.models.PrivateRead`: the author reads the company's messages, a representative the
  author's, on the complaints of their company since they joined its team);
- a complaint moderation did not publish, to edit and submit again (with the reason).

Promises the author has to confirm come with a later issue: they will be a fourth `Kind`, a
query in `items_for` and one more term in `count_for`.

`count_for` is what every signed-in page asks (through the `action_needed_count` template
global, once per request): one round trip of two indexed counts, on the person's own
complaints (`ix_complaints_author_id_submitted_at`) and the private messages of their own
complaints (`ix_private_messages_complaint_id_created_at`) and to their company
(`ix_private_messages_company_id_voice_created_at`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from functools import lru_cache

from flask import url_for
from sqlalchemy import and_, bindparam, func, or_, select, union_all

from complaints.accounts.models import User
from complaints.cases.models import Complaint
from complaints.cases.workflow import PUBLIC_STATUSES, UNRESOLVED_STATUSES, Status
from complaints.extensions import db
from complaints.formats import gettext as _
from complaints.formats import ngettext
from complaints.threads.models import PrivateMessage, PrivateRead, Voice
from complaints.webcare.models import Representative


class Kind(StrEnum):
    SOLVED_QUESTION = "solved_question"
    UNREAD_MESSAGES = "unread_messages"
    REJECTED = "rejected"


@dataclass(frozen=True)
class Item:
    """One thing that waits for the person: a sentence, since when, and where to do it."""

    kind: Kind
    complaint_id: int
    title: str
    since: datetime
    sentence: str
    link: str
    link_label: str
    detail: str = ""  # the moderator's reason, for a complaint that was not published


def _own_waiting(user_id):
    """The person's complaints that wait for them: a question to answer, a text to edit.
    `user_id` is the person's id, or a bound parameter in a statement made once."""
    return and_(Complaint.author_id == user_id, or_(
        Complaint.status == Status.REJECTED,
        and_(Complaint.status.in_(UNRESOLVED_STATUSES),
             Complaint.resolution_proposed_at.is_not(None))))


def _unread(user_id):
    """Private messages from the other side that the person has not read yet, as a select
    of (complaint id, message id, created at) to count or group.

    Two parts, each read along its own index (an OR of both would read every message): the
    messages on the person's own complaints (complaints by author), and, for a
    representative, the consumers' messages to the company since they joined the team
    (messages by company, voice and time: never all of a large company's complaints)."""
    read_up_to = func.coalesce(PrivateRead.last_message_id, 0)

    def unread_on(*conditions):
        return (select(PrivateMessage.complaint_id, PrivateMessage.id,
                       PrivateMessage.created_at)
                .join(Complaint, Complaint.id == PrivateMessage.complaint_id)
                .outerjoin(PrivateRead, and_(PrivateRead.user_id == user_id,
                                             PrivateRead.complaint_id == Complaint.id))
                .where(Complaint.status.in_(PUBLIC_STATUSES), PrivateMessage.id > read_up_to,
                       PrivateMessage.sender_id != user_id, *conditions))

    own = unread_on(Complaint.author_id == user_id, PrivateMessage.voice != Voice.CONSUMER)
    team = (select(Representative.company_id, Representative.created_at)
            .where(Representative.user_id == user_id, Representative.removed_at.is_(None))
            .subquery())
    for_company = unread_on(
        PrivateMessage.voice == Voice.CONSUMER, Complaint.author_id != user_id,
        PrivateMessage.company_id.in_(select(team.c.company_id)),
        PrivateMessage.created_at >= select(func.min(team.c.created_at))
        .where(team.c.company_id == PrivateMessage.company_id).scalar_subquery())
    return union_all(own, for_company)


def count_for(user: User | None) -> int:
    """How many things wait for the person (0 for a visitor)."""
    if user is None or not user.is_authenticated:
        return 0
    own_count, unread_count = db.session.execute(_count_statement(),
                                                 {"user_id": user.id}).one()
    return own_count + unread_count


@lru_cache(maxsize=1)
def _count_statement():
    """`count_for`'s statement, made once with the person as a bound parameter: every page a
    signed-in person opens asks it, and making it anew cost more than running it."""
    user_id = bindparam("user_id")
    own = select(func.count()).select_from(Complaint).where(_own_waiting(user_id))
    unread = _unread(user_id).subquery()
    conversations = select(func.count(func.distinct(unread.c.complaint_id)))
    return select(own.scalar_subquery(), conversations.scalar_subquery())


def unread_by_complaint(user: User) -> dict[int, int]:
    """{complaint id: unread private messages} for the person."""
    unread = _unread(user.id).subquery()
    return dict(db.session.execute(select(unread.c.complaint_id, func.count())
                                   .group_by(unread.c.complaint_id)).all())


def items_for(user: User) -> list[Item]:
    """Everything that waits for the person, the longest waiting first."""
    items = [_own_item(complaint) for complaint in db.session.scalars(
        select(Complaint).where(_own_waiting(user.id)))]
    unread = _unread(user.id).subquery()
    rows = db.session.execute(
        select(unread.c.complaint_id, func.count(), func.min(unread.c.created_at))
        .group_by(unread.c.complaint_id)).all()
    complaints = {complaint.id: complaint for complaint in db.session.scalars(
        select(Complaint).where(Complaint.id.in_([row[0] for row in rows])))} if rows else {}
    for complaint_id, count, since in rows:
        complaint = complaints[complaint_id]
        items.append(Item(
            kind=Kind.UNREAD_MESSAGES, complaint_id=complaint.id, title=complaint.title,
            since=since, sentence=(
                ngettext("%(num)d unread private message from the company",
                         "%(num)d unread private messages from the company", count)
                if complaint.author_id == user.id else
                ngettext("%(num)d unread private message from the consumer",
                         "%(num)d unread private messages from the consumer", count)),
            link=url_for("cases.show", complaint_id=complaint.id, _anchor="private"),
            link_label=_("Read the messages")))
    return sorted(items, key=lambda item: (item.since, item.complaint_id, item.kind))


def _own_item(complaint: Complaint) -> Item:
    if complaint.status == Status.REJECTED:
        return Item(
            kind=Kind.REJECTED, complaint_id=complaint.id, title=complaint.title,
            since=complaint.rejected_at or complaint.submitted_at,
            sentence=_("Not published: edit it and submit it again"),
            link=url_for("cases.edit", complaint_id=complaint.id),
            link_label=_("Edit and submit again"),
            detail=complaint.rejection_reason or "")
    return Item(
        kind=Kind.SOLVED_QUESTION, complaint_id=complaint.id, title=complaint.title,
        since=complaint.resolution_proposed_at,
        sentence=_("%(company)s asks whether your problem is solved",
                   company=complaint.company.name),
        link=url_for("cases.show", complaint_id=complaint.id),
        link_label=_("Answer the question"))


def situation(complaint: Complaint) -> str:
    """What is really going on with one of the person's complaints, in a few words (the
    account page's status column): more than the status alone."""
    if complaint.status in UNRESOLVED_STATUSES and complaint.resolution_proposed_at:
        return _("Company asks: solved?")
    if complaint.status == Status.ANSWERED and complaint.awaiting_company_since:
        return _("Waiting for the company's reaction")
    if complaint.status == Status.ANSWERED:
        return _("Company answered")
    if complaint.status == Status.OPEN:
        return _("Waiting for the company's first answer")
    if complaint.status == Status.REJECTED:
        return _("Not published: edit it")
    return complaint.status_label
