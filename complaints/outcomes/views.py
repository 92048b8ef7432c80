"""Where a complaint ends up: promises, next steps, escalations and the author's dossier.
Each part keeps its routes in its own marked section."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    make_response,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required

from complaints import permissions, rate_limits
from complaints.cases.models import Complaint
from complaints.errors import DomainError
from complaints.extensions import db
from complaints.forms_flow import run_form
from complaints.outcomes import dossier as dossiers
from complaints.outcomes import promises
from complaints.outcomes.forms import PromiseAnswerForm
from complaints.outcomes.models import Promise, PromiseOutcome

bp = Blueprint("outcomes", __name__)


# --- promises: "was it kept?" --------------------------------------------------------------

bp.add_app_template_filter(promises.euros, "euros")
bp.add_app_template_global(promises.promises_of, "reply_promises")
bp.add_app_template_global(promises.state, "promise_state")
bp.add_app_template_global(promises.company_promises, "company_promises")
bp.add_app_template_global(PromiseAnswerForm, "PromiseAnswerForm")


def _thanks(outcome: str):
    def told(changed: bool) -> str:
        if not changed:
            return _("Your answer was already this one.")
        return (_("Thank you. Your answer is saved: the promise was kept.")
                if outcome == PromiseOutcome.KEPT else
                _("Thank you. Your answer is saved: the promise was not kept."))
    return told


def _to_reply(promise: Promise) -> str:
    return url_for("cases.show", complaint_id=promise.complaint_id,
                   _anchor=f"reply-{promise.reply_id}")


@bp.route("/promises/<id:promise_id>/answer/<token>", methods=["GET", "POST"])
@rate_limits.PROMISE_ANSWERS
def promise_link(promise_id: int, token: str):
    """The page a mailed "kept / not kept" link opens: the question with two buttons, no
    sign-in needed (the link is signed for the author). Following the link changes nothing."""
    try:
        promise = promises.promise_for_link(promise_id, token)
    except DomainError as error:
        return render_template("accounts/link_invalid.html", message=error.message), 400
    form = PromiseAnswerForm()
    return run_form(
        form, lambda: promises.answer_promise(promise, form.answer.data),
        success=_thanks(form.answer.data), redirect_to=_to_reply(promise),
        render="outcomes/promise_answer.html", promise=promise, token=token,
        chosen=request.args.get("answer"),
        can_answer=permissions.can_answer_promise(promise.complaint.author, promise))


@bp.route("/promises/<id:promise_id>/answer", methods=["POST"])
@login_required
@rate_limits.PROMISE_ANSWERS
def answer_promise(promise_id: int):
    """The author answers on the complaint page."""
    promise = db.get_or_404(Promise, promise_id)
    if not permissions.can_view_complaint(current_user, promise.complaint):
        abort(404)
    if not permissions.can_answer_promise(current_user, promise):
        abort(403)
    form = PromiseAnswerForm()
    return run_form(
        form, lambda: promises.answer_promise(promise, form.answer.data),
        success=_thanks(form.answer.data), redirect_to=_to_reply(promise))


# --- end of promises ------------------------------------------------------------------------


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
