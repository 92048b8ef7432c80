"""`flask --app app search …`: rebuild and check the search index, list new word forms."""

from __future__ import annotations

import time

import click
from flask.cli import AppGroup

search_cli = AppGroup("search", help="The search index: rebuild, check, word forms.")


@search_cli.command("rebuild")
def rebuild_command():
    """Build the index again from the published complaints and listed companies (after a
    restore or a bulk change made outside the site)."""
    from complaints.search.engines import engine

    started = time.perf_counter()
    engine().rebuild()
    click.echo(f"search index rebuilt in {time.perf_counter() - started:.1f} s")


@search_cli.command("check")
def check_command():
    """Check that the index agrees with the complaints; exit 1 when it does not."""
    from sqlalchemy.exc import DatabaseError

    from complaints.search.engines import engine

    try:
        engine().check()
    except DatabaseError as error:
        raise click.ClickException(f"the search index disagrees with the complaints: {error}. "
                                   "Run `flask --app app search rebuild`.") from error
    click.echo("search index is consistent")


@search_cli.command("words")
def words_command():
    """List the Dutch stem of every new word in the index (SQLite; `jobs run` does this)."""
    from complaints.search.engines import engine

    click.echo(f"new word forms: {engine().refresh_word_forms()}")
