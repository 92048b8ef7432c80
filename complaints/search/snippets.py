"""Highlighted snippets: the text is escaped first, then the matched words are wrapped in
<mark>, so no user HTML can come through; the marks are the only markup added.

A word counts as matched when it is one of the words searched for or shares its Dutch stem,
the same on both engines.
"""

from __future__ import annotations

import re

from markupsafe import Markup, escape

from complaints.search.parser import SearchQuery, fold, stem

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
SNIPPET_WORDS = 36
LEAD_WORDS = 8


class Highlighter:
    def __init__(self, query: SearchQuery):
        self.words = query.highlight_words
        self.stems = frozenset(stem(word) for word in self.words)
        self._seen: dict[str, bool] = {}  # texts repeat their words: decide each once

    def _matches(self, word: str) -> bool:
        found = self._seen.get(word)
        if found is None:
            folded = fold(word)
            found = self._seen[word] = folded in self.words or stem(folded) in self.stems
        return found

    def highlight(self, text: str) -> Markup:
        """All of `text`, escaped, with the matched words marked."""
        return self._render(text, list(_WORD.finditer(text)), 0, len(text))

    def snippet(self, text: str) -> Markup:
        """About SNIPPET_WORDS words of `text` around its first match (or its start)."""
        tokens = list(_WORD.finditer(text))
        first = next((i for i, token in enumerate(tokens) if self._matches(token.group())), 0)
        begin = max(0, first - LEAD_WORDS)
        end = min(len(tokens), begin + SNIPPET_WORDS)
        begin = max(0, min(begin, end - SNIPPET_WORDS))
        if not tokens:
            return Markup("")
        start = tokens[begin].start() if begin else 0
        stop = tokens[end - 1].end() if end < len(tokens) else len(text)
        snippet = self._render(text, tokens[begin:end], start, stop)
        return Markup("").join([Markup("… ") if start else Markup(""), snippet,
                                Markup(" …") if stop < len(text) else Markup("")])

    def _render(self, text: str, tokens: list[re.Match], start: int, stop: int) -> Markup:
        parts, position = [], start
        for token in tokens:
            if not self._matches(token.group()):
                continue
            parts.append(escape(text[position:token.start()]))
            parts.append(Markup("<mark>%s</mark>") % token.group())
            position = token.end()
        parts.append(escape(text[position:stop]))
        return Markup("").join(parts)
