"""The pages that carry the verdict (company pages with and without a score, the rankings,
the cards on home, the list and search) at 390 px and 1366 px, in Dutch and English: axe finds
no serious or critical violation, nothing scrolls sideways, no table column is cut off, and a
screenshot of each is saved under tests/artifacts/screenshots/ to look at."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from sqlalchemy import select

from complaints.companies.models import Company
from complaints.demo import bulk
from complaints.extensions import db
from complaints.figures.models import CompanyFigures
from complaints.moderation import services as moderation
from tests.browser.conftest import screenshot
from tests.builders import make_user

AXE = Axe()
SIZES = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}


def _serious(tab) -> list[str]:
    return [f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
            for v in AXE.run(tab).response["violations"]
            if v["impact"] in ("serious", "critical")]


@pytest.fixture
def scored_site(app):
    """Companies of every kind: scored in several bands, one with too few complaints, one
    under review."""
    with app.test_request_context():
        moderator = make_user("moderator@example.nl", role="moderator")
        bulk.seed_bulk(companies=14, complaints=1400, seed=7)
        rows = db.session.execute(
            select(Company.slug, CompanyFigures.score)
            .join(CompanyFigures, CompanyFigures.company_id == Company.id)
            .where(CompanyFigures.window == "12m")
            .order_by(CompanyFigures.score.desc().nulls_last())).all()
        scored = [slug for slug, score in rows if score is not None]
        unscored = [slug for slug, score in rows if score is None]
        assert len(scored) >= 3 and unscored, rows
        review = db.session.scalar(select(Company).where(Company.slug == scored[-1]))
        moderation.put_under_review(moderator, review,
                                    "Opvallend veel lovende klachten van nieuwe accounts.")
        return {"best": scored[0], "worst": scored[-2], "few": unscored[0],
                "review": scored[-1]}


def _check(browser, live_server, locale: str, size: str, name: str, path: str) -> None:
    context = browser.new_context(base_url=live_server, viewport=SIZES[size], locale=locale,
                                  **({"device_scale_factor": 2, "is_mobile": True,
                                      "has_touch": True} if size == "phone" else {}))
    try:
        tab = context.new_page()
        if locale.startswith("en"):  # the site speaks Dutch until a visitor chooses
            tab.goto("/")
            tab.click("form.language-switch button[value=en]")
            tab.wait_for_load_state()
        response = tab.goto(path)
        assert tab.evaluate("document.documentElement.lang") == locale[:2]
        assert response.status == 200, path
        assert _serious(tab) == [], (name, size, locale)
        assert not tab.evaluate("document.documentElement.scrollWidth > window.innerWidth"), \
            f"{name} scrolls sideways at {size} ({locale})"
        if size == "desktop":
            cut = tab.evaluate("""[...document.querySelectorAll('main table')].filter(
                t => t.offsetParent !== null && (t.getBoundingClientRect().right >
                t.parentElement.getBoundingClientRect().right + 1
                || t.scrollWidth > t.parentElement.clientWidth + 1)).map(
                t => (t.className || t.parentElement.className) + ' ' + t.scrollWidth + '/'
                + t.parentElement.clientWidth)""")
            assert cut == [], f"a table on {name} is cut off at 1366 px ({locale})"
        saved = screenshot(tab, f"verdict-{name}-{size}-{locale[:2]}")
        tab.screenshot(path=str(saved.with_name(f"{saved.stem}-top.png")))  # what one sees
    finally:
        context.close()


@pytest.mark.parametrize("locale", ["nl-NL", "en-GB"])
def test_pages_with_the_verdict_at_both_sizes(browser, live_server, scored_site, locale):
    pages = {
        "company-scored": f"/companies/{scored_site['best']}",
        "company-low": f"/companies/{scored_site['worst']}",
        "company-too-few": f"/companies/{scored_site['few']}",
        "company-under-review": f"/companies/{scored_site['review']}",
        "rankings-12m": "/rankings",
        "rankings-30d": "/rankings?window=30d",
        "home": "/",
        "complaints": "/complaints",
        "search": "/search?q=storing",
        "about-figures": "/about/figures",
    }
    if locale.startswith("en"):  # the layouts are the same: English checks its longer words
        pages = {name: pages[name] for name in ("company-scored", "company-under-review",
                                                "rankings-12m", "about-figures")}
    for name, path in pages.items():
        for size in SIZES:
            _check(browser, live_server, locale, size, name, path)
