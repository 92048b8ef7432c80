"""The worked example on /about/figures, computed by the score's own code.

The page explains the formula with real numbers; they come from `figures.score` itself, so the
example can never say something the code does not do.
"""

from __future__ import annotations

from dataclasses import dataclass

from complaints.figures import score as scoring

# A made-up company with 40 published complaints in the last 12 months.
PUBLISHED = 40
FIGURES = {"published": PUBLISHED, "due": 36, "on_time": 30, "resolved": 12,
           "rating_sum": 32, "rating_count": 10, "again_count": 8, "again_yes": 4}
# The site-wide shares of the same period, which each part is shrunk toward.
PRIORS = {"on_time": 0.6, "resolved": 0.3, "satisfaction": 0.5, "again": 0.45}


@dataclass(frozen=True)
class Row:
    """One part of the score in the example."""

    name: str  # a key of scoring.PARTS
    successes: float
    total: int
    share: float
    prior: float
    shrunk: float
    weight: float
    points: float  # 10 × weight × shrunk share: what the part adds to the score


@dataclass(frozen=True)
class Example:
    figures: dict
    rows: list[Row]
    score: float  # unrounded
    shown: float  # one decimal, as pages show it
    band: str
    mean_rating: float


def worked_example() -> Example:
    parts = scoring.parts_of(FIGURES)
    rows = [Row(name, parts[name].successes, parts[name].total, parts[name].share(),
                PRIORS[name], parts[name].shrunk(PRIORS[name]), scoring.WEIGHTS[name],
                10 * scoring.WEIGHTS[name] * parts[name].shrunk(PRIORS[name]))
            for name in scoring.PARTS]
    value = scoring.score(parts, PRIORS, PUBLISHED)
    return Example(FIGURES, rows, value, scoring.shown(value), scoring.band(value),
                   FIGURES["rating_sum"] / FIGURES["rating_count"])
