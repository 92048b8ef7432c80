"""What a status change does to a complaint, its event log and its company's stored counts.

Pure, like `workflow` beside it (no database, no Flask): the effects are plain values that
`cases.services.apply_transition` applies to a Complaint and that the bulk writers (the CFPB
import, seed-bulk) write as rows. One rule for all of them, so an imported or generated
complaint looks exactly like one that went through the site.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from complaints.cases.deadlines import answer_deadline
from complaints.cases.workflow import (
    PUBLIC_STATUSES,
    UNRESOLVED_STATUSES,
    Action,
    Role,
    Status,
    plan_transition,
)
from complaints.clock import dutch_day

# Every complaint column a transition may set; nothing else on the row is its business.
STATUS_FIELDS = (
    "status", "submitted_at", "queued_at", "decided_at", "published_at", "published_on",
    "answer_due_at", "first_response_at",
    "answered_on_time", "promise_kept", "resolved_at", "rating", "would_do_business_again",
    "closing_note", "rejected_at", "rejection_reason", "withdrawn_at",
    "removed_at", "removal_reason", "awaiting_company_since", "resolution_proposed_at",
    "resolution_proposed_by_id",
)


@dataclass(frozen=True)
class Effects:
    """What one transition changes.

    `changes` maps complaint columns (see STATUS_FIELDS) to their new values, `status`
    included; `event` holds the values of the ComplaintEvent row except its complaint and
    actor; `published` and `unresolved` are what the company's stored `published_count` and
    `unresolved_count` move by (-1, 0 or +1).
    """

    status: Status
    changes: dict[str, Any]
    event: dict[str, Any]
    published: int
    unresolved: int


def transition_effects(
    fields: Mapping[str, Any],
    current: Status | None,
    target: Status,
    action: Action,
    *,
    now: datetime,
    reason: str | None = None,
    rating: int | None = None,
    again: bool | None = None,
    promise_hours: int | None = None,
) -> Effects:
    """The effects of moving a complaint from `current` to `target` by `action` at `now`.

    `fields` holds the complaint's values before the move; only `first_response_at`,
    `published_at` and `answer_due_at` are read. `target` is what
    `workflow.plan_transition` allowed. The rules:

    - Submission (a complaint not stored yet -> pending) sets `submitted_at`, so it is the
      time of the submit event. Entering the moderators' queue (submitted, resubmitted,
      reinstated after a rejection) sets `queued_at`; a moderator's decision on a waiting
      complaint (published or not) sets `decided_at`: moderation's waiting time.
    - Publication (pending -> open) sets `published_at` and its Dutch day `published_on`: the
      figures count complaints per day of publication. It also fixes `answer_due_at`, the
      deadline of `deadlines.answer_deadline` under the company's promise at that time.
    - The first company answer sets `first_response_at`, `answered_on_time` (by the
      deadline) and `promise_kept`: whether it came within the company's own promise
      (`promise_hours`, None when it has none), measured from publication; the company is
      judged by what it promised at the time.
    - Resolving sets `resolved_at`, the rating of the handling and the answer to "would you
      do business with them again?" given with it; rejecting,
      withdrawing and removing set their time, and rejecting and removing their reason (the
      author and the public are told why).
    - Leaving `resolved` forgets `resolved_at`, the rating, "again" and the closing word: once
      reopened, the consumer's verdict no longer stands (an erased complaint loses them the
      same way). A removal keeps them, out of public view and out of the figures, so a
      complaint reinstated on appeal returns with its verdict; reinstating clears the
      removal's time and reason.
    - Who waits for whom: a complaint that becomes unresolved (published, reopened) waits for
      the company from `now`; the company's answer ends the wait; a complaint no longer
      unresolved waits for nobody, and a representative's "we think this is solved" is void.
    - The company's stored counts move by the change in "public" and in "unresolved", so they
      never need a recount.
    """
    changes: dict[str, Any] = {"status": target}
    if current is None:
        changes["submitted_at"] = now
    elif action == Action.REINSTATE:
        pass  # back to what it was: the timestamps and the verdict it had stand
    elif target == Status.OPEN and current == Status.PENDING:
        changes.update(published_at=now, published_on=dutch_day(now),
                       answer_due_at=answer_deadline(now, promise_hours))
    elif target == Status.ANSWERED and fields["first_response_at"] is None:
        published_at = fields["published_at"]
        due = fields.get("answer_due_at") or (
            answer_deadline(published_at, promise_hours) if published_at else None)
        changes.update(first_response_at=now,
                       answered_on_time=None if due is None else now <= due,
                       promise_kept=(
                           None if promise_hours is None or published_at is None
                           else now - published_at <= timedelta(hours=promise_hours)))
    elif target == Status.RESOLVED:
        changes.update(resolved_at=now, rating=rating, would_do_business_again=again)
    elif target == Status.REJECTED:
        changes.update(rejected_at=now, rejection_reason=reason)
    elif target == Status.WITHDRAWN:
        changes.update(withdrawn_at=now)
    elif target == Status.REMOVED:
        changes.update(removed_at=now, removal_reason=reason)
    if target == Status.PENDING:
        changes.update(queued_at=now, decided_at=None)
    elif current == Status.PENDING and target in (Status.OPEN, Status.REJECTED):
        changes["decided_at"] = now
    if current == Status.RESOLVED and target != Status.REMOVED:
        changes.update(resolved_at=None, rating=None, would_do_business_again=None,
                       closing_note=None)
    if current == Status.REMOVED:  # reinstated on appeal
        changes.update(removed_at=None, removal_reason=None)
    if target in UNRESOLVED_STATUSES and current not in UNRESOLVED_STATUSES:
        changes["awaiting_company_since"] = now
    elif target == Status.ANSWERED:
        changes["awaiting_company_since"] = None
    if target not in UNRESOLVED_STATUSES:
        changes.update(awaiting_company_since=None, resolution_proposed_at=None,
                       resolution_proposed_by_id=None)
    event = {"action": action, "from_status": current, "to_status": target, "reason": reason,
             "created_at": now}
    return Effects(
        status=target, changes=changes, event=event,
        published=int(target in PUBLIC_STATUSES) - int(current in PUBLIC_STATUSES),
        unresolved=int(target in UNRESOLVED_STATUSES) - int(current in UNRESOLVED_STATUSES),
    )


@dataclass(frozen=True)
class Step:
    """One transition of a complaint's history: who (by role and user id) did what, when."""

    action: Action
    role: Role
    at: datetime
    actor_id: int | None = None
    reason: str | None = None
    rating: int | None = None
    again: bool | None = None


@dataclass
class History:
    """A complaint's history replayed from nothing: its status columns as the steps leave
    them (every STATUS_FIELDS column, None where no step set it), its event rows (without
    `complaint_id`), and what it adds to its company's stored counts."""

    fields: dict[str, Any] = field(default_factory=lambda: dict.fromkeys(STATUS_FIELDS))
    events: list[dict[str, Any]] = field(default_factory=list)
    published: int = 0
    unresolved: int = 0

    @property
    def status(self) -> Status | None:
        return self.fields["status"]

    @property
    def updated_at(self) -> datetime | None:
        """The time of the last step: when the row last changed."""
        return self.events[-1]["created_at"] if self.events else None


def replay(steps: Iterable[Step], *, promise_hours: int | None = None) -> History:
    """Walk a new complaint through `steps` with the state machine and the effects above.

    This is how code that writes complaints in bulk (without the ORM, thousands at a time)
    gets the same columns, events and counts as `apply_transition` would have produced step
    by step. Each step must be allowed (`workflow.TransitionRefused` otherwise): a bulk
    writer cannot invent a history the site could not have.
    """
    history = History()
    fields = history.fields
    for step in steps:
        current = fields["status"]
        target = plan_transition(current, step.action, {step.role}, reason=step.reason,
                                 company_replied=fields["first_response_at"] is not None,
                                 resolved_at=fields["resolved_at"], now=step.at)
        effects = transition_effects(fields, current, target, step.action, now=step.at,
                                     reason=step.reason, rating=step.rating,
                                     again=step.again, promise_hours=promise_hours)
        fields.update(effects.changes)
        history.events.append({**effects.event, "actor_id": step.actor_id})
        history.published += effects.published
        history.unresolved += effects.unresolved
    return history
