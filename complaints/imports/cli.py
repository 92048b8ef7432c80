"""`flask --app app import-csv PATH --format cfpb`: import complaints published elsewhere."""

from __future__ import annotations

import time
from pathlib import Path

import click
from flask.cli import with_appcontext

FORMATS = ("cfpb",)


@click.command("import-csv")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--format", "file_format", type=click.Choice(FORMATS), required=True,
              help="What the file is: cfpb = an export of the US CFPB Consumer Complaint "
                   "Database (18 columns).")
@with_appcontext
def import_csv_command(path: Path, file_format: str):
    """Import the complaints in the CSV file PATH as published complaints.

    The whole file is checked first and written in one transaction: a file that cannot be
    read completely is refused and nothing is imported. Complaints imported before are
    skipped, so the same file can be imported again.
    """
    from complaints.imports import cfpb

    started = time.perf_counter()
    try:
        rows = cfpb.read_cfpb(path)
        click.echo(f"{path.name}: {len(rows)} rows checked, importing.")
        with click.progressbar(length=len(rows), label="Importing") as bar:
            report = cfpb.import_rows(rows, progress=bar.update)
    except cfpb.ImportRefused as error:
        raise click.ClickException(f"{path.name} refused, nothing imported: "
                                   f"{error.message}") from error
    elapsed = time.perf_counter() - started
    rate = report.rows / elapsed if elapsed > 0 else 0.0
    click.echo("\n".join([
        f"rows read          {report.rows}",
        f"imported           {report.imported}  ({report.with_narrative} with a narrative, "
        f"{report.without_narrative} without; personal data replaced in {report.redacted})",
        f"skipped            {report.skipped}  (imported before)",
        f"repeated in file   {report.repeated}  (same Complaint ID, imported once)",
        f"companies created  {report.companies_created}",
        f"elapsed            {elapsed:.2f} s  ({rate:.0f} rows/s)",
    ]))
