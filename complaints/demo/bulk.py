"""seed-bulk: large synthetic data for benchmarks, fast (bulk inserts, then one figures rebuild).

Realistic in shape: complaints in every status over two years, a few companies holding most
complaints (Zipf-like), company replies with realistic delays, ratings, "ik ook" and contacts.
The stories come from `demo.stories` (varied, so search can be measured) and are plain: the
HTML is escaped paragraphs, so no Markdown rendering is needed for a million stories. Each
complaint's path (submitted, published, answered, resolved…) is replayed with the rule of
`apply_transition` (`cases.effects.replay`), so its status columns and its event rows are those
the site would have written.
"""

from __future__ import annotations

import html
import itertools
import random
import time
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, insert, select, text

from complaints.accounts.models import SiteRole, User
from complaints.cases.effects import History, Step, replay
from complaints.cases.models import Category, Complaint, ComplaintEvent
from complaints.cases.workflow import Action, Role, Status
from complaints.clock import utcnow
from complaints.companies.models import Company, CompanyDomain, CompanyStatus, Sector
from complaints.companies.services import add_to_stored_counts
from complaints.demo.stories import story
from complaints.extensions import db, refresh_query_statistics
from complaints.figures import services as figures
from complaints.reference import install_reference_data
from complaints.search.engines import engine as search_engine
from complaints.threads.models import Reply, Voice
from complaints.webcare.models import Representative

BATCH = 10_000
DAYS = 730
STATUS_WEIGHTS = [(Status.PENDING, 3), (Status.REJECTED, 2), (Status.WITHDRAWN, 2),
                  (Status.REMOVED, 1), (Status.OPEN, 30), (Status.ANSWERED, 32),
                  (Status.RESOLVED, 30)]
PARTS = ["Zend", "Stroom", "Glas", "Licht", "Net", "Spaar", "Reis", "Koop", "Volt", "Zorg",
         "Pakket", "Duin", "Haven", "Polder", "Dijk", "Molen", "Tulp", "Bries", "Golf", "Kust"]
ENDS = ["lijn", "net", "punt", "veld", "huis", "markt", "link", "bank", "stroom", "wijk"]
KINDS = {"telecom": "Telecom", "energy": "Energie", "finance": "Bank", "government": "Dienst",
         "travel": "Reizen", "retail": "Winkel", "electronics": "Elektro", "health": "Zorg",
         "other": "Service"}
# A company's response promise in hours, drawn per company (None: no promise).
PROMISES = [None, None, 24, 48, 72]
REJECTION_REASON = "Het gaat niet over een ervaring met de klantenservice."
REMOVAL_REASON = "Op verzoek verwijderd."


@dataclass
class BulkReport:
    companies: int
    complaints: int
    replies: int
    events: int
    seconds: float
    figures_seconds: float


def _ids(model) -> itertools.count:
    return itertools.count((db.session.scalar(select(func.max(model.id))) or 0) + 1)


def _insert(model, rows: list[dict]) -> None:
    """Insert `rows` (dicts with the same keys) in batches of one executemany each.

    `render_nulls` keeps None values as NULL parameters: without it the ORM leaves them out,
    so consecutive rows with None in different columns (a submit event has no from_status, an
    approve event no actor) become different statements, each run on its own row.
    """
    statement = insert(model).execution_options(render_nulls=True)
    for start in range(0, len(rows), BATCH):
        db.session.execute(statement, rows[start:start + BATCH])


def seed_bulk(companies: int, complaints: int, seed: int = 2010) -> BulkReport:
    started = time.perf_counter()
    rng = random.Random(seed)
    install_reference_data()
    now = utcnow()
    # In a fixed order: the draws below pick from these lists, and the same seed must give the
    # same data on SQLite and PostgreSQL (whose unordered scans differ).
    sectors = {s.slug: s.id for s in db.session.scalars(select(Sector).order_by(Sector.slug))}
    categories = [tuple(row) for row in db.session.execute(
        select(Category.id, Category.slug).order_by(Category.slug))]
    company_ids, user_ids = _ids(Company), _ids(User)
    representative_ids, complaint_ids, reply_ids = _ids(Representative), _ids(Complaint), _ids(
        Reply)
    event_ids = _ids(ComplaintEvent)
    taken = set(db.session.scalars(select(Company.slug)))

    company_rows, domain_rows, user_rows, rep_rows, promises = [], [], [], [], {}
    # How well each company's webcare works, from 0 to 1: it sets how fast it answers, how
    # many complaints end resolved and how the consumers rate it, so the scores spread out.
    care: dict[int, float] = {}
    company_sectors: dict[int, str] = {}
    reps: dict[int, tuple[int, int, str]] = {}
    for n in range(companies):
        sector = rng.choice(list(sectors))
        name = f"{rng.choice(PARTS)}{rng.choice(ENDS)} {KINDS[sector]}"
        slug = f"{name.lower().replace(' ', '-')}-{n + 1}"
        if slug in taken:
            continue
        company_id = next(company_ids)
        promise = rng.choice(PROMISES)
        promises[company_id] = promise
        care[company_id] = rng.betavariate(2, 2)
        company_sectors[company_id] = sector
        company_rows.append({
            "id": company_id, "name": f"{name} {n + 1}", "name_key": f"{name.lower()} {n + 1}",
            "slug": slug, "sector_id": sectors[sector], "description": "",
            "status": CompanyStatus.LISTED, "created_at": now - timedelta(days=DAYS + 30),
            "contact_channels": "", "response_promise_hours": promise,
            "claimed_at": now - timedelta(days=DAYS), "published_count": 0,
            "unresolved_count": 0})
        domain = f"bulk{company_id}.example"
        domain_rows.append({"company_id": company_id, "domain": domain})
        user_id = next(user_ids)
        user_rows.append(_user(user_id, f"webcare@{domain}", f"Webcare {n + 1}", now))
        rep_id = next(representative_ids)
        rep_rows.append({"id": rep_id, "company_id": company_id, "user_id": user_id,
                         "name": f"Webcare {n + 1}", "job_title": "Webcare",
                         "work_email": f"webcare@{domain}", "is_owner": True,
                         "created_at": now - timedelta(days=DAYS)})
        reps[company_id] = (user_id, rep_id, f"Webcare {n + 1}")
    authors = []
    for _ in range(max(100, complaints // 20)):
        user_id = next(user_ids)
        authors.append(user_id)
        user_rows.append(_user(user_id, f"consument{user_id}@bulk.helpdeskhel.invalid",
                               f"Consument {user_id}", now))
    _insert(Company, company_rows)
    _insert(CompanyDomain, domain_rows)
    _insert(User, user_rows)
    _insert(Representative, rep_rows)

    ids = [row["id"] for row in company_rows]
    # Cumulative weights: each draw is a binary search, not a pass over 5,000 companies.
    company_weights = list(itertools.accumulate(1 / (rank + 1) ** 1.1
                                                for rank in range(len(ids))))
    statuses, weights = zip(*STATUS_WEIGHTS, strict=True)
    status_weights = list(itertools.accumulate(weights))
    complaint_rows, reply_rows, event_rows, replies, events = [], [], [], 0, 0
    counts: dict[int, list[int]] = defaultdict(lambda: [0, 0])  # published, unresolved
    # Oldest first, so ids grow with time as they do on a real site.
    ages = sorted((rng.randrange(DAYS * 86400) for _ in range(complaints)), reverse=True)
    for age in ages:
        company_id = rng.choices(ids, cum_weights=company_weights)[0]
        status = rng.choices(statuses, cum_weights=status_weights)[0]
        status = _shifted(rng, status, care[company_id])
        row, reply, history = _complaint(
            rng, next(complaint_ids), company_id, company_sectors[company_id], status,
            categories, authors, promises[company_id], reps[company_id], now,
            now - timedelta(seconds=age), care[company_id])
        complaint_rows.append(row)
        if reply is not None:
            reply["id"] = next(reply_ids)
            reply_rows.append(reply)
        event_rows.extend({**event, "id": next(event_ids), "complaint_id": row["id"]}
                          for event in history.events)
        counts[company_id][0] += history.published
        counts[company_id][1] += history.unresolved
        if len(complaint_rows) >= BATCH:
            _insert(Complaint, complaint_rows)
            _insert(Reply, reply_rows)
            _insert(ComplaintEvent, event_rows)
            replies, events = replies + len(reply_rows), events + len(event_rows)
            complaint_rows, reply_rows, event_rows = [], [], []
    _insert(Complaint, complaint_rows)
    _insert(Reply, reply_rows)
    _insert(ComplaintEvent, event_rows)
    replies, events = replies + len(reply_rows), events + len(event_rows)
    add_to_stored_counts(counts)
    _fix_sequences()
    db.session.commit()
    inserted = time.perf_counter()
    figures.rebuild()
    refresh_query_statistics(full=True)
    search_engine().refresh_word_forms()
    return BulkReport(len(company_rows), complaints, replies, events, inserted - started,
                      time.perf_counter() - inserted)


def _user(user_id: int, email: str, name: str, now: datetime) -> dict:
    return {"id": user_id, "email": email, "display_name": name, "password_hash": "!",
            "role": SiteRole.CONSUMER, "locale": "nl", "email_verified_at": now,
            "session_stamp": f"bulk{user_id}", "created_at": now - timedelta(days=DAYS + 10)}


def _shifted(rng: random.Random, status: Status, care: float) -> Status:
    """The drawn status, moved by the company's care: a caring company resolves more of its
    complaints, a careless one leaves more of them unresolved."""
    if status in (Status.OPEN, Status.ANSWERED) and rng.random() < care * 0.5:
        return Status.RESOLVED
    if status == Status.RESOLVED and rng.random() > care + 0.3:
        return Status.ANSWERED
    return status


def _complaint(rng: random.Random, complaint_id: int, company_id: int, sector: str,
               status: Status, categories: list[tuple[int, str]], authors: list[int],
               promise: int | None, rep: tuple[int, int, str], now: datetime,
               submitted: datetime, care: float) -> tuple[dict, dict | None, History]:
    """One complaint row, its company reply (or None) and its history. The path to
    `status` is drawn as steps, each after the one before and none after `now`, and replayed
    with `cases.effects`, which sets the status columns and gives the events."""
    contacts = min(int(rng.expovariate(1 / 4)), 40)
    category_id, category = rng.choice(categories)
    title, body = story(rng, sector, category)
    author_id = rng.choice(authors)
    row = {
        "id": complaint_id, "company_id": company_id, "author_id": author_id,
        "category_id": category_id, "title": title, "body_source": body,
        "body_html": f"<p>{html.escape(body)}</p>", "contacts_before": contacts,
        "desired_outcome": "", "supporters_count": 0, "version_id": 1,
    }
    if status == Status.PENDING:
        submitted = now - timedelta(hours=rng.randrange(1, 72))
    steps = [Step(Action.SUBMIT, Role.AUTHOR, submitted, author_id)]
    reply = None
    if status == Status.REJECTED:
        steps.append(Step(Action.REJECT, Role.MODERATOR,
                          min(submitted + timedelta(hours=rng.randrange(2, 48)), now),
                          reason=REJECTION_REASON))
    elif status != Status.PENDING:
        published = min(submitted + timedelta(hours=rng.randrange(1, 30)), now)
        steps.append(Step(Action.APPROVE, Role.MODERATOR, published))
        row["supporters_count"] = int(rng.expovariate(1 / 2))
        last = published
        answered = status in (Status.ANSWERED, Status.RESOLVED) or (
            status in (Status.REMOVED, Status.WITHDRAWN) and rng.random() < 0.5)
        if answered:
            minutes = rng.lognormvariate(8.5 - 3 * care, 1.2)
            delay = timedelta(minutes=min(minutes, 60 * 24 * 40))
            last = min(published + delay, now)
            steps.append(Step(Action.ANSWER, Role.REPRESENTATIVE, last, rep[0]))
            reply = {"complaint_id": complaint_id, "author_id": rep[0], "voice": Voice.COMPANY,
                     "representative_id": rep[1], "signature_name": rep[2],
                     "signature_title": "Webcare", "created_at": last,
                     "body_source": "Excuses voor de ongemakken. We zoeken het voor je uit.",
                     "body_html": "<p>Excuses voor de ongemakken. We zoeken het voor je uit.</p>"}
        if status == Status.RESOLVED:
            rating = min(5, max(1, round(rng.gauss(1.5 + 3.5 * care, 1))))
            steps.append(Step(Action.RESOLVE, Role.AUTHOR,
                              min(last + timedelta(days=rng.randrange(1, 20)), now), author_id,
                              rating=rating if rng.random() < 0.8 else None,
                              again=rng.random() < care + 0.1 if rng.random() < 0.7 else None))
        elif status == Status.WITHDRAWN:
            steps.append(Step(Action.WITHDRAW, Role.AUTHOR,
                              min(last + timedelta(days=rng.randrange(1, 30)), now), author_id))
        elif status == Status.REMOVED:
            steps.append(Step(Action.REMOVE, Role.MODERATOR,
                              min(last + timedelta(days=rng.randrange(1, 30)), now),
                              reason=REMOVAL_REASON))
    history = replay(steps, promise_hours=promise)
    row.update(history.fields, updated_at=history.updated_at)
    return row, reply, history


def _fix_sequences() -> None:
    """Ids were given by us; PostgreSQL's sequences must continue after them."""
    if db.session.get_bind().dialect.name != "postgresql":
        return
    for table in ("companies", "company_domains", "users", "representatives", "complaints",
                  "replies", "complaint_events"):
        db.session.execute(text(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608 - fixed names
            f"(SELECT COALESCE(MAX(id), 1) FROM {table}))"))
