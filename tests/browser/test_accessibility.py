"""axe-core on the key pages (no serious or critical violation) and screenshots to look at."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from complaints.cases.workflow import Status
from tests.browser.conftest import screenshot
from tests.builders import PASSWORD, make_complaint, make_user

AXE = Axe()


def _serious(page) -> list[str]:
    results = AXE.run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.fixture
def published(app, company):
    with app.test_request_context():
        make_user("moderator@example.nl", role="moderator")
        author = make_user("auteur@example.nl", display_name="Petra P.")
        complaint = make_complaint(
            author, company, status=Status.ANSWERED,
            title="Monteur kwam drie keer niet opdagen",
            body="Op **maandag** zou de monteur komen.\n\n- eerste afspraak gemist\n"
                 "- tweede afspraak gemist\n\nIk heb [hun site](https://example.nl) bekeken.",
            desired_outcome="Een monteur die komt, en de maand terug.")
        for i in range(3):
            make_complaint(author, company, status=Status.OPEN,
                           title=f"Factuur {i + 1} klopt weer niet met mijn abonnement")
        return complaint.id


def _sign_in(page, email):
    page.goto("/auth/login")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url("**/account")


@pytest.mark.parametrize(("name", "path"), [
    ("home", "/"),
    ("complaints", "/complaints"),
    ("complaint", "/complaints/{id}"),
    ("companies", "/companies"),
    ("company", "/companies/belnet-mobiel"),
    ("login", "/auth/login"),
    ("register", "/auth/register"),
    ("not-found", "/bestaat-niet"),
    ("rankings", "/rankings"),
    ("open-data", "/open-data"),
    ("moderation-log", "/moderation-log"),
    ("search", "/search?q=factuur"),
    ("search-nothing", "/search?q=%21%21%21"),
    ("search-no-results", "/search?q=onvindbaar&sector=energy"),
])
def test_public_pages_have_no_serious_violations(page, phone, published, name, path):
    url = path.format(id=published)
    page.goto(url)
    assert _serious(page) == []
    screenshot(page, f"{name}-desktop")
    phone.goto(url)
    assert _serious(phone) == []
    screenshot(phone, f"{name}-phone")
    overflow = phone.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    assert not overflow, f"{name} scrolls sideways on a phone"


def test_submit_form_has_no_serious_violations(app, page, phone, published):
    _sign_in(page, "auteur@example.nl")
    page.goto("/complaints/new")
    assert _serious(page) == []
    screenshot(page, "submit-form-desktop")
    page.click("main form button[type=submit]")  # empty: every error shown
    assert _serious(page) == []
    screenshot(page, "submit-form-errors")
    _sign_in(phone, "auteur@example.nl")
    phone.goto("/complaints/new")
    assert _serious(phone) == []
    screenshot(phone, "submit-form-phone")


def test_moderation_and_account_have_no_serious_violations(app, page, published, company):
    with app.test_request_context():
        make_complaint(make_user("nieuw@example.nl"), company,
                       title="Wachtende klacht over een gemiste afspraak")
    _sign_in(page, "auteur@example.nl")
    assert _serious(page) == []
    screenshot(page, "account-desktop")
    page.click("header form[action='/auth/logout'] button")
    _sign_in(page, "moderator@example.nl")
    page.goto("/moderation")
    assert _serious(page) == []
    screenshot(page, "moderation-desktop")
