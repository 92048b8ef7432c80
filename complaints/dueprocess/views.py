"""Due process pages: statements of reasons and appeals, notices, the transparency report."""

from __future__ import annotations

from flask import Blueprint, Response, abort, render_template, request
from flask_login import current_user

from complaints import permissions
from complaints.cache import cached_page
from complaints.dueprocess import grounds, statements
from complaints.dueprocess import transparency as transparency_report
from complaints.dueprocess.models import (
    NOTICE_REASON_LABELS,
    NOTIFIER_KIND_LABELS,
    NoticeReason,
    NotifierKind,
)
from complaints.extensions import login_manager
from complaints.moderation.models import MOD_ACTION_LABELS

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
