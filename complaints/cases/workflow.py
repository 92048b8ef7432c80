"""The complaint state machine: every status, every action, and who may take it.

This module is pure (no database, no Flask) so the rules can be read in one place and tested
exhaustively. `cases.services.apply_transition` is the only code that assigns
`Complaint.status`; it asks `plan_transition` here whether a move is allowed and where it leads.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from complaints.formats import lazy_gettext as _l


class Status(StrEnum):
    PENDING = "pending"
    REJECTED = "rejected"
    OPEN = "open"
    ANSWERED = "answered"
    RESOLVED = "resolved"
    WITHDRAWN = "withdrawn"
    REMOVED = "removed"


class Action(StrEnum):
    SUBMIT = "submit"
    APPROVE = "approve"
    REJECT = "reject"
    RESUBMIT = "resubmit"
    ANSWER = "answer"
    RESOLVE = "resolve"
    REOPEN = "reopen"
    WITHDRAW = "withdraw"
    REMOVE = "remove"
    REINSTATE = "reinstate"
    ERASE = "erase"


class Role(StrEnum):
    """Who acts, relative to the complaint (not the account's site role)."""

    AUTHOR = "author"
    MODERATOR = "moderator"
    REPRESENTATIVE = "representative"


STATUS_LABELS = {
    Status.PENDING: _l("Waiting for moderation"),
    Status.REJECTED: _l("Not published"),
    Status.OPEN: _l("Open"),
    Status.ANSWERED: _l("Answered"),
    Status.RESOLVED: _l("Resolved"),
    Status.WITHDRAWN: _l("Withdrawn"),
    Status.REMOVED: _l("Removed"),
}

STATUS_EXPLANATIONS = {
    Status.PENDING: _l("A moderator checks every story before it is published."),
    Status.REJECTED: _l("A moderator did not publish this story. The author can edit it and "
                        "submit it again."),
    Status.OPEN: _l("Published. The company has not answered in public yet."),
    Status.ANSWERED: _l("The company answered in public. The consumer has not marked the "
                        "complaint as resolved."),
    Status.RESOLVED: _l("The consumer marked this complaint as resolved."),
    Status.WITHDRAWN: _l("The author withdrew this complaint."),
    Status.REMOVED: _l("A moderator removed this complaint."),
}

ACTION_LABELS = {
    Action.SUBMIT: _l("Submitted"),
    Action.APPROVE: _l("Published"),
    Action.REJECT: _l("Not published"),
    Action.RESUBMIT: _l("Submitted again"),
    Action.ANSWER: _l("Company answered"),
    Action.RESOLVE: _l("Marked resolved"),
    Action.REOPEN: _l("Reopened"),
    Action.WITHDRAW: _l("Withdrawn"),
    Action.REMOVE: _l("Removed"),
    Action.REINSTATE: _l("Reinstated on appeal"),
    Action.ERASE: _l("Erased with the author's account"),
}

# Statuses the public can read; REMOVED shows a tombstone instead of the story.
PUBLIC_STATUSES = frozenset({Status.OPEN, Status.ANSWERED, Status.RESOLVED})
UNRESOLVED_STATUSES = frozenset({Status.OPEN, Status.ANSWERED})
REOPEN_WINDOW = timedelta(days=30)

# Where a reopened complaint goes: back to ANSWERED when the company had replied.
REOPENED = "reopened"
# Where a complaint reinstated after its removal goes: back to the status it had.
RESTORED = "restored"


@dataclass(frozen=True)
class Transition:
    to: Status | str
    roles: frozenset[Role]
    reason_required: bool = False


def _t(to: Status | str, *roles: Role, reason_required: bool = False) -> Transition:
    return Transition(to, frozenset(roles), reason_required)


# (current status, action) -> transition. None is the status of a complaint not yet stored.
TRANSITIONS: dict[tuple[Status | None, Action], Transition] = {
    (None, Action.SUBMIT): _t(Status.PENDING, Role.AUTHOR),
    (Status.PENDING, Action.APPROVE): _t(Status.OPEN, Role.MODERATOR),
    (Status.PENDING, Action.REJECT): _t(Status.REJECTED, Role.MODERATOR, reason_required=True),
    (Status.REJECTED, Action.RESUBMIT): _t(Status.PENDING, Role.AUTHOR),
    (Status.OPEN, Action.ANSWER): _t(Status.ANSWERED, Role.REPRESENTATIVE),
    (Status.OPEN, Action.RESOLVE): _t(Status.RESOLVED, Role.AUTHOR),
    (Status.ANSWERED, Action.RESOLVE): _t(Status.RESOLVED, Role.AUTHOR),
    (Status.RESOLVED, Action.REOPEN): _t(REOPENED, Role.AUTHOR),
    (Status.PENDING, Action.WITHDRAW): _t(Status.WITHDRAWN, Role.AUTHOR),
    (Status.OPEN, Action.WITHDRAW): _t(Status.WITHDRAWN, Role.AUTHOR),
    (Status.ANSWERED, Action.WITHDRAW): _t(Status.WITHDRAWN, Role.AUTHOR),
    (Status.OPEN, Action.REMOVE): _t(Status.REMOVED, Role.MODERATOR, reason_required=True),
    (Status.ANSWERED, Action.REMOVE): _t(Status.REMOVED, Role.MODERATOR, reason_required=True),
    (Status.RESOLVED, Action.REMOVE): _t(Status.REMOVED, Role.MODERATOR, reason_required=True),
    # An appeal that succeeds undoes the decision: a rejected complaint waits for moderation
    # again, a removed one returns to the status it had before.
    (Status.REJECTED, Action.REINSTATE): _t(Status.PENDING, Role.MODERATOR, reason_required=True),
    (Status.REMOVED, Action.REINSTATE): _t(RESTORED, Role.MODERATOR, reason_required=True),
    # An author who deletes their account and asks for their complaints to go: every complaint
    # still visible to anyone (public, waiting or rejected) leaves public view for good.
    (Status.PENDING, Action.ERASE): _t(Status.WITHDRAWN, Role.AUTHOR),
    (Status.REJECTED, Action.ERASE): _t(Status.WITHDRAWN, Role.AUTHOR),
    (Status.OPEN, Action.ERASE): _t(Status.WITHDRAWN, Role.AUTHOR),
    (Status.ANSWERED, Action.ERASE): _t(Status.WITHDRAWN, Role.AUTHOR),
    (Status.RESOLVED, Action.ERASE): _t(Status.WITHDRAWN, Role.AUTHOR),
}


class TransitionRefused(Exception):
    """The move is not in the table, not for this role, or its guard fails."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def allowed_actions(status: Status | None, roles: set[Role] | frozenset[Role]) -> list[Action]:
    """The actions the given roles may take from `status`, in table order (guards not applied)."""
    return [
        action
        for (current, action), transition in TRANSITIONS.items()
        if current == status and transition.roles & set(roles)
    ]


def plan_transition(
    status: Status | None,
    action: Action,
    roles: set[Role] | frozenset[Role],
    *,
    reason: str | None = None,
    company_replied: bool = False,
    resolved_at: datetime | None = None,
    now: datetime | None = None,
    restore_to: Status | None = None,
) -> Status:
    """Return the status `action` leads to from `status`, or raise TransitionRefused.

    Rules beyond the table: a reason is required where the table says so (the author and the
    public are told why); a resolved complaint can be reopened only within 30 days of being
    resolved, and goes back to ANSWERED when the company had replied, else to OPEN; a
    removed complaint is reinstated to `restore_to`, the public status it had before.
    """
    transition = TRANSITIONS.get((status, action))
    if transition is None:
        raise TransitionRefused(f"{action} is not possible from {status}")
    if not transition.roles & set(roles):
        raise TransitionRefused(f"{action} from {status} is not allowed for {sorted(roles)}")
    if transition.reason_required and not (reason and reason.strip()):
        raise TransitionRefused(f"{action} needs a reason")
    if transition.to == REOPENED:
        if resolved_at is None or now is None or now - resolved_at > REOPEN_WINDOW:
            raise TransitionRefused("a complaint can be reopened only within 30 days")
        return Status.ANSWERED if company_replied else Status.OPEN
    if transition.to == RESTORED:
        if restore_to not in PUBLIC_STATUSES:
            raise TransitionRefused("a removed complaint returns to the public status it had")
        return Status(restore_to)
    return Status(transition.to)
