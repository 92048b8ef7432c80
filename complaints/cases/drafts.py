"""A complaint written before signing in, kept on the server until it is sent.

The visitor's session cookie holds only a random key (`draft:complaint`, kept through sign-in:
see `accounts.views.login`); the text itself, up to 20,000 characters, is a small JSON file in
the instance folder, so it survives signing in, registering and verifying the e-mail address
in another tab of the same browser. Drafts older than DRAFT_DAYS are removed when another is
saved. No database table: a draft is nobody's data until it is submitted.
"""

from __future__ import annotations

import json
import secrets
import time
from pathlib import Path

from flask import current_app, session

SESSION_KEY = "draft:complaint"
DRAFT_DAYS = 7
FIELDS = ("company", "company_choice", "new_company_sector", "new_company_website", "title",
          "body", "category", "contacts_before", "first_contact_on", "desired_outcome")


def _folder() -> Path:
    folder = Path(current_app.instance_path) / "complaint-drafts"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _path(key: object) -> Path | None:
    if not isinstance(key, str) or not key.isascii() or not key.replace("-", "").replace(
            "_", "").isalnum() or len(key) != 32:
        return None
    return _folder() / f"{key}.json"


def save(values: dict[str, str]) -> None:
    """Keep the form's raw values for this browser's session, replacing an earlier draft."""
    cutoff = time.time() - DRAFT_DAYS * 86_400
    for old in _folder().glob("*.json"):
        if old.stat().st_mtime < cutoff:
            old.unlink(missing_ok=True)
    path = _path(session.get(SESSION_KEY))
    if path is None:
        key = secrets.token_urlsafe(24)
        session[SESSION_KEY] = key
        path = _path(key)
    data = {name: str(values.get(name) or "") for name in FIELDS}
    path.write_text(json.dumps(data), encoding="utf-8")


def load() -> dict[str, str] | None:
    path = _path(session.get(SESSION_KEY))
    if path is None or not path.exists():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return {name: str(data.get(name) or "") for name in FIELDS}


def clear() -> None:
    path = _path(session.pop(SESSION_KEY, None))
    if path is not None:
        path.unlink(missing_ok=True)
