"""The only module that turns user text into HTML: Markdown source -> sanitized HTML.

markdown-it-py renders CommonMark with raw HTML switched off; bleach then keeps only a strict
allow-list of tags, attributes and link protocols, and marks links nofollow/ugc. Both the
source and the HTML are stored; templates show the stored HTML through the `user_html` filter,
which is the only place Markup is made from user text.
"""

from __future__ import annotations

import html as html_module
import re
from functools import lru_cache, partial

import bleach
from bleach.linkifier import LinkifyFilter
from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml as escape_html
from markupsafe import Markup

ALLOWED_TAGS = frozenset(
    {"p", "br", "strong", "em", "s", "del", "ul", "ol", "li", "blockquote", "code", "pre", "a",
     "hr"}
)
ALLOWED_ATTRIBUTES = {"a": ["href", "title", "rel"]}
ALLOWED_PROTOCOLS = frozenset({"http", "https"})


def _link_rel(attrs: dict, new: bool = False) -> dict | None:
    """Keep only absolute http(s) links, marked as user content; others become plain text."""
    href = attrs.get((None, "href"), "")
    if not href.lower().startswith(("http://", "https://")):
        return None
    attrs[(None, "rel")] = "nofollow ugc noopener"
    return attrs


@lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    """CommonMark without raw HTML; headings become bold paragraphs, images their alt text."""
    md = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("strikethrough")
    md.add_render_rule("heading_open", lambda self, tokens, idx, options, env: "<p><strong>")
    md.add_render_rule("heading_close", lambda self, tokens, idx, options, env: "</strong></p>\n")
    md.add_render_rule(
        "image", lambda self, tokens, idx, options, env: escape_html(tokens[idx].content)
    )
    return md


@lru_cache(maxsize=1)
def _cleaner() -> bleach.Cleaner:
    return bleach.Cleaner(
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        protocols=ALLOWED_PROTOCOLS,
        strip=True,
        strip_comments=True,
        filters=[
            partial(LinkifyFilter, callbacks=[_link_rel], skip_tags={"pre", "code"},
                    parse_email=False)
        ],
    )


@lru_cache(maxsize=512)
def render_markdown(source: str) -> str:
    """Markdown source -> HTML that is safe to show on any page. Kept per source: a
    submission renders its text twice (the personal-data guard reads the HTML, then the
    stored fields are set from it)."""
    html = _markdown().render(source or "")
    return _cleaner().clean(html).strip()


@lru_cache(maxsize=2048)
def html_to_text(html: str) -> str:
    """The text a reader sees in sanitized HTML (tags dropped, entities decoded); kept per
    HTML, since the guard reads the same stored stories again and again."""
    text = bleach.clean(html or "", tags=set(), strip=True, strip_comments=True)
    return html_module.unescape(text)


_TRAILING_PUNCTUATION = re.compile(r"[\s,.;:!?-]+$")


def shorten(text: str, length: int) -> str:
    """`text` cut at a word to at most `length` characters, with "…" when it was cut (the
    excerpts of cards, feeds and Open Graph tags)."""
    if len(text) <= length:
        return text
    cut = text[:length - 1]
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return _TRAILING_PUNCTUATION.sub("", cut) + "…"


# Private-use characters mark where a highlight starts and ends while Markdown is rendered.
_MARK_START, _MARK_END = "\ue000", "\ue001"


@lru_cache(maxsize=1)
def _highlight_cleaner() -> bleach.Cleaner:
    return bleach.Cleaner(
        tags=ALLOWED_TAGS | {"mark"},
        attributes={**ALLOWED_ATTRIBUTES, "mark": ["class"]},
        protocols=ALLOWED_PROTOCOLS,
        strip=True,
        strip_comments=True,
    )


def render_markdown_highlighted(source: str, spans: list[tuple[int, int]]) -> str:
    """Markdown source -> safe HTML with the given character spans wrapped in <mark>.

    For moderators: detected personal data and redaction markers stand out in the story.
    The result goes through the allow-list again, so a span that crosses formatting can only
    produce well-formed, harmless markup. Kept per (source, spans): the moderation queue shows
    the same waiting stories at every look.
    """
    return _highlighted(source or "", tuple(sorted(spans)))


@lru_cache(maxsize=1024)
def _highlighted(source: str, spans: tuple[tuple[int, int], ...]) -> str:
    text = source.replace(_MARK_START, "").replace(_MARK_END, "")
    pieces, last = [], 0
    for start, end in spans:
        if start < last or end <= start:
            continue
        pieces += [text[last:start], _MARK_START, text[start:end], _MARK_END]
        last = end
    pieces.append(text[last:])
    html = _cleaner().clean(_markdown().render("".join(pieces)))
    html = html.replace(_MARK_START, '<mark class="pii">').replace(_MARK_END, "</mark>")
    return _highlight_cleaner().clean(html).strip()


def user_html(stored_html: str | None) -> Markup:
    """Jinja filter: HTML that `render_markdown` produced and a service stored."""
    return Markup(stored_html or "")  # noqa: S704 - the sanitizer made this HTML
