"""Malformed requests over the whole URL map: wrong methods, ids that are not ids, bad UTF-8,
path tricks, missing and doubled fields, huge bodies. A clear 4xx every time, never a 500,
and nothing saved from a refused request."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import MethodNotAllowed

from complaints.cases.models import Complaint
from complaints.extensions import db
from complaints.threads.models import Reply
from tests.builders import PASSWORD, csrf_token, post_form
from tests.test_access import world  # noqa: F401 - the fixture with a user in every role

ARGUMENT = re.compile(r"<(?:(\w+):)?(\w+)>")
BAD_IDS = ["abc", "0", "-1", "99999999999", "1.5", "1e3", "%00", "%20", "0x1f", "1;2"]
EXOTIC_METHODS = ["PUT", "DELETE", "PATCH", "TRACE", "PROPFIND"]
JUNK_FIELDS = ["title", "body", "company", "category", "contacts_before", "reason",
               "public_reason", "email", "password", "new_password", "display_name", "q",
               "rating", "channel", "contacted_on", "name", "job_title", "work_email",
               "domains", "description", "version_id", "mode", "keep_complaints", "sector",
               "target", "answer", "locale", "next"]


def _rules(app):
    return [rule for rule in app.url_map.iter_rules() if rule.endpoint != "static"]


def _path(rule, world, id_value=None) -> str:  # noqa: F811 - the fixture's value
    def fill(match: re.Match) -> str:
        converter, name = match.groups()
        if converter == "id":
            if id_value is not None:
                return id_value
            return str({"complaint_id": world["published"], "reply_id": world["reply"],
                        "user_id": world["author_id"]}.get(name, 1))
        if name == "slug":
            return world["company"]
        return "not-a-token"
    return ARGUMENT.sub(fill, rule.rule)


def _admin(app, world):  # noqa: F811
    client = app.test_client()
    assert post_form(client, "/auth/login", {"email": world["users"]["admin"].email,
                                             "password": PASSWORD}).status_code == 303
    return client


def _counts(app):
    with app.app_context():
        counts = (db.session.scalar(select(func.count()).select_from(Complaint)),
                  db.session.scalar(select(func.count()).select_from(Reply)))
        db.session.remove()
        return counts


def test_methods_no_route_takes_are_405(app, world):  # noqa: F811
    client = _admin(app, world)
    checked = 0
    for rule in _rules(app):
        path = _path(rule, world)
        for method in EXOTIC_METHODS + [m for m in ("GET", "POST") if m not in rule.methods]:
            adapter = app.url_map.bind("localhost")
            try:
                adapter.match(path, method=method)
            except MethodNotAllowed:
                pass  # what this test is about
            else:
                continue  # another rule on the same path takes this method
            response = client.open(path, method=method)
            assert response.status_code == 405, (method, path)
            checked += 1
    assert checked > 200


def test_ids_that_are_not_ids_are_404_for_every_route(app, world):  # noqa: F811
    client = _admin(app, world)
    token = csrf_token(client, "/")
    before = _counts(app)
    for rule in _rules(app):
        if "<id:" not in rule.rule:
            continue
        for bad in BAD_IDS:
            path = _path(rule, world, id_value=bad)
            method = "GET" if "GET" in rule.methods else "POST"
            response = client.open(path, method=method, data={"csrf_token": token})
            assert response.status_code == 404, (method, path, response.status_code)
    assert _counts(app) == before


def test_ids_that_name_nothing_are_404(app, world):  # noqa: F811
    client = _admin(app, world)
    for rule in _rules(app):
        if "<id:" in rule.rule and "GET" in rule.methods:
            path = _path(rule, world, id_value="2147483000")
            # The answer link checks its signed token first: a link without one is a 400.
            # A company's API endpoints ask for their token before anything else: 401. A
            # webhook's log is the company owner's: the admin is refused before any look-up.
            expected = ((400, 404) if rule.endpoint == "threads.answer" else
                        (401,) if rule.endpoint.startswith("api_company.") else
                        (403,) if rule.endpoint.startswith("webhooks.") else (404,))
            assert client.get(path).status_code in expected, path


@pytest.mark.parametrize("query", [
    "q=%ff%fe%fd", "q=%c3%28", "q=%ed%a0%80", "page=%ff", "page=-1", "page=99999999999999",
    "page=1e9", "window=%00", "sector=%ff&category=%c0%af", "next=%ff", "q=" + "a" * 20000,
    "q=%00%00", "q[]=1&q[]=2", "q=1&q=2&q=3",
])
def test_bad_query_strings_never_fail(app, world, query):  # noqa: F811
    client = _admin(app, world)
    for rule in _rules(app):
        if "GET" in rule.methods:
            path = _path(rule, world)
            with client.get(f"{path}?{query}") as response:  # closes streamed downloads
                assert response.status_code < 500, (path, query, response.status_code)


@pytest.mark.parametrize("path", [
    "/static/../app.py", "/static/%2e%2e/app.py", "/static/..%2fapp.py", "/static/%2e%2e%2fapp.py",
    "/static/css/../../app.py", "/static//etc/passwd", "/static/%00", "/static/css/site.css%00",
    "/companies/%ff%fe", "/companies/..%2f..%2fetc%2fpasswd", "/complaints/1/../../etc/passwd",
    "/%2e%2e/%2e%2e/etc/passwd", "//evil.example/", "/\\evil.example", "/complaints//1",
    "/auth/reset/%ff", "/invitations/" + "x" * 5000, "/companies/" + "%e2%80%ae" * 50,
    "/search?q=%3Cscript%3E", "/auth/login?next=//evil.example", "/instance/secret_key",
    "/.env", "/.git/config", "/migrations/env.py",
])
def test_path_tricks_are_refused_without_leaking_files(client, path):
    response = client.get(path)
    assert response.status_code < 500
    body = response.get_data()
    assert b"import" not in body or path.startswith("/search")  # no source file served
    assert b"root:x:" not in body
    assert b"[core]" not in body


def test_missing_and_doubled_fields_on_every_form(app, world):  # noqa: F811
    """Every POST route, as an admin (who gets furthest), with no fields, then with every
    field of the site sent twice with junk: a page or a redirect, never a 500, and no
    complaint or reply saved from junk."""
    client = _admin(app, world)
    before = _counts(app)
    for rule in _rules(app):
        if "POST" not in rule.methods:
            continue
        path = _path(rule, world)
        token = csrf_token(client, "/")
        empty = client.post(path, data={"csrf_token": token})
        assert empty.status_code < 500, ("empty", path, empty.status_code)
        doubled = [("csrf_token", token), ("csrf_token", "forged")]
        for name in JUNK_FIELDS:
            doubled += [(name, "\u202e\ufeff<b>x</b>"), (name, "%s" * 40)]
        response = client.post(path, data=MultiDict(doubled))
        assert response.status_code < 500, ("doubled", path, response.status_code)
        if path.startswith("/auth/logout"):
            client = _admin(app, world)
    assert _counts(app)[0] == before[0]


def test_posts_without_a_csrf_token_are_400_everywhere(app, world):  # noqa: F811
    client = _admin(app, world)
    before = _counts(app)
    for rule in _rules(app):
        if "POST" in rule.methods:
            response = client.post(_path(rule, world), data={"body": "Zonder token verstuurd."})
            # The API takes no cookies and so needs no CSRF token: without a bearer token a
            # POST there is a 401.
            expected = 401 if rule.rule.startswith("/api/") else 400
            assert response.status_code == expected, rule.rule
    assert _counts(app) == before


@pytest.mark.parametrize("path", ["/complaints/new", "/auth/login", "/auth/register",
                                  "/complaints/{published}/replies",
                                  "/complaints/{published}/flag"])
def test_huge_bodies_are_413(app, world, path):  # noqa: F811
    client = _admin(app, world)
    token = csrf_token(client, "/")
    before = _counts(app)
    url = path.format(published=world["published"])
    response = client.post(url, data={"csrf_token": token, "body": "x" * (2 * 1024 * 1024)})
    assert response.status_code == 413, url
    assert _counts(app) == before


def test_bad_utf8_in_a_form_body_is_kept_as_its_percent_codes(app, world):  # noqa: F811
    """Bytes that are not UTF-8 are not an error: the form reads them as the text "%FF", so
    the complaint is submitted (for moderation) with those codes where the bytes were."""
    client = _admin(app, world)
    token = csrf_token(client, "/complaints/new")
    before = _counts(app)
    body = (f"csrf_token={token}&company=Belnet+Mobiel&title=%ff%fe%fd+titel+van+een+klacht"
            "&body=" + "%c3%28" * 40 + "&category=outage&contacts_before=1").encode()
    response = client.post("/complaints/new", data=body,
                           content_type="application/x-www-form-urlencoded")
    assert response.status_code == 303
    assert _counts(app) == (before[0] + 1, before[1])
    with app.app_context():
        complaint = db.session.scalar(select(Complaint).order_by(Complaint.id.desc()))
        assert response.headers["Location"] == f"/complaints/{complaint.id}"
        assert complaint.title == "%FF%FE%FD titel van een klacht"
        assert complaint.body_source == "%C3(" * 40
        db.session.remove()


def test_a_json_body_where_a_form_is_expected_is_refused(app, world):  # noqa: F811
    client = _admin(app, world)
    response = client.post("/complaints/new", json={"title": "x"})
    assert response.status_code == 400


def test_bad_content_length_is_a_4xx(app, world):  # noqa: F811
    client = _admin(app, world)
    response = client.post("/auth/login", data=b"email=x", headers={"Content-Length": "abc"},
                           content_type="application/x-www-form-urlencoded")
    assert 400 <= response.status_code < 500
