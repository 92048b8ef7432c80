"""The complaint page's thread through the test client: who sees what, and every form on it."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from complaints.accounts.models import User
from complaints.cases.models import Complaint
from complaints.cases.workflow import Status
from complaints.clock import utcnow
from complaints.extensions import db
from complaints.moderation.models import Flag, ModAction, ModerationAction
from complaints.threads import services as threads
from complaints.threads.models import Reply
from tests.builders import (
    csrf_token,
    make_complaint,
    make_representative,
    make_user,
    post_form,
)


@pytest.fixture
def setting(app, consumer, moderator, company):
    """A published complaint with a company reply, a private message and a ledger entry."""
    with app.test_request_context():
        rep = make_representative(make_user("wendy@example.nl", display_name="Wendy"), company,
                                  name="Wendy Webcare", job_title="Teamleider webcare")
        rep_user = db.session.get(User, rep.user_id)
        complaint = make_complaint(consumer, company, status=Status.OPEN)
        threads.post_reply(rep_user, complaint, "Excuses, we zoeken het vandaag uit.")
        threads.send_private_message(rep_user, complaint, "Geheim: wat is je klantnummer?")
        threads.log_contact(db.session.get(User, consumer.id), complaint, threads.ContactDraft(
            contacted_on=utcnow().date() - timedelta(days=9), channel="phone",
            minutes_waited=40, reached_human=True, ticket_number="TICKET-7788"))
        return {"complaint": complaint.id, "rep_email": "wendy@example.nl"}


def _logout(client):
    client.post("/auth/logout", data={"csrf_token": csrf_token(client)})


def test_the_public_sees_the_signed_company_reply_but_no_private_data(app, client, setting):
    page = client.get(f"/complaints/{setting['complaint']}").get_data(as_text=True)
    assert "Wendy Webcare, Teamleider webcare — Belnet Mobiel" in page
    assert "geverifieerd" in page
    assert "Excuses, we zoeken het vandaag uit." in page
    assert "Geheim: wat is je klantnummer?" not in page and "Privéberichten" not in page
    assert "TICKET-7788" not in page
    assert "40" in page  # the ledger itself is public


@pytest.mark.parametrize("who", ["author", "representative"])
def test_author_and_representative_see_private_messages_and_ticket_numbers(
        app, client, login, setting, consumer, who):
    person = consumer if who == "author" else User(email=setting["rep_email"])
    login(person)
    page = client.get(f"/complaints/{setting['complaint']}").get_data(as_text=True)
    assert "Geheim: wat is je klantnummer?" in page and "TICKET-7788" in page


def test_another_consumer_sees_neither(app, client, login, setting, other_consumer):
    login(other_consumer)
    page = client.get(f"/complaints/{setting['complaint']}").get_data(as_text=True)
    assert "Geheim" not in page and "TICKET-7788" not in page
    assert client.get(f"/complaints/{setting['complaint']}/private").status_code == 403


def test_a_moderator_reads_private_messages_on_a_logged_page(app, client, login, setting,
                                                             moderator):
    login(moderator)
    page = client.get(f"/complaints/{setting['complaint']}").get_data(as_text=True)
    assert "Geheim" not in page and "wordt vastgelegd" in page
    private = client.get(f"/complaints/{setting['complaint']}/private")
    assert private.status_code == 200 and "Geheim" in private.get_data(as_text=True)
    with app.app_context():
        row = db.session.scalar(select(ModerationAction))
        assert (row.action, row.public) == (ModAction.PRIVATE_READ, False)
    public_log = app.test_client().get("/moderation-log").get_data(as_text=True)
    assert "Privéberichten gelezen" not in public_log


def test_private_messages_are_never_in_the_public_log_export_or_feeds(app, client, setting):
    assert "Geheim" not in client.get("/moderation-log").get_data(as_text=True)
    assert "Geheim" not in client.get("/complaints").get_data(as_text=True)
    assert "Geheim" not in client.get("/companies/belnet-mobiel").get_data(as_text=True)


def test_author_posts_a_follow_up_and_the_page_shows_it(app, client, login, setting, consumer):
    login(consumer)
    response = post_form(client, f"/complaints/{setting['complaint']}/replies",
                         {"body": "Nog steeds geen monteur gezien."})
    assert response.status_code == 303 and "#reply-" in response.location
    page = client.get(f"/complaints/{setting['complaint']}").get_data(as_text=True)
    assert "Nog steeds geen monteur gezien." in page and "auteur van de klacht" in page


def test_reply_with_personal_data_comes_back_with_the_choice(app, client, login, setting,
                                                            consumer):
    login(consumer)
    url = f"/complaints/{setting['complaint']}/replies"
    response = post_form(client, url, {"body": "Bel me op 06-12345678."})
    assert response.status_code == 422
    text = response.get_data(as_text=True)
    assert '<mark class="pii">06-12345678</mark>' in text and 'name="redact_pii"' in text
    response = post_form(client, url, {"body": "Bel me op 06-12345678.", "redact_pii": "y"})
    assert response.status_code == 303
    with app.app_context():
        bodies = [r.body_source for r in db.session.scalars(select(Reply))]
        assert not any("06-12345678" in b for b in bodies)


def test_the_company_own_address_passes_the_guard_another_does_not(app, client, login, setting,
                                                                   consumer):
    login(consumer)
    url = f"/complaints/{setting['complaint']}/replies"
    body = "Ik mailde ook naar service@belnet-mobiel.nl, zonder antwoord."
    assert post_form(client, url, {"body": body}).status_code == 303
    response = post_form(client, url, {"body": "Mail me op jan@gmail.com."})
    assert response.status_code == 422


def test_company_reply_asking_for_details_is_warned_then_posted_deliberately(
        app, client, login, setting):
    login(User(email=setting["rep_email"]))
    url = f"/complaints/{setting['complaint']}/replies"
    body = "Kun je hier je IBAN en adres sturen?"
    response = post_form(client, url, {"body": body})
    text = response.get_data(as_text=True)
    assert response.status_code == 422 and "privébericht" in text
    assert 'name="confirm_public"' in text
    assert post_form(client, url, {"body": body, "confirm_public": "y"}).status_code == 303


def test_empty_reply_and_missing_csrf_are_refused(app, client, login, setting, consumer):
    login(consumer)
    url = f"/complaints/{setting['complaint']}/replies"
    assert post_form(client, url, {"body": "  "}).status_code == 422
    assert client.post(url, data={"body": "zonder token"}).status_code == 400


def test_author_resolves_with_a_rating_and_reopens(app, client, login, setting, consumer):
    login(consumer)
    url = f"/complaints/{setting['complaint']}"
    response = post_form(client, f"{url}/resolve", {"rating": "4",
                                                    "closing_note": "Netjes opgelost."})
    assert response.status_code == 303
    page = client.get(url).get_data(as_text=True)
    assert "Netjes opgelost." in page and "4 van de 5" in page
    # Resolved already: resolving again is not offered, whatever the rating.
    assert post_form(client, f"{url}/resolve", {"rating": "9"}).status_code == 403
    assert post_form(client, f"{url}/reopen", {}).status_code == 303
    with app.app_context():
        assert db.session.get(Complaint, setting["complaint"]).status == Status.ANSWERED


def test_bad_rating_is_refused(app, client, login, setting, consumer):
    login(consumer)
    response = post_form(client, f"/complaints/{setting['complaint']}/resolve",
                         {"rating": "11"})
    assert response.status_code == 422
    with app.app_context():
        assert db.session.get(Complaint, setting["complaint"]).status == Status.ANSWERED


def test_reopen_after_thirty_days_is_refused(app, client, login, setting, consumer):
    login(consumer)
    post_form(client, f"/complaints/{setting['complaint']}/resolve", {})
    with app.app_context():
        complaint = db.session.get(Complaint, setting["complaint"])
        complaint.resolved_at = utcnow() - timedelta(days=31)
        db.session.commit()
    assert post_form(client, f"/complaints/{setting['complaint']}/reopen",
                     {}).status_code == 403


def test_proposal_banner_and_the_mailed_answer_page(app, client, login, setting, consumer,
                                                    mailbox):
    login(User(email=setting["rep_email"]))
    post_form(client, f"/complaints/{setting['complaint']}/propose-resolution", {})
    _logout(client)
    page = client.get(f"/complaints/{setting['complaint']}").get_data(as_text=True)
    assert "Het bedrijf zegt dat dit is opgelost" in page
    link = mailbox.link(mailbox.last_to(consumer.email), "answer=yes")
    path = link.split("://", 1)[1].split("/", 1)[1]
    # Following the link only shows a page with a button.
    shown = client.get("/" + path)
    assert shown.status_code == 200
    with app.app_context():
        assert db.session.get(Complaint, setting["complaint"]).status == Status.ANSWERED
    token = re.search(r"token=([^&]+)", link).group(1)
    response = post_form(client, f"/complaints/{setting['complaint']}/answer",
                         {"token": token, "answer": "yes", "rating": "5"},
                         form_url="/" + path)
    assert response.status_code == 303
    with app.app_context():
        complaint = db.session.get(Complaint, setting["complaint"])
        assert complaint.status == Status.RESOLVED and complaint.rating == 5


def test_a_forged_answer_link_changes_nothing(app, client, setting):
    url = f"/complaints/{setting['complaint']}/answer"
    assert client.get(f"{url}?token=forged&answer=yes").status_code == 400
    response = post_form(client, url, {"token": "forged", "answer": "yes"})
    assert response.status_code == 400


def test_support_button_counts_once(app, client, login, setting, other_consumer):
    login(other_consumer)
    url = f"/complaints/{setting['complaint']}/support"
    post_form(client, url, {})
    post_form(client, url, {})
    page = client.get(f"/complaints/{setting['complaint']}").get_data(as_text=True)
    assert "<strong>1</strong>" in page and 'aria-pressed="true"' in page
    post_form(client, url, {"withdraw": "1"})
    with app.app_context():
        assert db.session.get(Complaint, setting["complaint"]).supporters_count == 0


def test_author_logs_a_contact_through_the_form(app, client, login, setting, consumer):
    login(consumer)
    url = f"/complaints/{setting['complaint']}/contacts"
    response = post_form(client, url, {"contacted_on": "2026-02-01", "channel": "chat",
                                       "minutes_waited": "12", "reached_human": "y",
                                       "ticket_number": "CHAT-1"})
    assert response.status_code == 303
    bad = post_form(client, url, {"contacted_on": "not a date", "channel": "chat"})
    assert bad.status_code == 422
    bad = post_form(client, url, {"contacted_on": "2026-02-01", "channel": "duif"})
    assert bad.status_code == 422


def test_a_reply_is_reported_and_a_moderator_removes_it(app, client, login, setting, consumer,
                                                        moderator):
    with app.app_context():
        reply_id = db.session.scalar(select(Reply.id))
    login(consumer)
    assert post_form(client, f"/replies/{reply_id}/flag",
                     {"reason": "abusive", "note": "Onaardig"}).status_code == 303
    again = post_form(client, f"/replies/{reply_id}/flag", {"reason": "spam"},
                      follow_redirects=True)
    assert "al gemeld" in again.get_data(as_text=True)
    _logout(client)
    login(moderator)
    queue = client.get("/moderation/flags").get_data(as_text=True)
    assert "Onaardig" in queue and "Excuses, we zoeken het vandaag uit." in queue
    response = post_form(client, f"/moderation/replies/{reply_id}/remove",
                         {"public_reason": "Niet over de klacht.", "ground": "rule:5"})
    assert response.status_code == 303
    page = client.get(f"/complaints/{setting['complaint']}").get_data(as_text=True)
    assert "Verwijderd: Niet over de klacht." in page
    assert "Excuses, we zoeken het vandaag uit." not in page
    with app.app_context():
        assert db.session.scalar(select(Flag.status)) == "actioned"
    log = app.test_client().get("/moderation-log").get_data(as_text=True)
    assert "Reactie verwijderd" in log and "Niet over de klacht." in log


@pytest.mark.parametrize("who, allowed", [
    ("anonymous", False), ("author", False), ("representative", False),
    ("other_consumer", True), ("moderator", True)])
def test_who_may_say_me_too(app, client, login, setting, consumer, other_consumer, moderator,
                            who, allowed):
    """A company's own representatives cannot say "me too" on complaints about it."""
    people = {"author": consumer, "other_consumer": other_consumer, "moderator": moderator,
              "representative": User(email=setting["rep_email"])}
    if who != "anonymous":
        login(people[who])
    page = client.get(f"/complaints/{setting['complaint']}").get_data(as_text=True)
    assert (f'action="/complaints/{setting["complaint"]}/support"' in page) is allowed
    response = post_form(client, f"/complaints/{setting['complaint']}/support", {})
    with app.app_context():
        count = db.session.get(Complaint, setting["complaint"]).supporters_count
    assert count == (1 if allowed else 0)
    if who == "representative":
        assert response.status_code == 403


def test_the_me_too_count_reads_well_for_none_and_one(app, client, login, setting,
                                                      other_consumer):
    url = f"/complaints/{setting['complaint']}"
    page = client.get(url).get_data(as_text=True)
    assert "Nog niemand zei “ik ook”." in page and "0 mensen" not in page
    assert "<strong>0</strong>" not in page
    login(other_consumer)
    post_form(client, f"{url}/support", {})
    page = client.get(url).get_data(as_text=True)
    assert "<strong>1</strong> persoon had hetzelfde probleem" in page
