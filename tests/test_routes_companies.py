"""Company directory and company pages through the test client."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from complaints.accounts.models import User
from complaints.cases.workflow import Status
from complaints.companies.models import Company
from complaints.extensions import db
from complaints.figures import services as figures
from complaints.figures.verdict import verdict_for
from complaints.moderation import services as moderation
from tests.builders import (
    make_company,
    make_complaint,
    make_representative,
    make_user,
    post_form,
    signed_in,
)


def test_directory_lists_companies_with_their_counts(app, client, consumer, moderator, company):
    with app.test_request_context():
        make_company("Aardgas Direct", sector="energy")
        make_complaint(consumer, company, status=Status.OPEN)
        make_complaint(consumer, company, status=Status.RESOLVED)
        make_complaint(consumer, company, status=Status.PENDING)
    text = client.get("/companies").get_data(as_text=True)
    assert "Aardgas Direct" in text and "Belnet Mobiel" in text
    row = text[text.index(">Belnet Mobiel<"):]
    assert '<td data-label="Gepubliceerde klachten" class="num">2</td>' in row or \
        'class="num">2</td>' in row


@pytest.mark.parametrize(("query", "shown", "hidden"), [
    ("letter=A", "Aardgas Direct", "Belnet Mobiel"),
    ("q=mobiel", "Belnet Mobiel", "Aardgas Direct"),
    ("sector=energy", "Aardgas Direct", "Belnet Mobiel"),
    ("letter=%23", "123 Reizen", "Belnet Mobiel"),
])
def test_directory_filters(app, client, company, query, shown, hidden):
    with app.test_request_context():
        make_company("Aardgas Direct", sector="energy")
        make_company("123 Reizen", sector="travel")
    text = client.get(f"/companies?{query}").get_data(as_text=True)
    assert shown in text and hidden not in text


@pytest.mark.parametrize("query", ["letter=AB", "letter=%3C", "sector=unknown"])
def test_directory_refuses_unknown_filters(client, query):
    assert client.get(f"/companies?{query}").status_code == 400


def test_directory_with_no_match_says_so(client, company):
    response = client.get("/companies?q=bestaatniet")
    assert response.status_code == 200
    assert 'class="empty"' in response.get_data(as_text=True)


def test_company_page_lists_only_published_complaints(app, client, consumer, moderator, company):
    with app.test_request_context():
        make_complaint(consumer, company, status=Status.ANSWERED, title="Beantwoorde klacht hier")
        make_complaint(consumer, company, status=Status.PENDING, title="Wachtende klacht hier")
    response = client.get("/companies/belnet-mobiel")
    text = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Beantwoorde klacht hier" in text and "Wachtende klacht hier" not in text
    assert "/complaints/new?company=Belnet+Mobiel" in text


def test_company_page_paginates_with_page_count(app, client, consumer, moderator, company):
    with app.test_request_context():
        for i in range(25):
            make_complaint(consumer, company, status=Status.OPEN,
                           title=f"Klacht nummer {i:02d} hier")
    text = client.get("/companies/belnet-mobiel?page=2").get_data(as_text=True)
    assert "Klacht nummer 04 hier" in text and ("2 van 2" in text or "2 of 2" in text)


def test_unknown_company_is_404(client):
    assert client.get("/companies/bestaat-niet").status_code == 404


# --- the verdict on the company page -------------------------------------------------------

def _complaints(app, consumer, company, count: int) -> None:
    """`count` published complaints about the company (every third resolved), figures rebuilt."""
    with app.test_request_context():
        for i in range(count):
            make_complaint(consumer, company, status=Status.RESOLVED if i % 3 == 0
                           else Status.OPEN, days_ago=10)
        figures.rebuild()


def _verdict_block(page: str) -> str:
    return page[page.index('id="verdict"'):page.index("</section>", page.index('id="verdict"'))]


def test_company_page_shows_the_score_with_its_word_and_headline_figures(
        app, client, consumer, moderator, company):
    _complaints(app, consumer, company, 10)
    with app.test_request_context():
        verdict = verdict_for(db.session.get(Company, company.id))
    assert verdict.score is not None
    shown = f"{verdict.score:.1f}".replace(".", ",")
    word = {"good": "goed", "fair": "redelijk", "poor": "matig", "bad": "slecht"}[verdict.band]
    page = client.get("/companies/belnet-mobiel").get_data(as_text=True)
    block = _verdict_block(page)
    assert f'class="score score--{verdict.band} score--large"' in block
    assert f'<span class="score__value">{shown}</span>' in block
    assert f'<span class="score__word">{word}</span>' in block
    assert '<a href="/about/figures">Helpdeskhel-score over de laatste 12 maanden</a>' in block
    assert "Op basis van 10 gepubliceerde klachten" in block
    for label in ("op tijd beantwoord", "opgelost", "tevredenheid", "zou weer klant worden"):
        assert label in block
    assert "4 van 10" in block  # resolved: every third of ten
    # Open Graph carries the score.
    description = re.search(r'<meta property="og:description" content="([^"]*)"', page).group(1)
    assert description.startswith(f"Helpdeskhel-score {shown} ({word}) · ")
    # The directory and the company results of a search show the same score.
    badge = f'<span class="score__value">{shown}</span><span class="score__word">{word}</span>'
    directory = client.get("/companies").get_data(as_text=True)
    assert badge in directory
    found = client.get("/search?q=belnet").get_data(as_text=True)
    assert badge in found[found.index("company-list"):]


def test_company_page_with_too_few_complaints_says_how_many_and_how_many_are_needed(
        app, client, consumer, moderator, company):
    _complaints(app, consumer, company, 3)
    page = client.get("/companies/belnet-mobiel").get_data(as_text=True)
    block = _verdict_block(page)
    assert "te weinig gegevens" in block and 'href="/about/figures#minimum"' in block
    assert "3 gepubliceerde klachten in de laatste 12 maanden" in block
    assert "minstens 10 nodig" in block
    assert "score__value" not in page
    description = re.search(r'<meta property="og:description" content="([^"]*)"', page).group(1)
    assert "Helpdeskhel-score" not in description


def test_company_page_without_complaints_still_says_why_there_is_no_score(client, company):
    block = _verdict_block(client.get("/companies/belnet-mobiel").get_data(as_text=True))
    assert "te weinig gegevens" in block and "0 gepubliceerde klachten" in block


def test_company_under_review_shows_the_reason_and_the_date_and_no_score(
        app, client, consumer, moderator, company):
    _complaints(app, consumer, company, 10)
    with app.test_request_context():
        moderation.put_under_review(db.session.get(User, moderator.id),
                                    db.session.get(Company, company.id),
                                    "Golf van vijfsterrenbeoordelingen door nieuwe accounts")
    page = client.get("/companies/belnet-mobiel").get_data(as_text=True)
    block = _verdict_block(page)
    assert "onder de loep" in block and "Onder de loep sinds" in block
    assert "Golf van vijfsterrenbeoordelingen door nieuwe accounts" in block
    assert 'href="/about/figures#review"' in block
    assert "score__value" not in page
    description = re.search(r'<meta property="og:description" content="([^"]*)"', page).group(1)
    assert "Helpdeskhel-score" not in description


def test_all_figures_sit_in_a_details_element_open_when_a_period_is_chosen(
        app, client, consumer, moderator, company):
    _complaints(app, consumer, company, 2)
    page = client.get("/companies/belnet-mobiel").get_data(as_text=True)
    assert '<details class="all-figures">' in page and "Alle cijfers" in page
    details = page[page.index('<details class="all-figures">'):page.index('id="complaints"')]
    assert "op tijd beantwoord" in details and "zou weer klant worden" in details
    assert '<svg class="chart__svg"' in details and "Hoe lees je deze cijfers" in details
    chosen = client.get("/companies/belnet-mobiel?window=30d").get_data(as_text=True)
    assert '<details class="all-figures" open>' in chosen


def test_claim_link_only_on_unclaimed_companies_and_an_invitation_note_on_claimed_ones(
        app, client, login, consumer, company):
    page = client.get("/companies/belnet-mobiel").get_data(as_text=True)
    assert 'href="/companies/belnet-mobiel/claim"' in page
    assert "eigenaar van het team" not in page and "geverifieerd" not in page
    with app.test_request_context():
        rep = make_representative(make_user("wendy@belnet-mobiel.nl"), company)
    for visitor in (client, signed_in(app, consumer.email)):
        page = visitor.get("/companies/belnet-mobiel").get_data(as_text=True)
        assert 'href="/companies/belnet-mobiel/claim"' not in page
        assert "Werk je daar? Vraag de eigenaar van het team om een uitnodiging." in page
        assert "geverifieerd" in page
    with app.app_context():
        rep_email = db.session.get(User, rep.user_id).email
    own = signed_in(app, rep_email).get("/companies/belnet-mobiel").get_data(as_text=True)
    assert 'href="/webcare/belnet-mobiel"' in own and "eigenaar van het team" not in own


def test_only_moderators_see_the_review_panel(app, client, consumer, moderator, company):
    assert 'id="review"' not in client.get("/companies/belnet-mobiel").get_data(as_text=True)
    page = signed_in(app, consumer.email).get("/companies/belnet-mobiel").get_data(as_text=True)
    assert 'id="review"' not in page
    page = signed_in(app, moderator.email).get("/companies/belnet-mobiel").get_data(as_text=True)
    panel = page[page.index('id="review"'):page.index("</section>", page.index('id="review"'))]
    assert f'action="/moderation/companies/{company.id}/review"' in panel
    assert '<label class="field__label" for="public_reason">' in panel
    assert 'name="csrf_token"' in panel and 'name="private_note"' in panel


def test_moderator_puts_a_company_under_review_and_ends_it_through_the_form(
        app, client, login, consumer, moderator, company):
    _complaints(app, consumer, company, 10)
    login(moderator)
    response = post_form(client, f"/moderation/companies/{company.id}/review",
                         {"public_reason": "Verdacht veel lof in korte tijd",
                          "private_note": "Zelfde IP-reeks"},
                         form_url="/companies/belnet-mobiel")
    assert response.status_code == 303
    assert response.location == "/companies/belnet-mobiel#verdict"
    page = client.get("/companies/belnet-mobiel").get_data(as_text=True)
    assert "Verdacht veel lof in korte tijd" in _verdict_block(page)
    assert "score__value" not in page
    assert f'action="/moderation/companies/{company.id}/review/end"' in page
    log = client.get("/moderation-log").get_data(as_text=True)
    assert "Verdacht veel lof in korte tijd" in log and "Zelfde IP-reeks" not in log

    response = post_form(client, f"/moderation/companies/{company.id}/review/end",
                         {"public_reason": "Beoordelingen nagekeken: echt"},
                         form_url="/companies/belnet-mobiel")
    assert response.status_code == 303
    page = client.get("/companies/belnet-mobiel").get_data(as_text=True)
    assert "score__value" in _verdict_block(page) and "Onder de loep sinds" not in page
    assert "Beoordelingen nagekeken: echt" in client.get("/moderation-log").get_data(as_text=True)


def test_review_without_a_public_reason_changes_nothing(app, client, login, moderator, company):
    login(moderator)
    response = post_form(client, f"/moderation/companies/{company.id}/review",
                         {"public_reason": ""}, form_url="/companies/belnet-mobiel")
    assert response.status_code == 303
    assert response.location == "/companies/belnet-mobiel#review"
    with app.app_context():
        assert db.session.scalar(select(Company.under_review_since)) is None


def test_non_moderator_cannot_put_a_company_under_review(app, client, login, consumer, company):
    login(consumer)
    response = post_form(client, f"/moderation/companies/{company.id}/review",
                         {"public_reason": "Ik vind ze niet leuk"})
    assert response.status_code == 403
    with app.app_context():
        assert db.session.scalar(select(Company.under_review_since)) is None
