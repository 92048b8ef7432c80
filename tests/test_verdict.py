"""The verdict in the running site: scores recomputed from /open-data/figures.csv equal what
the pages show, "onder de loep" hides the score, "would you do business with them again?" is
asked and kept, and "answered on time" follows the deadline as days pass."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from sqlalchemy import select

from complaints.accounts.models import User
from complaints.cases import services as cases
from complaints.cases.models import Complaint
from complaints.cases.workflow import Status
from complaints.clock import dutch_day, utcnow
from complaints.companies.models import Company
from complaints.demo import bulk
from complaints.errors import AlreadyHandled, DomainError, NotAllowed
from complaints.extensions import db
from complaints.figures import score as scoring
from complaints.figures import services as figures
from complaints.figures.models import CompanyFigures
from complaints.figures.open_data import FIELD_NAMES
from complaints.figures.verdict import Standing, verdict_for
from complaints.moderation import services as moderation
from complaints.moderation.models import ModAction, ModerationAction
from complaints.threads import services as threads
from tests.builders import (
    exported,
    make_complaint,
    make_representative,
    make_user,
    post_form,
    reload,
)


def _figures_csv(client) -> list[dict]:
    response = client.get("/open-data/figures.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert rows and list(rows[0]) == FIELD_NAMES
    return rows


def _recomputed(row: dict) -> float | None:
    parts = scoring.parts_of({name: int(row[name]) for name in (
        "published", "resolved", "due", "on_time", "rating_sum", "rating_count",
        "again_count", "again_yes")})
    priors = {part: float(row[f"prior_{part}"]) for part in scoring.PARTS}
    value = scoring.score(parts, priors, int(row["published"]))
    return None if value is None else scoring.shown(value)


@pytest.fixture
def bulk_site(app, client):
    with app.test_request_context():
        bulk.seed_bulk(companies=12, complaints=900, seed=7)
        slugs = dict(db.session.execute(select(Company.slug, Company.id)).all())
    return slugs


def test_every_score_recomputed_from_the_open_data_equals_what_the_pages_show(
        app, client, bulk_site):
    rows = _figures_csv(client)
    assert {row["period"] for row in rows} == {"30d", "12m", "all"}
    scored = 0
    with app.test_request_context():
        for row in rows:
            recomputed = _recomputed(row)
            assert (float(row["score"]) if row["score"] else None) == recomputed, row
            if row["period"] != "12m":
                continue
            shown = verdict_for(db.session.get(Company, bulk_site[row["company_slug"]]))
            if recomputed is None:
                assert shown.standing == Standing.TOO_LITTLE
                assert int(row["published"]) < scoring.MINIMUM
            else:
                scored += 1
                assert shown.standing == Standing.SCORED
                assert shown.score == recomputed
                assert shown.band == scoring.band(recomputed)
    assert scored >= 5  # the seed gives most companies enough complaints for a score


def test_best_webcare_keeps_its_rules_on_generated_data(app, bulk_site):
    """Over seed-bulk's companies, every period and sector: at least 3 or none, each with at
    least 10 complaints in the period and a score of 6 or more, none under review or in the
    worst places of the same ranking."""
    from complaints.companies.services import sectors
    from complaints.rankings import queries as rankings

    shown = 0
    with app.test_request_context():
        for window in ("30d", "12m", "all"):
            for sector in [None, *(s.slug for s in sectors())]:
                best = rankings.best_webcare(window, sector)
                worst = rankings.worst_places(window, sector)
                assert best == [] or len(best) >= rankings.BEST_MINIMUM_COMPANIES
                for figures_row, company in best:
                    assert figures_row.published >= scoring.MINIMUM
                    assert verdict_for(company).score >= rankings.BEST_MINIMUM_SCORE
                    assert company.id not in worst and not company.is_under_review
                shown += bool(best)
    assert shown  # the rule is not only ever met by hiding the list


def test_the_open_data_gives_no_score_while_under_review(app, client, bulk_site, moderator):
    with app.test_request_context():
        company_id = db.session.scalar(select(CompanyFigures.company_id).where(
            CompanyFigures.window == "12m", CompanyFigures.score.is_not(None)).limit(1))
        company = db.session.get(Company, company_id)
        moderation.put_under_review(reload(User, moderator), company,
                                    "Veel lovende klachten van nieuwe accounts.")
        slug = company.slug
    rows = [row for row in _figures_csv(client) if row["company_slug"] == slug]
    assert {row["under_review"] for row in rows} == {"true"}
    assert {row["score"] for row in rows} == {""}
    assert all(row["on_time"] != "" for row in rows)  # the parts stay public


# --- onder de loep --------------------------------------------------------------------------

def test_under_review_hides_the_score_is_logged_in_public_and_can_end(ctx, moderator, company):
    mod = reload(User, moderator)
    row = reload(Company, company)
    moderation.put_under_review(mod, row, "  Een golf lovende   klachten van nieuwe accounts. ",
                                "Zie de IP-adressen")
    assert row.is_under_review
    assert row.under_review_reason == "Een golf lovende klachten van nieuwe accounts."
    shown = verdict_for(row)
    assert shown.standing == Standing.UNDER_REVIEW and shown.score is None
    assert shown.review_reason == row.under_review_reason
    with pytest.raises(AlreadyHandled):  # a second moderator a moment later changes nothing
        moderation.put_under_review(mod, reload(Company, company), "Nog eens.")
    moderation.end_review(mod, reload(Company, company), "Onderzocht: niets aan de hand.")
    assert not reload(Company, company).is_under_review
    with pytest.raises(AlreadyHandled):
        moderation.end_review(mod, reload(Company, company), "Nog eens.")
    log = db.session.scalars(select(ModerationAction).where(
        ModerationAction.company_id == company.id).order_by(ModerationAction.id)).all()
    assert [(a.action, a.public_reason, a.public) for a in log] == [
        (ModAction.COMPANY_REVIEW, "Een golf lovende klachten van nieuwe accounts.", True),
        (ModAction.COMPANY_REVIEW_END, "Onderzocht: niets aan de hand.", True)]
    assert log[0].private_note == "Zie de IP-adressen"


def test_under_review_needs_a_moderator_and_a_reason(ctx, consumer, moderator, company):
    with pytest.raises(NotAllowed):
        moderation.put_under_review(reload(User, consumer), reload(Company, company), "Reden")
    with pytest.raises(DomainError) as refused:
        moderation.put_under_review(reload(User, moderator), reload(Company, company), "  ")
    assert refused.value.errors[0][0] == "public_reason"
    with pytest.raises(DomainError):
        moderation.put_under_review(reload(User, moderator), reload(Company, company), "x" * 1001)
    assert not reload(Company, company).is_under_review


def test_the_review_form_puts_a_company_under_review(app, client, login, moderator, company):
    login(moderator)
    response = post_form(client, f"/moderation/companies/{company.id}/review",
                         {"public_reason": "Verdacht veel lof van nieuwe accounts."})
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/companies/belnet-mobiel#verdict")
    public_log = client.get("/moderation-log").get_data(as_text=True)
    assert "Verdacht veel lof van nieuwe accounts." in public_log
    empty = post_form(client, f"/moderation/companies/{company.id}/end-review-typo", {})
    assert empty.status_code == 404
    again = post_form(client, f"/moderation/companies/{company.id}/review",
                      {"public_reason": "Nog een keer."})
    assert again.status_code == 303  # told it was already handled, nothing changed
    with app.app_context():
        assert reload(Company, company).under_review_reason == \
            "Verdacht veel lof van nieuwe accounts."


def test_the_review_form_needs_a_reason(app, client, login, moderator, company):
    login(moderator)
    response = post_form(client, f"/moderation/companies/{company.id}/review",
                         {"public_reason": ""})
    assert response.status_code == 303  # back to the form on the company page, with the error
    with app.app_context():
        assert not reload(Company, company).is_under_review


# --- would you do business with them again? -------------------------------------------------

def test_marking_resolved_asks_whether_they_would_do_business_again(
        app, client, login, consumer, company):
    with app.test_request_context():
        complaint = make_complaint(reload(User, consumer), company, status=Status.ANSWERED)
    login(consumer)
    page = client.get(f"/complaints/{complaint.id}").get_data(as_text=True)
    assert 'name="again"' in page and "Zou je weer klant worden bij dit bedrijf?" in page
    tampered = post_form(client, f"/complaints/{complaint.id}/resolve",
                         {"rating": "4", "again": "misschien"})
    assert tampered.status_code == 422
    with app.app_context():
        assert reload(Complaint, complaint).status == Status.ANSWERED
    response = post_form(client, f"/complaints/{complaint.id}/resolve",
                         {"rating": "4", "again": "no"})
    assert response.status_code == 303
    with app.app_context():
        row = reload(Complaint, complaint)
        assert (row.status, row.rating, row.would_do_business_again) == (
            Status.RESOLVED, 4, False)
        stored = db.session.get(CompanyFigures, (company.id, "12m"))
        assert (stored.again_count, stored.again_yes) == (1, 0)
    export = exported(client.get("/account/export"))
    mine = next(c for c in export["complaints"] if c["id"] == complaint.id)
    assert mine["would_do_business_again"] is False
    assert mine["answer_due_at"]


def test_the_resolution_question_asks_it_too(app, client, consumer, company):
    with app.test_request_context():
        complaint = make_complaint(reload(User, consumer), company, status=Status.ANSWERED)
        link = threads.answer_links(complaint)["yes"]
    path = link.split("://", 1)[-1].split("/", 1)[1]
    page = client.get("/" + path).get_data(as_text=True)
    assert 'name="again"' in page
    token = path.split("token=")[1].split("&")[0]
    response = post_form(client, f"/complaints/{complaint.id}/answer",
                         {"token": token, "answer": "yes", "again": "yes"})
    assert response.status_code == 303
    with app.app_context():
        row = reload(Complaint, complaint)
        assert (row.status, row.would_do_business_again) == (Status.RESOLVED, True)
        cases.reopen_complaint(reload(User, consumer), row)
        assert reload(Complaint, complaint).would_do_business_again is None


# --- answered on time, as days pass ---------------------------------------------------------

def test_a_complaint_without_a_reply_counts_as_late_from_the_day_after_its_deadline(
        ctx, consumer, company):
    author = reload(User, consumer)
    waiting = make_complaint(author, company, status=Status.OPEN)
    due_day = dutch_day(waiting.answer_due_at)
    row = db.session.get(CompanyFigures, (company.id, "12m"))
    assert (row.due, row.on_time) == (0, 0)  # not due yet
    figures.refresh_companies([company.id], due_day)
    assert db.session.get(CompanyFigures, (company.id, "12m")).due == 0  # due that day
    figures.refresh_companies([company.id], due_day + timedelta(days=1))
    db.session.commit()
    row = db.session.get(CompanyFigures, (company.id, "12m"))
    assert (row.due, row.on_time) == (1, 0)


def test_a_late_reply_is_answered_but_not_on_time(ctx, consumer, company):
    author = reload(User, consumer)
    old = make_complaint(author, company, status=Status.OPEN, days_ago=20)
    assert old.answer_due_at < utcnow()
    figures.refresh_companies([company.id])
    db.session.commit()
    assert db.session.get(CompanyFigures, (company.id, "12m")).due == 1
    rep = make_representative(make_user("wendy@belnet-mobiel.nl"), company)
    threads.post_reply(db.session.get(User, rep.user_id), reload(Complaint, old),
                       "Excuses, we zijn te laat.")
    assert reload(Complaint, old).answered_on_time is False
    row = db.session.get(CompanyFigures, (company.id, "12m"))
    assert (row.due, row.on_time, row.responded) == (1, 0, 1)
    on_time = make_complaint(author, company, status=Status.ANSWERED)
    assert on_time.answered_on_time is True
    row = db.session.get(CompanyFigures, (company.id, "12m"))
    assert (row.due, row.on_time) == (2, 1)
