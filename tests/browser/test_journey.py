"""The whole consumer journey in headless Chromium, as a person clicks through it."""

from __future__ import annotations

import re

from sqlalchemy import select

from complaints.cases.models import Complaint
from complaints.extensions import db
from tests.browser.conftest import screenshot
from tests.builders import PASSWORD, STORY, make_user


def _sign_in(page, email: str) -> None:
    page.goto("/auth/login")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r"/account$"))


def _sign_out(page) -> None:
    page.click("header form[action='/auth/logout'] button")
    page.wait_for_url(re.compile(r"/$"))


def test_register_verify_submit_moderate_and_see_it_public(app, page, mailbox, company):
    with app.test_request_context():
        make_user("moderator@example.nl", role="moderator", display_name="Mo Derator")

    # A visitor writes their story first; sending it asks them to sign in or register, and
    # they create an account without losing a word.
    page.goto("/")
    screenshot(page, "home-desktop")
    page.click("main .hero a[href='/complaints/new']")
    page.wait_for_url(re.compile(r"/complaints/new$"))
    # The company name is typed; everything else as a person would fill it in.
    page.fill("#company", "belnet mobiel")
    page.fill("#title", "Drie weken zonder internet en niemand belt terug")
    page.fill("#body", STORY + "\n\n- eerste keer gebeld\n- **tweede** keer gebeld")
    page.select_option("#category", "outage")
    page.fill("#contacts_before", "5")
    page.fill("#first_contact_on", "2026-03-02")
    screenshot(page, "submit-form-anonymous")
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r"/auth/login"))
    page.click("main a[href^='/auth/register']")
    page.fill("#email", "janneke@example.nl")
    page.fill("#display_name", "Janneke uit Delft")
    page.fill("#password", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r"/auth/check-mail$"))
    assert "janneke@example.nl" in page.content()

    # The mailed link verifies the address and leads back to the form, filled in.
    link = mailbox.link(mailbox.last_to("janneke@example.nl"), "/auth/verify/")
    page.goto(link)
    page.wait_for_url(re.compile(r"/complaints/new$"))
    assert page.input_value("#title") == "Drie weken zonder internet en niemand belt terug"
    assert page.input_value("#contacts_before") == "5"
    screenshot(page, "submit-form-filled")
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r"/complaints/\d+$"))
    complaint_url = page.url
    assert "badge--pending" in page.content()
    screenshot(page, "complaint-pending")

    page.goto("/account")
    assert "Drie weken zonder internet" in page.content()
    _sign_out(page)

    # Not public yet.
    response = page.goto(complaint_url)
    assert response.status == 404

    # A moderator publishes it.
    _sign_in(page, "moderator@example.nl")
    page.goto("/moderation")
    screenshot(page, "moderation-queue")
    with app.app_context():
        complaint_id = db.session.scalar(select(Complaint.id))
    # A new account's story about a quiet company: the low-risk lane, published by ticking it.
    page.check(f"#tick-{complaint_id}")
    page.click("[data-key-submit]")
    page.wait_for_url(re.compile(r"/moderation\?lane=low$"))
    assert "flash--success" in page.content()
    _sign_out(page)

    # Now it is public on the company page, and the author was told.
    page.goto("/companies/belnet-mobiel")
    screenshot(page, "company-page")
    page.click("text=Drie weken zonder internet en niemand belt terug")
    page.wait_for_url(re.compile(rf"/complaints/{complaint_id}$"))
    assert "badge--open" in page.content()
    assert "<strong>tweede</strong>" in page.inner_html(".prose")
    screenshot(page, "complaint-published")
    assert mailbox.to("janneke@example.nl")[-1].get_content().count(
        f"/complaints/{complaint_id}") == 1
    assert page.errors == []


def test_submit_with_a_new_company_works_without_javascript(app, browser, live_server, mailbox):
    with app.test_request_context():
        make_user("zonderjs@example.nl", display_name="Zonder Script")
    context = browser.new_context(base_url=live_server, java_script_enabled=False)
    page = context.new_page()
    try:
        _sign_in(page, "zonderjs@example.nl")
        page.goto("/complaints/new")
        page.fill("#company", "Stroomlijn Energie")
        page.fill("#title", "Jaarafrekening drie keer verkeerd berekend")
        page.fill("#body", STORY)
        page.select_option("#category", "billing")
        page.fill("#contacts_before", "3")
        page.click("main form button[type=submit]")
        # Unknown company: the page asks which one is meant, without any script.
        assert page.locator("#choice-new").count() == 1
        screenshot(page, "submit-unknown-company")
        page.check("#choice-new")
        page.select_option("#new_company_sector", "energy")
        page.click("main form button[type=submit]")
        page.wait_for_url(re.compile(r"/complaints/\d+$"))
        assert "Stroomlijn Energie" in page.content()
    finally:
        context.close()


def test_keyboard_user_reaches_the_skip_link_first(page):
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className")
    assert focused == "skip-link"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"


def test_company_suggestions_appear_while_typing(app, page, company):
    with app.test_request_context():
        make_user("typer@example.nl")
    _sign_in(page, "typer@example.nl")
    page.goto("/complaints/new")
    page.fill("#company", "belnet")
    # A locator wait: the page's CSP forbids the eval a string wait_for_function needs.
    page.locator("#company-suggestions option").first.wait_for(state="attached")
    assert page.eval_on_selector("#company-suggestions option", "o => o.value") == "Belnet Mobiel"
