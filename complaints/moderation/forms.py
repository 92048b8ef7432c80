"""Moderation forms, and the form anyone signed in uses to report a complaint."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional
from wtforms.widgets import HiddenInput

from complaints.cases.forms import (
    BODY_MAX,
    BODY_MIN,
    OUTCOME_MAX,
    TITLE_MAX,
    TITLE_MIN,
    no_control_characters,
)
from complaints.dueprocess.fields import ground_field
from complaints.formats import lazy_gettext as _l
from complaints.moderation.models import FLAG_REASON_LABELS

NOTE_MAX = 1000


def _note(label, description=None, required_message=None) -> TextAreaField:
    validators = [DataRequired(message=required_message)] if required_message else [Optional()]
    return TextAreaField(
        label,
        validators=[*validators, Length(max=NOTE_MAX, message=_l("At most %(max)d characters.",
                                                                 max=NOTE_MAX)),
                    no_control_characters],
        description=description,
        render_kw={"rows": 3},
    )


class RejectForm(FlaskForm):
    reason = SelectField(_l("Reason"), validators=[DataRequired(
        message=_l("Choose a reason to reject the complaint."))])
    note = _note(_l("Reason for the author"),
                 _l("Mailed to the author and shown on their complaint. Not public."))
    ground = ground_field()
    private_note = _note(_l("Internal note"),
                         _l("Only moderators see this, in the moderation log. Never sent."))

    def __init__(self, *args, reasons=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.reason.choices = [("", _l("Choose a reason"))] + [(r.slug, r.label) for r in reasons]


class RemoveForm(FlaskForm):
    public_reason = _note(
        _l("Public reason"),
        _l("Shown on the page of the removed complaint and in the public moderation log."),
        _l("Give the public reason for the removal."))
    ground = ground_field()
    private_note = _note(_l("Note for moderators (not public)"))


class EditComplaintForm(FlaskForm):
    title = StringField(
        _l("Title"),
        validators=[DataRequired(message=_l("Give the complaint a title.")),
                    Length(min=TITLE_MIN, max=TITLE_MAX,
                           message=_l("A title has %(min)d to %(max)d characters.",
                                      min=TITLE_MIN, max=TITLE_MAX)),
                    no_control_characters],
    )
    body = TextAreaField(
        _l("Story"),
        validators=[DataRequired(message=_l("The story cannot be empty.")),
                    Length(min=BODY_MIN, max=BODY_MAX,
                           message=_l("The story has %(min)d to %(max)d characters.",
                                      min=BODY_MIN, max=BODY_MAX)),
                    no_control_characters],
        render_kw={"rows": 14},
    )
    desired_outcome = TextAreaField(
        _l("What the consumer asks for"),
        validators=[Optional(), Length(max=OUTCOME_MAX,
                                       message=_l("At most %(max)d characters.", max=OUTCOME_MAX)),
                    no_control_characters],
        render_kw={"rows": 3},
    )
    public_reason = _note(_l("Public reason (optional)"),
                          _l("For example: “Personal data removed”. Shown in the public log."))
    ground = ground_field()
    private_note = _note(_l("Note for moderators (not public)"))
    version_id = IntegerField(validators=[InputRequired()], widget=HiddenInput())
    redact_pii = BooleanField(default=False)


class BanForm(FlaskForm):
    reason = _note(_l("Why you block this account"),
                   _l("Sent to the person in the statement of reasons; not public."),
                   required_message=_l("Write down why you block this account."))
    ground = ground_field()


class UnbanForm(FlaskForm):
    note = _note(_l("Note (not public)"))


class DismissFlagsForm(FlaskForm):
    note = _note(_l("Note for moderators (not public)"))


class ReviewForm(FlaskForm):
    """Put a company's score "onder de loep", or end that."""

    public_reason = _note(
        _l("Public reason"),
        _l("Shown on the company page instead of the score, and in the public moderation log."),
        _l("Give the public reason."))
    private_note = _note(_l("Note for moderators (not public)"))


class RenameCompanyForm(FlaskForm):
    name = StringField(
        _l("New name"),
        validators=[DataRequired(message=_l("Fill in the name.")),
                    Length(min=2, max=120, message=_l("A company name has 2 to 120 characters.")),
                    no_control_characters],
    )


class MergeCompanyForm(FlaskForm):
    target = StringField(
        _l("Merge into"),
        validators=[DataRequired(message=_l("Fill in the listed company to merge into.")),
                    Length(max=120), no_control_characters],
        description=_l("The name of a listed company."),
        render_kw={"autocomplete": "off", "list": "company-suggestions",
                   "data-suggest-url": "/companies/suggest"},
    )


class ReasonForm(FlaskForm):
    label_nl = StringField(
        _l("Reason in Dutch"),
        validators=[DataRequired(message=_l("Fill in the Dutch text.")),
                    Length(min=3, max=200, message=_l("A label has 3 to 200 characters.")),
                    no_control_characters])
    label_en = StringField(
        _l("Reason in English"),
        validators=[DataRequired(message=_l("Fill in the English text.")),
                    Length(min=3, max=200, message=_l("A label has 3 to 200 characters.")),
                    no_control_characters])


class FlagForm(FlaskForm):
    reason = RadioField(
        _l("What is wrong with it?"),
        choices=[SelectChoice(str(value), label) for value, label in FLAG_REASON_LABELS.items()],
        validators=[InputRequired(message=_l("Choose why you report this."))],
    )
    note = _note(_l("Explanation (optional)"),
                 _l("Only moderators read this. Do not repeat personal data here."))


class LogFilterForm(FlaskForm):
    """The action filter above a log (GET, no CSRF)."""

    class Meta:
        csrf = False

    action = SelectField(_l("Action"), validators=[Optional()])

    def __init__(self, *args, actions=(), labels=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.action.choices = [("", _l("All actions"))] + [
            (str(action), labels[action]) for action in actions]
