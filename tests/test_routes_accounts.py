"""Account pages through the test client: register, verify, sign in and out, reset, change."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from complaints.accounts.models import User
from complaints.extensions import db
from tests.builders import PASSWORD, csrf_token, post_form


def _users(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(User))


def test_register_verify_and_reach_the_complaint_form(app, client, mailbox):
    assert client.get("/auth/register").status_code == 200
    response = post_form(client, "/auth/register", {
        "email": "Nieuw@Example.nl", "display_name": "Nieuwe Klant", "password": PASSWORD})
    assert response.status_code == 303 and response.location.endswith("/auth/check-mail")
    page = client.get("/auth/check-mail").get_data(as_text=True)
    assert "Nieuw@Example.nl" in page
    # Signed in but unverified: the form explains what to do, with status 403.
    assert client.get("/complaints/new").status_code == 403
    link = mailbox.link(mailbox.last_to("nieuw@example.nl"), "/auth/verify/")
    response = client.get(link.replace("http://localhost", ""))
    assert response.status_code == 302 and response.location.endswith("/complaints/new")
    assert client.get("/complaints/new").status_code == 200


def test_verify_link_when_signed_out_leads_to_sign_in(client, mailbox, unverified, app):
    with app.test_request_context():
        from complaints.accounts.services import resend_verification

        resend_verification(db.session.get(User, unverified.id))
    link = mailbox.link(mailbox.last_to(unverified.email), "/auth/verify/")
    response = client.get(link.replace("http://localhost", ""))
    assert response.status_code == 302 and "/auth/login" in response.location


def test_broken_verify_link_is_a_400_page(client):
    response = client.get("/auth/verify/not-a-token")
    assert response.status_code == 400
    assert "link" in response.get_data(as_text=True).lower()


@pytest.mark.parametrize(("data", "field_message"), [
    ({"email": "", "display_name": "Iemand", "password": PASSWORD}, "e-mail"),
    ({"email": "geen-adres", "display_name": "Iemand", "password": PASSWORD}, "e-mail"),
    ({"email": "a@example.nl", "display_name": "", "password": PASSWORD}, "display name"),
    ({"email": "a@example.nl", "display_name": "x" * 61, "password": PASSWORD}, "display name"),
    ({"email": "a@example.nl", "display_name": "me@example.nl", "password": PASSWORD},
     "display name"),
    ({"email": "a@example.nl", "display_name": "Iemand", "password": "kort"}, "password"),
    ({"email": "a@example.nl", "display_name": "Iemand", "password": "x" * 129}, "password"),
    ({"email": "a@" + "b" * 260 + ".nl", "display_name": "Iemand", "password": PASSWORD}, "e-mail"),
    ({"email": "a@example.nl", "display_name": "Tab\tin naam", "password": PASSWORD},
     "letters"),
])
def test_register_bad_input_is_refused_with_a_message(app, client, data, field_message):
    client.get("/", headers={"Accept-Language": "en"})
    post_form(client, "/language", {"lang": "en", "next": "/"})
    response = post_form(client, "/auth/register", data)
    assert response.status_code == 422
    assert field_message in response.get_data(as_text=True).lower()
    assert _users(app) == 0


def test_register_without_csrf_token_is_refused(app, client):
    response = client.post("/auth/register", data={
        "email": "a@example.nl", "display_name": "Iemand", "password": PASSWORD})
    assert response.status_code == 400
    assert _users(app) == 0


def test_register_with_taken_address_looks_the_same(app, client, mailbox, consumer):
    response = post_form(client, "/auth/register", {
        "email": consumer.email, "display_name": "Dubbel", "password": PASSWORD})
    assert response.status_code == 303 and response.location.endswith("/auth/check-mail")
    assert _users(app) == 1
    assert len(mailbox.to(consumer.email)) == 1


def test_login_and_logout(client, login, consumer):
    login(consumer)
    assert client.get("/account").status_code == 200
    response = post_form(client, "/auth/logout", {})
    assert response.status_code == 303
    assert client.get("/account").status_code == 302


def test_login_failure_reads_the_same_for_unknown_address_and_wrong_password(client, consumer):
    wrong = post_form(client, "/auth/login", {"email": consumer.email, "password": "wrong pass"})
    unknown = post_form(client, "/auth/login", {"email": "nobody@example.nl",
                                                "password": PASSWORD})
    assert wrong.status_code == unknown.status_code == 422

    def message(response):
        text = response.get_data(as_text=True)
        return text[text.index('class="error-summary"'):text.index("</div>",
                                                                     text.index("error-summary"))]

    assert message(wrong) == message(unknown)


@pytest.mark.parametrize(("next_url", "expected"), [
    ("/companies", "/companies"),
    ("https://evil.example/", "/account"),
    ("//evil.example/", "/account"),
    ("/\\evil.example", "/account"),
    ("javascript:alert(1)", "/account"),
])
def test_login_next_stays_on_the_site(client, consumer, next_url, expected):
    token = csrf_token(client)
    response = client.post("/auth/login", query_string={"next": next_url},
                           data={"email": consumer.email, "password": PASSWORD,
                                 "csrf_token": token})
    assert response.status_code == 303
    assert response.location == expected


def test_logout_by_get_only_shows_a_confirmation(client, login, consumer):
    login(consumer)
    page = client.get("/auth/logout")
    assert page.status_code == 200 and 'action="/auth/logout"' in page.get_data(as_text=True)
    assert client.get("/account").status_code == 200


def test_logout_post_without_token_is_refused(client, login, consumer):
    login(consumer)
    assert client.post("/auth/logout").status_code == 400
    assert client.get("/account").status_code == 200


def test_password_reset_flow(client, mailbox, consumer):
    response = post_form(client, "/auth/reset", {"email": consumer.email})
    assert response.status_code == 303 and response.location == "/auth/reset/sent"
    link = mailbox.link(mailbox.last_to(consumer.email), "/auth/reset/").replace(
        "http://localhost", "")
    assert client.get(link).status_code == 200
    response = post_form(client, link, {"password": "een nieuw wachtwoord"}, form_url=link)
    assert response.status_code == 303 and response.location == "/account"
    assert client.get(link).status_code == 400  # used once


def test_reset_for_unknown_address_answers_the_same(client, mailbox, consumer):
    known = post_form(client, "/auth/reset", {"email": consumer.email},
                      follow_redirects=True).get_data(as_text=True)
    unknown = post_form(client, "/auth/reset", {"email": "x@example.nl"},
                        follow_redirects=True).get_data(as_text=True)
    strip = lambda page: page.split('name="csrf_token"')[0]  # noqa: E731
    assert strip(known) == strip(unknown)
    assert mailbox.to("x@example.nl") == []


def test_change_password_signs_out_other_sessions(app, client, login, consumer):
    login(consumer)
    other = app.test_client()
    post_form(other, "/auth/login", {"email": consumer.email, "password": PASSWORD})
    assert other.get("/account").status_code == 200
    response = post_form(client, "/account/password", {
        "current_password": PASSWORD, "new_password": "een nieuw wachtwoord"})
    assert response.status_code == 303
    assert client.get("/account").status_code == 200
    assert other.get("/account").status_code == 302


def test_change_password_with_wrong_current_password(client, login, consumer):
    login(consumer)
    response = post_form(client, "/account/password", {
        "current_password": "niet goed", "new_password": "een nieuw wachtwoord"})
    assert response.status_code == 422


def test_account_lists_own_complaints_with_status(client, login, consumer, other_consumer,
                                                  company, app):
    from tests.builders import make_complaint

    with app.test_request_context():
        make_complaint(consumer, company, title="Mijn eigen klacht over de storing")
        make_complaint(other_consumer, company, title="Klacht van iemand anders hier")
    login(consumer)
    page = client.get("/account").get_data(as_text=True)
    assert "Mijn eigen klacht over de storing" in page
    assert "Klacht van iemand anders hier" not in page
    assert "Wacht op moderatie" in page or "Waiting for moderation" in page


def test_resend_verification(client, login, unverified, mailbox):
    login(unverified)
    response = post_form(client, "/account/resend-verification", {})
    assert response.status_code == 303
    assert mailbox.to(unverified.email)


def test_login_attempts_are_rate_limited(limited_app, consumer):
    client = limited_app.test_client()
    statuses = []
    for _ in range(12):
        statuses.append(post_form(client, "/auth/login", {"email": consumer.email,
                                                          "password": "wrong password"}
                                  ).status_code)
    assert statuses[:10] == [422] * 10
    assert statuses[-1] == 429
    assert client.get("/auth/login").status_code == 200  # looking at the form is not limited


def test_registrations_are_rate_limited(limited_app):
    client = limited_app.test_client()
    statuses = [
        post_form(client, "/auth/register", {"email": f"n{i}@example.nl", "display_name": "Nieuw",
                                             "password": PASSWORD}).status_code
        for i in range(11)
    ]
    # The first signs up (and in); the others, signed in, are sent to their account.
    assert statuses[:10] == [303] + [302] * 9 and statuses[10] == 429


# --- writing a complaint before signing in ---------------------------------------------------

DRAFT = {
    "company": "Belnet Mobiel",
    "title": "Zeven keer gebeld over dezelfde storing",
    "body": "Sinds maart valt mijn internet elke avond uit. " * 40,
    "category": "outage",
    "contacts_before": "7",
    "first_contact_on": "2026-03-02",
    "desired_outcome": "Een werkende verbinding en excuses.",
}


def _write_anonymously(client):
    page = client.get("/complaints/new")
    assert page.status_code == 200  # the form, not a bare "log in to continue"
    text = page.get_data(as_text=True)
    assert 'name="body"' in text and "Ga verder: log in of maak een account" in text
    response = post_form(client, "/complaints/new", DRAFT)
    assert response.status_code == 303
    assert response.location.endswith("/auth/login?next=/complaints/new")
    page = client.get(response.location).get_data(as_text=True)
    assert "Je klacht is bewaard" in page
    # Registering is as prominent as signing in: both are buttons.
    assert '<a class="button" href="/auth/register">Maak een account aan</a>' in page
    return response.location


def _assert_filled_in(client):
    page = client.get("/complaints/new").get_data(as_text=True)
    assert "woord voor woord" in page
    assert DRAFT["body"].strip() in page and 'value="Zeven keer gebeld' in page
    assert 'value="outage" selected' in page or 'selected value="outage"' in page
    assert 'value="2026-03-02"' in page


def test_a_visitor_writes_first_and_signs_in_at_the_end(app, client, consumer, company):
    login_url = _write_anonymously(client)
    response = post_form(client, login_url, {"email": consumer.email, "password": PASSWORD})
    assert response.status_code == 303 and response.location.endswith("/complaints/new")
    _assert_filled_in(client)
    response = post_form(client, "/complaints/new", DRAFT)
    assert response.status_code == 303 and "/complaints/" in response.location
    with app.app_context():
        from complaints.cases.models import Complaint
        complaint = db.session.scalar(select(Complaint))
        assert complaint.title == DRAFT["title"] and complaint.author_id == consumer.id
    # Sent: the draft is gone.
    assert "woord voor woord" not in client.get("/complaints/new").get_data(as_text=True)


def test_a_visitor_writes_first_then_registers_and_verifies(app, client, mailbox, company):
    _write_anonymously(client)
    page = client.get("/auth/register").get_data(as_text=True)
    assert "Je klacht is bewaard" in page
    post_form(client, "/auth/register", {
        "email": "nieuw@example.nl", "display_name": "Nieuwe Klant", "password": PASSWORD})
    # Not confirmed yet: the form says so, and that the draft waits.
    response = client.get("/complaints/new")
    assert response.status_code == 403
    assert "Je klacht is bewaard" in response.get_data(as_text=True)
    link = mailbox.link(mailbox.last_to("nieuw@example.nl"), "/auth/verify/")
    response = client.get(link.replace("http://localhost", ""))
    assert response.location.endswith("/complaints/new")
    _assert_filled_in(client)


def test_signing_out_drops_a_draft_and_a_bad_draft_is_not_kept(app, client, company):
    response = post_form(client, "/complaints/new", {**DRAFT, "title": "kort"})
    assert response.status_code == 422
    assert "draft:complaint" not in _session(client)
    _write_anonymously(client)
    client.post("/auth/logout", data={"csrf_token": csrf_token(client)})
    assert "woord voor woord" not in client.get("/complaints/new").get_data(as_text=True)


def _session(client) -> dict:
    with client.session_transaction() as session:
        return dict(session)
