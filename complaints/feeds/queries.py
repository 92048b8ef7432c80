"""Read-side queries for feeds, open data and sitemaps: bounded lists and keyset batches."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from sqlalchemy import Row, Select, func, select
from sqlalchemy.orm import contains_eager

from complaints.accounts.models import User
from complaints.cases import queries as case_queries
from complaints.cases.models import Category, Complaint, ComplaintEvent
from complaints.cases.workflow import PUBLIC_STATUSES, Status
from complaints.companies.models import Company, CompanyStatus, Sector
from complaints.extensions import db
from complaints.feeds.models import Follow

BATCH = 1000


def latest_published(*, company_id: int | None = None, limit: int = 50) -> list[Complaint]:
    """The newest published complaints (of one company), newest publication first."""
    return list(db.session.scalars(
        case_queries.published(company_id=company_id).limit(limit)).unique())


def keyset(stmt: Select, key, *, batch: int = BATCH) -> Iterator[Row]:
    """Every row of `stmt` in order of the unique column `key` (selected as "key"), fetched
    `batch` rows at a time after the last key seen.

    Memory stays constant however many rows there are, and a page deep in the table costs
    the same as the first (no OFFSET). Each batch is read on a connection of its own that goes
    back to the pool at once, so a slow download holds no connection (and no transaction)
    while the client reads, and the caller's session is left alone.
    """
    last = None
    while True:
        page = stmt if last is None else stmt.where(key > last)
        with db.engine.connect() as connection:
            rows = connection.execute(page.order_by(key).limit(batch)).all()
        yield from rows
        if len(rows) < batch:
            return
        last = rows[-1].key


def open_data_rows(*, batch: int = BATCH) -> Iterator[Row]:
    """Every published complaint, by id, with only the columns open data publishes: never
    the author, the original text before redaction, private messages or ticket numbers."""
    stmt = (
        select(Complaint.id.label("key"), Complaint.id, Company.name.label("company"),
               Company.slug.label("company_slug"), Sector.slug.label("sector"),
               Category.slug.label("category"), Complaint.title, Complaint.body_source,
               Complaint.status, Complaint.published_at, Complaint.first_response_at,
               Complaint.resolved_at, Complaint.contacts_before, Complaint.supporters_count,
               Complaint.rating, Complaint.moderated_at, Complaint.closing_note)
        .join(Company, Complaint.company_id == Company.id)
        .join(Sector, Company.sector_id == Sector.id)
        .join(Category, Complaint.category_id == Category.id)
        .where(Complaint.status.in_(PUBLIC_STATUSES))
    )
    return keyset(stmt, Complaint.id, batch=batch)


def complaint_pages(first_id: int, last_id: int, *, batch: int = BATCH) -> Iterator[Row]:
    """(id, updated_at) of the published complaints with an id in [first_id, last_id]."""
    stmt = (select(Complaint.id.label("key"), Complaint.id, Complaint.updated_at)
            .where(Complaint.status.in_(PUBLIC_STATUSES),
                   Complaint.id >= first_id, Complaint.id <= last_id))
    return keyset(stmt, Complaint.id, batch=batch)


def company_pages(*, limit: int, batch: int = BATCH) -> Iterator[Row]:
    """(slug, last change) of up to `limit` listed companies, by id; a company page changes
    when a complaint about it is published (an index lookup per company)."""
    newest = (select(func.max(Complaint.published_at))
              .where(Complaint.company_id == Company.id).correlate(Company)
              .scalar_subquery())
    stmt = (select(Company.id.label("key"), Company.slug,
                   func.coalesce(newest, Company.created_at).label("changed_at"))
            .where(Company.status == CompanyStatus.LISTED))
    for number, row in enumerate(keyset(stmt, Company.id, batch=batch), start=1):
        if number > limit:
            return
        yield row


def highest_complaint_id() -> int:
    """max(id): one index lookup, unlike counting."""
    return db.session.scalar(select(func.max(Complaint.id))) or 0


def latest_public_change() -> datetime | None:
    """When a complaint page last changed status in public (published, answered, resolved,
    reopened or removed): the newest such event, found from the end of the events' primary
    key rather than by reading every complaint."""
    shown = [*PUBLIC_STATUSES, Status.REMOVED]
    return db.session.scalar(select(ComplaintEvent.created_at)
                             .where(ComplaintEvent.to_status.in_(shown))
                             .order_by(ComplaintEvent.id.desc()).limit(1))


def follow_of(user: User, company_id: int) -> Follow | None:
    return db.session.scalar(select(Follow).where(Follow.user_id == user.id,
                                                  Follow.company_id == company_id))


def follows_of(user: User) -> list[Follow]:
    """What a person follows, by company name."""
    return list(db.session.scalars(
        select(Follow).join(Follow.company).options(contains_eager(Follow.company))
        .where(Follow.user_id == user.id).order_by(Company.name_key, Company.id)))
