"""The owner's webhooks on the team page: register, remove, test, and each one's delivery log."""

from __future__ import annotations

from flask import Blueprint, abort, flash, render_template, url_for
from flask_login import current_user, login_required

from complaints import permissions, rate_limits
from complaints.accounts.forms import ConfirmForm
from complaints.companies import services as companies
from complaints.companies.models import Company
from complaints.extensions import db
from complaints.formats import gettext as _
from complaints.forms_flow import run_form, shown_once
from complaints.webcare.team_page import render_team_page
from complaints.webhooks import services
from complaints.webhooks.forms import EndpointForm
from complaints.webhooks.models import DeliveryStatus, WebhookDelivery, WebhookEndpoint

bp = Blueprint("webhooks", __name__)


def _company(slug: str) -> Company:
    company = companies.get_by_slug(slug)
    if company is None or not company.is_listed:
        abort(404)
    if not permissions.can_manage_webhooks(current_user, company):
        abort(403)
    return company


def _endpoint(company: Company, endpoint_id: int) -> WebhookEndpoint:
    endpoint = db.get_or_404(WebhookEndpoint, endpoint_id)
    if endpoint.company_id != company.id:
        abort(404)
    return endpoint


def _team_url(company: Company) -> str:
    return url_for("webcare.team", slug=company.slug, _anchor="webhooks")


@bp.route("/webcare/<slug>/webhooks", methods=["POST"])
@login_required
def create_endpoint(slug: str):
    company = _company(slug)
    form = EndpointForm()

    def created(result: tuple[WebhookEndpoint, str]):
        endpoint, secret = result
        return shown_once("webhooks/created.html", company=company, endpoint=endpoint,
                          secret=secret)

    return run_form(form, lambda: services.register_endpoint(
                        current_user, company, url=form.url.data, events=form.events.data),
                    success=None, show=created, redirect_to=_team_url(company),
                    render=lambda status: render_team_page(company, status,
                                                           webhook_form=form))


@bp.route("/webcare/<slug>/webhooks/<id:endpoint_id>")
@login_required
def log(slug: str, endpoint_id: int):
    company = _company(slug)
    endpoint = _endpoint(company, endpoint_id)
    return render_template("webhooks/log.html", company=company, endpoint=endpoint,
                           deliveries=services.deliveries_for(endpoint),
                           shown_secret=services.shown_secret(endpoint),
                           confirm_form=ConfirmForm(), DeliveryStatus=DeliveryStatus,
                           log_length=services.LOG_LENGTH)


@bp.route("/webcare/<slug>/webhooks/<id:endpoint_id>/remove", methods=["POST"])
@login_required
def remove_endpoint(slug: str, endpoint_id: int):
    company = _company(slug)
    endpoint = _endpoint(company, endpoint_id)
    return run_form(ConfirmForm(), lambda: services.remove_endpoint(current_user, endpoint),
                    success=_("The webhook to %(url)s is removed.", url=endpoint.url),
                    redirect_to=_team_url(company))


@bp.route("/webcare/<slug>/webhooks/<id:endpoint_id>/ping", methods=["POST"])
@login_required
@rate_limits.WEBHOOK_TESTS
def ping(slug: str, endpoint_id: int):
    company = _company(slug)
    endpoint = _endpoint(company, endpoint_id)
    return run_form(ConfirmForm(), lambda: services.send_ping(current_user, endpoint),
                    success=_ping_result, category="error",
                    redirect_to=url_for("webhooks.log", slug=company.slug,
                                        endpoint_id=endpoint.id))


def _ping_result(sent: WebhookDelivery) -> str | None:
    if sent.delivered_at is not None:
        return _("The test event was delivered (answer %(status)s).", status=sent.last_status)
    if sent.attempts:
        flash(_("The test event did not arrive: %(error)s. It is tried again later, like "
                "every event.", error=sent.last_error), "error")
    return None
