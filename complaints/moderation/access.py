"""The door of the moderators' pages: every moderation blueprint runs it before each request."""

from __future__ import annotations

from flask import abort
from flask_login import current_user

from complaints import permissions
from complaints.extensions import login_manager


def moderators_only():
    """Signed-out people are sent to sign in; signed-in people who do not moderate get 403."""
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if not permissions.can_moderate(current_user):
        abort(403)
    return None
