"""Company directory and company pages through the test client."""

from __future__ import annotations

import pytest

from complaints.cases.workflow import Status
from tests.builders import make_company, make_complaint


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
