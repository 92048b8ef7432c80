"""Forms of outcomes: the author's answer about a promise."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import AnyOf, DataRequired

from complaints.outcomes.models import PromiseOutcome


class PromiseAnswerForm(FlaskForm):
    """Two buttons named `answer`: "kept" or "not_kept"."""

    answer = StringField(validators=[
        DataRequired(message=_l("Choose kept or not kept.")),
        AnyOf([outcome.value for outcome in PromiseOutcome],
              message=_l("Choose kept or not kept."))])
