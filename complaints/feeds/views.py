"""Atom feeds, following companies, open data, robots.txt and the sitemaps."""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    abort,
    redirect,
    render_template,
    stream_with_context,
    url_for,
)
from flask_login import current_user, login_required

from complaints import permissions
from complaints.cache import cached_page
from complaints.cases import queries as case_queries
from complaints.companies import services as companies
from complaints.companies.models import Company
from complaints.extensions import db
from complaints.feeds import atom, open_data, queries, services, sitemaps
from complaints.feeds.forms import FollowForm, UnfollowForm
from complaints.feeds.models import FollowMode
from complaints.figures import open_data as figures_data
from complaints.formats import gettext as _
from complaints.forms_flow import bad_request, run_form
from complaints.sanitize import html_to_text, shorten
from complaints.urls import safe_next

bp = Blueprint("feeds", __name__)

OG_DESCRIPTION_MAX = 200


# --- helpers for templates: the follow form on company pages, the list on "My account" ----

@bp.app_template_global()
def follow_form(company: Company) -> FollowForm | None:
    """The follow form for the signed-in person, set to how they follow now (or None)."""
    if not current_user.is_authenticated:
        return None
    current = queries.follow_of(current_user, company.id)
    form = FollowForm(formdata=None, mode=current.mode if current else FollowMode.INSTANT.value)
    form.following = current is not None
    return form


@bp.app_template_global()
def followed_companies() -> list:
    return queries.follows_of(current_user) if current_user.is_authenticated else []


@bp.app_template_filter()
def excerpt(html: str | None, length: int = OG_DESCRIPTION_MAX) -> str:
    """Plain text of sanitized HTML, whitespace collapsed, cut at a word to at most `length`
    characters (with "…"); the template escapes it."""
    return shorten(" ".join(html_to_text(html or "").split()), length)


def _company_or_404(slug: str) -> Company:
    company = companies.get_by_slug(slug)
    if company is None or not permissions.can_view_company(current_user, company):
        abort(404)
    return company


def _stream(chunks, content_type: str, filename: str | None = None) -> Response:
    response = Response(stream_with_context(chunks), content_type=content_type)
    if filename:
        response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- Atom feeds -----------------------------------------------------------------------------

@bp.route("/feeds/complaints.atom")
@cached_page
def complaints_feed():
    body = atom.complaints_feed(
        queries.latest_published(limit=atom.FEED_SIZE), title=_("New complaints on Helpdeskhel"),
        feed_url=url_for("feeds.complaints_feed", _external=True),
        page_url=url_for("cases.index", _external=True), with_company=True)
    return Response(body, content_type=atom.CONTENT_TYPE)


@bp.route("/companies/<slug>/feed.atom")
@cached_page
def company_feed(slug: str):
    found = companies.get_by_slug(slug)
    if found is not None and found.merged_into_id is not None:
        target = db.session.get(Company, found.merged_into_id)
        return redirect(url_for("feeds.company_feed", slug=target.slug), 301)
    # A feed is public: only what a visitor may see, whoever asks.
    if found is None or not permissions.can_view_company(None, found):
        abort(404)
    body = atom.complaints_feed(
        queries.latest_published(company_id=found.id, limit=atom.FEED_SIZE),
        title=_("Complaints about %(company)s", company=found.name),
        feed_url=url_for("feeds.company_feed", slug=found.slug, _external=True),
        page_url=url_for("companies.show", slug=found.slug, _external=True), with_company=False)
    return Response(body, content_type=atom.CONTENT_TYPE)


# --- following ------------------------------------------------------------------------------

@bp.route("/companies/<slug>/follow", methods=["POST"])
@login_required
def follow(slug: str):
    company = _company_or_404(slug)
    if not permissions.can_follow(current_user, company):
        abort(403)
    form = FollowForm()

    def told(row) -> str:
        if row.mode == FollowMode.DAILY:
            return _("You follow %(company)s: one e-mail a day when there are new complaints.",
                     company=company.name)
        return _("You follow %(company)s: an e-mail for each new complaint.",
                 company=company.name)

    return run_form(form, lambda: services.follow(current_user, company, form.mode.data),
                    success=told, render=bad_request, redirect_to=safe_next(form.next.data)
                    or url_for("companies.show", slug=company.slug))


@bp.route("/companies/<slug>/unfollow", methods=["POST"])
@login_required
def unfollow(slug: str):
    company = companies.get_by_slug(slug)  # also a company that was merged or taken down
    if company is None:
        abort(404)
    form = UnfollowForm()
    back = (url_for("companies.show", slug=company.slug)
            if permissions.can_view_company(current_user, company)
            else url_for("accounts.account"))
    return run_form(form, lambda: services.unfollow(current_user, company),
                    success=lambda stopped: _("You no longer follow %(company)s.",
                                              company=company.name) if stopped else None,
                    redirect_to=safe_next(form.next.data) or back)


# --- open data ------------------------------------------------------------------------------

@bp.route("/open-data")
@cached_page
def open_data_page():
    return render_template("feeds/open_data.html", fields=open_data.FIELDS,
                           figure_fields=figures_data.FIELDS,
                           licence_url=open_data.LICENCE_URL, sectors=companies.sectors(),
                           categories=case_queries.categories())


@bp.route("/open-data/complaints.csv")
def open_data_csv():
    return _stream(open_data.csv_chunks(queries.open_data_rows()), "text/csv; charset=utf-8",
                   "helpdeskhel-complaints.csv")


@bp.route("/open-data/figures.csv")
def open_data_figures():
    return _stream(figures_data.csv_chunks(), "text/csv; charset=utf-8",
                   "helpdeskhel-figures.csv")


@bp.route("/open-data/complaints.jsonl")
def open_data_jsonl():
    return _stream(open_data.jsonl_chunks(queries.open_data_rows()),
                   "application/x-ndjson; charset=utf-8", "helpdeskhel-complaints.jsonl")


# --- search engines -------------------------------------------------------------------------

@bp.route("/robots.txt")
@cached_page
def robots():
    return Response(sitemaps.robots_txt(url_for("feeds.sitemap", _external=True)),
                    content_type="text/plain; charset=utf-8")


@bp.route("/sitemap.xml")
def sitemap():
    changed = queries.latest_public_change()
    files = [(url_for("feeds.sitemap_companies", _external=True), changed)]
    files += [(url_for("feeds.sitemap_complaints", number=number, _external=True), changed)
              for number in range(1, sitemaps.complaint_file_count(
                  queries.highest_complaint_id()) + 1)]
    return _stream(sitemaps.sitemap_index(files), sitemaps.XML_CONTENT_TYPE)


@bp.route("/sitemaps/companies.xml")
def sitemap_companies():
    urls = ((url_for("companies.show", slug=row.slug, _external=True), row.changed_at)
            for row in queries.company_pages(limit=sitemaps.URLS_PER_FILE))
    return _stream(sitemaps.urlset(urls), sitemaps.XML_CONTENT_TYPE)


@bp.route("/sitemaps/complaints-<id:number>.xml")
def sitemap_complaints(number: int):
    if number > sitemaps.complaint_file_count(queries.highest_complaint_id()):
        abort(404)
    first, last = sitemaps.complaint_id_range(number)
    urls = ((url_for("cases.show", complaint_id=row.id, _external=True), row.updated_at)
            for row in queries.complaint_pages(first, last))
    return _stream(sitemaps.urlset(urls), sitemaps.XML_CONTENT_TYPE)
