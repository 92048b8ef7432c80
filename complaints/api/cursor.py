"""Cursor pagination: the cursor is the sort key of the last item of a page, so the next
page starts right after it however many items arrive meanwhile (no offset to skip or repeat
items, no COUNT). It is opaque to clients: base64url of a small JSON list."""

from __future__ import annotations

import base64
import binascii
import json
from datetime import UTC, datetime

from complaints.api.problems import Kind, Problem
from complaints.formats import lazy_gettext as _l


def encode(*values: int | str | datetime | None) -> str:
    plain = [v.astimezone(UTC).isoformat() if isinstance(v, datetime) else v for v in values]
    return base64.urlsafe_b64encode(json.dumps(plain, separators=(",", ":")).encode()
                                    ).decode().rstrip("=")


def decode(cursor: str, *kinds: type) -> list:
    """The values of a cursor, checked against `kinds` (int, str, datetime, or a tuple of them
    with type(None)); anything else is a 400 problem."""
    try:
        values = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        values = None
    if not isinstance(values, list) or len(values) != len(kinds):
        raise invalid()
    decoded = []
    for value, kind in zip(values, kinds, strict=True):
        allowed = kind if isinstance(kind, tuple) else (kind,)
        if value is None and type(None) in allowed:
            decoded.append(None)
        elif datetime in allowed and isinstance(value, str):
            try:
                moment = datetime.fromisoformat(value)
            except ValueError:
                raise invalid() from None
            decoded.append(moment if moment.tzinfo else moment.replace(tzinfo=UTC))
        elif ((int in allowed and type(value) is int and abs(value) < 2**62)
              or (str in allowed and isinstance(value, str) and len(value) <= 100)):
            decoded.append(value)
        else:
            raise invalid()
    return decoded


def invalid() -> Problem:
    """The problem for a cursor we did not give out, or one that points nowhere now."""
    return Problem(400, Kind.BAD_REQUEST, _l("This cursor is not one we gave out. Start again "
                                             "without a cursor."))
