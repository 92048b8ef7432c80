"""The personal-data guard and moderation, in headless Chromium as people click through them."""

from __future__ import annotations

import re

from sqlalchemy import select

from complaints.cases.models import Complaint
from complaints.extensions import db
from tests.browser.conftest import screenshot
from tests.browser.test_accessibility import _serious
from tests.browser.test_journey import _sign_in, _sign_out
from tests.builders import STORY, make_user

PHONE = "06-12345678"
IBAN = "NL91 ABNA 0417 1643 00"


def test_story_with_phone_and_iban_is_redacted_approved_and_logged(app, page, company):
    with app.test_request_context():
        make_user("moderator@example.nl", role="moderator", display_name="Mo Derator")
        make_user("kees@example.nl", display_name="Kees")

    # The consumer writes a story with a phone number and a bank account in it.
    _sign_in(page, "kees@example.nl")
    page.goto("/complaints/new")
    page.fill("#company", "Belnet Mobiel")
    page.fill("#title", "Dubbel afgeschreven en niemand belt terug")
    page.fill("#body", f"{STORY}\n\nBel me op {PHONE} of stort het terug op {IBAN}.")
    page.select_option("#category", "billing")
    page.fill("#contacts_before", "4")
    page.click("main form button[type=submit]")

    # The form comes back with what was found, in context, and the two choices.
    panel = page.locator("#pii-panel")
    assert panel.is_visible()
    marked = page.locator("#pii-panel mark.pii").all_inner_texts()
    assert marked == [PHONE, IBAN]
    assert _serious(page) == []
    screenshot(page, "submit-personal-data-found")

    # The consumer accepts the replacement.
    page.click("#pii-panel button[name=redact_pii]")
    page.wait_for_url(re.compile(r"/complaints/\d+$"))
    assert PHONE not in page.content() and "0417" not in page.content()
    assert "[afgeschermd]" in page.inner_text(".prose")
    _sign_out(page)

    # The moderator sees where the guard replaced something, highlighted, and publishes.
    _sign_in(page, "moderator@example.nl")
    page.goto("/moderation")
    assert page.locator(".queue-item mark.pii").count() == 2
    assert "1 × telefoonnummer" in page.content()
    assert _serious(page) == []
    screenshot(page, "moderation-highlights")
    with app.app_context():
        complaint_id = db.session.scalar(select(Complaint.id))
    page.click(f"form[action='/moderation/complaints/{complaint_id}/approve'] button")
    page.wait_for_url(re.compile(r"/moderation(\?lane=\w+)?$"))
    _sign_out(page)

    # The public page shows the marker and never the numbers; the log shows the approval.
    page.goto(f"/complaints/{complaint_id}")
    text = page.inner_text("main")
    assert "[afgeschermd]" in text and PHONE not in text and "0417" not in text
    screenshot(page, "complaint-redacted-public")
    page.goto("/moderation-log")
    row = page.locator("table.table--stack tbody tr").first
    assert "Klacht gepubliceerd" in row.inner_text()
    assert "Dubbel afgeschreven en niemand belt terug" in row.inner_text()
    assert "Mo Derator" not in page.content()
    assert _serious(page) == []
    screenshot(page, "moderation-log-public")
    assert page.errors == []


def test_a_reader_reports_a_complaint_and_a_moderator_dismisses_it(app, page, company):
    from complaints.cases.workflow import Status
    from tests.builders import make_complaint

    with app.test_request_context():
        make_user("moderator@example.nl", role="moderator")
        make_user("lezer@example.nl", display_name="Lezer")
        complaint_id = make_complaint(make_user("auteur@example.nl"), company,
                                      status=Status.OPEN).id
    _sign_in(page, "lezer@example.nl")
    page.goto(f"/complaints/{complaint_id}")
    page.click("text=Deze klacht melden")
    page.wait_for_url(re.compile(rf"/complaints/{complaint_id}/flag$"))
    assert _serious(page) == []
    screenshot(page, "flag-form")
    page.check("input[value=abusive]")
    page.fill("#note", "Er staat een naam van een medewerker in.")
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(rf"/complaints/{complaint_id}$"))
    assert "flash--success" in page.content()
    _sign_out(page)

    _sign_in(page, "moderator@example.nl")
    page.goto("/moderation/flags")
    assert "Er staat een naam van een medewerker in." in page.content()
    assert _serious(page) == []
    screenshot(page, "moderation-flags")
    page.click(".queue-item summary:has-text('Meldingen afwijzen')")
    page.click(f"form[action='/moderation/complaints/{complaint_id}/flags/dismiss'] button")
    page.wait_for_url(re.compile(r"/moderation/flags$"))
    assert "Geen openstaande meldingen." in page.content()
    for path, name in (("/moderation/log", "moderation-log"),
                       ("/moderation/companies", "moderation-companies"),
                       ("/moderation/reasons", "moderation-reasons"),
                       (f"/moderation/complaints/{complaint_id}/edit", "moderation-edit"),
                       (f"/moderation/complaints/{complaint_id}/remove", "moderation-remove")):
        page.goto(path)
        assert _serious(page) == [], path
        screenshot(page, name)


def test_account_pages_for_own_data_are_accessible(app, page, phone):
    with app.test_request_context():
        make_user("eigen@example.nl", display_name="Eigen Data")
    _sign_in(page, "eigen@example.nl")
    page.goto("/account/delete")
    assert _serious(page) == []
    screenshot(page, "account-delete")
    _sign_in(phone, "eigen@example.nl")
    phone.goto("/account")
    assert _serious(phone) == []
    screenshot(phone, "account-phone")
