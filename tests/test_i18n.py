"""Translations: every message is in Dutch, the catalogues are current, and `flask translate`
updates, checks and compiles them."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po
from babel.support import Translations

from complaints.i18n import TRANSLATIONS, catalogue_path, extract_messages, untranslated

PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


def _read(path: Path):
    with path.open("rb") as handle:
        return read_po(handle)


def _write(path: Path, catalog) -> None:
    with path.open("wb") as handle:
        write_po(handle, catalog, no_location=True, sort_output=True)


def _strings(path: Path) -> dict:
    return {m.id: (m.string, m.fuzzy) for m in _read(path) if m.id}


def test_every_message_is_translated_into_dutch_and_none_is_fuzzy():
    assert untranslated("nl") == []
    assert untranslated("en") == []  # English is the source: only a fuzzy entry would count


def test_placeholders_survive_translation():
    for message in _read(catalogue_path("nl")):
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
    extract_messages(pot)
    wanted = {m.id for m in _read(pot) if m.id}
    assert wanted
    for locale in ("nl", "en"):
        missing = wanted - {m.id for m in _read(catalogue_path(locale)) if m.id}
        assert not missing, f"{locale} lacks {sorted(missing)[:5]} (run flask translate update)"


@pytest.fixture
def catalogues(app, tmp_path, monkeypatch) -> Path:
    """A copy of the catalogues, which the app (and so `flask translate`) now reads."""
    folder = tmp_path / "translations"
    shutil.copytree(TRANSLATIONS, folder, ignore=shutil.ignore_patterns("*.mo"))
    monkeypatch.setitem(app.config, "BABEL_TRANSLATION_DIRECTORIES", str(folder))
    return folder


def test_translate_check_passes_on_complete_catalogues(runner, catalogues):
    result = runner.invoke(args=["translate", "check"])
    assert result.exit_code == 0, result.output
    assert result.output == "Every message is translated.\n"


def test_translate_check_lists_dutch_messages_left_empty_or_fuzzy(runner, catalogues):
    dutch = _read(catalogue_path("nl", catalogues))
    dutch["Search"].string = ""
    dutch["Companies"].flags.add("fuzzy")
    _write(catalogue_path("nl", catalogues), dutch)
    english = _read(catalogue_path("en", catalogues))
    english["Sign in"].string = ""  # the source language: an empty msgstr shows the msgid
    _write(catalogue_path("en", catalogues), english)

    result = runner.invoke(args=["translate", "check"])
    assert result.exit_code == 1
    assert result.output.splitlines()[:2] == ["nl: untranslated or fuzzy: 'Companies'",
                                              "nl: untranslated or fuzzy: 'Search'"]
    assert "en:" not in result.output


def test_translate_update_adds_new_messages_untranslated_and_keeps_the_rest(runner, catalogues):
    """A message new to the catalogues comes in with an empty msgstr; every translation and
    the English catalogue stay as they were; the template is the committed one."""
    dutch = _read(catalogue_path("nl", catalogues))
    del dutch["Search"]  # as if the code had just gained the message
    _write(catalogue_path("nl", catalogues), dutch)
    (catalogues / "messages.pot").unlink()
    kept = _strings(catalogue_path("nl"))

    result = runner.invoke(args=["translate", "update"])
    assert result.exit_code == 0, result.output
    assert "nl: untranslated or fuzzy: 'Search'" in result.output
    assert "en:" not in result.output
    for unchanged in (Path("messages.pot"), Path("en", "LC_MESSAGES", "messages.po")):
        assert (catalogues / unchanged).read_bytes() == (TRANSLATIONS / unchanged).read_bytes()
    assert _strings(catalogue_path("nl", catalogues)) == {**kept, "Search": ("", False)}
    assert untranslated("nl", catalogues) == ["Search"]


def test_translate_compile_makes_the_files_the_site_reads(runner, catalogues):
    result = runner.invoke(args=["translate", "compile"])
    assert result.exit_code == 0, result.output
    for locale, expected in (("nl", "Inloggen"), ("en", "Sign in")):
        with (catalogues / locale / "LC_MESSAGES" / "messages.mo").open("rb") as handle:
            translations = Translations(handle)
        assert translations.gettext("Sign in") == expected
        assert translations.ngettext("%(num)d complaint", "%(num)d complaints", 2) % {
            "num": 2} == {"nl": "2 klachten", "en": "2 complaints"}[locale]
