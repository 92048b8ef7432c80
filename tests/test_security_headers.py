"""Security headers on every kind of response: pages, forms, errors, feeds, files, JSON."""

from __future__ import annotations

import pytest

from complaints import create_app
from complaints.cases.workflow import Status
from complaints.config import ProductionConfig
from complaints.security import CONTENT_SECURITY_POLICY
from tests.builders import make_complaint


def _policy(header: str) -> dict[str, str]:
    directives = (part.strip() for part in header.split(";") if part.strip())
    return {name: value for name, _, value in (d.partition(" ") for d in directives)}


def _assert_secure_headers(response) -> None:
    policy = _policy(response.headers["Content-Security-Policy"])
    assert policy["default-src"] == "'self'"
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["object-src"] == "'none'"
    assert policy["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"]
    assert "unsafe-eval" not in response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "camera=()" in response.headers["Permissions-Policy"]


@pytest.fixture
def published(ctx, consumer, company, moderator):
    return make_complaint(consumer, company, status=Status.OPEN)


@pytest.mark.parametrize("path", [
    "/", "/complaints", "/companies", "/rankings", "/rankings.csv", "/search?q=storing",
    "/auth/login", "/auth/register", "/healthz", "/feeds/complaints.atom", "/robots.txt",
    "/sitemap.xml", "/static/css/site.css", "/open-data", "/does-not-exist",
    "/complaints/999999", "/language",
])
def test_every_kind_of_response_has_the_headers(client, path):
    response = client.get(path)
    assert response.status_code < 500
    _assert_secure_headers(response)


def test_complaint_and_company_pages_have_the_headers(client, published, company):
    for path in (f"/complaints/{published.id}", f"/companies/{company.slug}",
                 f"/companies/{company.slug}/feed.atom"):
        response = client.get(path)
        assert response.status_code == 200, path
        _assert_secure_headers(response)


def test_pages_signed_in_and_form_errors_have_the_headers(client, login, consumer):
    login(consumer)
    _assert_secure_headers(client.get("/account"))
    _assert_secure_headers(client.get("/complaints/new"))
    refused = client.post("/complaints/new", data={"title": "x"})  # no CSRF token
    assert refused.status_code == 400
    _assert_secure_headers(refused)


def test_policy_is_the_one_the_module_declares(client):
    policy = _policy(client.get("/").headers["Content-Security-Policy"])
    assert policy == CONTENT_SECURITY_POLICY


def test_no_hsts_outside_production(client):
    response = client.get("/", base_url="https://localhost")
    assert "Strict-Transport-Security" not in response.headers


def test_production_sends_hsts_on_https_and_secure_cookies():
    class WithSecret(ProductionConfig):
        SECRET_KEY = "x" * 32
        SQLALCHEMY_DATABASE_URI = "sqlite://"
        PAGE_CACHE = "off"
        RATELIMIT_ENABLED = False  # the limiter is one object: do not switch it on for all

    app = create_app(WithSecret)
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["REMEMBER_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"
    client = app.test_client()
    secure = client.get("/healthz", base_url="https://helpdeskhel.test")
    assert "max-age=31536000" in secure.headers["Strict-Transport-Security"]
    assert "includeSubDomains" in secure.headers["Strict-Transport-Security"]
    plain = client.get("/healthz", base_url="http://helpdeskhel.test")
    assert "Strict-Transport-Security" not in plain.headers
    assert plain.status_code != 302  # nginx redirects to HTTPS, the app does not
