"""Open data: the published fields of every public complaint, as CSV and as JSON Lines."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

from flask import url_for
from sqlalchemy import Row

from complaints.formats import lazy_gettext as _l

LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"


@dataclass(frozen=True)
class Field:
    name: str
    meaning: str
    example: str


# The columns, in order, with what they mean; /open-data shows this table.
FIELDS = [
    Field("id", _l("Number of the complaint on Helpdeskhel; stays the same."), "1234"),
    Field("url", _l("Address of the complaint page."), "/complaints/1234"),
    Field("company", _l("Name of the company the complaint is about."), "Belnet Mobiel"),
    Field("company_slug", _l("Short name of the company in web addresses; stays the same."),
          "belnet-mobiel"),
    Field("sector", _l("Sector of the company, as a code (see the list below)."), "telecom"),
    Field("category", _l("What went wrong, as a code (see the list below)."), "outage"),
    Field("title", _l("Title of the complaint."), "Vier keer gebeld, nooit een monteur gezien"),
    Field("story", _l("The story as published, in Markdown: personal data was replaced by "
                      "[afgeschermd] and moderators may have edited it. It can span several "
                      "lines."), "Ik heb vier keer gebeld over een storing …"),
    Field("status", _l("open (no public company reply yet), answered (the company replied in "
                       "public) or resolved (the consumer marked it resolved)."), "answered"),
    Field("published_at", _l("When a moderator published it (ISO 8601, UTC)."),
          "2026-03-02T09:15:00Z"),
    Field("first_response_at", _l("When the company first replied in public; empty if it has "
                                  "not."), "2026-03-02T13:40:00Z"),
    Field("resolved_at", _l("When the consumer marked it resolved; empty if unresolved."), ""),
    Field("hours_to_first_response", _l("Hours from publication to the first company reply, "
                                        "one decimal; empty without a reply."), "4.4"),
    Field("days_to_resolution", _l("Days from publication to resolution, one decimal; empty "
                                   "while unresolved."), ""),
    Field("contacts_before", _l("How often the consumer contacted the company before "
                                "complaining, as they reported it."), "4"),
    Field("supporters", _l("How many people said “me too”: they had the same problem."), "12"),
    Field("rating", _l("The consumer's rating of the handling, 1 to 5, given when resolved; "
                       "empty if none."), ""),
    Field("edited_by_moderation", _l("true when a moderator edited the text, else false."),
          "false"),
    Field("closing_note", _l("The consumer's public closing word when marking it resolved; "
                             "empty if none."), ""),
]
FIELD_NAMES = [field.name for field in FIELDS]


def timestamp(moment: datetime | None) -> str | None:
    """ISO 8601 in UTC to the second: 2026-03-02T09:15:00Z."""
    if moment is None:
        return None
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _span(start: datetime | None, end: datetime | None, unit_seconds: int) -> float | None:
    if start is None or end is None:
        return None
    return round((end - start).total_seconds() / unit_seconds, 1)


def record(row: Row) -> dict:
    """One complaint as open data: exactly FIELD_NAMES, values as JSON types."""
    return {
        "id": row.id,
        "url": url_for("cases.show", complaint_id=row.id, _external=True),
        "company": row.company,
        "company_slug": row.company_slug,
        "sector": row.sector,
        "category": row.category,
        "title": row.title,
        "story": row.body_source,
        "status": str(row.status),
        "published_at": timestamp(row.published_at),
        "first_response_at": timestamp(row.first_response_at),
        "resolved_at": timestamp(row.resolved_at),
        "hours_to_first_response": _span(row.published_at, row.first_response_at, 3600),
        "days_to_resolution": _span(row.published_at, row.resolved_at, 86400),
        "contacts_before": row.contacts_before,
        "supporters": row.supporters_count,
        "rating": row.rating,
        "edited_by_moderation": row.moderated_at is not None,
        "closing_note": row.closing_note or None,
    }


def _csv_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def csv_chunks(rows: Iterable[Row], *, rows_per_chunk: int = 500) -> Iterator[str]:
    """RFC 4180 CSV with a header row: every field quoted where needed (stories hold commas,
    quotes and line breaks), CRLF between records, one chunk per few hundred rows."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(FIELD_NAMES)
    for number, row in enumerate(rows, start=1):
        data = record(row)
        writer.writerow([_csv_value(data[name]) for name in FIELD_NAMES])
        if number % rows_per_chunk == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


# Characters some readers take for a line break although JSON leaves them as they are.
_LINE_BREAKS = str.maketrans({"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"})


def jsonl_chunks(rows: Iterable[Row], *, rows_per_chunk: int = 500) -> Iterator[str]:
    """JSON Lines, UTF-8: one JSON object per complaint per line. Line breaks inside a story
    are escaped, including the Unicode ones that `str.splitlines` would split on."""
    lines: list[str] = []
    for row in rows:
        line = json.dumps(record(row), ensure_ascii=False).translate(_LINE_BREAKS)
        lines.append(line + "\n")
        if len(lines) == rows_per_chunk:
            yield "".join(lines)
            lines.clear()
    yield "".join(lines)
