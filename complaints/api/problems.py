"""Errors of the API as `application/problem+json` (RFC 9457), with a stable `type` per kind.

Views raise `Problem`; every other error under /api/ (a 404 of the URL map, a 405, the
limiter's 429, webargs' 422, a database that is down) is turned into one by `from_error`, so
a client never gets an HTML page from the API.
"""

from __future__ import annotations

from enum import StrEnum

from flask import Response, json, request
from werkzeug.exceptions import HTTPException

from complaints.formats import lazy_gettext as _l

MEDIA_TYPE = "application/problem+json"
TYPE_BASE = "https://helpdeskhel.nl/api/problems/"


class Kind(StrEnum):
    BAD_REQUEST = "bad-request"
    UNAUTHORIZED = "unauthorized"
    INSUFFICIENT_SCOPE = "insufficient-scope"
    FORBIDDEN = "forbidden"
    NOT_FOUND = "not-found"
    GONE = "gone"
    METHOD_NOT_ALLOWED = "method-not-allowed"
    CONFLICT = "conflict"
    TOO_LARGE = "too-large"
    UNSUPPORTED_MEDIA_TYPE = "unsupported-media-type"
    INVALID = "invalid"
    PERSONAL_DATA = "personal-data"
    RATE_LIMITED = "rate-limited"
    SERVER_ERROR = "server-error"
    UNAVAILABLE = "unavailable"


TITLES = {
    Kind.BAD_REQUEST: _l("The request could not be read"),
    Kind.UNAUTHORIZED: _l("A valid token is needed"),
    Kind.INSUFFICIENT_SCOPE: _l("This token may only read"),
    Kind.FORBIDDEN: _l("Not allowed"),
    Kind.NOT_FOUND: _l("Not found"),
    Kind.GONE: _l("Removed"),
    Kind.METHOD_NOT_ALLOWED: _l("Method not allowed"),
    Kind.CONFLICT: _l("Changed in the meantime"),
    Kind.TOO_LARGE: _l("Request too large"),
    Kind.UNSUPPORTED_MEDIA_TYPE: _l("Send JSON"),
    Kind.INVALID: _l("Invalid input"),
    Kind.PERSONAL_DATA: _l("Personal data found"),
    Kind.RATE_LIMITED: _l("Too many requests"),
    Kind.SERVER_ERROR: _l("Something went wrong on our side"),
    Kind.UNAVAILABLE: _l("Briefly unavailable"),
}

KIND_OF_STATUS = {
    400: Kind.BAD_REQUEST, 401: Kind.UNAUTHORIZED, 403: Kind.FORBIDDEN, 404: Kind.NOT_FOUND,
    405: Kind.METHOD_NOT_ALLOWED, 410: Kind.GONE, 409: Kind.CONFLICT, 413: Kind.TOO_LARGE,
    415: Kind.UNSUPPORTED_MEDIA_TYPE, 422: Kind.INVALID, 429: Kind.RATE_LIMITED,
    500: Kind.SERVER_ERROR, 503: Kind.UNAVAILABLE,
}


# When each kind is given, for the reference page (its section `#problem-<kind>`).
EXPLANATIONS = {
    Kind.BAD_REQUEST: _l("The request could not be read: a cursor we did not give out, or a "
                         "body that is not JSON. Start again without the cursor."),
    Kind.UNAUTHORIZED: _l("The endpoint needs a personal access token, or the token sent is "
                          "unknown, revoked, or its person left the team."),
    Kind.INSUFFICIENT_SCOPE: _l("A read-only token was used to write."),
    Kind.FORBIDDEN: _l("The token is for another company."),
    Kind.NOT_FOUND: _l("Nothing public at this address: an unknown or unlisted company, or a "
                       "complaint that is not published."),
    Kind.GONE: _l("A moderator removed this complaint; `removal_reason` says why, as its page "
                  "does."),
    Kind.METHOD_NOT_ALLOWED: _l("The address exists but does not take this method; `Allow` "
                                "says which it takes."),
    Kind.CONFLICT: _l("The complaint changed in the meantime or takes no such answer now."),
    Kind.TOO_LARGE: _l("The request body is too large."),
    Kind.UNSUPPORTED_MEDIA_TYPE: _l("Send the body as application/json."),
    Kind.INVALID: _l("A parameter or a field of the body is not valid; `errors` names each "
                     "with its messages."),
    Kind.PERSONAL_DATA: _l("The text holds personal data; `findings` says what and where."),
    Kind.RATE_LIMITED: _l("Too many requests; wait for the number of seconds in "
                          "`Retry-After`."),
    Kind.SERVER_ERROR: _l("Something went wrong on our side; it is logged."),
    Kind.UNAVAILABLE: _l("The site is briefly unavailable (the database, for instance); try "
                         "again shortly."),
}
# The status each kind comes with.
STATUS_OF_KIND = {**{kind: status for status, kind in KIND_OF_STATUS.items()},
                  Kind.INSUFFICIENT_SCOPE: 403, Kind.PERSONAL_DATA: 422}


def type_uri(kind: Kind) -> str:
    return TYPE_BASE + kind.value


class Problem(HTTPException):
    """An API error: raise it from a view; `extensions` become extra members of the body
    (`errors` per field, `findings` of the personal-data guard)."""

    def __init__(self, status: int, kind: Kind, detail: str | None = None, *,
                 headers: dict[str, str] | None = None, **extensions):
        super().__init__(description=detail)
        self.code = status
        self.kind = kind
        self.detail = detail
        self.extra_headers = headers or {}
        self.extensions = extensions

    def get_response(self, environ=None, scope=None) -> Response:
        body = {"type": type_uri(self.kind), "title": str(TITLES[self.kind]),
                "status": self.code}
        if self.detail:
            body["detail"] = str(self.detail)
        if request:
            body["instance"] = request.path
        body.update(self.extensions)
        response = Response(json.dumps(body), self.code, mimetype=MEDIA_TYPE)
        response.headers.update(self.extra_headers)
        return response


def from_error(error: HTTPException) -> Response:
    """The problem for any HTTP error raised under /api/."""
    if isinstance(error, Problem):
        return error.get_response()
    status = error.code or 500
    kind = KIND_OF_STATUS.get(status, Kind.BAD_REQUEST if status < 500 else Kind.SERVER_ERROR)
    extensions = {}
    messages = (getattr(error, "data", None) or {}).get("messages")
    if messages:  # webargs: {"json": {"body": ["…"]}, "query": {…}}; {"json": ["…"]} when
        # the body is not JSON at all (a 400): that is about the whole body, "_schema".
        errors: dict = {}
        for location in messages.values():
            if isinstance(location, dict):
                errors.update(location)
            else:
                errors.setdefault("_schema", []).extend(location)
        extensions["errors"] = errors
    detail = None
    if status == 429:
        detail = str(_l("Slow down: wait until the limit resets (see Retry-After)."))
    elif status == 405:
        detail = str(_l("This address does not take %(method)s.", method=request.method))
    response = Problem(status, kind, detail, **extensions).get_response()
    for name, value in (error.get_headers() if status in (405, 429) else []):
        if name.lower() != "content-type":
            response.headers[name] = value
    return response
