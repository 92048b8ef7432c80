"""The outbox: one row per e-mail, written in the transaction of the change that caused it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from complaints.clock import utcnow
from complaints.extensions import UTCDateTime, db


class OutboxMessage(db.Model):
    """A rendered e-mail waiting for delivery, or delivered (`sent_at` set).

    Rows are kept after sending as a record of what was mailed. `attempts` counts delivery
    attempts; `next_attempt_at` is when the next may start, pushed back after each one so a
    message that keeps failing is retried less and less often but never given up.
    `dedupe_key` lets a scheduled job queue its message at most once.
    """

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_due", "sent_at", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    template: Mapped[str] = mapped_column(String(60))
    dedupe_key: Mapped[str | None] = mapped_column(String(120), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)

    def __repr__(self) -> str:
        return f"<OutboxMessage {self.id} {self.template} sent={self.sent_at is not None}>"


class JobRun(db.Model):
    """When a scheduled command (`jobs run`, `outbox send`) last ran to its end.

    Cron runs them in processes of their own, so the time is kept here, where the web process
    that serves /metrics can read it: Prometheus alerts when it grows old (cron stopped, the
    command keeps failing). One row per command, written over on each success.
    """

    __tablename__ = "job_runs"

    job: Mapped[str] = mapped_column(String(40), primary_key=True)
    last_success_at: Mapped[datetime] = mapped_column(UTCDateTime)

    def __repr__(self) -> str:
        return f"<JobRun {self.job} {self.last_success_at:%Y-%m-%d %H:%M}>"
