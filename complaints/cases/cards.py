"""What a complaint card says besides its title: the company's reply state in words and a
short plain-text excerpt of the story (templates/_macros/complaints.html).

A card is drawn twenty times a page, so both work on the complaint row alone: no query, and
no HTML parser for the excerpt (the stored story is already sanitized HTML).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from markupsafe import Markup

from complaints.cases.models import Complaint
from complaints.cases.workflow import PUBLIC_STATUSES, Status
from complaints.clock import utcnow
from complaints.formats import gettext as _
from complaints.formats import ngettext
from complaints.sanitize import shorten

EXCERPT_LENGTH = 220
# The story's HTML read for an excerpt: enough for EXCERPT_LENGTH characters of text unless
# the start is mostly markup (then the whole story is read). A cut tag is dropped; a cut
# entity lies beyond the excerpt's end.
_HTML_PREFIX = EXCERPT_LENGTH * 6
_UNFINISHED_TAG = re.compile(r"<[^>]*$")


@dataclass(frozen=True)
class ReplyState:
    """`kind` is replied, waiting or unanswered (resolved without a public reply); `text` is
    the sentence the card shows, in the current language."""

    kind: str
    text: str


def reply_state(complaint: Complaint, now: datetime | None = None) -> ReplyState | None:
    """How the company answered a published complaint: "Bedrijf reageerde na 2 dagen", "Nog
    geen reactie, 6 dagen", or that it was resolved without a public reply. None for a
    complaint that is not public. Counted from publication: that is when the company could
    first see it."""
    if complaint.status not in PUBLIC_STATUSES or complaint.published_at is None:
        return None
    if complaint.first_response_at is not None:
        minutes = (complaint.first_response_at - complaint.published_at).total_seconds() // 60
        return ReplyState("replied", _replied_after(max(int(minutes), 0)))
    if complaint.status == Status.RESOLVED:
        return ReplyState("unanswered", _("Resolved without a public reply from the company"))
    days = ((now or utcnow()) - complaint.published_at).days
    if days < 1:
        return ReplyState("waiting", _("No reply yet"))
    return ReplyState("waiting", ngettext("No reply yet, %(num)d day",
                                          "No reply yet, %(num)d days", days))


def _replied_after(minutes: int) -> str:
    hours = minutes // 60
    if hours < 1:
        return _("Company replied within an hour")
    if hours < 24:
        return ngettext("Company replied after %(num)d hour",
                        "Company replied after %(num)d hours", hours)
    return ngettext("Company replied after %(num)d day",
                    "Company replied after %(num)d days", hours // 24)


def card_excerpt(html: str | None, length: int = EXCERPT_LENGTH) -> str:
    """The start of a stored (sanitized) story as plain text, whitespace collapsed, cut at a
    word to at most `length` characters with "…". The template escapes it like any text."""
    html = html or ""
    start = html[:_HTML_PREFIX]
    if len(start) < len(html):
        start = _UNFINISHED_TAG.sub("", start)
    text = Markup(start).striptags()  # noqa: S704 - stored HTML is sanitized; text comes out
    if len(start) < len(html) and len(text) < length + 10:  # the start was mostly markup
        text = Markup(html).striptags()  # noqa: S704
    return shorten(text, length)
