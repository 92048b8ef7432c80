"""Redirect targets: `next=` may only point back into this site."""

from __future__ import annotations

from urllib.parse import urlsplit


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
