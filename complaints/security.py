"""HTTP security headers on every response, through Flask-Talisman.

The pages use no inline script or style (every script and the style sheet are files under
/static), so the Content-Security-Policy allows only this site's own files: an injected
`<script>` or `style=` that got past the sanitizer would still not run. Nobody may frame the
site (clickjacking on the moderation and webcare buttons). HSTS is sent in production, and
only on HTTPS requests (behind nginx with TRUSTED_PROXIES set, X-Forwarded-Proto says so).
The redirect from HTTP to HTTPS is nginx's job (docs/deploy.md), so health checks over plain
HTTP on the private network keep working.
"""

from __future__ import annotations

from flask import Flask
from flask_talisman import Talisman

CONTENT_SECURITY_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self'",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'none'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}

# Features no page of the site uses; a script that slipped in cannot ask for them.
PERMISSIONS_POLICY = {
    "browsing-topics": "()",
    "camera": "()",
    "geolocation": "()",
    "microphone": "()",
    "payment": "()",
    "interest-cohort": "()",
}

talisman = Talisman()


def init_app(app: Flask) -> None:
    talisman.init_app(
        app,
        force_https=False,
        strict_transport_security=app.config["HSTS_ENABLED"],
        strict_transport_security_max_age=app.config["HSTS_SECONDS"],
        strict_transport_security_include_subdomains=True,
        strict_transport_security_preload=False,
        content_security_policy=CONTENT_SECURITY_POLICY,
        frame_options="DENY",
        referrer_policy="strict-origin-when-cross-origin",
        permissions_policy=PERMISSIONS_POLICY,
        # Talisman would set the cookie flags itself; they stay as config.py has them.
        session_cookie_secure=app.config["SESSION_COOKIE_SECURE"],
        session_cookie_http_only=app.config["SESSION_COOKIE_HTTPONLY"],
        session_cookie_samesite=app.config["SESSION_COOKIE_SAMESITE"],
    )
