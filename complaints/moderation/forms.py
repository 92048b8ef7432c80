"""Moderation forms."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from complaints.moderation.reasons import REJECTION_REASONS


class RejectForm(FlaskForm):
    reason = SelectField(_l("Reason"), validators=[DataRequired(message=_l("Choose a reason."))])
    note = TextAreaField(
        _l("Explanation for the author"),
        validators=[Optional(), Length(max=1000, message=_l("At most %(max)d characters.",
                                                            max=1000))],
        render_kw={"rows": 3},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.reason.choices = [("", _l("Choose a reason")), *REJECTION_REASONS.items()]
