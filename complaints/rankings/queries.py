"""Ranking queries over the stored window figures (never over the complaints themselves).

Sorting on a rate leaves out companies with fewer than five complaints in the window and
orders by the lower bound of the 95% Wilson interval, so one lucky answer does not top the
list; ties fall back to the number of complaints and the name.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, func, select

from complaints.companies.models import Company, CompanyStatus, Sector
from complaints.extensions import db
from complaints.figures.models import CompanyFigures
from complaints.figures.services import RATE_MINIMUM

F = CompanyFigures


@dataclass(frozen=True)
class Sort:
    key: str
    label: object
    order: tuple
    minimum: object | None = None  # a column that must reach RATE_MINIMUM


SORTS: dict[str, Sort] = {s.key: s for s in (
    Sort("unresolved", _l("Most unresolved"), (F.unresolved.desc(), F.published.desc())),
    Sort("no_reply", _l("Most without a reply after 7 days"),
         (F.no_reply.desc(), F.unresolved.desc())),
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
    Sort("supporters", _l("Most “ik ook”"), (F.supporters.desc(), F.published.desc())),
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
    if chosen.minimum is not None:
        stmt = stmt.where(chosen.minimum >= RATE_MINIMUM)
    return stmt.order_by(*chosen.order, Company.name_key, Company.id)


def best_webcare(window: str, sector_slug: str | None = None, limit: int = 10) -> list:
    """The webcare teams that answer most (lower bound of the response rate), then fastest."""
    stmt = ranking(window, "response_rate", sector_slug).where(F.median_response_minutes.is_not(
        None)).order_by(None).order_by(F.response_rate_low.desc(),
                                       F.median_response_minutes.asc(), Company.name_key)
    return list(db.session.execute(stmt.limit(limit)))


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
