"""Exercise 2 — health check endpoints."""

from __future__ import annotations

import pytest
from flask import Flask


def ok() -> None:
    """A dependency that answers."""


def down() -> None:
    """A dependency that does not."""
    raise ConnectionError("connection refused")


def client_for(exercise, checks, **kwargs):
    app = Flask(__name__)
    app.register_blueprint(exercise.create_health_blueprint(checks, **kwargs))
    return app.test_client()


def test_run_check_reports_success_with_a_duration(exercise) -> None:
    """A passing check gives status ok and a duration in milliseconds."""
    result = exercise.run_check(ok)
    assert result["status"] == "ok"
    assert isinstance(result["duration_ms"], float) and result["duration_ms"] >= 0


def test_run_check_turns_an_exception_into_data(exercise) -> None:
    """A failing check gives status fail and names the exception."""
    assert exercise.run_check(down) == {
        "status": "fail",
        "error": "ConnectionError: connection refused",
    }


def test_liveness_runs_no_checks(exercise) -> None:
    """/health/live answers 200 even when every dependency is down."""
    response = client_for(exercise, {"db": down}).get("/health/live")
    assert (response.status_code, response.get_json()) == (200, {"status": "ok"})


def test_ready_when_all_checks_pass(exercise) -> None:
    """/health/ready answers 200 and lists each check."""
    response = client_for(exercise, {"db": ok, "cache": ok}).get("/health/ready")
    body = response.get_json()
    assert (response.status_code, body["status"]) == (200, "ok")
    assert sorted(body["checks"]) == ["cache", "db"]


def test_a_failing_critical_check_gives_503(exercise) -> None:
    """A failed critical dependency takes the instance out of rotation."""
    response = client_for(exercise, {"db": down, "cache": ok}).get("/health/ready")
    body = response.get_json()
    assert (response.status_code, body["status"]) == (503, "fail")
    assert body["checks"]["db"]["error"] == "ConnectionError: connection refused"


def test_a_failing_optional_check_degrades_but_stays_ready(exercise) -> None:
    """Only non-critical failures: still 200, status degraded."""
    client = client_for(exercise, {"db": ok, "cache": down}, critical=frozenset({"db"}))
    response = client.get("/health/ready")
    assert (response.status_code, response.get_json()["status"]) == (200, "degraded")


def test_critical_names_must_exist(exercise) -> None:
    """A critical name without a check is a configuration mistake."""
    with pytest.raises(ValueError, match="search"):
        exercise.create_health_blueprint({"db": ok}, critical=frozenset({"search"}))


@pytest.mark.parametrize("path", ["/health/live", "/health/ready"])
def test_probes_are_never_cached(exercise, path: str) -> None:
    """Both probes say Cache-Control: no-store."""
    response = client_for(exercise, {"db": ok}).get(path)
    assert response.headers.get("Cache-Control") == "no-store"
