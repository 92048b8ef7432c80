"""The outbox: mail is saved with the change that caused it, delivered once, and never lost.

Delivery over SMTP is tested against a real local SMTP server (aiosmtpd) that can be told to
refuse every message, with a second app that points at it and leaves delivery to the queue.
"""

from __future__ import annotations

import email
import socket
import threading
from datetime import timedelta
from email import policy

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from complaints import create_app
from complaints.accounts import services as accounts
from complaints.accounts.models import User
from complaints.clock import utcnow
from complaints.config import TestingConfig
from complaints.extensions import db
from complaints.notifications import outbox
from complaints.notifications.models import OutboxMessage
from complaints.notifications.outbox import deliver_due, queue_mail, retry_delay


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class SmtpRecorder:
    """An aiosmtpd handler that keeps each message it accepts, or refuses them all."""

    def __init__(self) -> None:
        self.refuse = False
        self.received: list[email.message.EmailMessage] = []
        self._lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope) -> str:
        if self.refuse:
            return "554 Transaction failed"
        message = email.message_from_bytes(envelope.content, policy=policy.default)
        with self._lock:
            self.received.append(message)
        return "250 OK"

    def message_ids(self) -> list[str]:
        return [message["Message-ID"] for message in self.received]


@pytest.fixture
def smtp():
    recorder = SmtpRecorder()
    controller = Controller(recorder, hostname="127.0.0.1", port=_free_port())
    controller.start()
    recorder.port = controller.port
    yield recorder
    controller.stop()


def _queued_app(app, port: int):
    class Queued(TestingConfig):
        SQLALCHEMY_DATABASE_URI = app.config["SQLALCHEMY_DATABASE_URI"]
        MAIL_FOLDER = app.config["MAIL_FOLDER"]
        MAIL_SERVER = "127.0.0.1"
        MAIL_PORT = port
        MAIL_USE_TLS = False
        MAIL_DELIVERY = "queued"

    return create_app(Queued)


@pytest.fixture
def smtp_app(app, smtp):
    """The site sending over SMTP to the test server; mail waits for `outbox send`."""
    queued = _queued_app(app, smtp.port)
    yield queued
    with queued.app_context():
        db.engine.dispose()


def _rows() -> list[OutboxMessage]:
    return list(db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def _queue_reset_mail(user_id: int, **options) -> OutboxMessage | None:
    user = db.session.get(User, user_id)
    return queue_mail(user.email, "reset_password", locale=user.locale, user=user,
                      reset_url="http://localhost/auth/reset/token", **options)


def _after_backoff(attempts: int = 1):
    return utcnow() + retry_delay(attempts) + timedelta(seconds=1)


# --- queueing in the caller's transaction ---------------------------------------------------

def test_mail_of_a_rolled_back_transaction_is_neither_kept_nor_sent(ctx, mailbox, consumer):
    _queue_reset_mail(consumer.id)
    db.session.rollback()
    assert _rows() == [] and mailbox.messages() == []
    db.session.commit()  # a later commit of the same session has nothing to deliver
    assert mailbox.messages() == [] and deliver_due().sent == 0


def test_immediate_delivery_writes_the_mail_after_the_commit(ctx, mailbox, consumer):
    message = _queue_reset_mail(consumer.id)
    assert mailbox.messages() == []  # not before the commit
    db.session.commit()
    received = mailbox.last_to(consumer.email)
    assert received["Message-ID"] == f"<outbox-{message.id}@helpdeskhel.nl>"
    assert "/auth/reset/token" in received.get_content()
    db.session.refresh(message)
    assert message.sent_at is not None and message.attempts == 1 and message.last_error is None


def test_a_savepoint_is_not_the_commit_that_delivers(ctx, mailbox, consumer):
    with db.session.begin_nested():
        _queue_reset_mail(consumer.id)
    assert mailbox.messages() == []
    db.session.commit()
    assert len(mailbox.to(consumer.email)) == 1


def test_services_queue_their_mail_in_their_own_transaction(ctx, mailbox, consumer):
    accounts.request_password_reset(consumer.email)
    (row,) = _rows()
    assert row.template == "reset_password" and row.recipient == consumer.email
    assert row.sent_at is not None and len(mailbox.to(consumer.email)) == 1


def test_same_dedupe_key_queues_one_message(ctx, mailbox, consumer):
    first = _queue_reset_mail(consumer.id, dedupe_key="reminder:1")
    with db.session.no_autoflush:  # still pending in the session, not in the database
        assert _queue_reset_mail(consumer.id, dedupe_key="reminder:1") is None
    db.session.commit()
    assert _queue_reset_mail(consumer.id, dedupe_key="reminder:1") is None
    assert _queue_reset_mail(consumer.id, dedupe_key="reminder:2") is not None
    db.session.commit()
    assert [row.dedupe_key for row in _rows()] == ["reminder:1", "reminder:2"]
    assert first.id == _rows()[0].id and len(mailbox.to(consumer.email)) == 2


def test_a_failing_immediate_delivery_keeps_the_change_and_the_mail(ctx, mailbox, consumer,
                                                                   monkeypatch):
    def broken(message):
        raise OSError("disk full")

    monkeypatch.setattr("complaints.mail.transport", broken)
    accounts.request_password_reset(consumer.email)  # the service still succeeds
    (row,) = _rows()
    assert row.sent_at is None and row.attempts == 1 and "disk full" in row.last_error
    monkeypatch.undo()
    assert deliver_due(now=_after_backoff()).sent == 1
    assert len(mailbox.to(consumer.email)) == 1


def test_unknown_delivery_mode_refuses_to_start(app):
    class Wrong(TestingConfig):
        SQLALCHEMY_DATABASE_URI = app.config["SQLALCHEMY_DATABASE_URI"]
        MAIL_DELIVERY = "later"

    with pytest.raises(RuntimeError, match="MAIL_DELIVERY"):
        create_app(Wrong)


def test_retry_delay_doubles_up_to_six_hours():
    assert [retry_delay(n) for n in (1, 2, 3, 4)] == [timedelta(minutes=m) for m in (1, 2, 4, 8)]
    assert retry_delay(9) == timedelta(minutes=256)
    assert retry_delay(10) == retry_delay(1000) == timedelta(hours=6)


# --- SMTP down, SMTP back ---------------------------------------------------------------------

def test_refused_mail_waits_and_is_delivered_once_when_smtp_accepts_again(smtp_app, smtp,
                                                                         consumer):
    with smtp_app.test_request_context():
        accounts.request_password_reset(consumer.email)
        assert smtp.received == []  # queued: waits for `outbox send`

        smtp.refuse = True
        report = deliver_due()
        assert (report.sent, report.failed, report.waiting) == (0, 1, 1)
        (row,) = _rows()
        assert row.sent_at is None and row.attempts == 1 and "554" in row.last_error

        smtp.refuse = False
        assert deliver_due().sent == 0  # not due again before the backoff
        report = deliver_due(now=_after_backoff())
        assert (report.sent, report.failed, report.waiting) == (1, 0, 0)
        assert deliver_due(now=_after_backoff(6)).sent == 0
        db.session.expire_all()
        (row,) = _rows()
        assert row.sent_at is not None and row.attempts == 2
    assert smtp.message_ids() == [f"<outbox-{row.id}@helpdeskhel.nl>"]
    assert smtp.received[0]["To"] == consumer.email


def test_mail_waits_while_nothing_listens_on_the_smtp_port(app, consumer):
    unreachable = _queued_app(app, _free_port())
    with unreachable.test_request_context():
        accounts.request_password_reset(consumer.email)
        for attempt in (1, 2, 3):
            report = deliver_due(now=_after_backoff(attempt))
            assert (report.sent, report.failed, report.waiting) == (0, 1, 1)
        (row,) = _rows()
        assert row.sent_at is None and row.attempts == 3 and "Connection" in row.last_error
        db.engine.dispose()


def test_a_resend_after_a_crash_keeps_its_message_id(smtp_app, smtp, consumer):
    with smtp_app.test_request_context():
        message = _queue_reset_mail(consumer.id)
        db.session.commit()
        assert deliver_due().sent == 1
        # As if the sender died after the SMTP server took it, before sent_at was saved.
        message.sent_at = None
        db.session.commit()
        assert deliver_due(now=_after_backoff()).sent == 1
        message_id = f"<outbox-{message.id}@helpdeskhel.nl>"
    assert smtp.message_ids() == [message_id, message_id]


@pytest.mark.parametrize("round_", range(3))
def test_two_senders_at_once_send_each_message_once(smtp_app, smtp, consumer, round_):
    with smtp_app.test_request_context():
        for _ in range(12):
            _queue_reset_mail(consumer.id)
        db.session.commit()
    barrier = threading.Barrier(2, timeout=20)
    reports: list = [None, None]

    def send(index: int) -> None:
        with smtp_app.app_context():
            barrier.wait()
            try:
                reports[index] = deliver_due()
            except Exception as error:  # reported below rather than lost in the thread
                reports[index] = error
            finally:
                db.session.remove()

    threads = [threading.Thread(target=send, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert all(isinstance(report, outbox.DeliveryReport) for report in reports), reports
    assert sum(report.sent for report in reports) == 12
    assert len(smtp.received) == 12 and len(set(smtp.message_ids())) == 12
    with smtp_app.app_context():
        assert db.session.scalar(select(func.count()).select_from(OutboxMessage)
                                 .where(OutboxMessage.sent_at.is_(None))) == 0


# --- the commands -----------------------------------------------------------------------------

def test_outbox_commands_report_sent_mail(app, runner, mailbox, consumer):
    result = runner.invoke(args=["outbox", "send"])
    assert result.exit_code == 0 and "sent 0, failed 0, waiting 0" in result.output
    with app.test_request_context():
        accounts.request_password_reset(consumer.email)
    result = runner.invoke(args=["outbox", "status"])
    assert result.exit_code == 0, result.output
    assert "waiting 0, failed 0, sent 1" in result.output
    assert "oldest waiting: -" in result.output


def test_outbox_send_prints_failures_and_still_exits_0(smtp_app, smtp, consumer):
    cli = smtp_app.test_cli_runner()
    with smtp_app.test_request_context():
        accounts.request_password_reset(consumer.email)
        (row,) = _rows()
    assert "waiting 1, failed 0, sent 0" in cli.invoke(args=["outbox", "status"]).output

    smtp.refuse = True
    result = cli.invoke(args=["outbox", "send", "--limit", "10"])
    assert result.exit_code == 0, result.output
    assert "sent 0, failed 1, waiting 1" in result.output
    assert f"outbox {row.id}: SMTPDataError" in result.output and "554" in result.output

    result = cli.invoke(args=["outbox", "status"])
    assert "waiting 1, failed 1, sent 0" in result.output
    assert f"outbox {row.id} (reset_password), 1 attempts" in result.output

    smtp.refuse = False
    result = cli.invoke(args=["outbox", "send"])  # the backoff has not passed yet
    assert "sent 0, failed 0, waiting 1" in result.output and smtp.received == []


def test_a_message_is_claimed_by_one_sender_only(smtp_app, consumer):
    with smtp_app.test_request_context():
        message = _queue_reset_mail(consumer.id)
        db.session.commit()
        now = utcnow()
        with Session(db.engine) as first, Session(db.engine) as second:
            assert outbox._claim_next(first, now) == message.id
            assert outbox._claim_next(second, now) is None  # claimed: not due for a minute
            # The first sender died without sending: after the delay another sender takes it.
            assert outbox._claim_next(second, now + retry_delay(1)) == message.id


def test_a_sender_starting_mid_run_sends_only_what_is_left(smtp_app, smtp, consumer,
                                                           monkeypatch):
    with smtp_app.test_request_context():
        for _ in range(3):
            _queue_reset_mail(consumer.id)
        db.session.commit()
        send = outbox.mail.transport
        second_run: list = []

        def slow_transport(message):
            if not second_run:
                second_run.append("started")
                second_run.append(deliver_due())  # another sender, while this one sends
            send(message)

        monkeypatch.setattr("complaints.mail.transport", slow_transport)
        first_run = deliver_due()
    assert (first_run.sent, second_run[1].sent) == (1, 2)
    assert len(smtp.received) == 3 and len(set(smtp.message_ids())) == 3
