"""Companies people complain about, their sectors and web domains."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from complaints.clock import utcnow
from complaints.extensions import UTCDateTime, db
from complaints.formats import current_locale


class LabelledMixin:
    """Reference data with a label per language; the list is data so moderators can extend it."""

    slug: Mapped[str] = mapped_column(String(40), unique=True)
    label_nl: Mapped[str] = mapped_column(String(80))
    label_en: Mapped[str] = mapped_column(String(80))
    position: Mapped[int] = mapped_column(Integer, default=0)

    @property
    def label(self) -> str:
        locale = current_locale()
        return self.label_en if locale and locale.language == "en" else self.label_nl


class Sector(LabelledMixin, db.Model):
    __tablename__ = "sectors"

    id: Mapped[int] = mapped_column(primary_key=True)


class CompanyStatus(StrEnum):
    LISTED = "listed"
    PROPOSED = "proposed"
    MERGED = "merged"  # folded into another company; its address redirects there


class Company(db.Model):
    __tablename__ = "companies"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    # Case-, accent- and space-folded name: exact lookups and the A–Z directory use it.
    name_key: Mapped[str] = mapped_column(String(120), index=True)
    slug: Mapped[str] = mapped_column(String(140), unique=True)
    sector_id: Mapped[int] = mapped_column(ForeignKey("sectors.id"))
    description: Mapped[str] = mapped_column(Text, default="")
    website: Mapped[str | None] = mapped_column(String(255))
    # The public office or visiting address the owner gives on the profile; the personal-data
    # guard does not flag it in complaints about this company.
    office_address: Mapped[str | None] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(20), default=CompanyStatus.LISTED, index=True)
    proposed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("companies.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The profile its representatives keep: how to reach them, and how fast they promise to
    # answer (the webcare inbox and the figures measure them against it).
    contact_channels: Mapped[str] = mapped_column(Text, default="")
    response_promise_hours: Mapped[int | None] = mapped_column(Integer)
    # Set when the first representative's claim was approved: the page shows a verified badge.
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # "Onder de loep": a moderator saw signs of manipulation; the score is hidden and the
    # public reason shown instead, until a moderator lifts it.
    under_review_since: Mapped[datetime | None] = mapped_column(UTCDateTime)
    under_review_reason: Mapped[str | None] = mapped_column(Text)
    # Stored figures, kept up to date by cases.services.apply_transition.
    published_count: Mapped[int] = mapped_column(Integer, default=0)
    unresolved_count: Mapped[int] = mapped_column(Integer, default=0)
    # The webcare inbox's counters (its unresolved complaints by what each waits for), kept
    # up to date by webcare.counters at every flush that changes one.
    inbox_first_answer: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    inbox_replied_again: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    inbox_solved_answer: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    inbox_consumer: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    sector: Mapped[Sector] = relationship(lazy="joined")
    domains: Mapped[list[CompanyDomain]] = relationship(
        back_populates="company", cascade="all, delete-orphan", order_by="CompanyDomain.domain"
    )

    @property
    def is_listed(self) -> bool:
        return self.status == CompanyStatus.LISTED

    @property
    def is_claimed(self) -> bool:
        return self.claimed_at is not None

    @property
    def is_under_review(self) -> bool:
        return self.under_review_since is not None

    def __repr__(self) -> str:
        return f"<Company {self.slug}>"


class CompanyDomain(db.Model):
    __tablename__ = "company_domains"

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"), index=True)
    domain: Mapped[str] = mapped_column(String(253), unique=True)

    company: Mapped[Company] = relationship(back_populates="domains")

