"""Where a complaint ends up: promises, next steps and escalations, the author's dossier, and
the moderators' table of bodies. Each part keeps its routes in its own marked section."""

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
from flask_login import current_user, login_required
from sqlalchemy import func, select

from complaints import permissions, rate_limits
from complaints.accounts.forms import ConfirmForm
from complaints.cases.models import Category, Complaint
from complaints.cases.page import visible_complaint
from complaints.companies.models import Sector
from complaints.errors import DomainError
from complaints.extensions import db
from complaints.formats import gettext as _
from complaints.forms_flow import run_form
from complaints.moderation import queries as moderation_queries
from complaints.moderation.access import moderators_only
from complaints.outcomes import dossier as dossiers
from complaints.outcomes import escalations, next_steps, promises
from complaints.outcomes.forms import BodyForm, EscalationForm, OutcomeForm, PromiseAnswerForm
from complaints.outcomes.models import (
    CompanyMembership,
    EscalationBody,
    Promise,
    PromiseOutcome,
)

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
    db.get_or_404(Promise, promise_id)  # an id that names nothing is 404, as everywhere
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


# --- next steps and escalations ---------------------------------------------------------------
# The complaint page's partials (templates/outcomes/_next_steps.html and, on the company page,
# _company_escalations.html) ask for their data through these helpers.

def _next_steps_panel(complaint: Complaint) -> dict | None:
    """What the author (or a moderator) is shown when the complaint is stuck: why, and the
    bodies that fit. None for anyone else, or when it is not stuck."""
    if not permissions.can_see_next_steps(current_user, complaint):
        return None
    reasons = next_steps.deadlock(complaint)
    if reasons is None:
        return None
    return {"reasons": [next_steps.DEADLOCK_LABELS[r] for r in reasons],
            "bodies": next_steps.bodies_for(complaint)}


def _dossier_url(complaint: Complaint) -> str:
    return url_for("outcomes.dossier", complaint_id=complaint.id)


@bp.app_context_processor
def _outcome_helpers() -> dict:
    return {"next_steps_panel": _next_steps_panel,
            "escalations_of": escalations.escalations_of,
            "escalation_counts": escalations.counts_for,
            "public_outcome_label": escalations.public_outcome_label,
            "member_of": next_steps.member_of,
            "dossier_url": _dossier_url}


def _back(complaint: Complaint, anchor: str = "next-steps") -> str:
    return url_for("cases.show", complaint_id=complaint.id, _anchor=anchor)


@bp.route("/complaints/<id:complaint_id>/final-answer", methods=["POST"])
@login_required
def dispute_final_answer(complaint_id: int):
    complaint = visible_complaint(complaint_id)
    if not permissions.can_dispute_final_answer(current_user, complaint):
        abort(403)
    return run_form(ConfirmForm(), lambda: escalations.dispute_final_answer(current_user,
                                                                            complaint),
                    success=_("Noted: the company's answer is final and you disagree. Below "
                              "are the places you can take your complaint next."),
                    redirect_to=_back(complaint))


@bp.route("/complaints/<id:complaint_id>/final-answer/withdraw", methods=["POST"])
@login_required
def withdraw_dispute(complaint_id: int):
    complaint = visible_complaint(complaint_id)
    if not permissions.can_dispute_final_answer(current_user, complaint):
        abort(403)
    return run_form(ConfirmForm(), lambda: escalations.withdraw_dispute(current_user, complaint),
                    success=_("Taken back."), redirect_to=_back(complaint))


@bp.route("/complaints/<id:complaint_id>/escalations/new", methods=["GET", "POST"])
@login_required
def new_escalation(complaint_id: int):
    complaint = visible_complaint(complaint_id)
    if not permissions.can_escalate(current_user, complaint):
        abort(403)
    form = EscalationForm(bodies=next_steps.bodies_for(complaint))
    return run_form(
        form, lambda: escalations.record_escalation(current_user, complaint,
                                                    escalations.EscalationDraft(
            body_id=form.body_id(), body_name=form.body_name.data or "",
            escalated_on=form.escalated_on.data, reference=form.reference.data or "")),
        success=_("Recorded. Come back to add the outcome when you know it."),
        redirect_to=_back(complaint, "escalations"), render="outcomes/escalation.html",
        complaint=complaint)


@bp.route("/complaints/<id:complaint_id>/escalations/<id:escalation_id>",
          methods=["GET", "POST"])
@login_required
def escalation_outcome(complaint_id: int, escalation_id: int):
    complaint = visible_complaint(complaint_id)
    if not permissions.can_escalate(current_user, complaint):
        abort(403)
    escalation = escalations.escalation_of(complaint, escalation_id)
    if escalation is None:
        abort(404)
    form = OutcomeForm(data=None if request.method == "POST" else {
        "outcome": escalation.outcome, "outcome_on": escalation.outcome_on})
    return run_form(
        form, lambda: escalations.record_outcome(current_user, escalation, form.outcome.data,
                                                 form.outcome_on.data),
        success=_("The outcome is recorded."),
        redirect_to=_back(complaint, "escalations"), render="outcomes/outcome.html",
        complaint=complaint, escalation=escalation)


# --- the moderators' table of bodies ----------------------------------------------------------

bodies_bp = Blueprint("bodies_review", __name__, url_prefix="/moderation/bodies")
bodies_bp.before_request(moderators_only)


def _body_form(body: EscalationBody | None = None) -> BodyForm:
    sectors = db.session.scalars(select(Sector).order_by(Sector.position))
    categories = db.session.scalars(select(Category).order_by(Category.position))
    data = None
    if body is not None and request.method != "POST":
        data = {name: getattr(body, name) for name in (
            "name", "kind", "url", "description_nl", "description_en", "cost_nl", "cost_en",
            "time_limit_nl", "time_limit_en", "membership_required", "active", "position")}
        data.update(sectors=[s.id for s in body.sectors],
                    categories=[c.id for c in body.categories])
    return BodyForm(data=data, sectors=sectors, categories=categories)


def _draft(form: BodyForm) -> next_steps.BodyDraft:
    return next_steps.BodyDraft(
        name=form.name.data or "", kind=form.kind.data or "", url=form.url.data or "",
        description_nl=form.description_nl.data or "",
        description_en=form.description_en.data or "",
        cost_nl=form.cost_nl.data or "", cost_en=form.cost_en.data or "",
        time_limit_nl=form.time_limit_nl.data or "", time_limit_en=form.time_limit_en.data or "",
        sector_ids=form.sectors.data or [], category_ids=form.categories.data or [],
        membership_required=bool(form.membership_required.data),
        active=bool(form.active.data), position=form.position.data or 0)


@bodies_bp.route("")
def index():
    members = dict(db.session.execute(
        select(CompanyMembership.body_id, func.count()).group_by(CompanyMembership.body_id)
    ).all())
    return render_template("outcomes/bodies.html", bodies=next_steps.all_bodies(),
                           members=members, tab="bodies",
                           counts=moderation_queries.queue_counts())


@bodies_bp.route("/new", methods=["GET", "POST"])
def new():
    form = _body_form()
    return run_form(form, lambda: next_steps.save_body(current_user, _draft(form)),
                    success=_("The body is added."),
                    redirect_to=url_for("bodies_review.index"), render="outcomes/body_form.html",
                    body=None, tab="bodies", counts=moderation_queries.queue_counts())


@bodies_bp.route("/<id:body_id>/edit", methods=["GET", "POST"])
def edit(body_id: int):
    body = db.get_or_404(EscalationBody, body_id)
    form = _body_form(body)
    return run_form(form, lambda: next_steps.save_body(current_user, _draft(form), body),
                    success=_("The body is saved."),
                    redirect_to=url_for("bodies_review.index"), render="outcomes/body_form.html",
                    body=body, tab="bodies", counts=moderation_queries.queue_counts())
