"""What the API sends and takes, as marshmallow schemas (the OpenAPI document is made from
them). Outgoing schemas name every field they give: a field that is not here is never sent,
so a private column cannot slip out by being added to a model.
"""

from __future__ import annotations

from flask import url_for
from marshmallow import Schema, fields, validate

from complaints.cases.workflow import PUBLIC_STATUSES
from complaints.outcomes.models import PromiseKind

CURSOR_MAX = 200
# The type of a computed field (`fields.Function`) in the document, which cannot tell it.
STRING, BOOLEAN = {"type": "string"}, {"type": "boolean"}
URL = {"type": "string", "format": "uri"}


class CompanyRefSchema(Schema):
    slug = fields.String(required=True)
    name = fields.String(required=True)


class ComplaintSchema(Schema):
    """A published complaint, as the public page shows it (the story with personal data
    replaced, no author, no contact details)."""

    id = fields.Integer(required=True)
    url = fields.Function(lambda c: url_for("cases.show", complaint_id=c.id, _external=True),
                          required=True, metadata=URL)
    title = fields.String(required=True)
    story = fields.String(attribute="body_source", required=True,
                          metadata={"description": "Markdown, as published."})
    story_html = fields.String(attribute="body_html", required=True,
                               metadata={"description": "The story as sanitized HTML."})
    company = fields.Nested(CompanyRefSchema, required=True)
    category = fields.Function(lambda c: c.category.slug, required=True, metadata=STRING)
    status = fields.String(required=True, validate=validate.OneOf(
        sorted(str(s) for s in PUBLIC_STATUSES)))
    published_at = fields.DateTime(required=True)
    first_response_at = fields.DateTime(allow_none=True, required=True)
    resolved_at = fields.DateTime(allow_none=True, required=True)
    contacts_before = fields.Integer(required=True)
    supporters = fields.Integer(attribute="supporters_count", required=True)


class ReplySchema(Schema):
    """A public reply under a complaint; a removed one keeps its place without its text."""

    id = fields.Integer(required=True)
    voice = fields.String(required=True, validate=validate.OneOf(
        ["consumer", "company", "moderator"]))
    signature_name = fields.String(allow_none=True, required=True)
    signature_title = fields.String(allow_none=True, required=True)
    body = fields.Function(lambda r: None if r.removed_at else r.body_source, allow_none=True,
                           required=True, metadata=STRING)
    body_html = fields.Function(lambda r: None if r.removed_at else r.body_html,
                                allow_none=True, required=True, metadata=STRING)
    created_at = fields.DateTime(required=True)
    removed = fields.Function(lambda r: r.removed_at is not None, required=True,
                              metadata=BOOLEAN)


class PrivateMessageSchema(Schema):
    id = fields.Integer(required=True)
    voice = fields.String(required=True, validate=validate.OneOf(["consumer", "company"]))
    signature_name = fields.String(allow_none=True, required=True)
    body = fields.String(attribute="body_source", required=True)
    body_html = fields.String(required=True)
    created_at = fields.DateTime(required=True)


class CursorArgsSchema(Schema):
    cursor = fields.String(validate=validate.Length(max=CURSOR_MAX), metadata={
        "description": "`next_cursor` of the page before; leave out for the first page."})
    limit = fields.Integer(load_default=20, validate=validate.Range(min=1, max=100))


class PromiseSchema(Schema):
    kind = fields.String(required=True, validate=validate.OneOf([k.value for k in PromiseKind]))
    amount = fields.Decimal(as_string=True, allow_none=True, metadata={
        "description": "Euros, for a refund or credit note."})
    due = fields.Date(required=True)
