"""Home, health check, language switch and error pages."""

from __future__ import annotations

import pytest

from complaints import create_app
from complaints.cases.workflow import Status
from complaints.config import TestingConfig
from complaints.figures import score as scoring
from tests.builders import make_complaint, post_form


def test_home_shows_latest_published_and_most_unresolved(app, client, consumer, moderator,
                                                         company):
    with app.test_request_context():
        make_complaint(consumer, company, status=Status.OPEN, title="Zichtbare klacht op home")
        make_complaint(consumer, company, status=Status.PENDING, title="Verborgen klacht")
    text = client.get("/").get_data(as_text=True)
    assert "Zichtbare klacht op home" in text and "Verborgen klacht" not in text
    assert 'href="/companies/belnet-mobiel"' in text
    assert 'href="/complaints/new"' in text


def test_home_without_complaints_invites_the_first_story(client):
    response = client.get("/")
    assert response.status_code == 200
    assert 'class="empty"' in response.get_data(as_text=True)


def test_healthz_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.get_json() == {"status": "ok"}


def _broken_database_app(tmp_path):
    class Broken(TestingConfig):
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path}/missing-folder/db.sqlite"

    return create_app(Broken)


def test_healthz_503_when_the_database_is_unavailable(tmp_path, app):
    broken = _broken_database_app(tmp_path)
    response = broken.test_client().get("/healthz")
    assert response.status_code == 503 and response.get_json() == {"status": "unavailable"}


def test_pages_give_a_friendly_503_when_the_database_is_unavailable(tmp_path, app):
    broken = _broken_database_app(tmp_path)
    response = broken.test_client().get("/complaints")
    assert response.status_code == 503
    assert "<h1>" in response.get_data(as_text=True)


def test_an_unexpected_error_gives_the_500_page_in_the_site_layout(tmp_path, database_url):
    class Live(TestingConfig):
        SQLALCHEMY_DATABASE_URI = database_url
        TESTING = False  # errors are handled as in production, not raised into the test

    application = create_app(Live)

    @application.route("/boom")
    def boom():
        raise RuntimeError("a bug")

    response = application.test_client().get("/boom")
    page = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Er ging bij ons iets mis" in page and 'class="site-header"' in page
    assert "a bug" not in page and "Traceback" not in page


def test_unknown_page_gives_404_in_the_site_layout(client):
    response = client.get("/no-such-page")
    page = response.get_data(as_text=True)
    assert response.status_code == 404 and 'class="site-header"' in page


def test_dutch_by_default_english_on_request(client, login, consumer, app):
    page = client.get("/").get_data(as_text=True)
    assert '<html lang="nl">' in page
    response = post_form(client, "/language", {"lang": "en", "next": "/companies"})
    assert response.status_code == 303 and response.location == "/companies"
    assert '<html lang="en">' in client.get("/").get_data(as_text=True)
    # Signing in keeps the choice, and it is saved on the account.
    login(consumer)
    assert '<html lang="en">' in client.get("/").get_data(as_text=True)
    other = app.test_client()
    post_form(other, "/auth/login", {"email": consumer.email,
                                     "password": "correct horse battery staple"})
    assert '<html lang="en">' in other.get("/").get_data(as_text=True)


def test_language_switch_refuses_unknown_language_and_foreign_next(client):
    assert post_form(client, "/language", {"lang": "de"}).status_code == 400
    response = post_form(client, "/language", {"lang": "en", "next": "https://evil.example/"})
    assert response.location == "/"
    assert client.post("/language", data={"lang": "en"}).status_code == 400


def test_error_pages_use_the_site_layout(client):
    for url, method, code in [("/bestaat-niet", "get", 404), ("/healthz", "post", 405),
                              ("/complaints/1/withdraw", "get", 405)]:
        response = getattr(client, method)(url)
        assert response.status_code == code
        if url != "/healthz":
            text = response.get_data(as_text=True)
            assert 'class="site-header"' in text and f"{code}" in text


def test_oversized_request_is_413(client):
    response = client.post("/auth/login", data={"email": "x" * (2 * 1024 * 1024)})
    assert response.status_code == 413


def test_user_text_never_lands_unescaped_in_pages(app, client, moderator, company):
    from tests.builders import make_user

    with app.test_request_context():
        author = make_user("xss@example.nl", display_name='<img src=x onerror=alert(1)>')
        complaint = make_complaint(author, company, status=Status.OPEN,
                                   title='"><script>alert(1)</script> titel',
                                   desired_outcome="<b>vet</b>")
    for url in ("/", "/complaints", "/companies/belnet-mobiel", f"/complaints/{complaint.id}"):
        text = client.get(url).get_data(as_text=True)
        assert "<script>alert(1)" not in text and "<img src=x" not in text, url
        assert "<b>vet</b>" not in text


# --- /about/figures ------------------------------------------------------------------------

# The worked example's inputs, written out again here: the page must show what the score's
# own code makes of them.
EXAMPLE = {"published": 40, "due": 36, "on_time": 30, "resolved": 12, "rating_sum": 32,
           "rating_count": 10, "again_count": 8, "again_yes": 4}
EXAMPLE_PRIORS = {"on_time": 0.6, "resolved": 0.3, "satisfaction": 0.5, "again": 0.45}


@pytest.mark.parametrize(("lang", "decimal", "word", "title"), [
    ("nl", ",", "matig", "Hoe we tellen"),
    ("en", ".", "poor", "How we count"),
])
def test_about_figures_shows_the_worked_example_as_the_code_computes_it(
        client, lang, decimal, word, title):
    expected = scoring.score(scoring.parts_of(EXAMPLE), EXAMPLE_PRIORS, EXAMPLE["published"])
    shown = f"{scoring.shown(expected):.1f}".replace(".", decimal)
    if lang == "en":
        post_form(client, "/language", {"lang": "en", "next": "/"})
    response = client.get("/about/figures")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and f"<h1>{title}</h1>" in page
    result = page[page.index('id="example-score"'):]
    result = result[:result.index("</p>")]
    assert f"= {expected:.2f}".replace(".", decimal) in result
    assert f'<span class="score__value">{shown}</span>' in result
    assert f'<span class="score__word">{word}</span>' in result
    assert shown == ("5,1" if lang == "nl" else "5.1")  # the figure the prose was written for
    for anchor in ('id="minimum"', 'id="review"', 'id="example"', 'id="no-payment"',
                   'href="/open-data/figures.csv"'):
        assert anchor in page


def test_about_figures_explains_the_checks_and_that_nobody_can_pay(client):
    page = client.get("/about/figures").get_data(as_text=True)
    assert "aankoopbewijs" in page and "persoonsgegevenscontrole" in page
    assert "Geen bedrijf kan betalen" in page and "Europese regels" in page
    assert "(k + 10 × p₀) ÷ (n + 10)" in page


def test_footer_links_to_how_we_count(client):
    page = client.get("/").get_data(as_text=True)
    footer = page[page.index('class="site-footer"'):]
    assert '<a href="/about/figures">Hoe we tellen</a>' in footer
