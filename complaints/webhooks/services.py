"""The owner's webhook endpoints (register, remove, test) and the queue of deliveries.

`queue_event` is the outbox for webhooks: a service calls it (through `events`) before its
commit, so the change and its deliveries are saved together or not at all. `flask outbox
send` delivers them (`delivery.deliver_due`).
"""

from __future__ import annotations

import json
import secrets
import uuid
from datetime import datetime

from flask import current_app
from sqlalchemy import func, select, update

from complaints import permissions
from complaints.accounts.models import User
from complaints.clock import utcnow
from complaints.companies.models import Company
from complaints.errors import AlreadyHandled, DomainError, NotAllowed
from complaints.extensions import db
from complaints.formats import gettext as _
from complaints.webhooks import addresses
from complaints.webhooks import delivery as delivery_module
from complaints.webhooks.models import (
    SUBSCRIBABLE,
    Event,
    WebhookDelivery,
    WebhookEndpoint,
)

SECRET_PREFIX = "whsec_"  # noqa: S105 - a prefix, not a secret
SHOWN_SECRET = len(SECRET_PREFIX) + 6
ENDPOINTS_PER_COMPANY = 10
LOG_LENGTH = 50


def _allow_loopback() -> bool:
    return bool(current_app.config.get("WEBHOOKS_ALLOW_LOOPBACK"))


# --- endpoints ------------------------------------------------------------------------------

def register_endpoint(user: User, company: Company, *, url: str,
                      events: list[str]) -> tuple[WebhookEndpoint, str]:
    """A new endpoint of `company` for `events`; returns it and its signing secret, which
    the owner sees this once (we keep it, to sign with, but never show it again).

    The URL must pass `addresses.check_url` now, its host name resolved: an address that
    would be refused at delivery is refused here, where the owner can still correct it.
    """
    if not permissions.can_manage_webhooks(user, company):
        raise NotAllowed(_("Only the owner of the team registers webhooks."))
    chosen = []
    for name in events or []:
        try:
            event = Event(name)
        except ValueError:
            event = None
        if event not in SUBSCRIBABLE:
            raise DomainError(_("Choose from the events listed."), "events")
        if event not in chosen:
            chosen.append(event)
    if not chosen:
        raise DomainError(_("Choose at least one event."), "events")
    url = (url or "").strip()
    try:
        addresses.check_url(url, allow_loopback=_allow_loopback())
    except addresses.AddressRefused as error:
        raise DomainError(error.message, "url") from None
    active = db.session.scalar(select(func.count()).select_from(WebhookEndpoint).where(
        WebhookEndpoint.company_id == company.id, WebhookEndpoint.removed_at.is_(None)))
    if active >= ENDPOINTS_PER_COMPANY:
        raise DomainError(_("%(company)s has %(count)d webhooks. Remove one you no longer use "
                            "first.", company=company.name, count=active))
    secret = SECRET_PREFIX + secrets.token_urlsafe(32)
    endpoint = WebhookEndpoint(company_id=company.id, url=url,
                               events=" ".join(event.value for event in chosen), secret=secret,
                               created_by_id=user.id)
    db.session.add(endpoint)
    db.session.commit()
    return endpoint, secret


def remove_endpoint(user: User, endpoint: WebhookEndpoint) -> None:
    """Stop an endpoint: nothing more is queued for it, and what still waits is given up.
    Its row and log stay, so the team can still see what was sent."""
    if not permissions.can_manage_webhooks(user, endpoint.company):
        raise NotAllowed(_("Only the owner of the team removes webhooks."))
    now = utcnow()
    removed = db.session.execute(
        update(WebhookEndpoint).where(WebhookEndpoint.id == endpoint.id,
                                      WebhookEndpoint.removed_at.is_(None))
        .values(removed_at=now, removed_by_id=user.id),
        execution_options={"synchronize_session": False})
    if removed.rowcount != 1:
        db.session.rollback()
        raise AlreadyHandled(_("This webhook was already removed."))
    db.session.execute(
        update(WebhookDelivery).where(WebhookDelivery.endpoint_id == endpoint.id,
                                      WebhookDelivery.delivered_at.is_(None),
                                      WebhookDelivery.given_up_at.is_(None))
        .values(given_up_at=now, last_error="The webhook was removed."),
        execution_options={"synchronize_session": False})
    db.session.commit()


def send_ping(user: User, endpoint: WebhookEndpoint) -> WebhookDelivery:
    """Send a test event ("ping") to this endpoint alone: queued like any event, then tried
    at once so the owner sees the answer; returns the delivery as it stands after that try
    (still waiting when a sender took it first). A failed test is retried like any event."""
    if not permissions.can_manage_webhooks(user, endpoint.company):
        raise NotAllowed(_("Only the owner of the team tests webhooks."))
    if not endpoint.is_active:
        raise AlreadyHandled(_("This webhook was removed."))
    delivery = _delivery(endpoint, Event.PING, {
        "endpoint": {"id": endpoint.id, "url": endpoint.url,
                     "events": [event.value for event in endpoint.event_list]}})
    db.session.commit()
    return delivery_module.deliver_one(delivery.id) or delivery


def endpoints_for(company: Company) -> list[WebhookEndpoint]:
    """The company's active endpoints, oldest first."""
    return _active_endpoints(company.id)


def _active_endpoints(company_id: int) -> list[WebhookEndpoint]:
    return list(db.session.scalars(
        select(WebhookEndpoint).where(WebhookEndpoint.company_id == company_id,
                                      WebhookEndpoint.removed_at.is_(None))
        .order_by(WebhookEndpoint.id)))


def deliveries_for(endpoint: WebhookEndpoint, limit: int = LOG_LENGTH) -> list[WebhookDelivery]:
    """The endpoint's latest deliveries, newest first: its delivery log."""
    return list(db.session.scalars(
        select(WebhookDelivery).where(WebhookDelivery.endpoint_id == endpoint.id)
        .order_by(WebhookDelivery.created_at.desc(), WebhookDelivery.id.desc()).limit(limit)))


def shown_secret(endpoint: WebhookEndpoint) -> str:
    """The start of the secret, so the team can tell which one a receiver holds."""
    return endpoint.secret[:SHOWN_SECRET]


# --- the queue ------------------------------------------------------------------------------

def subscribers(company_id: int, event: Event) -> list[WebhookEndpoint]:
    """The company's active endpoints that chose `event`."""
    return [endpoint for endpoint in _active_endpoints(company_id)
            if event in endpoint.event_list]


def queue_event(company_id: int, event: Event, data: dict, *,
                dedupe_key: str | None = None,
                endpoints: list[WebhookEndpoint] | None = None) -> list[WebhookDelivery]:
    """Queue `event` with `data` for each active endpoint of the company that chose it, in
    the caller's transaction (the caller commits, with the change that caused it).

    With `dedupe_key`, an endpoint that already has a delivery with that key (saved or
    pending in this session) gets nothing, so a job that runs twice delivers once; two
    transactions queueing the same key at once: the second commit fails on the unique key.
    """
    if endpoints is None:
        endpoints = subscribers(company_id, event)
    queued = []
    for endpoint in endpoints:
        if dedupe_key is not None and _key_taken(endpoint.id, dedupe_key):
            continue
        queued.append(_delivery(endpoint, event, data, dedupe_key=dedupe_key))
    return queued


def _key_taken(endpoint_id: int, key: str) -> bool:
    pending = any(isinstance(obj, WebhookDelivery) and obj.endpoint_id == endpoint_id
                  and obj.dedupe_key == key for obj in db.session.new)
    return pending or db.session.scalar(select(WebhookDelivery.id).where(
        WebhookDelivery.endpoint_id == endpoint_id,
        WebhookDelivery.dedupe_key == key)) is not None


def _delivery(endpoint: WebhookEndpoint, event: Event, data: dict, *,
              dedupe_key: str | None = None, now: datetime | None = None) -> WebhookDelivery:
    """The delivery row with its body rendered once: every attempt sends these bytes."""
    now = now or utcnow()
    uid = str(uuid.uuid4())
    body = json.dumps({"id": uid, "event": event.value,
                       "created_at": now.isoformat(timespec="seconds"),
                       "company": endpoint.company.slug, "data": data},
                      ensure_ascii=False, separators=(",", ":"), default=str)
    delivery = WebhookDelivery(uid=uid, endpoint_id=endpoint.id, event=event.value, body=body,
                               dedupe_key=dedupe_key, created_at=now, next_attempt_at=now)
    db.session.add(delivery)
    return delivery
