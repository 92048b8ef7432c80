"""Forms of appeals: the addressee's appeal, and a moderator's outcome."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import RadioField, SelectChoice, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length

from complaints.cases.forms import no_control_characters
from complaints.dueprocess.appeals import REASON_MAX, TEXT_MAX
from complaints.dueprocess.models import AppealOutcome
from complaints.formats import lazy_gettext as _l


class AppealForm(FlaskForm):
    text = TextAreaField(
        _l("Why should the decision be looked at again?"),
        validators=[DataRequired(message=_l("Explain why the decision should be looked at "
                                            "again.")),
                    Length(max=TEXT_MAX, message=_l("At most %(max)d characters.",
                                                    max=TEXT_MAX)),
                    no_control_characters],
        description=_l("Say what you think is wrong: the facts, the rule, or both. Another "
                       "moderator reads it; at most %(max)d characters.", max=TEXT_MAX),
        render_kw={"rows": 8, "maxlength": TEXT_MAX},
    )


OUTCOME_LABELS = {
    AppealOutcome.UPHELD: _l("Uphold: the decision stands"),
    AppealOutcome.REVERSED: _l("Reverse: undo the decision"),
}


class DecideAppealForm(FlaskForm):
    outcome = RadioField(
        _l("Outcome"),
        choices=[SelectChoice(outcome.value, label) for outcome, label in OUTCOME_LABELS.items()],
        validators=[InputRequired(message=_l("Choose whether the decision stands or is "
                                             "reversed."))],
    )
    reason = TextAreaField(
        _l("Reasons for the outcome"),
        validators=[DataRequired(message=_l("Give the reasons for the outcome.")),
                    Length(max=REASON_MAX, message=_l("At most %(max)d characters.",
                                                      max=REASON_MAX)),
                    no_control_characters],
        description=_l("Mailed to the person who appealed. For a complaint or a reply they "
                       "are also shown in the public moderation log: write no personal data."),
        render_kw={"rows": 4, "maxlength": REASON_MAX},
    )
