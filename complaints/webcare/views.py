"""The company side: claiming a company, the webcare inbox, the profile and the team."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from complaints import permissions, rate_limits
from complaints.accounts.forms import ConfirmForm
from complaints.clock import utcnow
from complaints.companies import services as companies
from complaints.companies.models import Company
from complaints.errors import AlreadyHandled, DomainError
from complaints.extensions import db
from complaints.formats import gettext as _
from complaints.forms_flow import run_form
from complaints.outcomes import next_steps
from complaints.pagination import paginate_parts
from complaints.webcare import queries, services
from complaints.webcare.forms import (
    AcceptInvitationForm,
    ClaimForm,
    InboxFilterForm,
    InviteForm,
    ProfileForm,
)
from complaints.webcare.models import Invitation, Representative
from complaints.webcare.team_page import render_team_page

bp = Blueprint("webcare", __name__)


def _listed_company(slug: str) -> Company:
    company = companies.get_by_slug(slug)
    if company is None or not company.is_listed:
        abort(404)
    return company


# --- claims ---------------------------------------------------------------------------------

@bp.route("/companies/<slug>/claim", methods=["GET", "POST"])
@login_required
@rate_limits.CLAIMS
def claim(slug: str):
    company = _listed_company(slug)
    if permissions.is_representative(current_user, company):
        flash(_("You already represent %(company)s.", company=company.name), "info")
        return redirect(url_for("webcare.inbox", slug=company.slug))
    if not permissions.can_claim(current_user, company):
        return render_template("webcare/claim_not_possible.html", company=company), 403
    form = ClaimForm()
    return run_form(
        form, lambda: services.start_claim(current_user, company, name=form.name.data,
                                           job_title=form.job_title.data,
                                           work_email=form.work_email.data),
        success=None, redirect_to=url_for("webcare.claim_sent", slug=company.slug),
        render="webcare/claim.html", company=company)


@bp.route("/companies/<slug>/claim/sent")
@login_required
def claim_sent(slug: str):
    """"Check your work e-mail", for the claim this person just made."""
    company = _listed_company(slug)
    waiting = queries.waiting_claim(current_user, company)
    if waiting is None:
        return redirect(url_for("companies.show", slug=company.slug))
    return render_template("webcare/claim_sent.html", company=company, claim=waiting)


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
    page = paginate_parts(queries.inbox_parts(company, status=filters.status.data or None,
                                              category_slug=filters.category.data or None),
                          size="queue")
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
        "office_address": company.office_address or "",
        "response_promise_hours": company.response_promise_hours,
        "memberships": next_steps.declared_memberships(company)})
    offered = next_steps.membership_bodies(company)
    form.memberships.choices = [(body.id, body.name) for body in offered]
    return run_form(
        form, lambda: services.update_profile(
            current_user, company, description=form.description.data or "",
            website=form.website.data or "", domains=form.domains.data or "",
            contact_channels=form.contact_channels.data or "",
            office_address=form.office_address.data or "",
            response_promise_hours=form.response_promise_hours.data,
            memberships=(form.memberships.data or []) if offered else None),
        success=_("The profile is saved."),
        redirect_to=url_for("companies.show", slug=company.slug),
        render="webcare/profile.html", company=company)


@bp.route("/webcare/<slug>/team", methods=["GET", "POST"])
@login_required
@rate_limits.INVITATIONS
def team(slug: str):
    company = _webcare_company(slug)
    if request.method == "POST" and not permissions.can_manage_team(current_user, company):
        abort(403)
    form = InviteForm()
    return run_form(
        form, lambda: services.invite_colleague(current_user, company, form.email.data),
        success=lambda invitation: _("We sent an invitation to %(email)s.",
                                     email=invitation.email),
        redirect_to=url_for("webcare.team", slug=company.slug),
        render=lambda status: render_team_page(company, status, form=form))


@bp.route("/webcare/<slug>/team/<id:rep_id>/remove", methods=["POST"])
@login_required
def remove_colleague(slug: str, rep_id: int):
    company = _webcare_company(slug)
    if not permissions.can_manage_team(current_user, company):
        abort(403)
    member = db.get_or_404(Representative, rep_id)
    return run_form(ConfirmForm(), lambda: services.remove_colleague(current_user, company, member),
                    success=_("%(name)s is no longer in the team.", name=member.name),
                    redirect_to=url_for("webcare.team", slug=company.slug))


@bp.route("/webcare/<slug>/invitations/<id:invitation_id>/cancel", methods=["POST"])
@login_required
def cancel_invitation(slug: str, invitation_id: int):
    company = _webcare_company(slug)
    if not permissions.can_manage_team(current_user, company):
        abort(403)
    invitation = db.get_or_404(Invitation, invitation_id)
    if invitation.company_id != company.id:
        abort(404)
    return run_form(ConfirmForm(), lambda: services.cancel_invitation(current_user, invitation),
                    success=_("The invitation is withdrawn."),
                    redirect_to=url_for("webcare.team", slug=company.slug))


@bp.route("/invitations/<token>", methods=["GET", "POST"])
@login_required
def accept_invitation(token: str):
    try:
        invitation = services.invitation_for_token(token)
    except DomainError as error:
        return render_template("accounts/link_invalid.html", message=error.message), 400
    form = AcceptInvitationForm()
    return run_form(
        form, lambda: services.accept_invitation(current_user, token, name=form.name.data,
                                                 job_title=form.job_title.data),
        success=_("Welcome to the team of %(company)s.", company=invitation.company.name),
        redirect_to=url_for("webcare.inbox", slug=invitation.company.slug),
        render="webcare/accept_invitation.html", invitation=invitation)
