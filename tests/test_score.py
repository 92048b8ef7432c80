"""The Helpdeskhel score: the formula and its shrinkage against values computed by hand, the
10-complaint threshold, the bands, "onder de loep", and the answer deadline it depends on."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from complaints.cases.deadlines import answer_deadline, working_days_after
from complaints.clock import AMSTERDAM
from complaints.figures import score as scoring
from complaints.figures.score import Part


def test_shrinkage_pulls_a_small_company_toward_the_site_wide_share():
    # 3 of 4 resolved, site-wide 40%: (3 + 10 × 0.4) / (4 + 10) = 7 / 14 = 0.5
    assert Part(3, 4).shrunk(0.4) == pytest.approx(0.5)
    # 300 of 400: barely moves, (300 + 4) / 410
    assert Part(300, 400).shrunk(0.4) == pytest.approx(304 / 410)
    # no data at all: exactly the prior
    assert Part(0, 0).shrunk(0.4) == pytest.approx(0.4)


def test_the_score_against_a_hand_computed_example():
    # A company with 40 complaints in 12 months:
    #   answered on time 30 of 36 due, prior 0.6 -> (30 + 6) / 46 = 0.782608…
    #   resolved 12 of 40, prior 0.3 -> (12 + 3) / 50 = 0.3
    #   satisfaction: 10 ratings summing to 32 -> (32 - 10) / 4 = 5.5 of 10, prior 0.5
    #     -> (5.5 + 5) / 20 = 0.525
    #   again: 4 yes of 8, prior 0.45 -> (4 + 4.5) / 18 = 0.472222…
    # score = 10 × (0.25 × 0.782608 + 0.30 × 0.3 + 0.25 × 0.525 + 0.20 × 0.472222)
    #       = 10 × (0.195652 + 0.09 + 0.13125 + 0.094444) = 5.11346…
    figures = {"published": 40, "resolved": 12, "due": 36, "on_time": 30, "rating_sum": 32,
               "rating_count": 10, "again_count": 8, "again_yes": 4}
    priors = {"on_time": 0.6, "resolved": 0.3, "satisfaction": 0.5, "again": 0.45}
    value = scoring.score(scoring.parts_of(figures), priors, 40)
    assert value == pytest.approx(5.113466, abs=1e-6)
    assert scoring.shown(value) == 5.1
    assert scoring.band(value) == "poor"


def test_no_score_below_ten_published_complaints():
    figures = {"published": 9, "resolved": 9, "due": 9, "on_time": 9, "rating_sum": 45,
               "rating_count": 9, "again_count": 9, "again_yes": 9}
    priors = dict.fromkeys(scoring.PARTS, 0.5)
    assert scoring.score(scoring.parts_of(figures), priors, 9) is None
    assert scoring.score(scoring.parts_of({**figures, "published": 10}), priors, 10) is not None


def test_a_perfect_small_company_stays_near_the_middle():
    # Ten complaints, every part perfect, everyone else at 50%: 10 × (10 + 5) / 20 = 7.5
    figures = {"published": 10, "resolved": 10, "due": 10, "on_time": 10, "rating_sum": 50,
               "rating_count": 10, "again_count": 10, "again_yes": 10}
    value = scoring.score(scoring.parts_of(figures), dict.fromkeys(scoring.PARTS, 0.5), 10)
    assert value == pytest.approx(7.5)


@pytest.mark.parametrize(("value", "band"), [
    (10.0, "good"), (8.0, "good"), (7.96, "good"), (7.94, "fair"), (6.0, "fair"),
    (5.95, "fair"), (5.9, "poor"), (4.0, "poor"), (3.99, "poor"), (3.9, "bad"), (0.0, "bad"),
])
def test_the_word_follows_the_score_as_shown(value, band):
    assert scoring.band(value) == band


def test_priors_are_the_site_wide_shares_and_neutral_without_data():
    companies = [scoring.parts_of({"published": 10, "resolved": 5, "due": 8, "on_time": 8,
                                   "rating_sum": 0, "rating_count": 0, "again_count": 0,
                                   "again_yes": 0}),
                 scoring.parts_of({"published": 30, "resolved": 5, "due": 12, "on_time": 2,
                                   "rating_sum": 10, "rating_count": 2, "again_count": 0,
                                   "again_yes": 0})]
    priors = scoring.priors_of(companies)
    assert priors["resolved"] == pytest.approx(10 / 40)
    assert priors["on_time"] == pytest.approx(10 / 20)
    assert priors["satisfaction"] == pytest.approx(2 / 2)
    assert priors["again"] == scoring.NEUTRAL_PRIOR


def test_the_deadline_is_the_promise_or_the_end_of_the_fifth_working_day():
    published = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)  # a Wednesday
    assert answer_deadline(published, 24) == published + timedelta(hours=24)
    due = answer_deadline(published, None).astimezone(AMSTERDAM)
    assert due.date() == date(2026, 12, 9)  # Thu, Fri, Mon, Tue, Wed
    assert (due.hour, due.minute) == (23, 59)
    # Published on a Saturday: counting starts on Monday.
    assert working_days_after(date(2026, 12, 5), 5) == date(2026, 12, 11)
    # Late on Friday evening in Amsterdam is still Friday there, though UTC says so too.
    friday_night = datetime(2026, 12, 4, 22, 30, tzinfo=UTC)  # 23:30 in Amsterdam
    assert answer_deadline(friday_night, None).astimezone(AMSTERDAM).date() == date(2026, 12, 11)
