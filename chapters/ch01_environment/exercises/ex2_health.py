"""Exercise 2 — health check endpoints.

Check your work with: nox -s chapter01 -- ex2
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from flask import Blueprint

Check = Callable[[], None]


def run_check(check: Check) -> dict[str, object]:
    """Run one check and describe its outcome, never letting it raise.

    1. Call `check()`. If it returns, the result is
       {"status": "ok", "duration_ms": <elapsed milliseconds as a float>}.
    2. If it raises any exception, the result is
       {"status": "fail", "error": "<ExceptionType>: <message>"}.
    """
    raise NotImplementedError("Exercise 2 (run_check) is not done yet")


def create_health_blueprint(
    checks: Mapping[str, Check], *, critical: frozenset[str] | None = None
) -> Blueprint:
    """Return a blueprint serving /health/live and /health/ready for `checks`.

    3. GET /health/live answers 200 {"status": "ok"} without running any check.
    4. GET /health/ready runs every check with run_check and answers
       {"status": ..., "checks": {name: result}}: "ok" with 200 when all pass;
       "fail" with 503 when a critical check fails; "degraded" with 200 when only
       non-critical checks fail. `critical=None` means every check is critical;
       a critical name with no check raises ValueError when the blueprint is made.
    5. Both responses carry `Cache-Control: no-store`.
    """
    raise NotImplementedError("Exercise 2 (create_health_blueprint) is not done yet")
