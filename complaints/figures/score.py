"""The Helpdeskhel score: one number from 0 to 10 per company and period (SPEC, "The verdict").

    score = 10 × (0.25 · answered on time + 0.30 · resolved + 0.25 · satisfaction
                  + 0.20 · would do business again)

Each part is a share between 0 and 1, counted as `successes` out of `total` complaints
(satisfaction: the mean rating − 1, divided by 4, so its successes are Σ(rating − 1) / 4 over
the ratings given). Each share is shrunk toward the site-wide share `prior` of the same period
with the weight of PRIOR_WEIGHT complaints, (k + 10 · p₀) / (n + 10), so a company with few
complaints sits near the middle rather than at an extreme. Below MINIMUM published complaints
in the period there is no score.

Pure: no database, no Flask. `figures.services` stores the parts, priors and scores;
`/open-data/figures.csv` publishes them so anyone can recompute a score with `score()`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

PARTS = ("on_time", "resolved", "satisfaction", "again")
WEIGHTS = {"on_time": 0.25, "resolved": 0.30, "satisfaction": 0.25, "again": 0.20}
PRIOR_WEIGHT = 10
MINIMUM = 10  # published complaints in the period
NEUTRAL_PRIOR = 0.5  # the site-wide share of a part nobody has data for yet
BANDS = ((8.0, "good"), (6.0, "fair"), (4.0, "poor"), (0.0, "bad"))


@dataclass(frozen=True)
class Part:
    """One part of the score for one company: `successes` out of `total`."""

    successes: float
    total: int

    def share(self) -> float | None:
        return self.successes / self.total if self.total else None

    def shrunk(self, prior: float) -> float:
        return (self.successes + PRIOR_WEIGHT * prior) / (self.total + PRIOR_WEIGHT)


def satisfaction_successes(rating_sum: int, rating_count: int) -> float:
    """Σ(rating − 1) / 4: the ratings (1–5) as a share between 0 and 1, summed."""
    return (rating_sum - rating_count) / 4


def parts_of(figures: Mapping) -> dict[str, Part]:
    """The four parts from stored figures (a CompanyFigures row or a dict with its names)."""
    get = figures.get if isinstance(figures, Mapping) else lambda name: getattr(figures, name)
    return {
        "on_time": Part(get("on_time"), get("due")),
        "resolved": Part(get("resolved"), get("published")),
        "satisfaction": Part(satisfaction_successes(get("rating_sum"), get("rating_count")),
                             get("rating_count")),
        "again": Part(get("again_yes"), get("again_count")),
    }


def priors_of(all_parts: Iterable[Mapping[str, Part]]) -> dict[str, float]:
    """The site-wide share of each part over every company of a period."""
    successes = dict.fromkeys(PARTS, 0.0)
    totals = dict.fromkeys(PARTS, 0)
    for parts in all_parts:
        for name in PARTS:
            successes[name] += parts[name].successes
            totals[name] += parts[name].total
    return {name: successes[name] / totals[name] if totals[name] else NEUTRAL_PRIOR
            for name in PARTS}


def score(parts: Mapping[str, Part], priors: Mapping[str, float], published: int) -> float | None:
    """The score, unrounded, or None with fewer than MINIMUM published complaints."""
    if published < MINIMUM:
        return None
    return 10 * sum(WEIGHTS[name] * parts[name].shrunk(priors[name]) for name in PARTS)


def shown(value: float) -> float:
    """The score as pages show it: one decimal (the band is read from this, so a page never
    shows 8.0 with the word for 7.9)."""
    return round(value + 1e-9, 1)


def band(value: float) -> str:
    """The word's key for a score: good (≥ 8), fair (≥ 6), poor (≥ 4), bad."""
    rounded = shown(value)
    return next(key for floor, key in BANDS if rounded >= floor)
