"""Migrations are the only way the schema is made: upgrading an empty database gives the models.

Runs on the database of the test run (SQLite, or a scratch PostgreSQL database next to the
one in TEST_DATABASE_URL).
"""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from complaints import create_app
from complaints.config import TestingConfig
from complaints.reference import (
    DEFAULT_CATEGORIES,
    DEFAULT_ESCALATION_BODIES,
    DEFAULT_REJECTION_REASONS,
    DEFAULT_SECTORS,
)


@pytest.fixture
def empty_database_url(database_url, tmp_path):
    if database_url.startswith("sqlite"):
        yield f"sqlite:///{tmp_path / 'migrations.sqlite'}"
        return
    url = make_url(database_url)
    name = f"helpdeskhel_migrations_{uuid.uuid4().hex[:8]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def fresh_app(empty_database_url):
    class Fresh(TestingConfig):
        SQLALCHEMY_DATABASE_URI = empty_database_url

    application = create_app(Fresh)
    yield application
    with application.app_context():
        from complaints.extensions import db

        db.engine.dispose()


# The one account the data migrations' tests give their complaints, as SQL of any revision.
A_CONSUMER = ("INSERT INTO users (id, email, display_name, password_hash, role, locale, "
              "session_stamp, created_at) VALUES (1, 'a@example.nl', 'A', '!', 'consumer', "
              "'nl', 's', CURRENT_TIMESTAMP)")


def test_upgrade_from_empty_matches_the_models(fresh_app):
    runner = fresh_app.test_cli_runner()
    result = runner.invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(args=["db", "check"])
    assert result.exit_code == 0, result.output  # exit 1 when the models differ


def test_upgrade_inserts_the_reference_data_of_the_code(fresh_app):
    assert fresh_app.test_cli_runner().invoke(args=["db", "upgrade"]).exit_code == 0
    with fresh_app.app_context():
        from complaints.extensions import db

        sectors = db.session.execute(
            text("SELECT slug, label_nl, label_en FROM sectors ORDER BY position")).all()
        categories = db.session.execute(
            text("SELECT slug, label_nl, label_en FROM categories ORDER BY position")).all()
        reasons = db.session.execute(
            text("SELECT slug, label_nl, label_en FROM rejection_reasons ORDER BY position")).all()
    assert [tuple(row) for row in sectors] == DEFAULT_SECTORS
    assert [tuple(row) for row in categories] == DEFAULT_CATEGORIES
    assert [tuple(row) for row in reasons] == DEFAULT_REJECTION_REASONS


def test_upgrade_inserts_the_escalation_bodies_of_the_code(fresh_app):
    """0010's frozen copy of the bodies equals complaints.reference, links included."""
    assert fresh_app.test_cli_runner().invoke(args=["db", "upgrade"]).exit_code == 0
    with fresh_app.app_context():
        from complaints.extensions import db

        rows = db.session.execute(text(
            "SELECT id, slug, name, kind, url, membership_required, cost_nl, cost_en, "
            "time_limit_nl, time_limit_en, description_nl, description_en "
            "FROM escalation_bodies ORDER BY position")).mappings().all()
        links: dict = {}
        for table, query in (
                ("sectors", "SELECT l.body_id, t.slug FROM escalation_body_sectors l "
                            "JOIN sectors t ON t.id = l.sector_id"),
                ("categories", "SELECT l.body_id, t.slug FROM escalation_body_categories l "
                               "JOIN categories t ON t.id = l.category_id")):
            for body_id, slug in db.session.execute(text(query)):
                links.setdefault((body_id, table), set()).add(slug)
        db.session.remove()
    found = [{**{k: (bool(v) if k == "membership_required" else v)
                 for k, v in row.items() if k != "id"},
              "sectors": links.get((row["id"], "sectors"), set()),
              "categories": links.get((row["id"], "categories"), set())} for row in rows]
    expected = [{**row, "sectors": set(row["sectors"]), "categories": set(row["categories"])}
                for row in DEFAULT_ESCALATION_BODIES]
    assert found == expected
    assert all(row["url"].startswith("https://") for row in DEFAULT_ESCALATION_BODIES)


def test_downgrade_to_base_and_up_again(fresh_app):
    runner = fresh_app.test_cli_runner()
    assert runner.invoke(args=["db", "upgrade"]).exit_code == 0
    result = runner.invoke(args=["db", "downgrade", "base"])
    assert result.exit_code == 0, result.output
    assert runner.invoke(args=["db", "upgrade"]).exit_code == 0


def _search_objects(app) -> dict[str, str]:
    """The objects of the search index, each with the database's own definition of it."""
    with app.app_context():
        from complaints.extensions import db

        if db.engine.dialect.name == "sqlite":
            rows = db.session.execute(text(
                "SELECT name, sql FROM sqlite_master WHERE name LIKE 'complaint_search%' "
                "OR name LIKE 'company_search%'"))
        else:
            rows = db.session.execute(text(
                "SELECT table_name || '.' || column_name, generation_expression "
                "FROM information_schema.columns "
                "WHERE column_name = 'search_vector' AND table_schema = current_schema() UNION "
                "SELECT indexname, indexdef FROM pg_indexes "
                "WHERE indexname LIKE '%search_vector' AND schemaname = current_schema()"))
        objects = dict(rows.all())
        db.session.remove()
        return objects


def test_upgrade_creates_the_search_index_and_downgrade_removes_it(fresh_app):
    runner = fresh_app.test_cli_runner()
    assert runner.invoke(args=["db", "upgrade"]).exit_code == 0
    created = _search_objects(fresh_app)
    expected = ({"complaint_search", "complaint_search_insert", "complaint_search_update",
                 "complaint_search_delete", "complaint_search_sector", "company_search",
                 "complaint_search_stems"}
                if fresh_app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite")
                else {"complaints.search_vector", "companies.search_vector",
                      "ix_complaints_search_vector", "ix_companies_search_vector"})
    assert expected <= created.keys()
    assert runner.invoke(args=["db", "downgrade", "0004_figures"]).exit_code == 0
    assert _search_objects(fresh_app) == {}


def test_upgrade_makes_the_search_index_the_code_makes(app, fresh_app):
    """`db check` leaves the search objects out, so this compares them: the statements the
    migrations hold give, word for word, what `db.create_all` makes (the test database)."""
    assert fresh_app.test_cli_runner().invoke(args=["db", "upgrade"]).exit_code == 0
    migrated = _search_objects(fresh_app)
    assert migrated
    assert migrated == _search_objects(app)


def test_the_score_migration_gives_published_complaints_their_answer_deadline(fresh_app):
    """0006 fills answer_due_at and answered_on_time of the complaints already published, by
    the rule of that revision (the promise, else the end of the fifth working day)."""
    runner = fresh_app.test_cli_runner()
    assert runner.invoke(args=["db", "upgrade", "0005_search"]).exit_code == 0
    with fresh_app.app_context():
        from complaints.extensions import db

        sqlite = db.engine.dialect.name == "sqlite"

        def at(text_value: str):
            return text_value if sqlite else text_value + "+00"

        statements = [
            A_CONSUMER,
            "INSERT INTO companies (id, name, name_key, slug, sector_id, description, status, "
            "created_at, published_count, unresolved_count, contact_channels, "
            "response_promise_hours) VALUES (1, 'Snel', 'snel', 'snel', 1, '', 'listed', "
            "CURRENT_TIMESTAMP, 2, 1, '', 24), (2, 'Traag', 'traag', 'traag', 1, "
            "'', 'listed', CURRENT_TIMESTAMP, 1, 1, '', NULL)",
        ]
        complaint = ("INSERT INTO complaints (id, company_id, author_id, category_id, title, "
                     "body_source, body_html, contacts_before, desired_outcome, status, "
                     "submitted_at, updated_at, published_at, first_response_at, "
                     "supporters_count, version_id) VALUES ({id}, {company}, 1, 1, 't', 'b', "
                     "'b', 0, '', '{status}', '{p}', '{p}', {published}, {replied}, 0, 1)")
        rows = [  # published on Wednesday 2 December 2026 at 11:00 in Amsterdam
            (1, 1, "answered", "'" + at("2026-12-02 10:00:00") + "'",
             "'" + at("2026-12-03 09:00:00") + "'"),  # 23 h later: within the 24 h promise
            (2, 1, "answered", "'" + at("2026-12-02 10:00:00") + "'",
             "'" + at("2026-12-03 11:00:00") + "'"),  # 25 h later: too late
            (3, 2, "open", "'" + at("2026-12-02 10:00:00") + "'", "NULL"),
            (4, 2, "pending", "NULL", "NULL"),
        ]
        for id_, company, status, published, replied in rows:
            statements.append(complaint.format(id=id_, company=company, status=status,
                                               p=at("2026-12-02 09:00:00"),
                                               published=published, replied=replied))
        for statement in statements:
            db.session.execute(text(statement))
        db.session.commit()
        db.session.remove()
    assert runner.invoke(args=["db", "upgrade"]).exit_code == 0
    with fresh_app.app_context():
        from datetime import UTC, datetime

        from complaints.cases.models import Complaint
        from complaints.extensions import db

        found = {c.id: (c.answer_due_at, c.answered_on_time)
                 for c in db.session.query(Complaint).order_by(Complaint.id)}
        published = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)
        assert found[1] == (datetime(2026, 12, 3, 10, 0, tzinfo=UTC), True)
        assert found[2] == (datetime(2026, 12, 3, 10, 0, tzinfo=UTC), False)
        # No promise: the end of Wednesday 9 December in Amsterdam (22:59:59.999999 UTC).
        assert found[3][0] == datetime(2026, 12, 9, 22, 59, 59, 999999, tzinfo=UTC)
        assert found[3][1] is None
        assert found[4] == (None, None)
        assert published < found[3][0]
        db.session.remove()


def test_the_outcomes_migration_fills_the_resolution_buckets(fresh_app):
    """0009 puts the complaints already resolved in the resolution buckets, per company and
    day of publication, by whole days from publication to resolution (91: more than 90), as
    the figures' services would."""
    runner = fresh_app.test_cli_runner()
    assert runner.invoke(args=["db", "upgrade", "0008_due_process"]).exit_code == 0
    with fresh_app.app_context():
        from complaints.extensions import db

        sqlite = db.engine.dialect.name == "sqlite"

        def at(text_value: str) -> str:
            return "'" + (text_value if sqlite else text_value + "+00") + "'"

        db.session.execute(text(A_CONSUMER))
        db.session.execute(text(
            "INSERT INTO companies (id, name, name_key, slug, sector_id, description, status, "
            "created_at, published_count, unresolved_count, contact_channels) VALUES "
            "(1, 'Snel', 'snel', 'snel', 1, '', 'listed', CURRENT_TIMESTAMP, 6, 1, ''), "
            "(2, 'Traag', 'traag', 'traag', 1, '', 'listed', CURRENT_TIMESTAMP, 1, 0, '')"))
        complaint = ("INSERT INTO complaints (id, company_id, author_id, category_id, title, "
                     "body_source, body_html, contacts_before, desired_outcome, status, "
                     "submitted_at, updated_at, published_at, published_on, resolved_at, "
                     "supporters_count, version_id) VALUES ({id}, {company}, 1, 1, 't', 'b', "
                     "'b', 0, '', '{status}', {p}, {p}, {p}, {day}, {resolved}, 0, 1)")
        published = at("2026-03-02 10:00:00")  # Monday 2 March, 11:00 in Amsterdam
        rows = [
            (1, 1, "resolved", "2026-03-02 21:00:00"),  # 11 hours: day 0
            (2, 1, "resolved", "2026-03-09 09:59:59"),  # just under 7 days: 6
            (3, 1, "resolved", "2026-03-09 10:00:00"),  # 7 days
            (4, 1, "resolved", "2026-03-09 17:00:00"),  # 7 days and 7 hours: 7
            (5, 1, "resolved", "2026-07-01 10:00:00"),  # 121 days: more than 90
            (6, 1, "open", None),
            (7, 1, "removed", "2026-03-03 10:00:00"),  # not public: no bucket
            (8, 2, "resolved", "2026-05-31 10:30:00"),  # 90 days and a half hour: 90
        ]
        for id_, company, status, resolved in rows:
            db.session.execute(text(complaint.format(
                id=id_, company=company, status=status, p=published, day="'2026-03-02'",
                resolved="NULL" if resolved is None else at(resolved))))
        db.session.commit()
        db.session.remove()
    assert runner.invoke(args=["db", "upgrade"]).exit_code == 0
    with fresh_app.app_context():
        from datetime import date

        from complaints.extensions import db

        found = {(company, day if isinstance(day, date) else date.fromisoformat(day), days):
                 count for company, day, days, count in db.session.execute(text(
                     "SELECT company_id, day, days, count FROM resolution_buckets"))}
        day = date(2026, 3, 2)
        assert found == {(1, day, 0): 1, (1, day, 6): 1, (1, day, 7): 2, (1, day, 91): 1,
                         (2, day, 90): 1}
        db.session.remove()


def test_upgrade_inserts_the_word_list_of_the_code(fresh_app):
    """0011's frozen copy of the triage word list equals complaints.reference."""
    from complaints.reference import DEFAULT_RISK_WORDS

    assert fresh_app.test_cli_runner().invoke(args=["db", "upgrade"]).exit_code == 0
    with fresh_app.app_context():
        from complaints.extensions import db

        rows = db.session.execute(text(
            "SELECT term, language, severity FROM risk_words ORDER BY id")).all()
        db.session.remove()
    assert [tuple(row) for row in rows] == DEFAULT_RISK_WORDS


def test_the_risk_level_migration_puts_stories_from_before_triage_in_the_normal_lane(fresh_app):
    """0016 gives every complaint without a risk level the normal one (the lane that took them
    before), and keeps the levels triage gave."""
    runner = fresh_app.test_cli_runner()
    assert runner.invoke(args=["db", "upgrade", "0015_job_runs"]).exit_code == 0
    with fresh_app.app_context():
        from complaints.extensions import db

        db.session.execute(text(A_CONSUMER))
        db.session.execute(text(
            "INSERT INTO companies (id, name, name_key, slug, sector_id, description, status, "
            "created_at, published_count, unresolved_count, contact_channels) VALUES "
            "(1, 'Snel', 'snel', 'snel', 1, '', 'listed', CURRENT_TIMESTAMP, 0, 0, '')"))
        db.session.execute(text(
            "INSERT INTO complaints (id, company_id, author_id, category_id, title, "
            "body_source, body_html, contacts_before, desired_outcome, status, "
            "submitted_at, updated_at, queued_at, risk_level, supporters_count, version_id) "
            "VALUES (:id, 1, 1, 1, 't', 'b', 'b', 0, '', 'pending', CURRENT_TIMESTAMP, "
            "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, :level, 0, 1)"),
            [{"id": 1, "level": None}, {"id": 2, "level": "high"}, {"id": 3, "level": "low"}])
        db.session.commit()
        db.session.remove()
    assert runner.invoke(args=["db", "upgrade"]).exit_code == 0
    with fresh_app.app_context():
        from complaints.extensions import db
        from complaints.triage import queries
        from complaints.triage.models import RiskLevel

        levels = dict(db.session.execute(text("SELECT id, risk_level FROM complaints")).all())
        assert levels == {1: "normal", 2: "high", 3: "low"}
        assert [c.id for c in db.session.scalars(queries.lane(RiskLevel.NORMAL))] == [1]
        db.session.remove()
