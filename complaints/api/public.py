"""The public endpoints: what anyone may read on the site, as JSON, without a token."""

from __future__ import annotations

from flask.views import MethodView
from flask_babel import lazy_gettext as _l
from flask_smorest import Blueprint

from complaints.api.auth import PUBLIC_READS, limited
from complaints.api.problems import Kind, Problem
from complaints.api.schemas import CompanyRefSchema
from complaints.companies import services as companies

blp = Blueprint("api_public", __name__, description="Public data: no token needed.")


@blp.route("/companies/<slug>")
class CompanyProfile(MethodView):
    @limited(PUBLIC_READS)
    @blp.response(200, CompanyRefSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.alt_response(429, response="TOO_MANY_REQUESTS")
    def get(self, slug: str):
        company = companies.get_by_slug(slug)
        if company is None or not company.is_listed:
            raise Problem(404, Kind.NOT_FOUND, _l("There is no company with this name."))
        return company
