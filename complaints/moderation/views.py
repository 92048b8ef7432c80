"""The moderation queue: moderators approve or reject what waits to be published."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select

from complaints import permissions
from complaints.accounts.forms import ConfirmForm
from complaints.cases import queries as case_queries
from complaints.cases import services as case_services
from complaints.cases.models import Complaint
from complaints.errors import AlreadyHandled, DomainError, NotAllowed
from complaints.extensions import db, login_manager
from complaints.moderation.forms import RejectForm
from complaints.pagination import paginate

bp = Blueprint("moderation", __name__, url_prefix="/moderation")


@bp.before_request
def moderators_only():
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if not permissions.can_moderate(current_user):
        abort(403)
    return None


@bp.route("")
def queue():
    stmt = case_queries.pending_queue()
    total = db.session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery()))
    page = paginate(stmt, per_page=25, total=total)
    return render_template("moderation/queue.html", page=page, approve_form=ConfirmForm(),
                           reject_form=RejectForm(), pending_count=total)


def _handle(complaint_id: int, act, success: str):
    complaint = db.get_or_404(Complaint, complaint_id)
    try:
        act(complaint)
    except AlreadyHandled as error:
        flash(error.message, "error")
    except NotAllowed:
        flash(_("This complaint was already handled by another moderator."), "error")
    except DomainError as error:
        flash(error.message, "error")
    else:
        flash(success, "success")
    return redirect(url_for("moderation.queue"))


@bp.route("/complaints/<int:complaint_id>/approve", methods=["POST"])
def approve(complaint_id: int):
    if not ConfirmForm().validate_on_submit():
        abort(400)
    return _handle(
        complaint_id,
        lambda complaint: case_services.approve_complaint(current_user, complaint),
        _("The complaint is published and the author has been told."),
    )


@bp.route("/complaints/<int:complaint_id>/reject", methods=["POST"])
def reject(complaint_id: int):
    form = RejectForm()
    if not form.validate_on_submit():
        flash(_("Choose a reason to reject the complaint."), "error")
        return redirect(url_for("moderation.queue")), 303
    return _handle(
        complaint_id,
        lambda complaint: case_services.reject_complaint(current_user, complaint,
                                                         form.reason.data, form.note.data),
        _("The complaint is not published; the author has been told why."),
    )
