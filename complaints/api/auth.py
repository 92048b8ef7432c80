"""Who calls the API: a personal access token in `Authorization: Bearer …`, or nobody.

The API takes no session cookies: `SessionsOutsideApi` neither reads nor writes the session
under /api/, and `identify` puts the token's person (or a visitor) in Flask-Login's place
before anything asks who is signed in. So a browser that is signed in on the site is a
visitor to the API, a page elsewhere cannot use someone's session against it, and the API
needs no CSRF token.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import wraps

from flask import Flask, g, request
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface
from flask_login import AnonymousUserMixin

from complaints.api import tokens
from complaints.api.models import ApiToken, Scope
from complaints.api.problems import Kind, Problem
from complaints.extensions import limiter, rate_limit_key
from complaints.formats import lazy_gettext as _l

API_PATH = "/api/"
CHALLENGE = {"WWW-Authenticate": 'Bearer realm="helpdeskhel"'}

# Limits of the API: per token for a company's endpoints, per client address without one.
TOKEN_READS = "120 per minute;3000 per hour"  # noqa: S105 - limits, not secrets
TOKEN_WRITES = "30 per minute;600 per hour"  # noqa: S105
PUBLIC_READS = "120 per minute"


def is_api_request() -> bool:
    return request.path.startswith(API_PATH)


class SessionsOutsideApi(SecureCookieSessionInterface):
    """The site's cookie sessions, everywhere but the API."""

    def open_session(self, app, request):
        if request.path.startswith(API_PATH):
            return SecureCookieSession()
        return super().open_session(app, request)

    def save_session(self, app, session, response) -> None:
        if request.path.startswith(API_PATH):
            return
        super().save_session(app, session, response)


def current_token() -> ApiToken | None:
    """The working token the request carries (looked up once per request); None without one.
    A token that does not work (unknown, revoked, its person gone from the team) is a 401."""
    if "api_token" not in g:
        g.api_token = None
        header = request.headers.get("Authorization", "")
        scheme, _, secret = header.partition(" ")
        if header:
            if scheme.lower() != "bearer" or not secret.strip():
                raise Problem(401, Kind.UNAUTHORIZED,
                              _l("Send the token as: Authorization: Bearer hdh_…"),
                              headers=CHALLENGE)
            token = tokens.authenticate(secret.strip())
            if token is None:
                raise Problem(401, Kind.UNAUTHORIZED,
                              _l("This token is unknown or no longer works (revoked, or its "
                                 "person left the team)."), headers=CHALLENGE)
            g.api_token = token
    return g.api_token


def identify() -> None:
    """Before anything else in an API request: the token's person, or a visitor, is who is
    signed in (Flask-Login reads `g._login_user` and never looks at cookies then)."""
    if not is_api_request():
        return
    g._login_user = AnonymousUserMixin()
    token = current_token()
    if token is not None:
        g._login_user = token.user


def requires_token(scope: Scope) -> Callable:
    """The view needs a working token with `scope` (write includes read)."""

    def decorator(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            token = current_token()
            if token is None:
                raise Problem(401, Kind.UNAUTHORIZED,
                              _l("This needs a personal access token: Authorization: Bearer "
                                 "hdh_…"), headers=CHALLENGE)
            if not token.allows(scope):
                raise Problem(403, Kind.INSUFFICIENT_SCOPE,
                              _l("This token may only read. Make a token with read and write "
                                 "on the team page."))
            return view(*args, **kwargs)

        return wrapper

    return decorator


def limit_key() -> str:
    token = current_token()
    return f"api-token:{token.id}" if token is not None else f"api-address:{rate_limit_key()}"


def limited(limit: str) -> Callable:
    """The view counts against `limit` together with every other API view of the same limit,
    per token (per address without one): 120 public reads a minute are 120 in all, not 120
    on each endpoint."""
    return limiter.shared_limit(limit, scope=f"api {limit}", key_func=limit_key)


def rate_limit_headers(response):
    """`RateLimit-Limit`, `-Remaining`, `-Reset` (seconds) and `-Policy` of the limit nearest
    to running out, as the IETF draft on rate-limit headers has them."""
    if not is_api_request():
        return response
    # Titles, details and labels follow Accept-Language (the page cache keys on the language).
    response.vary.add("Accept-Language")
    try:
        current = limiter.current_limit
    except Exception:  # no limit applied (limits off, or an error before the view)
        current = None
    if current is None:
        return response
    window = current.limit.get_expiry()
    response.headers["RateLimit-Limit"] = str(current.limit.amount)
    response.headers["RateLimit-Remaining"] = str(max(current.remaining, 0))
    response.headers["RateLimit-Reset"] = str(max(int(current.reset_at - time.time()), 0))
    response.headers["RateLimit-Policy"] = f"{current.limit.amount};w={window}"
    return response


def init_app(app: Flask) -> None:
    app.session_interface = SessionsOutsideApi()
    # First of all before-request functions: the limiter's check already asks for the key.
    app.before_request_funcs.setdefault(None, []).insert(0, identify)
    app.after_request(rate_limit_headers)
