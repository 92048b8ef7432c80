"""/open-data/figures.csv: per listed company and period, the parts of the Helpdeskhel score,
the site-wide shares they were shrunk toward, and the score, so anyone can recompute it with
the formula on /about/figures."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from complaints.companies.models import Company, CompanyStatus, Sector
from complaints.extensions import db
from complaints.figures import score as scoring
from complaints.figures.models import CompanyFigures


@dataclass(frozen=True)
class Field:
    name: str
    meaning: object


FIELDS = [
    Field("company", _l("Name of the company.")),
    Field("company_slug", _l("Short name of the company in web addresses; stays the same.")),
    Field("sector", _l("Sector of the company, as a code.")),
    Field("period", _l("30d (today and the 29 days before), 12m (today and the 364 days "
                       "before) or all (all time). The score on the site is the one of 12m.")),
    Field("computed_on", _l("The day (Dutch calendar) the figures were computed.")),
    Field("published", _l("Complaints published in the period that are public now.")),
    Field("unresolved", _l("Of those, how many are open or answered now.")),
    Field("resolved", _l("Of those, how many the consumer marked resolved: the successes of "
                         "the part “resolved”, out of published.")),
    Field("due", _l("Complaints whose answer was due: answered, or still without a reply "
                    "after the day of their deadline.")),
    Field("on_time", _l("Of those, how many got their first company reply by the deadline: "
                        "the part “answered on time” is on_time out of due.")),
    Field("rating_count", _l("How many consumers rated the handling (1 to 5).")),
    Field("rating_sum", _l("The sum of those ratings. The part “satisfaction” is "
                           "(rating_sum − rating_count) / 4 out of rating_count.")),
    Field("again_count", _l("How many consumers answered “would you do business with them "
                            "again?”.")),
    Field("again_yes", _l("Of those, how many said yes: the part “would do business again”.")),
    Field("prior_on_time", _l("The site-wide share of “answered on time” the company's share "
                              "is shrunk toward.")),
    Field("prior_resolved", _l("The site-wide share of “resolved”.")),
    Field("prior_satisfaction", _l("The site-wide share of “satisfaction”.")),
    Field("prior_again", _l("The site-wide share of “would do business again”.")),
    Field("score", _l("The Helpdeskhel score, 0 to 10 with one decimal; empty with fewer than "
                      "%(num)d published complaints or while the company is under review.",
                      num=scoring.MINIMUM)),
    Field("under_review", _l("true while moderators have the company under review (“onder de "
                             "loep”); its score is then not shown.")),
]
FIELD_NAMES = [field.name for field in FIELDS]


def _rows():
    return db.session.execute(
        select(CompanyFigures, Company.name, Company.slug, Sector.slug,
               Company.under_review_since)
        .join(Company, Company.id == CompanyFigures.company_id)
        .join(Sector, Sector.id == Company.sector_id)
        .where(Company.status == CompanyStatus.LISTED, CompanyFigures.published > 0)
        .order_by(Company.name_key, Company.id, CompanyFigures.window)
        .execution_options(yield_per=1000))


def record(figures: CompanyFigures, name: str, slug: str, sector: str,
           under_review: bool) -> dict:
    score = None if under_review or figures.score is None else scoring.shown(figures.score)
    return {
        "company": name, "company_slug": slug, "sector": sector, "period": figures.window,
        "computed_on": figures.computed_on.isoformat(), "published": figures.published,
        "unresolved": figures.unresolved, "resolved": figures.resolved, "due": figures.due,
        "on_time": figures.on_time, "rating_count": figures.rating_count,
        "rating_sum": figures.rating_sum, "again_count": figures.again_count,
        "again_yes": figures.again_yes,
        **{f"prior_{part}": getattr(figures, f"prior_{part}") for part in scoring.PARTS},
        "score": score, "under_review": under_review,
    }


def _value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value) if isinstance(value, float) else str(value)


def csv_chunks(*, rows_per_chunk: int = 500) -> Iterator[str]:
    """The file, a few hundred rows per chunk (three rows per company)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(FIELD_NAMES)
    for number, (figures, name, slug, sector, since) in enumerate(_rows(), start=1):
        data = record(figures, name, slug, sector, since is not None)
        writer.writerow([_value(data[field]) for field in FIELD_NAMES])
        if number % rows_per_chunk == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()
