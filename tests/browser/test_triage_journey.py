"""Triage in headless Chromium: a moderator clears a page of low-risk stories with the keyboard
only, rejects one from its own page, and turns near-duplicates into "ik ook"; the lanes, the
groups and the word list pass axe at desktop and phone width."""

from __future__ import annotations

import re
from datetime import timedelta

from complaints.accounts.models import User
from complaints.cases.models import Complaint
from complaints.cases.workflow import Status
from complaints.clock import utcnow
from complaints.extensions import db
from tests.browser.conftest import screenshot
from tests.browser.test_accessibility import _serious
from tests.browser.test_journey import _sign_in
from tests.builders import make_complaint, make_user

STORIES = [
    ("Router valt elke avond uit",
     "De router valt elke avond uit rond acht uur. De helpdesk zegt dat het aan mijn kabel "
     "ligt, maar de monteur heeft die vorige maand zelf vervangen."),
    ("Pakket nooit bezorgd",
     "Mijn pakket staat al twee weken als bezorgd in de app, terwijl er niets kwam. De chatbot "
     "stuurt me steeds naar dezelfde pagina met veelgestelde vragen."),
    ("Incasso na opzegging",
     "Na het opzeggen van mijn abonnement werd er toch drie maanden geïncasseerd. Per brief "
     "beloofden ze een creditnota, die nooit is gekomen."),
    ("Energierekening verdubbeld",
     "De energierekening verdubbelde zonder uitleg. Bij elk telefoontje kreeg ik een andere "
     "medewerker die het dossier niet kende en me terug zou bellen."),
]
TEMPLATE = ("Op {day} belde ik, {name}, voor de derde keer over de storing in mijn "
            "glasvezelaansluiting. Niemand kwam opdagen, de afspraak stond niet in het systeem "
            "en de medewerker hing op toen ik om een leidinggevende vroeg.")


def _author(email: str) -> User:
    user = db.session.get(User, make_user(email).id)
    user.created_at = utcnow() - timedelta(days=40)
    db.session.commit()
    return user


def _statuses(app, ids: list[int]) -> list[str]:
    with app.app_context():
        return [db.session.get(Complaint, i).status for i in ids]


def test_a_moderator_clears_a_low_risk_page_with_the_keyboard(app, page, phone, mailbox,
                                                             company):
    with app.test_request_context():
        make_user("moderator@example.nl", role="moderator", display_name="Mo Derator")
        low = [make_complaint(_author(f"laag{n}@example.nl"), company, title=title, body=body,
                              desired_outcome="").id
               for n, (title, body) in enumerate(STORIES)]
        high = make_complaint(_author("hoog@example.nl"), company, title="Oplichters!",
                              body=STORIES[0][1].replace("router", "modem") + " Oplichters.",
                              desired_outcome="").id
        group = [make_complaint(_author(f"dubbel{n}@example.nl"), company,
                                title=f"Glasvezel storing {name}",
                                body=TEMPLATE.format(day=day, name=name),
                                desired_outcome="").id
                 for n, (name, day) in enumerate((("Jan", "3 maart"), ("Piet", "5 maart")))]
        for n, complaint_id in enumerate(low):  # the low-risk stories waited longest
            complaint = db.session.get(Complaint, complaint_id)
            complaint.queued_at = utcnow() - timedelta(hours=10 - n)
        db.session.commit()

    _sign_in(page, "moderator@example.nl")
    page.goto("/moderation")
    assert "lane=low" in page.url or 'lane--low" aria-current="page"' in page.content()
    help_text = page.locator("[data-keyboard-help]")
    assert help_text.is_visible()  # the script shows the keys it adds
    assert _serious(page) == []
    screenshot(page, "moderation-low-lane")

    # j moves to the first story, a ticks it and moves on; the third is skipped with j.
    page.keyboard.press("j")
    first = page.locator("[data-queue-item]").nth(0)
    assert first.evaluate("node => node === document.activeElement")
    page.keyboard.press("a")
    page.keyboard.press("a")
    page.keyboard.press("j")
    page.keyboard.press("a")
    ticked = page.locator("input[name=items]:checked")
    assert ticked.count() == 3
    assert not page.locator(f"#tick-{low[2]}").is_checked()

    # p publishes the ticked stories in one request; the page says so.
    page.keyboard.press("p")
    page.wait_for_url(re.compile(r"/moderation\?lane=low$"))
    assert "3 verhalen zijn gepubliceerd" in page.content()
    assert _statuses(app, low) == [Status.OPEN, Status.OPEN, Status.PENDING, Status.OPEN]
    for n in (0, 1, 3):
        assert mailbox.to(f"laag{n}@example.nl")

    # r on the story left opens its own reject page; the form needs a reason and a ground.
    page.keyboard.press("j")
    page.keyboard.press("r")
    page.wait_for_url(re.compile(rf"/moderation/complaints/{low[2]}/reject$"))
    assert _serious(page) == []
    page.select_option("#reason", "spam")
    page.select_option("#ground", "rule:5")
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r"/moderation\?lane=low$"))
    assert _statuses(app, [low[2]]) == [Status.REJECTED]
    # Left: the first of two near-duplicates (it had no twin when it came; the group page
    # decides on both).
    assert page.locator("[data-queue-item]").count() == 1
    assert "Glasvezel storing Jan" in page.content()

    # The high-risk lane says why; its keys publish one story at a time.
    page.goto("/moderation?lane=high")
    assert "Mogelijk lasterlijke taal: Oplichters." in page.content()
    assert _serious(page) == []
    screenshot(page, "moderation-high-lane")

    # The near-duplicates: publish the first, the second becomes its "ik ook".
    page.goto("/moderation/groups")
    assert _serious(page) == []
    screenshot(page, "moderation-groups")
    fibre = page.locator("section.duplicate-group", has_text="Glasvezel storing Jan")
    assert "nieuw account" not in fibre.inner_text()  # their accounts are 40 days old
    fibre.locator("select").select_option("rule:6")
    fibre.locator("form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/moderation/groups$"))
    assert _statuses(app, group) == [Status.OPEN, Status.REJECTED]
    assert "ik ook" in mailbox.last_to("dubbel1@example.nl").get_content()

    page.goto("/moderation/words")
    assert _serious(page) == []
    screenshot(page, "moderation-words")

    # At phone width nothing is wider than the screen, and the lanes pass axe in English too.
    _sign_in(phone, "moderator@example.nl")
    for path, name in (("/moderation?lane=high", "high-lane"), ("/moderation/groups", "groups"),
                       ("/moderation/words", "words")):
        phone.goto(path)
        assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), path
        assert _serious(phone) == []
        screenshot(phone, f"moderation-{name}-phone")
    assert _statuses(app, [high]) == [Status.PENDING]
