"""The auth service's Celery worker: `celery -A projects.auth_service.worker worker`.

It builds the app from the environment (REDIS_URL is required: it is the broker) and
runs the event task that appends account events to the `auth_service:events` stream.
"""

from __future__ import annotations

from projects.core import create_celery

from .api import create_app

app = create_app()
# create_app made the Celery app if REDIS_URL is set; otherwise create_celery says why not.
celery = app.extensions.get("celery") or create_celery(app)
