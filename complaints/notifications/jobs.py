"""Scheduled work (`flask --app app jobs run`, from cron): reminders, "is it solved?", "was
the promise kept?" (outcomes.promises), deleting sent e-mail after KEEP_SENT_MAIL (the
privacy statement promises 90 days) and triage's near-duplicate keys after 30 days.

Every job is idempotent: each message carries a dedupe key, so running the jobs twice queues
nothing twice. Runs started at once (cron on two machines) do not overlap: `flask jobs run`
holds `locks.exclusive("jobs run")`, and the second one skips, so two runs never both find a
key free and then collide on it. Jobs look back over a bounded window, so a run costs the
same however many old complaints there are.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import url_for
from sqlalchemy import delete, select
from sqlalchemy.dialects import postgresql, sqlite

from complaints.cases.models import Complaint
from complaints.cases.workflow import Status
from complaints.clock import dutch_day, utcnow
from complaints.extensions import db, refresh_query_statistics
from complaints.notifications.models import JobRun, OutboxMessage
from complaints.notifications.outbox import queue_mail
from complaints.webcare.models import Representative

REMINDER_AFTER = timedelta(days=3)
QUESTION_AFTER = timedelta(days=14)
# How far back a late run still catches up (a week of cron outage is survived).
CATCH_UP = timedelta(days=7)
BATCH = 500
# Sent e-mail is kept this long (to answer "did you mail me?"), then deleted: /about/privacy.
# Far longer than CATCH_UP, so a dedupe key is never forgotten while a job could still need it.
KEEP_SENT_MAIL = timedelta(days=90)


# The scheduled commands whose last success /metrics shows (helpdeskhel_job_last_success_…).
JOBS_RUN = "jobs_run"
OUTBOX_SEND = "outbox_send"
SCHEDULED_COMMANDS = (JOBS_RUN, OUTBOX_SEND)


@dataclass
class JobReport:
    reminders: int = 0
    questions: int = 0
    promise_questions: int = 0
    figures_refreshed: bool = False
    digests: int = 0
    word_forms: int = 0
    mail_deleted: int = 0
    duplicate_keys_deleted: int = 0


def run_jobs(now: datetime | None = None) -> JobReport:
    """Everything cron runs hourly: the windows of the figures move at midnight (and the storm
    alert with them), reminders, questions to authors, and the Dutch word forms of new words
    in the search index."""
    from complaints.feeds.services import send_digests
    from complaints.figures.services import refresh_if_new_day
    from complaints.outcomes.promises import ask_due_promises
    from complaints.search.engines import engine
    from complaints.triage.assess import forget_old_keys

    now = now or utcnow()
    report = JobReport()
    report.figures_refreshed = refresh_if_new_day(dutch_day(now))
    report.reminders = remind_representatives(now)
    report.questions = ask_authors_if_solved(now)
    report.promise_questions = ask_due_promises(now)
    report.digests = send_digests(now)
    report.mail_deleted = delete_old_mail(now)
    report.duplicate_keys_deleted = forget_old_keys(now)
    db.session.commit()
    report.word_forms = engine().refresh_word_forms()
    refresh_query_statistics()
    return report


def delete_old_mail(now: datetime) -> int:
    """Delete e-mail that was sent more than KEEP_SENT_MAIL ago (unsent mail stays: it is
    still to be delivered). Reads along ix_outbox_due (sent_at first)."""
    result = db.session.execute(delete(OutboxMessage).where(
        OutboxMessage.sent_at.is_not(None), OutboxMessage.sent_at < now - KEEP_SENT_MAIL),
        execution_options={"synchronize_session": False})
    return result.rowcount or 0


def remind_representatives(now: datetime) -> int:
    """Tell a company's team when a published complaint has waited 3 days without any
    company reply (once per complaint and representative)."""
    due = now - REMINDER_AFTER
    complaints = db.session.scalars(
        select(Complaint).where(Complaint.status == Status.OPEN,
                                Complaint.published_at <= due,
                                Complaint.published_at > due - CATCH_UP)
        .order_by(Complaint.published_at).limit(BATCH))
    queued = 0
    for complaint in complaints:
        team = db.session.scalars(select(Representative).where(
            Representative.company_id == complaint.company_id,
            Representative.removed_at.is_(None)))
        for rep in team:
            message = queue_mail(
                rep.work_email, "reminder_no_reply", locale="nl", rep=rep, complaint=complaint,
                complaint_url=url_for("cases.show", complaint_id=complaint.id, _external=True),
                dedupe_key=f"reminder:{complaint.id}:{rep.id}")
            queued += message is not None
    db.session.commit()
    return queued


def ask_authors_if_solved(now: datetime) -> int:
    """Ask the author, 14 days after the company's first reply, whether it is solved, with
    yes/no links. Silence changes nothing; the question is asked once per complaint."""
    from complaints.threads.services import answer_links

    due = now - QUESTION_AFTER
    complaints = db.session.scalars(
        select(Complaint).where(Complaint.status == Status.ANSWERED,
                                Complaint.first_response_at <= due,
                                Complaint.first_response_at > due - CATCH_UP)
        .order_by(Complaint.first_response_at).limit(BATCH))
    queued = 0
    for complaint in complaints:
        author = complaint.author
        if author.is_deleted:
            continue
        message = queue_mail(
            author.email, "solved_question", locale=author.locale, user=author,
            complaint=complaint, links=answer_links(complaint),
            dedupe_key=f"solved-question:{complaint.id}")
        queued += message is not None
    db.session.commit()
    return queued


def record_success(job: str) -> None:
    """Note that a scheduled command ran to its end, now, and commit.

    One statement that inserts the row or moves its time (INSERT … ON CONFLICT DO UPDATE on
    both engines), so two servers finishing the same command at once cannot trip over each
    other's row. "Success" is the command's own: `outbox send` succeeds when it tried what was
    due, even if a mail server refused some (they wait for the next run, and the outbox's age
    shows it).
    """
    dialect = db.session.get_bind().dialect.name
    insert = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(JobRun)
    statement = insert.values(job=job, last_success_at=utcnow())
    db.session.execute(statement.on_conflict_do_update(
        index_elements=[JobRun.job], set_={"last_success_at": statement.excluded.last_success_at}))
    db.session.commit()


def last_successes() -> dict[str, datetime | None]:
    """When each scheduled command last succeeded; None if it never has (on this database)."""
    found = dict(db.session.execute(select(JobRun.job, JobRun.last_success_at)).all())
    return {job: found.get(job) for job in SCHEDULED_COMMANDS}
