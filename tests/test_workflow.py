"""The state machine: every allowed transition, and every other (status, action, role) refused."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

import pytest

from complaints.cases.workflow import (
    ACTION_LABELS,
    STATUS_EXPLANATIONS,
    STATUS_LABELS,
    TRANSITIONS,
    Action,
    Role,
    Status,
    TransitionRefused,
    allowed_actions,
    plan_transition,
)

NOW = datetime(2026, 6, 1, 12, tzinfo=UTC)

# The table of SPEC.md "Complaint lifecycle", written out independently of the module.
EXPECTED = {
    (None, Action.SUBMIT, Role.AUTHOR): Status.PENDING,
    (Status.PENDING, Action.APPROVE, Role.MODERATOR): Status.OPEN,
    (Status.PENDING, Action.REJECT, Role.MODERATOR): Status.REJECTED,
    (Status.REJECTED, Action.RESUBMIT, Role.AUTHOR): Status.PENDING,
    (Status.OPEN, Action.ANSWER, Role.REPRESENTATIVE): Status.ANSWERED,
    (Status.OPEN, Action.RESOLVE, Role.AUTHOR): Status.RESOLVED,
    (Status.ANSWERED, Action.RESOLVE, Role.AUTHOR): Status.RESOLVED,
    (Status.RESOLVED, Action.REOPEN, Role.AUTHOR): "reopen",
    (Status.PENDING, Action.WITHDRAW, Role.AUTHOR): Status.WITHDRAWN,
    (Status.OPEN, Action.WITHDRAW, Role.AUTHOR): Status.WITHDRAWN,
    (Status.ANSWERED, Action.WITHDRAW, Role.AUTHOR): Status.WITHDRAWN,
    (Status.OPEN, Action.REMOVE, Role.MODERATOR): Status.REMOVED,
    (Status.ANSWERED, Action.REMOVE, Role.MODERATOR): Status.REMOVED,
    (Status.RESOLVED, Action.REMOVE, Role.MODERATOR): Status.REMOVED,
    # Due process: an appeal that succeeds reinstates (a removed complaint: to what it was).
    (Status.REJECTED, Action.REINSTATE, Role.MODERATOR): Status.PENDING,
    (Status.REMOVED, Action.REINSTATE, Role.MODERATOR): "restore",
    # Beyond the spec's table: an author deleting their account with their complaints.
    (Status.PENDING, Action.ERASE, Role.AUTHOR): Status.WITHDRAWN,
    (Status.REJECTED, Action.ERASE, Role.AUTHOR): Status.WITHDRAWN,
    (Status.OPEN, Action.ERASE, Role.AUTHOR): Status.WITHDRAWN,
    (Status.ANSWERED, Action.ERASE, Role.AUTHOR): Status.WITHDRAWN,
    (Status.RESOLVED, Action.ERASE, Role.AUTHOR): Status.WITHDRAWN,
}
ALL = list(itertools.product([None, *Status], Action, Role))


def _plan(status, action, role, **kwargs):
    kwargs.setdefault("reason", "a reason")
    kwargs.setdefault("resolved_at", NOW - timedelta(days=1))
    kwargs.setdefault("now", NOW)
    return plan_transition(status, action, {role}, **kwargs)


@pytest.mark.parametrize(("status", "action", "role"), [k for k in ALL if k in EXPECTED])
def test_allowed_transition_leads_where_the_spec_says(status, action, role):
    expected = EXPECTED[(status, action, role)]
    if expected == "reopen":
        assert _plan(status, action, role, company_replied=True) == Status.ANSWERED
        assert _plan(status, action, role, company_replied=False) == Status.OPEN
    elif expected == "restore":
        for before in (Status.OPEN, Status.ANSWERED, Status.RESOLVED):
            assert _plan(status, action, role, restore_to=before) == before
    else:
        assert _plan(status, action, role) == expected


@pytest.mark.parametrize(("status", "action", "role"), [k for k in ALL if k not in EXPECTED])
def test_every_other_transition_is_refused(status, action, role):
    with pytest.raises(TransitionRefused):
        _plan(status, action, role)


def test_table_has_nothing_the_spec_does_not_list():
    listed = {(status, action) for status, action, _ in EXPECTED}
    assert set(TRANSITIONS) == listed


@pytest.mark.parametrize(("status", "action"), [
    (Status.PENDING, Action.REJECT),
    (Status.OPEN, Action.REMOVE),
    (Status.ANSWERED, Action.REMOVE),
    (Status.RESOLVED, Action.REMOVE),
])
@pytest.mark.parametrize("reason", [None, "", "   "])
def test_reject_and_remove_need_a_reason(status, action, reason):
    with pytest.raises(TransitionRefused, match="reason"):
        plan_transition(status, action, {Role.MODERATOR}, reason=reason)


@pytest.mark.parametrize("restore_to", [None, Status.PENDING, Status.REJECTED, Status.REMOVED,
                                        Status.WITHDRAWN])
def test_a_removed_complaint_returns_only_to_a_public_status(restore_to):
    with pytest.raises(TransitionRefused, match="public status"):
        _plan(Status.REMOVED, Action.REINSTATE, Role.MODERATOR, restore_to=restore_to)


def test_reopen_within_30_days_only():
    resolved = NOW - timedelta(days=30)
    assert _plan(Status.RESOLVED, Action.REOPEN, Role.AUTHOR, resolved_at=resolved) == Status.OPEN
    with pytest.raises(TransitionRefused, match="30 days"):
        _plan(Status.RESOLVED, Action.REOPEN, Role.AUTHOR,
              resolved_at=resolved - timedelta(seconds=1))


def test_reopen_without_resolution_time_is_refused():
    with pytest.raises(TransitionRefused):
        _plan(Status.RESOLVED, Action.REOPEN, Role.AUTHOR, resolved_at=None)


def test_representative_cannot_resolve_only_propose():
    for status in (Status.OPEN, Status.ANSWERED):
        with pytest.raises(TransitionRefused):
            _plan(status, Action.RESOLVE, Role.REPRESENTATIVE)


def test_moderator_cannot_resolve_or_withdraw_for_the_author():
    for action in (Action.RESOLVE, Action.WITHDRAW):
        with pytest.raises(TransitionRefused):
            _plan(Status.OPEN, action, Role.MODERATOR)


def test_a_person_with_two_roles_gets_the_union():
    assert plan_transition(Status.PENDING, Action.APPROVE,
                           {Role.AUTHOR, Role.MODERATOR}) == Status.OPEN


def test_allowed_actions_lists_what_each_role_may_do():
    assert allowed_actions(Status.PENDING, {Role.AUTHOR}) == [Action.WITHDRAW, Action.ERASE]
    assert allowed_actions(Status.PENDING, {Role.MODERATOR}) == [Action.APPROVE, Action.REJECT]
    assert allowed_actions(Status.OPEN, {Role.AUTHOR}) == [
        Action.RESOLVE, Action.WITHDRAW, Action.ERASE]
    assert allowed_actions(Status.WITHDRAWN, set(Role)) == []
    assert allowed_actions(Status.REMOVED, {Role.AUTHOR, Role.REPRESENTATIVE}) == []
    assert allowed_actions(Status.REMOVED, {Role.MODERATOR}) == [Action.REINSTATE]


def test_every_status_and_action_has_a_label():
    assert set(STATUS_LABELS) == set(Status) == set(STATUS_EXPLANATIONS)
    assert set(ACTION_LABELS) == set(Action)
