"""Celery: a factory whose tasks run in the Flask app's context, proven on a real worker."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from celery.contrib.testing.worker import start_worker
from flask import current_app

from projects.core import ConfigError, create_app, create_celery, redis_client


def where_am_i() -> dict[str, Any]:
    """Report which Flask app the task ran in, and use its Redis client."""
    redis_client().incr("task-runs")
    return {"app": current_app.name, "environment": current_app.config["SETTINGS"].environment}


def app_name() -> str:
    return current_app.name


def divide_by_zero() -> float:
    return 1 / 0


def test_a_real_worker_runs_tasks_inside_the_app(live_settings_factory: Callable[..., Any]) -> None:
    app = create_app(name="projects.worker_demo", settings=live_settings_factory())
    celery = create_celery(app)
    task = celery.task(name="core.where_am_i")(where_am_i)
    with start_worker(celery, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        result = task.delay()
        assert result.get(timeout=10) == {"app": "projects.worker_demo", "environment": "testing"}
        assert result.status == "SUCCESS"  # read back from the Redis result backend
    assert int(redis_client(app).get("task-runs")) == 1


def test_eager_tasks_run_inline_in_unit_tests(settings_factory: Callable[..., Any]) -> None:
    app = create_app(name="projects.eager_demo", settings=settings_factory())
    celery = create_celery(app, eager=True)
    task = celery.task(name="core.eager_probe")(app_name)
    assert task.delay().get() == "projects.eager_demo"


def test_eager_errors_reach_the_test(settings_factory: Callable[..., Any]) -> None:
    app = create_app(name="projects.eager_errors", settings=settings_factory())
    celery = create_celery(app, eager=True)
    task = celery.task(name="core.eager_boom")(divide_by_zero)
    with pytest.raises(ZeroDivisionError):
        task.delay()


def test_eager_mode_is_refused_outside_testing(settings_factory: Callable[..., Any]) -> None:
    app = create_app(name="dev", settings=settings_factory(environment="development"))
    with pytest.raises(ConfigError, match="unit tests only"):
        create_celery(app, eager=True)


def test_a_broker_is_required(settings_factory: Callable[..., Any]) -> None:
    app = create_app(name="no_redis", settings=settings_factory())
    with pytest.raises(ConfigError, match="REDIS_URL"):
        create_celery(app)


def test_defaults_keep_tasks_safe(settings_factory: Callable[..., Any]) -> None:
    app = create_app(name="projects.conf_demo", settings=settings_factory(redis_url="redis://h/1"))
    conf = create_celery(app, task_time_limit=60).conf
    assert conf.broker_url == conf.result_backend == "redis://h/1"
    assert (conf.task_acks_late, conf.task_reject_on_worker_lost) == (True, True)
    assert conf.accept_content == ["json"] and conf.task_serializer == "json"
    assert conf.task_time_limit == 60  # overrides win
    assert conf.task_soft_time_limit < conf.broker_transport_options["visibility_timeout"]
    assert conf.task_default_queue == "projects.conf_demo"
    assert conf.task_always_eager is False
