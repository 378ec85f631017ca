"""Liveness and readiness: is the process up, and can it serve traffic right now?"""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Any

from flask import Flask, current_app
from flask_restx import Namespace, Resource, fields

ns = Namespace("health", path="/health", description="Liveness and readiness probes")

Check = Callable[[], None]
NO_STORE = {"Cache-Control": "no-store"}  # a cached "ok" would hide an outage

check_model = ns.model(
    "Check",
    {
        "status": fields.String(enum=["ok", "fail"]),
        "duration_ms": fields.Float,
        "error": fields.String(description="Why the check failed"),
    },
)
report_model = ns.model(
    "HealthReport",
    {
        "status": fields.String(enum=["ok", "fail"], required=True),
        "checks": fields.Raw(description="One entry per dependency check, by name"),
    },
)


@ns.route("/live")
class Liveness(Resource):
    @ns.marshal_with(report_model)
    def get(self):
        """Report that the process runs (for restarts; it checks no dependency)."""
        return {"status": "ok", "checks": {}}, 200, NO_STORE


@ns.route("/ready")
class Readiness(Resource):
    @ns.marshal_with(report_model)
    @ns.response(503, "A dependency check failed", report_model)
    def get(self):
        """Run every dependency check and report whether traffic may be sent here."""
        app = current_app._get_current_object()  # type: ignore[attr-defined]
        results = run_checks(app, checks_of(app), timeout=app.config["HEALTH_CHECK_TIMEOUT"])
        healthy = all(result["status"] == "ok" for result in results.values())
        body = {"status": "ok" if healthy else "fail", "checks": results}
        return body, 200 if healthy else 503, NO_STORE


def add_check(app: Flask, name: str, check: Check) -> None:
    """Register a readiness check: a callable that raises when its dependency is unusable."""
    checks_of(app)[name] = check


def checks_of(app: Flask) -> dict[str, Check]:
    """Return the readiness checks registered on `app`, by name."""
    return app.extensions.setdefault("core.health_checks", {})


def run_checks(app: Flask, checks: dict[str, Check], *, timeout: float) -> dict[str, Any]:
    """Run the checks in parallel, each in an app context, none for longer than `timeout`."""
    if not checks:
        return {}
    pool = ThreadPoolExecutor(max_workers=len(checks), thread_name_prefix="health")
    try:
        futures = {name: pool.submit(_timed, app, check) for name, check in checks.items()}
        deadline = time.monotonic() + timeout
        return {
            name: _outcome(app, name, future, max(0.0, deadline - time.monotonic()), timeout)
            for name, future in futures.items()
        }
    finally:
        # A hung check must not hold the probe: leave its thread behind, answer now.
        pool.shutdown(wait=False, cancel_futures=True)


def _timed(app: Flask, check: Check) -> dict[str, Any]:
    started = time.perf_counter()
    with app.app_context():
        check()
    return {"status": "ok", "duration_ms": round((time.perf_counter() - started) * 1000, 2)}


def _outcome(
    app: Flask, name: str, future: Future[dict[str, Any]], wait: float, timeout: float
) -> dict[str, Any]:
    try:
        return future.result(timeout=wait)
    except FutureTimeout:
        error = f"timed out after {timeout:g}s"
    # A check may fail in any way its dependency can; readiness reports that as data
    # and must never turn it into a 500 of its own.
    except Exception as exc:  # noqa: BLE001
        # Driver messages name hosts, ports and users: log them, answer with the type.
        app.logger.warning("readiness check failed", extra={"check": name, "error": repr(exc)})
        return {"status": "fail", "error": type(exc).__name__}
    app.logger.warning("readiness check failed", extra={"check": name, "error": error})
    return {"status": "fail", "error": error}
