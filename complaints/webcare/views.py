"""The company side: claiming a company, the webcare inbox, the profile and the team."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from complaints import permissions
from complaints.accounts.forms import ConfirmForm
from complaints.clock import utcnow
from complaints.companies import services as companies
from complaints.companies.models import Company
from complaints.errors import AlreadyHandled, DomainError, NotAllowed, populate_errors
from complaints.extensions import db, limiter
from complaints.forms_flow import run_form
from complaints.pagination import paginate
from complaints.webcare import queries, services
from complaints.webcare.forms import (
    AcceptInvitationForm,
    ClaimForm,
    InboxFilterForm,
    InviteForm,
    ProfileForm,
)
from complaints.webcare.models import Invitation, Representative

bp = Blueprint("webcare", __name__)


def _listed_company(slug: str) -> Company:
    company = companies.get_by_slug(slug)
    if company is None or not company.is_listed:
        abort(404)
    return company


def _user_key() -> str:
    return f"user:{current_user.get_id()}" if current_user.is_authenticated else "anonymous"


# --- claims ---------------------------------------------------------------------------------

@bp.route("/companies/<slug>/claim", methods=["GET", "POST"])
@login_required
@limiter.limit("10 per day", key_func=_user_key, exempt_when=lambda: request.method != "POST")
def claim(slug: str):
    company = _listed_company(slug)
    if permissions.is_representative(current_user, company):
        flash(_("You already represent %(company)s.", company=company.name), "info")
        return redirect(url_for("webcare.inbox", slug=company.slug))
    if not permissions.can_claim(current_user, company):
        return render_template("webcare/claim_not_possible.html", company=company), 403
    form = ClaimForm()
    if form.validate_on_submit():
        try:
            claim = services.start_claim(current_user, company, name=form.name.data,
                                         job_title=form.job_title.data,
                                         work_email=form.work_email.data)
        except DomainError as error:
            populate_errors(form, error)
        else:
            return render_template("webcare/claim_sent.html", company=company, claim=claim)
    status = 422 if form.errors or form.form_errors else 200
    return render_template("webcare/claim.html", form=form, company=company), status


@bp.route("/claims/confirm/<token>")
def confirm_claim(token: str):
    try:
        claim = services.confirm_claim(token)
    except AlreadyHandled as error:
        return render_template("accounts/link_invalid.html", message=error.message), 409
    except DomainError as error:
        return render_template("accounts/link_invalid.html", message=error.message), 400
    return render_template("webcare/claim_confirmed.html", claim=claim)


# --- the inbox ------------------------------------------------------------------------------

def _webcare_company(slug: str) -> Company:
    company = _listed_company(slug)
    if not permissions.can_use_webcare(current_user, company):
        abort(403)
    return company


@bp.route("/webcare/<slug>")
@login_required
def inbox(slug: str):
    company = _webcare_company(slug)
    filters = InboxFilterForm(request.args)
    if not filters.validate():
        abort(400)
    page = paginate(queries.inbox(company, status=filters.status.data or None,
                                  category_slug=filters.category.data or None), per_page=25)
    now = utcnow()
    waits = {c.id: queries.wait_of(c, company, now) for c in page.items}
    return render_template("webcare/inbox.html", company=company, page=page, filters=filters,
                           counts=queries.inbox_counts(company), waits=waits)


# --- the profile and the team ---------------------------------------------------------------

@bp.route("/webcare/<slug>/profile", methods=["GET", "POST"])
@login_required
def profile(slug: str):
    company = _webcare_company(slug)
    if not permissions.can_edit_company_profile(current_user, company):
        abort(403)
    form = ProfileForm(data=None if request.method == "POST" else {
        "description": company.description, "website": company.website or "",
        "domains": "\n".join(d.domain for d in company.domains),
        "contact_channels": company.contact_channels,
        "response_promise_hours": company.response_promise_hours})
    return run_form(
        form, lambda: services.update_profile(
            current_user, company, description=form.description.data or "",
            website=form.website.data or "", domains=form.domains.data or "",
            contact_channels=form.contact_channels.data or "",
            response_promise_hours=form.response_promise_hours.data),
        success=_("The profile is saved."),
        redirect_to=url_for("companies.show", slug=company.slug),
        template="webcare/profile.html", company=company)


@bp.route("/webcare/<slug>/team", methods=["GET", "POST"])
@login_required
@limiter.limit("30 per day", key_func=_user_key, exempt_when=lambda: request.method != "POST")
def team(slug: str):
    company = _webcare_company(slug)
    form = InviteForm()
    if request.method == "POST":
        if not permissions.can_manage_team(current_user, company):
            abort(403)
        if form.validate_on_submit():
            try:
                invitation = services.invite_colleague(current_user, company, form.email.data)
            except DomainError as error:
                populate_errors(form, error)
            else:
                flash(_("We sent an invitation to %(email)s.", email=invitation.email),
                      "success")
                return redirect(url_for("webcare.team", slug=company.slug), 303)
    status = 422 if form.errors or form.form_errors else 200
    return render_template("webcare/team.html", company=company, form=form,
                           members=services.team(company),
                           invitations=services.open_invitations(company),
                           confirm_form=ConfirmForm()), status


@bp.route("/webcare/<slug>/team/<id:rep_id>/remove", methods=["POST"])
@login_required
def remove_colleague(slug: str, rep_id: int):
    company = _webcare_company(slug)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    member = db.get_or_404(Representative, rep_id)
    try:
        services.remove_colleague(current_user, company, member)
    except NotAllowed:
        abort(403)
    except DomainError as error:
        flash(error.message, "error")
    else:
        flash(_("%(name)s is no longer in the team.", name=member.name), "success")
    return redirect(url_for("webcare.team", slug=company.slug), 303)


@bp.route("/webcare/<slug>/invitations/<id:invitation_id>/cancel", methods=["POST"])
@login_required
def cancel_invitation(slug: str, invitation_id: int):
    company = _webcare_company(slug)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    invitation = db.get_or_404(Invitation, invitation_id)
    if invitation.company_id != company.id:
        abort(404)
    try:
        services.cancel_invitation(current_user, invitation)
    except NotAllowed:
        abort(403)
    except DomainError as error:
        flash(error.message, "error")
    else:
        flash(_("The invitation is withdrawn."), "success")
    return redirect(url_for("webcare.team", slug=company.slug), 303)


@bp.route("/invitations/<token>", methods=["GET", "POST"])
@login_required
def accept_invitation(token: str):
    try:
        invitation = services.invitation_for_token(token)
    except DomainError as error:
        return render_template("accounts/link_invalid.html", message=error.message), 400
    form = AcceptInvitationForm()
    if form.validate_on_submit():
        try:
            services.accept_invitation(current_user, token, name=form.name.data,
                                       job_title=form.job_title.data)
        except NotAllowed as error:
            flash(error.message, "error")
        except DomainError as error:
            populate_errors(form, error)
        else:
            flash(_("Welcome to the team of %(company)s.", company=invitation.company.name),
                  "success")
            return redirect(url_for("webcare.inbox", slug=invitation.company.slug), 303)
    status = 422 if form.errors or form.form_errors else 200
    return render_template("webcare/accept_invitation.html", form=form,
                           invitation=invitation), status
