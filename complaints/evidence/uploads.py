"""The forms that take files accept larger requests; every other form keeps the site's
MAX_CONTENT_LENGTH (1 MB).

A view marked with `@accepts_files` may receive UPLOAD_REQUEST_MAX (five files of 5 MB and the
rest of the form) as multipart/form-data from someone signed in (a visitor's complaint form
keeps no files); its other fields keep Flask's MAX_FORM_MEMORY_SIZE
(500 kB), and a form sent any other way keeps the site's limit. The limit has to be raised
before anything reads the body, and the CSRF check reads the form in its own
`before_request`, so `init_app` puts this hook first.
"""

from __future__ import annotations

from flask import Flask, current_app, request
from flask_login import current_user

from complaints.evidence.services import UPLOAD_REQUEST_MAX


def accepts_files(view):
    view.accepts_files = True
    return view


def _raise_limit() -> None:
    view = current_app.view_functions.get(request.endpoint or "")
    if request.method == "POST" and request.mimetype == "multipart/form-data" and \
            getattr(view, "accepts_files", False) and current_user.is_authenticated:
        request.max_content_length = UPLOAD_REQUEST_MAX


def init_app(app: Flask) -> None:
    app.before_request_funcs.setdefault(None, []).insert(0, _raise_limit)
