"""Helpers that make test data through the API, with explicit defaults."""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient


def new_task(client: FlaskClient, **values: Any) -> dict[str, Any]:
    """Create a task through the API and return its JSON."""
    response = client.post("/api/tasks", json={"title": "A task", **values})
    assert response.status_code == 201, response.json
    return response.json
