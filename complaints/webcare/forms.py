"""Forms of the company side: claim, profile, team, and the inbox filters."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import EmailField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, NumberRange, Optional, ValidationError

from complaints.cases import queries as case_queries
from complaints.cases.forms import no_control_characters
from complaints.cases.workflow import STATUS_LABELS, UNRESOLVED_STATUSES, Status
from complaints.dueprocess.fields import ground_field
from complaints.formats import lazy_gettext as _l
from complaints.outcomes.forms import CheckboxListField


def _person_fields():
    name = StringField(
        _l("Your name"),
        validators=[DataRequired(message=_l("Fill in your name.")),
                    Length(min=2, max=80, message=_l("Fill in 2 to %(max)d characters.",
                                                     max=80)),
                    no_control_characters],
        description=_l("Shown with every public reply you write for the company."),
        render_kw={"autocomplete": "name"},
    )
    job_title = StringField(
        _l("Job title"),
        validators=[DataRequired(message=_l("Fill in your job title.")),
                    Length(min=2, max=80, message=_l("Fill in 2 to %(max)d characters.",
                                                     max=80)),
                    no_control_characters],
        description=_l("For example: webcare team lead."),
        render_kw={"autocomplete": "organization-title"},
    )
    return name, job_title


def _work_email(label, description) -> EmailField:
    return EmailField(
        label,
        validators=[DataRequired(message=_l("Fill in the work e-mail address.")),
                    Length(max=254),
                    Email(message=_l("This is not a valid e-mail address."),
                          check_deliverability=False)],
        description=description,
        render_kw={"autocomplete": "email"},
    )


class ClaimForm(FlaskForm):
    name, job_title = _person_fields()
    work_email = _work_email(
        _l("Work e-mail address"),
        _l("We send a link there. An address on the company's own domain is approved as soon "
           "as you follow the link; otherwise a moderator checks your claim."))


class AcceptInvitationForm(FlaskForm):
    name, job_title = _person_fields()


class InviteForm(FlaskForm):
    email = _work_email(_l("Colleague's work e-mail address"),
                        _l("On one of the company's domains. The link is valid for 7 days."))


def one_line(form, field) -> None:
    if any(char in (field.data or "") for char in "\r\n"):
        raise ValidationError(_l("Write it on one line."))


class ProfileForm(FlaskForm):
    description = TextAreaField(
        _l("About the company"),
        validators=[Optional(), Length(max=2000, message=_l("At most %(max)d characters.",
                                                            max=2000)),
                    no_control_characters],
        render_kw={"rows": 4},
    )
    website = StringField(_l("Website"), validators=[Optional(), Length(max=255),
                                                     no_control_characters])
    domains = TextAreaField(
        _l("Web domains"),
        validators=[DataRequired(message=_l("Keep at least one web domain.")),
                    Length(max=2000), no_control_characters],
        description=_l("One per line. Colleagues and claims with an e-mail address on these "
                       "domains are recognised as the company."),
        render_kw={"rows": 3},
    )
    contact_channels = TextAreaField(
        _l("How customers reach you"),
        validators=[Optional(), Length(max=2000, message=_l("At most %(max)d characters.",
                                                            max=2000)),
                    no_control_characters],
        description=_l("Phone numbers, opening hours, chat, social media; one per line."),
        render_kw={"rows": 4},
    )
    office_address = StringField(
        _l("Office address"),
        validators=[Optional(), Length(max=200, message=_l("At most %(max)d characters.",
                                                           max=200)),
                    one_line, no_control_characters],
        description=_l("Street and number, postcode and town, on one line. Shown on your page; "
                       "in complaints about you it is not hidden as personal data."),
        render_kw={"autocomplete": "street-address"},
    )
    response_promise_hours = IntegerField(
        _l("We answer complaints within (hours)"),
        validators=[Optional(), NumberRange(min=1, max=720, message=_l(
            "Fill in a number from %(min)d to %(max)d.", min=1, max=720))],
        description=_l("Your own promise. The inbox shows how long each complaint has waited "
                       "against it."),
        render_kw={"inputmode": "numeric", "min": 1, "max": 720},
    )
    memberships = CheckboxListField(
        _l("We are a member of…"),
        description=_l("Disputes committees that take complaints only about their members. "
                       "Consumers whose complaint about you is stuck are pointed to them."))


class InboxFilterForm(FlaskForm):
    """The filters above the inbox (GET, no CSRF)."""

    class Meta:
        csrf = False

    status = SelectField(_l("Status"), validators=[Optional()])
    category = SelectField(_l("Category"), validators=[Optional()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.status.choices = [("", _l("All unresolved"))] + [
            (s.value, STATUS_LABELS[s]) for s in Status if s in UNRESOLVED_STATUSES]
        self.category.choices = [("", _l("All categories"))] + [
            (c.slug, c.label) for c in case_queries.categories()]


class RefuseClaimForm(FlaskForm):
    reason = TextAreaField(
        _l("Why (sent to the claimant)"),
        validators=[DataRequired(message=_l("Tell the claimant why.")),
                    Length(max=1000), no_control_characters],
        render_kw={"rows": 3},
    )
    ground = ground_field()
