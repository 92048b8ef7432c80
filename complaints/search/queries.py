"""Searching published complaints and listed companies: the one interface the views, the
complaint form's company suggestions and the benchmark use, whichever engine is underneath."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup
from sqlalchemy import select

from complaints.cases.models import Category, Complaint
from complaints.cases.workflow import PUBLIC_STATUSES
from complaints.companies.models import Company
from complaints.extensions import db
from complaints.pagination import Page
from complaints.search.engines import CANDIDATES, Filters, Named, engine
from complaints.search.parser import SearchQuery, parse, words_of
from complaints.search.snippets import Highlighter

COMPANIES_SHOWN = 5
NAMED_MAX = 3  # companies whose name matches: their complaints are found too
NAMED_SHORTEST = 3  # letters a typed word needs to count as (the start of) a name
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


def named(query: SearchQuery) -> Named:
    """The companies (at most NAMED_MAX) and categories whose name has every word typed as the
    start of one of its words: "zendgolf" names Zendgolf Mobiel, "facturen" the billing
    category. Not with exclusions (-word), which must keep leaving complaints out, nor with
    words shorter than NAMED_SHORTEST letters, which would name half the companies."""
    words = [word for term in query.positive for word in term.words]
    if (not words or query.excluded or any(len(word) < NAMED_SHORTEST for word in words)):
        return Named()
    companies = engine().companies(query, NAMED_MAX, names_only=True)
    categories = [category.id for category in db.session.scalars(select(Category))
                  if all(any(part.startswith(word) for part in words_of(
                      f"{category.label_nl} {category.label_en}")) for word in words)]
    return Named(tuple(companies), tuple(categories))


def search(query: SearchQuery, filters: Filters, *, sort: str = "relevance", page: int = 1,
           per_page: int = 20, args: dict[str, str] | None = None) -> Results:
    """One page of published complaints matching `query` and `filters`, with highlighted
    titles and snippets, and on the first page the companies whose name matches. Complaints
    about a company or in a category whose name was typed match too (`named`)."""
    search_engine = engine()
    ranked = search_engine.complaints(query, filters, sort, named(query))
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
