"""Ranking queries over the stored window figures (never over the complaints themselves).

Sorting on a rate leaves out companies with fewer than five complaints in the window and
orders by the lower bound of the 95% Wilson interval, so one lucky answer does not top the
list; ties fall back to the number of complaints and the name. The score is the Helpdeskhel
score (SPEC, "The verdict"): one per company, over the last 12 months, whatever the period of
the ranking, so a company has the same score on every page. Sorting on it leaves out companies
without one (fewer than ten complaints in 12 months) and those under review.

The best webcare (SPEC, "The verdict") only holds companies that stand outside the worst
places of the same period: see `worst_places` and `best_webcare`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from sqlalchemy import Select, and_, func, select
from sqlalchemy.orm import aliased

from complaints.companies.models import Company, CompanyStatus, Sector
from complaints.extensions import db
from complaints.figures import score as scoring
from complaints.figures.models import CompanyFigures
from complaints.figures.services import RATE_MINIMUM
from complaints.figures.verdict import SCORE_WINDOW
from complaints.formats import lazy_gettext as _l

F = CompanyFigures
# The company's 12-month row, where its score lives (the same row as F in the 12-month view).
S = aliased(CompanyFigures, name="score_figures")


@dataclass(frozen=True)
class Sort:
    key: str
    label: object
    order: tuple
    minimum: object | None = None  # a column that must reach `at_least`
    at_least: int = RATE_MINIMUM
    where: tuple = ()  # further conditions a company must meet to be ranked
    # For an order that puts the worst service first: the count it ranks by (the first
    # places with a count above zero are "worst places", see `worst_places`).
    worst: object | None = None


SORTS: dict[str, Sort] = {s.key: s for s in (
    Sort("unresolved", _l("Most unresolved"), (F.unresolved.desc(), F.published.desc()),
         worst=F.unresolved),
    # The score of a company under review is not shown, so neither is its place by score.
    Sort("score", _l("Highest score"), (S.score.desc(), S.published.desc()),
         where=(S.score.is_not(None), Company.under_review_since.is_(None))),
    Sort("no_reply", _l("Most without a reply after 7 days"),
         (F.no_reply.desc(), F.unresolved.desc()), worst=F.no_reply),
    Sort("published", _l("Most complaints"), (F.published.desc(),)),
    Sort("response_rate", _l("Highest response rate"),
         (F.response_rate_low.desc(), F.eligible_for_response.desc()),
         F.eligible_for_response),
    Sort("median_response", _l("Fastest first reply"),
         (F.median_response_minutes.asc(), F.responded.desc()), F.responded),
    Sort("resolution_rate", _l("Highest resolution rate"),
         (F.resolution_rate_low.desc(), F.published.desc()), F.published),
    Sort("satisfaction", _l("Most satisfied consumers"),
         (F.satisfaction.desc(), F.rating_count.desc()), F.rating_count),
    Sort("promise_kept", _l("Best at keeping their promise"),
         (F.promise_rate_low.desc(), F.promise_known.desc()), F.promise_known),
    Sort("contacts_before", _l("Most contacts before complaining"),
         (F.contacts_before.desc(), F.published.desc())),
    Sort("supporters", _l("Most “me too”"), (F.supporters.desc(), F.published.desc())),
)}

WINDOW_LABELS = {"30d": _l("Last 30 days"), "12m": _l("Last 12 months"), "all": _l("All time")}
DEFAULT_WINDOW, DEFAULT_SORT = "12m", "unresolved"


def _listed():
    """Company is listed, written so each planner reads the figures in the ranking's order.

    Nearly every company is listed, but SQLite would walk ix_companies_status and sort them
    all; coalesce() keeps it off that index, so it reads the figures in order and stops after
    a page. PostgreSQL estimates the plain condition well (and coalesce() badly).
    """
    if db.session.get_bind().dialect.name == "sqlite":
        return func.coalesce(Company.status, "") == CompanyStatus.LISTED
    return Company.status == CompanyStatus.LISTED


def ranking(window: str, sort: str, sector_slug: str | None = None) -> Select:
    """Listed companies with published complaints in the window, in the order of `sort`."""
    chosen = SORTS[sort]
    stmt = (select(F, Company).join(Company, Company.id == F.company_id)
            .where(F.window == window, F.published > 0, _listed()))
    if sector_slug:
        stmt = stmt.join(Sector, Sector.id == Company.sector_id).where(Sector.slug == sector_slug)
    if sort == "score":
        stmt = _with_score(stmt)
    if chosen.minimum is not None:
        stmt = stmt.where(chosen.minimum >= chosen.at_least)
    if chosen.where:
        stmt = stmt.where(*chosen.where)
    return stmt.order_by(*chosen.order, Company.name_key, Company.id)


def _with_score(stmt: Select, *, outer: bool = True) -> Select:
    joined = and_(S.company_id == F.company_id, S.window == SCORE_WINDOW)
    return stmt.outerjoin(S, joined) if outer else stmt.join(S, joined)


# Who may stand in the best webcare (SPEC, "The verdict").
BEST_MINIMUM_PUBLISHED = scoring.MINIMUM  # published complaints in the period
BEST_MINIMUM_SCORE = 6.0  # compared with the score as shown (one decimal): 6,0 qualifies
BEST_MINIMUM_COMPANIES = 3  # fewer qualifying: the list is not shown at all
# The worst places of an order: its first quarter, at most WORST_PLACES (with 16 companies
# ranked, the first 10 would be most of them).
WORST_PLACES, WORST_SHARE = 10, 4
WORST_SORTS = tuple(key for key, sort in SORTS.items() if sort.worst is not None)


def worst_place_count(window: str, sector_slug: str | None = None) -> int:
    """How many of the first places of a ranking are its worst: a quarter of the companies
    ranked in the period (and sector), rounded up, at most WORST_PLACES. Counts companies
    up to the number that gives the most places (reading every company's figures took most of
    the database's time of the rankings page at 5,000 companies), never complaints."""
    enough = WORST_PLACES * WORST_SHARE
    ranked = db.session.scalar(select(func.count()).select_from(
        ranking(window, DEFAULT_SORT, sector_slug).order_by(None)
        .with_only_columns(F.company_id).limit(enough).subquery()))
    return min(WORST_PLACES, math.ceil((ranked or 0) / WORST_SHARE))


def worst_places(window: str, sector_slug: str | None = None,
                 places: int | None = None) -> set[int]:
    """The companies in the worst places of the period: the first `places`
    (`worst_place_count`) of every order that puts the worst service first ("Most
    unresolved", "Most without a reply after 7 days"), with the same sector filter, as those
    rankings show them; a company with none of what the order counts is in no worst place.
    A few rows each, read along their indexes."""
    places = worst_place_count(window, sector_slug) if places is None else places
    worst: set[int] = set()
    for key in WORST_SORTS:
        stmt = (ranking(window, key, sector_slug).where(SORTS[key].worst > 0)
                .with_only_columns(F.company_id))
        worst.update(db.session.scalars(stmt.limit(places)))
    return worst


def best_webcare(window: str, sector_slug: str | None = None, limit: int = 10,
                 places: int | None = None) -> list:
    """The best webcare of the period: companies with at least BEST_MINIMUM_PUBLISHED
    complaints in it and a Helpdeskhel score (as shown) of at least BEST_MINIMUM_SCORE, not
    under review and not in the worst places of the same period and sector, by score
    (unrounded), then complaints, then name. Empty when fewer than BEST_MINIMUM_COMPANIES
    qualify: a "best" of one or two would crown whoever happens to qualify.

    Reads the stored figures (the scores along ix_company_figures_window_score, only from just
    below the threshold up), never the complaints. Rows are (period figures, company)."""
    stmt = _with_score(select(F, Company, S.score).join(Company, Company.id == F.company_id),
                       outer=False).where(
        F.window == window, S.score >= BEST_MINIMUM_SCORE - 0.1,
        F.published >= BEST_MINIMUM_PUBLISHED, Company.under_review_since.is_(None), _listed())
    if sector_slug:
        stmt = stmt.join(Sector, Sector.id == Company.sector_id).where(Sector.slug == sector_slug)
    worst = worst_places(window, sector_slug, places)
    if worst:
        stmt = stmt.where(F.company_id.not_in(worst))
    stmt = stmt.order_by(S.score.desc(), F.published.desc(), Company.name_key, Company.id)
    # The loose bound in SQL, the exact one on the score as pages show it (6,0 but not 5,9);
    # the rows it drops come last, so the limit stays right.
    rows = [(figures, company) for figures, company, score
            in db.session.execute(stmt.limit(limit))
            if scoring.shown(score) >= BEST_MINIMUM_SCORE]
    return rows if len(rows) >= BEST_MINIMUM_COMPANIES else []


def storms() -> list:
    """Companies in a storm now (computed by `jobs run` and on every change)."""
    stmt = (select(F, Company).join(Company, Company.id == F.company_id)
            # `F.storm` is rendered as the partial index ix_company_figures_storm says it
            # ("storm = 1" on SQLite, "storm" on PostgreSQL), so the planner uses that index.
            .where(F.window == "all", F.storm, Company.status == CompanyStatus.LISTED)
            .order_by(F.last_week.desc()))
    return list(db.session.execute(stmt))


def totals() -> dict[str, int]:
    """Site totals from the stored all-time figures (one row per company)."""
    row = db.session.execute(select(
        func.coalesce(func.sum(F.published), 0), func.coalesce(func.sum(F.unresolved), 0),
        func.coalesce(func.sum(F.resolved), 0), func.count(),
    ).where(F.window == "all", F.published > 0)).one()
    return {"published": int(row[0]), "unresolved": int(row[1]), "resolved": int(row[2]),
            "companies": int(row[3])}
