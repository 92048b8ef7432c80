"""Prometheus metrics of the running site: requests, the page cache and the database pool,
counted as they happen; `exposition` renders them (with any figures read at scrape time) as
the text /metrics serves (complaints.operations).

gunicorn runs several worker processes and Prometheus scrapes one of them at a time, so under
gunicorn every worker writes its counts to files in PROMETHEUS_MULTIPROC_DIR and the scrape
adds them up (prometheus-client's multiprocess mode; gunicorn.conf.py makes the directory and
sets the variable before a worker imports the app, which prometheus-client requires). Without
the variable (tests, `flask` commands, `flask run`) the counts stay in this process.

Labels are chosen to stay few: the route's endpoint name (`cases.show`), never the path, which
holds ids and whatever a scanner tries; methods outside the usual few are "other".
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable

from flask import Flask, current_app, g, request
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    disable_created_metrics,
    generate_latest,
    multiprocess,
)
from prometheus_client.registry import Collector
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.pool import QueuePool

from complaints.extensions import db

MULTIPROCESS_DIR_VARIABLE = "PROMETHEUS_MULTIPROC_DIR"
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
UNMATCHED = "unmatched"  # the endpoint label of a request no route matched (404, 405)

# A `_created` series beside every counter doubles the text for little use, and multiprocess
# mode has none: the same series under gunicorn and in one process.
disable_created_metrics()

REQUEST_SECONDS = Histogram(
    "helpdeskhel_http_request_duration_seconds",
    "Time from the start of a request to its finished response, by endpoint and method.",
    ["endpoint", "method"])
REQUESTS = Counter(
    "helpdeskhel_http_requests",
    "Requests answered, by endpoint, method and status code.",
    ["endpoint", "method", "status"])
PAGE_CACHE = Counter(
    "helpdeskhel_page_cache_requests",
    "Anonymous pages served from the page cache (hit) or rendered and stored (miss).",
    ["endpoint", "result"])
# Under gunicorn each worker has its own pool: summed over the workers alive now.
POOL_CHECKED_OUT = Gauge(
    "helpdeskhel_db_pool_checked_out_connections",
    "Database connections in use by requests and jobs right now.",
    multiprocess_mode="livesum")
POOL_SIZE = Gauge(
    "helpdeskhel_db_pool_size_connections",
    "Connections the database pools keep open (SQLAlchemy's pool_size).",
    multiprocess_mode="livesum")
POOL_OVERFLOW = Gauge(
    "helpdeskhel_db_pool_overflow_connections",
    "Connections open beyond the pool size (at most max_overflow each pool).",
    multiprocess_mode="livesum")


def unmeasured(view: Callable) -> Callable:
    """Leave this view out of the request metrics (the scrape itself: counting it would only
    measure Prometheus)."""
    view.unmeasured = True
    return view


def init_app(app: Flask) -> None:
    """Count every request, and follow the pool of the app's database engine."""
    # First of the before-request functions, so the time includes the others (sign-in, limits).
    app.before_request_funcs.setdefault(None, []).insert(0, _start)
    app.after_request(_count)
    with app.app_context():
        _watch_pool(db.engine)


def _start() -> None:
    g.metrics_started = time.perf_counter()


def _count(response):
    view = current_app.view_functions.get(request.endpoint) if request.endpoint else None
    if getattr(view, "unmeasured", False):
        return response
    endpoint = request.endpoint or UNMATCHED
    method = request.method if request.method in METHODS else "other"
    REQUESTS.labels(endpoint, method, str(response.status_code)).inc()
    started = g.get("metrics_started")
    if started is not None:  # None: a request that failed before the before-request functions
        REQUEST_SECONDS.labels(endpoint, method).observe(time.perf_counter() - started)
    result = response.headers.get("X-Page-Cache")  # set by complaints.cache.cached_page
    if result in ("hit", "miss"):
        PAGE_CACHE.labels(endpoint, result).inc()
    return response


def _watch_pool(engine: Engine) -> None:
    """Count check-outs and check-ins as they happen, for every kind of pool (SQLite in memory
    has no QueuePool); a QueuePool's overflow is read at the same moments and written when it
    changes, its size (fixed) once. Reading them only at scrape time would show the pool of
    the one worker scraped. Under gunicorn each write goes to a memory-mapped file: a few
    microseconds."""
    overflow = {"last": None}

    def note_overflow() -> None:
        if isinstance(engine.pool, QueuePool):
            now = max(engine.pool.overflow(), 0)  # negative until the pool is full
            if now != overflow["last"]:
                POOL_OVERFLOW.set(now)
                overflow["last"] = now

    def checked_out(dbapi_connection, record, proxy) -> None:
        POOL_CHECKED_OUT.inc()
        note_overflow()

    def checked_in(dbapi_connection, record) -> None:
        POOL_CHECKED_OUT.dec()
        note_overflow()

    event.listen(engine, "checkout", checked_out)
    event.listen(engine, "checkin", checked_in)
    if isinstance(engine.pool, QueuePool):
        POOL_SIZE.set(engine.pool.size())
    note_overflow()


class _Together:
    """Several collectors read as one (what generate_latest asks for)."""

    def __init__(self, collectors: Iterable[Collector]):
        self.collectors = list(collectors)

    def collect(self):
        for collector in self.collectors:
            yield from collector.collect()


def exposition(*at_scrape: Collector) -> tuple[bytes, str]:
    """The Prometheus text and its content type: the counts of this process, or with
    PROMETHEUS_MULTIPROC_DIR set those of every worker (past ones' counters included), then
    what the `at_scrape` collectors read now."""
    folder = os.environ.get(MULTIPROCESS_DIR_VARIABLE)
    if folder:
        source = CollectorRegistry()
        multiprocess.MultiProcessCollector(source, path=folder)
    else:
        source = REGISTRY
    return generate_latest(_Together([source, *at_scrape])), CONTENT_TYPE_LATEST
