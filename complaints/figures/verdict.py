"""The verdict on a company as pages show it: its score over the last 12 months with its word,
or why there is none ("te weinig gegevens", "onder de loep").

Every page that shows a company's score (company page, cards, search results, rankings, Open
Graph tags) asks here, so the rules of showing it live in one place.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import select

from complaints.companies.models import Company
from complaints.extensions import db
from complaints.figures import score as scoring
from complaints.figures.models import CompanyFigures
from complaints.formats import lazy_gettext as _l

SCORE_WINDOW = "12m"

BAND_WORDS = {"good": _l("good"), "fair": _l("fair"), "poor": _l("poor"), "bad": _l("bad")}


class Standing(StrEnum):
    SCORED = "scored"
    TOO_LITTLE = "too_little"  # fewer than scoring.MINIMUM published complaints
    UNDER_REVIEW = "under_review"  # "onder de loep": moderators hide the score


@dataclass(frozen=True)
class Verdict:
    standing: Standing
    score: float | None = None  # one decimal, as shown
    band: str | None = None  # good, fair, poor, bad
    published: int = 0  # complaints in the 12 months
    review_reason: str | None = None

    @property
    def word(self) -> str:
        return str(BAND_WORDS[self.band]) if self.band else ""

    @property
    def needed(self) -> int:
        """Complaints still needed before there is a score."""
        return max(scoring.MINIMUM - self.published, 0)


def verdict(company: Company, figures: CompanyFigures | None) -> Verdict:
    """The verdict from the company's stored figures of the 12-month window (None: none)."""
    published = figures.published if figures is not None else 0
    if company.under_review_since is not None:
        return Verdict(Standing.UNDER_REVIEW, published=published,
                       review_reason=company.under_review_reason)
    if figures is None or figures.score is None:
        return Verdict(Standing.TOO_LITTLE, published=published)
    return Verdict(Standing.SCORED, scoring.shown(figures.score), scoring.band(figures.score),
                   published)


def verdicts(companies: Iterable[Company]) -> dict[int, Verdict]:
    """The verdicts of several companies (a page of cards) with one query."""
    by_id = {company.id: company for company in companies}
    if not by_id:
        return {}
    rows = {row.company_id: row for row in db.session.scalars(
        select(CompanyFigures).where(CompanyFigures.window == SCORE_WINDOW,
                                     CompanyFigures.company_id.in_(by_id)))}
    return {company_id: verdict(company, rows.get(company_id))
            for company_id, company in by_id.items()}


def verdict_for(company: Company) -> Verdict:
    return verdicts([company])[company.id]
