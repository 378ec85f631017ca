"""Task CRUD on real PostgreSQL: create, read, list with filters and sorting, change, delete."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import text

from projects.core import Conflict
from projects.task_api.models import Task, db
from projects.task_api.services import tasks
from projects.task_api.services.access import Viewer

from .factories import new_task

Client = Callable[..., FlaskClient]


@pytest.fixture
def alice(client_for: Client) -> FlaskClient:
    return client_for("alice")


def test_create_answers_201_with_location_and_etag(alice: FlaskClient) -> None:
    """A new task comes back with its URL in Location and its version in ETag."""
    response = alice.post(
        "/api/tasks",
        json={"title": " Write report ", "tags": ["Docs", "q1", "docs"], "priority": "high",
              "due_at": "2030-01-31T17:00:00+01:00", "assignee_id": "bob"},
    )  # fmt: skip
    task = response.json
    assert response.status_code == 201
    assert response.headers["Location"] == f"/api/tasks/{task['id']}"
    assert response.headers["ETag"] == f'"{task["id"]}.1"'
    assert {k: task[k] for k in ("title", "status", "priority", "tags", "owner_id")} == {
        "title": "Write report",
        "status": "todo",
        "priority": "high",
        "tags": ["docs", "q1"],
        "owner_id": "alice",
    }
    assert (task["due_at"], task["assignee_id"], task["version"]) == (
        "2030-01-31T16:00:00+00:00",
        "bob",
        1,
    )


def test_get_returns_what_create_returned(alice: FlaskClient) -> None:
    """GET /api/tasks/<id> shows the same document as the 201."""
    task = new_task(alice, description="details")
    response = alice.get(f"/api/tasks/{task['id']}")
    assert (response.status_code, response.json) == (200, task)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "title"),
        ({"title": ""}, "title"),
        ({"title": "   "}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"title": 5}, "title"),
        ({"title": "ok", "status": "finished"}, "status"),
        ({"title": "ok", "priority": "asap"}, "priority"),
        ({"title": "ok", "due_at": "tomorrow"}, "due_at"),
        ({"title": "ok", "due_at": 1700000000}, "due_at"),
        ({"title": "ok", "tags": "a,b"}, "tags"),
        ({"title": "ok", "tags": ["bad tag"]}, "tags.0"),
        ({"title": "ok", "tags": ["t"] * 21}, "tags"),
        ({"title": "ok", "assignee_id": ""}, "assignee_id"),
        ({"title": "ok", "owner_id": "mallory"}, "body"),
        ({"title": "bad\u0000byte"}, "title"),
    ],
)
def test_invalid_tasks_are_400_naming_the_field(
    alice: FlaskClient, body: dict[str, Any], field: str
) -> None:
    """Each invalid value gives 400 validation_error with the field in details."""
    response = alice.post("/api/tasks", json=body)
    error = response.json["error"]
    assert (response.status_code, error["code"]) == (400, "validation_error")
    assert field in error["details"]


@pytest.mark.parametrize(
    ("data", "content_type"),
    [("not json", "application/json"), ('["a list"]', "application/json"), ("{}", "text/plain")],
)
def test_a_body_that_is_not_a_json_object_is_400(
    alice: FlaskClient, data: str, content_type: str
) -> None:
    """Malformed JSON, a JSON array, or no JSON content type is a clear 400."""
    response = alice.post("/api/tasks", data=data, content_type=content_type)
    assert (response.status_code, response.json["error"]["details"]) == (
        400,
        {"body": "must be a JSON object"},
    )


def test_unknown_task_is_404(alice: FlaskClient) -> None:
    """A task that does not exist is 404 in the one error shape."""
    response = alice.get("/api/tasks/999999")
    assert (response.status_code, response.json["error"]["code"]) == (404, "not_found")


def test_patch_changes_only_what_is_sent_and_bumps_the_version(alice: FlaskClient) -> None:
    """PATCH sets the given fields, clears nulls, and moves the ETag on."""
    task = new_task(alice, description="old", due_at="2030-01-01T00:00:00Z", tags=["a"])
    response = alice.patch(
        f"/api/tasks/{task['id']}",
        json={"description": None, "due_at": None, "status": "in_progress", "tags": ["b", "a"]},
    )
    changed = response.json
    assert response.status_code == 200
    assert (changed["description"], changed["due_at"], changed["status"]) == (
        None,
        None,
        "in_progress",
    )
    assert (changed["tags"], changed["title"], changed["version"]) == (["a", "b"], "A task", 2)
    assert response.headers["ETag"] == f'"{task["id"]}.2"'


def test_patch_with_nothing_new_keeps_the_version(alice: FlaskClient) -> None:
    """A PATCH that changes nothing writes nothing."""
    task = new_task(alice, status="todo")
    response = alice.patch(f"/api/tasks/{task['id']}", json={"status": "todo"})
    assert response.json["version"] == 1


def test_if_match_with_an_old_etag_is_412(alice: FlaskClient) -> None:
    """A write based on a stale read is refused with 412, naming the current ETag."""
    task = new_task(alice)
    url = f"/api/tasks/{task['id']}"
    first = alice.patch(url, json={"title": "one"}, headers={"If-Match": f'"{task["id"]}.1"'})
    stale = alice.patch(url, json={"title": "two"}, headers={"If-Match": f'"{task["id"]}.1"'})
    assert first.status_code == 200
    assert (stale.status_code, stale.json["error"]["code"]) == (412, "precondition_failed")
    assert stale.json["error"]["details"] == {"etag": f'"{task["id"]}.2"'}
    assert alice.get(url).json["title"] == "one"


def test_if_none_match_with_the_current_etag_is_304(alice: FlaskClient) -> None:
    """A client holding the current version gets 304 and no body."""
    task = new_task(alice)
    url = f"/api/tasks/{task['id']}"
    etag = alice.get(url).headers["ETag"]
    response = alice.get(url, headers={"If-None-Match": etag})
    assert (response.status_code, response.data) == (304, b"")


def test_delete_removes_the_task(alice: FlaskClient) -> None:
    """DELETE answers 204, and the task is gone."""
    task = new_task(alice)
    url = f"/api/tasks/{task['id']}"
    assert alice.delete(url, headers={"If-Match": f'"{task["id"]}.1"'}).status_code == 204
    assert alice.get(url).status_code == 404
    assert alice.delete(url).status_code == 404


def test_delete_with_a_stale_etag_is_412(alice: FlaskClient) -> None:
    """DELETE honours If-Match too."""
    task = new_task(alice)
    response = alice.delete(f"/api/tasks/{task['id']}", headers={"If-Match": '"0.0"'})
    assert response.status_code == 412


def titles(response: Any) -> list[str]:
    assert response.status_code == 200, response.json
    return [item["title"] for item in response.json["items"]]


@pytest.fixture
def catalogue(alice: FlaskClient, client_for: Client) -> FlaskClient:
    """Give alice five tasks (and bob one she cannot see)."""
    new_task(
        alice,
        title="Buy milk",
        status="done",
        priority="low",
        tags=["home"],
        due_at="2030-01-01T00:00:00Z",
    )
    new_task(
        alice,
        title="Write REPORT",
        status="in_progress",
        priority="urgent",
        tags=["work"],
        due_at="2030-03-01T00:00:00Z",
        assignee_id="bob",
    )
    new_task(alice, title="Report bug", priority="high", tags=["work", "bugs"])
    new_task(alice, title="Plan trip", status="cancelled", due_at="2030-02-01T00:00:00Z")
    new_task(alice, title="100% done", priority="normal")
    new_task(client_for("bob"), title="Bob's report")
    return alice  # fmt: skip


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["100% done", "Plan trip", "Report bug", "Write REPORT", "Buy milk"]),
        ("?status=done", ["Buy milk"]),
        ("?status=todo,in_progress", ["100% done", "Report bug", "Write REPORT"]),
        ("?assignee=bob", ["Write REPORT"]),
        ("?tag=work", ["Report bug", "Write REPORT"]),
        ("?tag=WORK&status=todo", ["Report bug"]),
        ("?q=report", ["Report bug", "Write REPORT"]),
        ("?q=100%25", ["100% done"]),
        ("?q=_", []),
        ("?due_before=2030-02-15T00:00:00Z", ["Plan trip", "Buy milk"]),
        ("?due_after=2030-02-01T00:00:00Z", ["Plan trip", "Write REPORT"]),
        ("?due_after=2030-01-01&due_before=2030-02-01", ["Buy milk"]),
        ("?sort=title", ["100% done", "Buy milk", "Plan trip", "Report bug", "Write REPORT"]),
        ("?sort=-priority,title", ["Write REPORT", "Report bug", "100% done", "Plan trip",
                                   "Buy milk"]),
        ("?sort=due_at,title", ["Buy milk", "Plan trip", "Write REPORT", "100% done",
                                "Report bug"]),
        ("?sort=-due_at", ["Write REPORT", "Plan trip", "Buy milk", "Report bug", "100% done"]),
    ],
)  # fmt: skip
def test_list_filters_searches_and_sorts(
    catalogue: FlaskClient, query: str, expected: list[str]
) -> None:
    """Filters combine with AND, search ignores case and wildcards, sort takes several keys."""
    assert titles(catalogue.get(f"/api/tasks{query}")) == expected


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("?sort=owner_secret", "sort"),
        ("?sort=a,b,c,d,e", "sort"),
        ("?status=paused", "status"),
        ("?due_before=soon", "due_before"),
        ("?due_after=2030-02-01&due_before=2030-01-01", "due_after"),
        ("?page=0", "page"),
        ("?per_page=101", "per_page"),
        ("?q=" + "x" * 201, "q"),
        ("?tag=%00", "tag"),
    ],
)
def test_bad_list_arguments_are_400(catalogue: FlaskClient, query: str, field: str) -> None:
    """Unknown sort fields, statuses, bad dates and pages are 400 naming the argument."""
    response = catalogue.get(f"/api/tasks{query}")
    assert (response.status_code, response.json["error"]["code"]) == (400, "validation_error")
    assert field in response.json["error"]["details"]


def test_list_paginates_with_links(catalogue: FlaskClient) -> None:
    """Pages carry totals and links that keep the other arguments."""
    response = catalogue.get("/api/tasks?sort=title&per_page=2&page=2")
    body = response.json
    assert [item["title"] for item in body["items"]] == ["Plan trip", "Report bug"]
    assert (body["total"], body["pages"], body["page"], body["per_page"]) == (5, 3, 2, 2)
    assert body["links"]["next"] == "/api/tasks?sort=title&page=3&per_page=2"
    assert body["links"]["prev"] == "/api/tasks?sort=title&page=1&per_page=2"


def test_admins_list_every_task(catalogue: FlaskClient, client_for: Client) -> None:
    """An admin sees all users' tasks."""
    admin = client_for("root", roles=("admin",))
    assert admin.get("/api/tasks").json["total"] == 6


def test_assignees_see_tasks_assigned_to_them(catalogue: FlaskClient, client_for: Client) -> None:
    """Bob's list holds his own task and the one alice assigned to him."""
    assert sorted(titles(client_for("bob").get("/api/tasks"))) == ["Bob's report", "Write REPORT"]


def test_a_write_racing_another_is_409(app: Any, alice: FlaskClient) -> None:
    """If the row changed between our read and our write, the write is refused, not lost."""
    task = new_task(alice)
    with app.app_context():
        ours = db.session.get(Task, task["id"])  # our read: version 1
        with db.engine.begin() as other:  # someone else's write commits meanwhile
            other.execute(text("UPDATE tasks SET version = 2 WHERE id = :id"), {"id": task["id"]})
        assert ours.version == 1  # held, so the write below starts from this stale copy
        with pytest.raises(Conflict):
            tasks.update_task(
                viewer=Viewer(subject="alice", is_admin=False),
                task_id=task["id"],
                values={"title": "mine"},
                if_match=None,
            )
