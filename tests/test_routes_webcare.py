"""The company side through the test client: claiming, the inbox, the profile and the team,
and the moderators' claims queue."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from complaints.accounts.models import User
from complaints.cases.models import Complaint
from complaints.cases.workflow import Status
from complaints.clock import utcnow
from complaints.companies.models import Company
from complaints.extensions import db
from complaints.webcare.models import Claim, ClaimStatus, Representative
from tests.builders import (
    csrf_token,
    make_complaint,
    make_representative,
    make_user,
    post_form,
)

CLAIM = {"name": "Wendy Webcare", "job_title": "Teamleider webcare",
         "work_email": "wendy@belnet-mobiel.nl"}


def _logout(client):
    client.post("/auth/logout", data={"csrf_token": csrf_token(client)})


def test_company_page_invites_a_claim_and_the_link_makes_you_a_representative(
        app, client, login, consumer, company, mailbox):
    page = client.get("/companies/belnet-mobiel").get_data(as_text=True)
    assert 'href="/companies/belnet-mobiel/claim"' in page
    login(consumer)
    assert client.get("/companies/belnet-mobiel/claim").status_code == 200
    response = post_form(client, "/companies/belnet-mobiel/claim", CLAIM)
    assert response.status_code == 303
    assert response.location == "/companies/belnet-mobiel/claim/sent"
    assert "wendy@belnet-mobiel.nl" in client.get(response.location).get_data(as_text=True)
    link = mailbox.link(mailbox.last_to("wendy@belnet-mobiel.nl"), "/claims/confirm/")
    confirmed = client.get("/" + link.split("://", 1)[1].split("/", 1)[1])
    assert confirmed.status_code == 200
    assert "webcare" in confirmed.get_data(as_text=True).lower()
    assert client.get("/webcare/belnet-mobiel").status_code == 200
    # With the claim confirmed, "check your mail" has nothing to say any more.
    assert client.get("/companies/belnet-mobiel/claim/sent").status_code == 302
    company_page = client.get("/companies/belnet-mobiel").get_data(as_text=True)
    assert "geverifieerd" in company_page and "/webcare/belnet-mobiel/profile" in company_page


def test_claim_form_shows_errors_and_saves_nothing(app, client, login, consumer, company):
    login(consumer)
    response = post_form(client, "/companies/belnet-mobiel/claim",
                         {**CLAIM, "work_email": "geen adres", "name": ""})
    assert response.status_code == 422
    with app.app_context():
        assert db.session.scalar(select(Claim)) is None


def test_a_claim_from_webmail_waits_and_a_moderator_approves_it(app, client, login, consumer,
                                                                moderator, company, mailbox):
    login(consumer)
    post_form(client, "/companies/belnet-mobiel/claim", {**CLAIM, "work_email": "w@gmail.com"})
    link = mailbox.link(mailbox.last_to("w@gmail.com"), "/claims/confirm/")
    page = client.get("/" + link.split("://", 1)[1].split("/", 1)[1]).get_data(as_text=True)
    assert "moderator" in page
    assert client.get("/webcare/belnet-mobiel").status_code == 403
    _logout(client)
    login(moderator)
    queue = client.get("/moderation/claims").get_data(as_text=True)
    assert "w@gmail.com" in queue and '<span class="count">1</span>' in queue
    with app.app_context():
        claim_id = db.session.scalar(select(Claim.id))
    assert post_form(client, f"/moderation/claims/{claim_id}/approve", {}).status_code == 303
    again = post_form(client, f"/moderation/claims/{claim_id}/refuse", {"reason": "x"},
                      follow_redirects=True)
    assert "flash--error" in again.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(Claim.status)) == ClaimStatus.APPROVED
        assert db.session.scalar(select(Representative.user_id)) == consumer.id


def test_moderator_refuses_a_claim_with_a_reason(app, client, login, consumer, moderator,
                                                 company, mailbox):
    login(consumer)
    post_form(client, "/companies/belnet-mobiel/claim", {**CLAIM, "work_email": "w@gmail.com"})
    link = mailbox.link(mailbox.last_to("w@gmail.com"), "/claims/confirm/")
    client.get("/" + link.split("://", 1)[1].split("/", 1)[1])
    _logout(client)
    login(moderator)
    with app.app_context():
        claim_id = db.session.scalar(select(Claim.id))
    assert post_form(client, f"/moderation/claims/{claim_id}/refuse",
                     {"reason": ""}).status_code == 303
    with app.app_context():
        assert db.session.scalar(select(Claim.status)) == ClaimStatus.IN_REVIEW
    post_form(client, f"/moderation/claims/{claim_id}/refuse",
              {"reason": "Geen bewijs dat je er werkt.", "ground": "rule:8"})
    mail = mailbox.last_to(consumer.email).get_content()
    assert "Geen bewijs" in mail and "Huisregel 8" in mail and "/appeals/" in mail


def test_claim_links_that_are_bad_get_a_clear_page(client):
    response = client.get("/claims/confirm/not-a-real-token")
    assert response.status_code == 400 and "niet geldig" in response.get_data(as_text=True)


def test_inbox_lists_unresolved_longest_waiting_first_with_the_promise(app, client, login,
                                                                       consumer, moderator,
                                                                       company):
    with app.test_request_context():
        rep = make_representative(make_user("wendy@example.nl"), company)
        row = db.session.get(Company, company.id)
        row.response_promise_hours = 24
        older = make_complaint(consumer, company, status=Status.OPEN,
                               title="Oude klacht die al dagen wacht")
        newer = make_complaint(consumer, company, status=Status.OPEN,
                               title="Nieuwe klacht van vandaag hier")
        resolved = make_complaint(consumer, company, status=Status.RESOLVED,
                                  title="Opgeloste klacht hoort er niet in")
        db.session.get(Complaint, older.id).awaiting_company_since = utcnow() - timedelta(days=3)
        db.session.commit()
        del newer, resolved
    login(User(email="wendy@example.nl"))
    page = client.get("/webcare/belnet-mobiel").get_data(as_text=True)
    assert page.index("Oude klacht") < page.index("Nieuwe klacht")
    assert "Opgeloste klacht" not in page
    assert "later dan beloofd" in page
    only_answered = client.get("/webcare/belnet-mobiel?status=answered").get_data(as_text=True)
    assert "Oude klacht" not in only_answered
    assert client.get("/webcare/belnet-mobiel?status=resolved").status_code == 400
    assert client.get("/webcare/belnet-mobiel?category=bogus").status_code == 400
    assert rep


def test_owner_edits_the_profile_and_the_company_page_shows_it(app, client, login, consumer,
                                                               company):
    with app.test_request_context():
        make_representative(make_user("wendy@example.nl"), company)
    login(User(email="wendy@example.nl"))
    response = post_form(client, "/webcare/belnet-mobiel/profile", {
        "description": "Mobiele telefonie voor heel Nederland.",
        "website": "https://belnet-mobiel.nl", "domains": "belnet-mobiel.nl\nbelnet.nl",
        "contact_channels": "Chat: dag en nacht", "response_promise_hours": "12"})
    assert response.status_code == 303
    page = client.get("/companies/belnet-mobiel").get_data(as_text=True)
    assert "Chat: dag en nacht" in page and "binnen 12 uur" in page
    bad = post_form(client, "/webcare/belnet-mobiel/profile", {
        "domains": "gmail.com", "response_promise_hours": "12"})
    assert bad.status_code == 422
    bad = post_form(client, "/webcare/belnet-mobiel/profile", {
        "domains": "belnet.nl", "response_promise_hours": "veel"})
    assert bad.status_code == 422


def test_owner_gives_an_office_address_and_the_company_page_shows_it(app, client, login,
                                                                    company):
    with app.test_request_context():
        make_representative(make_user("wendy@example.nl"), company)
    login(User(email="wendy@example.nl"))
    form = client.get("/webcare/belnet-mobiel/profile").get_data(as_text=True)
    assert 'name="office_address"' in form
    profile = {"domains": "belnet-mobiel.nl", "response_promise_hours": "12"}
    response = post_form(client, "/webcare/belnet-mobiel/profile", {
        **profile, "office_address": "  Stationsweg 21,   3811 KR Amersfoort "})
    assert response.status_code == 303
    with app.app_context():
        assert db.session.get(Company, company.id).office_address == (
            "Stationsweg 21, 3811 KR Amersfoort")
    page = client.get("/companies/belnet-mobiel").get_data(as_text=True)
    assert "Stationsweg 21, 3811 KR Amersfoort" in page
    assert "Stationsweg 21" in client.get("/webcare/belnet-mobiel/profile").get_data(
        as_text=True)
    # One line, at most 200 characters; nothing changes when it is refused.
    for bad in ("Stationsweg 21\n3811 KR Amersfoort", "Stationsweg 21, " + "x" * 190):
        refused = post_form(client, "/webcare/belnet-mobiel/profile",
                            {**profile, "office_address": bad})
        assert refused.status_code == 422
    with app.app_context():
        assert db.session.get(Company, company.id).office_address == (
            "Stationsweg 21, 3811 KR Amersfoort")
    # Emptied, it is gone from the page.
    assert post_form(client, "/webcare/belnet-mobiel/profile",
                     {**profile, "office_address": ""}).status_code == 303
    with app.app_context():
        assert db.session.get(Company, company.id).office_address is None
    assert "Stationsweg 21" not in client.get("/companies/belnet-mobiel").get_data(
        as_text=True)


def test_owner_invites_and_the_colleague_joins(app, client, login, consumer, other_consumer,
                                               company, mailbox):
    with app.test_request_context():
        make_representative(make_user("wendy@example.nl"), company)
    login(User(email="wendy@example.nl"))
    response = post_form(client, "/webcare/belnet-mobiel/team",
                         {"email": "bert@belnet-mobiel.nl"})
    assert response.status_code == 303
    assert post_form(client, "/webcare/belnet-mobiel/team",
                     {"email": "bert@gmail.com"}).status_code == 422
    _logout(client)
    link = mailbox.link(mailbox.last_to("bert@belnet-mobiel.nl"), "/invitations/")
    path = "/" + link.split("://", 1)[1].split("/", 1)[1]
    assert client.get(path).status_code == 302  # sign in first
    login(other_consumer)
    assert client.get(path).status_code == 200
    response = post_form(client, path, {"name": "Bert Ander", "job_title": "Webcare"},
                         form_url=path)
    assert response.status_code == 303
    assert client.get("/webcare/belnet-mobiel").status_code == 200
    team = client.get("/webcare/belnet-mobiel/team").get_data(as_text=True)
    assert "Bert Ander" in team and "/team/" not in team  # a member cannot remove others


def test_a_representative_of_another_company_has_no_access(app, client, login, consumer,
                                                           company):
    from tests.builders import make_company

    with app.test_request_context():
        make_representative(make_user("ander@example.nl"),
                            make_company("Ander Bedrijf", domains=["ander.nl"]))
    login(User(email="ander@example.nl"))
    for path in ("/webcare/belnet-mobiel", "/webcare/belnet-mobiel/profile",
                 "/webcare/belnet-mobiel/team"):
        assert client.get(path).status_code == 403, path
    assert client.get("/webcare/ander-bedrijf").status_code == 200


def test_the_menu_links_to_the_inbox_of_represented_companies(app, client, login, company):
    with app.test_request_context():
        make_representative(make_user("wendy@example.nl"), company)
    login(User(email="wendy@example.nl"))
    header = client.get("/").get_data(as_text=True)
    assert 'href="/webcare/belnet-mobiel"' in header


def test_unknown_or_unlisted_companies_are_404(app, client, login, consumer):
    login(consumer)
    assert client.get("/webcare/bestaat-niet").status_code == 404
    assert client.get("/companies/bestaat-niet/claim").status_code == 404
