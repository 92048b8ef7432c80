"""Every authorization rule of the site, as named predicates.

Views call these before acting, and templates get them as Jinja globals, so a button that is
shown and the check behind it can never disagree. Each takes the user (possibly anonymous)
first. Roles: a visitor (anonymous), a consumer (verified e-mail), a moderator, an admin.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from complaints.cases.workflow import PUBLIC_STATUSES, Action, Role, Status, allowed_actions

if TYPE_CHECKING:
    from complaints.accounts.models import User
    from complaints.cases.models import Complaint
    from complaints.companies.models import Company


def _signed_in(user: User | None) -> bool:
    return bool(user is not None and user.is_authenticated)


def can_moderate(user: User | None) -> bool:
    """Moderators and admins see the queues and act on them."""
    return _signed_in(user) and user.is_moderator


def _active(user: User | None) -> bool:
    """Signed in and not blocked by a moderator."""
    return _signed_in(user) and not user.is_banned and not user.is_deleted


def can_submit_complaint(user: User | None) -> bool:
    """Only people who proved their e-mail address may submit; it keeps throwaway spam out.
    A blocked person cannot submit."""
    return _active(user) and user.is_verified


def is_author(user: User | None, complaint: Complaint) -> bool:
    return _signed_in(user) and complaint.author_id == user.id


def complaint_roles(user: User | None, complaint: Complaint) -> set[Role]:
    """The state-machine roles this user holds for this complaint."""
    roles: set[Role] = set()
    if is_author(user, complaint):
        roles.add(Role.AUTHOR)
    if can_moderate(user):
        roles.add(Role.MODERATOR)
    return roles


def can_view_complaint(user: User | None, complaint: Complaint) -> bool:
    """Published complaints are public; a removed one shows its tombstone to everyone.

    Pending, rejected and withdrawn complaints are seen only by their author and moderators;
    to anyone else they do not exist (404, so ids reveal nothing).
    """
    if complaint.status in PUBLIC_STATUSES or complaint.status == Status.REMOVED:
        return True
    return is_author(user, complaint) or can_moderate(user)


def can_view_full_history(user: User | None, complaint: Complaint) -> bool:
    """The author and moderators also see the steps before publication (rejections, edits)."""
    return is_author(user, complaint) or can_moderate(user)


def can_take_action(user: User | None, complaint: Complaint, action: Action) -> bool:
    return action in allowed_actions(Status(complaint.status), complaint_roles(user, complaint))


def can_edit_complaint(user: User | None, complaint: Complaint) -> bool:
    """The author edits a complaint while it waits for moderation or after it was rejected;
    a blocked author cannot (a resubmission would be a new submission)."""
    return (_active(user) and is_author(user, complaint)
            and complaint.status in (Status.PENDING, Status.REJECTED))


def can_withdraw_complaint(user: User | None, complaint: Complaint) -> bool:
    return is_author(user, complaint) and can_take_action(user, complaint, Action.WITHDRAW)


def can_approve_complaint(user: User | None, complaint: Complaint) -> bool:
    return can_moderate(user) and can_take_action(user, complaint, Action.APPROVE)


def can_reject_complaint(user: User | None, complaint: Complaint) -> bool:
    return can_moderate(user) and can_take_action(user, complaint, Action.REJECT)


def can_edit_as_moderator(user: User | None, complaint: Complaint) -> bool:
    """Moderators edit (redact) a complaint while it waits or while it is public; the
    original stays in the audit trail."""
    return can_moderate(user) and complaint.status in (
        Status.PENDING, Status.OPEN, Status.ANSWERED, Status.RESOLVED)


def can_remove_complaint(user: User | None, complaint: Complaint) -> bool:
    return can_moderate(user) and can_take_action(user, complaint, Action.REMOVE)


def can_flag(user: User | None, complaint: Complaint) -> bool:
    """Anyone signed in (and not blocked) can report a published complaint, except its author,
    who can edit or withdraw it instead."""
    return (_active(user) and complaint.status in PUBLIC_STATUSES
            and not is_author(user, complaint))


def can_ban(user: User | None, target: User) -> bool:
    """Moderators block consumers; moderators and admins cannot be blocked (an admin first
    takes the role away), and nobody blocks themselves."""
    return (can_moderate(user) and target.id != user.id and not target.is_moderator
            and not target.is_deleted)


def can_view_company(user: User | None, company: Company) -> bool:
    """A proposed company is public only once a moderator approved it."""
    return company.is_listed or can_moderate(user)


def can_manage_users(user: User | None) -> bool:
    """Only admins make and unmake moderators."""
    return _signed_in(user) and user.is_admin


JINJA_GLOBALS = {
    name: obj
    for name, obj in dict(globals()).items()
    if name.startswith(("can_", "is_author"))
}
