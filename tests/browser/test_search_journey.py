"""A visitor searches from the header box of any page, narrows the results without
JavaScript, and a story full of markup runs nothing on the results page."""

from __future__ import annotations

import pytest

from complaints.cases.workflow import Status
from complaints.search.engines import engine
from tests.browser.conftest import screenshot
from tests.builders import make_company, make_complaint, make_user


@pytest.fixture
def stories(app, company):
    with app.test_request_context():
        make_user("moderator@example.nl", role="moderator")
        author = make_user("auteur@example.nl", display_name="Petra P.")
        energy = make_company("Stroomlijn Energie", sector="energy")
        make_complaint(author, company, status=Status.OPEN,
                       title="Storing aan de glasvezel al twee weken",
                       body="Drie storingen in één maand en de monteur kwam niet.")
        make_complaint(author, energy, status=Status.ANSWERED,
                       title="Slimme meter geeft een storing",
                       body='<img src=x onerror="alert(1)"> <script>alert(2)</script> '
                            "Storing blijft.")
        make_complaint(author, company, status=Status.PENDING,
                       title="Storing die nog niet gepubliceerd is")
        engine().refresh_word_forms()  # as `jobs run` does


def test_visitor_searches_from_the_header_and_narrows_down(page, stories):
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto("/rankings")
    page.fill("#site-search-q", "storingen")
    page.press("#site-search-q", "Enter")
    page.wait_for_url("**/search?q=storingen")
    hits = page.locator("article.complaint-card")
    assert hits.count() == 2  # "storing" and "storingen", not the waiting one
    assert page.locator("article.complaint-card mark").count() >= 2
    assert "niet gepubliceerd" not in page.content()
    screenshot(page, "search-results-desktop")
    page.click("main summary")  # the filters are folded away until asked for
    page.select_option("#sector", "energy")
    page.click("fieldset button[type=submit]")
    page.wait_for_url("**sector=energy**")
    assert page.locator("article.complaint-card").count() == 1
    assert "Slimme meter" in page.locator("article.complaint-card h3").inner_text()
    page.click("article.complaint-card h3 a")
    page.wait_for_url("**/complaints/*")
    assert dialogs == [] and page.errors == []


def test_search_works_with_the_keyboard_alone_on_a_phone(phone, stories):
    phone.goto("/")
    phone.focus("#site-search-q")
    phone.keyboard.type("glasvezel")
    phone.keyboard.press("Enter")
    phone.wait_for_url("**/search?q=glasvezel")
    assert phone.locator("article.complaint-card").count() == 1
    overflow = phone.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    assert not overflow
    screenshot(phone, "search-results-phone")
