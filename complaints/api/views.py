"""The pages around the API: personal access tokens on the team page."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template, url_for
from flask_login import current_user, login_required

from complaints import permissions
from complaints.accounts.forms import ConfirmForm
from complaints.api import reference as reading
from complaints.api import tokens
from complaints.api.auth import PUBLIC_READS, TOKEN_READS, TOKEN_WRITES
from complaints.api.forms import TokenForm
from complaints.api.models import ApiToken
from complaints.api.problems import EXPLANATIONS, STATUS_OF_KIND, TITLES, Kind, type_uri
from complaints.cache import cached_page
from complaints.companies import services as companies
from complaints.companies.models import Company
from complaints.extensions import db
from complaints.formats import gettext as _
from complaints.formats import lazy_gettext as _l
from complaints.forms_flow import run_form, shown_once

bp = Blueprint("api_pages", __name__)
docs_bp = Blueprint("api_docs", __name__)


# The headings of the document's tags (its blueprints) on the reference page.
TAG_TITLES = {"api_public": _l("Public data"), "api_company": _l("A company's inbox")}


@docs_bp.route("/api/v1/docs")
@cached_page
def reference():
    """The API's reference, drawn from its OpenAPI document."""
    spec = current_app.extensions["helpdeskhel_api"].spec.to_dict()
    problems = [(kind, TITLES[kind], STATUS_OF_KIND[kind], EXPLANATIONS[kind], type_uri(kind))
                for kind in Kind]
    kinds_of_status: dict[int, list[Kind]] = {}
    for kind in Kind:
        kinds_of_status.setdefault(STATUS_OF_KIND[kind], []).append(kind)
    return render_template("api/reference.html", spec=spec, sections=reading.sections(spec),
                           schemas=reading.schemas(spec), tag_titles=TAG_TITLES,
                           problems=problems, anchor=reading.anchor,
                           inline_code=reading.inline_code, kinds_of_status=kinds_of_status,
                           limits={"public": PUBLIC_READS, "reads": TOKEN_READS,
                                   "writes": TOKEN_WRITES})


def _company(slug: str) -> Company:
    company = companies.get_by_slug(slug)
    if company is None or not company.is_listed:
        abort(404)
    if not permissions.can_manage_api_tokens(current_user, company):
        abort(403)
    return company


@bp.route("/webcare/<slug>/tokens", methods=["POST"])
@login_required
def create_token(slug: str):
    company = _company(slug)
    form = TokenForm()

    def created(result: tuple[ApiToken, str]):
        token, secret = result
        return shown_once("api/token_created.html", company=company, token=token, secret=secret)

    return run_form(form, lambda: tokens.create_token(current_user, company,
                                                      name=form.name.data,
                                                      scope=form.scope.data),
                    success=None, show=created,
                    redirect_to=url_for("webcare.team", slug=company.slug),
                    back=url_for("webcare.team", slug=company.slug) + "#api-tokens")


@bp.route("/webcare/<slug>/tokens/<id:token_id>/revoke", methods=["POST"])
@login_required
def revoke_token(slug: str, token_id: int):
    company = _company(slug)
    token = db.get_or_404(ApiToken, token_id)
    if token.company_id != company.id or not permissions.can_revoke_api_token(current_user,
                                                                              token):
        abort(404)
    return run_form(ConfirmForm(), lambda: tokens.revoke_token(current_user, token),
                    success=_("The token %(name)s no longer works.", name=token.name),
                    redirect_to=url_for("webcare.team", slug=company.slug) + "#api-tokens")
