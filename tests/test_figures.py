"""Stored figures equal a computation from scratch after every change, and windows move with
the calendar without anyone touching a complaint."""

from __future__ import annotations

import statistics
from datetime import timedelta

import pytest
from sqlalchemy import select

from complaints.accounts.models import User
from complaints.cases import services as cases
from complaints.cases.models import Complaint
from complaints.cases.workflow import PUBLIC_STATUSES, UNRESOLVED_STATUSES, Action, Role, Status
from complaints.clock import dutch_day, today, utcnow
from complaints.companies.models import Company
from complaints.extensions import db
from complaints.figures import score as scoring
from complaints.figures import services as figures
from complaints.figures.models import (
    CompanyFigures,
    DeadlineBucket,
    FigureBucket,
    ResolutionBucket,
    ResponseBucket,
    ScorePriors,
)
from complaints.moderation import services as moderation
from complaints.threads import services as threads
from tests.builders import draft, make_company, make_complaint, make_representative, make_user

# The score and the priors it was shrunk toward move with the site-wide shares, which are
# set once a day (and by a rebuild); they are checked against their own row instead.
DAILY = {"score", *(f"prior_{name}" for name in scoring.PARTS)}


def _stored() -> dict:
    rows = db.session.scalars(select(CompanyFigures)).all()
    for row in rows:
        priors = {name: getattr(row, f"prior_{name}") for name in scoring.PARTS}
        expected = scoring.score(scoring.parts_of(row), priors, row.published)
        assert row.score == (None if expected is None else pytest.approx(expected))
    return {(r.company_id, r.window): {c.name: getattr(r, c.name)
                                       for c in CompanyFigures.__table__.columns
                                       if c.name not in DAILY}
            for r in rows}


def _buckets() -> tuple[dict, dict, dict, dict]:
    figure_rows = {(r.company_id, r.day, r.category_id): tuple(getattr(r, n)
                                                               for n in figures.SUMS)
                   for r in db.session.scalars(select(FigureBucket))
                   if any(getattr(r, n) for n in figures.SUMS)}
    response_rows = {(r.company_id, r.day, r.bin): r.count
                     for r in db.session.scalars(select(ResponseBucket)) if r.count}
    deadline_rows = {(r.company_id, r.day, r.due_on): r.count
                     for r in db.session.scalars(select(DeadlineBucket)) if r.count}
    resolution_rows = {(r.company_id, r.day, r.days): r.count
                       for r in db.session.scalars(select(ResolutionBucket)) if r.count}
    return figure_rows, response_rows, deadline_rows, resolution_rows


def assert_figures_equal_a_recount() -> None:
    """What was kept up to date equals a rebuild from the complaints (which must correct
    nothing: the buckets, the companies' counts and their webcare inbox's counters), and the
    window figures equal a plain recount in Python."""
    db.session.expire_all()
    kept, kept_buckets = _stored(), _buckets()
    report = figures.rebuild()
    assert (report.buckets_fixed, report.responses_fixed, report.deadlines_fixed,
            report.resolutions_fixed, report.companies_fixed,
            report.inbox_counters_fixed) == (0, 0, 0, 0, 0, 0)
    assert _buckets() == kept_buckets
    assert _stored() == kept
    _assert_priors_are_the_site_wide_shares()
    _assert_plain_recount()
    _assert_resolution_buckets_recount()


def _assert_priors_are_the_site_wide_shares() -> None:
    for window in figures.WINDOWS:
        rows = db.session.scalars(select(CompanyFigures).where(
            CompanyFigures.window == window)).all()
        expected = scoring.priors_of(scoring.parts_of(row) for row in rows)
        stored = db.session.get(ScorePriors, window)
        assert {name: getattr(stored, name) for name in scoring.PARTS} == pytest.approx(expected)
        for row in rows:
            assert {name: getattr(row, f"prior_{name}") for name in scoring.PARTS} == \
                pytest.approx(expected)


def _assert_plain_recount() -> None:
    day = today()
    complaints = db.session.scalars(select(Complaint)).all()
    for company in db.session.scalars(select(Company)):
        mine = [c for c in complaints if c.company_id == company.id and c.status in PUBLIC_STATUSES]
        for window, days in figures.WINDOWS.items():
            inside = [c for c in mine if days is None
                      or dutch_day(c.published_at) > day - timedelta(days=days)]
            row = db.session.get(CompanyFigures, (company.id, window))
            if not inside:
                assert row is None or row.published == 0
                continue
            eligible = [c for c in inside if dutch_day(c.published_at)
                        <= day - timedelta(days=2)]
            assert row.published == len(inside)
            assert row.unresolved == sum(c.status in UNRESOLVED_STATUSES for c in inside)
            assert row.no_reply == sum(c.status == Status.OPEN and dutch_day(
                c.published_at) <= day - timedelta(days=7) for c in inside)
            assert row.eligible_for_response == len(eligible)
            assert row.responded == sum(c.first_response_at is not None for c in eligible)
            assert row.resolved == sum(c.status == Status.RESOLVED for c in inside)
            rated = [c.rating for c in inside if c.rating is not None]
            assert row.satisfaction == (pytest.approx(statistics.mean(rated)) if rated else None)
            assert row.supporters == sum(c.supporters_count for c in inside)
            assert row.contacts_before == pytest.approx(
                statistics.mean(c.contacts_before for c in inside))
            answered = [c for c in inside if c.first_response_at is not None]
            overdue = [c for c in inside if c.status == Status.OPEN
                       and dutch_day(c.answer_due_at) < day]
            assert row.due == len(answered) + len(overdue)
            assert row.on_time == sum(c.first_response_at <= c.answer_due_at for c in answered)
            assert row.rating_sum == sum(rated)
            assert row.again_count == sum(c.would_do_business_again is not None for c in inside)
            assert row.again_yes == sum(bool(c.would_do_business_again) for c in inside)
        if mine:
            assert company.published_count == len(mine)


def _assert_resolution_buckets_recount() -> None:
    """The resolution buckets hold each resolved public complaint once, on its company and
    day of publication, by whole days from publication to resolution (91: more than 90)."""
    expected: dict[tuple, int] = {}
    for c in db.session.scalars(select(Complaint).where(Complaint.status == Status.RESOLVED)):
        days = (c.resolved_at - c.published_at) // timedelta(days=1)
        key = (c.company_id, dutch_day(c.published_at), min(max(days, 0), 91))
        expected[key] = expected.get(key, 0) + 1
    assert _buckets()[3] == expected


@pytest.fixture
def team(ctx, company):
    rep = make_representative(make_user("wendy@example.nl"), company)
    return db.session.get(User, rep.user_id)


def test_figures_follow_every_transition_and_every_counted_change(
        ctx, consumer, other_consumer, moderator, company, team):
    author, mod = db.session.get(User, consumer.id), db.session.get(User, moderator.id)
    company_row = db.session.get(Company, company.id)
    company_row.response_promise_hours = 24
    db.session.commit()
    complaint = cases.submit_complaint(author, draft())
    assert_figures_equal_a_recount()
    moderation.approve_complaint(mod, complaint)
    assert_figures_equal_a_recount()
    threads.post_reply(team, complaint, "We kijken ernaar.")
    assert complaint.promise_kept is True
    assert_figures_equal_a_recount()
    threads.support(db.session.get(User, other_consumer.id), complaint)
    assert_figures_equal_a_recount()
    cases.resolve_complaint(author, complaint, 4, "Opgelost.", again=True)
    assert complaint.would_do_business_again is True
    assert_figures_equal_a_recount()
    cases.reopen_complaint(author, complaint)
    assert_figures_equal_a_recount()
    threads.withdraw_support(db.session.get(User, other_consumer.id), complaint)
    assert_figures_equal_a_recount()
    cases.withdraw_complaint(author, complaint)
    assert_figures_equal_a_recount()
    second = make_complaint(author, company, status=Status.RESOLVED)
    assert_figures_equal_a_recount()
    moderation.remove_complaint(mod, second, "Op verzoek.", ground="rule:4")
    assert_figures_equal_a_recount()
    rejected = make_complaint(author, company, status=Status.REJECTED)
    cases.update_complaint(author, rejected, draft(title="Een nieuwe titel voor mijn klacht"))
    moderation.approve_complaint(mod, rejected)
    assert_figures_equal_a_recount()


def test_figures_follow_a_merge_and_an_account_deletion(ctx, consumer, moderator, company):
    from complaints.accounts import privacy
    from tests.builders import PASSWORD

    author = db.session.get(User, consumer.id)
    complaint = cases.submit_complaint(author, draft(
        "Nieuw Bedrijf", company_choice="new", new_company_sector="telecom"))
    moderation.approve_complaint(db.session.get(User, moderator.id), complaint)
    proposed = db.session.get(Company, complaint.company_id)
    proposed.status = "proposed"  # as if listed only later: merge it into Belnet Mobiel
    db.session.commit()
    moderation.merge_company(db.session.get(User, moderator.id), proposed, "Belnet Mobiel")
    assert_figures_equal_a_recount()
    make_complaint(author, company, status=Status.ANSWERED)
    privacy.delete_account(db.session.get(User, consumer.id), PASSWORD, keep_complaints=False)
    assert_figures_equal_a_recount()


def test_windows_move_at_midnight_without_touching_a_complaint(ctx, consumer, moderator,
                                                               company):
    complaint = make_complaint(consumer, company, status=Status.OPEN)
    day = dutch_day(complaint.published_at)
    figures.refresh_companies(None, day + timedelta(days=29))
    assert db.session.get(CompanyFigures, (company.id, "30d")).published == 1
    figures.refresh_companies(None, day + timedelta(days=30))
    assert db.session.get(CompanyFigures, (company.id, "30d")) is None
    assert db.session.get(CompanyFigures, (company.id, "12m")).published == 1
    figures.refresh_companies(None, day + timedelta(days=365))
    assert db.session.get(CompanyFigures, (company.id, "12m")) is None
    assert db.session.get(CompanyFigures, (company.id, "all")).published == 1


def test_no_reply_and_response_rate_count_from_day_seven_and_day_two(ctx, consumer, moderator,
                                                                     company):
    complaint = make_complaint(consumer, company, status=Status.OPEN)
    day = dutch_day(complaint.published_at)
    for offset, no_reply, eligible in ((1, 0, 0), (2, 0, 1), (6, 0, 1), (7, 1, 1)):
        figures.refresh_companies([company.id], day + timedelta(days=offset))
        row = db.session.get(CompanyFigures, (company.id, "all"))
        assert (row.no_reply, row.eligible_for_response) == (no_reply, eligible), offset


def test_refresh_if_new_day_recomputes_once_a_day(ctx, consumer, moderator, company):
    make_complaint(consumer, company, status=Status.OPEN)
    assert figures.refresh_if_new_day() is True  # first time: from scratch
    assert figures.refresh_if_new_day() is False
    assert figures.refresh_if_new_day(today() + timedelta(days=1)) is True


def test_rebuild_reports_and_corrects_what_was_wrong(ctx, runner, consumer, moderator, company):
    make_complaint(consumer, company, status=Status.OPEN)
    bucket = db.session.scalar(select(FigureBucket))
    bucket.unresolved = 7
    db.session.get(Company, company.id).unresolved_count = 9
    db.session.commit()
    result = runner.invoke(args=["figures", "rebuild"])
    assert result.exit_code == 0 and "Corrected: 1 day buckets" in result.output
    assert "1 company counts" in result.output
    again = runner.invoke(args=["figures", "rebuild"])
    assert "already right" in again.output
    db.session.expire_all()
    assert db.session.get(Company, company.id).unresolved_count == 1


def test_storm_alert_needs_three_times_the_weekly_mean_and_at_least_ten(ctx, moderator):
    stormy = make_company("Storm Telecom", domains=["storm.nl"])
    author = make_user("veel@example.nl")
    for n in range(16):  # 8 weeks before: 1 a week on average
        complaint = make_complaint(author, stormy, status=Status.OPEN, days_ago=10 + n * 3)
    for _ in range(10):
        complaint = make_complaint(author, stormy, status=Status.OPEN, days_ago=1)
    figures.rebuild()
    row = db.session.get(CompanyFigures, (stormy.id, "all"))
    assert (row.last_week, row.storm) == (10, True)
    assert row.weekly_mean == pytest.approx(16 / 8)
    moderation.remove_complaint(db.session.get(User, moderator.id), complaint, "Dubbel.",
                                ground="rule:4")
    row = db.session.get(CompanyFigures, (stormy.id, "all"))
    assert (row.last_week, row.storm) == (9, False)


def test_wilson_lower_bound_and_median_from_bins():
    assert figures.wilson_lower_bound(1, 1) < 0.25
    assert figures.wilson_lower_bound(95, 100) > 0.88
    assert figures.wilson_lower_bound(0, 0) is None
    assert figures.median_minutes({}) is None
    times = [20, 50, 70, 200, 1000]
    histogram: dict[int, int] = {}
    for minutes in times:
        index = figures.response_bin(minutes)
        histogram[index] = histogram.get(index, 0) + 1
    low, high = figures.bin_bounds(figures.response_bin(statistics.median(times)))
    assert low <= figures.median_minutes(histogram) <= high


def test_promise_kept_uses_the_promise_at_the_time_of_the_first_reply(ctx, consumer,
                                                                      moderator, company,
                                                                      team):
    company_row = db.session.get(Company, company.id)
    company_row.response_promise_hours = 1
    db.session.commit()
    complaint = make_complaint(consumer, company, status=Status.OPEN)
    complaint.published_at = utcnow() - timedelta(hours=5)
    db.session.commit()
    cases.apply_transition(complaint, Action.ANSWER, actor=team, roles={Role.REPRESENTATIVE})
    db.session.commit()
    assert complaint.promise_kept is False
    row = db.session.get(CompanyFigures, (company.id, "all"))
    assert (row.promise_known, row.promise_kept, row.promise_rate) == (1, 0, 0.0)
