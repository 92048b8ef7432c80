"""Account forms: shape checks only; uniqueness and passwords are checked by the services."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    PasswordField,
    RadioField,
    SelectChoice,
    StringField,
)
from wtforms.validators import DataRequired, Email, Length, ValidationError

from complaints.formats import lazy_gettext as _l

PASSWORD_MIN = 10
PASSWORD_MAX = 128


def _email_field(label=None) -> EmailField:
    return EmailField(
        label or _l("E-mail address"),
        validators=[
            DataRequired(message=_l("Fill in your e-mail address.")),
            Length(max=254, message=_l("An e-mail address has at most 254 characters.")),
            Email(message=_l("This is not a valid e-mail address."), check_deliverability=False),
        ],
        render_kw={"autocomplete": "email"},
    )


def _new_password_field(label) -> PasswordField:
    return PasswordField(
        label,
        validators=[
            DataRequired(message=_l("Choose a password.")),
            Length(
                min=PASSWORD_MIN,
                max=PASSWORD_MAX,
                message=_l("A password has %(min)d to %(max)d characters.",
                           min=PASSWORD_MIN, max=PASSWORD_MAX),
            ),
        ],
        description=_l("At least %(min)d characters. A sentence of a few words is strong and "
                       "easy to remember.", min=PASSWORD_MIN),
        render_kw={"autocomplete": "new-password"},
    )


def _no_control_characters(form, field) -> None:
    if any(ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0 for ch in field.data or ""):
        raise ValidationError(_l("Use letters, digits, spaces and punctuation only."))


class RegisterForm(FlaskForm):
    email = _email_field()
    display_name = StringField(
        _l("Display name"),
        validators=[
            DataRequired(message=_l("Choose a display name.")),
            Length(min=2, max=60, message=_l("A display name has 2 to 60 characters.")),
            _no_control_characters,
        ],
        description=_l("Shown with your complaints. Your e-mail address is never shown."),
        render_kw={"autocomplete": "nickname"},
    )
    password = _new_password_field(_l("Password"))

    def validate_display_name(self, field) -> None:
        if "@" in (field.data or ""):
            raise ValidationError(_l("Do not use an e-mail address as your display name."))


class LoginForm(FlaskForm):
    email = _email_field()
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(message=_l("Fill in your password.")),
                    Length(max=PASSWORD_MAX)],
        render_kw={"autocomplete": "current-password"},
    )
    remember = BooleanField(_l("Keep me signed in on this device"))


class ResetRequestForm(FlaskForm):
    email = _email_field()


class ResetPasswordForm(FlaskForm):
    password = _new_password_field(_l("New password"))


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(
        _l("Current password"),
        validators=[DataRequired(message=_l("Fill in your current password.")),
                    Length(max=PASSWORD_MAX)],
        render_kw={"autocomplete": "current-password"},
    )
    new_password = _new_password_field(_l("New password"))


class ConfirmForm(FlaskForm):
    """A form with only the CSRF token, for buttons that change something (log out, resend)."""


class DeleteAccountForm(FlaskForm):
    keep_complaints = RadioField(
        _l("What happens to your complaints?"),
        choices=[
            SelectChoice("remove", _l("Remove them: they disappear from the site and their text "
                                      "is erased.")),
            SelectChoice("keep", _l("Keep my published complaints public, under the name "
                                    "“deleted user”.")),
        ],
        validators=[DataRequired(message=_l("Choose what happens to your complaints."))],
    )
    password = PasswordField(
        _l("Your password, to confirm"),
        validators=[DataRequired(message=_l("Fill in your password.")),
                    Length(max=PASSWORD_MAX)],
        render_kw={"autocomplete": "current-password"},
    )
