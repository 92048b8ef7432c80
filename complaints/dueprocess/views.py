"""Due process pages: statements of reasons and appeals, notices, the transparency report."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from complaints import permissions
from complaints.clock import utcnow
from complaints.dueprocess import appeals, grounds, statements
from complaints.dueprocess.appeal_forms import AppealForm, DecideAppealForm
from complaints.dueprocess.models import Appeal, AppealOutcome
from complaints.extensions import db, login_manager
from complaints.forms_flow import run_form
from complaints.moderation import queries as moderation_queries
from complaints.moderation.access import moderators_only
from complaints.pagination import paginate

bp = Blueprint("dueprocess", __name__)
appeals_review_bp = Blueprint("appeals_review", __name__, url_prefix="/moderation/appeals")
appeals_review_bp.before_request(moderators_only)


@bp.route("/appeals/<key>", methods=["GET", "POST"])
def statement(key: str):
    """A statement of reasons, where its addressee can appeal (one form, posted here)."""
    found = statements.by_key(key)
    if found is None:
        abort(404)
    if not permissions.can_read_statement(current_user, found):
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        abort(404)
    form = AppealForm()
    if form.is_submitted() and not permissions.is_addressee(current_user, found):
        abort(403)  # a moderator reads the statement but cannot appeal for its addressee
    page = url_for("dueprocess.statement", key=key)
    return run_form(
        form, lambda: appeals.file(current_user, found, form.text.data),
        success=_("Your appeal is sent. A moderator who did not take the decision looks at "
                  "it; you get the outcome by e-mail."),
        redirect_to=page, back=page,
        render="dueprocess/statement.html", statement=found,
        ground=grounds.describe(found.ground), now=utcnow())


# --- the moderators' side -----------------------------------------------------------------------

@appeals_review_bp.route("")
def queue():
    return _queue_page(200)


def _queue_page(status: int, failed: Appeal | None = None, form: DecideAppealForm | None = None):
    counts = moderation_queries.queue_counts()
    page = paginate(appeals.open_appeals(), size="queue", total=counts["appeals"])
    now = utcnow()
    waited = {a.id: int((now - a.created_at).total_seconds() // 60) for a in page.items}
    forms = {a.id: form if failed is not None and a.id == failed.id else DecideAppealForm(
        formdata=None) for a in page.items}
    return render_template(
        "dueprocess/appeals_queue.html", page=page, counts=counts, tab="appeals",
        waited=waited, forms=forms, describe=grounds.describe,
        decision_names=appeals.DECISION_NAMES), status


@appeals_review_bp.route("/<id:appeal_id>/decide", methods=["POST"])
def decide(appeal_id: int):
    appeal = db.get_or_404(Appeal, appeal_id)
    if appeal.is_open and not permissions.can_decide_appeal(current_user, appeal):
        abort(403)
    form = DecideAppealForm()
    return run_form(
        form, lambda: appeals.decide(current_user, appeal, form.outcome.data, form.reason.data),
        success=lambda result: (
            _("The decision is reversed and undone; the person who appealed has been told.")
            if result.outcome == AppealOutcome.REVERSED
            else _("The decision stands; the person who appealed has been told why.")),
        redirect_to=url_for("appeals_review.queue"), back=url_for("appeals_review.queue"),
        render=lambda status, **extra: _queue_page(status, appeal, form))
