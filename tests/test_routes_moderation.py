"""The moderation queues and actions, the public log and reporting, through the test client."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from complaints.accounts.models import User
from complaints.cases.models import Complaint
from complaints.cases.workflow import Status
from complaints.clock import utcnow
from complaints.companies.models import Company, CompanyStatus
from complaints.extensions import db
from complaints.moderation.models import Flag, FlagStatus
from complaints.triage import assess as triage
from tests.builders import PASSWORD, STORY, csrf_token, make_complaint, make_user, post_form


@pytest.fixture
def pending(app, consumer, company):
    with app.test_request_context():
        return make_complaint(consumer, company, title="Wachtende klacht over de storing").id


def _status(app, complaint_id: int) -> str:
    with app.app_context():
        return db.session.get(Complaint, complaint_id).status


def test_queue_lists_pending_oldest_first_with_count(app, client, login, consumer, moderator,
                                                    company):
    with app.test_request_context():
        newer = make_complaint(consumer, company, title="Nieuwere klacht in de wachtrij")
        older = make_complaint(consumer, company, title="Oudere klacht in de wachtrij")
        older.submitted_at = older.queued_at = utcnow() - timedelta(days=2)
        newer.risk_level = older.risk_level = "normal"  # one lane (triage has its own tests)
        db.session.commit()
        other = make_user("ander@example.nl")
        make_complaint(other, company, status=Status.OPEN, title="Al gepubliceerde klacht")
        assert newer.id < older.id
    login(moderator)
    text = client.get("/moderation").get_data(as_text=True)  # the longest waiting lane
    assert text.index("Oudere klacht") < text.index("Nieuwere klacht")
    assert "Al gepubliceerde klacht" not in text
    assert '<span class="count">2</span>' in text


def test_moderator_approves_and_it_is_public_on_the_company_page(app, client, login, moderator,
                                                                 pending, mailbox, consumer):
    login(moderator)
    response = post_form(client, f"/moderation/complaints/{pending}/approve", {})
    assert response.status_code == 303
    assert _status(app, pending) == Status.OPEN
    assert "Wachtende klacht over de storing" in client.get("/companies/belnet-mobiel").get_data(
        as_text=True)
    assert mailbox.to(consumer.email)


def test_moderator_rejects_with_reason(app, client, login, moderator, pending, mailbox, consumer):
    login(moderator)
    response = post_form(client, f"/moderation/complaints/{pending}/reject",
                         {"reason": "spam", "note": "Alleen reclame.",
                          "ground": "rule:5"})
    assert response.status_code == 303
    assert _status(app, pending) == Status.REJECTED
    assert "Alleen reclame." in mailbox.last_to(consumer.email).get_content()


def test_the_reason_for_the_author_and_the_internal_note_go_their_own_ways(
        app, client, login, moderator, pending, mailbox, consumer):
    """The reason for the author is mailed and shown to them (and labelled so in the log);
    the internal note stays in the moderators' log and reaches neither author nor public."""
    login(moderator)
    page = client.get(f"/moderation/complaints/{pending}/reject").get_data(as_text=True)
    assert "Reden voor de auteur" in page and "Interne notitie" in page
    post_form(client, f"/moderation/complaints/{pending}/reject",
              {"reason": "spam", "note": "Dit lijkt reclame voor een webshop.",
               "private_note": "Zelfde afzender als vorige week, let op.", "ground": "rule:5"})
    mail = mailbox.last_to(consumer.email).get_content()
    assert "Dit lijkt reclame voor een webshop." in mail
    assert "Zelfde afzender" not in mail

    log = client.get("/moderation/log").get_data(as_text=True)
    sent = log.index('data-label="Verstuurd naar de auteur"')
    internal = log.index('data-label="Interne notitie (alleen moderatoren)"')
    assert log.index("Dit lijkt reclame voor een webshop.", sent) < internal
    assert log.index("Zelfde afzender als vorige week", internal) > internal

    public = app.test_client().get("/moderation-log").get_data(as_text=True)
    assert "Het is spam of reclame" in public
    assert "webshop" not in public and "Zelfde afzender" not in public

    _logout(client)
    login(consumer)
    for url in (f"/complaints/{pending}", f"/complaints/{pending}/edit", "/account"):
        page = client.get(url).get_data(as_text=True)
        assert "Zelfde afzender" not in page
    assert "Dit lijkt reclame voor een webshop." in client.get(
        f"/complaints/{pending}").get_data(as_text=True)


def _logout(client):
    client.post("/auth/logout", data={"csrf_token": csrf_token(client)})


def test_reject_without_reason_changes_nothing(app, client, login, moderator, pending):
    login(moderator)
    response = post_form(client, f"/moderation/complaints/{pending}/reject", {"reason": ""})
    assert response.status_code == 422  # the reject page again, saying what is missing
    assert "Kies een reden" in response.get_data(as_text=True)
    assert _status(app, pending) == Status.PENDING


def test_second_approval_is_told_already_handled(app, client, login, moderator, pending):
    login(moderator)
    post_form(client, f"/moderation/complaints/{pending}/approve", {})
    response = post_form(client, f"/moderation/complaints/{pending}/approve", {},
                         follow_redirects=True)
    text = response.get_data(as_text=True)
    assert "flash--error" in text
    assert _status(app, pending) == Status.OPEN


def test_actions_need_csrf(app, client, login, moderator, pending):
    login(moderator)
    assert client.post(f"/moderation/complaints/{pending}/approve").status_code == 400
    assert client.post(f"/moderation/complaints/{pending}/reject",
                       data={"reason": "spam"}).status_code == 400
    assert _status(app, pending) == Status.PENDING


def test_consumer_cannot_moderate(app, client, login, consumer, pending):
    login(consumer)
    assert client.get("/moderation").status_code == 403
    assert post_form(client, f"/moderation/complaints/{pending}/approve", {}).status_code == 403
    assert _status(app, pending) == Status.PENDING


def test_admin_can_moderate(app, client, login, admin, moderator, pending):
    login(admin)
    assert client.get("/moderation").status_code == 200
    post_form(client, f"/moderation/complaints/{pending}/approve", {})
    assert _status(app, pending) == Status.OPEN


def test_unknown_complaint_is_404(client, login, moderator):
    login(moderator)
    assert post_form(client, "/moderation/complaints/424242/approve", {}).status_code == 404


# --- the queue shows what a moderator needs to decide ---------------------------------------

def test_queue_shows_personal_data_highlighted_and_the_duplicate_hint(app, client, login,
                                                                     consumer, moderator,
                                                                     company):
    with app.test_request_context():
        first = make_complaint(consumer, company, title="Eerste klacht over de storing")
        first.body_source += " Bel me op 06-12345678."  # as if the guard had missed it then
        triage.assess(first)  # now it finds it: the high-risk lane, longest waiting
        db.session.commit()
        make_complaint(consumer, company, title="Tweede klacht over dezelfde storing")
    login(moderator)
    text = client.get("/moderation").get_data(as_text=True)
    assert '<mark class="pii">06-12345678</mark>' in text
    assert "Persoonsgegevens gevonden" in text
    assert "Mogelijk dubbel" in text
    assert "Klachten van de schrijver:" in text


def test_queue_highlights_where_the_author_let_the_guard_replace_data(app, client, login,
                                                                     consumer, moderator,
                                                                     company):
    login(consumer)
    post_form(client, "/complaints/new", {
        "company": "Belnet Mobiel", "title": "Storing en geen monteur te zien",
        "body": STORY + " Mijn nummer is 06-12345678.", "category": "outage",
        "contacts_before": "3", "redact_pii": "y"})
    client.post("/auth/logout", data={"csrf_token": csrf_token(client)})
    login(moderator)
    text = client.get("/moderation").get_data(as_text=True)
    assert '<mark class="pii">[afgeschermd]</mark>' in text
    assert "1 × telefoonnummer" in text
    assert "06-12345678" not in text


# --- edit, remove, flags, bans --------------------------------------------------------------

def test_moderator_redacts_a_published_complaint(app, client, login, consumer, moderator,
                                                 company):
    with app.test_request_context():
        complaint = make_complaint(consumer, company, status=Status.OPEN)
        complaint_id, version, title = complaint.id, complaint.version_id, complaint.title
    login(moderator)
    form = client.get(f"/moderation/complaints/{complaint_id}/edit")
    assert form.status_code == 200
    response = post_form(client, f"/moderation/complaints/{complaint_id}/edit", {
        "title": title, "body": STORY + " Medewerker Jansen deed niets.",
        "version_id": str(version), "public_reason": "Naam van medewerker weggehaald",
        "private_note": "melding van de buurman", "ground": "rule:2"})
    assert response.status_code == 303
    page = client.get(f"/complaints/{complaint_id}").get_data(as_text=True)
    assert "Bewerkt door de moderatie" in page and "Jansen" in page
    log = client.get("/moderation-log").get_data(as_text=True)
    assert "Naam van medewerker weggehaald" in log
    assert "melding van de buurman" not in log  # the private note stays private


def test_edit_with_personal_data_offers_replacement_and_saves_nothing(app, client, login,
                                                                     consumer, moderator,
                                                                     company):
    with app.test_request_context():
        complaint = make_complaint(consumer, company, status=Status.OPEN)
        complaint_id, version, title = complaint.id, complaint.version_id, complaint.title
    login(moderator)
    data = {"title": title, "body": STORY + " IBAN NL91ABNA0417164300.",
            "version_id": str(version), "ground": "rule:2"}
    response = post_form(client, f"/moderation/complaints/{complaint_id}/edit", data)
    assert response.status_code == 422
    assert 'name="redact_pii" value="y"' in response.get_data(as_text=True)
    with app.app_context():
        assert "NL91" not in db.session.get(Complaint, complaint_id).body_source
    response = post_form(client, f"/moderation/complaints/{complaint_id}/edit",
                         {**data, "redact_pii": "y"})
    assert response.status_code == 303
    with app.app_context():
        assert "[afgeschermd]" in db.session.get(Complaint, complaint_id).body_source


def test_moderator_removes_and_the_page_becomes_a_tombstone(app, client, login, consumer,
                                                            moderator, company, mailbox):
    with app.test_request_context():
        complaint_id = make_complaint(consumer, company, status=Status.OPEN).id
    login(moderator)
    response = post_form(client, f"/moderation/complaints/{complaint_id}/remove",
                         {"public_reason": "Beschuldigt een medewerker bij naam.",
                          "private_note": "twee meldingen", "ground": "rule:4"})
    assert response.status_code == 303
    assert _status(app, complaint_id) == Status.REMOVED
    anonymous = app.test_client()
    page = anonymous.get(f"/complaints/{complaint_id}")
    assert page.status_code == 410
    assert "Beschuldigt een medewerker bij naam." in page.get_data(as_text=True)
    assert "Besluiten over mijn inhoud" not in page.get_data(as_text=True)
    assert mailbox.to(consumer.email)
    client.post("/auth/logout", data={"csrf_token": csrf_token(client)})
    login(consumer)  # the author is pointed to the statement and the appeal
    assert "/account#my-decisions" in client.get(f"/complaints/{complaint_id}").get_data(
        as_text=True)


def test_remove_needs_a_public_reason(app, client, login, consumer, moderator, company):
    with app.test_request_context():
        complaint_id = make_complaint(consumer, company, status=Status.OPEN).id
    login(moderator)
    response = post_form(client, f"/moderation/complaints/{complaint_id}/remove",
                         {"public_reason": "  ", "ground": "rule:4"})
    assert response.status_code == 422
    assert _status(app, complaint_id) == Status.OPEN


def test_flag_then_moderator_dismisses(app, client, login, consumer, other_consumer, moderator,
                                      company):
    with app.test_request_context():
        complaint_id = make_complaint(consumer, company, status=Status.OPEN).id
    login(other_consumer)
    assert client.get(f"/complaints/{complaint_id}/flag").status_code == 200
    response = post_form(client, f"/complaints/{complaint_id}/flag",
                         {"reason": "abusive", "note": "Noemt een medewerker bij naam"})
    assert response.status_code == 303
    again = post_form(client, f"/complaints/{complaint_id}/flag", {"reason": "spam"},
                      follow_redirects=True)
    assert "al gemeld" in again.get_data(as_text=True)
    client.post("/auth/logout", data={"csrf_token": csrf_token(client)})
    login(moderator)
    queue = client.get("/moderation/flags").get_data(as_text=True)
    assert "Noemt een medewerker bij naam" in queue and '<span class="count">1</span>' in queue
    response = post_form(client, f"/moderation/complaints/{complaint_id}/flags/dismiss",
                         {"note": "geen naam te zien"})
    assert response.status_code == 303
    with app.app_context():
        assert db.session.scalar(select(Flag.status)) == FlagStatus.DISMISSED


def test_flag_without_reason_is_refused(app, client, login, consumer, other_consumer, company):
    with app.test_request_context():
        complaint_id = make_complaint(consumer, company, status=Status.OPEN).id
    login(other_consumer)
    response = post_form(client, f"/complaints/{complaint_id}/flag", {"reason": "boring"})
    assert response.status_code == 422
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Flag)) == 0


def test_flags_are_rate_limited_with_a_friendly_429(app, limited_app, consumer, company):
    with app.test_request_context():
        ids = [make_complaint(consumer, company, status=Status.OPEN).id for _ in range(21)]
        flagger = make_user("melder@example.nl")
    client = limited_app.test_client()
    assert post_form(client, "/auth/login", {"email": flagger.email,
                                             "password": PASSWORD}).status_code == 303
    responses = [post_form(client, f"/complaints/{i}/flag", {"reason": "spam"}) for i in ids]
    assert [r.status_code for r in responses[:20]] == [303] * 20
    assert responses[20].status_code == 429
    assert "Even rustig aan" in responses[20].get_data(as_text=True)
    # Only attempts count (POST), not looking at the form; and the budget is per account.
    assert client.get(f"/complaints/{ids[0]}/flag").status_code == 200
    other = limited_app.test_client()
    assert post_form(other, "/auth/login", {"email": consumer.email,
                                            "password": PASSWORD}).status_code == 303
    assert post_form(other, f"/complaints/{ids[0]}/flag",
                     {"reason": "spam"}).status_code == 403  # the author: refused, not limited


def test_moderator_bans_and_the_banned_user_cannot_submit_or_flag(app, client, login, consumer,
                                                                  other_consumer, moderator,
                                                                  company):
    with app.test_request_context():
        published = make_complaint(other_consumer, company, status=Status.OPEN).id
    login(moderator)
    assert client.get(f"/moderation/users/{consumer.id}").status_code == 200
    response = post_form(client, f"/moderation/users/{consumer.id}/ban",
                         {"reason": "Scheldt medewerkers uit", "ground": "rule:3"})
    assert response.status_code == 303
    client.post("/auth/logout", data={"csrf_token": csrf_token(client)})
    login(consumer)
    assert client.get("/complaints/new").status_code == 403
    assert client.get(f"/complaints/{published}/flag").status_code == 403
    assert "geblokkeerd" in client.get("/account").get_data(as_text=True)
    client.post("/auth/logout", data={"csrf_token": csrf_token(client)})
    login(moderator)
    post_form(client, f"/moderation/users/{consumer.id}/unban", {"note": "excuses aangeboden"})
    with app.app_context():
        assert not db.session.get(User, consumer.id).is_banned


def test_ban_needs_a_reason_and_moderators_cannot_be_banned(app, client, login, consumer,
                                                           moderator, admin):
    login(moderator)
    response = post_form(client, f"/moderation/users/{consumer.id}/ban", {"reason": ""})
    assert response.status_code == 303
    response = post_form(client, f"/moderation/users/{admin.id}/ban", {"reason": "x"},
                         follow_redirects=True)
    assert "flash--error" in response.get_data(as_text=True)
    with app.app_context():
        assert not db.session.get(User, consumer.id).is_banned
        assert not db.session.get(User, admin.id).is_banned


# --- proposed companies ---------------------------------------------------------------------

def _propose(app, client, login, consumer, name="Nieuwbouw Telecom") -> int:
    login(consumer)
    post_form(client, "/complaints/new", {
        "company": name, "company_choice": "new", "new_company_sector": "telecom",
        "title": "Storing en geen monteur te zien", "body": STORY, "category": "outage",
        "contacts_before": "2"})
    client.post("/auth/logout", data={"csrf_token": csrf_token(client)})
    with app.app_context():
        return db.session.scalar(select(Company.id).where(
            Company.status == CompanyStatus.PROPOSED))


def test_moderator_renames_then_lists_a_proposed_company(app, client, login, consumer,
                                                        moderator):
    company_id = _propose(app, client, login, consumer, "Nieuwbouw Telekom")
    login(moderator)
    assert "Nieuwbouw Telekom" in client.get("/moderation/companies").get_data(as_text=True)
    post_form(client, f"/moderation/companies/{company_id}/rename",
              {"name": "Nieuwbouw Telecom"})
    post_form(client, f"/moderation/companies/{company_id}/approve", {})
    assert client.get("/companies/nieuwbouw-telecom").status_code == 200


def test_moderator_merges_a_proposed_company_and_its_address_redirects(app, client, login,
                                                                       consumer, moderator,
                                                                       company):
    company_id = _propose(app, client, login, consumer, "Belnet Mobiel Klantenservice")
    with app.app_context():
        old_slug = db.session.get(Company, company_id).slug
    login(moderator)
    response = post_form(client, f"/moderation/companies/{company_id}/merge",
                         {"target": "Belnet Mobiel"})
    assert response.status_code == 303
    with app.app_context():
        complaint = db.session.scalar(select(Complaint))
        assert complaint.company_id == company.id
    redirect = app.test_client().get(f"/companies/{old_slug}")
    assert redirect.status_code == 301 and redirect.location.endswith("/companies/belnet-mobiel")


def test_merge_into_an_unknown_company_says_so(app, client, login, consumer, moderator):
    company_id = _propose(app, client, login, consumer)
    login(moderator)
    response = post_form(client, f"/moderation/companies/{company_id}/merge",
                         {"target": "Bestaat Nergens"}, follow_redirects=True)
    assert "flash--error" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Company, company_id).status == CompanyStatus.PROPOSED


# --- the public log -------------------------------------------------------------------------

def test_public_log_shows_actions_and_reasons_but_no_moderator_names(app, client, login,
                                                                     consumer, moderator,
                                                                     pending):
    login(moderator)
    post_form(client, f"/moderation/complaints/{pending}/reject",
              {"reason": "spam", "note": "Alleen reclame voor een webshop.", "ground": "rule:5"})
    public = app.test_client().get("/moderation-log")
    text = public.get_data(as_text=True)
    assert public.status_code == 200
    assert "Klacht niet gepubliceerd" in text and "Het is spam of reclame" in text
    assert "Mo Derator" not in text and "moderator@example.nl" not in text
    assert "Alleen reclame voor een webshop." not in text  # the note to the author
    assert "een klacht die niet openbaar is" in text
    assert "Wachtende klacht over de storing" not in text  # a rejected title is not public
    assert "Acties per maand" in text


def test_public_log_filters_by_action_and_refuses_unknown_ones(app, client, login, moderator,
                                                               consumer, company):
    with app.test_request_context():
        first = make_complaint(consumer, company, title="Eerste klacht die gepubliceerd wordt")
        second = make_complaint(consumer, company, title="Tweede klacht die verwijderd wordt",
                                status=Status.OPEN)
        first_id, second_id = first.id, second.id
    login(moderator)
    post_form(client, f"/moderation/complaints/{first_id}/approve", {})
    post_form(client, f"/moderation/complaints/{second_id}/remove",
              {"public_reason": "Op verzoek verwijderd.", "ground": "rule:10"})
    public = app.test_client()
    only_removals = public.get("/moderation-log?action=remove").get_data(as_text=True)
    assert "Op verzoek verwijderd." in only_removals
    assert "Eerste klacht die gepubliceerd wordt" not in only_removals
    assert public.get("/moderation-log?action=account_deleted").status_code == 400
    assert public.get("/moderation-log?action=<script>").status_code == 400


def test_moderators_see_the_full_log_with_names_and_notes(app, client, login, moderator,
                                                          pending):
    login(moderator)
    post_form(client, f"/moderation/complaints/{pending}/reject",
              {"reason": "other", "note": "Gaat over de buren.", "ground": "rule:1"})
    text = client.get("/moderation/log").get_data(as_text=True)
    assert "Mo Derator" in text and "Gaat over de buren." in text


def test_moderators_add_a_rejection_reason(app, client, login, moderator, pending):
    login(moderator)
    response = post_form(client, "/moderation/reasons", {
        "label_nl": "Het is een vraag, geen klacht", "label_en": "It is a question"})
    assert response.status_code == 303
    queue = client.get(f"/moderation/complaints/{pending}/reject").get_data(as_text=True)
    assert "Het is een vraag, geen klacht" in queue
    assert post_form(client, "/moderation/reasons", {"label_nl": "x",
                                                     "label_en": ""}).status_code == 422


@pytest.mark.parametrize("path", ["/complaints/99999999999", "/complaints/0",
                                  "/complaints/99999999999/flag",
                                  "/moderation/users/99999999999",
                                  "/moderation/complaints/99999999999/edit"])
def test_ids_beyond_the_database_range_are_404_not_500(client, login, moderator, path):
    login(moderator)
    assert client.get(path).status_code == 404


def test_public_log_never_shows_the_name_of_an_unlisted_company(app, client, login, consumer,
                                                               moderator, company):
    company_id = _propose(app, client, login, consumer, "Geheimzinnig Bedrijfje")
    login(moderator)
    post_form(client, f"/moderation/companies/{company_id}/merge", {"target": "Belnet Mobiel"})
    text = app.test_client().get("/moderation-log").get_data(as_text=True)
    assert "Bedrijf samengevoegd" in text and "Geheimzinnig" not in text
    assert "een bedrijf dat niet op de site staat" in text
