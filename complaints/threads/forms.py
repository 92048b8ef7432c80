"""Forms of the thread: reply, private message, resolve, and the contact ledger."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
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

from complaints.cases.forms import no_control_characters
from complaints.evidence.files import MAX_BYTES
from complaints.evidence.forms import attachments_field
from complaints.evidence.services import MAX_FILES
from complaints.formats import lazy_gettext as _l
from complaints.outcomes.models import PROMISE_KIND_LABELS
from complaints.threads.models import CHANNEL_LABELS
from complaints.threads.services import MESSAGE_MAX, REPLY_MAX, TICKET_MAX

# Stars from 1 to 5 in reading order (templates/_macros/forms.html `star_rating`), then the
# choice to give none, which is the default.
RATING_CHOICES = [
    SelectChoice(str(n), label) for n, label in (
        (1, _l("1 — very poor")), (2, _l("2 — poor")), (3, _l("3 — reasonable")),
        (4, _l("4 — good")), (5, _l("5 — very good")))] + [SelectChoice("", _l("No rating"))]


class ReplyForm(FlaskForm):
    body = TextAreaField(
        _l("Your reply"),
        validators=[DataRequired(message=_l("Write a message first.")),
                    Length(max=REPLY_MAX, message=_l("At most %(max)d characters.",
                                                     max=REPLY_MAX)),
                    no_control_characters],
        description=_l("Public: everyone can read it. Leave out personal data; use a private "
                       "message for account numbers, addresses and the like."),
        render_kw={"rows": 5},
    )
    redact_pii = BooleanField(default=False)
    confirm_public = BooleanField(default=False)
    # A promise, for representatives only ("Make a promise (optional)"); the rules are in
    # outcomes.promises.check_terms, which names these fields in its refusals.
    promise_kind = SelectField(
        _l("What do you promise?"),
        choices=[SelectChoice("", _l("No promise"))] + [
            SelectChoice(str(kind), label) for kind, label in PROMISE_KIND_LABELS.items()],
        default="", validators=[Optional()])
    promise_amount = StringField(
        _l("Amount in euros"),
        validators=[Optional(), Length(max=20, message=_l("At most %(max)d characters.",
                                                          max=20))],
        description=_l("For a refund or a credit note, such as 40 or 40,50."),
        render_kw={"inputmode": "decimal", "autocomplete": "off"})
    promise_due = DateField(
        _l("Kept by"), validators=[Optional()],
        description=_l("On this day we ask the consumer whether you kept the promise. At most "
                       "a year ahead."))


class PrivateMessageForm(FlaskForm):
    body = TextAreaField(
        _l("Private message"),
        validators=[DataRequired(message=_l("Write a message first.")),
                    Length(max=MESSAGE_MAX, message=_l("At most %(max)d characters.",
                                                       max=MESSAGE_MAX)),
                    no_control_characters],
        description=_l("Only the author, the company's representatives and moderators can "
                       "read this."),
        render_kw={"rows": 4},
    )
    attachments = attachments_field(
        _l("Files (optional)"),
        _l("JPEG, PNG, WebP or PDF, at most %(files)d files of %(mb)d MB each, seen only by the "
           "people in this conversation and the moderators.", files=MAX_FILES,
           mb=MAX_BYTES // 2**20), id="message-files")


class ResolveForm(FlaskForm):
    rating = RadioField(_l("How did the company handle it? (optional)"),
                        choices=RATING_CHOICES, default="", validators=[Optional()])
    closing_note = TextAreaField(
        _l("A closing word (optional, public)"),
        validators=[Optional(), Length(max=1000, message=_l("At most %(max)d characters.",
                                                            max=1000)),
                    no_control_characters],
        render_kw={"rows": 2},
    )
    again = RadioField(
        _l("Would you do business with them again? (optional)"),
        choices=[SelectChoice("yes", _l("Yes")), SelectChoice("no", _l("No"))],
        validate_choice=False,
        validators=[Optional(), AnyOf(["yes", "no"], message=_l("Choose yes or no."))],
    )
    redact_pii = BooleanField(default=False)

    def rating_value(self) -> int | None:
        return int(self.rating.data) if self.rating.data else None

    def again_value(self) -> bool | None:
        """The answer to "would you do business with them again?" (None: not answered)."""
        return {"yes": True, "no": False}.get(self.again.data or "")


class ContactForm(FlaskForm):
    contacted_on = DateField(_l("Date"), validators=[InputRequired(message=_l(
        "Fill in the date of the contact."))])
    channel = SelectField(_l("How"), choices=[SelectChoice("", _l("Choose"))] + [
        SelectChoice(str(value), label) for value, label in CHANNEL_LABELS.items()],
        validators=[DataRequired(message=_l("Choose how you contacted the company."))])
    minutes_waited = IntegerField(
        _l("Minutes waited (optional)"),
        validators=[Optional(), NumberRange(min=0, max=1440, message=_l(
            "Fill in a number from %(min)d to %(max)d.", min=0, max=1440))],
        render_kw={"inputmode": "numeric", "min": 0, "max": 1440},
    )
    reached_human = BooleanField(_l("I spoke to a person"))
    ticket_number = StringField(
        _l("Ticket or reference number (optional)"),
        validators=[Optional(), Length(max=TICKET_MAX), no_control_characters],
        description=_l("Only you and the company's representatives see it."),
    )

