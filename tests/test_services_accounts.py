"""Account services: registration, verification, sign-in, password reset and change."""

from __future__ import annotations

from datetime import timedelta

import pytest
from itsdangerous import URLSafeTimedSerializer
from sqlalchemy import func, select

from complaints.accounts import services
from complaints.accounts.models import User
from complaints.accounts.tokens import make_token
from complaints.errors import DomainError
from complaints.extensions import db
from tests.builders import PASSWORD, make_user


def _count_users() -> int:
    return db.session.scalar(select(func.count()).select_from(User))


def test_register_creates_unverified_consumer_and_mails_link(ctx, mailbox):
    user = services.register_user(" Nieuw@Example.NL ", "  Nieuwe   Klant ", PASSWORD, locale="nl")
    assert user.email == "nieuw@example.nl"
    assert user.display_name == "Nieuwe Klant"
    assert user.role == "consumer" and not user.is_verified
    assert user.password_hash != PASSWORD
    message = mailbox.last_to("nieuw@example.nl")
    assert "/auth/verify/" in message.get_content()


def test_register_with_taken_address_creates_nothing_and_tells_the_owner(ctx, mailbox, consumer):
    assert services.register_user("CONSUMER@example.nl", "Iemand", PASSWORD, locale="nl") is None
    assert _count_users() == 1
    assert "/auth/reset" in mailbox.last_to(consumer.email).get_content()


def test_register_refuses_invalid_address(ctx):
    with pytest.raises(DomainError) as error:
        services.register_user("geen-adres", "Iemand", PASSWORD, locale="nl")
    assert error.value.errors[0][0] == "email"
    assert _count_users() == 0


def test_verify_email_marks_verified_and_is_idempotent(ctx, unverified):
    token = make_token(services.VERIFY, {"uid": unverified.id, "email": unverified.email})
    assert services.verify_email(token).is_verified
    assert services.verify_email(token).is_verified


def test_verify_email_refuses_tampered_expired_and_foreign_tokens(ctx, app, unverified):
    good = make_token(services.VERIFY, {"uid": unverified.id, "email": unverified.email})
    # One character of the signature changed, in the middle: the last two characters of a
    # base64 signature can be "xx" already, or differ only in bits the decoder drops.
    tampered = good[:-5] + ("A" if good[-5] != "A" else "B") + good[-4:]
    with pytest.raises(DomainError, match="niet geldig"):
        services.verify_email(tampered)
    with pytest.raises(DomainError, match="niet geldig"):
        services.verify_email(make_token(services.VERIFY, {"uid": unverified.id,
                                                           "email": "ander@example.nl"}))
    with pytest.raises(DomainError, match="niet geldig"):
        services.verify_email(make_token(services.RESET, {"uid": unverified.id}))
    app.config["EMAIL_VERIFY_MAX_AGE"] = -1
    try:
        with pytest.raises(DomainError, match="verlopen"):
            services.verify_email(good)
    finally:
        app.config["EMAIL_VERIFY_MAX_AGE"] = 3 * 24 * 3600


def test_verify_email_refuses_a_token_signed_with_another_key(ctx, unverified):
    forged = URLSafeTimedSerializer("another-key", salt="helpdeskhel-verify-email").dumps(
        {"uid": unverified.id, "email": unverified.email})
    with pytest.raises(DomainError):
        services.verify_email(forged)


def test_authenticate_gives_one_answer_for_every_failure(ctx, consumer):
    messages = set()
    for email, password in [(consumer.email, "wrong password!"),
                            ("nobody@example.nl", PASSWORD), ("not an address", PASSWORD)]:
        with pytest.raises(DomainError) as error:
            services.authenticate(email, password)
        messages.add(error.value.message)
    assert len(messages) == 1


def test_authenticate_accepts_any_case_of_the_address(ctx, consumer):
    user = services.authenticate("Consumer@Example.nl", PASSWORD)
    assert user.id == consumer.id and user.last_login_at is not None


def test_password_reset_link_works_once(ctx, mailbox, consumer):
    services.request_password_reset(consumer.email)
    link = mailbox.link(mailbox.last_to(consumer.email), "/auth/reset/")
    token = link.rsplit("/", 1)[1]
    services.reset_password(token, "a brand new password")
    assert services.authenticate(consumer.email, "a brand new password")
    with pytest.raises(DomainError, match="al gebruikt"):
        services.reset_password(token, "yet another password")


def test_password_reset_for_unknown_address_sends_nothing(ctx, mailbox):
    services.request_password_reset("nobody@example.nl")
    services.request_password_reset("not an address")
    assert mailbox.messages() == []


def test_password_reset_verifies_the_address(ctx, mailbox, unverified):
    services.request_password_reset(unverified.email)
    token = mailbox.link(mailbox.last_to(unverified.email), "/auth/reset/").rsplit("/", 1)[1]
    assert services.reset_password(token, "a brand new password").is_verified


def test_change_password_checks_the_current_one_and_changes_the_stamp(ctx, consumer):
    user = db.session.get(User, consumer.id)
    stamp = user.session_stamp
    with pytest.raises(DomainError) as error:
        services.change_password(user, "not my password", "a brand new password")
    assert error.value.errors[0][0] == "current_password"
    services.change_password(user, PASSWORD, "a brand new password")
    assert user.session_stamp != stamp
    assert services.authenticate(consumer.email, "a brand new password")


def test_password_may_not_be_the_email_address(ctx):
    user = make_user("lang.adres@example.nl")
    user = db.session.get(User, user.id)
    with pytest.raises(DomainError, match="e-mailadres"):
        services.change_password(user, PASSWORD, "lang.adres@example.nl")


def test_create_user_makes_verified_account_in_role(ctx):
    user = services.create_user("Mod@Example.nl", role="moderator", password=PASSWORD)
    assert user.email == "mod@example.nl" and user.is_verified and user.is_moderator
    with pytest.raises(DomainError, match="bestaat al"):
        services.create_user("mod@example.nl", role="consumer", password=PASSWORD)
    with pytest.raises(DomainError, match="Onbekende rol"):
        services.create_user("x@example.nl", role="king", password=PASSWORD)


def test_set_role_makes_and_unmakes_moderators(ctx, consumer):
    assert services.set_role(consumer.email, "moderator").is_moderator
    assert not services.set_role(consumer.email, "consumer").is_moderator
    with pytest.raises(DomainError):
        services.set_role("nobody@example.nl", "moderator")


def test_timestamps_are_aware_utc(ctx, consumer):
    user = db.session.get(User, consumer.id)
    assert user.created_at.utcoffset() == timedelta(0)
