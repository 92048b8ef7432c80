"""Next steps and escalations: when a complaint is stuck, which bodies fit, the moderators'
table of bodies, memberships on the profile, and the author's record of an escalation."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from complaints.accounts.models import User
from complaints.cases import services as cases
from complaints.cases.models import Category, Complaint
from complaints.cases.workflow import Status
from complaints.clock import today, utcnow
from complaints.companies.models import Company
from complaints.errors import AlreadyHandled, DomainError, NotAllowed
from complaints.extensions import db
from complaints.outcomes import escalations, next_steps
from complaints.outcomes.escalations import EscalationDraft
from complaints.outcomes.models import CompanyMembership, Escalation, EscalationBody
from complaints.outcomes.next_steps import Deadlock
from tests.builders import (
    make_company,
    make_complaint,
    make_representative,
    make_user,
    post_form,
    signed_in,
)


def _body(slug: str) -> EscalationBody:
    return db.session.scalar(select(EscalationBody).where(EscalationBody.slug == slug))


def _slugs(bodies) -> list[str]:
    return [body.slug for body in bodies]


def _join(company_id: int, slug: str) -> None:
    db.session.add(CompanyMembership(company_id=company_id, body_id=_body(slug).id))
    db.session.commit()


# --- the deadlock rules -----------------------------------------------------------------------

def test_a_fresh_complaint_is_not_stuck(app, consumer, moderator, company):
    with app.test_request_context():
        complaint = make_complaint(consumer, company, status=Status.OPEN)
        assert complaint.answer_due_at > utcnow()
        assert next_steps.deadlock(complaint) is None


def test_stuck_when_the_deadline_passed_without_a_reply(app, consumer, moderator, company):
    with app.test_request_context():
        complaint = make_complaint(consumer, company, status=Status.OPEN, days_ago=10)
        assert complaint.first_response_at is None
        assert next_steps.deadlock(complaint) == [Deadlock.NO_REPLY]
        complaint.first_response_at = complaint.answer_due_at - timedelta(hours=1)
        assert next_steps.deadlock(complaint) is None  # a reply in time: not stuck


def test_stuck_eight_weeks_after_publication_while_unresolved(app, consumer, moderator,
                                                              company):
    with app.test_request_context():
        complaint = make_complaint(consumer, company, status=Status.ANSWERED, days_ago=60)
        complaint.first_response_at = complaint.published_at + timedelta(hours=2)
        assert next_steps.deadlock(complaint) == [Deadlock.UNRESOLVED]
        now = complaint.published_at + next_steps.UNRESOLVED_FOR - timedelta(minutes=1)
        assert next_steps.deadlock(complaint, now) is None


def test_stuck_when_the_author_says_the_answer_is_final_until_taken_back(app, consumer,
                                                                         moderator, company):
    with app.test_request_context():
        complaint = make_complaint(consumer, company, status=Status.ANSWERED)
        complaint.first_response_at = complaint.published_at + timedelta(hours=1)
        db.session.commit()
        author = db.session.get(User, consumer.id)
        escalations.dispute_final_answer(author, complaint)
        assert next_steps.deadlock(complaint) == [Deadlock.FINAL_ANSWER]
        with pytest.raises(AlreadyHandled):
            escalations.dispute_final_answer(author, complaint)
        escalations.withdraw_dispute(author, complaint)
        assert next_steps.deadlock(complaint) is None
        with pytest.raises(AlreadyHandled):
            escalations.withdraw_dispute(author, complaint)


def test_only_the_author_of_an_answered_complaint_disputes_the_final_answer(
        app, consumer, other_consumer, moderator, company):
    with app.test_request_context():
        answered = make_complaint(consumer, company, status=Status.ANSWERED)
        opened = make_complaint(consumer, company, status=Status.OPEN)
        with pytest.raises(NotAllowed):
            escalations.dispute_final_answer(db.session.get(User, other_consumer.id), answered)
        with pytest.raises(NotAllowed):
            escalations.dispute_final_answer(db.session.get(User, moderator.id), answered)
        with pytest.raises(NotAllowed):
            escalations.dispute_final_answer(db.session.get(User, consumer.id), opened)


def test_resolving_clears_the_disputed_final_answer(app, consumer, moderator, company):
    with app.test_request_context():
        complaint = make_complaint(consumer, company, status=Status.ANSWERED, days_ago=70)
        author = db.session.get(User, consumer.id)
        escalations.dispute_final_answer(author, complaint)
        cases.resolve_complaint(author, complaint, 3)
        assert complaint.final_answer_disputed_at is None
        assert next_steps.deadlock(complaint) is None  # resolved is never stuck


# --- which bodies fit ------------------------------------------------------------------------

def _complaint_about(company: Company, author: User, category: str = "outage") -> Complaint:
    complaint = make_complaint(author, company, status=Status.OPEN)
    complaint.category_id = db.session.scalar(select(Category.id).where(
        Category.slug == category))
    db.session.commit()
    return complaint


def test_bodies_for_a_telecom_complaint_without_a_declared_membership(app, consumer,
                                                                      moderator, company):
    with app.test_request_context():
        complaint = _complaint_about(company, consumer)
        assert _slugs(next_steps.bodies_for(complaint)) == [
            "consuwijzer", "juridisch-loket", "kantonrechter"]


def test_a_declared_membership_puts_its_committee_first(app, consumer, moderator, company):
    with app.test_request_context():
        _join(company.id, "gc-telecommunicatie")
        complaint = _complaint_about(company, consumer)
        assert _slugs(next_steps.bodies_for(complaint))[0] == "gc-telecommunicatie"


def test_a_membership_of_a_committee_of_another_sector_is_not_offered(app, consumer,
                                                                      moderator, company):
    with app.test_request_context():
        owner = make_user("owner@belnet-mobiel.nl")
        make_representative(owner, company)
        row = db.session.get(Company, company.id)
        assert "gc-energie" not in _slugs(next_steps.membership_bodies(row))
        assert "gc-telecommunicatie" in _slugs(next_steps.membership_bodies(row))
        with pytest.raises(DomainError):
            next_steps.set_memberships(row, [_body("gc-energie").id])


@pytest.mark.parametrize(("sector", "category", "expected"), [
    ("finance", "billing", ["kifid", "consuwijzer", "juridisch-loket", "kantonrechter"]),
    ("government", "reachability", ["nationale-ombudsman", "consuwijzer", "juridisch-loket",
                                     "kantonrechter"]),
    ("energy", "privacy", ["consuwijzer", "autoriteit-persoonsgegevens", "juridisch-loket",
                           "kantonrechter"]),
])
def test_bodies_fit_the_sector_and_the_category(app, consumer, moderator, sector, category,
                                                expected):
    with app.test_request_context():
        company = make_company("Test Company", sector=sector, domains=["test-company.nl"])
        complaint = _complaint_about(company, consumer, category)
        assert _slugs(next_steps.bodies_for(complaint)) == expected


def test_an_inactive_body_is_not_offered(app, consumer, moderator, company):
    with app.test_request_context():
        _body("consuwijzer").active = False
        db.session.commit()
        complaint = _complaint_about(company, consumer)
        assert "consuwijzer" not in _slugs(next_steps.bodies_for(complaint))


def test_travel_members_see_both_of_their_committees(app, consumer, moderator):
    with app.test_request_context():
        company = make_company("Test Travel", sector="travel", domains=["test-travel.nl"])
        _join(company.id, "gc-openbaar-vervoer")
        _join(company.id, "gc-reizen")
        complaint = _complaint_about(company, consumer)
        assert _slugs(next_steps.bodies_for(complaint))[:2] == ["gc-reizen",
                                                               "gc-openbaar-vervoer"]


# --- the moderators' table --------------------------------------------------------------------

BODY = {"name": "Test Disputes Body", "kind": "disputes", "url": "https://example.org/disputes",
        "description_nl": "Voor geschillen.", "description_en": "For disputes.",
        "cost_nl": "Gratis.", "cost_en": "Free.", "time_limit_nl": "Een jaar.",
        "time_limit_en": "A year.", "position": "3", "active": "y"}


def test_a_moderator_adds_a_body_with_sectors_and_categories(app, moderator):
    client = signed_in(app, moderator.email)
    assert client.get("/moderation/bodies").status_code == 200
    with app.app_context():
        sector = db.session.scalar(select(Company.sector_id).limit(1)) or 1
    response = post_form(client, "/moderation/bodies/new",
                         {**BODY, "sectors": [str(sector)], "membership_required": "y"})
    assert response.status_code == 303
    with app.app_context():
        body = _body("test-disputes-body")
        assert body.url == "https://example.org/disputes"
        assert [s.id for s in body.sectors] == [sector] and body.categories == []
        assert body.membership_required and body.active and body.position == 3
    assert "Test Disputes Body" in client.get("/moderation/bodies").get_data(as_text=True)


@pytest.mark.parametrize(("field", "value"), [
    ("url", "http://example.org/"), ("url", "https://localhost"), ("url", "example.org"),
    ("name", ""), ("cost_en", ""), ("kind", "blog"), ("position", "-1"),
])
def test_a_body_with_a_wrong_field_is_refused(app, moderator, field, value):
    client = signed_in(app, moderator.email)
    response = post_form(client, "/moderation/bodies/new", {**BODY, field: value})
    assert response.status_code == 422
    with app.app_context():
        assert _body("test-disputes-body") is None


def test_a_moderator_edits_a_body_and_switches_it_off(app, moderator):
    client = signed_in(app, moderator.email)
    with app.app_context():
        body_id = _body("consuwijzer").id
    page = client.get(f"/moderation/bodies/{body_id}/edit").get_data(as_text=True)
    assert "https://www.consuwijzer.nl/" in page
    response = post_form(client, f"/moderation/bodies/{body_id}/edit",
                         {**BODY, "name": "ConsuWijzer", "kind": "regulator",
                          "url": "https://www.consuwijzer.nl/melden"})
    assert response.status_code == 303
    response = post_form(client, f"/moderation/bodies/{body_id}/edit",
                         {**BODY, "name": "ConsuWijzer", "kind": "regulator",
                          "url": "https://www.consuwijzer.nl/", "active": ""})
    with app.app_context():
        body = db.session.get(EscalationBody, body_id)
        assert body.url == "https://www.consuwijzer.nl/" and body.slug == "consuwijzer"
        assert body.active is False


# --- memberships on the profile ---------------------------------------------------------------

PROFILE = {"domains": "belnet-mobiel.nl", "description": "Telecom"}


def test_the_owner_declares_a_membership_shown_on_the_company_page(app, company):
    with app.test_request_context():
        owner = make_user("owner@belnet-mobiel.nl")
        make_representative(owner, company)
        body_id = _body("gc-telecommunicatie").id
        energy_id = _body("gc-energie").id
    client = signed_in(app, owner.email)
    form = client.get("/webcare/belnet-mobiel/profile").get_data(as_text=True)
    assert "De Geschillencommissie Telecommunicatie" in form
    assert "De Geschillencommissie Energie" not in form
    response = post_form(client, "/webcare/belnet-mobiel/profile",
                         {**PROFILE, "memberships": [str(energy_id)]})
    assert response.status_code == 422
    response = post_form(client, "/webcare/belnet-mobiel/profile",
                         {**PROFILE, "memberships": [str(body_id)]})
    assert response.status_code == 303
    with app.app_context():
        assert next_steps.declared_memberships(db.session.get(Company, company.id)) == [body_id]
    page = app.test_client().get("/companies/belnet-mobiel").get_data(as_text=True)
    assert "https://www.degeschillencommissie.nl/over-ons/commissies/telecommunicatie/" in page
    assert post_form(client, "/webcare/belnet-mobiel/profile", PROFILE).status_code == 303
    with app.app_context():
        assert next_steps.declared_memberships(db.session.get(Company, company.id)) == []


# --- escalations ------------------------------------------------------------------------------

@pytest.fixture
def stuck(app, consumer, moderator, company):
    """A complaint without a reply, past its deadline, published ten days ago."""
    with app.test_request_context():
        complaint = make_complaint(consumer, company, status=Status.OPEN, days_ago=10,
                                   title="Never an engineer at the door")
        return complaint.id


def test_the_author_records_an_escalation_and_its_outcome(app, consumer, company, stuck):
    client = signed_in(app, consumer.email)
    with app.app_context():
        body_id = _body("consuwijzer").id
    form = client.get(f"/complaints/{stuck}/escalations/new").get_data(as_text=True)
    assert "ConsuWijzer (ACM)" in form
    day = today() - timedelta(days=2)
    response = post_form(client, f"/complaints/{stuck}/escalations/new",
                         {"body": str(body_id), "escalated_on": day.isoformat(),
                          "reference": "ACM-12345"})
    assert response.status_code == 303
    with app.app_context():
        escalation = db.session.scalar(select(Escalation))
        assert (escalation.body_id, escalation.company_id, escalation.escalated_on,
                escalation.reference) == (body_id, company.id, day, "ACM-12345")
        escalation_id = escalation.id
    response = post_form(client, f"/complaints/{stuck}/escalations/{escalation_id}",
                         {"outcome": "won", "outcome_on": today().isoformat()})
    assert response.status_code == 303
    public = app.test_client().get(f"/complaints/{stuck}").get_data(as_text=True)
    assert "Geëscaleerd naar ConsuWijzer (ACM)" in public
    assert "ACM-12345" not in public  # the case number stays private


@pytest.mark.parametrize(("data", "field"), [
    ({"body": "other", "body_name": ""}, "body_name"),
    ({"body": "other", "body_name": "X"}, "body_name"),
    ({"body": "other", "body_name": "Bel 06-12345678 voor info"}, "body_name"),
    ({"body": "999999"}, "body"),
    ({"escalated_on": "{tomorrow}"}, "escalated_on"),
    ({"escalated_on": "{before}"}, "escalated_on"),
    ({"reference": "x" * 81}, "reference"),
])
def test_an_escalation_with_a_wrong_field_is_refused(app, consumer, stuck, data, field):
    client = signed_in(app, consumer.email)
    with app.app_context():
        body_id = _body("consuwijzer").id
    days = {"{tomorrow}": (today() + timedelta(days=1)).isoformat(),
            "{before}": (today() - timedelta(days=30)).isoformat()}
    values = {"body": str(body_id), "escalated_on": today().isoformat(), **data}
    values = {k: days.get(v, v) for k, v in values.items()}
    response = post_form(client, f"/complaints/{stuck}/escalations/new", values)
    assert response.status_code == 422, field
    with app.app_context():
        assert db.session.scalar(select(Escalation)) is None


def test_another_body_by_name_and_an_outcome_before_it_started(app, consumer, stuck):
    with app.test_request_context():
        author = db.session.get(User, consumer.id)
        complaint = db.session.get(Complaint, stuck)
        escalation = escalations.record_escalation(author, complaint, EscalationDraft(
            body_id=None, body_name="  Local  ombudsman ", escalated_on=today()))
        assert escalation.where == "Local ombudsman"
        with pytest.raises(DomainError) as refused:
            escalations.record_outcome(author, escalation, "won",
                                       today() - timedelta(days=1))
        assert refused.value.errors[0][0] == "outcome_on"
        with pytest.raises(DomainError):
            escalations.record_outcome(author, escalation, "triumph", today())


def test_only_the_author_of_a_published_complaint_escalates(app, consumer, other_consumer,
                                                            moderator, company):
    with app.test_request_context():
        pending = make_complaint(consumer, company)
        draft = EscalationDraft(body_id=None, body_name="Some body", escalated_on=today())
        with pytest.raises(NotAllowed):
            escalations.record_escalation(db.session.get(User, consumer.id), pending, draft)
        published = make_complaint(consumer, company, status=Status.OPEN)
        for someone in (other_consumer, moderator):
            with pytest.raises(NotAllowed):
                escalations.record_escalation(db.session.get(User, someone.id), published,
                                              draft)


def test_the_company_page_counts_escalations_and_those_won(app, consumer, moderator, company):
    with app.test_request_context():
        author = db.session.get(User, consumer.id)
        for outcome in ("won", "lost", None):
            complaint = make_complaint(author, company, status=Status.OPEN, days_ago=3)
            escalation = escalations.record_escalation(author, complaint, EscalationDraft(
                body_id=None, body_name="Some body", escalated_on=today()))
            if outcome:
                escalations.record_outcome(author, escalation, outcome, today())
        counts = escalations.counts_for(db.session.get(Company, company.id))
        assert (counts.total, counts.won) == (3, 1)
    client = app.test_client()
    post_form(client, "/language", {"lang": "en"})
    page = client.get("/companies/belnet-mobiel").get_data(as_text=True)
    assert "3 complaints were taken further" in page
    assert "1 was decided in the consumer" in page


# --- who sees the next steps ------------------------------------------------------------------

def test_only_the_author_and_moderators_see_the_next_steps(app, consumer, other_consumer,
                                                           moderator, company, stuck):
    with app.test_request_context():
        rep = make_user("rep@belnet-mobiel.nl")
        make_representative(rep, company)
    seen = {}
    for name, client in (("anonymous", app.test_client()),
                         ("consumer", signed_in(app, other_consumer.email)),
                         ("representative", signed_in(app, rep.email)),
                         ("author", signed_in(app, consumer.email)),
                         ("moderator", signed_in(app, moderator.email))):
        page = client.get(f"/complaints/{stuck}").get_data(as_text=True)
        seen[name] = 'id="next-steps"' in page
        if seen[name]:
            assert "https://www.consuwijzer.nl/" in page
            assert f"/complaints/{stuck}/dossier" in page
    assert seen == {"anonymous": False, "consumer": False, "representative": False,
                    "author": True, "moderator": True}


def test_the_author_disputes_the_final_answer_from_the_page(app, consumer, moderator,
                                                            company):
    with app.test_request_context():
        complaint = make_complaint(consumer, company, status=Status.ANSWERED)
        complaint.first_response_at = complaint.published_at + timedelta(hours=1)
        db.session.commit()
        complaint_id = complaint.id
    client = signed_in(app, consumer.email)
    page = client.get(f"/complaints/{complaint_id}").get_data(as_text=True)
    assert 'id="next-steps"' not in page and "final-answer" in page
    response = post_form(client, f"/complaints/{complaint_id}/final-answer", {})
    assert response.status_code == 303
    page = client.get(f"/complaints/{complaint_id}").get_data(as_text=True)
    assert 'id="next-steps"' in page
    assert post_form(client, f"/complaints/{complaint_id}/final-answer/withdraw",
                     {}).status_code == 303
    assert 'id="next-steps"' not in client.get(f"/complaints/{complaint_id}").get_data(
        as_text=True)
