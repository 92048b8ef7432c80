"""Command-line commands, through Flask's CLI runner."""

from __future__ import annotations

from sqlalchemy import func, select

from complaints.accounts.models import User
from complaints.extensions import db


def test_users_create_makes_a_verified_moderator(app, runner):
    result = runner.invoke(args=["users", "create", "Mod@Example.nl", "--role", "moderator",
                                 "--password", "a long enough password"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        user = db.session.scalar(select(User))
        assert user.email == "mod@example.nl" and user.is_moderator and user.is_verified


def test_users_create_without_password_prints_a_generated_one(runner):
    result = runner.invoke(args=["users", "create", "c@example.nl"])
    assert result.exit_code == 0 and "Password: " in result.output


def test_users_create_refuses_duplicates_and_bad_roles(runner):
    runner.invoke(args=["users", "create", "c@example.nl"])
    result = runner.invoke(args=["users", "create", "C@example.nl"])
    assert result.exit_code != 0 and "bestaat al" in result.output
    result = runner.invoke(args=["users", "create", "x@example.nl", "--role", "king"])
    assert result.exit_code != 0


def test_users_set_role(app, runner, consumer):
    result = runner.invoke(args=["users", "set-role", consumer.email, "admin"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert db.session.get(User, consumer.id).is_admin
    result = runner.invoke(args=["users", "set-role", "nobody@example.nl", "admin"])
    assert result.exit_code != 0


def test_commands_have_help(runner):
    for args in (["users", "create", "--help"], ["users", "set-role", "--help"],
                 ["seed-demo", "--help"]):
        result = runner.invoke(args=args)
        assert result.exit_code == 0 and "Usage" in result.output


def test_user_count_unchanged_by_help(app, runner):
    runner.invoke(args=["users", "--help"])
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User)) == 0
