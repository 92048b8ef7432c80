"""Where a complaint ends up: promises a company makes in its replies, the bodies a consumer can
escalate to when the company does not solve it, and the escalations themselves.

- A `Promise` rides on a representative's public reply ("we refund € 40 by 1 March"). On its
  due date the author is asked, once, whether it was kept; the answer can change for 14 days.
  `PromiseFigures` holds each company's stored totals, so no page counts promises.
- An `EscalationBody` is a row of the reference table moderators keep: a disputes committee,
  an ombudsman, a regulator's report desk, the court. `sectors` and `categories` say what it is
  for; a body with `membership_required` applies only to companies that declare they are a
  member (`CompanyMembership`), as the Geschillencommissie branches do.
- An `Escalation` is the author's record of taking the complaint further: where, when, and
  later the outcome.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from enum import StrEnum

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from complaints.cases.models import Category, Complaint
from complaints.clock import utcnow
from complaints.companies.models import Company, Sector
from complaints.extensions import UTCDateTime, db
from complaints.formats import current_locale
from complaints.formats import lazy_gettext as _l
from complaints.threads.models import Reply

ANSWER_CHANGE_WINDOW = timedelta(days=14)  # the author may change "kept / not kept" this long


class PromiseKind(StrEnum):
    REFUND = "refund"
    CREDIT_NOTE = "credit_note"
    REPAIR = "repair"  # repair or replacement
    CALL_BACK = "call_back"
    CANCELLATION = "cancellation"
    OTHER = "other"


PROMISE_KIND_LABELS = {
    PromiseKind.REFUND: _l("Refund"),
    PromiseKind.CREDIT_NOTE: _l("Credit note"),
    PromiseKind.REPAIR: _l("Repair or replacement"),
    PromiseKind.CALL_BACK: _l("Call back"),
    PromiseKind.CANCELLATION: _l("Cancellation"),
    PromiseKind.OTHER: _l("Something else"),
}
MONEY_KINDS = frozenset({PromiseKind.REFUND, PromiseKind.CREDIT_NOTE})


class PromiseOutcome(StrEnum):
    KEPT = "kept"
    NOT_KEPT = "not_kept"


class Promise(db.Model):
    """What a representative promised in one public reply, and whether the author says it
    was kept. `amount_cents` only for money (a refund, a credit note)."""

    __tablename__ = "promises"
    __table_args__ = (Index("ix_promises_due_on_asked_at", "due_on", "asked_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    reply_id: Mapped[int] = mapped_column(ForeignKey("replies.id"), unique=True)
    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaints.id"), index=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    amount_cents: Mapped[int | None] = mapped_column(Integer)
    due_on: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    asked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # the question was mailed
    outcome: Mapped[str | None] = mapped_column(String(20))
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    reply: Mapped[Reply] = relationship()
    complaint: Mapped[Complaint] = relationship()
    company: Mapped[Company] = relationship()

    @property
    def kind_label(self) -> str:
        return str(PROMISE_KIND_LABELS.get(PromiseKind(self.kind), self.kind))

    @property
    def is_money(self) -> bool:
        return self.kind in MONEY_KINDS

    @property
    def changeable_until(self) -> datetime | None:
        """Until when the author may change their answer (None while there is none)."""
        return None if self.answered_at is None else self.answered_at + ANSWER_CHANGE_WINDOW


class PromiseFigures(db.Model):
    """A company's promises, counted as they are made and answered (never recounted per
    page): made, due (the due date passed), answered kept / not kept, and the money."""

    __tablename__ = "promise_figures"

    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"), primary_key=True)
    made: Mapped[int] = mapped_column(Integer, default=0)
    kept: Mapped[int] = mapped_column(Integer, default=0)
    not_kept: Mapped[int] = mapped_column(Integer, default=0)
    promised_cents: Mapped[int] = mapped_column(Integer, default=0)
    returned_cents: Mapped[int] = mapped_column(Integer, default=0)  # kept money promises


class BodyKind(StrEnum):
    DISPUTES = "disputes"  # a disputes committee: a binding decision, usually for a fee
    OMBUDSMAN = "ombudsman"
    REGULATOR = "regulator"  # reports a practice; does not decide one person's case
    PRIVACY = "privacy"
    ADVICE = "advice"  # free legal advice (Het Juridisch Loket): which route fits
    COURT = "court"


BODY_KIND_LABELS = {
    BodyKind.DISPUTES: _l("Disputes committee"),
    BodyKind.OMBUDSMAN: _l("Ombudsman"),
    BodyKind.REGULATOR: _l("Regulator"),
    BodyKind.PRIVACY: _l("Privacy regulator"),
    BodyKind.ADVICE: _l("Free legal advice"),
    BodyKind.COURT: _l("Court"),
}

escalation_body_sectors = Table(
    "escalation_body_sectors", db.metadata,
    Column("body_id", ForeignKey("escalation_bodies.id"), primary_key=True),
    Column("sector_id", ForeignKey("sectors.id"), primary_key=True),
)
escalation_body_categories = Table(
    "escalation_body_categories", db.metadata,
    Column("body_id", ForeignKey("escalation_bodies.id"), primary_key=True),
    Column("category_id", ForeignKey("categories.id"), primary_key=True),
)


class EscalationBody(db.Model):
    """One place to take a complaint next, with what it costs and its time limits, in Dutch
    and English. No sectors means every sector, no categories every category."""

    __tablename__ = "escalation_bodies"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(160))
    kind: Mapped[str] = mapped_column(String(20))
    url: Mapped[str] = mapped_column(String(300))
    membership_required: Mapped[bool] = mapped_column(Boolean, default=False)
    cost_nl: Mapped[str] = mapped_column(Text, default="")
    cost_en: Mapped[str] = mapped_column(Text, default="")
    time_limit_nl: Mapped[str] = mapped_column(Text, default="")
    time_limit_en: Mapped[str] = mapped_column(Text, default="")
    description_nl: Mapped[str] = mapped_column(Text, default="")
    description_en: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    sectors: Mapped[list[Sector]] = relationship(secondary=escalation_body_sectors)
    categories: Mapped[list[Category]] = relationship(secondary=escalation_body_categories)

    def _text(self, name: str) -> str:
        locale = current_locale()
        english = locale is not None and locale.language == "en"
        return getattr(self, f"{name}_en" if english else f"{name}_nl")

    @property
    def cost(self) -> str:
        return self._text("cost")

    @property
    def time_limit(self) -> str:
        return self._text("time_limit")

    @property
    def description(self) -> str:
        return self._text("description")

    @property
    def kind_label(self) -> str:
        return str(BODY_KIND_LABELS.get(BodyKind(self.kind), self.kind))


class CompanyMembership(db.Model):
    """A company's own statement, on its profile, that it is a member of a disputes body."""

    __tablename__ = "company_memberships"

    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"), primary_key=True)
    body_id: Mapped[int] = mapped_column(ForeignKey("escalation_bodies.id"), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    body: Mapped[EscalationBody] = relationship()


class EscalationOutcome(StrEnum):
    WON = "won"
    PARTLY = "partly"
    LOST = "lost"
    SETTLED = "settled"  # the company solved it after all
    WITHDRAWN = "withdrawn"


ESCALATION_OUTCOME_LABELS = {
    EscalationOutcome.WON: _l("Decided in my favour"),
    EscalationOutcome.PARTLY: _l("Partly in my favour"),
    EscalationOutcome.LOST: _l("Decided against me"),
    EscalationOutcome.SETTLED: _l("The company solved it after all"),
    EscalationOutcome.WITHDRAWN: _l("I stopped"),
}


class Escalation(db.Model):
    """The author took the complaint to a body (from the table, or another one by name) on
    `escalated_on`; the outcome follows later. `company_id` is the complaint's, for the
    company page's count."""

    __tablename__ = "escalations"

    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaints.id"), index=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"), index=True)
    body_id: Mapped[int | None] = mapped_column(ForeignKey("escalation_bodies.id"))
    body_name: Mapped[str | None] = mapped_column(String(160))  # another body, by name
    escalated_on: Mapped[date] = mapped_column(Date)
    reference: Mapped[str | None] = mapped_column(String(80))  # the body's case number
    outcome: Mapped[str | None] = mapped_column(String(20))
    outcome_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    complaint: Mapped[Complaint] = relationship()
    body: Mapped[EscalationBody | None] = relationship()

    @property
    def where(self) -> str:
        return self.body.name if self.body is not None else (self.body_name or "")

    @property
    def outcome_label(self) -> str | None:
        if self.outcome is None:
            return None
        return str(ESCALATION_OUTCOME_LABELS.get(EscalationOutcome(self.outcome), self.outcome))
