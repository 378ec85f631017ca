"""The permission matrix: what the owner, the assignee, an admin and a stranger may do.

Strangers get 404 for everything (a 403 would confirm the task exists); the assignee,
who knows it exists, gets 403 for what their part does not allow.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
from flask.testing import FlaskClient

from .factories import new_task

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def upload(client: FlaskClient, task_id: int) -> Any:
    data = {"file": (io.BytesIO(PNG), "pic.png")}
    return client.post(f"/api/tasks/{task_id}/attachments", data=data)


# action: (how to do it, {actor: expected status})
ACTIONS: dict[str, tuple[Callable[[FlaskClient, dict[str, Any]], Any], dict[str, int]]] = {
    "read task": (
        lambda c, t: c.get(f"/api/tasks/{t['id']}"),
        {"owner": 200, "assignee": 200, "admin": 200, "stranger": 404},
    ),
    "edit title": (
        lambda c, t: c.patch(f"/api/tasks/{t['id']}", json={"title": "new"}),
        {"owner": 200, "assignee": 403, "admin": 200, "stranger": 404},
    ),
    "change status": (
        lambda c, t: c.patch(f"/api/tasks/{t['id']}", json={"status": "done"}),
        {"owner": 200, "assignee": 200, "admin": 200, "stranger": 404},
    ),
    "status and title": (
        lambda c, t: c.patch(f"/api/tasks/{t['id']}", json={"status": "done", "title": "x"}),
        {"owner": 200, "assignee": 403, "admin": 200, "stranger": 404},
    ),
    "reassign": (
        lambda c, t: c.patch(f"/api/tasks/{t['id']}", json={"assignee_id": "carol"}),
        {"owner": 200, "assignee": 403, "admin": 200, "stranger": 404},
    ),
    "delete task": (
        lambda c, t: c.delete(f"/api/tasks/{t['id']}"),
        {"owner": 204, "assignee": 403, "admin": 204, "stranger": 404},
    ),
    "read comments": (
        lambda c, t: c.get(f"/api/tasks/{t['id']}/comments"),
        {"owner": 200, "assignee": 200, "admin": 200, "stranger": 404},
    ),
    "comment": (
        lambda c, t: c.post(f"/api/tasks/{t['id']}/comments", json={"body": "on it"}),
        {"owner": 201, "assignee": 201, "admin": 201, "stranger": 404},
    ),
    "list attachments": (
        lambda c, t: c.get(f"/api/tasks/{t['id']}/attachments"),
        {"owner": 200, "assignee": 200, "admin": 200, "stranger": 404},
    ),
    "upload": (
        lambda c, t: upload(c, t["id"]),
        {"owner": 201, "assignee": 403, "admin": 201, "stranger": 404},
    ),
    "download": (
        lambda c, t: c.get(f"/api/tasks/{t['id']}/attachments/{t['attachment']}/content"),
        {"owner": 200, "assignee": 200, "admin": 200, "stranger": 404},
    ),
    "delete attachment": (
        lambda c, t: c.delete(f"/api/tasks/{t['id']}/attachments/{t['attachment']}"),
        {"owner": 204, "assignee": 403, "admin": 204, "stranger": 404},
    ),
}
ACTORS = {
    "owner": ("alice", ()),
    "assignee": ("bob", ()),
    "admin": ("root", ("admin",)),
    "stranger": ("eve", ()),
}
MATRIX = [
    (action, actor, status)
    for action, (_, expected) in ACTIONS.items()
    for actor, status in expected.items()
]


@pytest.fixture
def shared_task(client_for: Callable[..., FlaskClient]) -> dict[str, Any]:
    """Alice's task, assigned to bob, with one attachment."""
    alice = client_for("alice")
    task = new_task(alice, assignee_id="bob")
    task["attachment"] = upload(alice, task["id"]).json["id"]
    return task


@pytest.mark.parametrize(("action", "actor", "expected"), MATRIX)
def test_permission_matrix(
    client_for: Callable[..., FlaskClient],
    shared_task: dict[str, Any],
    action: str,
    actor: str,
    expected: int,
) -> None:
    """Each part in a task gets exactly the answer the matrix gives."""
    subject, roles = ACTORS[actor]
    do, _ = ACTIONS[action]
    with do(client_for(subject, roles=roles), shared_task) as response:
        assert response.status_code == expected, response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("actor", "sees_it"),
    [("owner", True), ("assignee", True), ("admin", True), ("stranger", False)],
)
def test_the_list_shows_a_task_to_its_participants_only(
    client_for: Callable[..., FlaskClient], shared_task: dict[str, Any], actor: str, sees_it: bool
) -> None:
    """The task appears in the lists of those who may read it, and nowhere else."""
    subject, roles = ACTORS[actor]
    items = client_for(subject, roles=roles).get("/api/tasks").json["items"]
    assert (shared_task["id"] in [item["id"] for item in items]) is sees_it


def test_a_stranger_cannot_tell_a_hidden_task_from_a_missing_one(
    client_for: Callable[..., FlaskClient], shared_task: dict[str, Any]
) -> None:
    """404 bodies for someone else's task and for no task at all say the same thing."""
    eve = client_for("eve")
    hidden = eve.get(f"/api/tasks/{shared_task['id']}").json["error"]
    missing = eve.get("/api/tasks/999999").json["error"]
    assert (hidden["code"], hidden["message"].replace(str(shared_task["id"]), "N")) == (
        missing["code"],
        missing["message"].replace("999999", "N"),
    )


def test_the_forbidden_answer_names_the_refused_action(
    client_for: Callable[..., FlaskClient], shared_task: dict[str, Any]
) -> None:
    """The assignee's 403 says what their part allows them not to do."""
    response = client_for("bob").patch(f"/api/tasks/{shared_task['id']}", json={"title": "x"})
    assert response.json["error"]["details"] == {"part": "assignee", "refused": ["edit"]}


@pytest.mark.parametrize("token", [None, "not-a-jwt"])
def test_every_task_route_needs_a_valid_token(app: Any, token: str | None) -> None:
    """Without a valid bearer token the API answers 401 with WWW-Authenticate."""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    response = app.test_client().get("/api/tasks", headers=headers)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_a_subject_too_long_to_store_is_403(client_for: Callable[..., FlaskClient]) -> None:
    """A token whose subject could not be an owner is refused before any database write."""
    response = client_for("x" * 65).post("/api/tasks", json={"title": "t"})
    assert (response.status_code, response.json["error"]["code"]) == (403, "forbidden")
