"""The task API's Celery app: `celery -A projects.task_api.worker worker` delivers webhooks.

Add `--beat` (or run `celery -A projects.task_api.worker beat`) to requeue deliveries
that stayed pending while the broker was down. The worker reads the same environment
as the API (DATABASE_URL, REDIS_URL, WEBHOOK_* settings).
"""

from __future__ import annotations

from projects.core import create_celery

from .api import create_app

# Not named `app`: the celery command looks for `app` first and would find the Flask app.
flask_app = create_app()
# create_app made it when REDIS_URL is set; without one, create_celery says what is missing.
celery = flask_app.extensions.get("celery") or create_celery(flask_app)
