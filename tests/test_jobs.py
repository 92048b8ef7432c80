"""`flask jobs run`: reminders after 3 days without a reply, "is it solved?" after 14 days,
and running twice sends nothing twice."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from complaints.accounts.models import User
from complaints.cases.models import Complaint
from complaints.cases.workflow import Status
from complaints.clock import utcnow
from complaints.extensions import db
from complaints.notifications.jobs import run_jobs
from complaints.notifications.models import OutboxMessage
from complaints.threads import services as threads
from tests.builders import make_complaint, make_representative, make_user


def _outbox(template: str) -> int:
    return db.session.scalar(select(func.count()).select_from(OutboxMessage).where(
        OutboxMessage.template == template))


def test_representatives_are_reminded_once_after_three_days_without_reply(
        ctx, mailbox, consumer, moderator, company):
    rep = make_representative(make_user("wendy@example.nl"), company)
    complaint = make_complaint(consumer, company, status=Status.OPEN)
    assert run_jobs().reminders == 0  # published just now
    later = utcnow() + timedelta(days=3, hours=1)
    assert run_jobs(later).reminders == 1
    assert run_jobs(later).reminders == 0
    assert run_jobs(later + timedelta(hours=5)).reminders == 0
    assert _outbox("reminder_no_reply") == 1
    message = mailbox.last_to(rep.work_email)
    assert f"/complaints/{complaint.id}" in message.get_content()


def test_no_reminder_once_the_company_replied(ctx, consumer, moderator, company):
    rep = make_representative(make_user("wendy@example.nl"), company)
    complaint = make_complaint(consumer, company, status=Status.OPEN)
    threads.post_reply(db.session.get(User, rep.user_id), complaint, "We kijken ernaar.")
    assert run_jobs(utcnow() + timedelta(days=4)).reminders == 0


def test_the_author_is_asked_once_fourteen_days_after_the_first_reply(
        ctx, mailbox, consumer, moderator, company):
    rep = make_representative(make_user("wendy@example.nl"), company)
    complaint = make_complaint(consumer, company, status=Status.OPEN)
    threads.post_reply(db.session.get(User, rep.user_id), complaint, "We kijken ernaar.")
    assert run_jobs(utcnow() + timedelta(days=13)).questions == 0
    later = utcnow() + timedelta(days=14, hours=1)
    assert run_jobs(later).questions == 1
    assert run_jobs(later).questions == 0
    content = mailbox.last_to(consumer.email).get_content()
    assert "answer=yes" in content and "answer=no" in content
    # Silence changes nothing.
    assert db.session.get(Complaint, complaint.id).status == Status.ANSWERED


def test_jobs_run_from_the_command_line_twice_sends_once(app, runner, mailbox, consumer,
                                                        moderator, company):
    with app.test_request_context():
        make_representative(make_user("wendy@example.nl"), company)
        make_complaint(consumer, company, status=Status.OPEN)
    moment = (utcnow() + timedelta(days=3, hours=2)).strftime("%Y-%m-%dT%H:%M")
    first = runner.invoke(args=["jobs", "run", "--now", moment])
    second = runner.invoke(args=["jobs", "run", "--now", moment])
    assert first.exit_code == 0 and "reminders 1" in first.output, first.output
    assert second.exit_code == 0 and "reminders 0" in second.output
    assert len(mailbox.to("wendy@belnet-mobiel.nl")) == 1
    link = mailbox.link(mailbox.last_to("wendy@belnet-mobiel.nl"), "/complaints/")
    assert link.startswith(app.config["PUBLIC_BASE_URL"])


def test_jobs_run_refuses_a_bad_time(runner):
    result = runner.invoke(args=["jobs", "run", "--now", "gisteren"])
    assert result.exit_code != 0 and "ISO" in result.output


def test_sent_mail_is_deleted_after_ninety_days_and_unsent_mail_stays(ctx):
    """/about/privacy promises it: sent e-mail is kept 90 days."""
    now = utcnow()
    rows = {
        "old sent": OutboxMessage(recipient="a@example.nl", subject="s", body="b", template="t",
                                  sent_at=now - timedelta(days=91)),
        "recent sent": OutboxMessage(recipient="b@example.nl", subject="s", body="b",
                                     template="t", sent_at=now - timedelta(days=89)),
        "old unsent": OutboxMessage(recipient="c@example.nl", subject="s", body="b",
                                    template="t", created_at=now - timedelta(days=200),
                                    next_attempt_at=now - timedelta(days=200)),
    }
    db.session.add_all(rows.values())
    db.session.commit()
    report = run_jobs(now)
    assert report.mail_deleted == 1
    left = set(db.session.scalars(select(OutboxMessage.recipient)))
    assert left >= {"b@example.nl", "c@example.nl"} and "a@example.nl" not in left
