"""Events about accounts (registered, logged in, logged out), handed to Celery.

The request publishes a small JSON event to the service's queue and moves on; a worker
runs `publish_event`, which appends it to the Redis stream `auth_service:events` where
other services (notifications, analytics) read it. The audit log, written in the
request's own transaction, stays the record of truth: an event that cannot be queued
is logged and dropped, never a failed login.
"""

from __future__ import annotations

import json
import logging
import uuid
from typing import Any

from celery import Celery, shared_task
from flask import Flask, current_app
from kombu.exceptions import OperationalError

from projects.core import create_celery, current_request_id, redis_client

from ..models import utcnow

EVENT_TASK = "auth_service.publish_event"
STREAM = "auth_service:events"
SEEN_PREFIX = "auth_service:event-seen:"
STREAM_MAX_LENGTH = 100_000
log = logging.getLogger(__name__)


@shared_task(name=EVENT_TASK)
def publish_event(event: dict[str, Any]) -> str:
    """Append the event to the stream once, even if the task runs twice (late acks)."""
    client = redis_client()
    seen = SEEN_PREFIX + event["id"]
    if client.exists(seen):
        return "duplicate"
    with client.pipeline(transaction=True) as pipe:  # both or neither
        pipe.xadd(STREAM, {"event": json.dumps(event)}, maxlen=STREAM_MAX_LENGTH)
        pipe.set(seen, "1", ex=7 * 24 * 3600)
        entry_id, _ = pipe.execute()
    return entry_id.decode() if isinstance(entry_id, bytes) else str(entry_id)


def init_app(app: Flask) -> Celery | None:
    """Give the app its Celery app when it has Redis; without a broker, events are skipped."""
    if not app.config["SETTINGS"].redis_url:
        return None
    return create_celery(app)


def emit(event_type: str, *, user_id: int, **data: Any) -> dict[str, Any] | None:
    """Queue an event for the worker; return it, or None when there is no broker or it is down."""
    celery = current_app.extensions.get("celery")
    if celery is None:  # development without REDIS_URL: nothing to publish to
        return None
    event = {
        "id": uuid.uuid4().hex,
        "type": event_type,
        "occurred_at": utcnow().isoformat(),
        "user_id": user_id,
        "request_id": current_request_id(),
        "data": data,
    }
    try:
        celery.send_task(EVENT_TASK, args=[event], retry=False)
    except (OperationalError, OSError) as exc:
        log.warning("event not queued", extra={"event_type": event_type, "error": repr(exc)})
        return None
    return event
