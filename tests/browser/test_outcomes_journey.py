"""Where a complaint ends up, in headless Chromium: a company promises a refund, the promise
comes due, the consumer says it was not kept, sees where to go next and takes the dossier."""

from __future__ import annotations

import io
import re
from datetime import timedelta
from pathlib import Path

import pypdf
from sqlalchemy import select

from complaints.cases.workflow import Status
from complaints.clock import dutch_day, utcnow
from complaints.extensions import db
from complaints.outcomes import promises
from complaints.outcomes.models import Promise
from tests.browser.conftest import screenshot
from tests.browser.test_accessibility import _serious
from tests.browser.test_journey import _sign_in, _sign_out
from tests.builders import make_complaint, make_representative, make_user


def _path(link: str) -> str:
    return "/" + link.split("://", 1)[1].split("/", 1)[1]


def test_a_broken_promise_leads_to_the_next_steps_and_the_dossier(app, page, mailbox, company):
    with app.test_request_context():
        author = make_user("auteur@example.nl", display_name="Anna Auteur")
        make_representative(make_user("webcare@belnet-mobiel.nl", display_name="Wendy"),
                            company)
        complaint_id = make_complaint(author, company, status=Status.OPEN).id
    due = dutch_day(utcnow()) + timedelta(days=7)

    # The representative answers in public and promises a refund within a week.
    _sign_in(page, "webcare@belnet-mobiel.nl")
    page.goto(f"/complaints/{complaint_id}")
    page.fill("#body", "Excuses. We betalen de dubbele afschrijving binnen een week terug.")
    page.select_option("#promise_kind", "refund")
    page.fill("#promise_amount", "49,95")
    page.fill("#promise_due", due.isoformat())
    assert _serious(page) == []
    page.click("#reply-form button[type=submit]")
    page.wait_for_url(re.compile(rf"/complaints/{complaint_id}"))
    promise_text = page.inner_text(".promise")
    assert "Geld terug" in promise_text and "€\xa049,95" in promise_text
    screenshot(page, "promise-in-reply")
    _sign_out(page)

    # A week and a day later (the promise's date moved back by as much) the job asks the
    # consumer, once, with signed links.
    with app.test_request_context():
        promise = db.session.scalar(select(Promise))
        promise.due_on = dutch_day(utcnow()) - timedelta(days=1)
        db.session.commit()
        assert promises.ask_due_promises(utcnow()) == 1
        assert promises.ask_due_promises(utcnow()) == 0
    question = mailbox.last_to("auteur@example.nl")
    page.goto(_path(mailbox.link(question, "/answer/")))
    assert _serious(page) == []
    screenshot(page, "promise-question")
    page.click("button[name=answer][value=not_kept]")
    page.wait_for_url(re.compile(rf"/complaints/{complaint_id}"))
    assert "flash--success" in page.content()
    assert "Niet nagekomen" in page.inner_text(".promise")

    # Signed in, the consumer says the company's answer is final: the next steps appear.
    _sign_in(page, "auteur@example.nl")
    page.goto(f"/complaints/{complaint_id}")
    page.click(f"form[action='/complaints/{complaint_id}/final-answer'] button")
    page.wait_for_url(re.compile(rf"/complaints/{complaint_id}"))
    steps = page.inner_text("#next-steps")
    assert "ConsuWijzer" in steps and "kantonrechter" in steps.lower()
    assert _serious(page) == []
    screenshot(page, "next-steps")

    # The dossier: everything on one page, and as a PDF.
    page.click("#next-steps a[href$='/dossier']")
    page.wait_for_url(re.compile(rf"/complaints/{complaint_id}/dossier$"))
    dossier = page.inner_text("main")
    assert "Geld terug" in dossier and "Niet nagekomen" in dossier
    assert _serious(page) == []
    screenshot(page, "dossier")
    with page.expect_download() as download:
        page.click("a[href$='/dossier.pdf']")
    pdf = pypdf.PdfReader(io.BytesIO(Path(download.value.path()).read_bytes()))
    text = " ".join(p.extract_text() for p in pdf.pages)
    assert "Dossier" in text and "Belnet Mobiel" in text and "Geld terug" in text
    assert page.errors == []
