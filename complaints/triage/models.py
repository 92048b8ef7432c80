"""Triage records: each waiting complaint's risk signals, near-duplicate keys and groups, the
word list moderators keep, and the stored waiting times of moderation per month.

A complaint's risk level itself is a column of the complaint (`Complaint.risk_level`), so the
queue's lanes are read along one index; the reasons behind it live here.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import (
    JSON,
    BigInteger,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from complaints.accounts.models import User
from complaints.clock import utcnow
from complaints.extensions import UTCDateTime, db
from complaints.formats import lazy_gettext as _l


class RiskLevel(StrEnum):
    LOW = "low"
    NORMAL = "normal"
    HIGH = "high"


class DuplicateGroup(db.Model):
    """Stories with nearly the same text. A moderator publishes one and turns the others into
    "ik ook" on it, or holds the group as a suspected campaign (`held_at`)."""

    __tablename__ = "duplicate_groups"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    held_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    held_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    held_note: Mapped[str | None] = mapped_column(String(1000))


class ComplaintRisk(db.Model):
    """What triage found in one complaint when it was (re)submitted.

    `signals` is a list of {"code": …, plus the figures its reason names}; the reasons are
    worded when shown, so each moderator reads them in their own language. `signature` is
    the text's MinHash (`duplicates.signature`), kept to compare later submissions with it.
    """

    __tablename__ = "complaint_risks"

    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaints.id"), primary_key=True)
    signals: Mapped[list] = mapped_column(JSON, default=list)
    signature: Mapped[bytes] = mapped_column(LargeBinary)
    group_id: Mapped[int | None] = mapped_column(ForeignKey("duplicate_groups.id"), index=True)
    assessed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    group: Mapped[DuplicateGroup | None] = relationship()


class NearDuplicateKey(db.Model):
    """One band of a complaint's MinHash (locality-sensitive hashing): two texts that share a
    key are candidates for "nearly the same", checked against their signatures."""

    __tablename__ = "near_duplicate_keys"
    __table_args__ = (Index("ix_near_duplicate_keys_key", "key", "id"),
                      Index("ix_near_duplicate_keys_created_at", "created_at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaints.id"), index=True)
    key: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class WordSeverity(StrEnum):
    ABUSIVE = "abusive"  # asks for a look (normal risk)
    DEFAMATORY = "defamatory"  # an accusation of a crime: high risk


WORD_SEVERITY_LABELS = {
    WordSeverity.ABUSIVE: _l("Abusive"),
    WordSeverity.DEFAMATORY: _l("Possibly defamatory"),
}


class RiskWord(db.Model):
    """A word or phrase that makes a story ask for a moderator's look; the list is data that
    moderators extend. Matched as whole words, case-insensitively, as a prefix when it ends
    with "*" ("oplicht*" finds "oplichters")."""

    __tablename__ = "risk_words"
    __table_args__ = (UniqueConstraint("term", name="uq_risk_words_term"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    term: Mapped[str] = mapped_column(String(80))
    language: Mapped[str] = mapped_column(String(2))
    severity: Mapped[str] = mapped_column(String(20))
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    added_by: Mapped[User | None] = relationship()

    @property
    def severity_label(self) -> str:
        return str(WORD_SEVERITY_LABELS[WordSeverity(self.severity)])


class ModerationWaitBucket(db.Model):
    """How many decisions in a month (Dutch time) came after a wait in bin `bin`
    (`waits.wait_bin`): the transparency report's median and 90th percentile read these."""

    __tablename__ = "moderation_wait_buckets"

    month: Mapped[str] = mapped_column(String(7), primary_key=True)
    bin: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    count: Mapped[int] = mapped_column(Integer, default=0)
