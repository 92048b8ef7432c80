"""Hostile strings and the checks that a page shows them as text: shared by the hostile-input
tests and the browser test that renders stored payloads.

The strings are cut into tests/fixtures/hostile/ by tests/fixtures/cut_fixtures.py: every
entry of the Big List of Naughty Strings, a seeded sample of 1,000 lines of the XSS payload
list and 1,000 of the SQL-injection list (with the lines that hold an invalid UTF-8 byte on
purpose, sent byte for byte), and a few made here for what the lists lack.

`make test` sweeps, on each engine, what can differ: all of the Big List and the strings made
here (encodings, NUL, lengths, Unicode), and a fixed, seeded sample of 200 lines of each
payload list, which always holds the lines with an invalid UTF-8 byte; what the two lists add
beyond that is markup and SQL text, which the same sanitizer and the same bound parameters
handle on both engines. The two engines draw different samples, so CI's two runs together
sweep about 400 lines of each list. `make test-full` (HOSTILE_FULL=1) sweeps every string on
both engines.
"""

from __future__ import annotations

import codecs
import json
import os
import random
import re
import unicodedata
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "hostile"

# What the lists lack: a NUL (PostgreSQL refuses it in text), a lone UTF-16 surrogate sent as
# bytes, an over-long UTF-8 form, right-to-left override, and text at the columns' limits.
MADE_HERE = [b"\x00", b"a\x00b", b"\xed\xa0\x80", b"\xc0\xbc" + b"script" + b"\xc0\xbe",
             "\u202egnp.exe".encode(), ("\u0000" * 3).encode(), b"x" * 141, b"y" * 10_001,
             "é".encode() * 70]


def _percent(error: UnicodeDecodeError) -> tuple[str, int]:
    return "".join(f"%{byte:02X}" for byte in error.object[error.start:error.end]), error.end


# Werkzeug reads a form's bytes that are not UTF-8 as their %XX escapes; so do the tests.
codecs.register_error("hostile.percent", _percent)


@dataclass(frozen=True)
class Payload:
    """A hostile string as sent (bytes, maybe not UTF-8) and as the server reads it."""

    source: str
    raw: bytes

    @property
    def text(self) -> str:
        return self.raw.decode("utf-8", "hostile.percent")


# A sample of the payload lists, another one per engine, unless HOSTILE_FULL=1.
FULL = os.environ.get("HOSTILE_FULL") == "1"
SAMPLE = 200
SAMPLE_SEED = 2010 if os.environ.get("TEST_DATABASE_URL") else 2011


def _is_utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def sample(lines: list[bytes], size: int = SAMPLE) -> list[bytes]:
    """`size` lines, the same every run: those with an invalid UTF-8 byte (they test how each
    engine stores what the server decoded), then a seeded draw of the others, in file order."""
    broken = [i for i, line in enumerate(lines) if not _is_utf8(line)]
    others = [i for i in range(len(lines)) if i not in set(broken)]
    chosen = set(broken) | set(random.Random(SAMPLE_SEED).sample(others, size - len(broken)))
    return [line for i, line in enumerate(lines) if i in chosen]


def _load(full: bool) -> list[Payload]:
    payloads = [Payload("blns", s.encode("utf-8", "surrogatepass"))
                for s in json.loads((FIXTURES / "blns.json").read_text(encoding="utf-8"))]
    for name in ("xss", "sqli"):
        lines = [line for line in (FIXTURES / f"{name}_sample.txt").read_bytes().split(b"\n")
                 if line]
        payloads += [Payload(name, line) for line in (lines if full else sample(lines))]
    payloads += [Payload("made", raw) for raw in MADE_HERE]
    return payloads


PAYLOADS = _load(FULL)
# Every string, whatever the engine: for the browser test, which renders each stored payload
# once (it measures the pages, not the database) and expects nearly all of them on the pages.
ALL_PAYLOADS = PAYLOADS if FULL else _load(True)
COUNTS = {name: sum(p.source == name for p in PAYLOADS) for name in ("blns", "xss", "sqli")}
# The browser test renders the ones that would run or load something if shown as HTML.
ACTIVE = re.compile(rb"<|javascript:|on\w+\s*=|expression\(|url\(|data:", re.IGNORECASE)


def normalized(text: str) -> str:
    """Text as it can be compared across storage and display: NFC, whitespace collapsed."""
    return " ".join(unicodedata.normalize("NFC", text).split())


# Elements no page of the site has and user text must never create.
FORBIDDEN_TAGS = {"iframe", "frame", "frameset", "object", "embed", "applet", "base", "style",
                  "animate", "set", "foreignobject", "handler", "listener", "portal", "noscript",
                  "xss", "isindex", "bgsound", "marquee", "layer", "ilayer", "xml", "import",
                  "img", "video", "audio", "source", "track", "picture", "math", "template"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "srcset", "poster", "data",
                  "xlink:href", "background", "lowsrc", "dynsrc", "ping", "cite", "longdesc",
                  "manifest", "codebase", "icon", "profile"}
BAD_SCHEME = re.compile(r"^(?:javascript|vbscript|data|livescript|mocha|jar|file):",
                        re.IGNORECASE)


class _Audit(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.text: list[str] = []
        self.values: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self._check(tag, attrs)

    def handle_startendtag(self, tag, attrs):
        self._check(tag, attrs)

    def _check(self, tag, attrs):
        attributes = dict(attrs)
        if tag in FORBIDDEN_TAGS:
            self.problems.append(f"<{tag}>")
        if tag == "script":
            self._in_script = True
            if not (attributes.get("src") or "").startswith("/static/"):
                self.problems.append(f"<script src={attributes.get('src')!r}>")
        if tag == "meta" and "http-equiv" in attributes:
            self.problems.append("<meta http-equiv>")
        if tag == "link" and not (attributes.get("href") or "").startswith(("/", "http")):
            self.problems.append(f"<link href={attributes.get('href')!r}>")
        for name, value in attrs:
            if name.startswith("on") or name in {"style", "srcdoc", "formaction"}:
                self.problems.append(f"{tag} {name}=")
            if name in URL_ATTRIBUTES and value is not None:
                bare = re.sub(r"[\x00-\x20\x7f]+", "", value)
                if BAD_SCHEME.match(bare):
                    self.problems.append(f"{tag} {name}={value[:40]!r}")
            if name == "value" and value:
                self.values.append(value)
        if tag == "textarea":
            self.values.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.problems.append("inline script")
        self.text.append(data)


@dataclass
class Audit:
    problems: list[str]
    text: str
    values: list[str]

    def shows(self, text: str) -> bool:
        """The page shows `text` as text, in its content or in a form field's value."""
        wanted = normalized(text)
        return wanted in self.text or any(wanted in normalized(v) for v in self.values)


def audit(html: str) -> Audit:
    """Parse a page and list what user text could have made active in it."""
    parser = _Audit()
    parser.feed(html)
    parser.close()
    return Audit(parser.problems, normalized("".join(parser.text)), parser.values)
