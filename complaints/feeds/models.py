"""A signed-in person follows a company: an e-mail for each newly published complaint about
it, or one daily digest."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from complaints.accounts.models import User
from complaints.clock import utcnow
from complaints.companies.models import Company
from complaints.extensions import UTCDateTime, db


class FollowMode(StrEnum):
    INSTANT = "instant"  # one e-mail per newly published complaint
    DAILY = "daily"  # one digest a day, only on days with new complaints


class Follow(db.Model):
    __tablename__ = "follows"
    __table_args__ = (UniqueConstraint("user_id", "company_id",
                                       name="uq_follows_user_id_company_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"), index=True)
    mode: Mapped[str] = mapped_column(String(10), default=FollowMode.INSTANT)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The moment up to which the daily digest has told this person about new complaints.
    digest_through: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()
    company: Mapped[Company] = relationship()
