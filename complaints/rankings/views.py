"""/rankings: companies by unresolved complaints (and the other figures), the best webcare,
and the table as CSV."""

from __future__ import annotations

import csv
import io

from babel.lists import format_list
from flask import Blueprint, Response, abort, render_template, request, url_for
from flask_babel import get_locale
from flask_wtf import FlaskForm
from wtforms import SelectField
from wtforms.validators import Optional

from complaints.cache import cached_page
from complaints.clock import today
from complaints.companies.services import sectors
from complaints.extensions import db
from complaints.figures import score as scoring
from complaints.figures.services import RATE_MINIMUM
from complaints.figures.verdict import verdicts
from complaints.formats import gettext as _
from complaints.formats import lazy_gettext as _l
from complaints.pagination import paginate
from complaints.rankings import queries

bp = Blueprint("rankings", __name__)


class RankingFilterForm(FlaskForm):
    """The choices above the ranking (GET, no CSRF); anything else is a 400."""

    class Meta:
        csrf = False

    window = SelectField(_l("Period"), validators=[Optional()])
    sector = SelectField(_l("Sector"), validators=[Optional()])
    sort = SelectField(_l("Order"), validators=[Optional()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.window.choices = [(key, label) for key, label in queries.WINDOW_LABELS.items()]
        self.sector.choices = [("", _("All sectors"))] + [(s.slug, s.label) for s in sectors()]
        self.sort.choices = [(key, sort.label) for key, sort in queries.SORTS.items()]


def _filters() -> RankingFilterForm:
    form = RankingFilterForm(request.args)
    if not form.validate():
        abort(400)
    form.window.data = form.window.data or queries.DEFAULT_WINDOW
    form.sort.data = form.sort.data or queries.DEFAULT_SORT
    return form


@bp.route("/rankings")
@cached_page
def index():
    form = _filters()
    window, sort, sector = form.window.data, form.sort.data, form.sector.data or None
    stmt = queries.ranking(window, sort, sector)
    # No total: counting every company with figures on each request would be the one part
    # of this page that grows with the site; the pager shows previous and next.
    page = paginate(stmt, size="table", rows=True)
    places = queries.worst_place_count(window, sector)
    best = queries.best_webcare(window, sector, places=places)
    # Every company's one score (12 months), for the rows and the best webcare: one query.
    shown = verdicts([company for _, company in [*page.items, *best]])
    return render_template(
        "rankings/index.html", form=form, page=page, window=window, sort=sort,
        sort_info=queries.SORTS[sort], minimum=RATE_MINIMUM, verdicts=shown,
        score_minimum=scoring.MINIMUM, best=best, computed_on=today(),
        best_rule={"published": queries.BEST_MINIMUM_PUBLISHED,
                   "score": queries.BEST_MINIMUM_SCORE,
                   "companies": queries.BEST_MINIMUM_COMPANIES,
                   "places": places,
                   "worst": format_list([f"“{queries.SORTS[key].label}”"
                                         for key in queries.WORST_SORTS],
                                        style="or", locale=get_locale())},
        window_label=queries.WINDOW_LABELS[window],
        csv_url=url_for("rankings.download", **{k: v for k, v in request.args.items()
                                                if k != "page"}))


COLUMNS = ["rank", "company", "sector", "score", "under_review", "published", "unresolved",
           "no_reply",
           "response_rate", "median_first_response_hours", "resolution_rate", "satisfaction",
           "contacts_before", "promise_kept_rate", "supporters"]


def _number(value, digits: int = 3):
    return "" if value is None else round(value, digits)


@bp.route("/rankings.csv")
@cached_page
def download():
    """The table shown (same period, sector and order), every page of it."""
    form = _filters()
    rows = db.session.execute(queries.ranking(form.window.data, form.sort.data,
                                              form.sector.data or None)).all()
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    shown = {}
    for start in range(0, len(rows), 1000):
        shown.update(verdicts([company for _, company in rows[start:start + 1000]]))
    for rank, (figures, company) in enumerate(rows, start=1):
        # The Helpdeskhel score (12 months), as the pages show it; none while under review.
        under_review = company.under_review_since is not None
        score = "" if shown[company.id].score is None else shown[company.id].score
        writer.writerow([
            rank, company.name, company.sector.slug, score, str(under_review).lower(),
            figures.published, figures.unresolved,
            figures.no_reply, _number(figures.response_rate),
            _number(figures.median_response_minutes / 60, 1)
            if figures.median_response_minutes is not None else "",
            _number(figures.resolution_rate), _number(figures.satisfaction, 2),
            _number(figures.contacts_before, 2), _number(figures.promise_rate),
            figures.supporters,
        ])
    name = f"helpdeskhel-ranking-{form.window.data}-{form.sort.data}.csv"
    return Response(buffer.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})
