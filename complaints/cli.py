"""Command-line commands: `flask --app app users create …`, `flask --app app seed-demo`."""

from __future__ import annotations

import secrets
from pathlib import Path

import click
from flask.cli import AppGroup, with_appcontext

from complaints.accounts import services as accounts
from complaints.accounts.models import SiteRole
from complaints.errors import DomainError

users_cli = AppGroup("users", help="Create accounts and grant roles.")


@users_cli.command("create")
@click.argument("email")
@click.option("--role", type=click.Choice([r.value for r in SiteRole]), default="consumer",
              show_default=True, help="Site role of the new account.")
@click.option("--password", help="Password; without it a random one is made and printed.")
@click.option("--name", "display_name", help="Display name (default: part of the e-mail).")
def create_user_command(email: str, role: str, password: str | None, display_name: str | None):
    """Create a verified account with EMAIL."""
    generated = password is None
    password = password or secrets.token_urlsafe(12)
    try:
        user = accounts.create_user(email, role=role, password=password, display_name=display_name)
    except DomainError as error:
        raise click.ClickException(error.message) from error
    click.echo(f"Created {user.role} {user.email} (id {user.id}).")
    if generated:
        click.echo(f"Password: {password}")


@users_cli.command("set-role")
@click.argument("email")
@click.argument("role", type=click.Choice([r.value for r in SiteRole]))
def set_role_command(email: str, role: str):
    """Give the account with EMAIL another site role (make or unmake a moderator)."""
    try:
        user = accounts.set_role(email, role)
    except DomainError as error:
        raise click.ClickException(error.message) from error
    click.echo(f"{user.email} is now {user.role}.")


@click.command("seed-demo")
@click.option("--if-empty", is_flag=True,
              help="Do nothing when the database already holds companies (used by make run).")
@with_appcontext
def seed_demo_command(if_empty: bool):
    """Load a small Dutch demo data set: companies and complaints in every status."""
    from flask import current_app

    from complaints.demo.seed import database_is_empty, seed_demo

    if not current_app.config.get("DEMO_DATA_ALLOWED", True):
        raise click.ClickException("Demo data (with demo passwords) is never loaded in "
                                   "production.")
    if not database_is_empty():
        if if_empty:
            click.echo("The database already holds data; demo data not loaded.")
            return
        raise click.ClickException("The database already holds data; demo data is only loaded "
                                   "into an empty database.")
    summary = seed_demo()
    click.echo(f"Demo data loaded: {summary}.")


@click.command("seed-bulk")
@click.option("--companies", type=click.IntRange(min=1, max=100_000), default=5000,
              show_default=True, help="How many companies.")
@click.option("--complaints", type=click.IntRange(min=0, max=20_000_000), default=1_000_000,
              show_default=True, help="How many complaints.")
@click.option("--seed", type=int, default=2010, show_default=True,
              help="Random seed: the same numbers give the same data.")
@with_appcontext
def seed_bulk_command(companies: int, complaints: int, seed: int):
    """Add large synthetic data (for benchmarks): companies with webcare teams, complaints in
    every status over two years, skewed so a few companies hold most of them."""
    from flask import current_app

    from complaints.demo.bulk import seed_bulk

    if not current_app.config.get("DEMO_DATA_ALLOWED", True):
        raise click.ClickException("Synthetic data is never loaded in production.")
    report = seed_bulk(companies, complaints, seed)
    rate = report.complaints / report.seconds if report.seconds else 0
    click.echo(f"Inserted {report.companies} companies, {report.complaints} complaints, "
               f"{report.replies} replies and {report.events} status events in "
               f"{report.seconds:.1f} s ({rate:,.0f} complaints/s); "
               f"figures computed in {report.figures_seconds:.1f} s.")


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--overwrite", is_flag=True, help="Replace PATH when it exists.")
@with_appcontext
def backup_command(path: Path, overwrite: bool):
    """Write a consistent copy of the live database to PATH (SQLite file or pg_dump archive)."""
    from complaints.backup import backup

    try:
        report = backup(path, overwrite=overwrite)
    except DomainError as error:
        raise click.ClickException(error.message) from error
    counted = f", {report.complaints:,} complaints" if report.complaints is not None else ""
    click.echo(f"Backed up the {report.engine} database to {report.path} "
               f"({report.size_bytes:,} bytes{counted}).")
    if report.files_path is not None:
        click.echo(f"Copied {report.files:,} evidence files to {report.files_path}.")
    else:
        click.echo("Evidence files are in object storage: back up the bucket itself "
                   "(see README.md, Backups).")
