"""The one way a page with a form runs a service: validate, call, tell, redirect or show again.

Views that follow the common shape (a form page whose POST calls one service) use
`run_form`, so error handling reads the same everywhere: a business rule's refusal is shown
next to its field with status 422, and "someone else was first" is a flash message.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import flash, redirect, render_template
from flask_wtf import FlaskForm

from complaints.errors import AlreadyHandled, DomainError, populate_errors


def run_form(form: FlaskForm, operation: Callable[[], object], *, success: str,
             redirect_to: str | Callable[[object], str], template: str, **context):
    """On a valid POST run `operation`; on success flash `success` and redirect (303) to
    `redirect_to` (a URL, or a function of the operation's result); otherwise render
    `template` with the form, 422 when there are errors."""
    if form.validate_on_submit():
        try:
            result = operation()
        except AlreadyHandled as error:
            flash(error.message, "error")
        except DomainError as error:
            populate_errors(form, error)
        else:
            flash(success, "success")
            target = redirect_to(result) if callable(redirect_to) else redirect_to
            return redirect(target, 303)
    status = 422 if form.errors or form.form_errors else 200
    return render_template(template, form=form, **context), status
