"""User accounts: one account per person; site roles are granted on it."""

from __future__ import annotations

import secrets
from datetime import datetime
from enum import StrEnum

from flask_login import UserMixin
from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from complaints.clock import utcnow
from complaints.extensions import UTCDateTime, db
from complaints.formats import gettext as _


class SiteRole(StrEnum):
    CONSUMER = "consumer"
    MODERATOR = "moderator"
    ADMIN = "admin"


def new_session_stamp() -> str:
    return secrets.token_hex(16)


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    display_name: Mapped[str] = mapped_column(String(60))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20), default=SiteRole.CONSUMER)
    locale: Mapped[str] = mapped_column(String(5), default="nl")
    email_verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Changed with the password: logs out every other session and voids old reset links.
    session_stamp: Mapped[str] = mapped_column(String(32), default=new_session_stamp)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # A banned person can sign in and see or delete their data, but not submit or flag.
    banned_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ban_reason: Mapped[str | None] = mapped_column(Text)
    # Account deleted by its owner: e-mail, name and password are erased, the row stays so
    # complaints kept public can say "deleted user".
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    def get_id(self) -> str:
        return f"{self.id}:{self.session_stamp}"

    @property
    def is_verified(self) -> bool:
        return self.email_verified_at is not None

    @property
    def is_banned(self) -> bool:
        return self.banned_at is not None

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def public_name(self) -> str:
        """The name shown beside what this person wrote."""
        return _("deleted user") if self.is_deleted else self.display_name

    @property
    def is_moderator(self) -> bool:
        return self.role in (SiteRole.MODERATOR, SiteRole.ADMIN)

    @property
    def is_admin(self) -> bool:
        return self.role == SiteRole.ADMIN

    def __repr__(self) -> str:
        return f"<User {self.id} {self.role}>"
