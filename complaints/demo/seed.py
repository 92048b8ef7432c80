"""seed-demo: a small Dutch data set so a fresh site looks alive (companies, people, stories).

Complaints go through the real state machine (`apply_transition`) with back-dated times, so
their events, timestamps and the stored company figures are exactly what use would produce.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from sqlalchemy import func, select

from complaints.accounts.models import SiteRole, User
from complaints.accounts.services import hash_password
from complaints.cases.models import Category, Complaint
from complaints.cases.services import apply_transition
from complaints.cases.workflow import Action, Role, Status
from complaints.companies.models import Company, CompanyStatus
from complaints.companies.services import create_company
from complaints.demo.content import AUTHORS, COMPANIES, COMPLAINTS, FLAGS, PROPOSED_COMPANIES
from complaints.extensions import db, utcnow
from complaints.moderation.log import record
from complaints.moderation.models import Flag, ModAction
from complaints.reference import install_reference_data
from complaints.sanitize import render_markdown

DEMO_DOMAIN = "demo.helpdeskhel.nl"


MODERATION_LOG = {Action.APPROVE: ModAction.APPROVE, Action.REJECT: ModAction.REJECT,
                  Action.REMOVE: ModAction.REMOVE}


def database_is_empty() -> bool:
    return not db.session.scalar(select(func.count()).select_from(Company))


def seed_demo() -> str:
    install_reference_data()
    now = utcnow()
    password = hash_password(secrets.token_urlsafe(16))  # demo authors cannot sign in
    authors = [
        User(email=f"auteur{n}@{DEMO_DOMAIN}", display_name=name, password_hash=password,
             role=SiteRole.CONSUMER, email_verified_at=now - timedelta(days=420))
        for n, name in enumerate(AUTHORS, start=1)
    ]
    db.session.add_all(authors)
    moderator = User(email=f"moderator@{DEMO_DOMAIN}", display_name="Moderatie",
                     password_hash=password, role=SiteRole.MODERATOR, email_verified_at=now)
    db.session.add(moderator)

    companies = {
        item["slug"]: create_company(item["name"], item["sector"], domains=item["domains"],
                                     description=item["description"], website=item["website"])
        for item in COMPANIES
    }
    for item in PROPOSED_COMPANIES:
        proposed = create_company(item["name"], item["sector"], website=item["website"])
        proposed.status = CompanyStatus.PROPOSED
        companies[item["slug"]] = proposed
    db.session.flush()
    categories = {c.slug: c for c in db.session.scalars(select(Category))}

    for item in sorted(COMPLAINTS, key=lambda c: -c["days_ago"]):
        submitted = now - timedelta(days=item["days_ago"], hours=secrets.randbelow(10))
        author = authors[item["author"]]
        complaint = Complaint(
            company=companies[item["company"]], author=author,
            category=categories[item["category"]], title=item["title"],
            body_source=item["body"], body_html=render_markdown(item["body"]),
            contacts_before=item["contacts_before"],
            first_contact_on=(submitted - timedelta(days=item["first_contact_days_ago"])).date(),
            desired_outcome=item["desired_outcome"], submitted_at=submitted,
        )
        db.session.add(complaint)
        _play(complaint, item, author, moderator, submitted, now)
    by_title = {c.title: c for c in db.session.scalars(select(Complaint))}
    for title, author_index, reason, note in FLAGS:
        db.session.add(Flag(complaint=by_title[title], user=authors[author_index], reason=reason,
                            note=note, created_at=now - timedelta(hours=5 + author_index)))
    db.session.commit()
    return f"{len(companies)} companies, {len(COMPLAINTS)} complaints, {len(authors)} authors"


def _play(complaint: Complaint, item: dict, author: User, moderator: User,
          submitted: datetime, now: datetime) -> None:
    """Walk one complaint to its demo status along the paths real use would take.

    Each step lands some hours after the one before, never later than `now`.
    """
    status = Status(item["status"])
    step = timedelta(hours=20)
    at = submitted

    def move(action: Action, actor: User | None, role: Role, reason: str | None = None) -> None:
        nonlocal at
        when = min(at, now)
        apply_transition(complaint, action, actor=actor, roles={role}, reason=reason, now=when)
        if role == Role.MODERATOR:  # moderators' actions are logged, as the services do
            db.session.flush()
            record(MODERATION_LOG[action], actor=actor, complaint=complaint, now=when,
                   public_reason=reason)
        at = at + step

    move(Action.SUBMIT, author, Role.AUTHOR)
    if status == Status.PENDING:
        return
    if status == Status.REJECTED:
        move(Action.REJECT, moderator, Role.MODERATOR, item.get("rejection_reason", "—"))
        return
    if status == Status.WITHDRAWN and item["days_ago"] % 2:
        move(Action.WITHDRAW, author, Role.AUTHOR)
        return
    move(Action.APPROVE, moderator, Role.MODERATOR)
    if status in (Status.ANSWERED, Status.RESOLVED) or (
        status in (Status.REMOVED, Status.WITHDRAWN) and item["days_ago"] % 3 == 0
    ):
        at += timedelta(hours=item["contacts_before"] * 7 + 3)
        move(Action.ANSWER, None, Role.REPRESENTATIVE)
    if status == Status.RESOLVED:
        at += timedelta(days=2)
        move(Action.RESOLVE, author, Role.AUTHOR)
        complaint.rating = item.get("rating")
    elif status == Status.WITHDRAWN:
        move(Action.WITHDRAW, author, Role.AUTHOR)
    elif status == Status.REMOVED:
        move(Action.REMOVE, moderator, Role.MODERATOR, item.get("removal_reason", "—"))
