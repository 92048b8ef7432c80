"""Catalogue upkeep: `flask translate update|compile|check`.

Messages are written in English in the code, so English is the source language: an English
message with an empty msgstr shows its msgid, and `update` leaves new English entries empty
(the strings already in the English catalogue are copies of their msgids, harmless to keep).
The Dutch catalogue has to translate every message; `check` lists what it lacks, and the test
suite runs the same check.
"""

from __future__ import annotations

from pathlib import Path

import click
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po
from flask import current_app
from flask.cli import AppGroup

ROOT = Path(__file__).resolve().parent.parent  # the code and templates messages come from
TRANSLATIONS = Path(__file__).resolve().parent / "translations"
SOURCE_LOCALE = "en"

translate_cli = AppGroup("translate", help="Keep the message catalogues up to date.")


def catalogue_path(locale: str, folder: Path = TRANSLATIONS) -> Path:
    return folder / locale / "LC_MESSAGES" / "messages.po"


def pybabel(*args: str) -> int:
    """Run a `pybabel` command in this process, printing only errors; returns its status."""
    return CommandLineInterface().run(["pybabel", "--quiet", *args])


def extract_messages(pot: Path) -> None:
    """Write every message of the code and templates to `pot`: sorted, without locations."""
    pybabel("extract", "-F", str(ROOT / "pyproject.toml"), "-k", "_l",
            "--ignore-dirs", ".* __pycache__", "-o", str(pot),
            "--no-location", "--omit-header", "--sort-output", str(ROOT))


def untranslated(locale: str, folder: Path = TRANSLATIONS) -> list[str]:
    """Messages that `locale` shows wrong: fuzzy ones, and empty ones unless `locale` is the
    source language (an empty English msgstr shows the English msgid, which is right)."""
    with catalogue_path(locale, folder).open("rb") as handle:
        catalog = read_po(handle, locale=locale)
    missing = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        empty = not all(strings) and locale != SOURCE_LOCALE
        if empty or message.fuzzy:
            missing.append(message.id if isinstance(message.id, str) else message.id[0])
    return missing


def catalogue_folder() -> Path:
    """The folder the app reads its catalogues from (the first of its translation folders)."""
    first = current_app.config["BABEL_TRANSLATION_DIRECTORIES"].split(";")[0]
    return Path(current_app.root_path, first)


@translate_cli.command("update")
def update_command():
    """Extract the messages of the code and templates and add new ones to every catalogue."""
    folder = catalogue_folder()
    pot = folder / "messages.pot"
    extract_messages(pot)
    # The template has no header, so its creation date is always now: ignoring it leaves a
    # catalogue byte for byte as it was when no message changed.
    if pybabel("update", "-i", str(pot), "-d", str(folder), "--no-fuzzy-matching",
               "--ignore-obsolete", "--ignore-pot-creation-date"):
        raise click.ClickException("pybabel update failed.")
    with pot.open("rb") as handle:
        count = sum(1 for message in read_po(handle) if message.id)
    click.echo(f"{count} messages in {pot}; catalogues updated.")
    _report(folder)


@translate_cli.command("compile")
def compile_command():
    """Compile every catalogue into the .mo file the site reads."""
    folder = catalogue_folder()
    if pybabel("compile", "--use-fuzzy", "-d", str(folder)):
        raise click.ClickException("pybabel compile found errors in a catalogue.")
    click.echo(f"Compiled the catalogues in {folder}.")


@translate_cli.command("check")
def check_command():
    """List the Dutch messages left untranslated and any message marked fuzzy."""
    if _report(catalogue_folder()):
        raise click.ClickException("Some messages need a translation.")


def _report(folder: Path) -> int:
    problems = [(locale, message_id) for locale in current_app.config["LANGUAGES"]
                for message_id in untranslated(locale, folder)]
    for locale, message_id in problems:
        click.echo(f"{locale}: untranslated or fuzzy: {message_id!r}")
    if not problems:
        click.echo("Every message is translated.")
    return len(problems)
