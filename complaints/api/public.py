"""The public endpoints: what anyone may read on the site, as JSON, without a token.

Each gives what the matching page gives a visitor, read with the same queries and rules
(`cases.queries.published`, `permissions.can_view_complaint`, the company directory, the
verdict, the rankings), cached like the pages (`cache.cached_page`) and limited per address.
Lists are cursor-paginated: the cursor is the sort key of the last item given, so reading on
costs the same on the thousandth page as on the first and never skips or repeats an item.
"""

from __future__ import annotations

from datetime import datetime

from flask import Response, url_for
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate
from sqlalchemy import tuple_

from complaints import permissions
from complaints.api import cursor
from complaints.api.auth import PUBLIC_READS, limited
from complaints.api.problems import Kind, Problem
from complaints.api.schemas import (
    BOOLEAN,
    STRING,
    URL,
    CompanyRefSchema,
    ComplaintSchema,
    CursorArgsSchema,
    ReplySchema,
)
from complaints.api.spec import documented_errors
from complaints.cache import cached_page
from complaints.cases import queries as case_queries
from complaints.cases.models import Complaint
from complaints.cases.workflow import PUBLIC_STATUSES, Status
from complaints.companies import services as companies
from complaints.companies.models import Company
from complaints.companies.services import LETTERS
from complaints.extensions import db
from complaints.figures import score as scoring
from complaints.figures import services as figures
from complaints.figures.verdict import (
    BAND_WORDS,
    SCORE_WINDOW,
    Standing,
    Verdict,
    verdict,
    verdicts,
)
from complaints.formats import lazy_gettext as _l
from complaints.rankings import queries as rankings
from complaints.threads import services as threads

blp = Blueprint("api_public", __name__, description=(
    "What anyone may read on the site: published complaints with their public threads, the "
    "company directory, a company's figures and score, and the rankings. No token needed; "
    "limited per address; served from the page cache until something public changes."))

SLUG = validate.Length(min=1, max=40)  # of a category or sector; the views ask the database



def _invalid(field: str, message) -> Problem:
    return Problem(422, Kind.INVALID, _l("A query parameter is not valid."),
                   errors={field: [str(message)]})


def _page(found: list, limit: int, key) -> dict:
    """A page of `limit` items out of `limit + 1` read, with the cursor after its last."""
    items = found[:limit]
    return {"items": items,
            "next_cursor": cursor.encode(*key(items[-1])) if len(found) > limit else None}


# --- what goes in and out ---------------------------------------------------------------------

class LabelledSchema(Schema):
    slug = fields.String(required=True)
    label = fields.String(required=True, metadata={"description": "In the asked language."})


class VerdictSchema(Schema):
    """The Helpdeskhel score as the pages show it (one per company, over the last 12 months)."""

    standing = fields.String(required=True, validate=validate.OneOf([s.value for s in Standing]),
                             metadata={"description": "scored; too_little (fewer than "
                                                      f"{scoring.MINIMUM} published complaints "
                                                      "in 12 months: no score); under_review "
                                                      "(moderators check the figures: no score "
                                                      "shown)."})
    score = fields.Float(allow_none=True, required=True,
                         metadata={"description": "0 to 10, one decimal; only when scored."})
    band = fields.String(allow_none=True, required=True,
                         validate=validate.OneOf(list(BAND_WORDS)),
                         metadata={"description": "good (8 and up), fair (6), poor (4), bad."})
    word = fields.Function(lambda v: v.word or None, allow_none=True, required=True,
                           metadata={**STRING, "description": "The band in the asked language."})
    published = fields.Integer(required=True,
                               metadata={"description": "Published complaints in 12 months."})
    needed = fields.Integer(required=True, metadata={
        "description": "Complaints still needed before there is a score."})
    review_reason = fields.String(allow_none=True, required=True, metadata={
        "description": "The moderators' public reason, while under review."})


class CompanySummarySchema(CompanyRefSchema):
    url = fields.Function(lambda c: url_for("companies.show", slug=c.slug, _external=True),
                          required=True, metadata={**URL, "description": "The company's page."})
    sector = fields.Nested(LabelledSchema, required=True)
    verified = fields.Function(lambda c: c.is_claimed, required=True, metadata={
        **BOOLEAN, "description": "The company answers here with a verified webcare team."})
    published_count = fields.Integer(required=True, metadata={
        "description": "Published complaints, all time."})
    unresolved_count = fields.Integer(required=True, metadata={
        "description": "Published complaints not resolved."})
    verdict = fields.Nested(VerdictSchema, required=True)


class WindowFiguresSchema(Schema):
    """A company's figures over one period, as "All figures" on its page."""

    published = fields.Integer(required=True)
    unresolved = fields.Integer(required=True)
    no_reply = fields.Integer(required=True, metadata={
        "description": "Without a company reply 7 days after publication."})
    eligible_for_response = fields.Integer(required=True, metadata={
        "description": "Published at least 2 days ago: the base of response_rate."})
    responded = fields.Integer(required=True)
    response_rate = fields.Float(allow_none=True, required=True,
                                 metadata={"description": "Share answered in public, 0 to 1."})
    due = fields.Integer(required=True, metadata={
        "description": "Answered, or past the answer deadline: the base of on_time."})
    on_time = fields.Integer(required=True, metadata={"description": "Answered on time."})
    median_response_minutes = fields.Integer(allow_none=True, required=True)
    resolved = fields.Integer(required=True)
    resolution_rate = fields.Float(allow_none=True, required=True)
    rating_count = fields.Integer(required=True)
    satisfaction = fields.Float(allow_none=True, required=True,
                                metadata={"description": "Mean rating, 1 to 5."})
    again_count = fields.Integer(required=True)
    again_yes = fields.Integer(required=True, metadata={
        "description": "Of again_count: would do business with the company again."})
    contacts_before = fields.Float(allow_none=True, required=True, metadata={
        "description": "Mean contacts with the company before complaining."})
    promise_known = fields.Integer(required=True)
    promise_kept = fields.Integer(required=True)
    promise_rate = fields.Float(allow_none=True, required=True, metadata={
        "description": "Share answered within the company's promised time."})
    supporters = fields.Integer(required=True, metadata={"description": "“Me too”s."})
    computed_on = fields.Date(required=True)


class FiguresByWindowSchema(Schema):
    last_30_days = fields.Nested(WindowFiguresSchema, allow_none=True, required=True,
                                 data_key="30d")
    last_12_months = fields.Nested(WindowFiguresSchema, allow_none=True, required=True,
                                   data_key="12m")
    all_time = fields.Nested(WindowFiguresSchema, allow_none=True, required=True,
                             data_key="all")


class CompanyProfileSchema(CompanySummarySchema):
    description = fields.String(required=True)
    website = fields.String(allow_none=True, required=True)
    contact_channels = fields.String(required=True, metadata={
        "description": "How to reach the company, in its own words."})
    office_address = fields.String(allow_none=True, required=True)
    response_promise_hours = fields.Integer(allow_none=True, required=True, metadata={
        "description": "The company promises to answer within this many hours."})
    figures = fields.Nested(FiguresByWindowSchema, required=True, metadata={
        "description": "Per period; null where the company has no figures for it yet."})


class PublicComplaintSchema(ComplaintSchema):
    rating = fields.Integer(allow_none=True, required=True, metadata={
        "description": "1 to 5, given by the consumer when resolving."})
    closing_note = fields.String(allow_none=True, required=True, metadata={
        "description": "The consumer's words when resolving."})
    replies = fields.List(fields.Nested(ReplySchema), required=True, metadata={
        "description": "The public thread, oldest first; a removed reply keeps its place "
                       "without its text."})


class ComplaintArgsSchema(CursorArgsSchema):
    category = fields.String(validate=SLUG,
                             metadata={"description": "A category's slug, as in the filters "
                                                      "of /complaints."})
    status = fields.String(validate=validate.OneOf(sorted(str(s) for s in PUBLIC_STATUSES)))
    company = fields.String(validate=validate.Length(max=140),
                            metadata={"description": "A listed company's slug."})


class ComplaintPageSchema(Schema):
    items = fields.List(fields.Nested(ComplaintSchema), required=True)
    next_cursor = fields.String(allow_none=True, required=True, metadata={
        "description": "Give it as `cursor` for the next page; null on the last page."})


class DirectoryArgsSchema(CursorArgsSchema):
    letter = fields.String(validate=validate.OneOf([*LETTERS, "#"]), metadata={
        "description": "First letter of the name; # for names that start otherwise."})
    q = fields.String(validate=validate.Length(max=100),
                      metadata={"description": "Part of the name."})
    sector = fields.String(validate=SLUG,
                           metadata={"description": "A sector's slug."})


class DirectoryPageSchema(Schema):
    items = fields.List(fields.Nested(CompanySummarySchema), required=True)
    next_cursor = fields.String(allow_none=True, required=True)


class RankingArgsSchema(CursorArgsSchema):
    window = fields.String(load_default=rankings.DEFAULT_WINDOW,
                           validate=validate.OneOf(list(rankings.WINDOW_LABELS)),
                           metadata={"description": "The period: last 30 days, 12 months, or "
                                                    "all time."})
    sort = fields.String(load_default=rankings.DEFAULT_SORT,
                         validate=validate.OneOf(list(rankings.SORTS)),
                         metadata={"description": "The order, as on /rankings. Rate orders "
                                                  "leave out companies with fewer than "
                                                  f"{figures.RATE_MINIMUM} complaints in the "
                                                  "period and rank by the lower bound of the "
                                                  "rate; score leaves out companies without "
                                                  "one."})
    sector = fields.String(validate=SLUG,
                           metadata={"description": "A sector's slug."})


class RankedSchema(Schema):
    rank = fields.Integer(required=True)
    company = fields.Nested(CompanySummarySchema, required=True)
    figures = fields.Nested(WindowFiguresSchema, required=True,
                            metadata={"description": "Over the chosen period."})


class BestWebcareSchema(Schema):
    company = fields.Nested(CompanySummarySchema, required=True)
    figures = fields.Nested(WindowFiguresSchema, required=True)


class RankingPageSchema(Schema):
    window = fields.String(required=True)
    sort = fields.String(required=True)
    sector = fields.String(allow_none=True, required=True)
    items = fields.List(fields.Nested(RankedSchema), required=True)
    next_cursor = fields.String(allow_none=True, required=True)
    best_webcare = fields.List(fields.Nested(BestWebcareSchema), required=True, metadata={
        "description": f"At least {rankings.BEST_MINIMUM_PUBLISHED} complaints in the period "
                       f"and a score of {rankings.BEST_MINIMUM_SCORE} or more, outside the "
                       "worst places, by score; empty when fewer than "
                       f"{rankings.BEST_MINIMUM_COMPANIES} qualify."})


# --- reading ----------------------------------------------------------------------------------

def _listed_company(slug: str) -> Company | None:
    company = companies.get_by_slug(slug)
    return company if company is not None and company.is_listed else None


def _sector_slug(slug: str | None) -> str | None:
    if slug and slug not in {s.slug for s in companies.sectors()}:
        raise _invalid("sector", _l("There is no sector with this name."))
    return slug or None


def _summaries(companies_shown: list[Company]) -> dict[int, Verdict]:
    """Each company's verdict (one query for a page), put on the company for its schema."""
    found = verdicts(companies_shown)
    for company in companies_shown:
        company.verdict = found[company.id]
    return found


# --- the endpoints ----------------------------------------------------------------------------

@blp.route("/complaints")
class Complaints(MethodView):
    @limited(PUBLIC_READS)
    @cached_page
    @blp.doc(summary="Published complaints, newest first",
             description="The complaints of /complaints, with its filters (category, status) "
                         "and a company's. Page on with `next_cursor`; a page is never "
                         "counted, so there is no total.")
    @blp.arguments(ComplaintArgsSchema, location="query")
    @blp.response(200, ComplaintPageSchema)
    @documented_errors(blp, 400, 422, 429)
    def get(self, args: dict):
        category = args.get("category")
        if category and case_queries.category_by_slug(category) is None:
            raise _invalid("category", _l("There is no category with this name."))
        company_id = None
        if args.get("company"):
            company = _listed_company(args["company"])
            if company is None:
                raise _invalid("company", _l("There is no company with this name."))
            company_id = company.id
        stmt = case_queries.published(category_slug=category, status=args.get("status"),
                                      company_id=company_id)
        if args.get("cursor"):
            moment, complaint_id = cursor.decode(args["cursor"], datetime, int)
            if not 0 < complaint_id < 2**31:  # beyond the column: PostgreSQL would refuse it
                raise cursor.invalid()
            stmt = stmt.where(tuple_(Complaint.published_at, Complaint.id)
                              < tuple_(moment, complaint_id))
        limit = args["limit"]
        found = list(db.session.scalars(stmt.limit(limit + 1)).unique())
        return _page(found, limit, lambda last: (last.published_at, last.id))


@blp.route("/complaints/<id:complaint_id>")
class PublicComplaint(MethodView):
    @limited(PUBLIC_READS)
    @cached_page
    @blp.doc(summary="A published complaint with its public thread",
             description="As its page shows it to a visitor. A complaint that is not "
                         "published (waiting, not accepted, withdrawn) is a 404; one a "
                         "moderator removed is a 410 `gone` problem, as its page says it was "
                         "removed.")
    @blp.response(200, PublicComplaintSchema)
    @documented_errors(blp, 404, 410, 429)
    def get(self, complaint_id: int):
        complaint = db.session.get(Complaint, complaint_id)
        if complaint is None or not permissions.can_view_complaint(None, complaint):
            raise Problem(404, Kind.NOT_FOUND, _l("There is no published complaint with this "
                                                  "number."))
        if complaint.status == Status.REMOVED:
            raise Problem(410, Kind.GONE, _l("A moderator removed this complaint."),
                          removal_reason=complaint.removal_reason)
        complaint.replies = threads.thread(complaint)
        return complaint


@blp.route("/companies")
class Companies(MethodView):
    @limited(PUBLIC_READS)
    @cached_page
    @blp.doc(summary="The company directory",
             description="Listed companies from A to Z, with the filters of /companies "
                         "(first letter, part of the name, sector) and each company's score.")
    @blp.arguments(DirectoryArgsSchema, location="query")
    @blp.response(200, DirectoryPageSchema)
    @documented_errors(blp, 400, 422, 429)
    def get(self, args: dict):
        stmt = companies.directory(args.get("letter"), (args.get("q") or "").strip() or None,
                                   _sector_slug(args.get("sector")))
        if args.get("cursor"):
            (after_id,) = cursor.decode(args["cursor"], int)
            after = db.session.get(Company, after_id) if 0 < after_id < 2**31 else None
            if after is None:
                raise cursor.invalid()
            stmt = stmt.where(tuple_(Company.name_key, Company.id)
                              > tuple_(after.name_key, after.id))
        limit = args["limit"]
        found = list(db.session.scalars(stmt.limit(limit + 1)))
        page = _page(found, limit, lambda last: (last.id,))
        _summaries(page["items"])
        return page


@blp.route("/companies/<slug>")
class CompanyProfile(MethodView):
    @limited(PUBLIC_READS)
    @cached_page
    @blp.doc(summary="A company with its figures and score",
             description="What its page shows: the profile, the Helpdeskhel score with its "
                         "standing, and the figures of each period. A company that was merged "
                         "into another answers 301 with the other's address in `Location`, "
                         "as its page does.")
    @blp.response(200, CompanyProfileSchema)
    @blp.alt_response(301, description="Merged into another company: see `Location`.",
                      headers={"Location": {"description": "The other company's address.",
                                            "schema": {"type": "string"}}})
    @documented_errors(blp, 404, 429)
    def get(self, slug: str):
        company = companies.get_by_slug(slug)
        if company is not None and company.merged_into_id is not None:
            target = db.session.get(Company, company.merged_into_id)
            return Response(status=301, headers={"Location": url_for(
                "api_public.CompanyProfile", slug=target.slug, _external=True)})
        if company is None or not company.is_listed:
            raise Problem(404, Kind.NOT_FOUND, _l("There is no company with this name."))
        by_window = figures.figures_for(company.id)
        company.verdict = verdict(company, by_window.get(SCORE_WINDOW))
        company.figures = {"last_30_days": by_window.get("30d"),
                           "last_12_months": by_window.get("12m"),
                           "all_time": by_window.get("all")}
        return company


@blp.route("/rankings")
class Rankings(MethodView):
    @limited(PUBLIC_READS)
    @cached_page
    @blp.doc(summary="The rankings",
             description="Companies ranked over a period by one of the orders of /rankings, "
                         "read from the stored figures, with the best webcare of the period. "
                         "Page on with `next_cursor`.")
    @blp.arguments(RankingArgsSchema, location="query")
    @blp.response(200, RankingPageSchema)
    @documented_errors(blp, 400, 422, 429)
    def get(self, args: dict):
        window, sort = args["window"], args["sort"]
        sector = _sector_slug(args.get("sector"))
        # The cursor is the rank of the last company given: the ranking is one stored row per
        # company (never the complaints), in an order the rows of a company decide.
        start = cursor.decode(args["cursor"], int)[0] if args.get("cursor") else 0
        if not 0 <= start < 2**31:
            raise cursor.invalid()
        limit = args["limit"]
        rows = db.session.execute(rankings.ranking(window, sort, sector)
                                  .offset(start).limit(limit + 1)).all()
        best = rankings.best_webcare(window, sector)
        _summaries([company for _, company in [*rows, *best]])
        items = [{"rank": start + place, "company": company, "figures": row}
                 for place, (row, company) in enumerate(rows[:limit], start=1)]
        return {"window": window, "sort": sort, "sector": sector, "items": items,
                "next_cursor": cursor.encode(start + limit) if len(rows) > limit else None,
                "best_webcare": [{"company": company, "figures": row} for row, company in best]}
