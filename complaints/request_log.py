"""Structured logs for operators: with JSON_LOGS on (production), one JSON line per request
and every line the site's own loggers write, as JSON on stderr.

A request line holds what an operator needs to find a slow or failing page and follow one
request through the log, and nothing about the person beyond the kind of user: no address,
no query string (searches are personal), no e-mail. Each request gets an id: the
`X-Request-ID` a proxy sent (when it is a plain token of at most 64 characters), else a new
one; the answer carries it back in `X-Request-ID`, and every line logged while the request
runs carries it too.
"""

from __future__ import annotations

import json
import logging
import re
import time
import uuid
from datetime import UTC, datetime

from flask import Flask, g, has_request_context, request

log = logging.getLogger("complaints.requests")
REQUEST_ID_HEADER = "X-Request-ID"
_SAFE_ID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")


class JsonFormatter(logging.Formatter):
    """A log record as one JSON object: time (UTC, ISO 8601), level, logger, message, the
    request id when there is a request, and a request line's own fields."""

    def format(self, record: logging.LogRecord) -> str:
        line = {"time": datetime.fromtimestamp(record.created, UTC).isoformat(
                    timespec="milliseconds").replace("+00:00", "Z"),
                "level": record.levelname, "logger": record.name,
                "message": record.getMessage()}
        if has_request_context() and "request_id" in g:
            line["request_id"] = g.request_id
        line.update(getattr(record, "fields", {}))
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


def user_kind() -> str:
    """visitor, consumer, moderator, admin, or api-token; read from what the request already
    loaded, so logging never asks the database who someone is."""
    if "api_token" in g and g.api_token is not None:
        return "api-token"
    user = g.get("_login_user")
    if user is None or not getattr(user, "is_authenticated", False):
        return "visitor"
    return {"moderator": "moderator", "admin": "admin"}.get(user.role, "consumer")


def _start() -> None:
    g.request_started = time.perf_counter()
    given = request.headers.get(REQUEST_ID_HEADER, "")
    g.request_id = given if _SAFE_ID.match(given) else uuid.uuid4().hex


def _finish(response):
    started = g.get("request_started")
    if started is None:  # a request that failed before `_start` ran
        return response
    response.headers[REQUEST_ID_HEADER] = g.request_id
    log.info("%s %s %s", request.method, request.path, response.status_code, extra={"fields": {
        "event": "request", "method": request.method, "path": request.path,
        "endpoint": request.endpoint, "status": response.status_code,
        "duration_ms": round((time.perf_counter() - started) * 1000, 1),
        "user": user_kind(), "cache": response.headers.get("X-Page-Cache")}})
    return response


def init_app(app: Flask) -> None:
    """Switch the site's loggers to JSON and log each request, when JSON_LOGS is on."""
    handler = next(iter(logging.getLogger("complaints").handlers), None)
    if not app.config.get("JSON_LOGS"):
        return
    if handler is not None:
        handler.setFormatter(JsonFormatter())
    # First of the before-request functions, so the id is there for everything logged after.
    app.before_request_funcs.setdefault(None, []).insert(0, _start)
    app.after_request(_finish)
