"""URLs: `next=` targets that stay on this site, and the converter for ids in paths."""

from __future__ import annotations

from urllib.parse import urlsplit

from werkzeug.routing import IntegerConverter


class IdConverter(IntegerConverter):
    """`<id:name>`: a positive id that fits the database's integer column; anything else
    (0, 99999999999, -1, "abc") is a plain 404 instead of a database error."""

    def __init__(self, map, **kwargs):
        super().__init__(map, min=1, max=2**31 - 1)


def safe_next(target: str | None) -> str | None:
    """Return `target` when it is a path on this site, else None.

    Refuses absolute URLs, scheme-relative `//host` and `/\\host` (browsers treat a backslash
    as a slash), and anything with control characters.
    """
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return None
    if any(ord(ch) < 32 or ch == "\\" for ch in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target
