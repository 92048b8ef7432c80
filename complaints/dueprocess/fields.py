"""The form field every restricting decision carries: the ground it rests on."""

from __future__ import annotations

from wtforms import SelectChoice, SelectField
from wtforms.validators import DataRequired

from complaints.dueprocess import grounds
from complaints.formats import lazy_gettext as _l


def _choices() -> list[SelectChoice]:
    """A prompt, then the house rules and the laws, each group under its own heading."""
    return [SelectChoice("", _l("Choose a house rule or the law"))] + [
        SelectChoice(value, label, optgroup=group)
        for group, options in grounds.choices() for value, label in options]


def ground_field(label=None) -> SelectField:
    """A select of the house rules and the laws (the statement of reasons cites it)."""
    return SelectField(
        label or _l("Ground"),
        choices=_choices,
        validators=[DataRequired(message=_l("Choose the house rule or the law this decision "
                                            "rests on."))],
        description=_l("The person affected gets it in the statement of reasons, with a link "
                       "to the rule."),
    )
