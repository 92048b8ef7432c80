"""The API's OpenAPI document, made by flask-smorest from the views' marshmallow schemas.

Every error response the document names is a problem (`problems.ProblemSchema`, media type
`application/problem+json`); the app's own error handler writes them (see `problems`), so
flask-smorest's JSON error handler is not installed.
"""

from __future__ import annotations

import http

from flask import Flask
from flask_smorest import Api as SmorestApi
from flask_smorest.utils import prepare_response
from marshmallow import INCLUDE, Schema, fields

from complaints.api.problems import MEDIA_TYPE
from complaints.urls import IdConverter

PREFIX = "/api/v1"
TOKEN_SCHEME = "token"  # noqa: S105 - the name of the security scheme
TOKEN = [{TOKEN_SCHEME: []}]
BLUEPRINTS = ("api_public", "api_company")


class ProblemSchema(Schema):
    """An error, as RFC 9457 describes it. A kind may add members of its own (RFC 9457,
    "extension members"), so clients must ignore members they do not know."""

    class Meta:
        unknown = INCLUDE

    type = fields.String(required=True, metadata={"description": "Stable URI of the kind of "
                                                                 "error."})
    title = fields.String(required=True)
    status = fields.Integer(required=True)
    detail = fields.String()
    instance = fields.String()
    errors = fields.Dict(keys=fields.String(), values=fields.Raw(),
                         metadata={"description": "Messages per field of the request."})
    findings = fields.List(fields.Dict(), metadata={
        "description": "Personal data the guard found: field, kind and where."})
    hint = fields.String(metadata={
        "description": "With `personal-data`: the field that lets the request through "
                       "(`confirm_public`)."})
    removal_reason = fields.String(allow_none=True, metadata={
        "description": "With `gone`: the moderator's public reason for the removal."})


def documented_errors(blueprint, *codes: int):
    """Name the problems an operation of `blueprint` can answer with in the OpenAPI document
    (each status's component response is a problem, see `Api._register_responses`)."""

    def decorator(view):
        for code in codes:
            view = blueprint.alt_response(code, response=http.HTTPStatus(code).name)(view)
        return view

    return decorator


class Api(SmorestApi):
    ERROR_SCHEMA = ProblemSchema
    # Each operation names the errors it can give; no catch-all "default" response.
    DEFAULT_ERROR_RESPONSE_NAME = None

    def _register_error_handlers(self) -> None:
        """The app's handler answers (complaints.api.problems), pages and API alike."""

    def _register_responses(self) -> None:
        for status in http.HTTPStatus:
            response = {"description": status.phrase}
            if status >= 400:
                response["schema"] = self.ERROR_SCHEMA
                prepare_response(response, self.spec, MEDIA_TYPE)
            self.spec.components.response(status.name, response, lazy=True)


def init_app(app: Flask, blueprints) -> Api:
    """The API of this app: its document and its endpoints (`blueprints`) under /api/v1."""
    api = Api(app, spec_kwargs={"info": {"description": DESCRIPTION}})
    api.spec.components.security_scheme(TOKEN_SCHEME, {
        "type": "http", "scheme": "bearer",
        "description": "A personal access token from the team page: `Authorization: Bearer "
                       "hdh_…`."})
    # `<id:…>` (complaints.urls): a positive id that fits the database's integer column.
    api.register_converter(IdConverter, lambda converter: {
        "type": "integer", "minimum": 1, "maximum": 2**31 - 1})
    for blueprint in blueprints:
        api.register_blueprint(blueprint, url_prefix=PREFIX)
    # flask-smorest's own `flask openapi` commands go: the document is served at
    # /api/v1/openapi.json, and every command of the site is its own, documented and tested.
    app.cli.commands.pop("openapi", None)
    app.extensions["helpdeskhel_api"] = api
    return api


DESCRIPTION = (
    "The public complaints, companies, figures and rankings of Helpdeskhel, and the inbox of "
    "a company's webcare team. Public endpoints need no token. A company's endpoints need a "
    "personal access token made on the team page, sent as `Authorization: Bearer hdh_…`; "
    "session cookies are ignored. Errors are `application/problem+json` (RFC 9457). "
    "Limits count per token (per address without one) and are told in the `RateLimit-*` "
    "headers.")
