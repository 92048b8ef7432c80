"""`flask --app app files …`: check that the evidence storage and the attachments agree, and
delete files that no attachment names."""

from __future__ import annotations

from datetime import timedelta

import click
from flask.cli import AppGroup

files_cli = AppGroup("files", help="Evidence files: check the storage, sweep orphans.")


@files_cli.command("check")
@click.option("--hours", default=24, show_default=True,
              help="Files younger than this are never counted as orphans (uploads in flight).")
def check_command(hours: int):
    """Report files no attachment names and attachments whose file is gone; exit 1 if any."""
    from complaints.evidence.services import survey

    found = survey(timedelta(hours=hours))
    click.echo(f"{found.files:,} files; {len(found.orphans):,} without an attachment; "
               f"{len(found.missing):,} attachments without their file")
    for attachment_id in found.missing[:20]:
        click.echo(f"  attachment {attachment_id}: file missing")
    if found.orphans or found.missing:
        raise SystemExit(1)


@files_cli.command("sweep")
@click.option("--hours", default=24, show_default=True,
              help="Only files older than this are deleted (uploads in flight are younger).")
@click.option("--dry-run", is_flag=True, help="List what would be deleted, delete nothing.")
def sweep_command(hours: int, dry_run: bool):
    """Delete files that no attachment names: left by a process that stopped between writing
    a file and committing its row. Attachments are never touched."""
    from complaints.evidence.services import discard, survey

    orphans = survey(timedelta(hours=hours)).orphans
    if dry_run:
        for key in orphans:
            click.echo(key)
        click.echo(f"{len(orphans):,} files would be deleted")
        return
    discard(orphans)
    click.echo(f"{len(orphans):,} files deleted")
