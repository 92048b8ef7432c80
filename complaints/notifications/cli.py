"""Outbox commands: `flask --app app outbox send` (for cron) and `flask --app app outbox status`."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from complaints.locks import exclusive
from complaints.notifications.jobs import JOBS_RUN, OUTBOX_SEND, record_success
from complaints.notifications.outbox import deliver_due, outbox_status
from complaints.webhooks import delivery as webhooks

outbox_cli = AppGroup("outbox", help="Deliver queued e-mail and webhooks; show what is waiting.")


def _utc(value) -> str:
    return value.strftime("%Y-%m-%d %H:%M UTC") if value else "-"


@outbox_cli.command("send")
@click.option("--limit", type=click.IntRange(min=1), default=200, show_default=True,
              help="Deliver at most this many messages, and this many webhooks, in this run.")
def send_command(limit: int):
    """Deliver the mail and the webhooks that are due (cron runs this every minute).

    Exits 0 even when some failed: they stay queued and are retried later (webhooks for a
    day); the errors are printed. "waiting" counts everything not yet delivered, failed
    ones included. Webhooks are only sent from here, never right after a commit: a minute
    is soon enough for a webcare tool, and no web request waits for a company's server.
    """
    report = deliver_due(limit=limit)
    for message_id, error in report.errors:
        click.echo(f"outbox {message_id}: {error}", err=True)
    click.echo(f"sent {report.sent}, failed {report.failed}, waiting {report.waiting}")
    hooks = webhooks.deliver_due(limit=limit)
    for delivery_id, error in hooks.errors:
        click.echo(f"webhook delivery {delivery_id}: {error}", err=True)
    click.echo(f"webhooks delivered {hooks.delivered}, failed {hooks.failed}, given up "
               f"{hooks.given_up}, waiting {hooks.waiting}")
    record_success(OUTBOX_SEND)


@outbox_cli.command("status")
def status_command():
    """Count waiting, failed and sent messages; show the oldest waiting and recent failures."""
    status = outbox_status()
    click.echo(f"waiting {status.waiting}, failed {status.failed}, sent {status.sent}")
    click.echo(f"oldest waiting: {_utc(status.oldest_waiting)}")
    for message in status.failing:
        click.echo(f"outbox {message.id} ({message.template}), {message.attempts} attempts, "
                   f"next {_utc(message.next_attempt_at)}: {message.last_error}")


jobs_cli = AppGroup("jobs", help="Scheduled work: reminders and questions to authors.")


@jobs_cli.command("run")
@click.option("--now", "now_text", metavar="ISO-TIME",
              help="Pretend it is this moment (UTC, e.g. 2026-12-01T09:00); for testing.")
def run_command(now_text: str | None):
    """Queue reminders (3 days without a company reply), "is it solved?" questions (14 days
    after the first company reply) and "was it kept?" on a promise's due date. Idempotent:
    cron may run it every hour, on every server: one run at a time does the work
    (`locks.exclusive`), and a run that finds another in progress says so and exits 0 (the
    run in progress does what it would have done)."""
    from datetime import UTC, datetime

    from flask import current_app

    from complaints.notifications.jobs import run_jobs

    now = None
    if now_text:
        try:
            now = datetime.fromisoformat(now_text)
        except ValueError as error:
            raise click.BadParameter("use an ISO time such as 2026-12-01T09:00") from error
        now = now.replace(tzinfo=UTC) if now.tzinfo is None else now.astimezone(UTC)
    with exclusive("jobs run") as acquired:
        if not acquired:
            click.echo("another jobs run is in progress; skipped")
            return
        # Links in the mail need the site's public address; there is no request to take it
        # from.
        with current_app.test_request_context(base_url=current_app.config["PUBLIC_BASE_URL"]):
            report = run_jobs(now)
    click.echo(f"reminders {report.reminders}, questions {report.questions}, promise "
               f"questions {report.promise_questions}, digests "
               f"{report.digests}, figures "
               f"{'recomputed for a new day' if report.figures_refreshed else 'up to date'}, "
               f"new word forms for search {report.word_forms}, "
               f"sent e-mails older than 90 days deleted {report.mail_deleted}, "
               f"near-duplicate keys older than 30 days deleted "
               f"{report.duplicate_keys_deleted}")
    record_success(JOBS_RUN)
