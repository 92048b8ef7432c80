"""A company answers in public, in headless Chromium: claim by e-mail link, public reply,
private message; the consumer reads it and marks the complaint resolved with a rating."""

from __future__ import annotations

import re

from complaints.cases.workflow import Status
from tests.browser.conftest import screenshot
from tests.browser.test_accessibility import _serious
from tests.browser.test_journey import _sign_in, _sign_out
from tests.builders import make_complaint, make_user


def test_representative_claims_answers_and_the_consumer_resolves(app, page, mailbox, company):
    with app.test_request_context():
        make_user("moderator@example.nl", role="moderator")
        author = make_user("klant@example.nl", display_name="Karin Klant")
        make_user("wendy@example.nl", display_name="Wendy")
        complaint_id = make_complaint(author, company, status=Status.OPEN,
                                      title="Internet valt elke avond uit").id

    # Someone from the webcare team claims the company from its page.
    _sign_in(page, "wendy@example.nl")
    page.goto("/companies/belnet-mobiel")
    page.click("text=Claim dit bedrijf")
    page.wait_for_url(re.compile(r"/companies/belnet-mobiel/claim$"))
    assert _serious(page) == []
    screenshot(page, "claim-form")
    page.fill("#name", "Wendy Webcare")
    page.fill("#job_title", "Teamleider webcare")
    page.fill("#work_email", "wendy@belnet-mobiel.nl")
    page.click("main form button[type=submit]")
    assert "wendy@belnet-mobiel.nl" in page.inner_text("main")

    # The link in the work mail approves the claim: the address is on the company's domain.
    page.goto(mailbox.link(mailbox.last_to("wendy@belnet-mobiel.nl"), "/claims/confirm/"))
    page.click("text=Open de webcare-inbox")
    page.wait_for_url(re.compile(r"/webcare/belnet-mobiel$"))
    assert "Internet valt elke avond uit" in page.inner_text("main")
    assert _serious(page) == []
    screenshot(page, "webcare-inbox")

    # Answer in public, then take the details to a private message.
    page.click("text=Internet valt elke avond uit")
    page.fill("#reply-form textarea", "Wat vervelend, Karin. We zoeken uit waarom het elke "
                                      "avond misgaat en laten het je hier weten.")
    page.click("#reply-form button[type=submit]")
    page.wait_for_url(re.compile(rf"/complaints/{complaint_id}#reply-\d+$"))
    assert "Wendy Webcare, Teamleider webcare — Belnet Mobiel" in page.inner_text("main")
    assert "badge--answered" in page.content()
    page.fill("#private textarea", "Mag ik je klantnummer en het adres van de aansluiting?")
    page.click("#private button[type=submit]")
    page.wait_for_url(re.compile(rf"/complaints/{complaint_id}#private$"))
    screenshot(page, "complaint-company-view")
    _sign_out(page)

    # The public sees the answer, not the private message.
    page.goto(f"/complaints/{complaint_id}")
    assert "Wat vervelend, Karin." in page.inner_text("main")
    assert "klantnummer en het adres" not in page.content()

    # The consumer reads the private message and marks the complaint resolved.
    _sign_in(page, "klant@example.nl")
    page.goto(f"/complaints/{complaint_id}")
    assert "Mag ik je klantnummer en het adres van de aansluiting?" in page.inner_text(
        "#private")
    assert _serious(page) == []
    screenshot(page, "complaint-author-view")
    page.click("#resolve summary")
    four = page.get_attribute("input[name=rating][value='4']", "id")
    page.click(f"label[for='{four}']")  # the fourth star
    assert page.is_checked("input[name=rating][value='4']")
    page.fill("#closing_note", "Snel opgepakt nadat ik het hier plaatste.")
    page.click("#resolve form[action$='/resolve'] button[type=submit]")
    page.wait_for_url(re.compile(rf"/complaints/{complaint_id}$"))
    assert "badge--resolved" in page.content()
    _sign_out(page)

    # The company page shows it as resolved.
    page.goto("/companies/belnet-mobiel")
    card = page.locator("article.complaint-card", has_text="Internet valt elke avond uit")
    assert card.locator(".badge--resolved").count() == 1
    screenshot(page, "company-page-resolved")
    assert page.errors == []


def test_company_pages_and_webcare_on_a_phone(app, phone, company):
    from tests.builders import make_representative

    with app.test_request_context():
        make_representative(make_user("wendy@example.nl"), company)
        make_complaint(make_user("klant@example.nl"), company, status=Status.OPEN,
                       title="Storing zonder einde in zicht")
    _sign_in(phone, "wendy@example.nl")
    for path, name in (("/webcare/belnet-mobiel", "webcare-inbox-phone"),
                       ("/webcare/belnet-mobiel/team", "webcare-team-phone"),
                       ("/webcare/belnet-mobiel/profile", "webcare-profile-phone")):
        phone.goto(path)
        assert _serious(phone) == [], path
        screenshot(phone, name)
        overflow = phone.evaluate("document.documentElement.scrollWidth > window.innerWidth")
        assert not overflow, f"{path} scrolls sideways on a phone"
