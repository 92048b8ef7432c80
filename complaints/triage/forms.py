"""Triage forms: a page of low-risk stories to publish, a near-duplicate group's decision, and
the word list."""

from __future__ import annotations

import re

from flask_wtf import FlaskForm
from wtforms import Field, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from complaints.cases.forms import no_control_characters
from complaints.dueprocess.fields import ground_field
from complaints.formats import lazy_gettext as _l
from complaints.triage.models import WORD_SEVERITY_LABELS, RiskWord
from complaints.triage.services import BATCH_MAX

_ITEM = re.compile(r"([1-9][0-9]{0,9}):([0-9]{1,9})")
ID_MAX = 2**31 - 1  # the database's integer column (as `urls.IdConverter`)


class StoryVersions(Field):
    """Stories as the page showed them, each "id:version", so a story that changed since is
    reported back instead of acted on. `empty` is the message when none came."""

    def __init__(self, label=None, validators=None, *, empty=None, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.empty = empty

    def process_formdata(self, valuelist):
        self.data = list(valuelist)

    def _value(self):
        return ""

    def pre_validate(self, form):
        values = self.data or []
        if not values:
            raise ValidationError(self.empty)
        if len(values) > BATCH_MAX:
            raise ValidationError(_l("At most %(max)d stories at once.", max=BATCH_MAX))
        parsed = []
        for value in values:
            match = _ITEM.fullmatch(value or "")
            if match is None or int(match.group(1)) > ID_MAX:
                raise ValidationError(_l("This list of stories is not valid; load the page "
                                         "again."))
            parsed.append((int(match.group(1)), int(match.group(2))))
        self.data = parsed


class BatchApproveForm(FlaskForm):
    items = StoryVersions(_l("Stories to publish"),
                          empty=_l("Tick the stories you want to publish."))


class MergeGroupForm(FlaskForm):
    lead = SelectField(_l("The story to publish"), coerce=int, validate_choice=False,
                       validators=[DataRequired(message=_l("Choose the story to publish."))])
    ground = ground_field()
    shown = StoryVersions(empty=_l("This list of stories is not valid; load the page again."))


class HoldGroupForm(FlaskForm):
    note = TextAreaField(
        _l("Why you hold this group (for moderators)"),
        validators=[Optional(), Length(max=1000, message=_l("At most %(max)d characters.",
                                                            max=1000)),
                    no_control_characters],
        render_kw={"rows": 2})


TERM_MAX = RiskWord.__table__.c.term.type.length


class WordForm(FlaskForm):
    term = StringField(
        _l("Word or phrase"),
        description=_l("Matched as a whole word, in capitals or not. End it with * to match "
                       "every ending: “oplicht*” finds “oplichters”."),
        validators=[DataRequired(message=_l("Fill in a word or phrase.")),
                    Length(min=2, max=TERM_MAX, message=_l(
                        "A word or phrase has 2 to %(max)d characters.", max=TERM_MAX)),
                    no_control_characters])
    language = SelectField(_l("Language"), choices=[SelectChoice("nl", _l("Dutch")),
                                                     SelectChoice("en", _l("English"))])
    severity = SelectField(
        _l("What it signals"),
        choices=[SelectChoice(str(value), label) for value, label in
                 WORD_SEVERITY_LABELS.items()],
        description=_l("Abusive wording puts a story in the normal lane; possibly defamatory "
                       "wording (an accusation of a crime) in the high-risk lane."))
