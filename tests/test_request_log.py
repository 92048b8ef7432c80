"""JSON logs: one line per request with endpoint, status, duration, kind of user and request
id; every other line of the site's loggers as JSON with the request id; nothing personal."""

from __future__ import annotations

import io
import json
import logging

import pytest

from complaints import create_app
from complaints.api import tokens
from complaints.companies.models import Company
from complaints.config import ProductionConfig, TestingConfig
from complaints.extensions import db
from tests.builders import PASSWORD, make_company, make_representative, make_user, post_form


@pytest.fixture
def json_app(app):
    class Json(TestingConfig):
        SQLALCHEMY_DATABASE_URI = app.config["SQLALCHEMY_DATABASE_URI"]
        MAIL_FOLDER = app.config["MAIL_FOLDER"]
        JSON_LOGS = True

    handler = logging.getLogger("complaints").handlers[0]
    formatter = handler.formatter
    logged = io.StringIO()
    stream = handler.setStream(logged)
    json_app = create_app(Json)
    json_app.logged = logged
    yield json_app
    handler.setStream(stream)
    handler.setFormatter(formatter)


def _lines(app) -> list[dict]:
    return [json.loads(line) for line in app.logged.getvalue().splitlines() if line]


def _requests(app) -> list[dict]:
    return [line for line in _lines(app) if line.get("event") == "request"]


def test_each_request_is_one_json_line_with_what_an_operator_needs(json_app):
    client = json_app.test_client()
    client.get("/?q=geheim")
    client.get("/complaints/987654")
    first, missing = _requests(json_app)
    assert first["endpoint"] == "pages.home" and first["status"] == 200
    assert first["method"] == "GET" and first["path"] == "/" and first["user"] == "visitor"
    assert first["duration_ms"] >= 0 and first["level"] == "INFO"
    assert first["time"].endswith("Z") and len(first["request_id"]) == 32
    assert missing["status"] == 404 and missing["endpoint"] == "cases.show"
    assert "geheim" not in json_app.logged.getvalue()  # no query strings


def test_the_request_id_comes_from_the_proxy_or_is_made_and_goes_back(json_app):
    client = json_app.test_client()
    given = client.get("/about", headers={"X-Request-ID": "nginx-7f3a.1"})
    assert given.headers["X-Request-ID"] == "nginx-7f3a.1"
    refused = client.get("/about", headers={"X-Request-ID": "<script>" + "x" * 80})
    made = refused.headers["X-Request-ID"]
    assert "script" not in made and len(made) == 32
    assert [line["request_id"] for line in _requests(json_app)] == [
        "nginx-7f3a.1", made]


def test_the_kind_of_user_and_never_who(json_app):
    with json_app.test_request_context():
        make_user("kees@example.nl", display_name="Kees")
        make_user("mo@example.nl", role="moderator")
        wendy = make_user("wendy@belnet.nl")
        company = make_company("Belnet Mobiel", domains=["belnet.nl"])
        make_representative(wendy, company)
        secret = tokens.create_token(db.session.get(type(wendy), wendy.id),
                                     db.session.get(Company, company.id), name="Zendesk")[1]
    client = json_app.test_client()
    post_form(client, "/auth/login", {"email": "kees@example.nl", "password": PASSWORD})
    client.get("/account")
    moderator = json_app.test_client()
    post_form(moderator, "/auth/login", {"email": "mo@example.nl", "password": PASSWORD})
    moderator.get("/moderation")
    json_app.test_client().get("/api/v1/companies/belnet-mobiel/inbox",
                               headers={"Authorization": f"Bearer {secret}"})
    kinds = {line["endpoint"]: line["user"] for line in _requests(json_app)}
    assert kinds["accounts.account"] == "consumer"
    assert kinds["moderation.queue"] == "moderator"
    assert kinds["api_company.Inbox"] == "api-token"
    text = json_app.logged.getvalue()
    assert "kees@example.nl" not in text and secret not in text and "127.0.0.1" not in text


def test_lines_logged_during_a_request_carry_its_id(json_app):
    with json_app.test_request_context(headers={"X-Request-ID": "abc-123"}):
        json_app.preprocess_request()
        logging.getLogger("complaints.notifications.outbox").warning("mail %s failed", 7)
    [line] = _lines(json_app)
    assert line == {**line, "level": "WARNING", "logger": "complaints.notifications.outbox",
                    "message": "mail 7 failed", "request_id": "abc-123"}


def test_production_logs_json_unless_told_otherwise():
    assert ProductionConfig.JSON_LOGS is True
    assert TestingConfig.JSON_LOGS is False
