"""The company directory, company pages and name suggestions for the complaint form."""

from __future__ import annotations

from flask import Blueprint, abort, jsonify, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import func, select

from complaints import permissions
from complaints.cache import cached_page
from complaints.cases import queries as case_queries
from complaints.cases.forms import ComplaintFilterForm
from complaints.clock import today
from complaints.companies import services
from complaints.companies.services import LETTERS
from complaints.dueprocess import transparency
from complaints.extensions import db
from complaints.figures import charts
from complaints.figures import services as figures
from complaints.figures.verdict import SCORE_WINDOW, verdict
from complaints.formats import gettext as _
from complaints.moderation.forms import ReviewForm
from complaints.pagination import paginate
from complaints.rankings.queries import WINDOW_LABELS

bp = Blueprint("companies", __name__)


@bp.route("/companies")
@cached_page
def index():
    letter = request.args.get("letter", "").strip()
    query = request.args.get("q", "").strip()[:100]
    sector = request.args.get("sector", "").strip()
    sectors = services.sectors()
    if (letter and letter != "#" and letter.upper() not in set(LETTERS)) or (
        sector and sector not in {s.slug for s in sectors}
    ):
        abort(400)
    stmt = services.directory(letter or None, query or None, sector or None)
    total = db.session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery()))
    page = paginate(stmt, size="table", total=total)
    return render_template("companies/index.html", page=page, letters=LETTERS, letter=letter,
                           query=query, sector=sector, sectors=sectors)


@bp.route("/companies/suggest")
@cached_page
def suggest():
    """Names for the company field's suggestion list (progressive enhancement, JSON)."""
    typed = request.args.get("q", "")[:120]
    names = [c.name for c in services.suggest_companies(typed, limit=10)] if len(typed) >= 2 else []
    return jsonify(names)


@bp.route("/companies/<slug>")
@cached_page
def show(slug: str):
    company = services.get_by_slug(slug)
    if company is not None and company.merged_into_id is not None:
        target = db.session.get(type(company), company.merged_into_id)
        return redirect(url_for("companies.show", slug=target.slug), 301)
    if company is None or not permissions.can_view_company(current_user, company):
        abort(404)
    window = request.args.get("window", "12m")
    filters = ComplaintFilterForm(request.args)
    if window not in WINDOW_LABELS or not filters.validate():
        abort(400)
    filtered = bool(filters.category.data or filters.status.data)
    stmt = case_queries.published(company_id=company.id,
                                  category_slug=filters.category.data or None,
                                  status=filters.status.data or None)
    page = paginate(stmt, total=None if filtered else company.published_count)
    day = today()
    by_window = figures.figures_for(company.id, charts=True)
    shown = charts.for_page(company.id, window, by_window, day)
    return render_template(
        "companies/show.html", company=company, page=page, filters=filters, window=window,
        windows=WINDOW_LABELS, figures=by_window.get(window),
        headline=by_window.get(SCORE_WINDOW),
        verdict=verdict(company, by_window.get(SCORE_WINDOW)),
        # "Alle cijfers" opens by itself when someone chose a period.
        all_open="window" in request.args,
        review_form=_review_form(company) if permissions.can_moderate(current_user) else None,
        chart=shown.chart, spread=shown.spread, resolution=shown.resolution,
        minimum=figures.RATE_MINIMUM,
        reports=transparency.company_reports(company.id))


def _review_form(company) -> ReviewForm:
    """The moderators' form to put the company "onder de loep", or to end that."""
    form = ReviewForm(formdata=None)
    if company.is_under_review:
        form.public_reason.description = _(
            "Why the score can be shown again; shown in the public moderation log.")
    return form
