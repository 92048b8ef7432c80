"""/open-data/figures.csv: per listed company and period, the parts of the Helpdeskhel score,
the site-wide shares they were shrunk toward, and the score, so anyone can recompute it with
the formula on /about/figures; and, on the all-time row, the company's promises and what
consumers said became of them."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import select

from complaints.companies.models import Company, CompanyStatus, Sector
from complaints.extensions import db
from complaints.figures import score as scoring
from complaints.figures.models import CompanyFigures
from complaints.formats import lazy_gettext as _l
from complaints.outcomes.models import PromiseFigures


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
    Field("promises_made", _l("Promises the company made in its replies (a refund, a call "
                              "back…), all time; filled on the rows of period all only.")),
    Field("promises_kept", _l("Of those, how many the consumer said were kept, asked on the "
                              "due date. The share “kept on time” is promises_kept out of "
                              "promises_kept + promises_not_kept.")),
    Field("promises_not_kept", _l("Of those, how many the consumer said were not kept.")),
    Field("money_promised_cents", _l("Money promised in refunds and credit notes, in euro "
                                     "cents.")),
    Field("money_returned_cents", _l("Of that, the money of the refunds and credit notes the "
                                     "consumer said were kept, in euro cents.")),
]
FIELD_NAMES = [field.name for field in FIELDS]


def _rows():
    return db.session.execute(
        select(CompanyFigures, Company.name, Company.slug, Sector.slug,
               Company.under_review_since, PromiseFigures)
        .join(Company, Company.id == CompanyFigures.company_id)
        .join(Sector, Sector.id == Company.sector_id)
        .outerjoin(PromiseFigures, PromiseFigures.company_id == CompanyFigures.company_id)
        .where(Company.status == CompanyStatus.LISTED, CompanyFigures.published > 0)
        .order_by(Company.name_key, Company.id, CompanyFigures.window)
        .execution_options(yield_per=1000))


def record(figures: CompanyFigures, name: str, slug: str, sector: str,
           under_review: bool, promises: PromiseFigures | None = None) -> dict:
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
        **_promises(figures.window, promises),
    }


def _promises(window: str, promises: PromiseFigures | None) -> dict:
    """The all-time promise totals, on the row of period all (empty on the others, so that
    adding up a company's rows counts nothing twice)."""
    names = {"promises_made": "made", "promises_kept": "kept",
             "promises_not_kept": "not_kept", "money_promised_cents": "promised_cents",
             "money_returned_cents": "returned_cents"}
    if window != "all":
        return dict.fromkeys(names)
    return {field: getattr(promises, name) if promises is not None else 0
            for field, name in names.items()}


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
    for number, (figures, name, slug, sector, since, promises) in enumerate(_rows(), start=1):
        data = record(figures, name, slug, sector, since is not None, promises)
        writer.writerow([_value(data[field]) for field in FIELD_NAMES])
        if number % rows_per_chunk == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()
