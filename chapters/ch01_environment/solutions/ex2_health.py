"""Exercise 2 — health check endpoints (reference solution)."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping

from flask import Blueprint, Response, jsonify

Check = Callable[[], None]


def run_check(check: Check) -> dict[str, object]:
    """Run one check and describe its outcome, never letting it raise."""
    started = time.perf_counter()
    try:
        check()
    # A dependency can fail in any way; readiness reports that as data, not a 500.
    except Exception as exc:  # noqa: BLE001
        return {"status": "fail", "error": f"{type(exc).__name__}: {exc}"}
    return {"status": "ok", "duration_ms": round((time.perf_counter() - started) * 1000, 3)}


def create_health_blueprint(
    checks: Mapping[str, Check], *, critical: frozenset[str] | None = None
) -> Blueprint:
    """Return a blueprint serving /health/live and /health/ready for `checks`."""
    critical_names = set(checks) if critical is None else set(critical)
    unknown = critical_names - set(checks)
    if unknown:
        raise ValueError(f"critical names no check: {', '.join(sorted(unknown))}")
    blueprint = Blueprint("health", __name__, url_prefix="/health")

    @blueprint.get("/live")
    def live() -> Response:
        return _no_store(jsonify(status="ok"))

    @blueprint.get("/ready")
    def ready() -> tuple[Response, int]:
        results = {name: run_check(check) for name, check in checks.items()}
        failed = {name for name, result in results.items() if result["status"] == "fail"}
        if failed & critical_names:
            status, code = "fail", 503
        elif failed:
            status, code = "degraded", 200
        else:
            status, code = "ok", 200
        return _no_store(jsonify(status=status, checks=results)), code

    return blueprint


def _no_store(response: Response) -> Response:
    # A cached "ok" from a minute ago would keep traffic flowing to a dead instance.
    response.headers["Cache-Control"] = "no-store"
    return response
