"""Send webhook deliveries: sign them, POST them, log each attempt, and retry on Celery.

Every attempt signs `<timestamp>.<body>` with the subscription's secret (HMAC-SHA256)
and sends `X-Signature: t=<timestamp>,v1=<hex>`; receivers recompute it and refuse old
timestamps, so a captured request cannot be replayed later. Server errors (5xx, 408,
429), timeouts and connection errors are retried by Celery with exponential backoff
and full jitter; other answers end the delivery.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import logging
import socket
import time
from datetime import timedelta
from urllib.parse import urlsplit

import requests
from celery import shared_task
from flask import current_app
from sqlalchemy import select

from ..models import WebhookDelivery, WebhookSubscription, db, utcnow
from .webhooks import DELIVER_TASK, address_allowed

SIGNATURE_HEADER = "X-Signature"
SIGNATURE_TOLERANCE = 300  # seconds a receiver should accept a timestamp for
MAX_RETRIES = 8  # after the first attempt: waits of at most 1+2+…+128 s, about 4 minutes
RETRY_STATUSES = frozenset({408, 425, 429})
USER_AGENT = "task-api-webhooks/1.0"

log = logging.getLogger(__name__)


class RetryableDelivery(Exception):
    """The receiver may accept the delivery later: Celery retries it."""


class BlockedAddress(Exception):
    """The URL resolves to an address webhooks may not reach (SSRF)."""


def sign(secret: str, body: bytes, *, timestamp: int) -> str:
    """Return the X-Signature value for `body` sent at `timestamp`."""
    mac = hmac.new(secret.encode(), str(timestamp).encode() + b"." + body, hashlib.sha256)
    return f"t={timestamp},v1={mac.hexdigest()}"


def verify(secret: str, body: bytes, header: str, *, tolerance: int = SIGNATURE_TOLERANCE) -> bool:
    """Check an X-Signature header the way a receiver should (also used by the tests)."""
    fields = dict(part.split("=", 1) for part in header.split(",") if "=" in part)
    try:
        timestamp = int(fields.get("t", ""))
    except ValueError:
        return False
    if abs(time.time() - timestamp) > tolerance:
        return False
    expected = sign(secret, body, timestamp=timestamp).partition("v1=")[2]
    return hmac.compare_digest(expected, fields.get("v1", ""))


@shared_task(
    bind=True,
    name=DELIVER_TASK,
    autoretry_for=(RetryableDelivery,),
    retry_backoff=True,  # 1 s, 2 s, 4 s … each drawn at random below that (full jitter)
    retry_backoff_max=300,
    retry_jitter=True,
    max_retries=MAX_RETRIES,
)
def deliver_webhook(self, delivery_id: str) -> str:
    """Make one attempt at a delivery; Celery retries it on RetryableDelivery."""
    return attempt(delivery_id=delivery_id, final=self.request.retries >= self.max_retries)


@shared_task(bind=True, name="task_api.requeue_pending_deliveries")
def requeue_pending(self, older_than: int = 600) -> int:
    """Queue deliveries still pending after `older_than` seconds (the broker was down)."""
    cutoff = utcnow() - timedelta(seconds=older_than)
    statement = (
        select(WebhookDelivery.id)
        .where(WebhookDelivery.status == "pending", WebhookDelivery.created_at < cutoff)
        .limit(1000)
    )
    ids = list(db.session.scalars(statement))
    deliver = self.app.tasks[DELIVER_TASK]  # this Celery app's copy, not the default app's
    for delivery_id in ids:
        deliver.delay(delivery_id)
    return len(ids)


def attempt(*, delivery_id: str, final: bool) -> str:
    """Send the delivery once and log the outcome; raise RetryableDelivery to be retried."""
    # The row stays locked while it is sent, so a duplicate task message (at-least-once)
    # skips it instead of sending it twice at the same time.
    statement = select(WebhookDelivery).filter_by(id=delivery_id).with_for_update(skip_locked=True)
    delivery = db.session.scalar(statement)
    if delivery is None or delivery.status in {"delivered", "failed"}:
        outcome = delivery.status if delivery else "skipped"
        db.session.rollback()  # releases the lock
        return outcome
    subscription = db.session.get(WebhookSubscription, delivery.subscription_id)
    if subscription is None or not subscription.active:
        code, error, retry = None, "the subscription is inactive", False
    else:
        code, error, retry = _post(subscription, delivery)
    delivery.attempts += 1
    delivery.status_codes = [*delivery.status_codes, code]
    delivery.last_status_code, delivery.last_error = code, error
    if error is None:
        delivery.status, delivery.delivered_at = "delivered", utcnow()
    else:
        delivery.status = "retrying" if retry and not final else "failed"
    status = delivery.status
    db.session.commit()
    if status == "retrying":
        raise RetryableDelivery(error)
    return status


def _post(
    subscription: WebhookSubscription, delivery: WebhookDelivery
) -> tuple[int | None, str | None, bool]:
    """POST the payload; return (status code, error or None, whether to retry)."""
    timeout = current_app.config["SETTINGS"].webhook_timeout
    body = delivery.payload.encode()
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "X-Webhook-Id": delivery.id,
        "X-Webhook-Event": delivery.event,
        SIGNATURE_HEADER: sign(subscription.secret, body, timestamp=int(time.time())),
    }
    try:
        _check_destination(subscription.url)
        # No redirects: a 3xx to an internal address would walk around the SSRF check.
        with requests.post(
            subscription.url,
            data=body,
            headers=headers,
            timeout=(min(timeout, 3.0), timeout),
            allow_redirects=False,
            stream=True,  # the answer's body is never read
        ) as response:
            code = response.status_code
    except (BlockedAddress, UnicodeError, ValueError) as exc:  # refused, or not a usable host
        return None, f"{type(exc).__name__}: {exc}"[:500], False
    except (requests.ConnectionError, requests.Timeout, socket.gaierror) as exc:
        return None, f"{type(exc).__name__}: {exc}"[:500], True
    except requests.RequestException as exc:
        return None, f"{type(exc).__name__}: {exc}"[:500], False
    if 200 <= code < 300:
        return code, None, False
    retry = code >= 500 or code in RETRY_STATUSES
    return code, f"the receiver answered {code}", retry


def _check_destination(url: str) -> None:
    """Resolve the URL's host and refuse it if any address is private (SSRF)."""
    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    for *_, sockaddr in socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM):
        address = ipaddress.ip_address(sockaddr[0])
        if not address_allowed(address):
            raise BlockedAddress(f"{parts.hostname} resolves to {address}, a non-public address")
