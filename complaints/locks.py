"""Locks for the cron commands that several servers may start at the same moment.

`flask outbox send` and `flask jobs run` may run from cron on every app server (docs/deploy.md,
"Cron"). Two kinds of lock keep that safe on both engines:

- `claiming`: the short transaction in which a sender claims the next message. Senders work
  side by side, each on messages of its own.
- `exclusive`: one holder at a time for a whole command (`jobs run`); a second run skips.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from flask import current_app
from sqlalchemy import text
from sqlalchemy.orm import Session

from complaints.extensions import db


@contextmanager
def claiming(session: Session) -> Iterator[None]:
    """A transaction on `session` in which the rows the block selects are its own; committed
    at the end of the block (rolled back on an error).

    The block selects the next due row with `.with_for_update(skip_locked=True)` and claims it
    with an UPDATE (attempt counted, next attempt moved back). On PostgreSQL that SELECT locks
    the row and another sender's SELECT passes over it to the next one (SKIP LOCKED), so two
    senders take different messages and neither waits for the other. SQLite has no row locks
    (it drops FOR UPDATE) but one writer at a time: the transaction starts with BEGIN IMMEDIATE,
    which takes the write lock before the SELECT, so a second sender's SELECT runs only after
    the first committed its claim and no longer sees that row as due. BEGIN IMMEDIATE waits up
    to the busy timeout for a writer, like any write; it is held for one SELECT and one UPDATE.

    Nothing is held after the commit: a sender that dies while sending leaves its message
    claimed until the claim's delay has passed, and then any sender takes it again.
    """
    if session.in_transaction():
        raise RuntimeError("claiming() starts its own transaction; commit the session first")
    if session.get_bind().dialect.name == "sqlite":
        session.execute(text("BEGIN IMMEDIATE"))
    try:
        yield
    except BaseException:
        session.rollback()
        raise
    session.commit()


@contextmanager
def exclusive(name: str) -> Iterator[bool]:
    """Hold the lock called `name` for the block, across processes and servers sharing the
    database; yields True, or False at once (holding nothing) when someone else holds it.

    It never waits: a command that finds the lock taken (another server's run of the same
    hourly job) has nothing to add, and waiting would let runs pile up behind one that hangs.
    The lock goes when the holder does, however it ends, so a crash never leaves it behind:

    - PostgreSQL: a transaction-level advisory lock (`pg_try_advisory_xact_lock`) on a
      connection of its own, kept in that transaction for the block. A session-level lock
      could stay held by a connection returned to the pool, or end up on another client's
      connection behind PgBouncer in transaction mode; this one ends with the transaction:
      rollback at the end of the block, or the connection dropped with the process. The
      transaction only holds the lock (no snapshot, no row), so it does not hold up vacuum.
    - SQLite (one machine): `flock` on a file next to the database file, which the kernel
      releases when the process ends.
    """
    if db.engine.dialect.name == "postgresql":
        with db.engine.connect() as connection:
            acquired = connection.scalar(text("SELECT pg_try_advisory_xact_lock(:key)"),
                                         {"key": _advisory_key(name)})
            try:
                yield bool(acquired)
            finally:
                connection.rollback()
        return
    with open(_lock_file(name), "a+b") as handle:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def _advisory_key(name: str) -> int:
    """A stable signed 64-bit key for `name` (Python's hash() changes between processes)."""
    digest = hashlib.blake2b(f"helpdeskhel:{name}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def _lock_file(name: str) -> Path:
    """`<database file>.<name>.lock` beside the database; in the instance folder for a
    database in memory (one process only, but the lock still works between threads)."""
    slug = "".join(c if c.isalnum() else "-" for c in name)
    database = db.engine.url.database
    if database and database != ":memory:" and not database.startswith("file:"):
        return Path(f"{os.path.abspath(database)}.{slug}.lock")
    folder = Path(current_app.instance_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{slug}.lock"
