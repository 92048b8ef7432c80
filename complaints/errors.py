"""Domain errors raised by services, carrying (field, message) pairs for the form."""

from __future__ import annotations

from flask_wtf import FlaskForm


class DomainError(Exception):
    """A business rule refused the operation; nothing was saved.

    `errors` is a list of (field name or None, message); views put them on the form with
    `populate_errors` so the person sees each message next to the field it is about.
    """

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.errors: list[tuple[str | None, str]] = [(field, message)]

    @property
    def message(self) -> str:
        return "; ".join(str(message) for _, message in self.errors)


class NotAllowed(DomainError):
    """The person may not do this (the view answers 403)."""


class AlreadyHandled(DomainError):
    """Someone else changed the item first (another moderator, another tab)."""


def populate_errors(form: FlaskForm, error: DomainError) -> None:
    for field_name, message in error.errors:
        field = getattr(form, field_name, None) if field_name else None
        if field is not None:
            field.errors = [*field.errors, message]
        else:
            form.form_errors.append(message)
