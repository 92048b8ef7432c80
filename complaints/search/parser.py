"""What a visitor typed in the search box, read into words, phrases and exclusions.

The syntax is the one people know from web search: words all have to match, "quoted words"
match as a phrase, -word leaves out what contains it. Punctuation separates words, as the
index does; a hyphenated word ("ov-chipkaart") is a phrase of its parts. Common Dutch words
("de", "het", "niet") are left out unless nothing else is left. Very long input is cut to
MAX_CHARS and MAX_TERMS, and the page says so.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer

MAX_CHARS = 200
MAX_TERMS = 8
MAX_WORD = 40
_TOKEN = re.compile(r'(-?)"([^"]*)"?|(-?)([^\s"]+)')
_WORD_SEPARATORS = re.compile(r"[\W_]+", re.UNICODE)

# PostgreSQL's Dutch stop words (Snowball's list), so both engines leave out the same words.
_STOP_LIST = """
de en van ik te dat die in een hij het niet zijn is was op aan met als voor had er maar om hem
dan zou of wat mijn men dit zo door over ze zich bij ook tot je mij uit der daar haar naar heb
hoe heeft hebben deze u want nog zal me zij nu ge geen omdat iets worden toch al waren veel meer
doen toen moet ben zonder kan hun dus alles onder ja eens hier wie werd altijd doch wordt wezen
kunnen ons zelf tegen na reeds wil kon niets uw iemand geweest andere
"""
STOP_WORDS = frozenset(_STOP_LIST.split())


def fold(text: str) -> str:
    """Lower case without accents, as the SQLite index stores words ('Één' -> 'een')."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def words_of(text: str) -> list[str]:
    """The words of `text` as the index splits them (letters and digits), folded."""
    return [word[:MAX_WORD] for word in _WORD_SEPARATORS.split(fold(text)) if word]


@lru_cache(maxsize=1)
def _stemmer():
    return snowballstemmer.stemmer("dutch")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The Dutch Snowball stem of a folded word: 'storingen' and 'storing' share one."""
    return _stemmer().stemWord(word)


@dataclass(frozen=True)
class Term:
    """One word, or the words of a phrase, that must (or with `exclude`, must not) occur."""

    words: tuple[str, ...]  # folded, as the SQLite index stores them
    exclude: bool = False
    # The same words as typed (lower case, accents kept) for PostgreSQL's Dutch parser.
    typed: tuple[str, ...] = ()

    @property
    def is_phrase(self) -> bool:
        return len(self.words) > 1

    @property
    def text(self) -> str:
        return " ".join(self.words)


@dataclass(frozen=True)
class SearchQuery:
    typed: str
    terms: tuple[Term, ...]
    shortened: bool = False

    @property
    def positive(self) -> tuple[Term, ...]:
        return tuple(term for term in self.terms if not term.exclude)

    @property
    def excluded(self) -> tuple[Term, ...]:
        return tuple(term for term in self.terms if term.exclude)

    @property
    def is_empty(self) -> bool:
        """Nothing to look for: empty, only punctuation, or only exclusions."""
        return not self.positive

    @property
    def highlight_words(self) -> frozenset[str]:
        return frozenset(word for term in self.positive for word in term.words)

    def websearch(self) -> str:
        """The query in web-search syntax (PostgreSQL's websearch_to_tsquery reads it)."""
        parts = []
        for term in self.terms:
            words = " ".join(term.typed or term.words)
            text = f'"{words}"' if term.is_phrase else words
            parts.append(f"-{text}" if term.exclude else text)
        return " ".join(parts)


def parse(typed: str | None) -> SearchQuery:
    text = " ".join((typed or "").split())
    shortened = len(text) > MAX_CHARS
    text = text[:MAX_CHARS]
    terms: list[Term] = []
    for match in _TOKEN.finditer(text):
        quoted = match.group(2) is not None
        exclude = bool(match.group(1) if quoted else match.group(3))
        raw = match.group(2) if quoted else match.group(4)
        words = tuple(words_of(raw))
        if not words:
            continue
        typed = tuple(w[:MAX_WORD] for w in _WORD_SEPARATORS.split(raw.lower()) if w)
        term = Term(words, exclude, typed if len(typed) == len(words) else words)
        if all(known.words != term.words or known.exclude != term.exclude for known in terms):
            terms.append(term)
    meaningful = [t for t in terms if t.is_phrase or t.words[0] not in STOP_WORDS]
    if any(not t.exclude for t in meaningful):
        terms = meaningful
    if len(terms) > MAX_TERMS:
        terms, shortened = terms[:MAX_TERMS], True
    return SearchQuery(text, tuple(terms), shortened)
