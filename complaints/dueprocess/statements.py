"""The statement of reasons: one service for every decision that restricts someone.

Reject, remove, redact, remove a reply, block, refuse a claim, dismiss a notice: each calls
`issue` in its own transaction. The statement is stored (listed on the person's account under
"Decisions about my content") and mailed through the outbox with the appeal link.
"""

from __future__ import annotations

from flask import url_for
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from complaints.accounts.models import User
from complaints.cases.models import Complaint, ComplaintRevision
from complaints.clock import utcnow
from complaints.companies.models import Company
from complaints.dueprocess import grounds
from complaints.dueprocess.models import Decision, Statement
from complaints.errors import DomainError
from complaints.extensions import db
from complaints.formats import gettext as _
from complaints.notifications.outbox import queue_mail
from complaints.threads.models import Reply

FACTS_MAX = 2000


def check_ground(ground: str | None, field: str = "ground") -> str:
    """The ground code a moderator chose, or a DomainError on the form's field."""
    if not grounds.is_valid(ground):
        raise DomainError(_("Choose the house rule or the law this decision rests on."), field)
    return ground


def issue(
    decision: Decision,
    *,
    moderator: User | None,
    facts: str,
    ground: str,
    user: User | None = None,
    email: str | None = None,
    locale: str | None = None,
    automated: bool = False,
    complaint: Complaint | None = None,
    reply: Reply | None = None,
    company: Company | None = None,
    claim_id: int | None = None,
    notice_id: int | None = None,
    revision: ComplaintRevision | None = None,
    next_step_url: str | None = None,
) -> Statement:
    """Store and mail the statement of reasons for `decision` (in the caller's transaction).

    It goes to `user`, or, for someone without an account here, to `email`. `facts` is what
    the moderator found, in a sentence or two; `ground` a code from `grounds` (checked);
    `automated` says whether the personal-data guard played a part. `next_step_url` is where
    the mail points for what the person can do besides appealing (edit and resubmit).
    """
    facts = " ".join((facts or "").split())
    if not facts:
        raise DomainError(_("Write down the facts the decision rests on."), "facts")
    if len(facts) > FACTS_MAX:
        raise DomainError(_("At most %(max)d characters.", max=FACTS_MAX), "facts")
    check_ground(ground)
    if user is None and not email:
        raise ValueError("a statement is addressed to a user or an e-mail address")
    statement = Statement(
        decision=decision, user_id=user.id if user else None,
        email=None if user else email,
        locale=locale or (user.locale if user else "nl"),
        complaint_id=complaint.id if complaint else None,
        reply_id=reply.id if reply else None,
        company_id=company.id if company else None,
        claim_id=claim_id, notice_id=notice_id,
        revision_id=revision.id if revision else None,
        decided_by_id=moderator.id if moderator else None,
        facts=facts, ground=ground, automated=automated, created_at=utcnow(),
    )
    db.session.add(statement)
    db.session.flush()
    if user is None or not user.is_deleted:
        queue_mail(user.email if user else email, "statement_of_reasons",
                   locale=statement.locale, statement=statement,
                   name=user.display_name if user else None,
                   item_title=_item_title(complaint, company),
                   ground=grounds.describe(ground, external=True),
                   terms_url=url_for("pages.about_terms", _external=True),
                   appeal_url=appeal_url(statement), next_step_url=next_step_url)
    return statement


def _item_title(complaint: Complaint | None, company: Company | None) -> str | None:
    if complaint is not None:
        return complaint.title
    return company.name if company is not None else None


def appeal_url(statement: Statement) -> str:
    return url_for("dueprocess.statement", key=statement.key, _external=True)


def for_user(user: User) -> list[Statement]:
    """The statements addressed to this person, newest first (their account lists them)."""
    return list(db.session.scalars(
        select(Statement).where(Statement.user_id == user.id)
        .options(selectinload(Statement.appeal), selectinload(Statement.complaint),
                 selectinload(Statement.company))
        .order_by(Statement.created_at.desc(), Statement.id.desc())))


def by_key(key: str) -> Statement | None:
    return db.session.scalar(select(Statement).where(Statement.key == key))
