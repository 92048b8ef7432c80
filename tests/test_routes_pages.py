"""Home, health check, language switch and error pages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from complaints import create_app
from complaints.cases.workflow import Status
from complaints.config import TestingConfig
from complaints.extensions import db
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


def test_home_cards_show_excerpt_reply_state_support_and_the_companys_score(app, client,
                                                                           consumer, moderator,
                                                                           company):
    with app.test_request_context():
        waiting = make_complaint(consumer, company, status=Status.OPEN, days_ago=2,
                                 contacts_before=3, body="Een verhaal **met** opmaak. " * 20)
        waiting.supporters_count = 1
        resolved = make_complaint(consumer, company, status=Status.RESOLVED)
        resolved.rating = 5
        db.session.commit()
    text = client.get("/").get_data(as_text=True)
    assert 'class="complaint-card__excerpt">Een verhaal met opmaak. Een verhaal' in text
    assert "<strong>met</strong>" not in text
    assert "Nog geen reactie, 2 dagen" in text and "Bedrijf reageerde na 1 uur" in text
    assert "1× ik ook" in text and "3 keer contact gezocht vóór deze klacht" in text
    assert 'aria-label="Beoordeling van de afhandeling: 5 van de 5"' in text
    assert text.count("te weinig gegevens") == 3  # two cards, and the top of the ranking


# --- colour: brand red for the brand and the main call to action, a colour per status -------

CSS = Path(__file__).resolve().parent.parent / "static" / "css" / "site.css"


def _css() -> tuple[str, dict[str, str]]:
    css = re.sub(r"/\*.*?\*/", "", CSS.read_text(), flags=re.S)
    root = re.search(r":root\s*\{([^}]*)\}", css).group(1)
    return css, dict(re.findall(r"(--[\w-]+)\s*:\s*([^;]+);", root))


def _colour(value: str, variables: dict[str, str]) -> str:
    value = value.strip()
    while value.startswith("var("):
        value = variables[value[4:-1].strip()].strip()
    return value


def _luminance(hex_colour: str) -> float:
    digits = hex_colour.lstrip("#")
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    channels = [int(digits[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(one: str, other: str) -> float:
    light, dark = sorted((_luminance(one), _luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _declarations(css: str, selector: str) -> dict[str, str]:
    """The declarations of the rule whose selector list includes `selector` exactly."""
    for selectors, body in re.findall(r"([^{}]+)\{([^}]*)\}", css):
        if selector in [s.strip() for s in selectors.split(",")]:
            return {name.strip(): value.strip() for name, value in
                    re.findall(r"([\w-]+)\s*:\s*([^;]+)", body)}
    raise AssertionError(f"no rule for {selector}")


def test_the_stylesheet_closes_every_block_it_opens():
    """A lost brace puts every rule after it inside the media query before it (desktop pages
    then look like phone pages); nothing else in the suite would notice. Rules written at the
    start of a line stand at the top level; those inside a media query are indented."""
    css, _ = _css()
    depth = 0
    for number, line in enumerate(css.splitlines(), start=1):
        if line[:1] not in ("", " ", "}"):
            assert depth == 0, f"line {number} starts a rule inside an unclosed block: {line}"
        depth += line.count("{") - line.count("}")
        assert depth >= 0, f"line {number} closes more than was opened"
    assert depth == 0


def test_every_status_has_its_own_colours_and_they_pass_wcag_aa():
    css, variables = _css()
    pairs = {}
    for status in Status:
        rule = _declarations(css, f".badge--{status.value}")
        pairs[status] = (_colour(rule["color"], variables), _colour(rule["background"], variables))
        assert contrast(*pairs[status]) >= 4.5, (status, pairs[status])
    assert len(set(pairs.values())) == len(pairs), "two statuses share their colours"
    brand = {_colour("var(--brand)", variables), _colour("var(--brand-dark)", variables)}
    assert not brand & {colour for pair in pairs.values() for colour in pair}


def test_brand_red_is_for_the_logo_and_the_main_call_to_action_only():
    css, variables = _css()
    users = [selectors.strip() for selectors, body in re.findall(r"([^{}]+)\{([^}]*)\}", css)
             if "var(--brand" in body]
    assert users == [".brand__mark", ".button", ".button:hover"]
    button = _declarations(css, ".button")
    assert contrast(_colour(button["color"], variables),
                    _colour(button["background"], variables)) >= 4.5
    paper = _colour("var(--paper)", variables)
    for kind in ("replied", "waiting"):
        colour = _colour(_declarations(css, f".reply-state--{kind}")["color"], variables)
        assert contrast(colour, paper) >= 4.5


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


ABOUT_PAGES = {
    "/about": ("Over Helpdeskhel", "About Helpdeskhel"),
    "/about/how-it-works": ("Zo werkt het", "How it works"),
    "/about/terms": ("Huisregels", "House rules"),
    "/about/privacy": ("Privacyverklaring", "Privacy statement"),
    "/about/contact": ("Contact", "Contact"),
}


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("path", list(ABOUT_PAGES))
def test_about_pages_answer_in_both_languages_with_one_h1_and_a_footer_link(client, path, lang):
    if lang == "en":
        post_form(client, "/language", {"lang": "en", "next": "/"})
    response = client.get(path)
    page = response.get_data(as_text=True)
    title = ABOUT_PAGES[path][lang == "en"]
    assert response.status_code == 200
    assert page.count("<h1") == 1 and f"<h1>{title}</h1>" in page
    assert f'<html lang="{lang}"' in page
    footer = client.get("/").get_data(as_text=True)
    footer = footer[footer.index('class="site-footer"'):]
    assert f'href="{path}"' in footer


def test_house_rules_are_numbered_from_one_with_an_anchor_each(client):
    from complaints.pages.house_rules import HOUSE_RULES, rule

    numbers = [r.number for r in HOUSE_RULES]
    assert numbers == list(range(1, len(HOUSE_RULES) + 1)) and len(numbers) >= 8
    page = client.get("/about/terms").get_data(as_text=True)
    positions = [page.index(f'id="rule-{n}" value="{n}"') for n in numbers]
    assert positions == sorted(positions)
    assert 'id="rule-0"' not in page and f'id="rule-{len(numbers) + 1}"' not in page
    assert rule(2).anchor == "rule-2" and "persoonsgegevens" in page
    with pytest.raises(KeyError):
        rule(len(numbers) + 1)


def test_privacy_statement_names_the_rights_and_links_export_and_delete(client):
    page = client.get("/about/privacy").get_data(as_text=True)
    for right in ("Inzage", "Rectificatie", "Verwijdering", "Bezwaar",
                  "Autoriteit Persoonsgegevens"):
        assert right in page
    assert 'href="/account/export"' in page and 'href="/account/delete"' in page
    for anchor in ('id="stored"', 'id="cookies"', 'id="processors"', 'id="rights"'):
        assert anchor in page
    assert "Geen statistiekdiensten" in page  # no analytics, said plainly


def test_contact_page_and_privacy_statement_show_the_configured_address(app, client,
                                                                       monkeypatch):
    # The app lives for the whole run: the setting goes back when this test ends.
    monkeypatch.setitem(app.config, "CONTACT_EMAIL", "post@klachten.example")
    for path in ("/about/contact", "/about/privacy"):
        page = client.get(path).get_data(as_text=True)
        assert '<a href="mailto:post@klachten.example">post@klachten.example</a>' in page


def test_contact_email_has_a_default():
    assert TestingConfig.CONTACT_EMAIL == "contact@helpdeskhel.nl"


def test_about_pages_link_each_other_and_mark_the_current_one(client):
    page = client.get("/about/how-it-works").get_data(as_text=True)
    nav = page[page.index('class="about-nav"'):]
    assert '<a href="/about/how-it-works" aria-current="page">' in nav
    for path in ABOUT_PAGES:
        assert f'href="{path}"' in nav
    assert page.count("<details>") >= 6 and 'href="/about/figures"' in page
