"""Whole-page cache for visitors who are not signed in, invalidated by every public change.

Most traffic in a publicity storm is people reading: the home page, the complaints, a
company's page, the rankings, a search. For visitors without an account those pages are the
same for everyone who reads them in the same language, so a view marked `@cached_page` is
rendered once and then served from the cache until something public changes.

Invalidation is by generation: every cache key starts with the current generation, and a
commit that changed anything the public can see (found from the session's flush, see
`_is_public_change`) moves the generation after the commit. A reader reads the generation
before it renders, so whatever it stores is never newer than its key says, and nothing stale
is served after the generation moved. Entries also expire after PAGE_CACHE_SECONDS.

Pages carry the visitor's own CSRF token (the language switch, forms): a page is rendered
with a placeholder in its place, stored like that, and each visitor gets the placeholder
replaced by their own token when the page is served. A page that sets a cookie, flashes a
message or is personal in any other way is not stored.

Where it lives: `PAGE_CACHE=memory` (default) keeps pages in each worker's memory, bounded
by PAGE_CACHE_MEMORY_MB, with the generation in a small shared file in the instance folder,
so the workers and command-line jobs of one machine agree. `PAGE_CACHE=redis://…` keeps
pages and the generation in Redis, for several app servers. `PAGE_CACHE=off` turns it off.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import mmap
import os
import threading
import time
from collections import OrderedDict
from functools import wraps
from pathlib import Path

from flask import current_app, g, request, session
from flask_babel import get_locale
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from complaints.cases.workflow import PUBLIC_STATUSES, Status

SHOWN_STATUSES = frozenset(PUBLIC_STATUSES | {Status.REMOVED})
# Tables whose rows no anonymous page shows: changing them leaves the cache alone.
PRIVATE_TABLES = frozenset({
    "outbox", "private_messages", "flags", "follows", "invitations", "claims",
    "complaint_revisions", "rejection_reasons", "users", "alembic_version",
    # Due process: a notice, an appeal or a statement changes no public page by itself (the
    # action it leads to does); the transparency figures may be a cache period behind.
    "notices", "statements", "appeals",
    # Triage: what moderators see of a waiting story (its signals, near-duplicate keys and
    # groups) and the word list; a decision it leads to changes the public pages.
    "complaint_risks", "near_duplicate_keys", "duplicate_groups", "risk_words",
    # When the scheduled commands last succeeded (for /metrics): `outbox send` writes it
    # every few minutes, and must not empty the cache each time.
    "job_runs",
})
CACHED_TYPES = ("text/html", "application/atom+xml", "application/xml", "text/csv",
                "text/plain", "application/json")
MAX_ENTRY_BYTES = 1024 * 1024


# --- where the generation lives ---------------------------------------------------------------

class FileGeneration:
    """Eight random bytes in a shared file, read through mmap: every process on the machine
    sees a new value as soon as it is written, at the cost of a memory read."""

    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        if os.fstat(fd).st_size < 8:
            os.pwrite(fd, os.urandom(8), 0)
        self._fd = fd
        self._map = mmap.mmap(fd, 8, access=mmap.ACCESS_READ)

    def current(self) -> str:
        return self._map[:8].hex()

    def bump(self) -> None:
        os.pwrite(self._fd, os.urandom(8), 0)


class RedisGeneration:
    KEY = "helpdeskhel:page-cache:generation"

    def __init__(self, client):
        self._client = client

    def current(self) -> str:
        value = self._client.get(self.KEY)
        if value is None:
            self.bump()
            value = self._client.get(self.KEY)
        return value.decode() if isinstance(value, bytes) else str(value)

    def bump(self) -> None:
        self._client.set(self.KEY, os.urandom(8).hex())


# --- where the pages live ---------------------------------------------------------------------

class MemoryStore:
    """Least recently used pages of this process, at most `limit` bytes."""

    def __init__(self, limit: int, seconds: int):
        self._entries: OrderedDict[str, tuple[float, bytes]] = OrderedDict()
        self._size, self._limit, self._seconds = 0, limit, seconds
        self._lock = threading.Lock()

    def get(self, key: str) -> bytes | None:
        with self._lock:
            found = self._entries.get(key)
            if found is None:
                return None
            if found[0] < time.monotonic():
                self._remove(key)
                return None
            self._entries.move_to_end(key)
            return found[1]

    def put(self, key: str, value: bytes) -> None:
        with self._lock:
            if key in self._entries:
                self._remove(key)
            self._entries[key] = (time.monotonic() + self._seconds, value)
            self._size += len(value)
            while self._size > self._limit and self._entries:
                self._remove(next(iter(self._entries)))

    def _remove(self, key: str) -> None:
        self._size -= len(self._entries.pop(key)[1])

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._size = 0


class RedisStore:
    PREFIX = "helpdeskhel:page:"

    def __init__(self, client, seconds: int):
        self._client, self._seconds = client, seconds

    def get(self, key: str) -> bytes | None:
        return self._client.get(self.PREFIX + key)

    def put(self, key: str, value: bytes) -> None:
        self._client.set(self.PREFIX + key, value, ex=self._seconds)

    def clear(self) -> None:
        for key in self._client.scan_iter(self.PREFIX + "*"):
            self._client.delete(key)


class PageCache:
    def __init__(self, store, generation, secret: str):
        self.store, self.generation = store, generation
        # The stand-in for the CSRF token in stored pages; unguessable, the same in every
        # process that shares the store.
        self.marker = "csrf-" + hmac.new(secret.encode(), b"page-cache-csrf",
                                         hashlib.sha256).hexdigest()[:40]

    def key(self, generation: str) -> str:
        raw = "\n".join((generation, str(get_locale()), request.scheme, request.host,
                         request.full_path))
        return hashlib.sha256(raw.encode("utf-8", "surrogateescape")).hexdigest()

    def personal(self, body: bytes) -> bytes:
        marker = self.marker.encode()
        if marker not in body:
            return body
        g.pop("csrf_token", None)
        return body.replace(marker, generate_csrf().encode())


def _pack(response) -> bytes:
    meta = {"status": response.status_code,
            "headers": [(k, v) for k, v in response.headers.items()
                        if k.lower() not in ("content-length", "set-cookie", "vary")]}
    return json.dumps(meta).encode() + b"\n" + response.get_data()


def _unpack(value: bytes):
    meta, _, body = value.partition(b"\n")
    data = json.loads(meta)
    return data["status"], data["headers"], body


def init_app(app) -> None:
    """Choose the store from PAGE_CACHE and make commits move the generation."""
    setting = (app.config.get("PAGE_CACHE") or "off").strip()
    seconds = int(app.config.get("PAGE_CACHE_SECONDS", 300))
    if setting == "off":
        app.extensions["page_cache"] = None
        return
    if setting.startswith(("redis://", "rediss://", "unix://")):
        import redis

        client = redis.Redis.from_url(setting, socket_timeout=0.5)
        cache = PageCache(RedisStore(client, seconds), RedisGeneration(client),
                          app.config["SECRET_KEY"])
    elif setting == "memory":
        limit = int(float(app.config.get("PAGE_CACHE_MEMORY_MB", 32)) * 1024 * 1024)
        generation = FileGeneration(Path(app.config.get("PAGE_CACHE_GENERATION_PATH") or
                                         Path(app.instance_path) / "page-cache.generation"))
        cache = PageCache(MemoryStore(limit, seconds), generation, app.config["SECRET_KEY"])
    else:
        raise RuntimeError(f"PAGE_CACHE must be 'memory', 'off' or a redis:// URL, "
                           f"not {setting!r}.")
    app.extensions["page_cache"] = cache
    _watch_commits()


def _cache() -> PageCache | None:
    return current_app.extensions.get("page_cache")


def _anonymous() -> bool:
    """Nobody is signed in and nothing personal waits in the session."""
    if "_user_id" in session or "_flashes" in session:
        return False
    remember = current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token")
    return remember not in request.cookies and "Authorization" not in request.headers


def cached_page(view):
    """Serve this view from the page cache to anonymous visitors (GET and HEAD)."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        cache = _cache()
        if cache is None or request.method not in ("GET", "HEAD") or not _anonymous():
            return view(*args, **kwargs)
        try:
            key = cache.key(cache.generation.current())
            found = cache.store.get(key)
        except Exception:  # a cache that is down must not take the site down
            current_app.logger.warning("page cache unavailable", exc_info=True)
            return view(*args, **kwargs)
        if found is not None:
            status, headers, body = _unpack(found)
            response = current_app.response_class(cache.personal(body), status, headers)
            response.headers["X-Page-Cache"] = "hit"
            return response
        g.csrf_token = cache.marker  # forms render the stand-in, not this visitor's token
        try:
            response = current_app.make_response(view(*args, **kwargs))
        finally:
            g.pop("csrf_token", None)
        if _storable(response):
            try:
                cache.store.put(key, _pack(response))
            except Exception:  # the page was rendered; a cache that is down is only slower
                current_app.logger.warning("page cache unavailable", exc_info=True)
        if not response.is_streamed and not response.direct_passthrough:
            response.set_data(cache.personal(response.get_data()))
        response.headers["X-Page-Cache"] = "miss"
        return response

    return wrapper


def _storable(response) -> bool:
    return (response.status_code == 200 and not response.is_streamed
            and not response.direct_passthrough
            and response.mimetype in CACHED_TYPES
            and "Set-Cookie" not in response.headers
            and not session.modified and not current_user.is_authenticated
            and len(response.get_data()) <= MAX_ENTRY_BYTES)


def clear() -> None:
    """Forget every stored page (tests; after restoring a backup)."""
    cache = _cache()
    if cache is not None:
        cache.generation.bump()
        cache.store.clear()


# --- which commits change what the public sees -------------------------------------------------

def _is_public_change(obj, *, deleted: bool = False) -> bool:
    table = getattr(obj, "__tablename__", None)
    if table is None or table in PRIVATE_TABLES:
        if table == "users":  # display names are public; the rest of an account is not
            return not deleted and inspect(obj).attrs.display_name.history.has_changes()
        return False
    if table == "complaints":
        history = inspect(obj).attrs.status.history
        statuses = {*history.added, *history.deleted, *history.unchanged}
        return bool(statuses & SHOWN_STATUSES)
    if table == "complaint_events":
        return obj.to_status in SHOWN_STATUSES or obj.from_status in SHOWN_STATUSES
    return True


def _after_flush(session: Session, flush_context) -> None:
    if session.info.get("page_cache_stale"):
        return
    changed = [*session.new, *session.dirty]
    if any(_is_public_change(obj) for obj in changed) or any(
            _is_public_change(obj, deleted=True) for obj in session.deleted):
        session.info["page_cache_stale"] = True


def _after_execute(state) -> None:
    """Bulk statements (update(), delete(), insert() and raw SQL) through the session."""
    if state.is_select or state.session.info.get("page_cache_stale"):
        return
    statement = state.statement
    if getattr(statement, "_is_textual", False) and \
            statement.text.lstrip()[:6].upper() in ("SELECT", "WITH S"):
        return
    table = getattr(getattr(statement, "table", None), "name", None)
    if table not in PRIVATE_TABLES:
        state.session.info["page_cache_stale"] = True


def _after_commit(session: Session) -> None:
    if session.info.pop("page_cache_stale", False):
        from flask import has_app_context

        if has_app_context() and (cache := _cache()) is not None:
            try:
                cache.generation.bump()
            except Exception:  # entries still expire after PAGE_CACHE_SECONDS
                current_app.logger.warning("page cache generation not moved", exc_info=True)


def _after_rollback(session: Session) -> None:
    session.info.pop("page_cache_stale", None)


def _watch_commits() -> None:
    if event.contains(Session, "after_commit", _after_commit):
        return
    event.listen(Session, "after_flush", _after_flush)
    event.listen(Session, "do_orm_execute", _after_execute)
    event.listen(Session, "after_commit", _after_commit)
    event.listen(Session, "after_rollback", _after_rollback)
