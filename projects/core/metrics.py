"""Prometheus metrics at /metrics: request counts and latencies, one registry per app."""

from __future__ import annotations

import time

from flask import Flask, Response, current_app, g, request
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)

# Each app gets its own registry, never prometheus_client's global one: a test process
# builds many apps, and the global registry refuses a second metric of the same name.
REGISTRY_KEY = "core.metrics_registry"
UNMATCHED = "<unmatched>"  # label for 404s: raw paths would grow the series without bound


def init_app(app: Flask) -> None:
    """Count and time every request, and serve the metrics at /metrics."""
    registry = CollectorRegistry()
    requests = Counter(
        "http_requests",  # exposed as http_requests_total
        "HTTP requests handled, by method, endpoint (URL rule) and status",
        ["method", "endpoint", "status"],
        registry=registry,
    )
    latency = Histogram(
        "http_request_duration_seconds",
        "Time spent handling HTTP requests, by method and endpoint (URL rule)",
        ["method", "endpoint"],
        registry=registry,
    )
    app.extensions[REGISTRY_KEY] = registry

    @app.before_request
    def start_timer() -> None:
        g.metrics_started = time.perf_counter()

    @app.after_request
    def record(response: Response) -> Response:
        endpoint = request.url_rule.rule if request.url_rule else UNMATCHED
        elapsed = time.perf_counter() - g.get("metrics_started", time.perf_counter())
        requests.labels(request.method, endpoint, str(response.status_code)).inc()
        latency.labels(request.method, endpoint).observe(elapsed)
        return response

    app.add_url_rule("/metrics", "metrics", _serve_metrics)


def _serve_metrics() -> Response:
    """Expose this app's metrics in Prometheus' text format."""
    body = generate_latest(metrics_registry())
    return Response(body, content_type=CONTENT_TYPE_LATEST, headers={"Cache-Control": "no-store"})


def metrics_registry(app: Flask | None = None) -> CollectorRegistry:
    """Return the app's registry, for a service to register metrics of its own."""
    return (app or current_app).extensions[REGISTRY_KEY]
