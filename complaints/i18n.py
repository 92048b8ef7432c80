"""Catalogue upkeep: `python -m complaints.i18n fill-english|check`.

Messages are written in English in the code, so the English catalogue translates each message
to itself; `fill-english` does that after `pybabel update`. `check` lists any message left
untranslated in a catalogue (the test suite runs the same check).
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

TRANSLATIONS = Path(__file__).resolve().parent / "translations"


def catalogue_path(locale: str) -> Path:
    return TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po"


def fill_english() -> int:
    path = catalogue_path("en")
    with path.open("rb") as handle:
        catalog = read_po(handle, locale="en")
    filled = 0
    for message in catalog:
        if not message.id:
            continue
        if isinstance(message.id, tuple):
            if not all(message.string):
                message.string = tuple(message.id[i] if i < len(message.id) else message.id[-1]
                                       for i in range(len(message.string)))
                filled += 1
        elif not message.string:
            message.string = message.id
            filled += 1
        message.flags.discard("fuzzy")
    with path.open("wb") as handle:
        write_po(handle, catalog, no_location=True, sort_output=True)
    return filled


def untranslated(locale: str) -> list[str]:
    with catalogue_path(locale).open("rb") as handle:
        catalog = read_po(handle, locale=locale)
    missing = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(strings) or message.fuzzy:
            missing.append(message.id if isinstance(message.id, str) else message.id[0])
    return missing


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else ""
    if command == "fill-english":
        print(f"English catalogue: {fill_english()} messages filled.")
        return 0
    if command == "check":
        status = 0
        for locale in ("nl", "en"):
            for message_id in untranslated(locale):
                print(f"{locale}: untranslated: {message_id!r}")
                status = 1
        return status
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
