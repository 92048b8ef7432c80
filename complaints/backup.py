"""A consistent copy of the live database: `flask --app app backup PATH`.

On SQLite the copy is made with SQLite's online backup API, page by page, while the site keeps
serving and writing (WAL readers see one snapshot; the backup restarts its pass if a writer
changed a page it had copied, so the copy is of one moment). The copy is written next to PATH
and renamed into place only when it is whole and passes `PRAGMA integrity_check`, so a
failed backup never leaves a half file under the name asked for.

On PostgreSQL the same command runs `pg_dump --format=custom` (restore with `pg_restore`);
README.md explains both.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import URL

from complaints.errors import DomainError
from complaints.extensions import db

PAGES_PER_STEP = 1024  # about 4 MB between steps, so writers are not held up for long


@dataclass(frozen=True)
class BackupReport:
    path: Path
    engine: str
    size_bytes: int
    complaints: int | None


def backup(target: Path, *, overwrite: bool = False) -> BackupReport:
    """Copy the database of the current app to `target`."""
    target = target.resolve()
    if target.exists() and not overwrite:
        raise DomainError(f"{target} already exists; choose another name or pass --overwrite.")
    if not target.parent.is_dir():
        raise DomainError(f"The folder {target.parent} does not exist.")
    url = db.engine.url
    if url.get_backend_name() == "sqlite":
        return _backup_sqlite(url.database, target)
    if url.get_backend_name() == "postgresql":
        return _backup_postgres(url, target)
    raise DomainError(f"Backups of {url.get_backend_name()} are not supported.")


def _backup_sqlite(database: str | None, target: Path) -> BackupReport:
    if not database or database == ":memory:":
        raise DomainError("An in-memory database cannot be backed up.")
    partial = target.with_name(f".{target.name}.partial")
    partial.unlink(missing_ok=True)
    try:
        source = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
        copy = sqlite3.connect(partial)
        try:
            source.backup(copy, pages=PAGES_PER_STEP)
            verdict = copy.execute("PRAGMA integrity_check").fetchone()[0]
            if verdict != "ok":
                raise DomainError(f"The copy failed its integrity check: {verdict}")
            complaints = copy.execute("SELECT count(*) FROM complaints").fetchone()[0]
            copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        finally:
            copy.close()
            source.close()
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return BackupReport(target, "sqlite", target.stat().st_size, complaints)


def _backup_postgres(url: URL, target: Path) -> BackupReport:
    pg_dump = shutil.which("pg_dump")
    if pg_dump is None:
        raise DomainError("pg_dump is not installed (Debian: apt-get install postgresql-client).")
    plain = url.set(drivername="postgresql")
    partial = target.with_name(f".{target.name}.partial")
    try:
        result = subprocess.run(  # noqa: S603 - fixed program, arguments from our own config
            [pg_dump, "--format=custom", "--no-owner", f"--file={partial}",
             plain.render_as_string(hide_password=False)],
            capture_output=True, text=True, check=False)
        if result.returncode:
            raise DomainError(f"pg_dump failed: {result.stderr.strip()}")
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return BackupReport(target, "postgresql", target.stat().st_size, None)
