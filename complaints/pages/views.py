"""Home, language choice and the health check."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    jsonify,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from complaints.accounts.forms import ConfirmForm
from complaints.accounts.services import save_locale
from complaints.cache import cached_page
from complaints.cases import queries as case_queries
from complaints.extensions import db
from complaints.figures import score as scoring
from complaints.figures.models import CompanyFigures
from complaints.figures.verdict import BAND_WORDS
from complaints.formats import format_decimal
from complaints.forms_flow import run_form
from complaints.pages.example import worked_example
from complaints.pages.house_rules import HOUSE_RULES
from complaints.rankings import queries as rankings
from complaints.urls import safe_next

bp = Blueprint("pages", __name__)


@bp.route("/")
@cached_page
def home():
    latest = case_queries.latest_published(limit=8)
    top = list(db.session.execute(rankings.ranking(rankings.DEFAULT_WINDOW, "unresolved")
                                  .where(CompanyFigures.unresolved > 0).limit(5)))
    return render_template("pages/home.html", latest=latest, top=top,
                           storms=rankings.storms(), totals=rankings.totals(),
                           window_label=rankings.WINDOW_LABELS[rankings.DEFAULT_WINDOW])


@bp.route("/about")
@cached_page
def about():
    return render_template("pages/about.html")


@bp.route("/about/privacy")
@cached_page
def about_privacy():
    return render_template("pages/about_privacy.html",
                           contact_email=current_app.config["CONTACT_EMAIL"])


@bp.route("/about/terms")
@cached_page
def about_terms():
    return render_template("pages/about_terms.html", rules=HOUSE_RULES)


@bp.route("/about/contact")
@cached_page
def about_contact():
    return render_template("pages/about_contact.html",
                           contact_email=current_app.config["CONTACT_EMAIL"])


@bp.route("/about/how-it-works")
@cached_page
def about_how():
    return render_template("pages/about_how.html", minimum=scoring.MINIMUM)


@bp.route("/about/figures")
@cached_page
def about_figures():
    """How we count: the score's formula with a worked example, how complaints are checked."""
    return render_template("pages/about_figures.html", example=worked_example(),
                           weights=scoring.WEIGHTS, minimum=scoring.MINIMUM,
                           bands=scoring.BANDS, words=BAND_WORDS,
                           prior_weight=scoring.PRIOR_WEIGHT,
                           best={"score": rankings.BEST_MINIMUM_SCORE,
                                 "companies": rankings.BEST_MINIMUM_COMPANIES,
                                 "share": rankings.WORST_SHARE,
                                 "places": rankings.WORST_PLACES},
                           number=_number)


def _number(value: float, digits: int = 2) -> str:
    """A number with a fixed count of decimals in the visitor's language (0,78 or 0.78)."""
    return format_decimal(value, "#,##0." + "0" * digits)


@bp.route("/language", methods=["POST"])
def set_language():
    lang = request.form.get("lang", "")
    if lang not in current_app.config["LANGUAGES"]:
        abort(400)

    def choose() -> None:
        session["lang"] = lang
        if current_user.is_authenticated:
            save_locale(current_user, lang)

    return run_form(ConfirmForm(), choose, success=None,
                    redirect_to=safe_next(request.form.get("next")) or url_for("pages.home"))


@bp.route("/healthz")
def healthz():
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        db.session.rollback()
        return jsonify(status="unavailable"), 503
    return jsonify(status="ok")
