"""Every key page, per role (anonymous, consumer, representative, moderator), at 390 px and
1366 px: axe finds no serious or critical violation, nothing scrolls sideways (also on a
published complaint whose title, story and reply hold a long unbroken link), and a screenshot
of each page is saved as tests/artifacts/screenshots/role-<role>-<page>-<size>.png.

The world is built once for the module (the tests only read); each role and size has one
browser context that signs in once and visits all of that role's pages."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from complaints.cases.models import Complaint
from complaints.cases.workflow import Status
from complaints.extensions import db
from complaints.moderation import services as moderation
from complaints.threads import services as threads
from tests.browser.conftest import screenshot
from tests.builders import (
    PASSWORD,
    make_company,
    make_complaint,
    make_representative,
    make_user,
    reload,
)

pytestmark = pytest.mark.shares_data

AXE = Axe()
SIZES = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}
LONG_URL = ("https://www.zendgolf-mobiel.example/klantenservice/storingen/meldingen/"
            "bekijk-de-status-van-je-melding-nummer-abcdefghijklmnopqrstuvwxyz0123456789")
WIDEST = """[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right
    > window.innerWidth + 1).slice(-3).map(e => e.tagName + '.' + e.className).join(', ')"""
EMAILS = {"consumer": "consument@example.nl", "representative": "webcare@zendgolf.example",
          "moderator": "moderator@example.nl"}


def _build(app) -> dict:
    with app.test_request_context():
        make_user(EMAILS["moderator"], role="moderator", display_name="Mo Derator")
        company = make_company("Zendgolf Mobiel", domains=["zendgolf.example"])
        other = make_company("Stroomlijnenergieleveringsmaatschappijvoordenoordelijkeprovincies",
                             sector="energy", domains=["stroomlijn.example"])
        author = make_user(EMAILS["consumer"], display_name="Anna Consument")
        rep_user = make_user(EMAILS["representative"], display_name="Wendy Webcare")
        make_representative(rep_user, company)
        second = make_user("bert@example.nl", display_name="Bert Ander")
        for index, status in enumerate([Status.OPEN, Status.ANSWERED, Status.RESOLVED,
                                        Status.PENDING, Status.REJECTED, Status.WITHDRAWN]):
            make_complaint(author, company, status=status, days_ago=index * 20,
                           title=f"Klacht {index + 1}: de monteur kwam weer niet opdagen")
        make_complaint(second, other, status=Status.ANSWERED, title=LONG_URL[8:60])
        for index in range(3):
            make_complaint(second, other, status=Status.PENDING,
                           title=f"Wachtende klacht {index + 1} over mijn energierekening")
        long = make_complaint(
            author, company, status=Status.OPEN, title=LONG_URL[:140],
            body=f"Ik kreeg deze link: {LONG_URL}\n\nEn daarna nog eens {LONG_URL}{LONG_URL}. "
                 "Niemand kon me vertellen wat ermee moest.")
        threads.post_reply(reload(type(rep_user), rep_user), db.session.get(Complaint, long.id),
                           f"Kijk op {LONG_URL}{LONG_URL} voor de status van je melding.")
        threads.post_reply(reload(type(author), author), db.session.get(Complaint, long.id),
                           f"Die link werkt niet: {LONG_URL}")
        moderation.flag_complaint(reload(type(second), second),
                                  db.session.get(Complaint, long.id), "spam",
                                  f"Deze link lijkt niet te kloppen: {LONG_URL}")
        db.session.commit()
        return {"company": company.slug, "other": other.slug, "long": long.id}


def _pages(role: str, world: dict) -> dict[str, str]:
    pages = {"home": "/", "complaints": "/complaints", "complaint": f"/complaints/{world['long']}",
             "company": f"/companies/{world['company']}", "companies": "/companies",
             "rankings": "/rankings", "search": "/search?q=monteur",
             "moderation-log": "/moderation-log"}
    if role == "anonymous":  # the API keeps no session: everyone reads it as a visitor
        pages["api-docs"] = "/api/v1/docs"
    if role != "anonymous":
        pages["account"] = "/account"
    if role == "representative":
        slug = world["company"]
        pages |= {"webcare-inbox": f"/webcare/{slug}",
                  "webcare-profile": f"/webcare/{slug}/profile",
                  "webcare-team": f"/webcare/{slug}/team"}
    if role == "moderator":
        pages |= {"mod-queue": "/moderation", "mod-flags": "/moderation/flags",
                  "mod-log": "/moderation/log", "mod-companies": "/moderation/companies",
                  "mod-claims": "/moderation/claims"}
    return pages


def _serious(tab) -> list[str]:
    return [f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
            for v in AXE.run(tab).response["violations"]
            if v["impact"] in ("serious", "critical")]


def _layout_problems(tab, name: str, size: str) -> list[str]:
    """What the issue named: the header on a phone is two rows with the rest of the navigation
    in a menu that opens without JavaScript (at 1366 px the links stay in sight); the chart's
    month labels stay readable; a scrolling table can be reached by keyboard."""
    problems = []
    menu_link = tab.locator(".site-menu__list a").first
    if name == "home" and size == "phone":
        height = tab.evaluate("document.querySelector('.site-header').offsetHeight")
        if height > 120 or menu_link.is_visible():
            problems.append(f"header is {height}px high, menu links shown before asked")
        tab.click(".site-menu__toggle")
        if not menu_link.is_visible():
            problems.append("the menu does not open")
        tab.click(".site-menu__toggle")
    if name == "home" and size == "desktop" and (
            tab.locator(".site-menu__toggle").is_visible() or not menu_link.is_visible()):
        problems.append("at 1366 px the navigation is folded away")
    if name == "company":
        sizes = tab.evaluate("""[...document.querySelectorAll('.chart__label--month')]
            .filter(e => getComputedStyle(e).display !== 'none')
            .map(e => e.getBoundingClientRect().height)""")
        if not sizes or min(sizes) < 9:
            problems.append(f"chart month labels unreadable: {sizes}")
    scrollers = tab.evaluate("""[...document.querySelectorAll('.table-scroll')].filter(e =>
        e.getAttribute('tabindex') !== '0' || e.getAttribute('role') !== 'region'
        || !(e.getAttribute('aria-label') || e.getAttribute('aria-labelledby'))).length""")
    if name == "moderation-log" and scrollers:
        problems.append("the scrolling table cannot be reached by keyboard")
    return problems


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("role", ["anonymous", "consumer", "representative", "moderator"])
def test_every_key_page_fits_and_passes_axe(app, shared, browser, live_server, role, size):
    world = shared("every-page-by-role", lambda: _build(app))
    context = browser.new_context(base_url=live_server, viewport=SIZES[size],
                                  **({"device_scale_factor": 2, "is_mobile": True,
                                      "has_touch": True} if size == "phone" else {}))
    context.set_default_timeout(10_000)
    problems = []
    try:
        tab = context.new_page()
        if role != "anonymous":
            tab.goto("/auth/login")
            tab.fill("#email", EMAILS[role])
            tab.fill("#password", PASSWORD)
            tab.click("main form button[type=submit]")
            tab.wait_for_url("**/account")
        for name, path in _pages(role, world).items():
            response = tab.goto(path)
            if response.status != 200:
                problems.append(f"{name}: status {response.status}")
                continue
            problems += [f"{name}: {v}" for v in _serious(tab)]
            if tab.evaluate("document.documentElement.scrollWidth > window.innerWidth"):
                problems.append(f"{name} scrolls sideways: " + tab.evaluate(WIDEST))
            problems += [f"{name}: {p}" for p in _layout_problems(tab, name, size)]
            screenshot(tab, f"role-{role}-{name}-{size}", full_page=name != "api-docs")
        if size == "phone" and role != "anonymous":
            # English words are longer ("Share your story"): the header must still be two rows.
            tab.goto("/")
            tab.click("form.language-switch button[value=en]")
            tab.wait_for_load_state()
            height = tab.evaluate("document.querySelector('.site-header').offsetHeight")
            if height > 120:
                problems.append(f"in English the header is {height}px high")
            screenshot(tab, f"role-{role}-home-{size}-en")
            tab.click("form.language-switch button[value=nl]")  # the account's language back
            tab.wait_for_load_state()
    finally:
        context.close()
    assert problems == [], (role, size)
