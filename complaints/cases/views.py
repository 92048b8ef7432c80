"""Complaint pages: the public list, one complaint, and submitting, editing, withdrawing."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from complaints import permissions, pii
from complaints.accounts.forms import ConfirmForm
from complaints.cache import cached_page
from complaints.cases import queries, services
from complaints.cases.forms import ComplaintFilterForm, ComplaintForm
from complaints.cases.models import Complaint
from complaints.cases.workflow import Status
from complaints.companies.services import CompanyNotResolved
from complaints.errors import AlreadyHandled, DomainError, NotAllowed, populate_errors
from complaints.extensions import db, limiter
from complaints.pagination import paginate

bp = Blueprint("cases", __name__)


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
    )


def _visible_complaint(complaint_id: int) -> Complaint:
    complaint = db.get_or_404(Complaint, complaint_id)
    if not permissions.can_view_complaint(current_user, complaint):
        abort(404)
    return complaint


def _save_form(form: ComplaintForm, complaint: Complaint | None, save, success: str):
    """Validate, save through the service, and show the form again with what went wrong.

    When the typed company name was not exact, the form comes back with the companies it may
    mean (and the choice to propose a new one); when the personal-data guard found something,
    with what it found and the choice to have it replaced.
    """
    suggestions = pii_error = None
    if form.validate_on_submit():
        try:
            saved = save()
        except CompanyNotResolved as error:
            populate_errors(form, error)
            suggestions = error.suggestions
        except pii.PersonalDataFound as error:
            populate_errors(form, error)
            pii_error = error
        except AlreadyHandled as error:
            flash(error.message, "error")
            return redirect(url_for("cases.show", complaint_id=complaint.id))
        except DomainError as error:
            populate_errors(form, error)
        else:
            flash(success, "success")
            return redirect(url_for("cases.show", complaint_id=saved.id))
    status = 422 if form.errors or form.form_errors else 200
    form.redact_pii.data = False  # the choice is made again each time something is found
    return render_template("cases/form.html", form=form, suggestions=suggestions,
                           pii_error=pii_error, complaint=complaint), status


def _submit_key() -> str:
    return f"user:{current_user.get_id()}" if current_user.is_authenticated else "anonymous"


@bp.route("/complaints")
@cached_page
def index():
    filters = ComplaintFilterForm(request.args)
    if not filters.validate():
        abort(400)
    stmt = queries.published(category_slug=filters.category.data or None,
                             status=filters.status.data or None)
    page = paginate(stmt, per_page=20)
    return render_template("cases/index.html", page=page, filters=filters)


@bp.route("/complaints/new", methods=["GET", "POST"])
@login_required
@limiter.limit("20 per day", key_func=_submit_key, exempt_when=lambda: request.method != "POST")
def new():
    if not permissions.can_submit_complaint(current_user):
        return render_template("cases/verify_first.html", form=ConfirmForm()), 403
    # A link from a company page fills in the company ("Complain about X").
    prefill = {"company": request.args.get("company", "")[:120]}
    form = ComplaintForm(data=prefill if request.method == "GET" else None)
    return _save_form(
        form, None, lambda: services.submit_complaint(current_user, _draft(form)),
        _("Thank you. Your complaint waits for a moderator; you get an e-mail when it is "
          "published."))


@bp.route("/complaints/<id:complaint_id>")
@cached_page
def show(complaint_id: int):
    complaint = _visible_complaint(complaint_id)
    if complaint.status == Status.REMOVED and not permissions.can_moderate(current_user):
        return render_template("cases/tombstone.html", complaint=complaint), 410
    return render_complaint(complaint)


def render_complaint(complaint: Complaint, status: int = 200, **forms):
    """The complaint page: the story, its thread, and for each person the forms they may use.

    Views that handle a form on this page call it with their bound form, so errors show in
    place (`reply_form=form`, status 422).
    """
    from complaints.threads import services as threads
    from complaints.threads.forms import ContactForm, PrivateMessageForm, ReplyForm, ResolveForm

    user = current_user
    history = queries.history(complaint, full=permissions.can_view_full_history(user, complaint))
    private = None
    if permissions.can_read_private(user, complaint) and not \
            permissions.reads_private_as_moderator(user, complaint):
        private = threads.read_private_messages(user, complaint)
    context = {
        "complaint": complaint, "history": history, "confirm_form": ConfirmForm(),
        "replies": threads.thread(complaint), "private_messages": private,
        "contacts": threads.contacts(complaint),
        "supported": threads.has_supported(user, complaint),
        "reply_form": ReplyForm(formdata=None), "message_form": PrivateMessageForm(formdata=None),
        "resolve_form": ResolveForm(formdata=None), "contact_form": ContactForm(formdata=None),
        "reply_error": None,
    }
    context.update(forms)
    return render_template("cases/show.html", **context), status


@bp.route("/complaints/<id:complaint_id>/resolve", methods=["POST"])
@login_required
def resolve(complaint_id: int):
    from complaints.threads.forms import ResolveForm

    complaint = _visible_complaint(complaint_id)
    if not permissions.can_resolve(current_user, complaint):
        abort(403)
    form = ResolveForm()
    if not form.validate_on_submit():
        if form.csrf_token.errors:
            abort(400)
        return render_complaint(complaint, 422, resolve_form=form)
    try:
        services.resolve_complaint(current_user, complaint, form.rating_value(),
                                   form.closing_note.data or "",
                                   redact_pii=bool(form.redact_pii.data))
    except pii.PersonalDataFound as error:
        populate_errors(form, error)
        return render_complaint(complaint, 422, resolve_form=form, resolve_error=error)
    except AlreadyHandled as error:
        flash(error.message, "error")
    except DomainError as error:
        populate_errors(form, error)
        return render_complaint(complaint, 422, resolve_form=form)
    else:
        flash(_("Marked as resolved. Thank you for letting everyone know."), "success")
    return redirect(url_for("cases.show", complaint_id=complaint_id), 303)


@bp.route("/complaints/<id:complaint_id>/reopen", methods=["POST"])
@login_required
def reopen(complaint_id: int):
    complaint = _visible_complaint(complaint_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if not permissions.can_reopen(current_user, complaint):
        abort(403)
    try:
        services.reopen_complaint(current_user, complaint)
    except DomainError as error:
        flash(error.message, "error")
    else:
        flash(_("Your complaint is open again; the company is asked to look at it again."),
              "success")
    return redirect(url_for("cases.show", complaint_id=complaint_id), 303)


@bp.route("/complaints/<id:complaint_id>/edit", methods=["GET", "POST"])
@login_required
def edit(complaint_id: int):
    complaint = _visible_complaint(complaint_id)
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
    return _save_form(
        form, complaint, lambda: services.update_complaint(current_user, complaint, _draft(form)),
        _("Your changes are saved. A moderator checks the complaint before it is published."))


@bp.route("/complaints/<id:complaint_id>/withdraw", methods=["POST"])
@login_required
def withdraw(complaint_id: int):
    complaint = _visible_complaint(complaint_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        services.withdraw_complaint(current_user, complaint)
    except NotAllowed:
        abort(403)
    except AlreadyHandled as error:
        flash(error.message, "error")
    else:
        flash(_("Your complaint is withdrawn. Nobody else can see it any more."), "success")
    return redirect(url_for("cases.show", complaint_id=complaint_id))
