"""`flask --app app figures rebuild|refresh`: recompute the stored figures."""

from __future__ import annotations

import time

import click
from flask.cli import AppGroup

figures_cli = AppGroup("figures", help="Recompute the stored figures of companies.")


@figures_cli.command("rebuild")
def rebuild_command():
    """Recompute every figure from the complaints (and moderation's waiting times) and report
    what had to be corrected.

    The figures are kept right on every change; this is the check (and the repair after a
    bulk import or a manual database edit)."""
    from complaints.extensions import db
    from complaints.figures.services import rebuild
    from complaints.triage import waits

    started = time.perf_counter()
    report = rebuild()
    decided = waits.rebuild()
    db.session.commit()
    click.echo(f"{report.complaints} public complaints counted in "
               f"{time.perf_counter() - started:.1f} s; the waiting times of {decided} "
               "moderation decisions recounted.")
    differences = (report.buckets_fixed + report.responses_fixed + report.deadlines_fixed
                   + report.resolutions_fixed + report.companies_fixed
                   + report.inbox_counters_fixed)
    if differences:
        click.echo(f"Corrected: {report.buckets_fixed} day buckets, {report.responses_fixed} "
                   f"response-time buckets, {report.deadlines_fixed} deadline buckets, "
                   f"{report.resolutions_fixed} resolution-time buckets, "
                   f"{report.companies_fixed} company counts, "
                   f"{report.inbox_counters_fixed} webcare inbox counters.")
    else:
        click.echo("Every stored figure was already right.")


@figures_cli.command("refresh")
def refresh_command():
    """Recompute the window figures of every company from the day buckets (what `jobs run`
    does once a day, when the windows move)."""
    from complaints.extensions import db, refresh_query_statistics
    from complaints.figures.services import refresh_companies

    started = time.perf_counter()
    rows = refresh_companies(None)
    db.session.commit()
    refresh_query_statistics()
    click.echo(f"{rows} company figures written in {time.perf_counter() - started:.1f} s.")
