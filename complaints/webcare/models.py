"""The company side: claims on a company profile, its representatives, and invitations."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Boolean, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from complaints.accounts.models import User
from complaints.clock import utcnow
from complaints.companies.models import Company
from complaints.extensions import UTCDateTime, db


class Representative(db.Model):
    """A user who speaks for a company in public (its webcare team). The first approved one is
    the owner, who keeps the profile and the team. Removing someone keeps the row, so replies
    they wrote still say who wrote them."""

    __tablename__ = "representatives"
    __table_args__ = (UniqueConstraint("company_id", "user_id",
                                       name="uq_representatives_company_id_user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    name: Mapped[str] = mapped_column(String(80))
    job_title: Mapped[str] = mapped_column(String(80))
    work_email: Mapped[str] = mapped_column(String(254))
    is_owner: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    company: Mapped[Company] = relationship()

    @property
    def is_active(self) -> bool:
        return self.removed_at is None


class Invitation(db.Model):
    """An owner's invitation to a colleague's work e-mail address to join the webcare team."""

    __tablename__ = "invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"), index=True)
    invited_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    email: Mapped[str] = mapped_column(String(254))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    accepted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    company: Mapped[Company] = relationship()

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and self.cancelled_at is None


class ClaimStatus(StrEnum):
    AWAITING_EMAIL = "awaiting_email"  # the link to the work e-mail was not followed yet
    IN_REVIEW = "in_review"  # the e-mail is confirmed but its domain is not the company's
    APPROVED = "approved"
    REFUSED = "refused"


class Claim(db.Model):
    """Someone's request to speak for a company: proved by a link sent to their work e-mail,
    approved at once when its domain is the company's, else by a moderator."""

    __tablename__ = "claims"
    __table_args__ = (Index("ix_claims_status_created_at", "status", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    name: Mapped[str] = mapped_column(String(80))
    job_title: Mapped[str] = mapped_column(String(80))
    work_email: Mapped[str] = mapped_column(String(254))
    status: Mapped[str] = mapped_column(String(20), default=ClaimStatus.AWAITING_EMAIL)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    email_confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    refusal_reason: Mapped[str | None] = mapped_column(Text)

    company: Mapped[Company] = relationship()
    user: Mapped[User] = relationship(foreign_keys=[user_id])
