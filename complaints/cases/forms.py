"""The complaint form and its shape checks; which company is meant is decided by the service."""

from __future__ import annotations

from datetime import date

from flask_babel import format_number, gettext
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from complaints.cases import queries
from complaints.cases.workflow import PUBLIC_STATUSES, STATUS_LABELS, Status
from complaints.companies.services import sectors
from complaints.evidence.forms import attachments_field
from complaints.formats import lazy_gettext as _l

TITLE_MIN, TITLE_MAX = 10, 140
BODY_MIN, BODY_MAX = 50, 20_000
OUTCOME_MAX = 1_000


def no_control_characters(form, field) -> None:
    text = field.data or ""
    if any((ord(ch) < 32 and ch not in "\n\r\t") or ord(ch) == 0x7F for ch in text):
        raise ValidationError(_l("This text contains characters that cannot be shown."))


def _story_length(form, field) -> None:
    """The story's limits, checked here and not by the browser: a `maxlength` would silently
    cut a longer paste mid-word, so the text comes back whole with how much is too much."""
    length = len(field.data or "")
    if length > BODY_MAX:
        raise ValidationError(gettext(
            "Your story is %(length)s characters long; the limit is %(max)s. Shorten it by "
            "%(over)s characters: your text is kept below.",
            length=format_number(length), max=format_number(BODY_MAX),
            over=format_number(length - BODY_MAX)))
    if length < BODY_MIN:
        raise ValidationError(gettext("Tell a bit more: your story needs at least %(min)d "
                                      "characters.", min=BODY_MIN))


def _not_blank(form, field) -> None:
    if field.data is not None and isinstance(field.data, str) and not field.data.strip():
        raise ValidationError(_l("This field cannot be only spaces."))


class ComplaintForm(FlaskForm):
    company = StringField(
        _l("Company"),
        validators=[DataRequired(message=_l("Fill in the company your complaint is about.")),
                    Length(min=2, max=120, message=_l("A company name has 2 to 120 characters.")),
                    no_control_characters],
        description=_l("The name as the company uses it, or its web address."),
        render_kw={"autocomplete": "off", "list": "company-suggestions",
                   "data-suggest-url": "/companies/suggest"},
    )
    # Filled from the radio buttons shown when the typed name was not exact: a company's
    # slug, or "new" to propose the typed name as a new company.
    company_choice = StringField(validators=[Optional(), Length(max=140)])
    new_company_sector = SelectField(_l("Sector of the new company"), validators=[Optional()])
    new_company_website = StringField(
        _l("Website of the new company (optional)"),
        validators=[Optional(), Length(max=255)],
    )
    title = StringField(
        _l("Title"),
        validators=[DataRequired(message=_l("Give your complaint a title.")),
                    Length(min=TITLE_MIN, max=TITLE_MAX,
                           message=_l("A title has %(min)d to %(max)d characters.",
                                      min=TITLE_MIN, max=TITLE_MAX)),
                    _not_blank, no_control_characters],
        description=_l("One line that says what went wrong, for example “Seven calls about an "
                       "outage, a different answer every time”."),
    )
    body = TextAreaField(
        _l("Your story"),
        validators=[DataRequired(message=_l("Tell what happened.")),
                    _story_length, _not_blank, no_control_characters],
        description=_l("What happened, when, and whom you spoke to, in at most 20,000 "
                       "characters. Leave out personal data such as your address, phone number, "
                       "customer number or bank account: they do not belong in public. You can "
                       "use Markdown: **bold**, *italic*, lists with a dash."),
        # No `maxlength`: the server judges the length and keeps a too long text whole.
        render_kw={"rows": 12, "data-counter-max": BODY_MAX,
                   "data-counter-text": _l("{count} of {max} characters"),
                   "data-counter-over": _l("That is {over} too many: shorten your story.")},
    )
    category = SelectField(
        _l("Category"),
        validators=[InputRequired(message=_l("Choose a category."))],
    )
    contacts_before = IntegerField(
        _l("How many times did you contact the company before this complaint?"),
        validators=[InputRequired(message=_l("Fill in a number, 0 if you did not contact them.")),
                    NumberRange(min=0, max=99, message=_l("Fill in a number from 0 to 99."))],
        description=_l("Calls, e-mails, chats and visits together. Repeat contacts are the "
                       "clearest sign that a helpdesk fails."),
        render_kw={"min": 0, "max": 99, "inputmode": "numeric"},
    )
    first_contact_on = DateField(
        _l("Date of your first contact (optional)"),
        validators=[Optional()],
    )
    desired_outcome = TextAreaField(
        _l("What would you like the company to do? (optional)"),
        validators=[Optional(), Length(max=OUTCOME_MAX,
                                       message=_l("At most %(max)d characters.", max=OUTCOME_MAX)),
                    no_control_characters],
        render_kw={"rows": 3},
    )
    # Sent by the "replace it for me" button when the personal-data guard found something.
    attachments = attachments_field()
    redact_pii = BooleanField(default=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.category.choices = [("", _l("Choose a category"))] + [
            (c.slug, c.label) for c in queries.categories()
        ]
        self.new_company_sector.choices = [("", _l("Choose a sector"))] + [
            (s.slug, s.label) for s in sectors()
        ]

    def validate_category(self, field) -> None:
        if not field.data:
            raise ValidationError(_l("Choose a category."))

    def validate_first_contact_on(self, field) -> None:
        if field.data is None:
            return
        if field.data > date.today():
            raise ValidationError(_l("This date is in the future."))
        if field.data < date(1990, 1, 1):
            raise ValidationError(_l("Fill in a date after 1990."))


class ComplaintFilterForm(FlaskForm):
    """The filters above the list of complaints (GET, so no CSRF)."""

    class Meta:
        csrf = False

    category = SelectField(_l("Category"), validators=[Optional()])
    status = SelectField(_l("Status"), validators=[Optional()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.category.choices = [("", _l("All categories"))] + [
            (c.slug, c.label) for c in queries.categories()
        ]
        self.status.choices = [("", _l("All statuses"))] + [
            (s.value, STATUS_LABELS[s]) for s in Status if s in PUBLIC_STATUSES
        ]
