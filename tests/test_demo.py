"""seed-demo: the demo data set loads once, through the real state machine, and stays right."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from sqlalchemy import func, select

from complaints.accounts.models import User
from complaints.cases.models import Complaint, ComplaintEvent
from complaints.cases.workflow import PUBLIC_STATUSES, UNRESOLVED_STATUSES, Status
from complaints.clock import utcnow
from complaints.companies.models import Company
from complaints.demo.dataset import (
    AUTHORS,
    COMPANIES,
    COMPANY_HISTORY,
    COMPLAINTS,
    FLAGS,
    NOTICES,
    PROPOSED_COMPANIES,
    REPRESENTATIVES,
)
from complaints.dueprocess import statements, transparency
from complaints.dueprocess.models import Appeal, Statement
from complaints.extensions import db
from complaints.figures.verdict import Standing, verdict_for
from complaints.moderation.models import Flag, ModerationAction
from complaints.pii import find_personal_data
from complaints.threads.models import PrivateMessage, Reply, Voice
from complaints.webcare.models import Representative


@pytest.fixture
def seeded(app, runner, shared):
    """The demo data, loaded once for the tests that only read it (marked `shares_data`)."""
    def load():
        result = runner.invoke(args=["seed-demo", "--if-empty"])
        assert result.exit_code == 0, result.output
        assert "Demo data loaded" in result.output
        return result
    return shared("demo", load)


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


# The generated year before the hand-written stories (COMPANY_HISTORY in companies.toml).
HISTORY = sum(history["complaints"] for history in COMPANY_HISTORY.values())
ALL_COMPLAINTS = len(COMPLAINTS) + HISTORY


@pytest.mark.shares_data
def test_seed_demo_loads_every_company_author_and_complaint(app, seeded):
    with app.app_context():
        assert count(Company) == len(COMPANIES) + len(PROPOSED_COMPANIES)
        assert count(Complaint) == ALL_COMPLAINTS
        assert count(User) == len(AUTHORS) + 2 + len(REPRESENTATIVES)  # and two moderators
        assert count(Representative) == len(REPRESENTATIVES)
        assert count(Flag) == len(FLAGS)


@pytest.mark.shares_data
def test_seed_demo_covers_every_status(app, seeded):
    with app.app_context():
        statuses = Counter(db.session.scalars(select(Complaint.status)))
        assert set(statuses) == set(Status)
        titles = {item["title"] for item in COMPLAINTS}
        written = Counter(db.session.scalars(select(Complaint.status).where(
            Complaint.title.in_(titles))))
        assert written == Counter(Status(item["status"]) for item in COMPLAINTS)
        generated = statuses - written
        assert sum(generated.values()) == HISTORY
        assert set(generated) <= {Status.OPEN, Status.ANSWERED, Status.RESOLVED}


@pytest.mark.shares_data
def test_every_demo_company_shows_a_score_or_why_not(app, seeded):
    """Some companies have a score in every band the demo can show, the rest too few."""
    with app.test_request_context():
        verdicts = {c.slug: verdict_for(c) for c in db.session.scalars(
            select(Company).where(Company.status == "listed"))}
        scored = {slug: v for slug, v in verdicts.items() if v.standing == Standing.SCORED}
        assert set(scored) == set(COMPANY_HISTORY)
        assert all(v.published >= 10 for v in scored.values())
        assert {v.band for v in scored.values()} >= {"fair", "poor", "bad"}
        assert sum(v.score >= 6 for v in scored.values()) >= 3  # best webcare can show
        others = [v for slug, v in verdicts.items() if slug not in scored]
        assert others and all(v.standing == Standing.TOO_LITTLE and v.needed > 0
                              for v in others)


@pytest.mark.shares_data
def test_the_generated_demo_stories_hold_no_personal_data(app, seeded):
    titles = {item["title"] for item in COMPLAINTS}
    with app.app_context():
        for title, body in db.session.execute(select(Complaint.title, Complaint.body_source)
                                              .where(Complaint.title.not_in(titles))):
            assert find_personal_data(title) == [] and find_personal_data(body) == [], title


@pytest.mark.shares_data
def test_seed_demo_twice_with_if_empty_adds_nothing(app, runner, seeded):
    result = runner.invoke(args=["seed-demo", "--if-empty"])
    assert result.exit_code == 0 and "already holds data" in result.output
    with app.app_context():
        assert count(Complaint) == ALL_COMPLAINTS
        assert count(Company) == len(COMPANIES) + len(PROPOSED_COMPANIES)


@pytest.mark.shares_data
def test_seed_demo_refuses_a_database_with_data(app, runner, seeded):
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code != 0 and "empty database" in result.output
    with app.app_context():
        assert count(Complaint) == ALL_COMPLAINTS


@pytest.mark.shares_data
def test_stored_company_figures_equal_a_recount(app, seeded):
    with app.app_context():
        for company in db.session.scalars(select(Company)):
            statuses = list(db.session.scalars(
                select(Complaint.status).where(Complaint.company_id == company.id)))
            assert company.published_count == sum(s in PUBLIC_STATUSES for s in statuses)
            assert company.unresolved_count == sum(s in UNRESOLVED_STATUSES for s in statuses)


@pytest.mark.shares_data
def test_every_complaint_has_its_history_in_order_and_in_the_past(app, seeded):
    now = utcnow()
    with app.app_context():
        for complaint in db.session.scalars(select(Complaint)):
            events = db.session.scalars(
                select(ComplaintEvent).where(ComplaintEvent.complaint_id == complaint.id)
                .order_by(ComplaintEvent.id)).all()
            assert events, complaint.title
            assert events[-1].to_status == complaint.status
            times = [event.created_at for event in events]
            assert times == sorted(times) and times[-1] <= now
            if complaint.status in PUBLIC_STATUSES:
                assert complaint.published_at is not None


# Digit runs (customer numbers, BSN, phone numbers), e-mail addresses, IBANs and postcodes.
PERSONAL = re.compile(r"\d{6,}|\d[\d -]{8,}\d|@|\b[A-Z]{2}\d{2} ?[A-Z]{4}|\b\d{4} ?[A-Z]{2}\b")


def test_demo_text_holds_no_personal_data():
    for item in COMPLAINTS:
        for text in (item["title"], item["body"], item["desired_outcome"]):
            assert not PERSONAL.search(text), text


def test_demo_companies_are_fictional():
    for company in COMPANIES:
        assert all(domain.endswith(".example") for domain in company["domains"])
    for company in PROPOSED_COMPANIES:
        assert company["website"].endswith(".example")


def test_the_personal_data_guard_finds_nothing_in_the_demo_stories():
    for item in COMPLAINTS:
        for text in (item["title"], item["body"], item["desired_outcome"]):
            assert find_personal_data(text) == [], text


@pytest.mark.shares_data
def test_moderator_actions_of_the_demo_are_in_the_log(app, seeded):
    with app.app_context():
        # What was written for an author never stands in the public log.
        written = {item["rejection_reason"] for item in COMPLAINTS if "rejection_reason" in item}
        public = set(db.session.scalars(select(ModerationAction.public_reason)))
        assert written and not written & public
        logged = Counter(db.session.scalars(select(ModerationAction.action)))
        statuses = Counter(item["status"] for item in COMPLAINTS)
        assert logged["reject"] == statuses["rejected"]
        assert logged["remove"] == statuses["removed"]
        assert logged["approve"] == count(Complaint) - statuses["pending"] - statuses[
            "rejected"] - sum(1 for item in COMPLAINTS if item["status"] == "withdrawn"
                              and item["days_ago"] % 2)


@pytest.mark.shares_data
def test_the_transparency_report_shows_the_demo_decisions(app, client, seeded):
    with app.test_request_context():
        years = transparency.report().years.values()
        appeals = list(db.session.scalars(select(Appeal)))
        # A statement for each decided notice and for each rejection (the demo consumer's
        # account lists one of those).
        rejected = sum(item["status"] == "rejected" for item in COMPLAINTS)
        assert count(Statement) == sum(item["outcome"] != "open" for item in NOTICES) + rejected
        consumer = db.session.scalar(select(User).where(
            User.email == "consument@demo.helpdeskhel.nl"))
        assert [s.decision for s in statements.for_user(consumer)] == ["reject"]
        assert all(a.decided_by_id != a.statement.decided_by_id for a in appeals)
    assert sum(year.notices for year in years) == len(NOTICES)
    assert sum(year.notices_decided for year in years) == sum(
        item["outcome"] != "open" for item in NOTICES)
    assert sum(year.appeals for year in years) == sum("appeal" in item for item in NOTICES)
    assert sum(year.reversals for year in years) == sum(
        item.get("appeal") == "reversed" for item in NOTICES) > 0
    assert client.get("/transparency").status_code == 200


@pytest.mark.shares_data
def test_every_answered_complaint_has_a_signed_company_reply(app, seeded):
    with app.app_context():
        for complaint in db.session.scalars(select(Complaint).where(
                Complaint.first_response_at.is_not(None))):
            replies = db.session.scalars(select(Reply).where(
                Reply.complaint_id == complaint.id, Reply.voice == Voice.COMPANY)).all()
            assert replies, complaint.title
            assert replies[0].created_at == complaint.first_response_at
            assert replies[0].signature_name and replies[0].signature_title
        assert count(PrivateMessage) > 0
        assert all(c.is_claimed for c in db.session.scalars(
            select(Company).where(Company.published_count > 0)))


@pytest.mark.shares_data
@pytest.mark.parametrize("email", ["consument@demo.helpdeskhel.nl",
                                   "moderator@demo.helpdeskhel.nl",
                                   "webcare@zendgolf-mobiel.example",
                                   "webcare@stroomlijn-energie.example"])
def test_the_demo_log_ins_of_the_readme_work(app, seeded, email):
    from complaints.demo.seed import DEMO_PASSWORD
    from tests.builders import post_form

    client = app.test_client()
    response = post_form(client, "/auth/login", {"email": email, "password": DEMO_PASSWORD})
    assert response.status_code == 303, email


@pytest.mark.shares_data
def test_stored_support_counts_equal_the_supports(app, seeded):
    from complaints.threads.models import Support

    with app.app_context():
        for complaint in db.session.scalars(select(Complaint)):
            supports = db.session.scalar(select(func.count()).select_from(Support).where(
                Support.complaint_id == complaint.id))
            assert complaint.supporters_count == supports


def test_seed_demo_refuses_to_run_in_production(app, runner):
    app.config["DEMO_DATA_ALLOWED"] = False
    try:
        result = runner.invoke(args=["seed-demo"])
    finally:
        app.config["DEMO_DATA_ALLOWED"] = True
    assert result.exit_code != 0 and "production" in result.output
    with app.app_context():
        assert count(Company) == 0


@pytest.mark.shares_data
def test_the_demo_shows_where_complaints_end_up(app, seeded):
    """Complaints before and after their deadline, kept and broken promises, a promise waiting
    for the demo consumer's answer, a deadlock with its next steps, an escalation with its
    outcome (issue 17)."""
    from complaints.outcomes import next_steps
    from complaints.outcomes.models import Escalation, Promise, PromiseFigures

    with app.test_request_context():
        now = utcnow()
        public = list(db.session.scalars(select(Complaint).where(
            Complaint.status == Status.OPEN, Complaint.first_response_at.is_(None))))
        assert any(c.answer_due_at > now for c in public)
        assert any(c.answer_due_at < now for c in public)
        outcomes = Counter(p.outcome for p in db.session.scalars(select(Promise)))
        assert outcomes["kept"] >= 2 and outcomes["not_kept"] >= 2 and outcomes[None] >= 2
        figures = {f.company_id: f for f in db.session.scalars(select(PromiseFigures))}
        assert sum(f.kept for f in figures.values()) == outcomes["kept"]
        assert sum(f.returned_cents for f in figures.values()) == 8400 + 3500
        consumer = db.session.scalar(select(User).where(
            User.email == "consument@demo.helpdeskhel.nl"))
        mine = list(db.session.scalars(select(Complaint).where(
            Complaint.author_id == consumer.id)))
        stuck = [c for c in mine if next_steps.deadlock(c, now)]
        assert len(stuck) >= 2 and all(next_steps.bodies_for(c) for c in stuck)
        [escalation] = db.session.scalars(select(Escalation)).all()
        assert escalation.complaint.author_id == consumer.id and escalation.outcome == "won"
        waiting = db.session.scalar(select(Promise).where(
            Promise.complaint_id.in_([c.id for c in mine]), Promise.outcome.is_(None),
            Promise.asked_at.is_not(None)))
        assert waiting is not None
