"""Complaints, their categories and the event log of every status change."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from complaints.accounts.models import User
from complaints.cases.workflow import PUBLIC_STATUSES, STATUS_LABELS, Status
from complaints.clock import utcnow
from complaints.companies.models import Company, LabelledMixin
from complaints.extensions import UTCDateTime, db


class Category(LabelledMixin, db.Model):
    __tablename__ = "categories"

    id: Mapped[int] = mapped_column(primary_key=True)


class Complaint(db.Model):
    __tablename__ = "complaints"
    __table_args__ = (
        Index("ix_complaints_status_published_at", "status", "published_at"),
        Index("ix_complaints_company_id_published_at", "company_id", "published_at"),
        Index("ix_complaints_author_id_submitted_at", "author_id", "submitted_at"),
        Index("ix_complaints_status_submitted_at", "status", "submitted_at"),
        Index("ix_complaints_company_id_status", "company_id", "status"),
        # The webcare inbox in its order, a page at a time: first the complaints waiting for
        # the company (longest first), then those with nothing waiting (oldest first), each
        # part read in index order (webcare.queries.inbox_page).
        Index("ix_complaints_company_id_awaiting", "company_id", "awaiting_company_since",
              "published_at", "id"),
        # The newest published first, across statuses (home, /complaints, feeds).
        Index("ix_complaints_published_at_id", "published_at", "id"),
        # The moderators' lanes: waiting complaints of one risk level, longest waiting first.
        Index("ix_complaints_status_risk_level_queued_at", "status", "risk_level", "queued_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Four columns with active history: their old value is loaded before a change, so the
    # webcare inbox's counters (webcare.counters) can move from what was to what is.
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"), active_history=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    category_id: Mapped[int] = mapped_column(ForeignKey("categories.id"))
    title: Mapped[str] = mapped_column(String(140))
    body_source: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    contacts_before: Mapped[int] = mapped_column(Integer, default=0)
    first_contact_on: Mapped[date | None] = mapped_column(Date)
    desired_outcome: Mapped[str] = mapped_column(Text, default="")

    # Assigned only by cases.services.apply_transition.
    status: Mapped[str] = mapped_column(String(20), default=Status.PENDING, active_history=True)
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    # When it last entered the moderators' queue (submitted, resubmitted, reinstated) and when
    # a moderator last decided on it (published or not): the waiting time of moderation.
    queued_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Triage's verdict when it entered the queue (`triage.RiskLevel`); the reasons are in
    # `triage.models.ComplaintRisk`. A complaint triage never assessed (stored before triage,
    # imported, seeded) waits in the normal lane: migration 0016 gave the ones from before
    # triage that level, so the lanes read their index in order.
    risk_level: Mapped[str | None] = mapped_column(String(10), default="normal")
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The Dutch calendar day of publication: the figures count complaints per day.
    published_on: Mapped[date | None] = mapped_column(Date)
    # When the company's first public answer is due (cases.deadlines), fixed at publication.
    answer_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    first_response_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Whether the first company reply came by `answer_due_at` (None: no reply yet).
    answered_on_time: Mapped[bool | None] = mapped_column(Boolean)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    rejected_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    rejection_reason: Mapped[str | None] = mapped_column(Text)
    removal_reason: Mapped[str | None] = mapped_column(Text)
    supporters_count: Mapped[int] = mapped_column(Integer, default=0)
    rating: Mapped[int | None] = mapped_column(Integer)
    # "Would you do business with them again?", answered when marking resolved (None: not
    # answered, or not resolved).
    would_do_business_again: Mapped[bool | None] = mapped_column(Boolean)
    # Whether the first company reply came within the company's promise at that time (None
    # when there was no promise or no reply yet).
    promise_kept: Mapped[bool | None] = mapped_column(Boolean)
    # Where an imported complaint came from ("cfpb:1234567"): importing twice adds nothing.
    external_ref: Mapped[str | None] = mapped_column(String(80), unique=True)
    # What the personal-data guard replaced at the author's request, by kind: {"phone": 1}.
    pii_redactions: Mapped[dict | None] = mapped_column(JSON)
    # Set when a moderator edited the text; the page says so, the original is a revision.
    moderated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Since when the consumer waits for the company: set at publication and by each consumer
    # follow-up, cleared by a company reply. The webcare inbox sorts on it.
    awaiting_company_since: Mapped[datetime | None] = mapped_column(UTCDateTime,
                                                                    active_history=True)
    # "We think this is solved": a representative's proposal the author has not answered.
    resolution_proposed_at: Mapped[datetime | None] = mapped_column(UTCDateTime,
                                                                    active_history=True)
    resolution_proposed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # The author says the company's answer is its last word and they disagree: a deadlock, so
    # the next steps show (cleared when the complaint is resolved).
    final_answer_disputed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The author's closing word when marking the complaint resolved (public, PII-guarded).
    closing_note: Mapped[str | None] = mapped_column(Text)
    # Optimistic locking: two moderators acting at once cannot both apply a transition.
    version_id: Mapped[int] = mapped_column(Integer, nullable=False)

    company: Mapped[Company] = relationship(lazy="joined")
    author: Mapped[User] = relationship(lazy="joined", foreign_keys=[author_id])
    category: Mapped[Category] = relationship(lazy="joined")
    events: Mapped[list[ComplaintEvent]] = relationship(
        back_populates="complaint", order_by="ComplaintEvent.id", cascade="all, delete-orphan"
    )

    __mapper_args__ = {"version_id_col": version_id}

    @property
    def is_public(self) -> bool:
        return self.status in PUBLIC_STATUSES

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[Status(self.status)])

    def missed_deadline(self, now: datetime) -> bool:
        """The answer deadline passed at `now` without a company reply (the complaint page,
        the inbox, the dossier and the next steps all ask this)."""
        return (self.first_response_at is None and self.answer_due_at is not None
                and self.answer_due_at < now)

    def __repr__(self) -> str:
        return f"<Complaint {self.id} {self.status}>"


class ComplaintEvent(db.Model):
    """One row per status change: who, from, to, which action, why, when."""

    __tablename__ = "complaint_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaints.id"), index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    action: Mapped[str] = mapped_column(String(20))
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    complaint: Mapped[Complaint] = relationship(back_populates="events")
    actor: Mapped[User | None] = relationship()


class ComplaintRevision(db.Model):
    """The text of a complaint before a moderator edited it, kept for the audit only."""

    __tablename__ = "complaint_revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaints.id"), index=True)
    editor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    title: Mapped[str] = mapped_column(String(140))
    body_source: Mapped[str] = mapped_column(Text)
    desired_outcome: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    editor: Mapped[User | None] = relationship()
