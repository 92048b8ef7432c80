"""The team page's form for a new webhook endpoint."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import SelectChoice, StringField
from wtforms.validators import DataRequired, Length

from complaints.formats import lazy_gettext as _l
from complaints.outcomes.forms import CheckboxListField
from complaints.webhooks.addresses import URL_MAX
from complaints.webhooks.models import EVENT_LABELS, SUBSCRIBABLE


class EndpointForm(FlaskForm):
    url = StringField(
        _l("Address of your receiver (URL)"),
        validators=[DataRequired(message=_l("Give the address that should receive the "
                                            "events.")),
                    Length(max=URL_MAX, message=_l("At most %(max)d characters.",
                                                   max=URL_MAX))],
        description=_l("A public https:// address of your own system, for example "
                       "https://hooks.example.com/helpdeskhel."),
        render_kw={"inputmode": "url", "autocomplete": "off", "spellcheck": "false"})
    events = CheckboxListField(
        _l("Send these events"),
        coerce=str,
        choices=[SelectChoice(event.value, EVENT_LABELS[event]) for event in SUBSCRIBABLE],
        validators=[DataRequired(message=_l("Choose at least one event."))])
