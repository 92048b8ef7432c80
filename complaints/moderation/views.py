"""Moderation: the queues and actions (moderators only), the public log, and reporting."""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from complaints import permissions, pii
from complaints.accounts.forms import ConfirmForm
from complaints.accounts.models import User
from complaints.cache import cached_page
from complaints.cases import queries as case_queries
from complaints.cases.models import Complaint
from complaints.companies.models import Company
from complaints.errors import AlreadyHandled, DomainError, NotAllowed, populate_errors
from complaints.extensions import db, limiter, login_manager
from complaints.forms_flow import run_form
from complaints.moderation import queries, services
from complaints.moderation.forms import (
    BanForm,
    DismissFlagsForm,
    EditComplaintForm,
    FlagForm,
    LogFilterForm,
    MergeCompanyForm,
    ReasonForm,
    RejectForm,
    RemoveForm,
    RenameCompanyForm,
    UnbanForm,
)
from complaints.moderation.models import MOD_ACTION_LABELS, ModAction
from complaints.pagination import paginate
from complaints.sanitize import render_markdown_highlighted

bp = Blueprint("moderation", __name__, url_prefix="/moderation")
public_bp = Blueprint("transparency", __name__)


@bp.before_request
def moderators_only():
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if not permissions.can_moderate(current_user):
        abort(403)
    return None


def _act(operation: Callable[[], object], success: str, back: str):
    """Run one moderation service and tell the moderator how it went."""
    try:
        operation()
    except AlreadyHandled as error:
        flash(error.message, "error")
    except NotAllowed:
        flash(_("This was already handled, or it is not possible any more."), "error")
    except DomainError as error:
        flash(error.message, "error")
    else:
        flash(success, "success")
    return redirect(back, 303)


def _highlighted(complaint: Complaint) -> str:
    """The story with detected personal data and redaction markers marked for moderators."""
    spans = [(f.start, f.end) for f in pii.find_personal_data(complaint.body_source)]
    spans += pii.marker_spans(complaint.body_source)
    return render_markdown_highlighted(complaint.body_source, spans)


# --- queues ---------------------------------------------------------------------------------

@bp.route("")
def queue():
    counts = queries.queue_counts()
    page = paginate(case_queries.pending_queue(), per_page=25, total=counts["pending"])
    return render_template(
        "moderation/queue.html", page=page, counts=counts, tab="pending",
        histories=queries.author_histories(page.items),
        findings={c.id: pii.scan_complaint(c) for c in page.items},
        highlighted={c.id: _highlighted(c) for c in page.items},
        approve_form=ConfirmForm(), reject_form=RejectForm(reasons=services.rejection_reasons()))


@bp.route("/flags")
def flags():
    counts = queries.queue_counts()
    page = paginate(queries.flagged_complaints(), per_page=25, total=counts["flags"])
    return render_template(
        "moderation/flags.html", page=page, counts=counts, tab="flags",
        flags=queries.open_flags_for([c.id for c in page.items]),
        dismiss_form=DismissFlagsForm())


@bp.route("/companies")
def companies():
    counts = queries.queue_counts()
    page = paginate(queries.proposed_companies(), per_page=25, total=counts["companies"])
    return render_template(
        "moderation/companies.html", page=page, counts=counts, tab="companies",
        complaints=queries.complaints_of_companies([c.id for c in page.items]),
        approve_form=ConfirmForm(), rename_form=RenameCompanyForm(),
        merge_form=MergeCompanyForm())


@bp.route("/log")
def log():
    filters = LogFilterForm(request.args, actions=list(ModAction), labels=MOD_ACTION_LABELS)
    if not filters.validate():
        abort(400)
    page = paginate(queries.audit_log(filters.action.data or None), per_page=50)
    return render_template("moderation/log.html", page=page, filters=filters, tab="log",
                           counts=queries.queue_counts())


@bp.route("/reasons", methods=["GET", "POST"])
def reasons():
    form = ReasonForm()
    return run_form(
        form, lambda: services.add_rejection_reason(current_user, form.label_nl.data,
                                                    form.label_en.data),
        success=_("The reason is added to the list."),
        redirect_to=url_for("moderation.reasons"), template="moderation/reasons.html",
        tab="reasons", reasons=services.rejection_reasons(), counts=queries.queue_counts())


# --- complaint actions ----------------------------------------------------------------------

def _complaint(complaint_id: int) -> Complaint:
    return db.get_or_404(Complaint, complaint_id)


@bp.route("/complaints/<id:complaint_id>/approve", methods=["POST"])
def approve(complaint_id: int):
    if not ConfirmForm().validate_on_submit():
        abort(400)
    complaint = _complaint(complaint_id)
    return _act(lambda: services.approve_complaint(current_user, complaint),
                _("The complaint is published and the author has been told."),
                url_for("moderation.queue"))


@bp.route("/complaints/<id:complaint_id>/reject", methods=["POST"])
def reject(complaint_id: int):
    complaint = _complaint(complaint_id)
    form = RejectForm(reasons=services.rejection_reasons())
    if not form.validate_on_submit():
        if form.csrf_token.errors:
            abort(400)
        flash(_("Choose a reason to reject the complaint."), "error")
        return redirect(url_for("moderation.queue"), 303)
    return _act(lambda: services.reject_complaint(current_user, complaint, form.reason.data,
                                                  form.note.data),
                _("The complaint is not published; the author has been told why."),
                url_for("moderation.queue"))


@bp.route("/complaints/<id:complaint_id>/edit", methods=["GET", "POST"])
def edit(complaint_id: int):
    complaint = _complaint(complaint_id)
    if not permissions.can_edit_as_moderator(current_user, complaint):
        abort(403)
    form = EditComplaintForm(data=None if request.method == "POST" else {
        "title": complaint.title, "body": complaint.body_source,
        "desired_outcome": complaint.desired_outcome, "version_id": complaint.version_id})
    pii_error = None
    if form.validate_on_submit():
        try:
            services.edit_complaint(
                current_user, complaint, title=form.title.data, body=form.body.data,
                desired_outcome=form.desired_outcome.data or "",
                public_reason=form.public_reason.data, private_note=form.private_note.data,
                redact_pii=form.redact_pii.data, version_id=form.version_id.data)
        except pii.PersonalDataFound as error:
            populate_errors(form, error)
            pii_error = error
        except AlreadyHandled as error:
            flash(error.message, "error")
            return redirect(url_for("moderation.edit", complaint_id=complaint_id), 303)
        except DomainError as error:
            populate_errors(form, error)
        else:
            flash(_("The complaint is changed; the original is kept for the audit."), "success")
            return redirect(url_for("cases.show", complaint_id=complaint_id), 303)
    revisions = queries.revisions(complaint)
    status = 422 if form.errors or form.form_errors else 200
    return render_template("moderation/edit.html", form=form, complaint=complaint,
                           pii_error=pii_error, revisions=revisions,
                           highlighted=_highlighted(complaint)), status


@bp.route("/complaints/<id:complaint_id>/remove", methods=["GET", "POST"])
def remove(complaint_id: int):
    complaint = _complaint(complaint_id)
    if not permissions.can_remove_complaint(current_user, complaint):
        abort(403)
    form = RemoveForm()
    return run_form(
        form, lambda: services.remove_complaint(current_user, complaint, form.public_reason.data,
                                                form.private_note.data),
        success=_("The complaint is removed; its page now says why."),
        redirect_to=url_for("cases.show", complaint_id=complaint_id),
        template="moderation/remove.html", complaint=complaint)


@bp.route("/complaints/<id:complaint_id>/flags/dismiss", methods=["POST"])
def dismiss_flags(complaint_id: int):
    complaint = _complaint(complaint_id)
    form = DismissFlagsForm()
    if not form.validate_on_submit():
        abort(400)
    return _act(lambda: services.dismiss_flags(current_user, complaint, form.note.data),
                _("The reports are dismissed."), url_for("moderation.flags"))


# --- people ---------------------------------------------------------------------------------

@bp.route("/users/<id:user_id>")
def user(user_id: int):
    person = db.get_or_404(User, user_id)
    page = paginate(queries.user_history(person), per_page=25)
    return render_template("moderation/user.html", person=person, page=page,
                           ban_form=BanForm(), unban_form=UnbanForm())


@bp.route("/users/<id:user_id>/ban", methods=["POST"])
def ban(user_id: int):
    person = db.get_or_404(User, user_id)
    form = BanForm()
    if not form.validate_on_submit():
        if form.csrf_token.errors:
            abort(400)
        flash(_("Write down why you block this account."), "error")
        return redirect(url_for("moderation.user", user_id=user_id), 303)
    return _act(lambda: services.ban_user(current_user, person, form.reason.data),
                _("The account is blocked."), url_for("moderation.user", user_id=user_id))


@bp.route("/users/<id:user_id>/unban", methods=["POST"])
def unban(user_id: int):
    person = db.get_or_404(User, user_id)
    form = UnbanForm()
    if not form.validate_on_submit():
        abort(400)
    return _act(lambda: services.unban_user(current_user, person, form.note.data),
                _("The account is unblocked."), url_for("moderation.user", user_id=user_id))


# --- proposed companies ---------------------------------------------------------------------

@bp.route("/companies/<id:company_id>/approve", methods=["POST"])
def approve_company(company_id: int):
    company = db.get_or_404(Company, company_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    return _act(lambda: services.approve_company(current_user, company),
                _("The company is listed."), url_for("moderation.companies"))


@bp.route("/companies/<id:company_id>/rename", methods=["POST"])
def rename_company(company_id: int):
    company = db.get_or_404(Company, company_id)
    form = RenameCompanyForm()
    if not form.validate_on_submit():
        if form.csrf_token.errors:
            abort(400)
        flash(" ".join(str(e) for e in form.name.errors), "error")
        return redirect(url_for("moderation.companies"), 303)
    return _act(lambda: services.rename_company(current_user, company, form.name.data),
                _("The company is renamed."), url_for("moderation.companies"))


@bp.route("/companies/<id:company_id>/merge", methods=["POST"])
def merge_company(company_id: int):
    company = db.get_or_404(Company, company_id)
    form = MergeCompanyForm()
    if not form.validate_on_submit():
        if form.csrf_token.errors:
            abort(400)
        flash(" ".join(str(e) for e in form.target.errors), "error")
        return redirect(url_for("moderation.companies"), 303)
    return _act(lambda: services.merge_company(current_user, company, form.target.data),
                _("The company is merged; its complaints moved with it."),
                url_for("moderation.companies"))


# --- claims and replies ---------------------------------------------------------------------

@bp.route("/claims")
def claims():
    from complaints.webcare import queries as webcare_queries
    from complaints.webcare.forms import RefuseClaimForm

    counts = queries.queue_counts()
    page = paginate(webcare_queries.claims_in_review(), per_page=25, total=counts["claims"])
    return render_template("moderation/claims.html", page=page, counts=counts, tab="claims",
                           approve_form=ConfirmForm(), refuse_form=RefuseClaimForm())


@bp.route("/claims/<id:claim_id>/approve", methods=["POST"])
def approve_claim(claim_id: int):
    from complaints.webcare import services as webcare
    from complaints.webcare.models import Claim

    claim = db.get_or_404(Claim, claim_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    return _act(lambda: webcare.approve_claim(current_user, claim),
                _("The claim is approved; the representative has been told."),
                url_for("moderation.claims"))


@bp.route("/claims/<id:claim_id>/refuse", methods=["POST"])
def refuse_claim(claim_id: int):
    from complaints.webcare import services as webcare
    from complaints.webcare.forms import RefuseClaimForm
    from complaints.webcare.models import Claim

    claim = db.get_or_404(Claim, claim_id)
    form = RefuseClaimForm()
    if not form.validate_on_submit():
        if form.csrf_token.errors:
            abort(400)
        flash(_("Tell the claimant why."), "error")
        return redirect(url_for("moderation.claims"), 303)
    return _act(lambda: webcare.refuse_claim(current_user, claim, form.reason.data),
                _("The claim is refused; the claimant has been told why."),
                url_for("moderation.claims"))


@bp.route("/replies/<id:reply_id>/remove", methods=["GET", "POST"])
def remove_reply(reply_id: int):
    from complaints.threads.models import Reply

    reply = db.get_or_404(Reply, reply_id)
    if not permissions.can_remove_reply(current_user, reply):
        abort(403)
    form = RemoveForm()
    return run_form(
        form, lambda: services.remove_reply(current_user, reply, form.public_reason.data,
                                            form.private_note.data),
        success=_("The reply is removed; the thread says why."),
        redirect_to=url_for("cases.show", complaint_id=reply.complaint_id),
        template="moderation/remove_reply.html", reply=reply)


# --- public: the transparency log and reporting ---------------------------------------------

@public_bp.route("/moderation-log")
@cached_page
def public_log():
    actions = queries.public_actions()
    filters = LogFilterForm(request.args, actions=actions, labels=MOD_ACTION_LABELS)
    if not filters.validate():
        abort(400)
    page = paginate(queries.public_log(filters.action.data or None), per_page=50)
    months, counts = queries.monthly_counts()
    return render_template("moderation/public_log.html", page=page, filters=filters,
                           months=months, counts=counts, actions=actions,
                           labels=MOD_ACTION_LABELS)


def _flag_key() -> str:
    return f"user:{current_user.get_id()}" if current_user.is_authenticated else "anonymous"


@public_bp.route("/complaints/<id:complaint_id>/flag", methods=["GET", "POST"])
@login_required
@limiter.limit("20 per hour", key_func=_flag_key, exempt_when=lambda: request.method != "POST")
def flag(complaint_id: int):
    complaint = db.get_or_404(Complaint, complaint_id)
    if not permissions.can_view_complaint(current_user, complaint):
        abort(404)
    if not permissions.can_flag(current_user, complaint):
        abort(403)
    form = FlagForm()
    if form.validate_on_submit():
        try:
            services.flag_complaint(current_user, complaint, form.reason.data, form.note.data)
        except NotAllowed:
            abort(403)
        except DomainError as error:
            flash(error.message, "info")
        else:
            flash(_("Thank you. A moderator will look at your report."), "success")
        return redirect(url_for("cases.show", complaint_id=complaint_id), 303)
    status = 422 if form.errors else 200
    return render_template("moderation/flag.html", form=form, complaint=complaint), status
