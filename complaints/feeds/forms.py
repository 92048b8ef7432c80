"""Forms for following a company: how often to mail, and the button to stop."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField, SelectChoice
from wtforms.validators import InputRequired

from complaints.feeds.models import FollowMode
from complaints.formats import lazy_gettext as _l


class UnfollowForm(FlaskForm):
    # Where to go back to (the company page or "My account"); checked with safe_next.
    next = HiddenField()


class FollowForm(UnfollowForm):
    mode = RadioField(
        _l("E-mail me"),
        choices=[SelectChoice(FollowMode.INSTANT.value, _l("about each new complaint")),
                 SelectChoice(FollowMode.DAILY.value,
                              _l("once a day, when there are new complaints"))],
        default=FollowMode.INSTANT.value,
        validators=[InputRequired(message=_l("Choose how often you want e-mail."))],
    )
