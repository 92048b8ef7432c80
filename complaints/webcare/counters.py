"""The webcare inbox's counters: a company's unresolved complaints by what each waits for
(`WaitsFor`), stored on the company so the inbox never counts its rows.

They move at every flush that changes a complaint's status, company, `awaiting_company_since`
or `resolution_proposed_at` (those columns keep their old value: `active_history`), whoever
changed it: the state machine, a reply, a proposal, a moderator's edit. The move is one
`UPDATE … SET n = n + delta` in the flush's transaction, so two changes at once both count
and a rolled-back change moves nothing. The few bulk writers that change those columns in SQL
move the counters themselves (`move_company`) or are followed by the figures rebuild, which
recounts them all (`recount`) and says how many it corrected.
"""

from __future__ import annotations

from collections import Counter

from sqlalchemy import event, func, inspect, select, update

from complaints.cases.models import Complaint
from complaints.cases.workflow import UNRESOLVED_STATUSES
from complaints.companies.models import Company
from complaints.extensions import db
from complaints.webcare.queries import WaitsFor, waits_for_expression, waits_for_state

COLUMNS = {WaitsFor.FIRST_ANSWER: "inbox_first_answer",
           WaitsFor.REPLIED_AGAIN: "inbox_replied_again",
           WaitsFor.SOLVED_ANSWER: "inbox_solved_answer",
           WaitsFor.CONSUMER: "inbox_consumer"}
TRACKED = ("company_id", "status", "awaiting_company_since", "resolution_proposed_at")
_installed = False


def counts(company: Company) -> dict[str, int]:
    """The inbox's counters per `WaitsFor`, and their total."""
    found = {kind.value: getattr(company, column) or 0 for kind, column in COLUMNS.items()}
    found["total"] = sum(found.values())
    return found


def _place(values: dict) -> tuple[int, WaitsFor] | None:
    """(company, what it waits for) of a complaint in this state; None when not unresolved."""
    if values["status"] not in UNRESOLVED_STATUSES or values["company_id"] is None:
        return None
    return values["company_id"], waits_for_state(
        values["status"], values["awaiting_company_since"], values["resolution_proposed_at"])


def _before(complaint: Complaint) -> dict:
    state = inspect(complaint)
    values = {}
    for name in TRACKED:
        history = state.attrs[name].history
        values[name] = (history.deleted[0] if history.deleted else None) if (
            history.added or history.deleted) else getattr(complaint, name)
    return values


def _now(complaint: Complaint) -> dict:
    return {name: getattr(complaint, name) for name in TRACKED}


def _moves(session) -> Counter:
    moves: Counter = Counter()
    for complaint in session.new:
        if isinstance(complaint, Complaint) and (place := _place(_now(complaint))):
            moves[place] += 1
    for complaint in session.dirty:
        if not isinstance(complaint, Complaint):
            continue
        state = inspect(complaint)
        if not any(state.attrs[name].history.has_changes() for name in TRACKED):
            continue
        before, after = _place(_before(complaint)), _place(_now(complaint))
        if before != after:
            if before:
                moves[before] -= 1
            if after:
                moves[after] += 1
    for complaint in session.deleted:
        if isinstance(complaint, Complaint) and (place := _place(_before(complaint))):
            moves[place] -= 1
    return moves


def _apply(session, moves: Counter) -> None:
    by_company: dict[int, dict[str, object]] = {}
    for (company_id, kind), delta in moves.items():
        if delta:
            column = getattr(Company, COLUMNS[kind])
            by_company.setdefault(company_id, {})[COLUMNS[kind]] = column + delta
    for company_id, values in sorted(by_company.items()):
        session.connection().execute(update(Company).where(Company.id == company_id)
                                     .values(**values))
        company = session.identity_map.get(inspect(Company).identity_key_from_primary_key(
            (company_id,)))
        if company is not None:
            session.expire(company, list(values))


def install() -> None:
    """Move the counters at every flush of the shared session (installed once per process)."""
    global _installed
    if _installed:
        return
    _installed = True

    @event.listens_for(db.session, "after_flush")
    def _count(session, _context) -> None:
        moves = _moves(session)
        if moves:
            _apply(session, moves)


def move_company(source_id: int, target_id: int) -> None:
    """A merge moved every complaint of `source_id` to `target_id` in SQL: so do the
    counters."""
    source = db.session.execute(select(*(getattr(Company, c) for c in COLUMNS.values()))
                                .where(Company.id == source_id)).one()
    db.session.execute(
        update(Company).where(Company.id == target_id).values(**{
            column: getattr(Company, column) + (moved or 0)
            for column, moved in zip(COLUMNS.values(), source, strict=True)}),
        execution_options={"synchronize_session": False})
    db.session.execute(update(Company).where(Company.id == source_id)
                       .values(**dict.fromkeys(COLUMNS.values(), 0)),
                       execution_options={"synchronize_session": False})


def recount() -> int:
    """Every company's counters from its complaints (one pass over the unresolved ones);
    the number of companies whose stored counters were wrong, now corrected."""
    kind = waits_for_expression()
    expected: dict[int, dict[str, int]] = {}
    for company_id, waiting, number in db.session.execute(
            select(Complaint.company_id, kind, func.count())
            .where(Complaint.status.in_(UNRESOLVED_STATUSES))
            .group_by(Complaint.company_id, kind)):
        expected.setdefault(company_id, dict.fromkeys(COLUMNS.values(), 0))[
            COLUMNS[WaitsFor(waiting)]] = number
    zero = dict.fromkeys(COLUMNS.values(), 0)
    fixed = 0
    for row in db.session.execute(select(Company.id, *(getattr(Company, c)
                                                          for c in COLUMNS.values()))):
        stored = dict(zip(COLUMNS.values(), row[1:], strict=True))
        wanted = expected.get(row.id, zero)
        if stored != wanted:
            fixed += 1
            db.session.execute(update(Company).where(Company.id == row.id).values(**wanted),
                               execution_options={"synchronize_session": False})
    if fixed:
        db.session.expire_all()
    return fixed
