"""The one way a view runs a form: validate, call one service, tell the person, then redirect
or show the form again.

Every form POST of the site goes through `run_form`, so a refusal reads the same everywhere:

- the form's own checks failed, or the service refused (`DomainError`): each message is put
  next to the field it is about and the page is shown again with status 422; a button or a
  small form that lives on another page has no page of its own to show, so its messages are
  flashed and the person goes back to that page;
- someone else was first (`AlreadyHandled`): a flash message and a fresh look at the item;
- it worked: a flash message and a redirect (303), so reloading the page does not send the
  form twice.

Permission checks stay in the view, before `run_form`, through `permissions`; a service's own
`NotAllowed` means the item changed in between and is shown like any other refusal.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask import abort, flash, redirect, render_template
from flask.typing import ResponseReturnValue
from flask_wtf import FlaskForm

from complaints.errors import AlreadyHandled, DomainError, populate_errors

T = TypeVar("T")
Target = str | Callable[[Any], str]


def run_form(form: FlaskForm, operation: Callable[[], T], *,
             success: str | Callable[[T], str | None] | None, redirect_to: Target,
             render: str | Callable[..., ResponseReturnValue] | None = None,
             on_error: Callable[[DomainError], dict | None] | None = None,
             back: str | None = None, category: str = "error",
             show: Callable[[T], ResponseReturnValue] | None = None,
             **context) -> ResponseReturnValue:
    """On a valid POST run `operation` (one service call) and redirect; otherwise show why.

    - `success`: the message flashed after it worked (or a function of the result; None for
      none); `redirect_to`: where to go then, a URL or a function of the result.
    - `render`: how to show the form again: a template (rendered with `form` and `context`)
      or a function `render(status, **extra)`. Without it the form has no page of its own:
      problems are flashed (in `category`) and the person is sent `back`.
    - `on_error(error)`: the hook for a refusal the page shows in its own way (the personal
      data found, the companies a name may mean); it returns extra context for `render`.
    - `back`: where to go after `AlreadyHandled`, or after a refusal without `render`;
      `redirect_to` when it is a plain URL.
    - `show(result)`: answer the POST with a page instead of redirecting, for a result that
      is shown this once and kept nowhere (a new token's secret).
    """
    back = back or (redirect_to if isinstance(redirect_to, str) else None)
    if render is None and back is None:
        raise TypeError("a form without a page of its own needs `back`")
    extra: dict = {}
    if form.validate_on_submit():
        try:
            result = operation()
        except AlreadyHandled as error:
            flash(error.message, category)
            if back is not None:
                return redirect(back, 303)
            return _show(form, render, 200, context, extra)
        except DomainError as error:
            populate_errors(form, error)
            extra = (on_error(error) if on_error else None) or {}
        else:
            if show is not None:
                return show(result)
            message = success(result) if callable(success) else success
            if message:
                flash(message, "success")
            return redirect(redirect_to(result) if callable(redirect_to) else redirect_to, 303)
    if render is None:
        for message in form_messages(form):
            flash(message, category)
        return redirect(back, 303)
    status = 422 if form.errors or form.form_errors else 200
    return _show(form, render, status, context, extra)


def shown_once(template: str, **context) -> ResponseReturnValue:
    """`show` for a secret made for this answer (a token, a signing secret): 201 Created and
    `no-store`, so no cache and no history copy keeps it."""
    return render_template(template, **context), 201, {"Cache-Control": "no-store"}


def _show(form: FlaskForm, render, status: int, context: dict, extra: dict):
    if callable(render):
        return render(status, **extra)
    return render_template(render, form=form, **{**context, **extra}), status


def form_messages(form: FlaskForm) -> list[str]:
    """Every message on the form, in field order, the form's own last."""
    messages = [str(message) for field in form for message in field.errors]
    return messages + [str(message) for message in form.form_errors]


def bad_request(status: int, **extra) -> ResponseReturnValue:
    """`render` for a form whose fields a person cannot fill in wrongly (hidden values, a
    choice with a default): when its checks fail the request was not made by our page, 400."""
    abort(400)
