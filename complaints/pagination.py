"""Pagination without COUNT(*): fetch one row more than a page to know whether a next exists.

Counting every matching complaint on each request grows with the table; where a total is
known from stored figures it is passed in and the page numbers can be shown.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from flask import abort, current_app, request
from sqlalchemy import Select, func, select

from complaints.extensions import db

MAX_PAGE = 10_000
# Page sizes by kind of list, set in the configuration: lists people read (complaints, search
# results), work queues (moderation, webcare), the low-risk lane's batches and long tables (logs,
# the directory, rankings).
SIZES = {"list": "PER_PAGE", "queue": "QUEUE_PER_PAGE", "batch": "BATCH_PER_PAGE",
         "table": "TABLE_PER_PAGE"}


@dataclass
class Page:
    items: list[Any]
    page: int
    per_page: int
    has_next: bool
    total: int | None = None
    args: dict[str, str] = field(default_factory=dict)

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def pages(self) -> int | None:
        if self.total is None:
            return None
        return max(1, math.ceil(self.total / self.per_page))


def page_number() -> int:
    """The ?page= argument; anything that is not a positive number below MAX_PAGE is a 404."""
    raw = request.args.get("page", "1")
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_PAGE:
        abort(404)
    return int(raw)


def page_size(kind: str = "list") -> int:
    return current_app.config[SIZES[kind]]


def paginate(stmt: Select, *, size: str = "list", total: int | None = None,
             rows: bool = False) -> Page:
    """One page of `stmt`, as long as the configuration sets for a list of this `size`: its
    first column's objects, or whole result rows with `rows`."""
    per_page = page_size(size)
    page = page_number()
    limited = stmt.limit(per_page + 1).offset((page - 1) * per_page)
    found = (list(db.session.execute(limited)) if rows
             else list(db.session.scalars(limited).unique()))
    rows = found
    if page > 1 and not rows:
        abort(404)
    args = {k: v for k, v in request.args.items() if k != "page" and v}
    return Page(rows[:per_page], page, per_page, len(rows) > per_page, total, args)


def paginate_parts(parts: list[Select], *, size: str = "list",
                   total: int | None = None) -> Page:
    """One page of several statements read one after another as if they were one list: for
    an order that one index cannot give but each part's index can (so no part is sorted in
    full). A part is counted only when the page starts beyond its end."""
    per_page = page_size(size)
    page = page_number()
    skip, wanted, found = (page - 1) * per_page, per_page + 1, []
    for part in parts:
        rows = list(db.session.scalars(part.limit(wanted).offset(skip)).unique())
        if skip and not rows:
            skip -= db.session.scalar(select(func.count()).select_from(
                part.order_by(None).subquery()))
            continue
        skip = 0
        found += rows
        wanted -= len(rows)
        if wanted <= 0:
            break
    if page > 1 and not found:
        abort(404)
    args = {k: v for k, v in request.args.items() if k != "page" and v}
    return Page(found[:per_page], page, per_page, len(found) > per_page, total, args)
