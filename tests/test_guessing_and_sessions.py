"""Ids in URLs cannot be guessed into other people's data, and a session planted before
signing in is not the one signed in.

Every id of every kind the site shows in a URL is walked, from 1 to past the last one, by each
person who has no business with the data; the pages answer 403 or 404 (or show the public
version) and never contain the private text.
"""

from __future__ import annotations

import json

from sqlalchemy import func, select

from complaints.accounts.models import User
from complaints.cases.models import Complaint
from complaints.cases.workflow import Status
from complaints.companies.models import Company
from complaints.evidence.models import Attachment
from complaints.extensions import db
from complaints.threads import services as threads
from complaints.threads.models import ContactEntry, PrivateMessage, Reply
from complaints.threads.services import ContactDraft
from complaints.webcare import services as webcare
from complaints.webcare.models import Claim
from tests.builders import (
    PASSWORD,
    PDF,
    attach,
    csrf_token,
    exported,
    make_complaint,
    post_form,
    signed_in,
)
from tests.test_access import world  # noqa: F401 - the fixture with a user in every role

SECRET_MESSAGE = "Mijn klantnummer staat in de bijlage, geheim-bericht-7731"
SECRET_TICKET = "TICKET-GEHEIM-4410"
SECRET_TITLE = "Ingetrokken klacht over het modem, geheim-titel-5521"
CLAIM_NAME = "Claimer Geheimnaam"


def _private_world(app, world):  # noqa: F811
    """A private message and a ticket number on the published complaint, a withdrawn
    complaint, and a claim waiting for a moderator."""
    users = world["users"]
    with app.test_request_context():
        published = db.session.get(Complaint, world["published"])
        threads.send_private_message(db.session.get(User, users["representative"].id), published,
                                     SECRET_MESSAGE)
        threads.log_contact(db.session.get(User, users["author"].id),
                            db.session.get(Complaint, world["published"]),
                            ContactDraft(contacted_on=published.submitted_at.date(),
                                         channel="phone", minutes_waited=5, reached_human=True,
                                         ticket_number=SECRET_TICKET))
        withdrawn = make_complaint(users["author"], title=SECRET_TITLE, status=Status.WITHDRAWN)
        # Files whose bytes hold a secret: on the withdrawn complaint and with a message.
        secret_pdf = PDF.replace(b"%%EOF", f"% {SECRET_MESSAGE}\n%%EOF".encode())
        attach(withdrawn, users["author"], secret_pdf)
        attach(published, users["author"], secret_pdf)
        company = db.session.scalar(select(Company).where(Company.slug == world["company"]))
        claim = webcare.start_claim(db.session.get(User, users["consumer"].id), company,
                                    name=CLAIM_NAME, job_title="Teamleider",
                                    work_email="claimer@belnet.nl")
        db.session.commit()
        top = {model: db.session.scalar(select(func.max(model.id))) or 0
               for model in (Complaint, Reply, PrivateMessage, ContactEntry, Claim, User,
                             Attachment)}
        return withdrawn.id, claim.id, top


def test_ids_of_others_data_lead_nowhere(app, world, figures):  # noqa: F811
    withdrawn, _, top = _private_world(app, world)
    users = world["users"]
    secrets = [SECRET_MESSAGE, SECRET_TICKET, SECRET_TITLE, CLAIM_NAME, users["author"].email]
    paths = []
    for number in range(1, top[Complaint] + 3):
        paths += [f"/complaints/{number}", f"/complaints/{number}/private",
                  f"/complaints/{number}/edit", f"/moderation/complaints/{number}/edit",
                  f"/complaints/{number}/flag"]
    for number in range(1, top[Reply] + 3):
        paths += [f"/replies/{number}/flag", f"/moderation/replies/{number}/remove"]
    for number in range(1, top[User] + 3):
        paths.append(f"/moderation/users/{number}")
    for number in range(1, top[Attachment] + 3):  # every file, under each complaint
        paths += [f"/complaints/{complaint}/attachments/{number}"
                  for complaint in (world["published"], world["pending"], withdrawn)]
    paths += ["/moderation/claims", "/moderation", "/moderation/flags", "/moderation/images",
              "/account/export"]
    checked = 0
    for role in ("anonymous", "consumer", "other_rep", "banned", "unverified"):
        client = app.test_client() if role == "anonymous" else signed_in(app, users[role].email)
        for path in paths:
            response = client.get(path)
            text = (json.dumps(exported(response), ensure_ascii=False)
                    if path == "/account/export" and response.status_code == 200
                    else response.get_data().decode("utf-8", "replace"))
            leaked = [secret for secret in secrets if secret in text]
            if role == "consumer" and path == "/account/export":
                leaked = [s for s in leaked if s != CLAIM_NAME]  # their own claim
            assert not leaked, (role, path, leaked)
            if path == f"/complaints/{withdrawn}":
                assert response.status_code in (404, 410), (role, path)
            if "/moderation" in path or path.endswith(("/private", "/edit")):
                assert response.status_code in (302, 403, 404), (role, path,
                                                                 response.status_code)
            checked += 1
    assert checked > 200
    figures(f"id guessing: {checked} requests for others' data by 5 roles, none leaked")


def test_claim_actions_by_id_need_a_moderator(app, world):  # noqa: F811
    _, claim, _ = _private_world(app, world)
    for role in ("consumer", "representative", "other_rep", "author"):
        client = signed_in(app, world["users"][role].email)
        page = client.get("/moderation/claims").get_data(as_text=True)
        token = csrf_token(client, "/account")
        for action in ("approve", "refuse"):
            response = client.post(f"/moderation/claims/{claim}/{action}",
                                   data={"csrf_token": token, "reason": "nee"})
            assert response.status_code == 403, (role, action)
        assert CLAIM_NAME not in page
    with app.app_context():
        assert db.session.get(Claim, claim).decided_at is None


def test_signing_in_starts_a_new_session(app, world):  # noqa: F811
    """A session cookie planted before sign-in (session fixation) is not the signed-in one:
    what it held is gone, and replaying it later signs no one in."""
    client = app.test_client()
    client.get("/auth/login")
    with client.session_transaction() as session:
        session["planted"] = "by someone else"
    planted = client.get_cookie("session").value
    assert post_form(client, "/auth/login", {"email": world["users"]["consumer"].email,
                                             "password": PASSWORD}).status_code == 303
    with client.session_transaction() as session:
        assert "planted" not in session
    assert client.get_cookie("session").value != planted
    replay = app.test_client()
    replay.set_cookie("session", planted)
    assert replay.get("/account").status_code == 302  # still signed out: off to the log-in


def test_signing_out_ends_the_copied_session_too(app, world):  # noqa: F811
    client = signed_in(app, world["users"]["consumer"].email)
    copied = client.get_cookie("session").value
    assert post_form(client, "/auth/logout", {}).status_code == 303
    thief = app.test_client()
    thief.set_cookie("session", copied)
    response = thief.get("/account")
    assert response.status_code == 302, "a session copied before sign-out still works"


def test_cookies_are_http_only_and_same_site(app, world):  # noqa: F811
    client = app.test_client()
    response = post_form(client, "/auth/login", {"email": world["users"]["consumer"].email,
                                                 "password": PASSWORD, "remember": "y"})
    cookies = response.headers.getlist("Set-Cookie")
    assert cookies
    for cookie in cookies:
        assert "HttpOnly" in cookie and "SameSite=Lax" in cookie, cookie


def test_withdrawn_complaint_stays_with_its_author(app, world):  # noqa: F811
    withdrawn, _, _ = _private_world(app, world)
    author = signed_in(app, world["users"]["author"].email)
    assert SECRET_TITLE in author.get(f"/complaints/{withdrawn}").get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Complaint, withdrawn).status == "withdrawn"
