"""The outbox: mail is queued in the caller's transaction and delivered once, retried until sent.

A service calls `queue_mail` before its commit, so a change and the mail it causes are saved
together or not at all. `deliver_due` sends what is due; cron runs it (`flask outbox send`)
when MAIL_DELIVERY is "queued", and with "immediate" it also runs right after each commit that
queued mail (see `install_immediate_delivery`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime

from flask import Flask, current_app, has_app_context
from sqlalchemy import event, func, select, update
from sqlalchemy.orm import Session, SessionTransaction

from complaints import locks, mail
from complaints.clock import utcnow
from complaints.extensions import db
from complaints.notifications.models import OutboxMessage

log = logging.getLogger(__name__)

DELIVERY_MODES = ("immediate", "queued")
MESSAGE_ID_DOMAIN = "helpdeskhel.nl"
FIRST_RETRY = timedelta(minutes=1)
LONGEST_RETRY = timedelta(hours=6)
ERROR_MAX = 2000

# session.info keys: this transaction queued mail / a transaction that queued mail committed.
_QUEUED = "outbox_queued"
_COMMITTED = "outbox_committed"


def queue_mail(to: str, template: str, *, locale: str = "nl", dedupe_key: str | None = None,
               **context) -> OutboxMessage | None:
    """Render a mail now, in the recipient's language, and add it to the outbox.

    The row joins db.session and the caller commits it together with the change that caused
    the mail: rolled back, nothing is sent; committed, it is delivered even if SMTP is down at
    that moment. With `dedupe_key`, a key already in the outbox (or pending in this session)
    queues nothing and returns None, so a scheduled job can run twice without mailing twice.
    Two transactions queueing the same new key at the same moment: the second commit fails on
    the unique key, and the job's next run finds the key taken.
    """
    if dedupe_key is not None and _key_taken(dedupe_key):
        return None
    subject, body = mail.render_message(template, locale, **context)
    message = OutboxMessage(recipient=to, subject=subject[:300], body=body, template=template,
                            dedupe_key=dedupe_key)
    db.session.add(message)
    db.session.info[_QUEUED] = True
    return message


def _key_taken(key: str) -> bool:
    pending = any(isinstance(obj, OutboxMessage) and obj.dedupe_key == key
                  for obj in db.session.new)
    return pending or db.session.scalar(
        select(OutboxMessage.id).where(OutboxMessage.dedupe_key == key)) is not None


def retry_delay(attempts: int) -> timedelta:
    """Wait 1, 2, 4, 8 … minutes after the 1st, 2nd, 3rd … attempt, at most 6 hours.

    There is no last attempt: a message waits as long as SMTP is down, so nothing is lost.
    """
    return min(FIRST_RETRY * 2 ** min(max(attempts - 1, 0), 16), LONGEST_RETRY)


@dataclass
class DeliveryReport:
    """What one `deliver_due` run did; `waiting` counts every undelivered message after it."""

    sent: int = 0
    failed: int = 0
    waiting: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)  # (outbox id, error)


def deliver_due(*, now: datetime | None = None, limit: int = 200) -> DeliveryReport:
    """Deliver up to `limit` unsent messages whose next attempt is due, oldest first.

    Each message is claimed before it is sent, in a short transaction of its own
    (`locks.claiming`): the oldest due message not being claimed by another sender is
    selected FOR UPDATE SKIP LOCKED, and an UPDATE counts the attempt and moves the next one
    back by `retry_delay`. So several senders at once (cron on two servers, two workers
    delivering right after their commits) each take different messages and never send one
    twice. Messages are claimed one at a time, just before each is sent, because the delay is
    also the claim's lease: a batch claimed at once could outlast it while a slow SMTP server
    sends the first ones, and another sender would take the rest again. A sender that dies
    mid-send leaves the message due again after the delay. The Message-ID comes from the
    outbox id, so the rare resend after a crash between sending and saving `sent_at` reaches
    mail servers as the same message.

    Works in its own session on db.engine, apart from the caller's transaction.
    """
    now = now or utcnow()
    report = DeliveryReport()
    with Session(db.engine) as session:
        for _ in range(limit):
            message_id = _claim_next(session, now)
            if message_id is None:
                break
            row = session.get(OutboxMessage, message_id)
            try:
                mail.transport(_as_email(row))
            except Exception as error:
                row.last_error = f"{type(error).__name__}: {error}"[:ERROR_MAX]
                report.failed += 1
                report.errors.append((message_id, row.last_error))
                log.warning("outbox %s (%s) not delivered, attempt %s: %s", message_id,
                            row.template, row.attempts, row.last_error)
                session.commit()
            else:
                row.sent_at = utcnow()
                session.commit()
                report.sent += 1
        report.waiting = session.scalar(
            select(func.count()).select_from(OutboxMessage).where(OutboxMessage.sent_at.is_(None)))
    return report


def _claim_next(session: Session, now: datetime) -> int | None:
    """Claim the oldest due message no other sender is claiming: its id, or None when none is
    due. The row is locked from the SELECT to the commit (`locks.claiming`), so the UPDATE
    counts the attempt on exactly the row that was seen."""
    with locks.claiming(session):
        due = session.execute(
            select(OutboxMessage.id, OutboxMessage.attempts)
            .where(OutboxMessage.sent_at.is_(None), OutboxMessage.next_attempt_at <= now)
            .order_by(OutboxMessage.created_at, OutboxMessage.id)
            .limit(1)
            .with_for_update(skip_locked=True)
        ).first()
        if due is None:
            return None
        session.execute(
            update(OutboxMessage).where(OutboxMessage.id == due.id)
            .values(attempts=due.attempts + 1, next_attempt_at=now + retry_delay(due.attempts + 1)),
            execution_options={"synchronize_session": False},
        )
    return due.id


def _as_email(row: OutboxMessage) -> EmailMessage:
    message = EmailMessage()
    message["From"] = current_app.config["MAIL_SENDER"]
    message["To"] = row.recipient
    message["Subject"] = row.subject
    message["Date"] = format_datetime(row.created_at)
    message["Message-ID"] = f"<outbox-{row.id}@{MESSAGE_ID_DOMAIN}>"
    message.set_content(row.body)
    return message


@dataclass
class OutboxStatus:
    """`waiting` counts every undelivered message; `failed` those among them that failed."""

    waiting: int
    failed: int
    sent: int
    oldest_waiting: datetime | None
    failing: list[OutboxMessage]


def outbox_status(*, show: int = 10) -> OutboxStatus:
    """Counts for `flask outbox status`, and the oldest `show` messages that failed."""
    unsent = OutboxMessage.sent_at.is_(None)
    waiting, failed, sent = db.session.execute(select(
        func.count().filter(unsent),
        func.count().filter(unsent, OutboxMessage.last_error.is_not(None)),
        func.count(OutboxMessage.sent_at),
    ).select_from(OutboxMessage)).one()
    oldest = db.session.scalar(select(func.min(OutboxMessage.created_at)).where(unsent))
    failing = db.session.scalars(
        select(OutboxMessage).where(unsent, OutboxMessage.last_error.is_not(None))
        .order_by(OutboxMessage.created_at, OutboxMessage.id).limit(show)).all()
    return OutboxStatus(waiting, failed, sent, oldest, list(failing))


def backlog() -> tuple[int, datetime | None]:
    """How many messages wait to be sent, and when the oldest of them was queued (for
    /metrics, on every scrape). It reads only the unsent rows, along ix_outbox_due (sent_at
    first), however much sent mail the table keeps."""
    count, oldest = db.session.execute(
        select(func.count(), func.min(OutboxMessage.created_at))
        .where(OutboxMessage.sent_at.is_(None))).one()
    return count, oldest


def install_immediate_delivery(app: Flask) -> None:
    """With MAIL_DELIVERY "immediate", deliver right after each commit that queued mail.

    The hook listens on db.session (shared by every app in the process) and checks the
    current app's setting each time. It runs when the committed transaction has ended and
    its connection is back in the pool, and delivers in a session of its own; any error is
    logged and the mail stays in the outbox for `flask outbox send`. A savepoint's commit
    does not count: the mail is only visible once the outer transaction commits.
    """
    mode = app.config.get("MAIL_DELIVERY")
    if mode not in DELIVERY_MODES:
        raise RuntimeError(f"MAIL_DELIVERY must be one of {', '.join(DELIVERY_MODES)}, "
                           f"not {mode!r}.")
    if mode == "immediate" and not event.contains(db.session, "after_commit", _note_commit):
        event.listen(db.session, "after_commit", _note_commit)
        event.listen(db.session, "after_transaction_end", _deliver_after_commit)


def _note_commit(session: Session) -> None:
    if not session.in_nested_transaction() and session.info.pop(_QUEUED, False):
        session.info[_COMMITTED] = True


def _deliver_after_commit(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is not None:
        return
    session.info.pop(_QUEUED, None)  # the transaction ended without a commit
    if not session.info.pop(_COMMITTED, False) or not has_app_context():
        return
    if current_app.config.get("MAIL_DELIVERY") != "immediate":
        return
    try:
        report = deliver_due()
    except Exception:
        log.exception("immediate mail delivery failed; `flask outbox send` will retry")
        return
    if report.failed:
        log.warning("immediate mail delivery: %s failed; `flask outbox send` will retry",
                    report.failed)
