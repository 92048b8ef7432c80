"""`flask --app app backup PATH`: a consistent copy of the live database that restores whole."""

from __future__ import annotations

import sqlite3
import subprocess
import uuid

import psycopg
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from complaints.cases.workflow import Status
from complaints.extensions import db
from tests.builders import make_complaint


@pytest.fixture
def complaints(ctx, consumer, company, moderator):
    made = [make_complaint(consumer, company, status=status,
                           title=f"Klacht nummer {n} over de monteur")
            for n, status in enumerate([Status.PENDING, Status.OPEN, Status.ANSWERED,
                                        Status.RESOLVED, Status.OPEN])]
    return sorted(c.id for c in made)


def _engine_name() -> str:
    return db.engine.url.get_backend_name()


def test_backup_restores_every_complaint(runner, complaints, company, tmp_path):
    target = tmp_path / ("copy.sqlite" if _engine_name() == "sqlite" else "copy.dump")
    result = runner.invoke(args=["backup", str(target)])
    assert result.exit_code == 0, result.output
    assert "Backed up" in result.output and target.exists()
    assert not list(tmp_path.glob(".*.partial"))

    if _engine_name() == "sqlite":
        restored = create_engine(f"sqlite:///{target}")
        assert "5 complaints" in result.output
    else:
        restored = _restore_postgres(target)
    with restored.connect() as connection:
        ids = list(connection.execute(text("SELECT id FROM complaints ORDER BY id")).scalars())
        name = connection.execute(text("SELECT name FROM companies WHERE id = :id"),
                                  {"id": company.id}).scalar()
    restored.dispose()
    assert ids == complaints
    assert name == company.name


def _restore_postgres(archive):
    url = make_url(str(db.engine.url)).set(drivername="postgresql")
    name = f"restore_{uuid.uuid4().hex[:8]}"
    admin = url.render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    restored_url = url.set(database=name)
    subprocess.run(["pg_restore", "--no-owner", "--exit-on-error",
                    f"--dbname={restored_url.render_as_string(hide_password=False)}",
                    str(archive)], check=True, capture_output=True)

    class Dropping:
        """The restored database, dropped again when the test lets go of it."""

        def __init__(self):
            self.engine = create_engine(restored_url.set(drivername="postgresql+psycopg"))

        def connect(self):
            return self.engine.connect()

        def dispose(self):
            self.engine.dispose()
            with psycopg.connect(admin, autocommit=True) as connection:
                connection.execute(f'DROP DATABASE "{name}" WITH (FORCE)')

    return Dropping()


def test_sqlite_backup_is_one_moment_while_a_writer_holds_a_transaction(
        runner, complaints, company, tmp_path):
    if _engine_name() != "sqlite":  # pg_dump reads one snapshot by design; its archive:
        result = runner.invoke(args=["backup", str(tmp_path / "live.dump")])
        assert result.exit_code == 0, result.output
        assert (tmp_path / "live.dump").read_bytes()[:5] == b"PGDMP"
        return
    writer = sqlite3.connect(db.engine.url.database, timeout=5)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("UPDATE companies SET description = 'half done' WHERE id = ?", (company.id,))
    try:
        result = runner.invoke(args=["backup", str(tmp_path / "live.sqlite")])
    finally:
        writer.rollback()
        writer.close()
    assert result.exit_code == 0, result.output
    copy = sqlite3.connect(tmp_path / "live.sqlite")
    description = copy.execute("SELECT description FROM companies WHERE id = ?",
                               (company.id,)).fetchone()[0]
    mode = copy.execute("PRAGMA journal_mode").fetchone()[0]
    copy.close()
    assert description != "half done"
    assert mode == "delete"  # a single self-contained file, no -wal beside it


def test_backup_refuses_to_overwrite_unless_asked(runner, complaints, tmp_path):
    target = tmp_path / "copy.bak"
    target.write_text("an earlier backup")
    refused = runner.invoke(args=["backup", str(target)])
    assert refused.exit_code == 1
    assert "already exists" in refused.output
    assert target.read_text() == "an earlier backup"
    replaced = runner.invoke(args=["backup", "--overwrite", str(target)])
    assert replaced.exit_code == 0, replaced.output
    assert target.read_bytes() != b"an earlier backup"


def test_backup_into_a_missing_folder_says_so(runner, complaints, tmp_path):
    result = runner.invoke(args=["backup", str(tmp_path / "nowhere" / "copy.bak")])
    assert result.exit_code == 1
    assert "does not exist" in result.output
    assert not (tmp_path / "nowhere").exists()
