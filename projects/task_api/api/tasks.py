"""/api/tasks: task CRUD, with filters, search, sorting, pages, ETags and cached reads."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from types import SimpleNamespace
from typing import Any
from urllib.parse import urlencode

from flask import current_app, request
from flask_restx import Namespace, Resource, fields, reqparse

from projects.core import (
    Page,
    ValidationError,
    page_model,
    page_params,
    prefetch,
    require_auth,
)
from projects.core.admission import Command

from ..models import PRIORITIES, STATUSES, SUBJECT_LENGTH, TAG_LENGTH
from ..services import tasks
from ..services.access import Viewer, current_viewer, viewer_for
from ..services.cache import list_scope, read_cache, task_scope
from .payloads import (
    ID,
    NullableDateTime,
    NullableString,
    dumps,
    json_payload,
    json_response,
    text_arg,
)

ns = Namespace("tasks", path="/api/tasks", description="Tasks: create, find, change, delete")

TAG = fields.String(min_length=1, max_length=TAG_LENGTH, pattern=r"^[A-Za-z0-9][\w.-]*$")
_editable = {
    "description": NullableString(max_length=10_000, description="Free text; null clears it"),
    "status": fields.String(enum=list(STATUSES), description="Default: todo"),
    "priority": fields.String(enum=list(PRIORITIES), description="Default: normal"),
    "due_at": NullableDateTime(description="ISO 8601; no offset means UTC; null clears it"),
    "tags": fields.List(TAG, max_items=20, description="Replaces all tags; stored lowercase"),
    "assignee_id": NullableString(
        min_length=1, max_length=SUBJECT_LENGTH, description="User ID; null unassigns"
    ),
}
task_in = ns.model(
    "TaskIn",
    {"title": fields.String(required=True, min_length=1, max_length=200), **_editable},
    strict=True,
)
task_patch = ns.model(
    "TaskPatch", {"title": fields.String(min_length=1, max_length=200), **_editable}, strict=True
)
task_out = ns.model(
    "TaskOut",
    {
        "id": fields.Integer(readonly=True, example=1),
        "title": fields.String(example="Write the report"),
        "description": fields.String,
        "status": fields.String(enum=list(STATUSES)),
        "priority": fields.String(enum=list(PRIORITIES)),
        "due_at": fields.DateTime,
        "tags": fields.List(fields.String),
        "owner_id": fields.String(description="Who created it"),
        "assignee_id": fields.String,
        "created_at": fields.DateTime,
        "updated_at": fields.DateTime,
        "version": fields.Integer(description="Bumped by every change; the ETag names it"),
    },
)
task_page = page_model(ns, task_out)


def _status(value: str) -> str:
    if value not in STATUSES:
        raise ValueError(f"{value!r} is not one of them")
    return value


def _timestamp(value: str) -> datetime:
    try:
        return tasks.parse_datetime(value, "timestamp")
    except ValidationError:
        raise ValueError(f"{value[:40]!r} is not an ISO 8601 date and time") from None


_status.__schema__ = {"type": "string"}  # type: ignore[attr-defined]
_timestamp.__schema__ = {"type": "string", "format": "date-time"}  # type: ignore[attr-defined]

list_args = page_params(max_per_page=100)
for _name, _type, _help in (
    ("assignee", text_arg(SUBJECT_LENGTH), "Assigned to this user ID"),
    ("due_before", _timestamp, "Due before this time (ISO 8601)"),
    ("due_after", _timestamp, "Due at or after this time (ISO 8601)"),
    ("tag", text_arg(TAG_LENGTH), "Has this tag"),
    ("q", text_arg(200), "Text in the title, any case"),
):
    list_args.add_argument(_name, type=_type, location="args", help=_help)
list_args.add_argument(
    "status",
    type=_status,
    action="split",
    location="args",
    help=f"Comma-separated statuses ({', '.join(STATUSES)}):",
)
list_args.add_argument(
    "sort",
    type=text_arg(200),
    location="args",
    default=tasks.DEFAULT_SORT,
    help="Comma-separated fields, -field for descending: " + ", ".join(sorted(tasks.SORTABLE)),
)
if_match = reqparse.RequestParser()
if_match.add_argument("If-Match", location="headers", help="ETag from a GET: refuse if stale")


def _cached_page_slot(viewer: Viewer) -> tuple[str, str] | None:
    """Return the cache scope and key of this request's page; None for pages not cached."""
    page = request.args.get("page", "1")
    cached_pages = current_app.config["SETTINGS"].cache_pages
    if not (page.isascii() and page.isdigit() and int(page) <= cached_pages):
        return None
    scope = list_scope(None if viewer.is_admin else viewer.subject)
    return scope, urlencode(sorted(request.args.items(multi=True)))


def _prefetch_page(claims: Mapping[str, Any]) -> list[Command]:
    slot = _cached_page_slot(viewer_for(claims["sub"], claims.get("roles") or ()))
    lookup = read_cache().lookup(*slot) if slot else None
    return [lookup] if lookup else []


def _prefetch_task(claims: Mapping[str, Any]) -> list[Command]:
    lookup = read_cache().lookup(task_scope(request.view_args["task_id"]), "v")
    return [lookup] if lookup else []


@ns.route("")
class TaskList(Resource):
    @require_auth
    @prefetch(_prefetch_page)
    @ns.expect(list_args)
    @ns.response(200, "A page of the tasks you own or are assigned to (admins: all)", task_page)
    @ns.response(400, "Invalid filter, sort or page")
    def get(self):
        """List tasks you can see, filtered, searched, sorted and paginated."""
        viewer = current_viewer()
        # The hot path: a cached page is found by the exact query string before any
        # parsing (only valid queries are ever stored); its lookup already went to Redis
        # in the request's admission round trip (@prefetch), so a hit costs no call.
        slot = _cached_page_slot(viewer)
        generation, body = read_cache().get(*slot) if slot else ("", None)
        if body is not None:
            return json_response(body, **{"X-Cache": "hit"})
        args = list_args.parse_args()
        query = tasks.TaskQuery(
            statuses=tuple(args["status"] or ()),
            assignee=args["assignee"],
            due_before=args["due_before"],
            due_after=args["due_after"],
            tag=args["tag"],
            text=args["q"],
            sort=args["sort"] or tasks.DEFAULT_SORT,
        )
        page = tasks.list_tasks(
            viewer=viewer, query=query, page=args["page"], per_page=args["per_page"]
        )
        body = dumps(_page_document(page))
        if slot:
            read_cache().put(*slot, body, generation=generation)
        return json_response(body, **{"X-Cache": "miss"})

    @require_auth
    @ns.expect(task_in)
    @ns.response(201, "Created; Location names the new task", task_out)
    @ns.response(400, "Invalid task")
    def post(self):
        """Create a task you own (and optionally assign it)."""
        task = tasks.create_task(viewer=current_viewer(), values=json_payload(task_in))
        return json_response(
            dumps(tasks.task_document(task)),
            201,
            Location=f"{ns.path}/{task.id}",
            ETag=tasks.etag_of(task.id, task.version),
        )


@ns.route(f"/<{ID}:task_id>")
@ns.param("task_id", "The task's ID")
@ns.response(404, "No such task, or not one you have a part in")
class TaskItem(Resource):
    @require_auth
    @prefetch(_prefetch_task)
    @ns.response(200, "The task; ETag names its version", task_out)
    @ns.response(304, "Not modified since the ETag in If-None-Match")
    def get(self, task_id: int):
        """Fetch one task (owner, assignee or admin)."""
        viewer = current_viewer()
        scope = task_scope(task_id)
        generation, cached = read_cache().get(scope, "v")
        if cached is None:
            task = tasks.get_task(viewer=viewer, task_id=task_id)
            header = {"id": task.id, "owner_id": task.owner_id, "assignee_id": task.assignee_id,
                      "etag": tasks.etag_of(task.id, task.version)}  # fmt: skip
            cached = dumps(header) + b"\n" + dumps(tasks.task_document(task))
            read_cache().put(scope, "v", cached, generation=generation)
        head, _, body = cached.partition(b"\n")
        summary = json.loads(head)
        viewer.require(SimpleNamespace(**summary))  # same rule on a hit as on a miss
        if request.if_none_match.contains(summary["etag"].strip('"')):
            return json_response(b"", 304, ETag=summary["etag"])
        return json_response(body, ETag=summary["etag"])

    @require_auth
    @ns.expect(task_patch, if_match)
    @ns.response(200, "The changed task", task_out)
    @ns.response(400, "Invalid change")
    @ns.response(403, "Your part in the task does not allow this change")
    @ns.response(409, "Changed by someone else at the same moment; retry")
    @ns.response(412, "If-Match names an older version")
    def patch(self, task_id: int):
        """Change some fields (the assignee may change only the status)."""
        task = tasks.update_task(
            viewer=current_viewer(),
            task_id=task_id,
            values=json_payload(task_patch),
            if_match=request.headers.get("If-Match"),
        )
        etag = tasks.etag_of(task.id, task.version)
        return json_response(dumps(tasks.task_document(task)), ETag=etag)

    @require_auth
    @ns.expect(if_match)
    @ns.response(204, "Deleted, with its comments and attachments")
    @ns.response(403, "Only the owner or an admin may delete it")
    @ns.response(412, "If-Match names an older version")
    def delete(self, task_id: int):
        """Delete a task (owner or admin)."""
        viewer = current_viewer()
        tasks.delete_task(viewer=viewer, task_id=task_id, if_match=request.headers.get("If-Match"))
        return json_response(b"", 204)


def _page_document(page: Page[Any]) -> dict[str, Any]:
    return {
        "items": [tasks.task_document(task) for task in page.items],
        "page": page.page,
        "per_page": page.per_page,
        "total": page.total,
        "pages": page.pages,
        "links": page.links,
    }
