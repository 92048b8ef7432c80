"""A consistent copy of the live database: `flask --app app backup PATH`.

On SQLite the copy is made with SQLite's online backup API, page by page, while the site keeps
serving and writing (WAL readers see one snapshot; the backup restarts its pass if a writer
changed a page it had copied, so the copy is of one moment). The copy is written next to PATH
and renamed into place only when it is whole and passes `PRAGMA integrity_check`, so a
failed backup never leaves a half file under the name asked for.

On PostgreSQL the same command runs `pg_dump --format=custom` (restore with `pg_restore`);
README.md explains both.

Evidence files kept on disk (ATTACHMENT_STORAGE=disk) are copied after the database into the
folder PATH.files beside it, so every file the copied rows name is in it, except one deleted
in between (then the restored site answers 404 for it, as it would have); a file uploaded
during the backup may be there without its row, which is harmless. It is written under a
temporary name and renamed when whole. Files in object storage are not copied: the bucket's
own versioning or replication is their backup (README.md, "Backups").
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass, replace
from pathlib import Path

from flask import current_app
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
    files_path: Path | None = None  # the copy of the evidence folder, when kept on disk
    files: int | None = None


def backup(target: Path, *, overwrite: bool = False) -> BackupReport:
    """Copy the database of the current app to `target`."""
    target = target.resolve()
    if target.exists() and not overwrite:
        raise DomainError(f"{target} already exists; choose another name or pass --overwrite.")
    if not target.parent.is_dir():
        raise DomainError(f"The folder {target.parent} does not exist.")
    files_target = files_folder(target)
    if files_target.exists() and not overwrite:
        raise DomainError(f"{files_target} already exists; choose another name or pass "
                          "--overwrite.")
    url = db.engine.url
    if url.get_backend_name() == "sqlite":
        report = _backup_sqlite(url.database, target)
    elif url.get_backend_name() == "postgresql":
        report = _backup_postgres(url, target)
    else:
        raise DomainError(f"Backups of {url.get_backend_name()} are not supported.")
    if current_app.config["ATTACHMENT_STORAGE"].strip() not in ("", "disk"):
        return report
    files = _copy_files(Path(current_app.config["ATTACHMENT_FOLDER"]), files_target)
    return replace(report, files_path=files_target, files=files)


def files_folder(target: Path) -> Path:
    """Where the copy of the evidence folder goes: beside the database copy."""
    return target.with_name(f"{target.name}.files")


def _copy_files(source: Path, target: Path) -> int:
    """Copy the evidence folder file by file; a file deleted meanwhile is left out (its row
    is gone too, or soon will be: the site answers 404 for a missing file)."""
    partial = target.with_name(f".{target.name}.partial")
    shutil.rmtree(partial, ignore_errors=True)
    copied = 0
    try:
        partial.mkdir(mode=0o700)
        for path in sorted(source.rglob("*")) if source.is_dir() else []:
            # Files being written have a temporary name (DiskStorage): never copied half.
            if not path.is_file() or path.name.startswith(".incoming-"):
                continue
            destination = partial / path.relative_to(source)
            destination.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            try:
                shutil.copy2(path, destination)
            except FileNotFoundError:
                continue
            copied += 1
        shutil.rmtree(target, ignore_errors=True)
        os.replace(partial, target)
    finally:
        shutil.rmtree(partial, ignore_errors=True)
    return copied


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
