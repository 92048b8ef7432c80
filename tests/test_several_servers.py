"""Cron on several servers: two `outbox send` at once deliver every mail and webhook exactly
once and share the work; two `jobs run` at once queue every reminder once, one run doing the
work and the other skipping. On the run's engine (SQLite file or PostgreSQL); each "server" is
a thread running the real command with its own database connections.
"""

from __future__ import annotations

import threading
import time
from datetime import timedelta

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from complaints.accounts.models import User
from complaints.cases.workflow import Status
from complaints.clock import utcnow
from complaints.companies.models import Company
from complaints.extensions import db
from complaints.locks import claiming, exclusive
from complaints.notifications import outbox
from complaints.notifications.cli import run_command, send_command
from complaints.notifications.models import OutboxMessage
from complaints.webhooks import delivery
from complaints.webhooks import services as webhooks
from complaints.webhooks.models import Event, WebhookDelivery
from tests.builders import make_complaint, make_representative, make_user

MAILS, HOOKS = 24, 12


def _on_postgres() -> bool:
    return db.engine.dialect.name == "postgresql"


def _queue_mails(count: int) -> list[int]:
    """Rows straight into the outbox: the test app delivers mail queued through `queue_mail`
    right after the commit, and these must wait for the senders."""
    rows = [OutboxMessage(recipient=f"klant{n}@example.nl", subject=f"Bericht {n}",
                          body="Hallo.\n", template="test") for n in range(count)]
    db.session.add_all(rows)
    db.session.commit()
    return [row.id for row in rows]


def _at_once(app, command, args: list[str]) -> list[BaseException | None]:
    """Run `command` in two threads that start together, each in its own app context (its own
    sessions and connections, as on two servers); what each raised, or None."""
    barrier = threading.Barrier(2, timeout=20)
    raised: list[BaseException | None] = [None, None]

    def run(index: int) -> None:
        with app.app_context():
            try:
                barrier.wait()
                command.main(args=args, prog_name=command.name, standalone_mode=False)
            except BaseException as error:  # reported by the test rather than lost here
                raised[index] = error
            finally:
                db.session.remove()

    servers = [threading.Thread(target=run, args=(i,), name=f"server-{i}") for i in range(2)]
    for server in servers:
        server.start()
    for server in servers:
        server.join(timeout=60)
    return raised


class Recorder:
    """The mail transport and the webhook POST, recording which server sent what."""

    def __init__(self) -> None:
        self.mails: list[tuple[str, str]] = []  # (thread, Message-ID)
        self.hooks: list[tuple[str, str]] = []  # (thread, delivery uid)
        self._lock = threading.Lock()

    def transport(self, message) -> None:
        time.sleep(0.003)  # a fast SMTP server: the senders' work overlaps
        with self._lock:
            self.mails.append((threading.current_thread().name, message["Message-ID"]))

    def post(self, target, address, body, headers) -> int:
        time.sleep(0.003)
        with self._lock:
            self.hooks.append((threading.current_thread().name, headers[delivery.DELIVERY_HEADER]))
        return 204


@pytest.fixture
def recorder(monkeypatch) -> Recorder:
    recording = Recorder()
    monkeypatch.setattr("complaints.mail.transport", recording.transport)
    monkeypatch.setattr("complaints.webhooks.delivery.post", recording.post)
    return recording


def test_two_outbox_sends_at_once_deliver_every_mail_and_webhook_once(
        app, recorder, company, capsys):
    with app.test_request_context():
        owner = make_user("owner@example.nl")
        make_representative(owner, company)
        webhooks.register_endpoint(db.session.get(User, owner.id),
                                   db.session.get(Company, company.id),
                                   url="http://127.0.0.1:9/hook", events=[Event.CONSUMER_REPLY])
        for number in range(HOOKS):
            webhooks.queue_event(company.id, Event.CONSUMER_REPLY, {"n": number})
        mail_ids = _queue_mails(MAILS)
        capsys.readouterr()

    assert _at_once(app, send_command, []) == [None, None]

    output = capsys.readouterr().out
    assert sum(int(line.split()[1].rstrip(",")) for line in output.splitlines()
               if line.startswith("sent ")) == MAILS
    sent = [message_id for _, message_id in recorder.mails]
    assert sorted(sent) == sorted(f"<outbox-{i}@helpdeskhel.nl>" for i in mail_ids)
    assert len(recorder.hooks) == HOOKS and len({uid for _, uid in recorder.hooks}) == HOOKS
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(OutboxMessage)
                                 .where(OutboxMessage.sent_at.is_(None))) == 0
        assert db.session.scalar(select(func.count()).select_from(WebhookDelivery)
                                 .where(WebhookDelivery.delivered_at.is_(None))) == 0
        assert set(db.session.scalars(select(OutboxMessage.attempts))) == {1}
        if _on_postgres():  # SKIP LOCKED: each takes the next free message; both get work
            assert {thread for thread, _ in recorder.mails} == {"server-0", "server-1"}
            assert {thread for thread, _ in recorder.hooks} == {"server-0", "server-1"}


def test_a_sender_passes_over_the_message_another_is_claiming(app):
    with app.app_context():
        first_id, second_id = _queue_mails(2)
        now = utcnow()
        taken: list = []
        with Session(db.engine) as first, Session(db.engine) as second:
            other = threading.Thread(target=lambda: taken.append(outbox._claim_next(second, now)))
            with claiming(first):  # the first sender's claim, not committed yet
                assert first.scalar(select(OutboxMessage.id).order_by(OutboxMessage.id).limit(1)
                                    .with_for_update(skip_locked=True)) == first_id
                first.execute(update(OutboxMessage).where(OutboxMessage.id == first_id)
                              .values(attempts=1, next_attempt_at=now + outbox.retry_delay(1)))
                other.start()
                if _on_postgres():  # the other sender does not wait: it takes the next one
                    other.join(timeout=10)
                    assert taken == [second_id]
                else:  # SQLite: it waits for the one writer, then sees what is left
                    other.join(timeout=0.2)
                    assert taken == []
            other.join(timeout=10)
    assert taken == [second_id]


@pytest.fixture
def overdue(app, company, moderator, consumer):
    """Four open complaints without a company reply and a team of two: eight reminders due
    three days after publication; the moment a `jobs run` pretends it is."""
    with app.test_request_context():
        for rep in ("wendy", "cor"):
            make_representative(make_user(f"{rep}@example.nl"), company, owner=rep == "wendy",
                                work_email=f"{rep}@belnet-mobiel.nl")
        for _ in range(4):
            make_complaint(consumer, company, status=Status.OPEN)
    return (utcnow() + timedelta(days=3, hours=1)).strftime("%Y-%m-%dT%H:%M")


def test_two_job_runs_at_once_queue_each_reminder_once(app, overdue, mailbox, capsys):
    capsys.readouterr()
    assert _at_once(app, run_command, ["--now", overdue]) == [None, None]

    lines = capsys.readouterr().out.splitlines()
    ran = [line for line in lines if line.startswith("reminders ")]
    assert len(ran) + lines.count("another jobs run is in progress; skipped") == 2
    assert sum(int(line.split()[1].rstrip(",")) for line in ran) == 8
    with app.app_context():
        keys = db.session.scalars(select(OutboxMessage.dedupe_key)
                                  .where(OutboxMessage.template == "reminder_no_reply")).all()
    assert len(keys) == len(set(keys)) == 8
    # Queued and mailed once each (the test app delivers right after the jobs' commit).
    reminders = [m for m in mailbox.messages() if m["To"].endswith("@belnet-mobiel.nl")]
    assert len(reminders) == len({m["Message-ID"] for m in reminders}) == 8


def test_a_jobs_run_skips_and_exits_0_while_another_is_in_progress(app, runner, overdue):
    with app.app_context(), exclusive("jobs run") as held:
        assert held
        result = runner.invoke(args=["jobs", "run", "--now", overdue])
        assert result.exit_code == 0, result.output
        assert result.output == "another jobs run is in progress; skipped\n"
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 0
    result = runner.invoke(args=["jobs", "run", "--now", overdue])  # the lock was released
    assert result.exit_code == 0 and result.output.startswith("reminders 8,"), result.output


def test_the_jobs_lock_is_released_when_its_holder_fails(app):
    with app.app_context():
        with pytest.raises(ZeroDivisionError), exclusive("jobs run") as held:
            assert held
            1 / 0  # noqa: B018 - the run fails
        with exclusive("jobs run") as again:
            assert again
