"""Due process pages: statements of reasons and appeals, notices, the transparency report."""

from __future__ import annotations

from flask import Blueprint, abort, render_template
from flask_login import current_user

from complaints import permissions
from complaints.dueprocess import grounds, statements
from complaints.extensions import login_manager

bp = Blueprint("dueprocess", __name__)


@bp.route("/appeals/<key>")
def statement(key: str):
    """A statement of reasons, where its addressee can appeal."""
    found = statements.by_key(key)
    if found is None:
        abort(404)
    if not permissions.can_read_statement(current_user, found):
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        abort(404)
    return render_template("dueprocess/statement.html", statement=found,
                           ground=grounds.describe(found.ground))
