"""Who may open what: every route of the URL map, for every role, with the expected status.

Adding a route without adding it to ROUTES fails `test_every_route_is_in_the_table`.
"""

from __future__ import annotations

import pytest

from complaints.cases.workflow import Status
from tests.builders import make_complaint, make_user, post_form

ROLES = ["anonymous", "unverified", "consumer", "author", "moderator", "admin"]


def _expect(anonymous, unverified, consumer, author, moderator, admin):
    return dict(zip(ROLES, (anonymous, unverified, consumer, author, moderator, admin),
                    strict=True))


ALL_200 = _expect(200, 200, 200, 200, 200, 200)
SIGNED_IN = _expect(302, 200, 200, 200, 200, 200)
SIGNED_OUT_ONLY = _expect(200, 302, 302, 302, 302, 302)
GET_NOT_ALLOWED = _expect(405, 405, 405, 405, 405, 405)

# endpoint -> (GET path, with {pending}, {published}, {company} filled in; expected statuses)
ROUTES = {
    "pages.home": ("/", ALL_200),
    "pages.healthz": ("/healthz", ALL_200),
    "pages.set_language": ("/language", GET_NOT_ALLOWED),
    "static": ("/static/css/site.css", ALL_200),
    "accounts.register": ("/auth/register", SIGNED_OUT_ONLY),
    "accounts.check_mail": ("/auth/check-mail", ALL_200),
    "accounts.verify_email": ("/auth/verify/not-a-token", _expect(400, 400, 400, 400, 400, 400)),
    "accounts.login": ("/auth/login", SIGNED_OUT_ONLY),
    "accounts.logout": ("/auth/logout", SIGNED_IN),
    "accounts.reset_request": ("/auth/reset", ALL_200),
    "accounts.reset_password": ("/auth/reset/not-a-token", _expect(400, 400, 400, 400, 400, 400)),
    "accounts.account": ("/account", SIGNED_IN),
    "accounts.resend_verification": ("/account/resend-verification", GET_NOT_ALLOWED),
    "accounts.change_password": ("/account/password", SIGNED_IN),
    "cases.index": ("/complaints", ALL_200),
    "cases.new": ("/complaints/new", _expect(302, 403, 200, 200, 200, 200)),
    "cases.show": ("/complaints/{pending}", _expect(404, 404, 404, 200, 200, 200)),
    "cases.edit": ("/complaints/{pending}/edit", _expect(302, 404, 404, 200, 403, 403)),
    "cases.withdraw": ("/complaints/{pending}/withdraw", GET_NOT_ALLOWED),
    "companies.index": ("/companies", ALL_200),
    "companies.suggest": ("/companies/suggest?q=bel", ALL_200),
    "companies.show": ("/companies/{company}", ALL_200),
    "moderation.queue": ("/moderation", _expect(302, 403, 403, 403, 200, 200)),
    "moderation.approve": ("/moderation/complaints/{pending}/approve", GET_NOT_ALLOWED),
    "moderation.reject": ("/moderation/complaints/{pending}/reject", GET_NOT_ALLOWED),
}

# State-changing routes, POSTed with a valid CSRF token: (path, form data, expected statuses).
# 302 for anonymous is the redirect to sign in; for the others it is success.
ACTIONS = {
    "withdraw published": ("/complaints/{published}/withdraw", {},
                           _expect(302, 403, 403, 302, 403, 403)),
    "approve pending": ("/moderation/complaints/{pending}/approve", {},
                        _expect(302, 403, 403, 403, 302, 302)),
    "reject pending": ("/moderation/complaints/{pending}/reject", {"reason": "spam"},
                       _expect(302, 403, 403, 403, 302, 302)),
}


@pytest.fixture
def world(app, company):
    """Users in every role, a pending and a published complaint by 'author'."""
    with app.test_request_context():
        users = {
            "unverified": make_user("u@example.nl", verified=False),
            "consumer": make_user("c@example.nl"),
            "author": make_user("a@example.nl"),
            "moderator": make_user("m@example.nl", role="moderator"),
            "admin": make_user("ad@example.nl", role="admin"),
        }
        pending = make_complaint(users["author"], company).id
        published = make_complaint(users["author"], company, status=Status.OPEN).id
    return {"users": users, "pending": pending, "published": published,
            "company": company.slug}


def _client_as(app, login_user, world, role):
    client = app.test_client()
    if role != "anonymous":
        from tests.builders import PASSWORD

        response = post_form(client, "/auth/login",
                             {"email": world["users"][role].email, "password": PASSWORD})
        assert response.status_code == 302
    return client


def test_every_route_is_in_the_table(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert endpoints == set(ROUTES), "add new routes to ROUTES in tests/test_access.py"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("endpoint", sorted(ROUTES))
def test_route_answers_each_role_as_expected(app, world, endpoint, role):
    path, expected = ROUTES[endpoint]
    client = _client_as(app, None, world, role)
    url = path.format(pending=world["pending"], published=world["published"],
                      company=world["company"])
    response = client.get(url)
    assert response.status_code == expected[role], (endpoint, role, url)
    if response.status_code == 302 and role == "anonymous" and expected is not SIGNED_OUT_ONLY:
        assert "/auth/login" in response.location or endpoint == "accounts.logout"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", sorted(ACTIONS))
def test_action_answers_each_role_as_expected(app, world, action, role):
    path, data, expected = ACTIONS[action]
    client = _client_as(app, None, world, role)
    url = path.format(pending=world["pending"], published=world["published"])
    response = post_form(client, url, data)
    assert response.status_code == expected[role], (action, role)
    if role == "anonymous":
        assert "/auth/login" in response.location
