"""Tasks: create, list (filter, search, sort, paginate), read, change and delete.

Every write commits first, then invalidates the cached reads it affects and hands its
webhook deliveries to Celery, so neither a cache nor a receiver sees a change that was
rolled back.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Select, or_, select
from sqlalchemy.orm.exc import StaleDataError

from projects.core import Conflict, NotFound, Page, PreconditionFailed, ValidationError, paginate

from ..models import PRIORITIES, STATUSES, Attachment, Task, TaskTag, db, utcnow
from . import webhooks
from .access import Action, Viewer
from .cache import list_scope, read_cache, task_scope
from .storage import storage

SORTABLE = {
    "id": Task.id,
    "title": Task.title,
    "status": Task.status,
    "priority": Task.priority,
    "due_at": Task.due_at,
    "created_at": Task.created_at,
    "updated_at": Task.updated_at,
}
DEFAULT_SORT = "-created_at"
MAX_SORT_KEYS = 4
EDITABLE = ("title", "description", "priority", "due_at", "tags")


@dataclass(frozen=True)
class TaskQuery:
    """Filters of the task list; every one given must match."""

    statuses: tuple[str, ...] = ()
    assignee: str | None = None
    due_before: datetime | None = None
    due_after: datetime | None = None
    tag: str | None = None
    text: str | None = None
    sort: str = DEFAULT_SORT


def task_document(task: Task) -> dict[str, Any]:
    """Return the task as the API and the webhooks show it (TaskOut)."""
    return {
        "id": task.id,
        "title": task.title,
        "description": task.description,
        "status": task.status,
        "priority": task.priority_name,
        "due_at": _iso(task.due_at),
        "tags": task.tag_names,
        "owner_id": task.owner_id,
        "assignee_id": task.assignee_id,
        "created_at": _iso(task.created_at),
        "updated_at": _iso(task.updated_at),
        "version": task.version,
    }


def etag_of(task_id: int, version: int) -> str:
    """Return the strong ETag of a task version."""
    return f'"{task_id}.{version}"'


def order_by(sort: str) -> list[Any]:
    """Turn `-due_at,title` into ORDER BY terms; 400 for fields that may not be sorted on."""
    terms, seen = [], set()
    keys = [key.strip() for key in sort.split(",") if key.strip()]
    if len(keys) > MAX_SORT_KEYS:
        raise ValidationError(details={"sort": f"at most {MAX_SORT_KEYS} sort keys"})
    for key in keys:
        name = key.removeprefix("-")
        if name not in SORTABLE:
            allowed = ", ".join(sorted(SORTABLE))
            raise ValidationError(details={"sort": f"cannot sort on {name!r}; use {allowed}"})
        if name in seen:
            continue
        seen.add(name)
        column = SORTABLE[name]
        terms.append((column.desc() if key.startswith("-") else column.asc()).nulls_last())
    if "id" not in seen:
        terms.append(Task.id.asc())  # a unique last key keeps pages stable
    return terms


def visible_tasks(viewer: Viewer) -> Select[Any]:
    """Return a select of the tasks the viewer may see."""
    statement = select(Task)
    if not viewer.is_admin:
        statement = statement.where(
            or_(Task.owner_id == viewer.subject, Task.assignee_id == viewer.subject)
        )
    return statement


def list_tasks(*, viewer: Viewer, query: TaskQuery, page: int, per_page: int) -> Page[Task]:
    """Return one page of the tasks the viewer may see that match the query."""
    if query.due_before and query.due_after and query.due_after > query.due_before:
        raise ValidationError(details={"due_after": "must not be later than due_before"})
    statement = visible_tasks(viewer)
    if query.statuses:
        statement = statement.where(Task.status.in_(query.statuses))
    if query.assignee is not None:
        statement = statement.where(Task.assignee_id == query.assignee)
    if query.due_before is not None:
        statement = statement.where(Task.due_at < query.due_before)
    if query.due_after is not None:
        statement = statement.where(Task.due_at >= query.due_after)
    if query.tag is not None:
        statement = statement.where(Task.tags.any(TaskTag.name == query.tag.strip().lower()))
    if query.text:
        statement = statement.where(Task.title.icontains(query.text, autoescape=True))
    statement = statement.order_by(*order_by(query.sort))
    return paginate(db.session, statement, page=page, per_page=per_page)


def get_task(*, viewer: Viewer, task_id: int, action: Action = Action.READ) -> Task:
    """Return the task if the viewer may do `action` to it (404 or 403 otherwise)."""
    task = db.session.get(Task, task_id)
    if task is None:
        raise NotFound(f"No task {task_id}.")
    viewer.require(task, action)
    return task


def create_task(*, viewer: Viewer, values: Mapping[str, Any]) -> Task:
    """Create a task owned by the viewer, from TaskIn values."""
    fields = parse_values(values)
    task = Task(owner_id=viewer.subject, **{k: v for k, v in fields.items() if k != "tags"})
    task.tags = [TaskTag(name=name) for name in fields.get("tags", [])]
    db.session.add(task)
    db.session.flush()  # assigns the ID and defaults the payload shows
    events = ["task.created"] + (["task.assigned"] if task.assignee_id else [])
    deliveries = webhooks.record_events(
        events, task=task_document(task), actor=viewer.subject, changes={},
        recipients={task.owner_id, task.assignee_id},
    )  # fmt: skip
    db.session.commit()
    _after_write(task.id, {task.owner_id, task.assignee_id}, deliveries)
    return task


def update_task(
    *, viewer: Viewer, task_id: int, values: Mapping[str, Any], if_match: str | None
) -> Task:
    """Apply a TaskPatch: the owner and admins change anything, the assignee the status."""
    task = db.session.get(Task, task_id)
    if task is None:
        raise NotFound(f"No task {task_id}.")
    viewer.require(task, *_actions_for(values))
    check_if_match(task, if_match)
    changes = _apply(task, parse_values(values))
    if not changes:
        return task
    task.updated_at = utcnow()  # also bumps the version when only the tags changed
    old_assignee = changes.get("assignee_id", (task.assignee_id,))[0]
    participants = {task.owner_id, task.assignee_id, old_assignee}
    _flush_or_conflict(task_id)
    events = ["task.updated"]
    if "status" in changes:
        events.append("task.status_changed")
    if "assignee_id" in changes:
        events.append("task.assigned")
    deliveries = webhooks.record_events(
        events, task=task_document(task), actor=viewer.subject, changes=changes,
        recipients=participants,
    )  # fmt: skip
    db.session.commit()
    _after_write(task.id, participants, deliveries)
    return task


def delete_task(*, viewer: Viewer, task_id: int, if_match: str | None) -> None:
    """Delete the task with its comments and attachments (the owner's and admins' right)."""
    task = get_task(viewer=viewer, task_id=task_id, action=Action.DELETE)
    check_if_match(task, if_match)
    document = task_document(task)
    participants = {task.owner_id, task.assignee_id}
    keys = list(db.session.scalars(select(Attachment.storage_key).filter_by(task_id=task_id)))
    deliveries = webhooks.record_events(
        ["task.deleted"], task=document, actor=viewer.subject, changes={},
        recipients=participants,
    )  # fmt: skip
    db.session.delete(task)
    _flush_or_conflict(task_id)
    db.session.commit()
    for key in keys:  # after the commit: a rollback must not lose files still referenced
        storage().delete(key)
    _after_write(task_id, participants, deliveries)


def check_if_match(task: Task, if_match: str | None) -> None:
    """Refuse the write (412) when If-Match names none of the task's current ETag."""
    if if_match is None or if_match.strip() == "*":
        return
    candidates = {value.strip() for value in if_match.split(",")}
    if etag_of(task.id, task.version) not in candidates:  # weak W/ tags never match
        raise PreconditionFailed(
            f"Task {task.id} is at version {task.version}; fetch it again.",
            details={"etag": etag_of(task.id, task.version)},
        )


def parse_values(values: Mapping[str, Any]) -> dict[str, Any]:
    """Turn validated TaskIn/TaskPatch JSON into column values; 400 on a bad value."""
    fields: dict[str, Any] = {}
    problems: dict[str, str] = {}
    for name, value in values.items():
        if name == "title":
            fields[name] = value.strip()
            if not fields[name]:
                problems[name] = "must not be blank"
        elif name == "priority":
            fields[name] = PRIORITIES.index(value)
        elif name == "due_at":
            fields[name] = _parse_datetime(value, name, problems)
        elif name == "tags":
            fields[name] = sorted({tag.strip().lower() for tag in value if tag.strip()})
        elif name == "status" and value not in STATUSES:
            problems[name] = f"must be one of {', '.join(STATUSES)}"
        else:
            fields[name] = value
    if problems:
        raise ValidationError(details=problems)
    return fields


def parse_datetime(value: str, name: str) -> datetime:
    """Parse an ISO 8601 timestamp (no zone means UTC); 400 naming the field otherwise."""
    problems: dict[str, str] = {}
    parsed = _parse_datetime(value, name, problems)
    if problems or parsed is None:
        raise ValidationError(details=problems or {name: "is required"})
    return parsed


def _parse_datetime(value: str | None, name: str, problems: dict[str, str]) -> datetime | None:
    if value is None:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        problems[name] = "must be an ISO 8601 date and time, e.g. 2030-01-31T17:00:00Z"
        return None
    if not 1 < parsed.year < 9999:  # shifting to UTC must not leave datetime's range
        problems[name] = "must be between the years 2 and 9998"
        return None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def _actions_for(values: Mapping[str, Any]) -> list[Action]:
    actions = [Action.READ]
    if "status" in values:
        actions.append(Action.CHANGE_STATUS)
    if "assignee_id" in values:
        actions.append(Action.ASSIGN)
    if any(name in values for name in EDITABLE):
        actions.append(Action.EDIT)
    return actions


def _apply(task: Task, fields: Mapping[str, Any]) -> dict[str, tuple[Any, Any]]:
    """Set the fields that differ; return {name: (old, new)} in the API's terms."""
    changes: dict[str, tuple[Any, Any]] = {}
    for name, new in fields.items():
        if name == "tags":
            old = task.tag_names
            if old != new:
                keep = [tag for tag in task.tags if tag.name in new]
                task.tags = keep + [TaskTag(name=n) for n in new if n not in old]
                changes[name] = (old, new)
            continue
        old = getattr(task, name)
        if old != new:
            setattr(task, name, new)
            if name == "priority":
                changes[name] = (PRIORITIES[old], PRIORITIES[new])
            else:
                changes[name] = (_iso(old), _iso(new)) if name == "due_at" else (old, new)
    return changes


def _flush_or_conflict(task_id: int) -> None:
    try:
        db.session.flush()
    except StaleDataError:
        db.session.rollback()
        raise Conflict(f"Task {task_id} was changed by someone else meanwhile; retry.") from None


def _after_write(task_id: int, participants: set[str | None], deliveries: list[str]) -> None:
    """Invalidate the cached reads the write touched, then queue its webhooks."""
    scopes = [task_scope(task_id), list_scope(None)]
    scopes += [list_scope(subject) for subject in participants if subject]
    read_cache().invalidate(scopes)
    webhooks.dispatch(deliveries)


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None  # as restx's DateTime writes it
