"""Searching published complaints and listed companies: the one interface the views, the
complaint form's company suggestions and the benchmark use, whichever engine is underneath."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup
from sqlalchemy import select

from complaints.cases.models import Complaint
from complaints.cases.workflow import PUBLIC_STATUSES
from complaints.companies.models import Company
from complaints.extensions import db
from complaints.pagination import Page
from complaints.search.engines import CANDIDATES, Filters, engine
from complaints.search.parser import SearchQuery, parse
from complaints.search.snippets import Highlighter

COMPANIES_SHOWN = 5
SORTS = ("relevance", "newest")


@dataclass
class Hit:
    complaint: Complaint
    title: Markup
    snippet: Markup


@dataclass
class Results:
    page: Page  # of Hit
    companies: list[Company]
    capped: bool  # more than CANDIDATES complaints match; `page.total` is CANDIDATES

    @property
    def limit(self) -> int:
        return CANDIDATES


def _load(model, ids: list[int], *conditions) -> list:
    """Rows of `model` with these ids, in the order of `ids`."""
    if not ids:
        return []
    found = {row.id: row for row in db.session.scalars(
        select(model).where(model.id.in_(ids), *conditions)).unique()}
    return [found[i] for i in ids if i in found]


def search(query: SearchQuery, filters: Filters, *, sort: str = "relevance", page: int = 1,
           per_page: int = 20, args: dict[str, str] | None = None) -> Results:
    """One page of published complaints matching `query` and `filters`, with highlighted
    titles and snippets, and on the first page the companies whose name matches."""
    search_engine = engine()
    ranked = search_engine.complaints(query, filters, sort)
    start = (page - 1) * per_page
    highlighter = Highlighter(query)
    hits = [Hit(complaint, highlighter.highlight(complaint.title),
                # body_html is the sanitizer's output; only its plain text is used, escaped again
                highlighter.snippet(Markup(complaint.body_html).striptags()))  # noqa: S704
            for complaint in _load(Complaint, ranked.ids[start:start + per_page],
                                   Complaint.status.in_(PUBLIC_STATUSES))]
    companies = []
    if page == 1 and not filters.company_id:
        companies = _load(Company, search_engine.companies(query, COMPANIES_SHOWN,
                                                           names_only=False))
    result_page = Page(hits, page, per_page, start + per_page < len(ranked.ids),
                       len(ranked.ids), args or {})
    return Results(result_page, companies, ranked.capped)


def suggest_companies(typed: str, *, limit: int = 10) -> list[Company]:
    """Listed companies for what someone is typing as a company name: names that start with
    it first, then names with words that start with its words."""
    return _load(Company, engine().companies(parse(typed), limit, names_only=True))
