"""A Celery app bound to a Flask app: Redis as broker and result store, tasks in app context."""

from __future__ import annotations

from typing import Any

from celery import Celery, Task
from flask import Flask

from .settings import ConfigError, Settings

CELERY_KEY = "celery"


def create_celery(app: Flask, *, eager: bool = False, **overrides: Any) -> Celery:
    """Return the service's Celery app; `eager` runs tasks inline, for unit tests only.

    Define tasks with `celery.shared_task`; start a worker with
    `celery -A <service>.worker worker`, where that module builds the Flask app and
    sets `celery = create_celery(app)`.
    """
    settings: Settings = app.config["SETTINGS"]
    if eager and not app.testing:
        raise ConfigError("eager Celery tasks are for unit tests only (APP_ENV=testing)")
    if not eager and not settings.redis_url:
        raise ConfigError("REDIS_URL must be set: Celery uses Redis as broker and result store")

    class FlaskTask(Task):
        """A task that runs inside the Flask app's context, so extensions work in it."""

        def __call__(self, *args: Any, **kwargs: Any) -> Any:
            with app.app_context():
                return self.run(*args, **kwargs)

    celery = Celery(app.import_name, task_cls=FlaskTask)
    celery.conf.update(_defaults(app, settings, eager=eager), **overrides)
    # shared_task resolves to the default Celery app: the one of the Flask app built last.
    celery.set_default()
    app.extensions[CELERY_KEY] = celery
    return celery


def _defaults(app: Flask, settings: Settings, *, eager: bool) -> dict[str, Any]:
    """Return settings that keep tasks from being lost or running forever."""
    url = "memory://" if eager else settings.redis_url
    return {
        "broker_url": url,
        "result_backend": "cache+memory://" if eager else url,
        "task_always_eager": eager,
        "task_eager_propagates": eager,  # a failing task fails the unit test that ran it
        # Acknowledge after the task ran, and requeue it if the worker died meanwhile:
        # at-least-once delivery, so tasks must be idempotent.
        "task_acks_late": True,
        "task_reject_on_worker_lost": True,
        "worker_prefetch_multiplier": 1,  # with late acks, don't hoard tasks a peer could run
        # Redis redelivers an unacknowledged task after this long: keep it above the
        # longest task (the hard time limit), or a slow task runs twice at once.
        "broker_transport_options": {"visibility_timeout": 3600},
        "task_soft_time_limit": 240,  # raises SoftTimeLimitExceeded in the task: clean up
        "task_time_limit": 300,  # then the worker process is killed
        "task_serializer": "json",  # never pickle: a message must not be able to run code
        "result_serializer": "json",
        "accept_content": ["json"],
        "result_expires": 24 * 3600,
        "task_default_queue": app.import_name,  # services may share one Redis
        "broker_connection_retry_on_startup": True,
        "worker_hijack_root_logger": False,  # keep the service's JSON logging
    }
