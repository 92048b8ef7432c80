"""Due process pages: statements of reasons and appeals, notices, the transparency report."""

from __future__ import annotations

from flask import Blueprint, Response, abort, render_template, request, url_for
from flask_babel import get_locale
from flask_login import current_user

from complaints import permissions, rate_limits
from complaints.accounts.forms import ConfirmForm
from complaints.cache import cached_page
from complaints.clock import utcnow
from complaints.dueprocess import appeals, grounds, notices, statements
from complaints.dueprocess import transparency as transparency_report
from complaints.dueprocess.appeal_forms import AppealForm, DecideAppealForm
from complaints.dueprocess.forms import DismissNoticeForm, NoticeForm
from complaints.dueprocess.models import (
    NOTICE_REASON_LABELS,
    NOTIFIER_KIND_LABELS,
    Appeal,
    AppealOutcome,
    Notice,
    NoticeReason,
    NoticeStatus,
    NotifierKind,
)
from complaints.errors import DomainError
from complaints.extensions import db, login_manager
from complaints.formats import gettext as _
from complaints.forms_flow import run_form
from complaints.moderation import queries as moderation_queries
from complaints.moderation.access import moderators_only
from complaints.moderation.models import MOD_ACTION_LABELS
from complaints.pagination import paginate

bp = Blueprint("dueprocess", __name__)
# The moderators' side: the notices queue and the appeals queue.
notices_review_bp = Blueprint("notices_review", __name__, url_prefix="/moderation/notices")
notices_review_bp.before_request(moderators_only)
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


@bp.route("/transparency")
@cached_page
def transparency():
    """The transparency report: one year at a time, month by month, with the year's total."""
    found = transparency_report.report()
    year = request.args.get("year") or max(found.years)
    if year not in found.years:
        abort(404)
    months = found.months_of(year)
    return render_template(
        "dueprocess/transparency.html", report=found, year=year, months=months,
        total=found.years[year],
        reason_columns={reason: NOTICE_REASON_LABELS[reason] for reason in NoticeReason},
        kind_columns={kind: NOTIFIER_KIND_LABELS[kind] for kind in NotifierKind},
        action_columns={action: MOD_ACTION_LABELS[action]
                        for action in found.actions_shown(months)})


@bp.route("/transparency.csv")
@cached_page
def transparency_csv():
    return Response(transparency_report.to_csv(transparency_report.report()),
                    mimetype="text/csv",
                    headers={"Content-Disposition":
                             'attachment; filename="helpdeskhel-transparency.csv"'})


# --- notices ------------------------------------------------------------------------------

@bp.route("/notices/new", methods=["GET", "POST"])
@rate_limits.NOTICES
def new_notice():
    """Anyone, signed in or not, reports a published complaint or reply."""
    form = NoticeForm()
    if request.method == "GET":
        form.url.data = request.args.get("url", "")[:notices.URL_MAX]
        if current_user.is_authenticated:
            form.name.data = current_user.display_name
            form.email.data = current_user.email
    return run_form(
        form, lambda: notices.send_notice(current_user, notices.NoticeDraft(
            url=form.url.data, reason=form.reason.data, explanation=form.explanation.data,
            name=form.name.data, email=form.email.data, good_faith=form.good_faith.data),
            locale=str(get_locale())),
        success=None,
        redirect_to=lambda notice: url_for(
            "dueprocess.notice_sent",
            confirm=1 if notice.status == NoticeStatus.UNCONFIRMED else None),
        render="dueprocess/notice_new.html")


@bp.route("/notices/sent")
def notice_sent():
    return render_template("dueprocess/notice_sent.html",
                           check_mail=request.args.get("confirm") == "1")


@bp.route("/notices/confirm/<token>", methods=["GET", "POST"])
@rate_limits.NOTICE_CONFIRMATIONS
def confirm_notice(token: str):
    """The mailed link opens a page with one button: following a link alone changes nothing
    (mail scanners follow links)."""
    try:
        notice = notices.notice_for_link(token)
    except DomainError as error:
        return render_template("dueprocess/notice_link_invalid.html", message=error.message), 400
    form = ConfirmForm()
    return run_form(
        form, lambda: notices.confirm_notice(notice),
        success=None, redirect_to=url_for("dueprocess.confirm_notice", token=token),
        render="dueprocess/notice_confirm.html", notice=notice, token=token)


# --- the moderators' queue of notices -------------------------------------------------------

@notices_review_bp.route("")
def queue():
    counts = moderation_queries.queue_counts()
    page = paginate(notices.open_notices(), size="queue", total=counts["notices"])
    return render_template("moderation/notices.html", page=page, counts=counts, tab="notices",
                           dismiss_form=DismissNoticeForm(), now=utcnow(),
                           kind_labels=NOTIFIER_KIND_LABELS)


@notices_review_bp.route("/<id:notice_id>/dismiss", methods=["POST"])
def dismiss(notice_id: int):
    notice = db.get_or_404(Notice, notice_id)
    form = DismissNoticeForm()
    return run_form(
        form, lambda: notices.dismiss_notice(current_user, notice, reason=form.reason.data,
                                             ground=form.ground.data,
                                             facts=form.facts.data or ""),
        success=_("The notice is dismissed; the notifier gets the statement of reasons."),
        redirect_to=url_for("notices_review.queue"))


# --- the moderators' side -----------------------------------------------------------------------

@appeals_review_bp.route("", endpoint="queue")
def appeals_queue():
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


@appeals_review_bp.route("/<id:appeal_id>/decide", methods=["POST"], endpoint="decide")
def decide_appeal(appeal_id: int):
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
