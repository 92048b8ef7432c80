"""Where a complaint ends up: promises, next steps, escalations and the author's dossier."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, make_response, render_template
from flask_login import current_user

from complaints import permissions, rate_limits
from complaints.cases.models import Complaint
from complaints.extensions import db
from complaints.outcomes import dossier as dossiers

bp = Blueprint("outcomes", __name__)


# --- the dossier ----------------------------------------------------------------------------
# The author's case file, as a printable page and as a PDF. For anyone but the author and
# moderators it does not exist: 404, also for visitors who are not signed in (not a redirect
# to sign in), so an id reveals nothing.

def _dossier_complaint(complaint_id: int) -> Complaint:
    complaint = db.get_or_404(Complaint, complaint_id)
    if not permissions.can_view_dossier(current_user, complaint):
        abort(404)
    return complaint


def _private(response):
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.route("/complaints/<id:complaint_id>/dossier")
def dossier(complaint_id: int):
    complaint = _dossier_complaint(complaint_id)
    page = render_template("outcomes/dossier.html",
                           dossier=dossiers.gather(current_user, complaint))
    return _private(make_response(page))


@bp.route("/complaints/<id:complaint_id>/dossier.pdf")
@rate_limits.DOSSIER_PDF
def dossier_pdf(complaint_id: int):
    complaint = _dossier_complaint(complaint_id)
    data = dossiers.render_pdf(dossiers.gather(current_user, complaint),
                               current_app.static_folder)
    response = make_response(data)
    response.headers["Content-Type"] = "application/pdf"
    response.headers["Content-Disposition"] = (
        f'attachment; filename="{dossiers.pdf_filename(complaint)}"')
    return _private(response)
