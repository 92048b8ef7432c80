"""A company's webhook endpoints and the deliveries queued for them (an outbox of POSTs)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from complaints.accounts.models import User
from complaints.clock import utcnow
from complaints.companies.models import Company
from complaints.extensions import UTCDateTime, db
from complaints.formats import lazy_gettext as _l


class Event(StrEnum):
    """What a company can subscribe to; the value is the `event` field of the body."""

    NEW_COMPLAINT = "complaint.published"  # a complaint about the company is published
    CONSUMER_REPLY = "reply.consumer"  # the author posts a public reply
    RESOLUTION_ANSWER = "resolution.answered"  # the author answers "is it solved?"
    PROMISE_DUE = "promise.due"  # a promise in a company reply fell due
    PING = "ping"  # the owner's test; never subscribed to, always sent to the one endpoint


SUBSCRIBABLE = (Event.NEW_COMPLAINT, Event.CONSUMER_REPLY, Event.RESOLUTION_ANSWER,
                Event.PROMISE_DUE)
EVENT_LABELS = {
    Event.NEW_COMPLAINT: _l("New complaint"),
    Event.CONSUMER_REPLY: _l("Consumer reply"),
    Event.RESOLUTION_ANSWER: _l("Answer to \u201cis it solved?\u201d"),
    Event.PROMISE_DUE: _l("Promise due"),
    Event.PING: _l("Test"),
}


class WebhookEndpoint(db.Model):
    """A URL of a company's own system that receives signed POSTs for the chosen events.

    `events` holds the chosen event names separated by spaces. The signing secret is kept as
    it is (not hashed, unlike an API token): every delivery is signed with it. An endpoint
    belongs to the company, not to the person who made it: it keeps working when they leave
    the team. A removed endpoint keeps its row and its delivery log; it receives nothing more.
    """

    __tablename__ = "webhook_endpoints"

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"), index=True)
    url: Mapped[str] = mapped_column(String(500))
    events: Mapped[str] = mapped_column(String(200))
    secret: Mapped[str] = mapped_column(String(100))
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    removed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    company: Mapped[Company] = relationship()
    created_by: Mapped[User] = relationship(foreign_keys=[created_by_id])

    @property
    def event_list(self) -> list[Event]:
        return [Event(name) for name in self.events.split()]

    @property
    def is_active(self) -> bool:
        return self.removed_at is None

    def __repr__(self) -> str:
        return f"<WebhookEndpoint {self.id} {self.url}>"


class DeliveryStatus(StrEnum):
    WAITING = "waiting"  # not tried yet
    RETRYING = "retrying"  # tried, failed, tried again later
    DELIVERED = "delivered"
    GIVEN_UP = "given_up"


class WebhookDelivery(db.Model):
    """One event for one endpoint: the JSON body exactly as it is sent (every attempt sends
    the same bytes, with a fresh signature), and how the attempts went.

    Claimed and retried like the mail outbox: `attempts` counts attempts, `next_attempt_at`
    is when the next may start. `delivered_at` after a 2xx answer; `given_up_at` when the
    retry window (a day) has passed. `dedupe_key` is unique per endpoint, so an event that is
    queued twice (a job run twice) is delivered once.
    """

    __tablename__ = "webhook_deliveries"
    __table_args__ = (
        UniqueConstraint("endpoint_id", "dedupe_key"),
        Index("ix_webhook_deliveries_due", "delivered_at", "given_up_at", "next_attempt_at"),
        Index("ix_webhook_deliveries_endpoint_id_created_at", "endpoint_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True)
    endpoint_id: Mapped[int] = mapped_column(ForeignKey("webhook_endpoints.id"))
    event: Mapped[str] = mapped_column(String(40))
    body: Mapped[str] = mapped_column(Text)
    dedupe_key: Mapped[str | None] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_status: Mapped[int | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    given_up_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    endpoint: Mapped[WebhookEndpoint] = relationship()

    @property
    def status(self) -> DeliveryStatus:
        if self.delivered_at is not None:
            return DeliveryStatus.DELIVERED
        if self.given_up_at is not None:
            return DeliveryStatus.GIVEN_UP
        return DeliveryStatus.RETRYING if self.attempts else DeliveryStatus.WAITING

    @property
    def event_label(self) -> str:
        try:
            return str(EVENT_LABELS[Event(self.event)])
        except ValueError:
            return self.event

    def __repr__(self) -> str:
        return f"<WebhookDelivery {self.id} {self.event} {self.status}>"
