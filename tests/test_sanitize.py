"""The sanitizer: Markdown in, only allow-listed HTML out, whatever tricks the source holds."""

from __future__ import annotations

import re

import pytest
from markdown_it import MarkdownIt

from complaints import sanitize
from complaints.sanitize import render_markdown, render_markdown_highlighted, user_html

ATTACKS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    "<svg/onload=alert(1)>",
    "<a href=\"javascript:alert(1)\">klik</a>",
    "[klik](javascript:alert(1))",
    "[klik](JaVaScRiPt:alert(1))",
    "[klik](java&#x09;script:alert(1))",
    "[klik](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![plaatje](data:image/svg+xml;base64,PHN2Zy8+)",
    "![x](https://evil.example/track.gif)",
    "<iframe src=https://evil.example></iframe>",
    "<div style=\"background:url(javascript:alert(1))\">x</div>",
    "<<script>script>alert(1)<</script>/script>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<a href=\"https://ok.example\" onclick=\"alert(1)\">x</a>",
    "[x](https://ok.example \"title\" onmouseover=alert(1))",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<form action=https://evil.example><button>x</button></form>",
    "<object data=javascript:alert(1)>",
    "<!--<img src=x onerror=alert(1)>-->",
    "`<script>alert(1)</script>`",
    "```\n<script>alert(1)</script>\n```",
    "<a href=\"vbscript:msgbox(1)\">x</a>",
    "[x](//evil.example/)",
]
ALLOWED_TAG = re.compile(
    r"</?(p|br|strong|em|s|del|ul|ol|li|blockquote|code|pre|a|hr)(\s|>|/>)", re.IGNORECASE
)


@pytest.mark.parametrize("source", ATTACKS)
def test_attacks_come_out_harmless(source):
    html = render_markdown(source)
    lowered = html.lower()
    for tag in re.findall(r"<\s*([a-z0-9]+)", lowered):
        assert ALLOWED_TAG.match(f"<{tag}>"), (tag, html)
    assert not re.search(r"<[^>]+\son[a-z]+\s*=", lowered), html
    assert "<img" not in lowered and "<script" not in lowered and "<iframe" not in lowered
    assert 'href="data:' not in lowered and "href='data:" not in lowered
    for href in re.findall(r'href="([^"]*)"', html):
        assert href.startswith(("http://", "https://")), href


def test_markdown_becomes_the_allowed_html():
    html = render_markdown("Hallo **vet** en *schuin*\n\n- een\n- twee\n\n> citaat")
    assert "<strong>vet</strong>" in html and "<em>schuin</em>" in html
    assert "<ul>" in html and "<li>een</li>" in html
    assert "<blockquote>" in html


def test_links_are_marked_nofollow_and_ugc():
    html = render_markdown("[site](https://example.nl) en https://example.org")
    assert html.count('rel="nofollow ugc noopener"') == 2


def test_headings_become_bold_paragraphs_and_images_their_alt_text():
    html = render_markdown("# Kop\n\n![mijn foto](https://example.nl/a.png)")
    assert "<p><strong>Kop</strong></p>" in html
    assert "mijn foto" in html and "<img" not in html


def test_raw_html_is_shown_as_text_not_dropped():
    html = render_markdown("Ik typte <b>dit</b> en <script>dat</script>")
    assert "&lt;b&gt;dit&lt;/b&gt;" in html
    assert "&lt;script&gt;" in html


def test_the_allow_list_strips_html_that_gets_past_markdown(monkeypatch):
    """Raw HTML is off in the Markdown renderer; should a renderer ever let it through, the
    allow-list still drops the attributes and tags it does not list, keeping their text."""
    raw = MarkdownIt("commonmark", {"html": True})
    monkeypatch.setattr(sanitize, "_markdown", lambda: raw)
    source = '<p onclick="x()">hoi</p><script>alert(1)</script>'
    assert render_markdown(source) == "<p>hoi</p>alert(1)"
    assert render_markdown_highlighted(source, []) == "<p>hoi</p>alert(1)"


def test_attributes_the_markdown_makes_but_the_allow_list_lacks_are_dropped():
    assert render_markdown("```js\nx = 1\n```") == "<pre><code>x = 1\n</code></pre>"


def test_only_absolute_web_links_stay_links():
    html = render_markdown("[a](/pad) [b](//elders.example) [c](mailto:x@example.nl) "
                           "[d](java&#x09;script:alert(1)) [e](https://goed.example)")
    assert re.findall(r'href="([^"]*)"', html) == ["https://goed.example"]
    assert "a" in html and "b" in html  # the text of a dropped link stays


def test_empty_and_none_input():
    assert render_markdown("") == ""
    assert render_markdown(None) == ""
    assert str(user_html(None)) == ""
