"""/search: published complaints and companies by words, with filters."""

from __future__ import annotations

from flask import Blueprint, render_template, request

from complaints.cache import cached_page
from complaints.pagination import page_number, page_size
from complaints.search import queries
from complaints.search.forms import SearchForm
from complaints.search.parser import parse

bp = Blueprint("search", __name__)


@bp.route("/search")
@cached_page
def index():
    form = SearchForm(request.args)
    page = page_number()
    if not form.validate():
        return render_template("search/index.html", form=form, query=None, results=None), 400
    query = parse(form.query_text)
    results = None
    if not query.is_empty:
        args = {key: value for key, value in request.args.items() if key != "page" and value}
        results = queries.search(query, form.filters(), sort=form.sort_key, page=page,
                                 per_page=page_size(), args=args)
    return render_template("search/index.html", form=form, query=query, results=results)
