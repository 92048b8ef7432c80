"""Translations: every message is translated in both catalogues, and the catalogues are current."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

from complaints.i18n import catalogue_path, untranslated

ROOT = Path(__file__).resolve().parent.parent
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


def test_every_message_is_translated_in_both_catalogues():
    assert untranslated("nl") == []
    assert untranslated("en") == []


def test_placeholders_survive_translation():
    with catalogue_path("nl").open("rb") as handle:
        catalog = read_po(handle)
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        expected = set().union(*(PLACEHOLDER.findall(i) for i in ids))
        for string in strings:
            assert set(PLACEHOLDER.findall(string)) <= expected, message.id


def test_catalogues_hold_every_message_in_the_code(tmp_path):
    """Extracting again finds no message that the catalogues lack."""
    pot = tmp_path / "messages.pot"
    subprocess.run(
        [str(Path(sys.executable).parent / "pybabel"), "extract", "-F", "pyproject.toml",
         "-k", "_l", "--ignore-dirs", ".* __pycache__", "-o", str(pot), "--no-location", "."],
        capture_output=True,
        cwd=ROOT, check=True,
    )
    with pot.open("rb") as handle:
        wanted = {m.id for m in read_po(handle) if m.id}
    for locale in ("nl", "en"):
        with catalogue_path(locale).open("rb") as handle:
            have = {m.id for m in read_po(handle) if m.id}
        missing = wanted - have
        assert not missing, f"{locale} lacks {sorted(missing)[:5]} (run make extract-messages)"
