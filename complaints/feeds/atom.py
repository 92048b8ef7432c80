"""Atom feeds of published complaints, written with feedgen."""

from __future__ import annotations

import re
from collections.abc import Sequence

from feedgen.feed import FeedGenerator
from flask import url_for
from flask_babel import get_locale

from complaints.cases.models import Complaint
from complaints.clock import utcnow

CONTENT_TYPE = "application/atom+xml; charset=utf-8"
FEED_SIZE = 50
# Characters XML 1.0 cannot hold; a stray one in a title would make the whole feed invalid.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(text: str) -> str:
    return _NOT_XML.sub("", text or "")


def complaints_feed(complaints: Sequence[Complaint], *, title: str, feed_url: str,
                    page_url: str, with_company: bool) -> bytes:
    """An Atom document with one entry per complaint, in the order given.

    An entry carries only what the complaint page shows everyone: title, link, times, the
    author's public name and the sanitized story. Never private messages, e-mail addresses or
    ticket numbers (they are not on the Complaint row, and nothing else is read here).
    """
    feed = FeedGenerator()
    feed.id(feed_url)
    feed.title(xml_text(title))
    feed.link(href=page_url, rel="alternate", type="text/html")
    feed.link(href=feed_url, rel="self", type="application/atom+xml")
    feed.language(str(get_locale() or "nl"))
    feed.generator("Helpdeskhel", uri=url_for("pages.home", _external=True))
    newest = None
    for complaint in complaints:
        url = url_for("cases.show", complaint_id=complaint.id, _external=True)
        updated = max(complaint.updated_at, complaint.published_at)
        newest = updated if newest is None else max(newest, updated)
        entry = feed.add_entry(order="append")
        entry.id(url)
        entry.title(xml_text(f"{complaint.company.name}: {complaint.title}" if with_company
                             else complaint.title))
        entry.link(href=url, rel="alternate", type="text/html")
        entry.published(complaint.published_at)
        entry.updated(updated)
        entry.author(name=xml_text(complaint.author.public_name))
        entry.category(term=complaint.category.slug, label=xml_text(complaint.category.label))
        entry.summary(xml_text(complaint.body_html), type="html")
    feed.updated(newest or utcnow())
    return feed.atom_str(pretty=False)
