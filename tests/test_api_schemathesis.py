"""schemathesis against the app: every operation of the OpenAPI document, public ones without
a token and the company's with a representative's read-and-write token, checked for server
errors and for status codes, content types and bodies that the document allows.

Path parameters are drawn from the seeded world (a company's slug, complaints in each state)
as well as generated, so most requests reach a real complaint instead of a 404. The world is
built once for the module (`shares_data`); the replies and messages the token endpoints post
stay for the operations tested after them, which only makes the threads longer.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from complaints import create_app
from complaints.accounts.models import User
from complaints.api import tokens
from complaints.api.models import Scope
from complaints.cases.models import Complaint
from complaints.cases.workflow import Status
from complaints.companies.models import Company
from complaints.config import TestingConfig
from complaints.extensions import db
from complaints.threads import services as threads
from tests.builders import make_company, make_complaint, make_representative, make_user

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance]


def build_world(app) -> dict:
    """Two companies, complaints in every state about the first, a thread, and a
    representative's read-and-write token for the first."""
    with app.test_request_context():
        consumer = make_user("anna@example.nl", display_name="Anna Consument")
        make_user("mo@example.nl", role="moderator")
        rep = make_user("wendy@example.nl", display_name="Wendy")
        belnet = make_company("Belnet Mobiel", sector="telecom", domains=["belnet-mobiel.nl"])
        make_company("Aardgas Direct", sector="energy")
        make_representative(rep, belnet)
        complaints = [make_complaint(consumer, belnet, status=status, days_ago=days)
                      for days, status in enumerate(
                          [Status.OPEN, Status.ANSWERED, Status.RESOLVED, Status.OPEN,
                           Status.PENDING, Status.REMOVED], start=1)]
        rep_row = db.session.get(User, rep.id)
        threads.post_reply(rep_row, db.session.get(Complaint, complaints[0].id),
                           "Wij bellen u vandaag terug.")
        db.session.commit()
        _token, secret = tokens.create_token(rep_row, db.session.get(Company, belnet.id),
                                             name="schemathesis", scope=Scope.WRITE)
        db.session.commit()
        return {"slugs": [belnet.slug, "aardgas-direct"], "ids": [c.id for c in complaints],
                "token": secret}


@pytest.fixture
def world(app, shared):
    return shared("schemathesis world", lambda: build_world(app))


def _document() -> dict:
    """The OpenAPI document, from an app made only for it (the document needs no database; the
    tests call the session's app). Loaded at import: the lazy fixture loader of schemathesis
    4.32 does not run under pytest 9."""
    document_app = create_app(TestingConfig)
    with document_app.app_context():
        return document_app.extensions["helpdeskhel_api"].spec.to_dict()


schema = schemathesis.openapi.from_dict(_document())


def _seeded(case, world) -> None:
    """Point generated path parameters at the world (a complaint in any state, the token's
    company most of the time), keeping a generated slug now and then (an unknown company)."""
    parameters = case.path_parameters or {}
    number = parameters.get("complaint_id")
    if type(number) is int:  # the coverage phase also sends strings, floats, negatives
        parameters["complaint_id"] = world["ids"][number % len(world["ids"])]
    slug = parameters.get("slug")
    if isinstance(slug, str):  # mostly the token's company; now and then another, or none
        first, other = world["slugs"]
        parameters["slug"] = [first, first, first, other, slug][len(slug) % 5]


@pytest.mark.shares_data
@schema.parametrize()
@settings(max_examples=15, derandomize=True, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                                 HealthCheck.function_scoped_fixture])
def test_every_operation_keeps_to_the_document(app, case, world):
    _seeded(case, world)
    headers = {}
    if case.operation.definition.raw.get("security"):
        headers["Authorization"] = f"Bearer {world['token']}"
    case.call_and_validate(app=app, headers=headers, checks=CHECKS)
