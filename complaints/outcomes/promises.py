"""Promises in company replies: what a representative may promise, the question to the author
on the due date ("was it kept?"), the author's answer, and each company's stored totals.

A promise is made with its reply (threads.services.post_reply calls `check_terms` before and
`attach` inside its transaction). On the due date `jobs run` asks the author once, with signed
links; the author answers there or on the complaint page, and may change the answer for
ANSWER_CHANGE_WINDOW after the first one. Every step moves `PromiseFigures` in the same
transaction with an upsert of deltas, so no page counts promises and two answers at the same
moment cannot count twice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from flask import g, has_request_context, url_for
from flask_babel import format_currency
from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite

from complaints import permissions
from complaints.accounts.tokens import InvalidToken, make_token, read_token
from complaints.cases.models import Complaint
from complaints.cases.workflow import PUBLIC_STATUSES
from complaints.clock import dutch_day, utcnow
from complaints.dates import format_day
from complaints.errors import AlreadyHandled, DomainError, NotAllowed
from complaints.extensions import db
from complaints.formats import gettext as _
from complaints.notifications.outbox import queue_mail
from complaints.outcomes.models import (
    ANSWER_CHANGE_WINDOW,
    MONEY_KINDS,
    Promise,
    PromiseFigures,
    PromiseKind,
    PromiseOutcome,
)
from complaints.threads.models import Reply
from complaints.webhooks import events as webhook_events

AMOUNT_MAX_CENTS = 100_000 * 100  # € 100.000: more is a typo, or a matter for a court
PROMISE_LINK = "promise-answer"
PROMISE_LINK_MAX_AGE = 60 * 24 * 3600  # after that the author answers on the complaint page
SHARE_MINIMUM = 3  # the share kept is shown from this many answers on
# How far back a late run of the jobs still asks (as the other jobs: a week of cron outage).
CATCH_UP = timedelta(days=7)
BATCH = 500


def euros(cents: int | None) -> str:
    """An amount in cents as money in the current language: '€ 40,50' / '€40.50'."""
    if cents is None:
        return "—"
    return format_currency(Decimal(cents) / 100, "EUR")


# --- making a promise -----------------------------------------------------------------------

@dataclass(frozen=True)
class PromiseTerms:
    kind: PromiseKind
    amount_cents: int | None
    due_on: date


_PLAIN = re.compile(r"\d+")
_DECIMAL = re.compile(r"(\d+)[.,](\d{1,2})")
_GROUPED = re.compile(r"(\d{1,3}(?:([.,])\d{3})+)(?:([.,])(\d{1,2}))?")


def parse_amount(text: str | Decimal | int) -> int:
    """Euros as people type them, in cents: "40", "40,50", "40.50", "€ 40", "€ 40,-",
    "1.250,00", "1,250.00". Raises ValueError for anything else (more than two decimals,
    letters, a minus sign, an ambiguous "1.250")."""
    if isinstance(text, int | Decimal):
        value = Decimal(text)
        if value != value.quantize(Decimal("0.01")):
            raise ValueError(text)
        return int(value * 100)
    cleaned = re.sub(r"(?i)€|\beur(o|os)?\b|\s", "", text or "")
    cleaned = re.sub(r"[.,]-$", "", cleaned)
    if _PLAIN.fullmatch(cleaned):
        return int(cleaned) * 100
    match = _DECIMAL.fullmatch(cleaned)
    if match:
        return int(match[1]) * 100 + int(match[2].ljust(2, "0"))
    # Thousands grouped: "1.250,00" or "1,250.00". A single group without cents ("1.250")
    # is 1250 in Dutch and 1.25 in English, so it is refused rather than guessed.
    match = _GROUPED.fullmatch(cleaned)
    if match and match[3] != match[2] and (match[3] or match[1].count(match[2]) > 1):
        whole = int(match[1].replace(match[2], ""))
        return whole * 100 + int((match[4] or "0").ljust(2, "0"))
    raise ValueError(text)


def _a_year_after(day: date) -> date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


def check_terms(kind: str | None, amount: str | Decimal | int | None, due: date | None, *,
                today: date | None = None) -> PromiseTerms | None:
    """The promise a reply carries, checked, or None when it carries none.

    A kind is needed; money (a refund, a credit note) needs an amount above € 0 and at most
    € 100.000, the other kinds have none; the due date lies between today (Dutch calendar)
    and a year ahead, so that the question to the author comes while it still matters.
    Refusals name the form field (`promise_kind`, `promise_amount`, `promise_due`).
    """
    amount_text = "" if amount is None else str(amount).strip()
    if not kind:
        if amount_text or due is not None:
            raise DomainError(_("Choose what you promise, or leave the amount and the date "
                                "empty."), "promise_kind")
        return None
    try:
        promise_kind = PromiseKind(kind)
    except ValueError as error:
        raise DomainError(_("Choose one of the promises in the list."),
                          "promise_kind") from error
    cents = None
    if promise_kind in MONEY_KINDS:
        if not amount_text:
            raise DomainError(_("Fill in the amount in euros."), "promise_amount")
        try:
            cents = parse_amount(amount if isinstance(amount, int | Decimal) else amount_text)
        except (ValueError, InvalidOperation) as error:
            raise DomainError(_("Fill in an amount in euros, such as 40 or 40,50."),
                              "promise_amount") from error
        if cents <= 0:
            raise DomainError(_("The amount must be more than € 0."), "promise_amount")
        if cents > AMOUNT_MAX_CENTS:
            raise DomainError(_("At most %(amount)s.", amount=euros(AMOUNT_MAX_CENTS)),
                              "promise_amount")
    elif amount_text:
        raise DomainError(_("Only a refund or a credit note has an amount: leave it empty."),
                          "promise_amount")
    if due is None:
        raise DomainError(_("Fill in the date by which you keep the promise."), "promise_due")
    today = today or dutch_day(utcnow())
    if due < today:
        raise DomainError(_("This date has passed. Choose today or a later day."),
                          "promise_due")
    if due > _a_year_after(today):
        raise DomainError(_("At most a year ahead: %(date)s at the latest.",
                            date=format_day(_a_year_after(today))), "promise_due")
    return PromiseTerms(kind=promise_kind, amount_cents=cents, due_on=due)


def attach(reply: Reply, complaint: Complaint, terms: PromiseTerms) -> Promise:
    """Store the promise of a reply and count it for the company; the caller commits (the
    reply's transaction)."""
    promise = Promise(reply=reply, complaint_id=complaint.id, company_id=complaint.company_id,
                      kind=terms.kind.value, amount_cents=terms.amount_cents,
                      due_on=terms.due_on)
    db.session.add(promise)
    _move_figures(complaint.company_id, made=1, promised_cents=terms.amount_cents or 0)
    return promise


def _move_figures(company_id: int, **deltas: int) -> None:
    """Add `deltas` to the company's stored totals: one upsert, so two transactions at the
    same moment both count (the database adds, nobody reads and writes back)."""
    names = ("made", "kept", "not_kept", "promised_cents", "returned_cents")
    dialect = db.session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    stmt = insert(PromiseFigures).values(company_id=company_id,
                                         **{name: deltas.get(name, 0) for name in names})
    stmt = stmt.on_conflict_do_update(
        index_elements=["company_id"],
        set_={name: getattr(PromiseFigures, name) + stmt.excluded[name] for name in deltas})
    db.session.execute(stmt)


# --- what the pages show --------------------------------------------------------------------

class PromiseState(StrEnum):
    PENDING = "pending"  # the due date has not come
    WAITING = "waiting"  # due; the author has not answered
    KEPT = "kept"
    NOT_KEPT = "not_kept"


def state(promise: Promise, today: date | None = None) -> PromiseState:
    if promise.outcome is not None:
        return PromiseState(promise.outcome)
    today = today or dutch_day(utcnow())
    return PromiseState.PENDING if today < promise.due_on else PromiseState.WAITING


def promises_of(complaint: Complaint) -> dict[int, Promise]:
    """The promises in a complaint's thread by reply id (one query per page)."""
    cache = g.setdefault("promises_of", {}) if has_request_context() else {}
    if complaint.id not in cache:
        cache[complaint.id] = {promise.reply_id: promise for promise in db.session.scalars(
            select(Promise).where(Promise.complaint_id == complaint.id))}
    return cache[complaint.id]


@dataclass(frozen=True)
class CompanyPromises:
    made: int
    answered: int
    kept: int
    promised_cents: int
    returned_cents: int

    share_minimum = SHARE_MINIMUM

    @property
    def kept_share(self) -> float | None:
        """Kept out of answered, from SHARE_MINIMUM answers on (fewer say nothing)."""
        return self.kept / self.answered if self.answered >= SHARE_MINIMUM else None


def company_promises(company_id: int) -> CompanyPromises | None:
    """The company's stored totals, or None when it never promised anything."""
    row = db.session.get(PromiseFigures, company_id)
    if row is None or not row.made:
        return None
    return CompanyPromises(made=row.made, answered=row.kept + row.not_kept, kept=row.kept,
                           promised_cents=row.promised_cents,
                           returned_cents=row.returned_cents)


# --- asking the author ----------------------------------------------------------------------

def answer_links(promise: Promise) -> dict[str, str]:
    """Signed links for "kept" and "not kept"; each opens a page with the question and two
    buttons (following a link changes nothing: mail scanners follow links)."""
    token = make_token(PROMISE_LINK, {"promise": promise.id,
                                      "author": promise.complaint.author_id})
    return {outcome.value: url_for("outcomes.promise_link", promise_id=promise.id, token=token,
                                   answer=outcome.value, _external=True)
            for outcome in PromiseOutcome}


def promise_for_link(promise_id: int, token: str) -> Promise:
    """The promise a signed link is about, checked against the link."""
    try:
        payload = read_token(PROMISE_LINK, token, PROMISE_LINK_MAX_AGE)
    except InvalidToken as error:
        raise DomainError(_("This link has expired. Sign in to answer on the complaint page.")
                          if error.expired else _("This link is not valid.")) from error
    promise = db.session.get(Promise, promise_id)
    if (promise is None or payload.get("promise") != promise.id
            or payload.get("author") != promise.complaint.author_id):
        raise DomainError(_("This link is not valid."))
    if promise.complaint.status not in PUBLIC_STATUSES:
        raise DomainError(_("This complaint is no longer on the site."))
    return promise


def ask_due_promises(now: datetime) -> int:
    """Ask the author of each promise that fell due (today or up to CATCH_UP ago, Dutch
    calendar) whether it was kept: once per promise, and not for a complaint that was removed
    or withdrawn, nor for a deleted account. `asked_at` is set with a conditional UPDATE and
    the mail carries a dedupe key, so two runs at once ask once. The company's webhooks for
    "promise due" hear of it in the same transaction."""
    today = dutch_day(now)
    due = db.session.scalars(
        select(Promise).join(Complaint, Complaint.id == Promise.complaint_id)
        .where(Promise.asked_at.is_(None), Promise.due_on <= today,
               Promise.due_on > today - CATCH_UP, Complaint.status.in_(PUBLIC_STATUSES))
        .order_by(Promise.due_on, Promise.id).limit(BATCH)).all()
    queued = 0
    for promise in due:
        author = promise.complaint.author
        if author.is_deleted or promise.outcome is not None:
            continue
        claimed = db.session.execute(
            update(Promise).where(Promise.id == promise.id, Promise.asked_at.is_(None))
            .values(asked_at=now), execution_options={"synchronize_session": False})
        if claimed.rowcount != 1:
            continue
        webhook_events.promise_due(promise)
        message = queue_mail(
            author.email, "promise_question", locale=author.locale, user=author,
            promise=promise, complaint=promise.complaint, links=answer_links(promise),
            complaint_url=url_for("cases.show", complaint_id=promise.complaint_id,
                                  _anchor=f"reply-{promise.reply_id}", _external=True),
            dedupe_key=f"promise-question:{promise.id}")
        queued += message is not None
    db.session.commit()
    return queued


# --- the answer -----------------------------------------------------------------------------

_COUNTS = {PromiseOutcome.KEPT: "kept", PromiseOutcome.NOT_KEPT: "not_kept"}


def answer_promise(promise: Promise, outcome: str, now: datetime | None = None) -> bool:
    """The author says the promise was kept or not (from the mailed link or the complaint
    page). Returns False when the answer was already this one.

    The first answer sets `answered_at`; a change is possible until ANSWER_CHANGE_WINDOW after
    it and then the answer is fixed. The company's kept / not kept counts and the money
    confirmed returned move with each answer (a change moves them back). Each write is a
    conditional UPDATE on the answer it replaces, so two tabs answering at once count once.
    """
    now = now or utcnow()
    try:
        new = PromiseOutcome(outcome)
    except ValueError as error:
        raise DomainError(_("Choose kept or not kept.")) from error
    author = promise.complaint.author
    if not permissions.can_answer_promise(author, promise, now):
        if promise.changeable_until is not None and now > promise.changeable_until:
            raise DomainError(_("You answered on %(date)s; an answer can be changed for 14 "
                                "days, so it is fixed now.",
                                date=format_day(promise.answered_at)))
        if promise.due_on > dutch_day(now):
            raise DomainError(_("This promise is not due yet. You can answer from %(date)s.",
                                date=format_day(promise.due_on)))
        raise NotAllowed(_("You cannot answer this question."))
    previous = PromiseOutcome(promise.outcome) if promise.outcome else None
    if previous == new:
        return False
    stmt = update(Promise).where(Promise.id == promise.id)
    if previous is None:
        stmt = stmt.where(Promise.outcome.is_(None)).values(outcome=new.value, answered_at=now)
    else:
        stmt = stmt.where(Promise.outcome == previous.value,
                          Promise.answered_at >= now - ANSWER_CHANGE_WINDOW).values(
            outcome=new.value)
    if db.session.execute(stmt, execution_options={"synchronize_session": False}) \
            .rowcount != 1:
        db.session.rollback()
        raise AlreadyHandled(_("Your answer was changed at the same moment elsewhere. Look at "
                               "it again."))
    money = promise.amount_cents or 0
    deltas = {_COUNTS[new]: 1}
    if previous is not None:
        deltas[_COUNTS[previous]] = -1
    if promise.is_money and PromiseOutcome.KEPT in (previous, new):
        deltas["returned_cents"] = money if new == PromiseOutcome.KEPT else -money
    _move_figures(promise.company_id, **deltas)
    db.session.commit()
    db.session.refresh(promise)
    return True
