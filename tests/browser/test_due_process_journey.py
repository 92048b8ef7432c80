"""Due process in headless Chromium: a notice, a removal with its statement of reasons, an
appeal, and a second moderator who reverses the decision."""

from __future__ import annotations

import re

from sqlalchemy import select

from complaints.cases.models import Complaint
from complaints.cases.workflow import Status
from complaints.dueprocess.models import Notice, NoticeStatus
from complaints.extensions import db
from tests.browser.conftest import screenshot
from tests.browser.test_accessibility import _serious
from tests.browser.test_journey import _sign_in, _sign_out
from tests.builders import make_complaint, make_user

NOTIFIER = "jurist@advocaten.example"


def _path(link: str) -> str:
    """A mailed link as a path on the test server."""
    return "/" + link.split("://", 1)[1].split("/", 1)[1]


def _status(app, complaint_id: int) -> str:
    with app.app_context():
        return db.session.get(Complaint, complaint_id).status


def test_a_notice_leads_to_a_removal_that_an_appeal_reverses(app, page, mailbox, company):
    with app.test_request_context():
        make_user("moderator@example.nl", role="moderator", display_name="Mo Derator")
        make_user("tweede@example.nl", role="moderator", display_name="Tweede Moderator")
        author = make_user("auteur@example.nl", display_name="Anna Auteur")
        complaint_id = make_complaint(author, company, status=Status.OPEN).id

    # Someone without an account reports the complaint from its page; the form knows its
    # address already.
    page.goto(f"/complaints/{complaint_id}")
    page.click("text=Meld onrechtmatige inhoud")
    page.wait_for_url(re.compile(r"/notices/new\?url="))
    assert page.input_value("#url").endswith(f"/complaints/{complaint_id}")
    assert _serious(page) == []
    screenshot(page, "notice-form")
    page.select_option("#reason", "defamation")
    page.fill("#explanation", "Het verhaal noemt mijn cliënt een oplichter; dat is niet waar.")
    page.fill("#name", "Mr. J. Jurist")
    page.fill("#email", NOTIFIER)
    page.check("#good_faith")
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r"/notices/sent"))
    assert "Kijk in je mailbox" in page.content()

    # The mailed link confirms the address, with one press of a button.
    page.goto(_path(mailbox.link(mailbox.last_to(NOTIFIER), "/notices/confirm/")))
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    with app.app_context():
        assert db.session.scalar(select(Notice.status)) == NoticeStatus.OPEN

    # A moderator finds it in the notices queue and removes the complaint, citing a rule.
    _sign_in(page, "moderator@example.nl")
    page.goto("/moderation/notices")
    assert "Mr. J. Jurist" in page.content() and "oplichter" in page.content()
    assert _serious(page) == []
    screenshot(page, "moderation-notices")
    page.click(f"a[href='/moderation/complaints/{complaint_id}/remove']")
    page.fill("#public_reason", "Beschuldigt een medewerker van oplichting zonder onderbouwing.")
    page.select_option("#ground", "rule:4")
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(rf"/complaints/{complaint_id}$"))
    assert _status(app, complaint_id) == Status.REMOVED
    assert "verwijderd" in mailbox.last_to(NOTIFIER).get_content()
    _sign_out(page)

    # The author reads the statement of reasons on their account and appeals.
    statement_mail = mailbox.last_to("auteur@example.nl").get_content()
    assert "Huisregel 4" in statement_mail and "Mr. J. Jurist" not in statement_mail
    _sign_in(page, "auteur@example.nl")
    assert "Besluiten over mijn inhoud" in page.content()
    page.click("section.decisions a[href^='/appeals/']")
    page.wait_for_url(re.compile(r"/appeals/[\w-]+$"))
    text = page.inner_text("main")
    assert "Beschuldigt een medewerker" in text and "Huisregel 4" in text
    assert "Mr. J. Jurist" not in page.content() and NOTIFIER not in page.content()
    assert _serious(page) == []
    screenshot(page, "statement-of-reasons")
    page.fill("#text", "Ik schreef wat er gebeurde: de medewerker beloofde terugbetaling en "
                       "die kwam nooit. Ik noemde niemand bij naam.")
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    assert "flash--success" in page.content()
    _sign_out(page)

    # The moderator who removed it may not decide the appeal.
    _sign_in(page, "moderator@example.nl")
    page.goto("/moderation/appeals")
    assert "Ik noemde niemand bij naam." in page.content()
    assert page.locator("form.appeal-decide").count() == 0
    _sign_out(page)

    # A second moderator reverses it: the complaint is public again, and the author is told.
    _sign_in(page, "tweede@example.nl")
    page.goto("/moderation/appeals")
    assert _serious(page) == []
    screenshot(page, "moderation-appeals")
    page.check("form.appeal-decide input[value=reversed]")
    page.fill("form.appeal-decide textarea", "Het verhaal beschrijft een eigen ervaring; "
                                             "niemand wordt bij naam genoemd.")
    page.click("form.appeal-decide button[type=submit]")
    page.wait_for_url(re.compile(r"/moderation/appeals$"))
    assert "flash--success" in page.content()
    assert _status(app, complaint_id) == Status.OPEN
    assert "eigen ervaring" in mailbox.last_to("auteur@example.nl").get_content()
    _sign_out(page)
    page.goto(f"/complaints/{complaint_id}")
    assert "Meld onrechtmatige inhoud" in page.content()
    page.goto("/transparency")
    assert _serious(page) == []
    screenshot(page, "transparency")
    assert page.errors == []
