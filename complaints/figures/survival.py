"""How long it takes: the share of complaints resolved within a number of days, estimated with
Kaplan–Meier so that complaints still open count for as long as they have been open.

Pure: no database, no Flask. Times are whole days. `events[d]` is the number of complaints
resolved after d whole days (0: within the first 24 hours); `censored[a]` the number still
open at age a (days since their day of publication): they were followed for a days and then
"left" the count unresolved. At a day where complaints are resolved and others leave, the
resolved ones are counted first (the usual convention): a complaint still open at age d was
at risk of being resolved on day d.

"Resolved within t days" is resolved after at most t whole days: 1 − S(t), with
S(t) = ∏ over d ≤ t of (1 − resolved on day d ÷ at risk on day d), at risk on day d being the
complaints resolved on day d or later, or still open at age d or older. Without open
complaints this is the plain share. Where nobody is left at risk before t while some could
still be unresolved, the share is unknown (None); with fewer than MINIMUM complaints in all,
every share is None ("not enough complaints").
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

POINTS = (7, 30, 90)
MINIMUM = 5  # fewer complaints than this: no estimate


def total(events: Mapping[int, int], censored: Mapping[int, int]) -> int:
    return sum(events.values()) + sum(censored.values())


def kaplan_meier(events: Mapping[int, int], censored: Mapping[int, int],
                 points: Iterable[int] = POINTS) -> dict[int, float | None]:
    """The estimated share resolved within each of `points` days (1 − S(t))."""
    points = list(points)
    if total(events, censored) < MINIMUM:
        return dict.fromkeys(points, None)
    last = max(points, default=-1)
    # At risk on day 0 is everyone; each day, those resolved or left that day drop out after.
    at_risk = total(events, censored)
    survival = 1.0
    known = True  # False once nobody was left at risk while some could still be unresolved
    by_day: dict[int, float | None] = {}
    for day in range(last + 1):
        resolved, left = events.get(day, 0), censored.get(day, 0)
        if at_risk <= 0:
            known = known and survival == 0.0
        else:
            survival *= 1 - resolved / at_risk
        by_day[day] = (1 - survival) if known else None
        at_risk -= resolved + left
    return {point: by_day.get(point) for point in points}


def still_waiting(events: Mapping[int, int], censored: Mapping[int, int],
                  points: Iterable[int] = POINTS) -> dict[int, int]:
    """Per point t, the complaints known to be still waiting t days after publication: those
    resolved after more than t days, and those still open at age t or older (the numbers at
    risk just after day t, the ones the estimate beyond t rests on)."""
    return {point: sum(n for d, n in events.items() if d > point)
            + sum(n for a, n in censored.items() if a >= point)
            for point in points}
