"""Due process forms: a notice about a complaint or reply, and a moderator's dismissal."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Email, Length, Optional

from complaints.cases.forms import no_control_characters
from complaints.dueprocess.fields import ground_field
from complaints.dueprocess.models import NOTICE_REASON_LABELS
from complaints.dueprocess.notices import EXPLANATION_MAX, NAME_MAX, URL_MAX
from complaints.dueprocess.statements import FACTS_MAX
from complaints.formats import lazy_gettext as _l

DISMISS_REASON_MAX = 1000


class NoticeForm(FlaskForm):
    url = StringField(
        _l("Address (URL) of the complaint or reply"),
        validators=[DataRequired(message=_l("Fill in the address of the complaint or reply.")),
                    Length(max=URL_MAX, message=_l("At most %(max)d characters.", max=URL_MAX))],
        description=_l("Use the link “Report illegal content” under the complaint or reply; "
                       "it fills this in."),
        render_kw={"inputmode": "url", "autocomplete": "off"},
    )
    reason = SelectField(
        _l("What is wrong with it?"),
        choices=[SelectChoice("", _l("Choose a reason"))] + [
            SelectChoice(str(value), label) for value, label in NOTICE_REASON_LABELS.items()],
        validators=[DataRequired(message=_l("Choose what is wrong with it."))],
    )
    explanation = TextAreaField(
        _l("Explanation"),
        validators=[DataRequired(message=_l("Explain what is illegal or against the house "
                                            "rules, and why.")),
                    Length(max=EXPLANATION_MAX, message=_l("At most %(max)d characters.",
                                                           max=EXPLANATION_MAX)),
                    no_control_characters],
        description=_l("What exactly is wrong, and why it is illegal or against the house "
                       "rules. Quote the words it is about."),
        render_kw={"rows": 8, "maxlength": EXPLANATION_MAX},
    )
    name = StringField(
        _l("Your name"),
        validators=[DataRequired(message=_l("Fill in your name.")),
                    Length(max=NAME_MAX, message=_l("At most %(max)d characters.",
                                                    max=NAME_MAX)),
                    no_control_characters],
        render_kw={"autocomplete": "name"},
    )
    email = EmailField(
        _l("Your e-mail address"),
        validators=[
            DataRequired(message=_l("Fill in your e-mail address.")),
            Length(max=254, message=_l("An e-mail address has at most 254 characters.")),
            Email(message=_l("This is not a valid e-mail address."), check_deliverability=False),
        ],
        description=_l("We mail you a receipt and later the decision. The author of the item "
                       "does not see your name or address."),
        render_kw={"autocomplete": "email"},
    )
    good_faith = BooleanField(
        _l("I believe this notice is accurate and complete"),
        validators=[DataRequired(message=_l("Confirm that you believe the notice is accurate "
                                            "and complete."))],
    )


class DismissNoticeForm(FlaskForm):
    """The moderator keeps the item: why, on which ground, and the facts (for the notifier's
    statement of reasons)."""

    reason = TextAreaField(
        _l("Why the item stays"),
        validators=[DataRequired(message=_l("Write down why the item stays.")),
                    Length(max=DISMISS_REASON_MAX, message=_l(
                        "At most %(max)d characters.", max=DISMISS_REASON_MAX)),
                    no_control_characters],
        render_kw={"rows": 3},
    )
    ground = ground_field()
    facts = TextAreaField(
        _l("Facts (optional)"),
        validators=[Optional(), Length(max=FACTS_MAX, message=_l(
            "At most %(max)d characters.", max=FACTS_MAX)), no_control_characters],
        description=_l("What you found, for the statement of reasons to the notifier. Without "
                       "it, the reason above is used."),
        render_kw={"rows": 3},
    )
