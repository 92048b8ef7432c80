"""Stored hostile payloads in a real browser: every payload of tests/hostile.py that could run
or load something if shown as HTML is stored in complaints, replies and a company profile,
then the pages that show them are opened in Chromium as a visitor, a moderator and a company
representative. Nothing may run: no dialog, no script error, no CSP violation (the fixture
checks), no element with an event handler, no request to anywhere but the site."""

from __future__ import annotations

import math
import re

import pytest
from sqlalchemy import select

from complaints import pii
from complaints.accounts.models import User
from complaints.cases import services as cases
from complaints.cases.forms import OUTCOME_MAX, TITLE_MAX, TITLE_MIN
from complaints.cases.models import Complaint
from complaints.companies.models import Company
from complaints.extensions import db
from complaints.moderation import services as moderation
from complaints.threads import services as threads
from complaints.webcare import services as webcare
from tests.browser.conftest import screenshot
from tests.browser.test_journey import _sign_in
from tests.builders import STORY, draft, make_representative, make_user
from tests.hostile import ACTIVE, ALL_PAYLOADS

pytestmark = pytest.mark.browser

PER_COMPLAINT = 30
PENDING = 4  # the last complaints stay in the moderation queue
PER_PAGE = 20  # complaints on a page of the list and of the search results
HANDLERS = """() => [...document.querySelectorAll("*")].filter(
    element => [...element.attributes].some(a => a.name.startsWith("on"))).length"""


def _shown_as_text(payload: str) -> bool:
    """Payloads a person could type into a story: no control characters, no personal data
    (the guard would ask to take it out first)."""
    if not payload.strip() or any(ord(c) < 32 and c not in "\n\t" for c in payload):
        return False
    return not pii.find_personal_data(payload)


SHOWN = [p.text.strip() for p in ALL_PAYLOADS if ACTIVE.search(p.raw) and _shown_as_text(p.text)]


@pytest.fixture
def stored(app, company):
    """Complaints whose title, story, desired outcome and company reply hold the payloads,
    most published and a few pending, and the company profile holding some too."""
    with app.test_request_context():
        author = make_user("auteur@example.nl", display_name="<script>alert('naam')</script>")
        make_user("mod@example.nl", role="moderator")
        rep_user = make_user("webcare@belnet.nl")
        make_representative(rep_user, company)
        moderator = db.session.scalar(select(User).where(User.role == "moderator"))
        representative = db.session.get(User, rep_user.id)
        chunks = [SHOWN[i:i + PER_COMPLAINT] for i in range(0, len(SHOWN), PER_COMPLAINT)]
        ids = []
        for n, chunk in enumerate(chunks):
            title = f"{chunk[0][:TITLE_MAX - 12]} monteur {n}"
            complaint = cases.submit_complaint(db.session.get(User, author.id), draft(
                company.name, title=title.ljust(TITLE_MIN, "."),
                body=STORY + "\n\n" + "\n\n".join(chunk),
                desired_outcome="\n".join(chunk)[:OUTCOME_MAX]))
            ids.append(complaint.id)
            if n < len(chunks) - PENDING:
                moderation.approve_complaint(moderator, complaint)
                threads.post_reply(representative, db.session.get(Complaint, complaint.id),
                                   "\n\n".join(chunk), confirm_public=True)
        webcare.update_profile(
            representative, db.session.get(Company, company.id),
            description="\n\n".join(SHOWN[:60])[:2000], website="https://belnet.nl",
            domains="belnet.nl", contact_channels="\n".join(SHOWN[60:120])[:2000],
            response_promise_hours=24)
        db.session.commit()
    return {"ids": ids, "slug": company.slug, "pages": len(chunks)}


def _guard(page, live_server):
    """Write down dialogs and requests off the site (refused before they leave)."""
    page.dialogs, page.foreign = [], []
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))

    def route(request_route):
        if request_route.request.url.startswith(live_server):
            return request_route.continue_()
        page.foreign.append(request_route.request.url)
        return request_route.abort()
    page.route("**/*", route)


def _visit(page, path: str, seen: set[str]) -> None:
    response = page.goto(path)
    assert response.status == 200, path
    page.wait_for_load_state("load")
    assert page.evaluate(HANDLERS) == 0, path
    assert page.dialogs == [] and page.errors == [] and page.foreign == [], path
    body = page.content()
    seen.update(payload for payload in SHOWN if _escaped(payload) in body)


def _escaped(payload: str) -> str:
    """How a payload's first characters read in the page's HTML once escaped."""
    first = re.split(r"[\s*_`#\[\]()!\\]", payload.replace("&", "&amp;").replace("<", "&lt;")
                     .replace(">", "&gt;"), maxsplit=1)[0]
    return first if len(first) >= 4 else "\0"


def test_stored_payloads_run_nowhere(page, live_server, stored, figures):
    _guard(page, live_server)
    seen: set[str] = set()
    published = stored["ids"][:-PENDING]
    for complaint_id in published:
        _visit(page, f"/complaints/{complaint_id}", seen)
    _visit(page, f"/companies/{stored['slug']}", seen)
    for number in range(1, math.ceil(len(published) / PER_PAGE) + 1):
        _visit(page, f"/complaints?page={number}", seen)
        _visit(page, f"/search?q=monteur&page={number}", seen)
    for feed in ("/feeds/complaints.atom", f"/companies/{stored['slug']}/feed.atom"):
        _visit(page, feed, seen)  # Chromium shows the XML as text
    page.goto(f"/complaints/{published[0]}")
    screenshot(page, "stored-payloads-complaint")

    _sign_in(page, "mod@example.nl")
    _visit(page, "/moderation", seen)
    for complaint_id in stored["ids"][-PENDING:]:
        _visit(page, f"/complaints/{complaint_id}", seen)
    screenshot(page, "stored-payloads-moderation")
    page.click("header form[action='/auth/logout'] button")

    _sign_in(page, "webcare@belnet.nl")
    _visit(page, f"/webcare/{stored['slug']}", seen)
    _visit(page, f"/webcare/{stored['slug']}/profile", seen)
    screenshot(page, "stored-payloads-inbox")
    assert len(seen) > 0.85 * len(SHOWN), (len(seen), len(SHOWN))
    figures(f"stored payloads in the browser: {len(SHOWN)} stored, {len(seen)} found on "
            f"the pages, none ran")
