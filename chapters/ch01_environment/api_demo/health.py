"""Liveness and readiness: is the process up, and can it serve traffic right now?"""

from __future__ import annotations

import time
from collections.abc import Callable

from flask import current_app
from flask_restx import Namespace, Resource, fields

ns = Namespace("health", description="Liveness and readiness probes")

Check = Callable[[], None]

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
        "checks": fields.Raw(description="One entry per dependency check"),
    },
)


# --8<-- [start:health]
@ns.route("/live")
class Liveness(Resource):
    @ns.marshal_with(report_model)
    def get(self):
        """Report that the process is running (for restarts, not for routing)."""
        return {"status": "ok", "checks": {}}, 200, {"Cache-Control": "no-store"}


@ns.route("/ready")
class Readiness(Resource):
    @ns.marshal_with(report_model)
    @ns.response(503, "A dependency check failed", report_model)
    def get(self):
        """Run every dependency check and report whether traffic may be sent here."""
        results = {name: run_check(check) for name, check in health_checks().items()}
        healthy = all(result["status"] == "ok" for result in results.values())
        body = {"status": "ok" if healthy else "fail", "checks": results}
        return body, 200 if healthy else 503, {"Cache-Control": "no-store"}


def run_check(check: Check) -> dict[str, object]:
    """Run one check, timing it, and turn whatever it raises into a failed result."""
    started = time.perf_counter()
    try:
        check()
    # A check may fail in any way its dependency can; readiness must report that
    # failure as data, never turn it into a 500 of its own.
    except Exception as exc:  # noqa: BLE001
        return {"status": "fail", "error": f"{type(exc).__name__}: {exc}"}
    return {"status": "ok", "duration_ms": round((time.perf_counter() - started) * 1000, 2)}


# --8<-- [end:health]


def health_checks() -> dict[str, Check]:
    """Return the checks registered on the current app."""
    return current_app.extensions.setdefault("health_checks", {})


def add_check(app, name: str, check: Check) -> None:
    """Register a readiness check under `name`."""
    app.extensions.setdefault("health_checks", {})[name] = check
