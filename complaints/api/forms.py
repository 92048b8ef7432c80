"""The team page's form for a new personal access token."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import RadioField, SelectChoice, StringField
from wtforms.validators import DataRequired, Length

from complaints.api.models import Scope
from complaints.api.tokens import NAME_MAX
from complaints.cases.forms import no_control_characters
from complaints.formats import lazy_gettext as _l


class TokenForm(FlaskForm):
    name = StringField(
        _l("Name of the token"),
        validators=[DataRequired(message=_l("Give the token a name.")),
                    Length(max=NAME_MAX, message=_l("At most %(max)d characters.",
                                                    max=NAME_MAX)),
                    no_control_characters],
        description=_l("Which tool uses it, for example: Zendesk koppeling."))
    scope = RadioField(
        _l("What the token may do"),
        choices=[SelectChoice(Scope.READ.value, _l("Read the inbox and the complaints")),
                 SelectChoice(Scope.WRITE.value, _l("Read, and reply, send private messages "
                                                    "and propose a resolution"))],
        default=Scope.READ.value,
        validators=[DataRequired(message=_l("Choose what the token may do."))])
