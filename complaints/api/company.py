"""A company's endpoints, for its webcare team's own tools, with a personal access token:
the inbox, a complaint with its private messages, a public reply (with a promise), a
private message, and "we think this is solved".

They call the services the webcare pages call, with the token's person as the actor, so the
same permission rules and the same personal-data guard apply; a token only ever reaches the
company it was made for.
"""

from __future__ import annotations

from datetime import datetime

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate
from sqlalchemy import and_, or_, tuple_

from complaints import permissions, pii
from complaints.api import cursor
from complaints.api.auth import TOKEN_READS, TOKEN_WRITES, current_token, limited, requires_token
from complaints.api.models import Scope
from complaints.api.problems import Kind, Problem
from complaints.api.schemas import (
    ComplaintSchema,
    CursorArgsSchema,
    PrivateMessageSchema,
    PromiseSchema,
    ReplySchema,
)
from complaints.api.spec import TOKEN, documented_errors
from complaints.cases.models import Complaint
from complaints.cases.workflow import UNRESOLVED_STATUSES, Status
from complaints.companies import services as companies
from complaints.companies.models import Company
from complaints.errors import AlreadyHandled, DomainError, NotAllowed
from complaints.extensions import db
from complaints.formats import lazy_gettext as _l
from complaints.threads import services as threads
from complaints.threads.models import Reply
from complaints.webcare import queries as webcare
from complaints.webcare.queries import WaitsFor

blp = Blueprint("api_company", __name__, description=(
    "A company's inbox and answers. Each needs a personal access token of one of the "
    "company's representatives, made for this company; writing needs a read-and-write token."))

READ_ERRORS = (401, 403, 404, 429)
WRITE_ERRORS = (400, 401, 403, 404, 409, 422, 429)  # 400: a body that is not JSON
# The services' field names, as the API's request bodies have them.
FIELDS = {"promise_kind": "promise.kind", "promise_amount": "promise.amount",
          "promise_due": "promise.due"}



# --- what goes in and out ---------------------------------------------------------------------

class InboxArgsSchema(CursorArgsSchema):
    status = fields.String(validate=validate.OneOf(sorted(str(s) for s in UNRESOLVED_STATUSES)),
                           metadata={"description": "Only open or only answered complaints."})
    category = fields.String(validate=validate.Length(max=60),
                             metadata={"description": "A category's code."})


class InboxItemSchema(ComplaintSchema):
    waits_for = fields.Function(lambda c: webcare.waits_for(c).value, required=True,
                                validate=validate.OneOf([w.value for w in WaitsFor]), metadata={
        "type": "string",
        "description": "first_answer (not answered yet), replied_again (the consumer wrote "
                       "again), solved_answer (waiting for the consumer's answer to \"is it "
                       "solved?\") or consumer (nothing waits for the company)."})
    awaiting_company_since = fields.DateTime(allow_none=True, required=True)
    answer_due_at = fields.DateTime(allow_none=True, required=True)
    resolution_proposed_at = fields.DateTime(allow_none=True, required=True)


class InboxPageSchema(Schema):
    items = fields.List(fields.Nested(InboxItemSchema), required=True)
    next_cursor = fields.String(allow_none=True, required=True)


class ComplaintWithMessagesSchema(InboxItemSchema):
    replies = fields.List(fields.Nested(ReplySchema), required=True)
    private_messages = fields.List(fields.Nested(PrivateMessageSchema), required=True)


class ReplyArgsSchema(Schema):
    body = fields.String(required=True, validate=validate.Length(min=1, max=threads.REPLY_MAX),
                         metadata={"description": "Markdown."})
    promise = fields.Nested(PromiseSchema, allow_none=True, metadata={
        "description": "What the company promises, asked about on its due date."})
    confirm_public = fields.Boolean(load_default=False, metadata={
        "description": "Post even though the reply asks for personal details in public."})
    redact_personal_data = fields.Boolean(load_default=False, metadata={
        "description": "Replace personal data found in the reply instead of refusing it."})


class MessageArgsSchema(Schema):
    body = fields.String(required=True, validate=validate.Length(min=1,
                                                                 max=threads.MESSAGE_MAX))


# --- the company and the complaint a token may reach ------------------------------------------

def _company(slug: str) -> Company:
    company = companies.get_by_slug(slug)
    if company is None or not company.is_listed:
        raise Problem(404, Kind.NOT_FOUND, _l("There is no company with this name."))
    if current_token().company_id != company.id:
        raise Problem(403, Kind.FORBIDDEN, _l("This token is for another company."))
    return company


def _complaint(company: Company, complaint_id: int) -> Complaint:
    complaint = db.session.get(Complaint, complaint_id)
    if (complaint is None or complaint.company_id != company.id
            or not permissions.can_read_private(current_token().user, complaint)
            or complaint.status not in (*UNRESOLVED_STATUSES, Status.RESOLVED)):
        raise Problem(404, Kind.NOT_FOUND, _l("This company has no public complaint with this "
                                              "number."))
    return complaint


def _writable(slug: str, complaint_id: int, allowed, refusal) -> tuple:
    """The token's person and the complaint, when `allowed(person, complaint)`; else a 409
    `conflict` saying `refusal` (the token reaches the complaint, its state says no)."""
    complaint = _complaint(_company(slug), complaint_id)
    user = current_token().user
    if not allowed(user, complaint):
        raise Problem(409, Kind.CONFLICT, refusal)
    return user, complaint


def _call(operation):
    """Run one service; its refusals become problems."""
    try:
        return operation()
    except pii.PersonalDataFound as error:
        raise Problem(422, Kind.PERSONAL_DATA, error.message, findings=[
            {"field": field, "kind": found.kind.value, "start": found.start, "end": found.end}
            for field, items in error.findings.items() for found in items]) from error
    except threads.AsksForPersonalData as error:
        raise Problem(422, Kind.PERSONAL_DATA, error.message,
                      findings=[{"field": "body", "kind": kind.value} for kind in error.kinds],
                      hint="confirm_public") from error
    except (AlreadyHandled, NotAllowed) as error:
        raise Problem(409, Kind.CONFLICT, error.message) from error
    except DomainError as error:
        errors: dict[str, list[str]] = {}
        for field, message in error.errors:
            errors.setdefault(FIELDS.get(field or "", field or "_schema"), []).append(
                str(message))
        raise Problem(422, Kind.INVALID, error.message, errors=errors) from error


def _inbox_after(stmt, awaiting: datetime | None, published: datetime, complaint_id: int):
    """The inbox rows after the one the cursor names, in `webcare.queries.inbox`'s order:
    those waiting for the company (since when, then publication, then id), then the others
    (publication, then id)."""
    rest = Complaint.awaiting_company_since.is_(None)
    if awaiting is None:
        return stmt.where(rest, tuple_(Complaint.published_at, Complaint.id)
                          > tuple_(published, complaint_id))
    later = tuple_(Complaint.awaiting_company_since, Complaint.published_at, Complaint.id) \
        > tuple_(awaiting, published, complaint_id)
    return stmt.where(or_(and_(Complaint.awaiting_company_since.is_not(None), later), rest))


# --- the endpoints ----------------------------------------------------------------------------

@blp.route("/companies/<slug>/inbox")
class Inbox(MethodView):
    @requires_token(Scope.READ)
    @limited(TOKEN_READS)
    @blp.doc(security=TOKEN, summary="The company's unresolved complaints",
             description="Those waiting for the company first, the one waiting longest at the "
                         "top; then those waiting for the consumer.")
    @blp.arguments(InboxArgsSchema, location="query")
    @blp.response(200, InboxPageSchema)
    @documented_errors(blp, 400, *READ_ERRORS)
    def get(self, args: dict, slug: str):
        company = _company(slug)
        stmt = webcare.inbox(company, status=args.get("status"),
                             category_slug=args.get("category"))
        if args.get("cursor"):
            stmt = _inbox_after(stmt, *cursor.decode(args["cursor"], (datetime, type(None)),
                                                     datetime, int))
        limit = args["limit"]
        found = list(db.session.scalars(stmt.limit(limit + 1)))
        items = found[:limit]
        next_cursor = None
        if len(found) > limit:
            last = items[-1]
            next_cursor = cursor.encode(last.awaiting_company_since, last.published_at, last.id)
        return {"items": items, "next_cursor": next_cursor}


@blp.route("/companies/<slug>/complaints/<id:complaint_id>")
class CompanyComplaint(MethodView):
    @requires_token(Scope.READ)
    @limited(TOKEN_READS)
    @blp.doc(security=TOKEN, summary="A complaint with its public thread and private messages")
    @blp.response(200, ComplaintWithMessagesSchema)
    @documented_errors(blp, *READ_ERRORS)
    def get(self, slug: str, complaint_id: int):
        company = _company(slug)
        complaint = _complaint(company, complaint_id)
        messages = threads.read_private_messages(current_token().user, complaint)
        complaint.replies = threads.thread(complaint)
        complaint.private_messages = messages
        return complaint


@blp.route("/companies/<slug>/complaints/<id:complaint_id>/replies")
class Replies(MethodView):
    @requires_token(Scope.WRITE)
    @limited(TOKEN_WRITES)
    @blp.doc(security=TOKEN, summary="Post a public reply for the company",
             description="The personal-data guard checks it as on the site: personal data "
                         "gives a 422 `personal-data` problem with the findings (or set "
                         "`redact_personal_data`); asking the consumer for personal details in "
                         "public needs `confirm_public`.")
    @blp.arguments(ReplyArgsSchema)
    @blp.response(201, ReplySchema)
    @documented_errors(blp, *WRITE_ERRORS)
    def post(self, args: dict, slug: str, complaint_id: int) -> Reply:
        user, complaint = _writable(slug, complaint_id, permissions.can_reply,
                                    _l("This complaint takes no replies now."))
        promise = args.get("promise") or {}
        return _call(lambda: threads.post_reply(
            user, complaint, args["body"], redact_pii=args["redact_personal_data"],
            confirm_public=args["confirm_public"], promise_kind=promise.get("kind"),
            promise_amount=promise.get("amount"), promise_due=promise.get("due")))


@blp.route("/companies/<slug>/complaints/<id:complaint_id>/private-messages")
class PrivateMessages(MethodView):
    @requires_token(Scope.WRITE)
    @limited(TOKEN_WRITES)
    @blp.doc(security=TOKEN, summary="Send the consumer a private message",
             description="The consumer gets an e-mail with a link, never the text.")
    @blp.arguments(MessageArgsSchema)
    @blp.response(201, PrivateMessageSchema)
    @documented_errors(blp, *WRITE_ERRORS)
    def post(self, args: dict, slug: str, complaint_id: int):
        user, complaint = _writable(slug, complaint_id, permissions.can_send_private,
                                    _l("This complaint takes no messages now."))
        return _call(lambda: threads.send_private_message(user, complaint, args["body"]))


@blp.route("/companies/<slug>/complaints/<id:complaint_id>/resolution-proposal")
class ResolutionProposal(MethodView):
    @requires_token(Scope.WRITE)
    @limited(TOKEN_WRITES)
    @blp.doc(security=TOKEN, summary="Say the company thinks it is solved",
             description="The consumer is asked; only the consumer resolves a complaint. Once "
                         "per open question: asking again before the consumer answered is a "
                         "409.")
    @blp.response(201, InboxItemSchema)
    @documented_errors(blp, *WRITE_ERRORS)
    def post(self, slug: str, complaint_id: int):
        user, complaint = _writable(slug, complaint_id, permissions.can_propose_resolution,
                                    _l("The consumer was already asked, or the complaint is "
                                       "resolved."))
        _call(lambda: threads.propose_resolution(user, complaint))
        return db.session.get(Complaint, complaint_id)
