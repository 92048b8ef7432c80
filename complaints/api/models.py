"""Personal access tokens of a company's representatives for the API."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from complaints.accounts.models import User
from complaints.clock import utcnow
from complaints.companies.models import Company
from complaints.extensions import UTCDateTime, db


class Scope(StrEnum):
    READ = "read"  # the inbox, complaints and their private messages
    WRITE = "write"  # read, and reply, send private messages, propose resolution


class ApiToken(db.Model):
    """A token a representative made for one company's inbox. Only a SHA-256 hash of the
    secret is kept (the token is 256 random bits, so a fast hash is enough: nothing to guess);
    `prefix` is its first characters, shown in lists so people can tell tokens apart.

    A token works while it is not revoked and its person still represents the company and is
    not blocked: leaving the team ends its access at once, without touching the row.
    """

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    name: Mapped[str] = mapped_column(String(80))
    scope: Mapped[str] = mapped_column(String(10), default=Scope.READ)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    company: Mapped[Company] = relationship()
    user: Mapped[User] = relationship()

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    def allows(self, scope: Scope) -> bool:
        return scope == Scope.READ or self.scope == Scope.WRITE

    def __repr__(self) -> str:
        return f"<ApiToken {self.id} {self.prefix}… {self.scope}>"
