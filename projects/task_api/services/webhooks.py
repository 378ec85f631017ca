"""Webhook subscriptions, and the events they receive: recorded with the write, sent after it.

A task write adds one `webhook_deliveries` row per interested subscription in the same
transaction as the change (an outbox), and only after the commit asks Celery to send
them. A broker that is down loses nothing: the rows stay `pending`, and the worker's
periodic sweep (delivery.requeue_pending) queues them again.
"""

from __future__ import annotations

import ipaddress
import json
import logging
import secrets
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import urlsplit

from flask import current_app
from kombu.exceptions import OperationalError
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from projects.core import Conflict, NotFound, Page, ValidationError, paginate

from ..models import WebhookDelivery, WebhookSubscription, db, utcnow
from .access import Viewer

EVENTS = (
    "task.created",
    "task.updated",
    "task.status_changed",
    "task.assigned",
    "task.deleted",
)
DELIVER_TASK = "task_api.deliver_webhook"
SECRET_PREFIX = "whsec_"

log = logging.getLogger(__name__)


def create_subscription(*, viewer: Viewer, values: Mapping[str, Any]) -> WebhookSubscription:
    """Subscribe one of the viewer's URLs; the secret is made here unless one is given."""
    url = check_url(values["url"])
    events = sorted(set(values.get("events") or EVENTS))
    owned = select(WebhookSubscription).filter_by(owner_id=viewer.subject, url=url)
    if db.session.scalar(owned) is not None:
        raise Conflict("You already subscribed this URL.", details={"url": url})
    subscription = WebhookSubscription(
        owner_id=viewer.subject,
        url=url,
        secret=values.get("secret") or SECRET_PREFIX + secrets.token_urlsafe(32),
        events=events,
        description=values.get("description"),
        active=values.get("active", True),
    )
    db.session.add(subscription)
    _commit_or_conflict(url)
    return subscription


def list_subscriptions(*, viewer: Viewer, page: int, per_page: int) -> Page[WebhookSubscription]:
    """Return one page of the viewer's subscriptions, oldest first."""
    statement = (
        select(WebhookSubscription)
        .filter_by(owner_id=viewer.subject)
        .order_by(WebhookSubscription.id)
    )
    return paginate(db.session, statement, page=page, per_page=per_page)


def get_subscription(*, viewer: Viewer, subscription_id: int) -> WebhookSubscription:
    """Return one of the viewer's subscriptions; 404 for anyone else's."""
    subscription = db.session.get(WebhookSubscription, subscription_id)
    if subscription is None or subscription.owner_id != viewer.subject:
        raise NotFound(f"No webhook subscription {subscription_id}.")
    return subscription


def update_subscription(
    *, viewer: Viewer, subscription_id: int, values: Mapping[str, Any]
) -> WebhookSubscription:
    """Change a subscription's URL, events, description or active flag."""
    subscription = get_subscription(viewer=viewer, subscription_id=subscription_id)
    if "url" in values:
        url = check_url(values["url"])
        clash = select(WebhookSubscription.id).filter_by(owner_id=viewer.subject, url=url)
        if db.session.scalar(clash.where(WebhookSubscription.id != subscription.id)):
            raise Conflict("You already subscribed this URL.", details={"url": url})
        subscription.url = url
    if "events" in values:
        subscription.events = sorted(set(values["events"] or EVENTS))
    for name in ("description", "active"):
        if name in values:
            setattr(subscription, name, values[name])
    _commit_or_conflict(subscription.url)
    return subscription


def delete_subscription(*, viewer: Viewer, subscription_id: int) -> None:
    """Delete a subscription and its delivery log."""
    subscription = get_subscription(viewer=viewer, subscription_id=subscription_id)
    db.session.delete(subscription)
    db.session.commit()


def list_deliveries(
    *, viewer: Viewer, subscription_id: int, status: str | None, page: int, per_page: int
) -> Page[WebhookDelivery]:
    """Return one page of a subscription's delivery log, newest first."""
    get_subscription(viewer=viewer, subscription_id=subscription_id)
    statement = select(WebhookDelivery).filter_by(subscription_id=subscription_id)
    if status is not None:
        statement = statement.filter_by(status=status)
    statement = statement.order_by(WebhookDelivery.created_at.desc(), WebhookDelivery.id)
    return paginate(db.session, statement, page=page, per_page=per_page)


def check_url(url: str) -> str:
    """Accept absolute http(s) URLs only; refuse literal addresses the SSRF rules forbid."""
    try:
        parts = urlsplit(url.strip())
        parts.port  # noqa: B018  (raises on a port out of range)
    except ValueError:  # e.g. an unbalanced "[" of an IPv6 literal, or port 99999
        raise ValidationError(details={"url": "is not a valid URL"}) from None
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise ValidationError(details={"url": "must be an absolute http:// or https:// URL"})
    if parts.username or parts.password:
        raise ValidationError(details={"url": "must not carry a user name or password"})
    try:
        parts.hostname.encode("idna")  # what DNS will be asked: labels of 1 to 63 characters
    except UnicodeError:
        raise ValidationError(details={"url": "has an invalid host name"}) from None
    try:
        address = ipaddress.ip_address(parts.hostname)
    except ValueError:
        return parts.geturl()  # a host name: resolved and checked at each delivery
    if not address_allowed(address):
        raise ValidationError(details={"url": f"{address} is not a public address"})
    return parts.geturl()


def address_allowed(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """Say whether a webhook may be sent to `address` (public, or in an allowed network)."""
    if address.is_global and not address.is_multicast:
        return True
    allowed = current_app.config["SETTINGS"].webhook_allowed_networks
    return any(address in network for network in allowed)


def record_events(
    events: Iterable[str],
    *,
    task: Mapping[str, Any],
    actor: str,
    changes: Mapping[str, Any],
    recipients: Iterable[str | None],
) -> list[str]:
    """Add a delivery for each event and each active subscription of the recipients."""
    owners = {subject for subject in recipients if subject}
    statement = select(WebhookSubscription).where(
        WebhookSubscription.owner_id.in_(owners), WebhookSubscription.active.is_(True)
    )
    subscriptions = list(db.session.scalars(statement)) if owners else []
    deliveries = []
    for event in events:
        for subscription in subscriptions:
            if event not in subscription.events:
                continue
            delivery_id = _new_id()
            body = {
                "id": delivery_id,
                "event": event,
                "created_at": utcnow().isoformat(),
                "data": {"task": dict(task), "changes": dict(changes), "actor": actor},
            }
            delivery = WebhookDelivery(
                id=delivery_id,
                subscription_id=subscription.id,
                event=event,
                task_id=task["id"],
                payload=json.dumps(body, separators=(",", ":")),
            )
            db.session.add(delivery)
            deliveries.append(delivery_id)
    return deliveries


def dispatch(delivery_ids: Iterable[str]) -> None:
    """Queue the deliveries on Celery; without a broker they wait as `pending`."""
    ids = list(delivery_ids)
    celery = current_app.extensions.get("celery")
    if not ids:
        return
    if celery is None:
        log.info("no broker (REDIS_URL): webhook deliveries stay pending", extra={"ids": ids})
        return
    task = celery.tasks[DELIVER_TASK]
    try:
        for delivery_id in ids:
            task.delay(delivery_id)
    except OperationalError as exc:
        # The write itself succeeded; the sweep will queue these once the broker is back.
        log.warning("cannot queue webhook deliveries", extra={"ids": ids, "error": repr(exc)})


def _commit_or_conflict(url: str) -> None:
    """Commit; a concurrent subscription of the same URL (unique key) is a 409."""
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise Conflict("You already subscribed this URL.", details={"url": url}) from None


def _new_id() -> str:
    return secrets.token_hex(16)
