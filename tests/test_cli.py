"""Command-line commands, through Flask's CLI runner."""

from __future__ import annotations

import re

import click
from sqlalchemy import delete, func, select, text

from complaints.accounts.models import User
from complaints.cases.models import Complaint, ComplaintEvent
from complaints.cases.workflow import Status
from complaints.companies.models import Company
from complaints.extensions import db
from complaints.figures.models import CompanyFigures
from complaints.search.engines import Filters, engine
from complaints.search.parser import parse
from tests.builders import make_complaint


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


def _commands(group: click.Group, path: tuple[str, ...] = ()):
    """Every command under `group` with the words that call it, groups included."""
    context = click.Context(group)
    for name in group.list_commands(context):
        command = group.get_command(context, name)
        yield (*path, name), command
        if isinstance(command, click.Group):
            yield from _commands(command, (*path, name))


def test_the_app_registers_its_commands(app):
    """A new command is added here, and gets a test of what it does (here or beside its
    feature: db in test_migrations, import-csv in test_import_cfpb, outbox in test_outbox,
    jobs in test_jobs, backup in test_backup, seed-demo in test_demo, translate in
    test_i18n, figures rebuild in test_figures, api-tokens in test_api_tokens, files in
    test_evidence)."""
    assert set(app.cli.list_commands(click.Context(app.cli))) == {
        "api-tokens", "backup", "db", "figures", "files", "import-csv", "jobs", "outbox",
        "search", "seed-bulk", "seed-demo", "translate", "users"}


def test_every_command_and_option_says_what_it_does(app, runner):
    commands = list(_commands(app.cli))
    assert len(commands) > 30
    for path, command in commands:
        assert command.help and command.help.strip(), path
        result = runner.invoke(args=[*path, "--help"])
        assert result.exit_code == 0, (path, result.output)
        assert result.output.startswith("Usage: ")
        assert all(word in result.output for word in command.help.split("\n")[0].split()), path
        for option in command.params:
            if isinstance(option, click.Option):
                assert option.help, (path, option.name)


def test_seed_bulk_adds_what_it_is_asked_for_with_its_figures(app, runner):
    result = runner.invoke(args=["seed-bulk", "--companies", "3", "--complaints", "40",
                                 "--seed", "7"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Inserted 3 companies, 40 complaints, ")
    events = int(re.search(r"and ([\d,]+) status events", result.output).group(1).replace(",", ""))
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Company)) == 3
        assert db.session.scalar(select(func.count()).select_from(Complaint)) == 40
        assert db.session.scalar(select(func.count()).select_from(ComplaintEvent)) == events >= 40
        assert db.session.scalar(select(func.count()).select_from(CompanyFigures)) > 0
    result = runner.invoke(args=["figures", "rebuild"])
    assert result.exit_code == 0 and "Every stored figure was already right." in result.output


def test_seed_bulk_refuses_to_run_in_production(app, runner, monkeypatch):
    monkeypatch.setitem(app.config, "DEMO_DATA_ALLOWED", False)
    result = runner.invoke(args=["seed-bulk", "--companies", "1", "--complaints", "1"])
    assert result.exit_code == 1 and "never loaded in production" in result.output
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Company)) == 0


def test_figures_refresh_writes_the_window_figures_again(app, runner, consumer, moderator,
                                                          company):
    with app.test_request_context():
        make_complaint(consumer, company, status=Status.OPEN)
        db.session.execute(delete(CompanyFigures))
        db.session.commit()
    result = runner.invoke(args=["figures", "refresh"])
    assert result.exit_code == 0, result.output
    assert re.fullmatch(r"3 company figures written in \d+\.\d s\.\n", result.output)
    with app.app_context():
        assert {window: db.session.get(CompanyFigures, (company.id, window)).published
                for window in ("30d", "12m", "all")} == {"30d": 1, "12m": 1, "all": 1}


def test_search_commands_list_word_forms_check_and_rebuild_the_index(app, runner, consumer,
                                                                     moderator, company):
    with app.test_request_context():
        complaint = make_complaint(consumer, company, status=Status.OPEN,
                                   title="Paraplu bleef kapot")
        sqlite = db.engine.dialect.name == "sqlite"

    def found() -> list[int]:
        with app.app_context():
            return engine().complaints(parse("paraplu"), Filters(), "relevance").ids

    words = runner.invoke(args=["search", "words"])
    assert words.exit_code == 0, words.output
    new = int(words.output.removeprefix("new word forms: "))
    assert new > 0 if sqlite else new == 0  # PostgreSQL stems Dutch itself
    assert runner.invoke(args=["search", "words"]).output == "new word forms: 0\n"

    if sqlite:  # the index loses its rows behind the site's back: check says so
        with app.app_context():
            db.session.execute(text(
                "INSERT INTO complaint_search(complaint_search) VALUES ('delete-all')"))
            db.session.commit()
        assert found() == []
        check = runner.invoke(args=["search", "check"])
        assert check.exit_code == 1 and "search rebuild" in check.output
    rebuild = runner.invoke(args=["search", "rebuild"])
    assert rebuild.exit_code == 0 and rebuild.output.startswith("search index rebuilt in ")
    check = runner.invoke(args=["search", "check"])
    assert check.exit_code == 0 and check.output == "search index is consistent\n"
    assert found() == [complaint.id]


def test_user_count_unchanged_by_help(app, runner):
    runner.invoke(args=["users", "--help"])
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User)) == 0
