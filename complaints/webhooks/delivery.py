"""Sending webhooks: claimed like mail in the outbox, signed, POSTed to a checked address,
retried with backoff for a day.

`deliver_due` runs from `flask outbox send`, which cron starts every minute; that is soon
enough for a webcare tool, so unlike mail there is no delivery right after the commit (a web
request never waits for a company's server). The owner's test event is the one exception:
the page tries it at once (`deliver_one`) to show the answer.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import urllib3
from flask import current_app
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from complaints import locks
from complaints.clock import utcnow
from complaints.extensions import db
from complaints.webhooks import addresses
from complaints.webhooks.models import WebhookDelivery, WebhookEndpoint

log = logging.getLogger(__name__)

SIGNATURE_HEADER = "Helpdeskhel-Signature"
DELIVERY_HEADER = "Helpdeskhel-Delivery"
EVENT_HEADER = "Helpdeskhel-Event"
USER_AGENT = "Helpdeskhel-Webhooks/1.0 (+https://helpdeskhel.nl/api/v1/docs)"
CONNECT_TIMEOUT = 3.0
READ_TIMEOUT = 5.0
FIRST_RETRY = timedelta(minutes=1)
LONGEST_RETRY = timedelta(hours=2)
RETRY_WINDOW = timedelta(hours=24)
ERROR_MAX = 500


def retry_delay(attempts: int) -> timedelta:
    """Wait 1, 2, 4, 8 … minutes after the 1st, 2nd, 3rd … attempt, at most 2 hours: some
    twenty attempts in the day a delivery is tried."""
    return min(FIRST_RETRY * 2 ** min(max(attempts - 1, 0), 16), LONGEST_RETRY)


def sign(secret: str, timestamp: int, body: bytes) -> str:
    """The signature header's value: HMAC-SHA256 with the endpoint's secret over
    "<timestamp>.<body>", in hex. The timestamp is signed too, so a receiver that refuses
    old timestamps cannot be fed a recorded delivery again."""
    digest = hmac.new(secret.encode("utf-8"), str(timestamp).encode("ascii") + b"." + body,
                      hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


@dataclass
class WebhookReport:
    """What one run did; `waiting` counts every delivery still to be tried after it."""

    delivered: int = 0
    failed: int = 0
    given_up: int = 0
    waiting: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)  # (delivery id, error)


def deliver_due(*, now: datetime | None = None, limit: int = 200) -> WebhookReport:
    """Deliver up to `limit` deliveries whose next attempt is due, oldest first.

    Each is claimed just before it is sent, as `notifications.outbox.deliver_due` claims mail:
    in a short transaction of its own (`locks.claiming`) the oldest due delivery no other
    sender is claiming is selected FOR UPDATE SKIP LOCKED, and an UPDATE counts the attempt
    and moves the next one back; senders on several servers take different deliveries and
    never send one twice. A 2xx answer is delivered; anything else, a refused address or a
    network error is tried again after `retry_delay`, and given up once the next try would
    fall outside RETRY_WINDOW from when the event happened. Works in its own session, apart
    from the caller's transaction.
    """
    now = now or utcnow()
    report = WebhookReport()
    allow_loopback = bool(current_app.config.get("WEBHOOKS_ALLOW_LOOPBACK"))
    with Session(db.engine) as session:
        for _ in range(limit):
            delivery_id = _claim_next(session, now)
            if delivery_id is None:
                break
            _attempt(session, delivery_id, now, allow_loopback, report)
        report.waiting = session.scalar(
            select(func.count()).select_from(WebhookDelivery).where(_waiting()))
    return report


def deliver_one(delivery_id: int, *, now: datetime | None = None) -> WebhookDelivery | None:
    """Try one delivery now (the owner's test event) under the same claim and rules; returns
    it as it stands after the attempt, or None when another sender had it.

    The claim here is a conditional UPDATE (only if the attempt count is still the one read):
    on PostgreSQL it waits for a sender that holds the row and then finds it claimed."""
    now = now or utcnow()
    allow_loopback = bool(current_app.config.get("WEBHOOKS_ALLOW_LOOPBACK"))
    with Session(db.engine, expire_on_commit=False) as session:
        attempts = session.scalar(select(WebhookDelivery.attempts).where(
            WebhookDelivery.id == delivery_id, _waiting()))
        session.commit()
        if attempts is None or not _claim(session, delivery_id, attempts, now):
            return None
        session.commit()
        _attempt(session, delivery_id, now, allow_loopback, WebhookReport())
        return session.get(WebhookDelivery, delivery_id)


def backlog() -> tuple[int, datetime | None]:
    """How many deliveries are still to be tried, and when the oldest of them was queued (for
    /metrics, on every scrape). It reads only those rows, along ix_webhook_deliveries_due
    (delivered_at, given_up_at first); a removed webhook's deliveries are given up at once."""
    count, oldest = db.session.execute(
        select(func.count(), func.min(WebhookDelivery.created_at)).where(_waiting())).one()
    return count, oldest


def _waiting():
    return WebhookDelivery.delivered_at.is_(None) & WebhookDelivery.given_up_at.is_(None)


def _claim_next(session: Session, now: datetime) -> int | None:
    """Claim the oldest due delivery (to an endpoint not removed) no other sender is claiming:
    its id, or None when none is due. Only the delivery's row is locked (FOR UPDATE OF), not
    its endpoint's, so deliveries to one endpoint can go out from two senders at once."""
    with locks.claiming(session):
        due = session.execute(
            select(WebhookDelivery.id, WebhookDelivery.attempts)
            .join(WebhookEndpoint, WebhookEndpoint.id == WebhookDelivery.endpoint_id)
            .where(_waiting(), WebhookDelivery.next_attempt_at <= now,
                   WebhookEndpoint.removed_at.is_(None))
            .order_by(WebhookDelivery.created_at, WebhookDelivery.id)
            .limit(1)
            .with_for_update(of=WebhookDelivery, skip_locked=True)
        ).first()
        if due is None:
            return None
        # Under the lock the conditional UPDATE always matches; if it ever did not, nothing
        # is sent unclaimed: this run stops and the next one starts over.
        claimed = _claim(session, due.id, due.attempts, now)
    return due.id if claimed else None


def _claim(session: Session, delivery_id: int, attempts: int, now: datetime) -> bool:
    """Count the attempt and move the next one back, if the delivery is still waiting, due
    and at `attempts`; the caller commits. False when another sender claimed it first."""
    result = session.execute(
        update(WebhookDelivery)
        .where(WebhookDelivery.id == delivery_id, _waiting(),
               WebhookDelivery.next_attempt_at <= now, WebhookDelivery.attempts == attempts)
        .values(attempts=WebhookDelivery.attempts + 1,
                next_attempt_at=now + retry_delay(attempts + 1)),
        execution_options={"synchronize_session": False},
    )
    return result.rowcount == 1


def _attempt(session: Session, delivery_id: int, now: datetime, allow_loopback: bool,
             report: WebhookReport) -> None:
    """Send one claimed delivery and record the answer."""
    row = session.get(WebhookDelivery, delivery_id)
    endpoint = session.get(WebhookEndpoint, row.endpoint_id)
    status, error = _send(row, endpoint, allow_loopback)
    row.last_status = status
    if error is None:
        row.delivered_at = utcnow()
        row.last_error = None
        session.commit()
        report.delivered += 1
        return
    row.last_error = error[:ERROR_MAX]
    if row.next_attempt_at > row.created_at + RETRY_WINDOW:
        row.given_up_at = now
        report.given_up += 1
    report.failed += 1
    report.errors.append((delivery_id, row.last_error))
    log.warning("webhook delivery %s (%s) to endpoint %s failed, attempt %s%s: %s", delivery_id,
                row.event, endpoint.id, row.attempts,
                ", given up" if row.given_up_at else "", row.last_error)
    session.commit()  # after the log line, which reads the row: no new transaction is begun


def _send(row: WebhookDelivery, endpoint: WebhookEndpoint,
          allow_loopback: bool) -> tuple[int | None, str | None]:
    """POST the delivery; (status code or None, error or None). The URL is checked and its
    name resolved again now, and the request goes to the address that was checked."""
    try:
        target = addresses.check_url(endpoint.url, allow_loopback=allow_loopback)
    except addresses.AddressRefused as refused:
        return None, f"Address refused: {refused.message}"
    body = row.body.encode("utf-8")
    headers = {
        "Host": target.host_header,
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        DELIVERY_HEADER: row.uid,
        EVENT_HEADER: row.event,
        SIGNATURE_HEADER: sign(endpoint.secret, int(utcnow().timestamp()), body),
    }
    try:
        status = post(target, target.addresses[0], body, headers)
    except (urllib3.exceptions.HTTPError, OSError) as error:
        return None, f"{type(error).__name__}: {error}"
    if 200 <= status < 300:
        return status, None
    return status, f"HTTP {status}"


def post(target: addresses.Target, address: str, body: bytes, headers: dict) -> int:
    """One POST to `address` (an IP address that was checked) for `target`: TLS is verified
    against the host name (SNI and certificate), the Host header names it; no redirect is
    followed, no retry made, short timeouts, and the answer's body is not read at all (only
    its status counts), so a slow or endless answer cannot hold the sender."""
    timeout = urllib3.Timeout(connect=CONNECT_TIMEOUT, read=READ_TIMEOUT)
    if target.scheme == "https":
        pool: urllib3.HTTPConnectionPool = urllib3.HTTPSConnectionPool(
            address, target.port, timeout=timeout, retries=False, maxsize=1,
            cert_reqs="CERT_REQUIRED", assert_hostname=target.host,
            server_hostname=target.host)
    else:
        pool = urllib3.HTTPConnectionPool(address, target.port, timeout=timeout,
                                          retries=False, maxsize=1)
    with pool:
        response = pool.urlopen("POST", target.path, body=body, headers=headers,
                                redirect=False, retries=False, preload_content=False,
                                assert_same_host=False, release_conn=False)
        try:
            return response.status
        finally:
            response.close()
