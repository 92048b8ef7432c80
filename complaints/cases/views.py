"""Complaint pages: the public list, one complaint, and submitting, editing, withdrawing."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request, url_for
from flask_login import current_user, login_required
from werkzeug.datastructures import MultiDict

from complaints import permissions, pii, rate_limits
from complaints.accounts.forms import ConfirmForm
from complaints.cache import cached_page
from complaints.cases import cards, drafts, queries, services
from complaints.cases.forms import ComplaintFilterForm, ComplaintForm
from complaints.cases.models import Complaint
from complaints.cases.page import render_complaint, shown_again, visible_complaint
from complaints.cases.workflow import Status
from complaints.companies.services import CompanyNotResolved
from complaints.errors import DomainError
from complaints.evidence.uploads import accepts_files
from complaints.formats import gettext as _
from complaints.forms_flow import run_form
from complaints.pagination import paginate
from complaints.threads.forms import ResolveForm

bp = Blueprint("cases", __name__)
# What complaint cards say besides the title (templates/_macros/complaints.html).
bp.add_app_template_global(cards.reply_state)
bp.add_app_template_filter(cards.card_excerpt)


def _draft(form: ComplaintForm) -> services.ComplaintDraft:
    return services.ComplaintDraft(
        company=form.company.data or "",
        company_choice=form.company_choice.data,
        new_company_sector=form.new_company_sector.data,
        new_company_website=form.new_company_website.data,
        title=form.title.data or "",
        body=form.body.data or "",
        category=form.category.data or "",
        contacts_before=form.contacts_before.data or 0,
        first_contact_on=form.first_contact_on.data,
        desired_outcome=form.desired_outcome.data or "",
        redact_pii=bool(form.redact_pii.data),
        attachments=tuple(form.attachments.data or ()),
    )


def _complaint_form(form: ComplaintForm, complaint: Complaint | None, save, success: str,
                    draft_back: bool = False):
    """The complaint form, new or edited. When the typed company name was not exact it comes
    back with the companies it may mean (and the choice to propose a new one); when the
    personal-data guard found something, with what it found and the choice to replace it."""

    def explained(error: DomainError) -> dict:
        if isinstance(error, CompanyNotResolved):
            # A question, not a mistake: no error box, the choices under the name.
            form.company.errors = [e for e in form.company.errors if e != error.message]
            return {"company_question": error}
        if isinstance(error, pii.PersonalDataFound):
            # Both questions at once, so one submission carries both answers.
            return {"pii_error": error,
                    "company_question": services.unresolved_company(_draft(form))}
        return {}

    def render(status: int, **extra):
        if extra.get("pii_error") or not extra.get("company_question"):
            form.redact_pii.data = False  # the choice is made again each time data is found
        return render_template("cases/form.html", form=form, complaint=complaint,
                               draft_back=draft_back,
                               **{"company_question": None, "pii_error": None, **extra}), status

    return run_form(form, save, success=success, on_error=explained, render=render,
                    redirect_to=lambda saved: url_for("cases.show", complaint_id=saved.id),
                    back=complaint and url_for("cases.show", complaint_id=complaint.id))


def _to_complaint(complaint_id: int, anchor: str = "") -> str:
    return url_for("cases.show", complaint_id=complaint_id) + anchor


@bp.route("/complaints")
@cached_page
def index():
    filters = ComplaintFilterForm(request.args)
    if not filters.validate():
        abort(400)
    stmt = queries.published(category_slug=filters.category.data or None,
                             status=filters.status.data or None)
    return render_template("cases/index.html", page=paginate(stmt), filters=filters)


@bp.route("/complaints/new", methods=["GET", "POST"])
@accepts_files
@rate_limits.COMPLAINTS
def new():
    """Anyone may write; sending needs a verified account. A visitor's complaint is kept as a
    draft (`drafts`) while they sign in or register, then comes back here filled in."""
    if current_user.is_authenticated and not permissions.can_submit_complaint(current_user):
        return render_template("cases/verify_first.html", form=ConfirmForm(),
                               draft_waits=drafts.load() is not None), 403
    kept = drafts.load() if request.method == "GET" else None
    if kept is not None:
        form = ComplaintForm(formdata=MultiDict(kept))
    else:
        # A link from a company page fills in the company ("Complain about X").
        prefill = {"company": request.args.get("company", "")[:120]}
        form = ComplaintForm(data=prefill if request.method == "GET" else None)
    if not current_user.is_authenticated:
        return run_form(
            form, lambda: drafts.save(request.form.to_dict()),
            success=None,  # the sign-in page says the complaint is kept
            redirect_to=url_for("accounts.login", next=url_for("cases.new")),
            render=lambda status, **extra: (render_template(
                "cases/form.html", form=form, complaint=None, company_question=None,
                pii_error=None), status))

    def submit() -> Complaint:
        complaint = services.submit_complaint(current_user, _draft(form))
        drafts.clear()
        return complaint

    return _complaint_form(
        form, None, submit, _("Thank you, your complaint is sent."), draft_back=kept is not None)


@bp.route("/complaints/<id:complaint_id>")
@cached_page
def show(complaint_id: int):
    complaint = visible_complaint(complaint_id)
    if complaint.status == Status.REMOVED and not permissions.can_moderate(current_user):
        return render_template("cases/tombstone.html", complaint=complaint), 410
    return render_complaint(complaint)


@bp.route("/complaints/<id:complaint_id>/resolve", methods=["POST"])
@login_required
def resolve(complaint_id: int):
    complaint = visible_complaint(complaint_id)
    if not permissions.can_resolve(current_user, complaint):
        abort(403)
    form = ResolveForm()
    return run_form(
        form, lambda: services.resolve_complaint(current_user, complaint, form.rating_value(),
                                                 form.closing_note.data or "",
                                                 again=form.again_value(),
                                                 redact_pii=bool(form.redact_pii.data)),
        success=_("Marked as resolved. Thank you for letting everyone know."),
        redirect_to=_to_complaint(complaint_id), render=shown_again(complaint, "resolve_form",
                                                                    form),
        on_error=lambda error: {"resolve_error": error}
        if isinstance(error, pii.PersonalDataFound) else None)


@bp.route("/complaints/<id:complaint_id>/reopen", methods=["POST"])
@login_required
def reopen(complaint_id: int):
    complaint = visible_complaint(complaint_id)
    if not permissions.can_reopen(current_user, complaint):
        abort(403)
    return run_form(
        ConfirmForm(), lambda: services.reopen_complaint(current_user, complaint),
        success=_("Your complaint is open again; the company is asked to look at it again."),
        redirect_to=_to_complaint(complaint_id))


@bp.route("/complaints/<id:complaint_id>/edit", methods=["GET", "POST"])
@login_required
def edit(complaint_id: int):
    complaint = visible_complaint(complaint_id)
    if not permissions.can_edit_complaint(current_user, complaint):
        abort(403)
    form = ComplaintForm(data=None if request.method == "POST" else {
        "company": complaint.company.name,
        "title": complaint.title,
        "body": complaint.body_source,
        "category": complaint.category.slug,
        "contacts_before": complaint.contacts_before,
        "first_contact_on": complaint.first_contact_on,
        "desired_outcome": complaint.desired_outcome,
    })
    return _complaint_form(
        form, complaint, lambda: services.update_complaint(current_user, complaint, _draft(form)),
        _("Your changes are saved. A moderator checks the complaint before it is published."))


@bp.route("/complaints/<id:complaint_id>/withdraw", methods=["POST"])
@login_required
def withdraw(complaint_id: int):
    complaint = visible_complaint(complaint_id)
    if not permissions.can_withdraw_complaint(current_user, complaint):
        abort(403)
    return run_form(
        ConfirmForm(), lambda: services.withdraw_complaint(current_user, complaint),
        success=_("Your complaint is withdrawn. Nobody else can see it any more."),
        redirect_to=_to_complaint(complaint_id))
