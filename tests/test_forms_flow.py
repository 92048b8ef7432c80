"""run_form, the one way a view runs a form: each outcome, on a form of its own.

The views' own tests show each form end to end; these pin the helper's rules: what a refusal
looks like with and without a page to show, where "someone else was first" goes, and that a
success always redirects with 303 and says so.
"""

from __future__ import annotations

import pytest
from flask import get_flashed_messages
from flask_wtf import FlaskForm
from werkzeug.exceptions import BadRequest
from wtforms import StringField
from wtforms.validators import DataRequired

from complaints.errors import AlreadyHandled, DomainError
from complaints.forms_flow import bad_request, form_messages, run_form


class NameForm(FlaskForm):
    class Meta:
        csrf = False  # the site's CSRF check runs before any view; here it is not the subject

    name = StringField("Name", validators=[DataRequired(message="Fill in a name.")])


@pytest.fixture
def post(app):
    """A request context for a POST of `data` (or a GET without it), with its form."""
    def make(data: dict | None = None):
        method = "GET" if data is None else "POST"
        context = app.test_request_context("/form", method=method, data=data)
        context.push()
        return context, NameForm()
    contexts = []

    def pushed(data=None):
        context, form = make(data)
        contexts.append(context)
        return form

    yield pushed
    for context in reversed(contexts):
        context.pop()


def _page(status: int, **extra):
    return f"page {sorted(extra)}", status


def test_a_valid_form_calls_the_service_once_flashes_and_redirects_with_303(post):
    form, calls = post({"name": "Anna"}), []
    response = run_form(form, lambda: calls.append(form.name.data) or 7,
                        success=lambda result: f"saved {result}",
                        redirect_to=lambda result: f"/things/{result}", render=_page)
    assert calls == ["Anna"]
    assert response.status_code == 303 and response.location == "/things/7"
    assert get_flashed_messages(with_categories=True) == [("success", "saved 7")]


def test_a_form_shown_for_the_first_time_is_a_200_and_calls_nothing(post):
    form = post()
    response = run_form(form, lambda: pytest.fail("called on GET"), success="no",
                        redirect_to="/", render=_page)
    assert response == ("page []", 200)


def test_a_form_that_fails_its_own_checks_is_shown_again_with_422(post):
    form = post({"name": ""})
    response = run_form(form, lambda: pytest.fail("called"), success="no", redirect_to="/",
                        render=_page)
    assert response == ("page []", 422)
    assert form.name.errors == ["Fill in a name."]


def test_a_refusal_goes_on_its_field_and_the_hook_adds_to_the_page(post):
    form = post({"name": "Anna"})

    def refuse():
        raise DomainError("This name is taken.", "name")

    response = run_form(form, refuse, success="no", redirect_to="/", render=_page,
                        on_error=lambda error: {"refusal": error})
    assert response == ("page ['refusal']", 422)
    assert form.name.errors == ["This name is taken."] and get_flashed_messages() == []


def test_a_refusal_about_no_field_is_a_form_error(post):
    form = post({"name": "Anna"})

    def refuse():
        raise DomainError("Not now.")

    assert run_form(form, refuse, success="no", redirect_to="/", render=_page)[1] == 422
    assert form.form_errors == ["Not now."] and form_messages(form) == ["Not now."]


def test_someone_else_first_is_told_and_sent_back(post):
    form = post({"name": "Anna"})

    def late():
        raise AlreadyHandled("Someone else was first.")

    response = run_form(form, late, success="no", redirect_to=lambda result: "/done",
                        render=_page, back="/item")
    assert response.status_code == 303 and response.location == "/item"
    assert get_flashed_messages(with_categories=True) == [("error", "Someone else was first.")]


def test_a_button_without_a_page_flashes_its_problems_and_goes_back(post):
    form = post({"name": ""})
    response = run_form(form, lambda: pytest.fail("called"), success="no",
                        redirect_to="/queue", category="info")
    assert response.status_code == 303 and response.location == "/queue"
    assert get_flashed_messages(with_categories=True) == [("info", "Fill in a name.")]


def test_a_form_only_a_tampered_request_gets_wrong_is_a_400(post):
    form = post({"name": ""})
    with pytest.raises(BadRequest):
        run_form(form, lambda: None, success="no", redirect_to="/", render=bad_request)


def test_a_form_without_a_page_needs_somewhere_to_go_back_to(post):
    with pytest.raises(TypeError):
        run_form(post({"name": "Anna"}), lambda: None, success=None,
                 redirect_to=lambda result: "/")
