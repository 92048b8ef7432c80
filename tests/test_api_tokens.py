"""Personal access tokens and a company's API endpoints: the token matrix (no token, revoked,
read scope on a write endpoint, another company's token, a former team member, a browser
session), what each endpoint does through the same services as the pages, the team page and
the command line."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from complaints.accounts.models import User
from complaints.api import tokens
from complaints.api.models import ApiToken, Scope
from complaints.cases.models import Complaint
from complaints.cases.workflow import Status
from complaints.clock import today, utcnow
from complaints.companies.models import Company
from complaints.extensions import db
from complaints.outcomes.models import Promise
from complaints.threads import services as threads
from complaints.threads.models import PrivateMessage, Reply
from complaints.webcare.models import Representative
from tests.builders import make_company, make_complaint, make_representative, make_user, post_form

PROBLEM = "application/problem+json"


def _token(user, company, scope=Scope.WRITE, name="Ticketsysteem") -> str:
    return tokens.create_token(db.session.get(User, user.id),
                               db.session.get(Company, company.id), name=name, scope=scope)[1]


def bearer(secret: str) -> dict:
    return {"Authorization": f"Bearer {secret}"}


@pytest.fixture
def world(app, consumer, moderator):
    with app.test_request_context():
        company = make_company("Belnet Mobiel", domains=["belnet.nl"])
        other = make_company("Waterkracht", sector="energy", domains=["waterkracht.nl"])
        rep_user = make_user("wendy@belnet.nl", display_name="Wendy")
        make_representative(rep_user, company, owner=True)
        colleague_user = make_user("carlos@belnet.nl", display_name="Carlos")
        colleague = make_representative(colleague_user, company, owner=False, name="Carlos")
        other_user = make_user("otto@waterkracht.nl", display_name="Otto")
        make_representative(other_user, other)
        complaint = make_complaint(consumer, company, status=Status.OPEN).id
        elsewhere = make_complaint(consumer, other, status=Status.OPEN).id
        pending = make_complaint(consumer, company).id
        secrets = {
            "write": _token(rep_user, company),
            "read": _token(rep_user, company, Scope.READ, "Rapportage"),
            "revoked": _token(rep_user, company, name="Oud"),
            "other_company": _token(other_user, other),
            "former_member": _token(colleague_user, company, name="Van Carlos"),
        }
        revoked = db.session.scalar(select(ApiToken).where(ApiToken.name == "Oud"))
        tokens.revoke_token(db.session.get(User, rep_user.id), revoked)
        gone = db.session.get(Representative, colleague.id)
        gone.removed_at = utcnow()
        db.session.commit()
    return {"company": company, "other": other, "rep": rep_user, "complaint": complaint,
            "elsewhere": elsewhere, "pending": pending, "secrets": secrets,
            "consumer": consumer}


def _endpoints(world):
    slug, number = world["company"].slug, world["complaint"]
    base = f"/api/v1/companies/{slug}"
    return {
        "inbox": ("GET", f"{base}/inbox", None),
        "complaint": ("GET", f"{base}/complaints/{number}", None),
        "reply": ("POST", f"{base}/complaints/{number}/replies",
                  {"body": "We bellen u vandaag nog terug."}),
        "message": ("POST", f"{base}/complaints/{number}/private-messages",
                    {"body": "Mag ik uw klantnummer?"}),
        "propose": ("POST", f"{base}/complaints/{number}/resolution-proposal", None),
    }


WRITES = {"reply", "message", "propose"}
ENDPOINTS = ["inbox", "complaint", "reply", "message", "propose"]
# cell -> (status, problem type) for a read endpoint and for a write endpoint
CELLS = {
    "none": ((401, "unauthorized"), (401, "unauthorized")),
    "revoked": ((401, "unauthorized"), (401, "unauthorized")),
    "read": ((200, None), (403, "insufficient-scope")),
    "other_company": ((403, "forbidden"), (403, "forbidden")),
    "former_member": ((401, "unauthorized"), (401, "unauthorized")),
    "session": ((401, "unauthorized"), (401, "unauthorized")),
    "malformed": ((401, "unauthorized"), (401, "unauthorized")),
}


def _call(client, method, url, body, headers):
    if method == "GET":
        return client.get(url, headers=headers)
    return client.post(url, json=body, headers=headers)


@pytest.mark.parametrize("cell", list(CELLS))
@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_token_matrix(app, client, login, world, endpoint, cell):
    method, url, body = _endpoints(world)[endpoint]
    headers = {}
    if cell == "session":  # signed in on the site as the owner, no token
        login(world["rep"])
    elif cell == "malformed":
        headers = {"Authorization": "Basic d2VuZHk6Z2VoZWlt"}
    elif cell != "none":
        headers = bearer(world["secrets"][cell])
    status, kind = CELLS[cell][endpoint in WRITES]
    response = _call(client, method, url, body, headers)
    assert response.status_code == status, response.get_data(as_text=True)
    if kind is not None:
        assert response.content_type == PROBLEM
        problem = response.get_json()
        assert problem["type"].endswith("/" + kind) and problem["status"] == status
        if status == 401:
            assert response.headers["WWW-Authenticate"].startswith("Bearer")
    with app.app_context():  # a refusal changes nothing
        assert db.session.scalar(select(db.func.count()).select_from(Reply)) == 0
        assert db.session.scalar(select(db.func.count()).select_from(PrivateMessage)) == 0
        assert db.session.get(Complaint, world["complaint"]).resolution_proposed_at is None


def test_api_sets_and_reads_no_cookie(client, login, world):
    login(world["rep"])
    response = client.get(f"/api/v1/companies/{world['company'].slug}/inbox",
                          headers=bearer(world["secrets"]["read"]))
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers
    assert "Accept-Language" in response.headers["Vary"]


def test_a_token_stops_when_its_person_is_blocked(app, client, world):
    with app.app_context():
        user = db.session.get(User, world["rep"].id)
        user.banned_at = utcnow()
        db.session.commit()
    response = client.get(f"/api/v1/companies/{world['company'].slug}/inbox",
                          headers=bearer(world["secrets"]["read"]))
    assert response.status_code == 401


def test_inbox_lists_what_waits_for_the_company_with_a_cursor(app, client, world):
    with app.test_request_context():
        company = world["company"]
        more = [make_complaint(world["consumer"], company, status=Status.OPEN, days_ago=days).id
                for days in (3, 2, 1)]
        answered = make_complaint(world["consumer"], company, status=Status.ANSWERED).id
    url = f"/api/v1/companies/{company.slug}/inbox?limit=2"
    seen, next_url = [], url
    while next_url:
        response = client.get(next_url, headers=bearer(world["secrets"]["read"]))
        assert response.status_code == 200
        page = response.get_json()
        seen += [item["id"] for item in page["items"]]
        assert all(item["company"]["slug"] == company.slug for item in page["items"])
        next_url = page["next_cursor"] and f"{url}&cursor={page['next_cursor']}"
    assert sorted(seen) == sorted([world["complaint"], *more, answered])
    assert len(seen) == len(set(seen))
    assert seen[-1] == answered  # it waits for the consumer: after everything else
    assert world["pending"] not in seen and world["elsewhere"] not in seen
    only_answered = client.get(f"/api/v1/companies/{company.slug}/inbox?status=answered",
                               headers=bearer(world["secrets"]["read"])).get_json()
    assert [item["id"] for item in only_answered["items"]] == [answered]
    assert only_answered["items"][0]["waits_for"] == "consumer"


@pytest.mark.parametrize("query", ["cursor=bm9wZQ", "cursor=WzEsMiwzXQ", "status=resolved",
                                   "limit=0", "limit=101", "limit=x"])
def test_inbox_refuses_bad_parameters_with_a_problem(client, world, query):
    response = client.get(f"/api/v1/companies/{world['company'].slug}/inbox?{query}",
                          headers=bearer(world["secrets"]["read"]))
    assert response.status_code in (400, 422)
    assert response.content_type == PROBLEM


def test_complaint_gives_the_thread_and_the_private_messages(app, client, world):
    with app.test_request_context():
        complaint = db.session.get(Complaint, world["complaint"])
        author = db.session.get(User, world["consumer"].id)
        threads.send_private_message(author, complaint, "Mijn klantnummer is 123456.")
    url = f"/api/v1/companies/{world['company'].slug}/complaints/{world['complaint']}"
    found = client.get(url, headers=bearer(world["secrets"]["read"])).get_json()
    assert found["id"] == world["complaint"] and found["waits_for"] == "first_answer"
    assert [m["body"] for m in found["private_messages"]] == ["Mijn klantnummer is 123456."]
    assert found["private_messages"][0]["voice"] == "consumer"
    assert found["replies"] == []
    assert "email" not in str(found).lower() or world["consumer"].email not in str(found)


@pytest.mark.parametrize("which", ["elsewhere", "pending", "missing"])
def test_complaints_outside_the_company_or_not_public_are_not_found(client, world, which):
    number = {"missing": 999999}.get(which) or world[which]
    response = client.get(f"/api/v1/companies/{world['company'].slug}/complaints/{number}",
                          headers=bearer(world["secrets"]["write"]))
    assert response.status_code == 404 and response.content_type == PROBLEM


def test_reply_is_posted_with_a_promise_and_shows_on_the_public_page(app, client, world, mailbox):
    due = (today() + timedelta(days=7)).isoformat()
    url = f"/api/v1/companies/{world['company'].slug}/complaints/{world['complaint']}/replies"
    response = client.post(url, headers=bearer(world["secrets"]["write"]), json={
        "body": "Excuses! We storten het bedrag terug.",
        "promise": {"kind": "refund", "amount": "49.95", "due": due}})
    assert response.status_code == 201, response.get_data(as_text=True)
    reply = response.get_json()
    assert reply["voice"] == "company" and reply["signature_name"] == "Wendy Webcare"
    page = client.get(f"/complaints/{world['complaint']}").get_data(as_text=True)
    assert "We storten het bedrag terug." in page
    with app.app_context():
        complaint = db.session.get(Complaint, world["complaint"])
        assert complaint.status == Status.ANSWERED
        promise = db.session.scalar(select(Promise))
        assert promise.amount_cents == 4995 and promise.due_on.isoformat() == due
    assert any(world["consumer"].email in m["To"] for m in mailbox.messages())


def test_reply_with_personal_data_is_refused_with_the_findings(app, client, world):
    url = f"/api/v1/companies/{world['company'].slug}/complaints/{world['complaint']}/replies"
    body = "Bel ons op 06-12345678 of mail naar jan.jansen@example.com."
    response = client.post(url, headers=bearer(world["secrets"]["write"]), json={"body": body})
    assert response.status_code == 422 and response.content_type == PROBLEM
    problem = response.get_json()
    assert problem["type"].endswith("/personal-data")
    kinds = {finding["kind"] for finding in problem["findings"]}
    assert {"phone", "email"} <= kinds
    for finding in problem["findings"]:
        assert finding["field"] == "body" and 0 <= finding["start"] < finding["end"] <= len(body)
    with app.app_context():
        assert db.session.scalar(select(db.func.count()).select_from(Reply)) == 0
    redacted = client.post(url, headers=bearer(world["secrets"]["write"]),
                           json={"body": body, "redact_personal_data": True})
    assert redacted.status_code == 201
    assert "06-12345678" not in redacted.get_json()["body"]


def test_asking_for_personal_data_in_public_needs_confirm_public(client, world):
    url = f"/api/v1/companies/{world['company'].slug}/complaints/{world['complaint']}/replies"
    body = "Kunt u hier uw klantnummer en geboortedatum sturen?"
    first = client.post(url, headers=bearer(world["secrets"]["write"]), json={"body": body})
    assert first.status_code == 422
    assert first.get_json()["type"].endswith("/personal-data")
    again = client.post(url, headers=bearer(world["secrets"]["write"]),
                        json={"body": body, "confirm_public": True})
    assert again.status_code == 201


@pytest.mark.parametrize("body", [{}, {"body": ""}, {"body": "x" * 10_001}, {"body": 5},
                                  {"body": "ok", "promise": {"kind": "refund", "due": "2020-01-01",
                                                              "amount": "10"}},
                                  {"body": "ok", "promise": {"kind": "bribe", "due": "2027-01-01"}},
                                  {"body": "ok", "unknown": 1}])
def test_invalid_replies_are_422_problems_and_save_nothing(app, client, world, body):
    url = f"/api/v1/companies/{world['company'].slug}/complaints/{world['complaint']}/replies"
    response = client.post(url, headers=bearer(world["secrets"]["write"]), json=body)
    assert response.status_code == 422 and response.content_type == PROBLEM
    assert response.get_json()["errors"]
    with app.app_context():
        assert db.session.scalar(select(db.func.count()).select_from(Reply)) == 0


def test_a_body_that_is_not_json_is_a_problem(client, world):
    url = f"/api/v1/companies/{world['company'].slug}/complaints/{world['complaint']}/replies"
    response = client.post(url, headers={**bearer(world["secrets"]["write"]),
                                         "Content-Type": "application/json"}, data="{not json")
    assert response.status_code in (400, 422) and response.content_type == PROBLEM


def test_private_message_and_resolution_proposal(app, client, world, mailbox):
    base = f"/api/v1/companies/{world['company'].slug}/complaints/{world['complaint']}"
    sent = client.post(f"{base}/private-messages", headers=bearer(world["secrets"]["write"]),
                       json={"body": "Mag ik uw klantnummer?"})
    assert sent.status_code == 201 and sent.get_json()["voice"] == "company"
    proposed = client.post(f"{base}/resolution-proposal",
                           headers=bearer(world["secrets"]["write"]))
    assert proposed.status_code == 201
    assert proposed.get_json()["waits_for"] in ("solved_answer", "first_answer")
    assert proposed.get_json()["resolution_proposed_at"]
    again = client.post(f"{base}/resolution-proposal", headers=bearer(world["secrets"]["write"]))
    assert again.status_code == 409 and again.get_json()["type"].endswith("/conflict")
    with app.app_context():
        assert db.session.get(Complaint, world["complaint"]).status == Status.OPEN


def test_last_use_is_noted_once_a_minute(app, client, world):
    url = f"/api/v1/companies/{world['company'].slug}/inbox"
    client.get(url, headers=bearer(world["secrets"]["read"]))
    with app.app_context():
        token = db.session.scalar(select(ApiToken).where(ApiToken.name == "Rapportage"))
        first = token.last_used_at
    assert first is not None
    client.get(url, headers=bearer(world["secrets"]["read"]))
    with app.app_context():
        token = db.session.scalar(select(ApiToken).where(ApiToken.name == "Rapportage"))
        assert token.last_used_at == first


def test_limits_count_per_token_with_ratelimit_headers(limited_app, world):
    client = limited_app.test_client()
    url = f"/api/v1/companies/{world['company'].slug}/inbox"
    first = client.get(url, headers=bearer(world["secrets"]["read"]))
    assert first.status_code == 200
    assert first.headers["RateLimit-Limit"] == "120"
    assert int(first.headers["RateLimit-Remaining"]) == 119
    assert 0 <= int(first.headers["RateLimit-Reset"]) <= 60
    for _ in range(119):
        client.get(url, headers=bearer(world["secrets"]["read"]))
    limited = client.get(url, headers=bearer(world["secrets"]["read"]))
    assert limited.status_code == 429 and limited.content_type == PROBLEM
    assert limited.get_json()["type"].endswith("/rate-limited")
    assert "Retry-After" in limited.headers
    # another token of the same person has its own budget
    assert client.get(url, headers=bearer(world["secrets"]["write"])).status_code == 200


# --- the team page and the command line ------------------------------------------------------

def test_team_page_makes_shows_once_and_revokes_a_token(app, client, login, world):
    login(world["rep"])
    team = f"/webcare/{world['company'].slug}/team"
    page = client.get(team).get_data(as_text=True)
    assert "Ticketsysteem" in page and "Rapportage" in page  # the owner sees the team's tokens
    made = post_form(client, f"/webcare/{world['company'].slug}/tokens",
                     {"name": "Freshdesk", "scope": "write"}, form_url=team)
    assert made.status_code == 201 and made.headers["Cache-Control"] == "no-store"
    secret = next(word for word in made.get_data(as_text=True).replace('"', " ").split()
                  if word.startswith("hdh_") and len(word) > 40)
    inbox = f"/api/v1/companies/{world['company'].slug}/inbox"
    assert client.get(inbox, headers=bearer(secret)).status_code == 200
    later = client.get(team).get_data(as_text=True)
    assert secret not in later and secret[:12] in later
    with app.app_context():
        token = db.session.scalar(select(ApiToken).where(ApiToken.name == "Freshdesk"))
        assert token.token_hash != secret and secret not in token.token_hash
    revoked = post_form(client, f"/webcare/{world['company'].slug}/tokens/{token.id}/revoke", {},
                        form_url=team)
    assert revoked.status_code == 303
    assert client.get(inbox, headers=bearer(secret)).status_code == 401


def test_team_page_token_form_refuses_bad_input(app, client, login, world):
    login(world["rep"])
    team = f"/webcare/{world['company'].slug}/team"
    for data in ({"name": "", "scope": "read"}, {"name": "x", "scope": "admin"},
                 {"name": "x" * 81, "scope": "read"}):
        response = post_form(client, f"/webcare/{world['company'].slug}/tokens", data,
                             form_url=team)
        assert response.status_code == 303
    with app.app_context():
        assert db.session.scalar(select(db.func.count()).select_from(ApiToken)) == 5


def test_only_the_maker_or_the_owner_revokes(app, client, login, world):
    with app.test_request_context():
        helper = make_user("henk@belnet.nl", display_name="Henk")
        make_representative(helper, world["company"], owner=False, name="Henk")
        own = _token(helper, world["company"], name="Van Henk")
    login(helper)
    team = f"/webcare/{world['company'].slug}/team"
    page = client.get(team).get_data(as_text=True)
    assert "Van Henk" in page and "Ticketsysteem" not in page  # a member sees only their own
    with app.app_context():
        owners = db.session.scalar(select(ApiToken).where(ApiToken.name == "Ticketsysteem"))
    response = post_form(client, f"/webcare/{world['company'].slug}/tokens/{owners.id}/revoke",
                         {}, form_url=team)
    assert response.status_code == 404
    assert client.get(f"/api/v1/companies/{world['company'].slug}/inbox",
                      headers=bearer(own)).status_code == 200


def test_cli_creates_a_token_on_its_last_line(app, runner, world):
    result = runner.invoke(args=["api-tokens", "create", "wendy@belnet.nl", "--scope", "write",
                                 "--name", "Salesforce"])
    assert result.exit_code == 0, result.output
    secret = result.output.strip().splitlines()[-1]
    assert secret.startswith("hdh_")
    response = app.test_client().post(
        f"/api/v1/companies/{world['company'].slug}/complaints/{world['complaint']}/"
        "private-messages", headers=bearer(secret), json={"body": "Hallo"})
    assert response.status_code == 201


@pytest.mark.parametrize("args", [["nobody@example.com"], ["carlos@belnet.nl"],
                                  ["wendy@belnet.nl", "--company", "waterkracht"],
                                  ["wendy@belnet.nl", "--scope", "admin"]])
def test_cli_refuses_who_may_not_have_a_token(runner, world, args):
    result = runner.invoke(args=["api-tokens", "create", *args])
    assert result.exit_code != 0


def test_tokens_are_in_the_export_and_end_with_the_account(app, client, world):
    from complaints.accounts import privacy
    from tests.builders import PASSWORD

    with app.test_request_context():
        wendy = db.session.get(User, world["rep"].id)
        exported = privacy.export_data(wendy)["api_tokens"]
        assert {t["name"] for t in exported} == {"Ticketsysteem", "Rapportage", "Oud"}
        assert all(t["starts_with"].startswith("hdh_") for t in exported)
        assert not any(world["secrets"]["write"] in str(t) for t in exported)
        privacy.delete_account(wendy, PASSWORD, keep_complaints=True)
        assert db.session.scalar(select(db.func.count()).select_from(ApiToken).where(
            ApiToken.user_id == world["rep"].id, ApiToken.revoked_at.is_(None))) == 0
    assert client.get(f"/api/v1/companies/{world['company'].slug}/inbox",
                      headers=bearer(world["secrets"]["read"])).status_code == 401


def test_inbox_cursor_keeps_ties_on_the_waiting_time(app, client, world):
    """Complaints the consumer wrote on at the same moment follow each other in publication
    order; paging one at a time gives each once."""
    with app.test_request_context():
        moment = utcnow()
        tied = [make_complaint(world["consumer"], world["company"], status=Status.ANSWERED,
                               days_ago=days).id for days in (1, 3, 2)]
        for complaint in db.session.scalars(select(Complaint).where(Complaint.id.in_(tied))):
            complaint.awaiting_company_since = moment
        db.session.commit()
    url = f"/api/v1/companies/{world['company'].slug}/inbox?status=answered&limit=1"
    seen, next_url = [], url
    while next_url:
        page = client.get(next_url, headers=bearer(world["secrets"]["read"])).get_json()
        seen += [item["id"] for item in page["items"]]
        next_url = page["next_cursor"] and f"{url}&cursor={page['next_cursor']}"
    assert seen == [tied[1], tied[2], tied[0]]
