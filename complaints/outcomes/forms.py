"""Forms of outcomes: the author's answer about a promise; for next steps and escalations,
the moderators' table of bodies, the author's record of an escalation and its outcome, and the
list of checkboxes a company's profile uses for its memberships."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    AnyOf,
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
)
from wtforms.widgets import CheckboxInput, ListWidget

from complaints.cases.forms import no_control_characters
from complaints.formats import lazy_gettext as _l
from complaints.outcomes.escalations import BODY_NAME_MAX, REFERENCE_MAX
from complaints.outcomes.models import (
    BODY_KIND_LABELS,
    ESCALATION_OUTCOME_LABELS,
    PromiseOutcome,
)
from complaints.outcomes.next_steps import NAME_MAX, TEXT_MAX, URL_MAX

OTHER_BODY = "other"


class CheckboxListField(SelectMultipleField):
    """A multiple choice as a list of checkboxes (render it with the `radios` macro, which
    makes it a fieldset with a legend). Ids as integers; nothing ticked is an empty list."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("coerce", int)
        super().__init__(label, validators, **kwargs)

    def pre_validate(self, form) -> None:
        """Unknown ids are the service's to refuse, with a message on the field."""


def _text(label, rows: int = 2) -> TextAreaField:
    return TextAreaField(label, validators=[
        DataRequired(message=_l("Fill this in, in both languages.")),
        Length(max=TEXT_MAX, message=_l("At most %(max)d characters.", max=TEXT_MAX)),
        no_control_characters], render_kw={"rows": rows})


class BodyForm(FlaskForm):
    name = StringField(_l("Name"), validators=[
        DataRequired(message=_l("Fill in the name.")),
        Length(max=NAME_MAX, message=_l("At most %(max)d characters.", max=NAME_MAX)),
        no_control_characters])
    kind = SelectField(_l("Kind"), choices=[
        SelectChoice(kind.value, label) for kind, label in BODY_KIND_LABELS.items()],
        validators=[DataRequired(message=_l("Choose a kind."))])
    url = StringField(_l("Web address"), validators=[
        DataRequired(message=_l("Fill in a web address that starts with https://.")),
        Length(max=URL_MAX, message=_l("At most %(max)d characters.", max=URL_MAX))],
        render_kw={"inputmode": "url", "placeholder": "https://"})
    description_nl = _text(_l("What it is for (Dutch)"), rows=3)
    description_en = _text(_l("What it is for (English)"), rows=3)
    cost_nl = _text(_l("Cost (Dutch)"))
    cost_en = _text(_l("Cost (English)"))
    time_limit_nl = _text(_l("Time limits (Dutch)"))
    time_limit_en = _text(_l("Time limits (English)"))
    sectors = CheckboxListField(_l("Sectors"),
                                description=_l("None ticked: every sector."))
    categories = CheckboxListField(_l("Categories"),
                                   description=_l("None ticked: every category."))
    membership_required = BooleanField(_l("Only for companies that declare they are a member"))
    active = BooleanField(_l("Shown to consumers"), default=True)
    position = IntegerField(_l("Position"), default=0, validators=[
        InputRequired(message=_l("Fill in a number from %(min)d to %(max)d.", min=0, max=1000)),
        NumberRange(min=0, max=1000, message=_l("Fill in a number from %(min)d to %(max)d.",
                                                min=0, max=1000))],
        description=_l("Lower numbers come first within a kind."),
        render_kw={"inputmode": "numeric"})

    def __init__(self, *args, sectors=(), categories=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.sectors.choices = [(s.id, s.label) for s in sectors]
        self.categories.choices = [(c.id, c.label) for c in categories]


class EscalationForm(FlaskForm):
    body = SelectField(_l("Where did you take it?"), validators=[
        DataRequired(message=_l("Choose where you took your complaint."))])
    body_name = StringField(
        _l("The name of the other body"),
        validators=[Optional(), Length(max=BODY_NAME_MAX, message=_l(
            "At most %(max)d characters.", max=BODY_NAME_MAX)), no_control_characters],
        description=_l("Only when it is not in the list. Shown in public."))
    escalated_on = DateField(_l("When"), validators=[InputRequired(message=_l(
        "Fill in a date."))])
    reference = StringField(
        _l("Case number (optional)"),
        validators=[Optional(), Length(max=REFERENCE_MAX, message=_l(
            "At most %(max)d characters.", max=REFERENCE_MAX)), no_control_characters],
        description=_l("For yourself; it is never shown in public."))

    def __init__(self, *args, bodies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.body.choices = ([SelectChoice("", _l("Choose"))]
                             + [SelectChoice(str(b.id), b.name) for b in bodies]
                             + [SelectChoice(OTHER_BODY, _l("Another body"))])

    def body_id(self) -> int | None:
        return int(self.body.data) if (self.body.data or "").isdigit() else None


class OutcomeForm(FlaskForm):
    outcome = RadioField(_l("How did it end?"), choices=[
        SelectChoice(value.value, label) for value, label in ESCALATION_OUTCOME_LABELS.items()],
        validators=[DataRequired(message=_l("Choose how it ended."))])
    outcome_on = DateField(_l("Date"), validators=[InputRequired(message=_l("Fill in a date."))])


class PromiseAnswerForm(FlaskForm):
    """Two buttons named `answer`: "kept" or "not_kept"."""

    answer = StringField(validators=[
        DataRequired(message=_l("Choose kept or not kept.")),
        AnyOf([outcome.value for outcome in PromiseOutcome],
              message=_l("Choose kept or not kept."))])
