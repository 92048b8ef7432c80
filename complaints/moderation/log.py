"""Writing the moderation log: one row per action, in the transaction of the action itself."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.dialects import postgresql, sqlite

from complaints.accounts.models import User
from complaints.cases.models import Complaint
from complaints.clock import AMSTERDAM, utcnow
from complaints.companies.models import Company
from complaints.extensions import db
from complaints.moderation.models import ModAction, ModerationAction, ModerationMonthlyCount
from complaints.threads.models import Reply


def month_of(moment: datetime) -> str:
    """The calendar month in Dutch time, as the transparency report shows it: '2026-11'."""
    return moment.astimezone(AMSTERDAM).strftime("%Y-%m")


def record(
    action: ModAction,
    *,
    actor: User | None,
    complaint: Complaint | None = None,
    user: User | None = None,
    company: Company | None = None,
    reply: Reply | None = None,
    public_reason: str | None = None,
    private_note: str | None = None,
    public: bool = True,
    now: datetime | None = None,
) -> ModerationAction:
    """Append a log row for `action` on exactly one target; the caller commits.

    Public rows also move the stored count for their month, so the transparency report never
    counts the log.
    """
    targets = [t for t in (complaint, user, company, reply) if t is not None]
    if len(targets) != 1:
        raise ValueError("a moderation log row has exactly one target")
    now = now or utcnow()
    row = ModerationAction(
        actor_id=actor.id if actor else None, action=action,
        complaint_id=complaint.id if complaint else None,
        user_id=user.id if user else None,
        company_id=company.id if company else None,
        reply_id=reply.id if reply else None,
        public_reason=(public_reason or "").strip() or None,
        private_note=(private_note or "").strip() or None,
        public=public, created_at=now,
    )
    db.session.add(row)
    if public:
        _count(month_of(now), action)
    return row


def _count(month: str, action: str) -> None:
    """Add one to (month, action), creating the row when it is the first (an upsert)."""
    dialect = db.session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    stmt = insert(ModerationMonthlyCount).values(month=month, action=action, count=1)
    stmt = stmt.on_conflict_do_update(
        index_elements=["month", "action"],
        set_={"count": ModerationMonthlyCount.count + 1},
    )
    db.session.execute(stmt)
