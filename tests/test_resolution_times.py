"""How long it takes: the resolution buckets follow every change of a complaint, the bulk
writers fill them as the services do (tests/test_figures.py, tests/test_transition_effects.py),
the company's estimate from the stored buckets equals Kaplan–Meier counted by hand from the
complaints, and the company page shows it in Dutch and English."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask import url_for
from sqlalchemy import select

from complaints.accounts.models import User
from complaints.cases import services as cases
from complaints.cases.models import Complaint
from complaints.cases.workflow import PUBLIC_STATUSES, Action, Role, Status
from complaints.clock import today
from complaints.extensions import db
from complaints.figures import survival
from complaints.figures.models import ResolutionBucket
from complaints.figures.resolution import resolution_times
from complaints.figures.services import resolution_days
from tests.builders import make_complaint, post_form
from tests.test_figures import assert_figures_equal_a_recount


def _buckets(company_id: int) -> dict:
    db.session.expire_all()
    return {(row.day, row.days): row.count for row in db.session.scalars(
        select(ResolutionBucket).where(ResolutionBucket.company_id == company_id)) if row.count}


def _move(complaint: Complaint, action: Action, role: Role, at, **kwargs) -> None:
    actor = db.session.get(User, complaint.author_id) if role == Role.AUTHOR else None
    cases.apply_transition(complaint, action, actor=actor, roles={role}, now=at, **kwargs)
    db.session.commit()


def _resolve(complaint: Complaint, after, rating: int = 4) -> None:
    _move(complaint, Action.RESOLVE, Role.AUTHOR, complaint.published_at + after, rating=rating)


def test_whole_days_from_publication_to_resolution():
    from datetime import UTC, datetime

    at = datetime(2026, 3, 1, 10, 0, tzinfo=UTC)
    assert resolution_days(at, at + timedelta(hours=23, minutes=59)) == 0
    assert resolution_days(at, at + timedelta(days=1)) == 1
    assert resolution_days(at, at + timedelta(days=7, seconds=-1)) == 6
    assert resolution_days(at, at + timedelta(days=90, hours=23)) == 90
    assert resolution_days(at, at + timedelta(days=91)) == 91
    assert resolution_days(at, at + timedelta(days=400)) == 91
    assert resolution_days(at, at - timedelta(minutes=5)) == 0


def test_the_bucket_follows_resolving_reopening_removal_and_reinstatement(
        ctx, consumer, moderator, company):
    complaint = make_complaint(consumer, company, status=Status.OPEN, days_ago=60)
    day = complaint.published_on
    assert _buckets(company.id) == {}
    _resolve(complaint, timedelta(days=12, hours=2))
    assert _buckets(company.id) == {(day, 12): 1}
    assert_figures_equal_a_recount()
    _move(complaint, Action.REOPEN, Role.AUTHOR, complaint.resolved_at + timedelta(days=1))
    assert _buckets(company.id) == {}
    assert_figures_equal_a_recount()
    _resolve(complaint, timedelta(days=40))
    assert _buckets(company.id) == {(day, 40): 1}
    _move(complaint, Action.REMOVE, Role.MODERATOR, complaint.resolved_at + timedelta(days=1),
          reason="Op verzoek verwijderd")
    assert _buckets(company.id) == {}
    assert_figures_equal_a_recount()
    _move(complaint, Action.REINSTATE, Role.MODERATOR, complaint.resolved_at + timedelta(days=2),
          reason="Bezwaar toegewezen", restore_to=Status.RESOLVED)
    assert _buckets(company.id) == {(day, 40): 1}
    assert_figures_equal_a_recount()
    _move(complaint, Action.ERASE, Role.AUTHOR, complaint.resolved_at + timedelta(days=3))
    assert _buckets(company.id) == {}
    assert_figures_equal_a_recount()


def test_more_than_ninety_days_share_one_bucket(ctx, consumer, moderator, company):
    slow = make_complaint(consumer, company, status=Status.OPEN, days_ago=300)
    slower = make_complaint(consumer, company, status=Status.OPEN, days_ago=300)
    fast = make_complaint(consumer, company, status=Status.ANSWERED, days_ago=300)
    _resolve(slow, timedelta(days=91, hours=1))
    _resolve(slower, timedelta(days=200))
    _resolve(fast, timedelta(hours=20))
    day = slow.published_on
    assert slower.published_on == fast.published_on == day
    assert _buckets(company.id) == {(day, 91): 2, (day, 0): 1}
    assert_figures_equal_a_recount()


# (days ago published, resolved after that many days or None): the last one falls outside the
# 12 months and a pending one never counts.
STORIES = [(100, 3.5), (80, 10.2), (120, None), (50, 2.1), (40, 35), (20, None), (10, 1),
           (5, None), (2, None), (3, 3), (30, 7), (400, 5)]


def _by_hand(day) -> tuple[dict[int, float | None], dict[int, int], int]:
    """Kaplan–Meier over the complaints themselves, one by one: at each day on which some
    were resolved, the share of those still at risk (resolved that day or later, or still open
    at that age or older) that were resolved that day."""
    start = day - timedelta(days=364)
    times = []  # (days, resolved?)
    for c in db.session.scalars(select(Complaint).where(Complaint.status.in_(PUBLIC_STATUSES))):
        if c.published_on < start:
            continue
        if c.status == Status.RESOLVED:
            times.append((min((c.resolved_at - c.published_at) // timedelta(days=1), 91), True))
        else:
            times.append(((day - c.published_on).days, False))
    shares, waiting = {}, {}
    for point in survival.POINTS:
        remaining = 1.0
        for d in sorted({t for t, resolved in times if resolved and t <= point}):
            at_risk = sum(1 for t, _ in times if t >= d)
            remaining *= 1 - sum(1 for t, r in times if r and t == d) / at_risk
        longest = max(t for t, _ in times)
        shares[point] = 1 - remaining if longest >= point or remaining == 0 else None
        waiting[point] = sum(1 for t, resolved in times
                             if (resolved and t > point) or (not resolved and t >= point))
    return shares, waiting, len(times)


def test_the_company_estimate_from_stored_data_is_kaplan_meier_of_its_complaints(
        ctx, consumer, moderator, company):
    for days_ago, after in STORIES:
        complaint = make_complaint(consumer, company, status=Status.OPEN, days_ago=days_ago)
        if after is not None:
            _resolve(complaint, timedelta(days=after))
    make_complaint(consumer, company, status=Status.PENDING)
    day = today()
    shares, waiting, count = _by_hand(day)
    assert count == 11
    result = resolution_times(company.id, day)
    assert result.complaints == 11 and result.resolved == 7 and result.enough
    assert [p.days for p in result.points] == [7, 30, 90]
    assert {p.days: p.share for p in result.points} == pytest.approx(shares)
    assert {p.days: p.waiting for p in result.points} == waiting
    assert None not in shares.values() and 0 < shares[7] < shares[30] < shares[90] < 1
    # The same from the rebuilt buckets.
    assert_figures_equal_a_recount()
    assert resolution_times(company.id, day) == result
    # A year later nothing is left in the window.
    later = resolution_times(company.id, day + timedelta(days=400))
    assert (later.complaints, later.enough) == (0, False)
    assert all(p.share is None for p in later.points)


def _page(client, company, lang: str) -> str:
    post_form(client, "/language", {"lang": lang})
    with client.application.test_request_context():
        url = url_for("companies.show", slug=company.slug)
    response = client.get(url)
    assert response.status_code == 200
    return response.get_data(as_text=True)


@pytest.mark.parametrize("lang, words", [
    ("nl", ["Hoe lang het duurt", "binnen 7 dagen", "binnen 90 dagen",
            "Na zoveel dagen nog niet opgelost",
            "zolang ze openstaan"]),
    ("en", ["How long it takes", "within 7 days", "within 90 days",
            "Still unresolved after that many days", "for as long as they have been open"]),
])
def test_the_company_page_shows_how_long_it_takes(app, client, consumer, moderator, company,
                                                  lang, words):
    with app.test_request_context():
        for days_ago, after in STORIES[:6]:
            complaint = make_complaint(consumer, company, status=Status.OPEN, days_ago=days_ago)
            if after is not None:
                _resolve(complaint, timedelta(days=after))
        result = resolution_times(company.id, today())
    html = _page(client, company, lang)
    section = html[html.index('id="how-long"'):]
    section = section[:section.index("</section>")]
    for word in words:
        assert word in section, word
    assert 'role="img"' in section and "<title" in section and "<caption" in section
    assert section.count('scope="row"') == 3 and section.count('scope="col"') == 3
    shown = [p.share for p in result.points]
    assert shown[0] is not None
    assert f"{round(shown[0] * 100)}" in section


@pytest.mark.parametrize("lang, text", [
    ("nl", "Te weinig klachten om te zeggen hoe lang het duurt"),
    ("en", "Not enough complaints to say how long it takes"),
])
def test_with_few_complaints_the_page_says_so(app, client, consumer, moderator, company, lang,
                                              text):
    with app.test_request_context():
        make_complaint(consumer, company, status=Status.RESOLVED, days_ago=3)
    html = _page(client, company, lang)
    section = html[html.index('id="how-long"'):]
    assert text in section[:section.index("</section>")]
    assert "<svg" not in section[:section.index("</section>")]


@pytest.mark.parametrize("lang, text", [
    ("nl", "Kaplan-Meierschatting"), ("en", "Kaplan–Meier estimate")])
def test_how_we_count_explains_the_estimate(client, lang, text):
    post_form(client, "/language", {"lang": lang})
    html = client.get("/about/figures").get_data(as_text=True)
    section = html[html.index('id="how-long"'):]
    assert text in section[:section.index("</section>")]
    assert 'href="#how-long"' in html


def _charts_equal(stored, live) -> None:
    assert stored.chart == live.chart
    assert [(s.category.id, s.published, s.unresolved) for s in stored.spread] == \
        [(s.category.id, s.published, s.unresolved) for s in live.spread]
    assert stored.resolution == live.resolution


def test_the_company_page_reads_its_charts_stored_with_its_figures(
        app, client, ctx, consumer, moderator, company):
    """The charts are stored at the commit that changed the company's complaints, equal what
    the buckets give, are what the page shows, and are not used once their day is over."""
    from complaints.cases.models import Category
    from complaints.figures import charts
    from complaints.figures import services as figures
    from complaints.figures.models import CompanyFigures

    other = db.session.scalars(select(Category).order_by(Category.position.desc())).first()
    for index, (days_ago, after) in enumerate(STORIES):
        complaint = make_complaint(consumer, company, status=Status.OPEN, days_ago=days_ago,
                                   **({"category": other.slug} if index % 3 == 0 else {}))
        if after is not None:
            _resolve(complaint, timedelta(days=after))
    day = today()
    for window in figures.WINDOWS:
        rows = figures.figures_for(company.id, charts=True)
        assert rows["12m"].months is not None and rows["12m"].resolution is not None
        stored = charts.for_page(company.id, window, rows, day)
        live = charts.for_page(company.id, window, {}, day)
        _charts_equal(stored, live)
        assert stored.resolution.complaints == 11 and len(stored.spread) == 2
    assert charts.for_page(company.id, "12m", rows, day).chart.months[-1].published > 0
    # A recount of every company at once stores the same (assert_figures_equal_a_recount).
    assert_figures_equal_a_recount()

    # The page shows what is stored: a number no bucket holds appears in the chart's table.
    row = db.session.get(CompanyFigures, (company.id, "12m"))
    row.months = [[first, 4321 if n == 11 else published, resolved]
                  for n, (first, published, resolved) in enumerate(row.months)]
    db.session.commit()
    response = client.get(f"/companies/{company.slug}")
    assert response.status_code == 200 and "4321" in response.get_data(as_text=True)
    # Stored on another day: the page counts from the buckets instead.
    tomorrow = day + timedelta(days=1)
    rows = figures.figures_for(company.id, charts=True)
    assert charts.for_page(company.id, "12m", rows, tomorrow).chart == \
        charts.for_page(company.id, "12m", {}, tomorrow).chart
    assert charts.for_page(company.id, "12m", rows, day).chart.months[-1].published == 4321
