"""People's own data: the export holds everything of the person and nothing of anyone else;
deleting an account erases the person in both modes and loses nothing of others."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from complaints.accounts import privacy
from complaints.accounts.models import User
from complaints.cases.models import Complaint, ComplaintRevision
from complaints.cases.workflow import Status
from complaints.companies.models import Company
from complaints.errors import DomainError
from complaints.extensions import db
from complaints.moderation import services as moderation
from complaints.moderation.models import Flag, ModAction, ModerationAction
from tests.builders import (
    PASSWORD,
    csrf_token,
    exported,
    make_complaint,
    make_user,
    post_form,
    reload,
)


def _user(user) -> User:
    return reload(User, user)


@pytest.fixture
def history(ctx, consumer, other_consumer, moderator, company):
    """The consumer's complaints in several states, a report, and someone else's data."""
    mine = {
        "pending": make_complaint(consumer, company, title="Mijn wachtende klacht hierover"),
        "open": make_complaint(consumer, company, status=Status.OPEN,
                               title="Mijn gepubliceerde klacht over de storing"),
        "resolved": make_complaint(consumer, company, status=Status.RESOLVED,
                                   title="Mijn opgeloste klacht over de factuur"),
        "rejected": make_complaint(consumer, company, status=Status.REJECTED,
                                   title="Mijn afgewezen klacht over iets anders"),
    }
    theirs = make_complaint(other_consumer, company, status=Status.OPEN,
                            title="Klacht van iemand anders over de storing")
    moderation.flag_complaint(_user(consumer), theirs, "abusive", "Noemt mijn buurman")
    moderation.flag_complaint(_user(other_consumer), mine["open"], "spam", "Ander zijn melding")
    moderation.edit_complaint(_user(moderator), mine["open"], title=mine["open"].title,
                              body=mine["open"].body_source + " Aangepast.",
                              desired_outcome="", private_note="Geheime notitie moderator",
                              ground="rule:2")
    return mine, theirs


def test_export_holds_my_account_complaints_history_and_reports(ctx, consumer, history):
    mine, theirs = history
    data = json.loads(json.dumps(privacy.export_data(_user(consumer))))
    assert data["account"]["email"] == consumer.email
    titles = {c["title"] for c in data["complaints"]}
    assert titles == {c.title for c in mine.values()}
    published = next(c for c in data["complaints"] if c["id"] == mine["open"].id)
    assert [h["action"] for h in published["history"]] == ["submit", "approve"]
    assert published["earlier_versions"][0]["story"].endswith("monteur zou komen, maar er "
                                                               "kwam niemand.")
    assert published["edited_by_moderation_at"]
    assert data["reports"] == [{"complaint_id": theirs.id, "reply_id": None, "reason": "abusive",
                                "note": "Noemt mijn buurman", "status": "open",
                                "created_at": data["reports"][0]["created_at"]}]


def test_export_holds_nothing_of_anyone_else(ctx, consumer, other_consumer, moderator, history):
    text = json.dumps(privacy.export_data(_user(consumer)), ensure_ascii=False)
    for foreign in (other_consumer.email, other_consumer.display_name, moderator.email,
                    moderator.display_name, "Klacht van iemand anders", "Ander zijn melding",
                    "Geheime notitie moderator", "password", "session"):
        assert foreign not in text, foreign


def test_delete_and_remove_complaints_erases_me_and_my_texts(ctx, consumer, history, company):
    mine, theirs = history
    privacy.delete_account(_user(consumer), PASSWORD, keep_complaints=False)
    user = db.session.get(User, consumer.id)
    assert user.is_deleted and user.email != consumer.email and user.display_name == ""
    assert user.public_name == "verwijderde gebruiker"
    for complaint in mine.values():
        complaint = db.session.get(Complaint, complaint.id)
        assert complaint.status == Status.WITHDRAWN
        assert complaint.body_source == "" and complaint.title == privacy.ERASED_TITLE
    assert db.session.scalars(select(ComplaintRevision)).all() == []
    # Nothing of anyone else is lost: their complaint stays, with the report on it.
    assert db.session.get(Complaint, theirs.id).status == Status.OPEN
    assert db.session.scalar(select(Flag).where(Flag.complaint_id == theirs.id)).note == ""
    company_row = db.session.get(Company, company.id)
    assert (company_row.published_count, company_row.unresolved_count) == (1, 1)
    logged = db.session.scalar(select(ModerationAction).where(
        ModerationAction.action == ModAction.ACCOUNT_DELETED))
    assert logged.user_id == consumer.id and not logged.public


def test_delete_and_keep_complaints_leaves_them_public_as_deleted_user(ctx, consumer, history,
                                                                       company):
    mine, _ = history
    privacy.delete_account(_user(consumer), PASSWORD, keep_complaints=True)
    assert db.session.get(Complaint, mine["open"].id).status == Status.OPEN
    assert db.session.get(Complaint, mine["resolved"].id).status == Status.RESOLVED
    assert db.session.get(Complaint, mine["open"].id).author.public_name == "verwijderde gebruiker"
    # Nobody can answer for a waiting or rejected complaint any more: those are withdrawn.
    assert db.session.get(Complaint, mine["pending"].id).status == Status.WITHDRAWN
    assert db.session.get(Complaint, mine["rejected"].id).status == Status.WITHDRAWN
    company_row = db.session.get(Company, company.id)
    assert company_row.published_count == 3  # mine open + resolved, and the other person's


def test_delete_needs_the_password(ctx, consumer):
    with pytest.raises(DomainError) as error:
        privacy.delete_account(_user(consumer), "wrong password", keep_complaints=True)
    assert error.value.errors[0][0] == "password"
    assert not db.session.get(User, consumer.id).is_deleted


def test_the_same_address_can_register_again_after_deletion(ctx, consumer):
    privacy.delete_account(_user(consumer), PASSWORD, keep_complaints=True)
    again = make_user(consumer.email)
    assert again.id != consumer.id


# --- through the site -----------------------------------------------------------------------

def test_export_download_is_a_zip_with_the_json_for_the_signed_in_person(app, client, login,
                                                                        consumer, company):
    with app.test_request_context():
        make_complaint(consumer, company, title="Mijn klacht voor de download")
    login(consumer)
    response = client.get("/account/export")
    assert response.status_code == 200 and response.mimetype == "application/zip"
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.headers["Content-Disposition"].endswith('.zip"')
    assert response.headers["Cache-Control"] == "no-store"
    data = exported(response)
    assert data["complaints"][0]["title"] == "Mijn klacht voor de download"
    assert data["files"] == []


def test_deleting_signs_out_and_the_old_password_no_longer_works(app, client, login, consumer):
    login(consumer)
    page = client.get("/account/delete")
    assert page.status_code == 200 and "verwijderde gebruiker" in page.get_data(as_text=True)
    response = post_form(client, "/account/delete", {"keep_complaints": "remove",
                                                     "password": PASSWORD})
    assert response.status_code == 303
    assert client.get("/account").status_code == 302  # signed out
    again = post_form(client, "/auth/login", {"email": consumer.email, "password": PASSWORD})
    assert again.status_code == 422


def test_delete_with_a_wrong_password_or_no_choice_changes_nothing(app, client, login,
                                                                   consumer):
    login(consumer)
    wrong = post_form(client, "/account/delete", {"keep_complaints": "keep",
                                                  "password": "not my password"})
    assert wrong.status_code == 422
    missing = post_form(client, "/account/delete", {"password": PASSWORD})
    assert missing.status_code == 422
    no_csrf = client.post("/account/delete", data={"keep_complaints": "keep",
                                                   "password": PASSWORD})
    assert no_csrf.status_code == 400
    with app.app_context():
        assert not db.session.get(User, consumer.id).is_deleted
    assert csrf_token(client, "/account")  # still signed in


def test_follows_and_read_marks_are_exported_and_go_with_the_account(ctx, consumer, history,
                                                                     company):
    from complaints.feeds import services as feeds
    from complaints.feeds.models import Follow
    from complaints.threads import services as threads
    from complaints.threads.models import PrivateRead

    mine, _ = history
    feeds.follow(_user(consumer), reload(Company, company), "daily")
    threads.mark_read(_user(consumer), reload(Complaint, mine["open"]), 7)
    db.session.commit()
    data = privacy.export_data(_user(consumer))
    assert [f["company"] for f in data["followed_companies"]] == ["Belnet Mobiel"]
    assert data["followed_companies"][0]["mail"] == "daily"
    assert [(r["complaint_id"], r["up_to_message"]) for r in data["private_messages_read"]] \
        == [(mine["open"].id, 7)]
    privacy.delete_account(_user(consumer), PASSWORD, keep_complaints=True)
    assert db.session.scalars(select(Follow).where(Follow.user_id == consumer.id)).all() == []
    assert db.session.scalars(select(PrivateRead).where(
        PrivateRead.user_id == consumer.id)).all() == []
