"""/rankings, its CSV, the company page figures and the home page totals and storm alert."""

from __future__ import annotations

import csv
import io

import pytest
from sqlalchemy import select

from complaints.accounts.models import User
from complaints.cases.workflow import Status
from complaints.extensions import db
from complaints.figures import services as figures
from complaints.figures.models import CompanyFigures
from complaints.threads import services as threads
from tests.builders import make_company, make_complaint, make_representative, make_user


def build_market(app) -> dict:
    """Three companies: Groot (many unresolved), Snel (answers everything fast), Klein (one
    lucky answered complaint)."""
    with app.test_request_context():
        make_user("moderator@example.nl", role="moderator")
        author = make_user("schrijver@example.nl")
        groot = make_company("Groot Telecom", sector="telecom", domains=["groot.nl"])
        snel = make_company("Snel Energie", sector="energy", domains=["snel.nl"])
        klein = make_company("Klein Winkeltje", sector="retail", domains=["klein.nl"])
        for _ in range(8):
            make_complaint(author, groot, status=Status.OPEN, days_ago=20)
        make_complaint(author, groot, status=Status.RESOLVED, days_ago=20)
        rep = make_representative(make_user("webcare@snel.nl"), snel)
        rep_user = db.session.get(User, rep.user_id)
        for _ in range(6):
            complaint = make_complaint(author, snel, status=Status.OPEN, days_ago=10)
            threads.post_reply(rep_user, complaint, "We helpen je graag verder.")
        klein_rep = make_representative(make_user("webcare@klein.nl"), klein)
        complaint = make_complaint(author, klein, status=Status.OPEN, days_ago=10)
        threads.post_reply(db.session.get(User, klein_rep.user_id), complaint, "Opgelost!")
        figures.rebuild()
        return {"groot": groot.slug, "snel": snel.slug, "klein": klein.slug}


@pytest.fixture
def market(app, request):
    """The market, made for this test; or, for tests that only read (marked `shares_data`),
    once while the tables stay as they are."""
    if request.node.get_closest_marker("shares_data"):
        return request.getfixturevalue("shared")("market", lambda: build_market(app))
    return build_market(app)


def _names(page: str) -> list[str]:
    return [name for name in ("Groot Telecom", "Snel Energie", "Klein Winkeltje")
            if name in page]


def _order(page: str, *names: str) -> bool:
    positions = [page.index(name) for name in names]
    return positions == sorted(positions)


@pytest.mark.shares_data
def test_default_ranking_is_by_unresolved_with_a_note_and_best_webcare(client, market):
    response = client.get("/rankings")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    ranking = page.split('id="best-title"')[0]
    assert _order(ranking, "Groot Telecom", "Snel Energie", "Klein Winkeltje")
    assert "Hoe lees je deze cijfers" in page
    best = page.split('id="best-title"')[1]
    assert "Snel Energie" in best and "Klein Winkeltje" not in best  # fewer than 5


@pytest.mark.shares_data
def test_rate_sorts_leave_out_small_companies_and_use_the_lower_bound(client, market):
    page = client.get("/rankings?sort=response_rate").get_data(as_text=True)
    ranking = page.split('id="best-title"')[0]
    assert "Snel Energie" in ranking and "Groot Telecom" in ranking
    assert "Klein Winkeltje" not in ranking  # 1 of 1 answered: not enough to rank
    assert _order(ranking, "Snel Energie", "Groot Telecom")


@pytest.mark.shares_data
def test_sector_and_window_filters(client, market):
    energy = client.get("/rankings?sector=energy").get_data(as_text=True)
    assert "Snel Energie" in energy.split('id="best-title"')[0]
    assert "Groot Telecom" not in energy.split('id="best-title"')[0]
    recent = client.get("/rankings?window=30d").get_data(as_text=True)
    assert "Groot Telecom" in recent


@pytest.mark.parametrize(("query", "status"), [
    # A choice the form does not offer is a bad request.
    ("window=1y", 400), ("sort=evil", 400), ("sector=nope", 400), ("window=<script>", 400),
    # A page that is not there is not found, like any page past the end.
    ("page=0", 404), ("page=abc", 404), ("page=99999", 404),
])
@pytest.mark.shares_data
def test_bad_parameters_are_refused(client, market, query, status):
    assert client.get(f"/rankings?{query}").status_code == status


@pytest.mark.shares_data
def test_csv_download_is_the_table_shown(client, market):
    response = client.get("/rankings.csv?sort=unresolved&window=12m")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert [r["company"] for r in rows] == ["Groot Telecom", "Snel Energie", "Klein Winkeltje"]
    assert rows[0]["unresolved"] == "8" and rows[0]["rank"] == "1"
    energy = list(csv.DictReader(io.StringIO(client.get(
        "/rankings.csv?sector=energy").get_data(as_text=True))))
    assert [r["company"] for r in energy] == ["Snel Energie"]
    assert float(energy[0]["response_rate"]) == 1.0


@pytest.mark.shares_data
def test_company_page_shows_figures_chart_and_categories(client, market):
    page = client.get(f"/companies/{market['snel']}").get_data(as_text=True)
    assert '<svg class="chart__svg"' in page and "<table" in page
    assert "Klachten per maand" in page
    assert "100%" in page  # answered in public
    assert client.get(f"/companies/{market['snel']}?window=30d").status_code == 200
    assert client.get(f"/companies/{market['snel']}?window=forever").status_code == 400
    filtered = client.get(f"/companies/{market['groot']}?status=resolved").get_data(as_text=True)
    assert filtered.count('class="card complaint-card"') == 1


@pytest.mark.shares_data
def test_home_shows_totals_and_the_top_of_the_ranking(client, market):
    page = client.get("/").get_data(as_text=True)
    top = page.split('id="unresolved"')[1]
    assert _order(top, "Groot Telecom", "Snel Energie")
    assert '<span class="figure__value">16</span>' in page  # published in total


def test_storm_alert_on_the_home_page(app, client, moderator):
    with app.test_request_context():
        stormy = make_company("Storm Mobiel", domains=["storm.nl"])
        author = make_user("storm@example.nl")
        for _ in range(12):
            make_complaint(author, stormy, status=Status.OPEN, days_ago=1)
    page = client.get("/").get_data(as_text=True)
    assert "Stormalarm: Storm Mobiel" in page


def test_ranking_reads_stored_figures_only(app, client, market):
    """Changing the stored row changes the page: no counting over complaints per request."""
    with app.app_context():
        row = db.session.scalar(select(CompanyFigures).where(CompanyFigures.window == "12m",
                                                             CompanyFigures.unresolved == 8))
        row.unresolved = 999
        db.session.commit()
    assert ">999<" in client.get("/rankings").get_data(as_text=True)
