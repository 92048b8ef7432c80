"""Due process pages: statements of reasons and appeals, notices, the transparency report."""

from __future__ import annotations

from flask import Blueprint, Response, abort, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from complaints import permissions, rate_limits
from complaints.accounts.forms import ConfirmForm
from complaints.cache import cached_page
from complaints.clock import utcnow
from complaints.dueprocess import grounds, notices, statements
from complaints.dueprocess import transparency as transparency_report
from complaints.dueprocess.forms import DismissNoticeForm, NoticeForm
from complaints.dueprocess.models import (
    NOTICE_REASON_LABELS,
    NOTIFIER_KIND_LABELS,
    Notice,
    NoticeReason,
    NoticeStatus,
    NotifierKind,
)
from complaints.errors import DomainError
from complaints.extensions import db, login_manager
from complaints.forms_flow import run_form
from complaints.moderation.access import moderators_only
from complaints.moderation.models import MOD_ACTION_LABELS
from complaints.moderation.queries import queue_counts
from complaints.pagination import paginate

bp = Blueprint("dueprocess", __name__)


@bp.route("/appeals/<key>")
def statement(key: str):
    """A statement of reasons, where its addressee can appeal."""
    found = statements.by_key(key)
    if found is None:
        abort(404)
    if not permissions.can_read_statement(current_user, found):
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        abort(404)
    return render_template("dueprocess/statement.html", statement=found,
                           ground=grounds.describe(found.ground))


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

review_bp = Blueprint("notices_review", __name__, url_prefix="/moderation/notices")
review_bp.before_request(moderators_only)


@review_bp.route("")
def queue():
    counts = queue_counts()
    page = paginate(notices.open_notices(), size="queue", total=counts["notices"])
    return render_template("moderation/notices.html", page=page, counts=counts, tab="notices",
                           dismiss_form=DismissNoticeForm(), now=utcnow(),
                           kind_labels=NOTIFIER_KIND_LABELS)


@review_bp.route("/<id:notice_id>/dismiss", methods=["POST"])
def dismiss(notice_id: int):
    notice = db.get_or_404(Notice, notice_id)
    form = DismissNoticeForm()
    return run_form(
        form, lambda: notices.dismiss_notice(current_user, notice, reason=form.reason.data,
                                             ground=form.ground.data,
                                             facts=form.facts.data or ""),
        success=_("The notice is dismissed; the notifier gets the statement of reasons."),
        redirect_to=url_for("notices_review.queue"))
