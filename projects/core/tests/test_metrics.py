"""Metrics: each app counts its own requests, labelled by URL rule, never by raw path."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from prometheus_client import REGISTRY, Counter
from prometheus_client.parser import text_string_to_metric_families

from projects.core import create_app, metrics_registry


@pytest.fixture
def make_app(settings_factory: Callable[..., Any]) -> Callable[[], Flask]:
    return lambda: create_app(name="metrics_demo", settings=settings_factory())


def samples(app: Flask) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    response = app.test_client().get("/metrics")
    assert response.status_code == 200
    assert response.mimetype == "text/plain"
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(response.get_data(as_text=True))
        for sample in family.samples
    }


def requests_total(app: Flask, endpoint: str, status: str, method: str = "GET") -> float:
    labels = (("endpoint", endpoint), ("method", method), ("status", status))
    return samples(app).get(("http_requests_total", labels), 0.0)


def test_requests_are_counted_by_method_rule_and_status(make_app: Callable[[], Flask]) -> None:
    app = make_app()
    client = app.test_client()
    for _ in range(3):
        client.get("/health/live")
    client.get("/no/such/page/1")
    client.get("/no/such/page/2")
    assert requests_total(app, "/health/live", "200") == 3
    assert requests_total(app, "<unmatched>", "404") == 2


def test_latency_is_a_histogram(make_app: Callable[[], Flask]) -> None:
    app = make_app()
    app.test_client().get("/health/live")
    labels = (("endpoint", "/health/live"), ("method", "GET"))
    assert samples(app)[("http_request_duration_seconds_count", labels)] == 1


def test_apps_do_not_share_a_registry(make_app: Callable[[], Flask]) -> None:
    first, second = make_app(), make_app()
    first.test_client().get("/health/live")
    assert requests_total(first, "/health/live", "200") == 1
    assert requests_total(second, "/health/live", "200") == 0
    assert REGISTRY not in (metrics_registry(first), metrics_registry(second))


def test_a_service_adds_its_own_metrics(make_app: Callable[[], Flask]) -> None:
    app = make_app()
    sent = Counter("notes_sent", "Notes sent", registry=metrics_registry(app))
    sent.inc(2)
    assert samples(app)[("notes_sent_total", ())] == 2
