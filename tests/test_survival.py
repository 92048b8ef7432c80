"""The Kaplan–Meier estimate of "resolved within 7, 30, 90 days" (figures.survival), against
values computed by hand, and its properties."""

from __future__ import annotations

from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from complaints.figures.survival import MINIMUM, kaplan_meier, still_waiting


def test_without_open_complaints_it_is_the_plain_share():
    events = {0: 1, 3: 2, 10: 1, 40: 1}
    assert kaplan_meier(events, {}) == {7: pytest.approx(3 / 5), 30: pytest.approx(4 / 5),
                                        90: pytest.approx(1.0)}
    assert still_waiting(events, {}) == {7: 2, 30: 1, 90: 0}


def test_open_complaints_count_for_as_long_as_they_have_been_open():
    # 7 complaints: resolved after 2, 5 and 20 days; open at ages 4, 4, 10 and 100.
    events, censored = {2: 1, 5: 1, 20: 1}, {4: 2, 10: 1, 100: 1}
    # Day 2: 1 of 7 resolved; day 4: two leave (4 left); day 5: 1 of 4; day 10: one leaves
    # (2 left); day 20: 1 of 2.
    s7 = (6 / 7) * (3 / 4)
    s30 = s7 * (1 / 2)
    assert kaplan_meier(events, censored) == {7: pytest.approx(1 - s7),
                                              30: pytest.approx(1 - s30),
                                              90: pytest.approx(1 - s30)}
    assert 1 - s7 == pytest.approx(5 / 14)
    assert 1 - s30 == pytest.approx(19 / 28)
    # Leaving the open ones out would say 2 of 3 within 7 days; counting them as never
    # resolved, 2 of 7.
    assert still_waiting(events, censored) == {7: 3, 30: 1, 90: 1}


def test_on_a_tie_the_resolved_count_before_those_still_open_leave():
    # Day 3: 2 resolved, and 1 complaint of age 3 is still open: it was at risk that day, so
    # the day's share is 2 of 5 (not 2 of 4). After day 8 nobody is left and 3/5 were not
    # resolved: beyond that nothing can be said.
    events, censored = {3: 2}, {3: 1, 8: 2}
    assert kaplan_meier(events, censored) == {7: pytest.approx(2 / 5), 30: None, 90: None}
    assert still_waiting(events, censored) == {7: 2, 30: 0, 90: 0}


def test_all_open():
    assert kaplan_meier({}, {1: 2, 50: 3}) == {7: 0.0, 30: 0.0, 90: None}
    assert kaplan_meier({}, {95: 5}) == {7: 0.0, 30: 0.0, 90: 0.0}
    assert still_waiting({}, {1: 2, 50: 3}) == {7: 3, 30: 3, 90: 0}


def test_all_resolved_early_stays_known_after_the_last_one():
    assert kaplan_meier({1: 5}, {}) == {7: 1.0, 30: 1.0, 90: 1.0}
    # "More than 90 days" (91) is never within 90.
    assert kaplan_meier({91: 5}, {}) == {7: 0.0, 30: 0.0, 90: 0.0}
    assert kaplan_meier({0: 3, 91: 2}, {}) == {7: 0.6, 30: 0.6, 90: 0.6}


def test_fewer_than_the_minimum_gives_no_estimate():
    assert MINIMUM == 5
    assert kaplan_meier({0: 2}, {1: 2}) == {7: None, 30: None, 90: None}
    assert kaplan_meier({}, {}) == {7: None, 30: None, 90: None}
    assert kaplan_meier({0: 2}, {1: 3}, points=(1,)) == {1: pytest.approx(2 / 5)}


counts = st.dictionaries(st.integers(0, 91), st.integers(0, 6), max_size=12)
ages = st.dictionaries(st.integers(0, 400), st.integers(0, 6), max_size=12)
POINTS = tuple(range(0, 100))


@given(counts, ages)
def test_the_estimate_is_a_share_that_never_goes_down(events, censored):
    shares = kaplan_meier(events, censored, POINTS)
    known = [shares[t] for t in POINTS if shares[t] is not None]
    assert all(0.0 <= share <= 1.0 for share in known)
    assert all(a <= b + 1e-12 for a, b in pairwise(known))
    # Once unknown, it stays unknown.
    unknown = [t for t in POINTS if shares[t] is None]
    assert unknown == [] or unknown == list(range(unknown[0], POINTS[-1] + 1))


@given(counts)
def test_without_open_complaints_it_equals_the_plain_share(events):
    total = sum(events.values())
    shares = kaplan_meier(events, {}, POINTS)
    for t in POINTS:
        if total < MINIMUM:
            assert shares[t] is None
        else:
            plain = sum(n for d, n in events.items() if d <= t) / total
            assert shares[t] == pytest.approx(plain)
