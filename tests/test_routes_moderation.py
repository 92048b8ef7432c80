"""The moderation queue through the test client."""

from __future__ import annotations

from datetime import timedelta

import pytest

from complaints.cases.models import Complaint
from complaints.cases.workflow import Status
from complaints.extensions import db, utcnow
from tests.builders import make_complaint, post_form


@pytest.fixture
def pending(app, consumer, company):
    with app.test_request_context():
        return make_complaint(consumer, company, title="Wachtende klacht over de storing").id


def _status(app, complaint_id: int) -> str:
    with app.app_context():
        return db.session.get(Complaint, complaint_id).status


def test_queue_lists_pending_oldest_first_with_count(app, client, login, consumer, moderator,
                                                    company):
    with app.test_request_context():
        newer = make_complaint(consumer, company, title="Nieuwere klacht in de wachtrij")
        older = make_complaint(consumer, company, title="Oudere klacht in de wachtrij")
        older.submitted_at = utcnow() - timedelta(days=2)
        db.session.commit()
        make_complaint(consumer, company, status=Status.OPEN, title="Al gepubliceerde klacht")
        assert newer.id < older.id
    login(moderator)
    text = client.get("/moderation").get_data(as_text=True)
    assert text.index("Oudere klacht") < text.index("Nieuwere klacht")
    assert "Al gepubliceerde klacht" not in text
    assert '<span class="count">2</span>' in text


def test_moderator_approves_and_it_is_public_on_the_company_page(app, client, login, moderator,
                                                                 pending, mailbox, consumer):
    login(moderator)
    response = post_form(client, f"/moderation/complaints/{pending}/approve", {})
    assert response.status_code == 302
    assert _status(app, pending) == Status.OPEN
    assert "Wachtende klacht over de storing" in client.get("/companies/belnet-mobiel").get_data(
        as_text=True)
    assert mailbox.to(consumer.email)


def test_moderator_rejects_with_reason(app, client, login, moderator, pending, mailbox, consumer):
    login(moderator)
    response = post_form(client, f"/moderation/complaints/{pending}/reject",
                         {"reason": "spam", "note": "Alleen reclame."})
    assert response.status_code == 302
    assert _status(app, pending) == Status.REJECTED
    assert "Alleen reclame." in mailbox.last_to(consumer.email).get_content()


def test_reject_without_reason_changes_nothing(app, client, login, moderator, pending):
    login(moderator)
    response = post_form(client, f"/moderation/complaints/{pending}/reject", {"reason": ""})
    assert response.status_code == 303
    assert _status(app, pending) == Status.PENDING


def test_second_approval_is_told_already_handled(app, client, login, moderator, pending):
    login(moderator)
    post_form(client, f"/moderation/complaints/{pending}/approve", {})
    response = post_form(client, f"/moderation/complaints/{pending}/approve", {},
                         follow_redirects=True)
    text = response.get_data(as_text=True)
    assert "flash--error" in text
    assert _status(app, pending) == Status.OPEN


def test_actions_need_csrf(app, client, login, moderator, pending):
    login(moderator)
    assert client.post(f"/moderation/complaints/{pending}/approve").status_code == 400
    assert client.post(f"/moderation/complaints/{pending}/reject",
                       data={"reason": "spam"}).status_code in (400, 303)
    assert _status(app, pending) == Status.PENDING


def test_consumer_cannot_moderate(app, client, login, consumer, pending):
    login(consumer)
    assert client.get("/moderation").status_code == 403
    assert post_form(client, f"/moderation/complaints/{pending}/approve", {}).status_code == 403
    assert _status(app, pending) == Status.PENDING


def test_admin_can_moderate(app, client, login, admin, moderator, pending):
    login(admin)
    assert client.get("/moderation").status_code == 200
    post_form(client, f"/moderation/complaints/{pending}/approve", {})
    assert _status(app, pending) == Status.OPEN


def test_unknown_complaint_is_404(client, login, moderator):
    login(moderator)
    assert post_form(client, "/moderation/complaints/424242/approve", {}).status_code == 404
