"""A webcare team connects its own tool, in headless Chromium and over HTTP: a representative
makes a token on the team page, reads the inbox with it (`requests`, as an integration
would), replies through the API, and the reply is on the public page."""

from __future__ import annotations

import re

import requests

from complaints.cases.workflow import Status
from tests.browser.conftest import screenshot
from tests.browser.test_accessibility import _serious
from tests.browser.test_journey import _sign_in, _sign_out
from tests.builders import make_complaint, make_representative, make_user


def test_a_token_from_the_team_page_reads_the_inbox_and_replies(app, page, phone, live_server,
                                                                 company):
    with app.test_request_context():
        make_user("moderator@example.nl", role="moderator")
        author = make_user("klant@example.nl", display_name="Karin Klant")
        wendy = make_user("wendy@example.nl", display_name="Wendy")
        make_representative(wendy, company, owner=True)
        complaint_id = make_complaint(author, company, status=Status.OPEN,
                                      title="Modem doet het niet na de update").id

    _sign_in(page, "wendy@example.nl")
    page.goto("/webcare/belnet-mobiel/team")
    assert "Nog geen tokens." in page.inner_text("#api-tokens ~ p.muted")
    page.fill("#name", "Zendesk koppeling")
    page.check("input[name=scope][value=write]")
    page.click("form[action$='/tokens'] button[type=submit]")
    secret = page.input_value("#token-secret")
    assert secret.startswith("hdh_")
    assert _serious(page) == []
    screenshot(page, "api-token-created")

    # The integration reads the inbox and answers, with the token and no cookie.
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {secret}"
    inbox = session.get(f"{live_server}/api/v1/companies/belnet-mobiel/inbox", timeout=10)
    assert inbox.status_code == 200
    items = inbox.json()["items"]
    assert [item["id"] for item in items] == [complaint_id]
    assert items[0]["waits_for"] == "first_answer"
    posted = session.post(
        f"{live_server}/api/v1/companies/belnet-mobiel/complaints/{complaint_id}/replies",
        json={"body": "Sorry Karin! Een monteur komt morgen tussen 8 en 12 uur."}, timeout=10)
    assert posted.status_code == 201, posted.text
    assert "Set-Cookie" not in posted.headers

    # The team page lists the token with its last use; the phone shows it without overflow.
    page.goto("/webcare/belnet-mobiel/team")
    row = page.inner_text("#api-tokens ~ table")
    assert "Zendesk koppeling" in row and secret[:12] in row and secret not in page.content()
    assert "nooit" not in row
    screenshot(page, "api-tokens-on-the-team-page")
    _sign_in(phone, "wendy@example.nl")
    phone.goto("/webcare/belnet-mobiel/team#api-tokens")
    assert phone.evaluate("document.documentElement.scrollWidth > window.innerWidth") is False
    assert _serious(phone) == []
    screenshot(phone, "api-tokens-phone")
    _sign_out(page)

    # The public sees the reply, signed by the representative.
    page.goto(f"/complaints/{complaint_id}")
    assert "Een monteur komt morgen tussen 8 en 12 uur." in page.inner_text("main")
    assert "badge--answered" in page.content()
    assert re.search(r"Wendy Webcare", page.inner_text("main"))
