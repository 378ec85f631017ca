"""Who may do what to a task: the owner and admins anything, the assignee a little.

A caller with no part in a task gets 404 for everything, as if it did not exist: a
403 would confirm that task IDs they guess are real. A caller who can see the task
(its assignee) and tries something beyond their part gets 403, which tells them
nothing new.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from flask import current_app

from projects.core import Forbidden, NotFound, current_principal

from ..models import SUBJECT_LENGTH


class Action(StrEnum):
    """Something a caller does to a task."""

    READ = "read"  # the task, its comments and attachments
    EDIT = "edit"  # title, description, priority, due date, tags
    CHANGE_STATUS = "change_status"
    ASSIGN = "assign"
    COMMENT = "comment"
    ATTACH = "attach"  # upload and delete attachments
    DELETE = "delete"


class Part(StrEnum):
    """The caller's part in a task."""

    OWNER = "owner"
    ASSIGNEE = "assignee"
    ADMIN = "admin"


ALLOWED: dict[Part, frozenset[Action]] = {
    Part.OWNER: frozenset(Action),
    Part.ADMIN: frozenset(Action),
    Part.ASSIGNEE: frozenset({Action.READ, Action.CHANGE_STATUS, Action.COMMENT}),
}

PHRASES = {
    Action.READ: "read it",
    Action.EDIT: "edit it",
    Action.CHANGE_STATUS: "change its status",
    Action.ASSIGN: "reassign it",
    Action.COMMENT: "comment on it",
    Action.ATTACH: "add or remove its attachments",
    Action.DELETE: "delete it",
}


class HasParticipants(Protocol):
    """A task, or its cached summary: who owns it and who it is assigned to."""

    id: int
    owner_id: str
    assignee_id: str | None


@dataclass(frozen=True)
class Viewer:
    """The caller, as the task rules see them."""

    subject: str
    is_admin: bool

    def part_in(self, task: HasParticipants) -> Part | None:
        """Return the caller's part in `task`, the strongest first; None if they have none."""
        if task.owner_id == self.subject:
            return Part.OWNER
        if self.is_admin:
            return Part.ADMIN
        if task.assignee_id == self.subject:
            return Part.ASSIGNEE
        return None

    def require(self, task: HasParticipants, *actions: Action) -> Part:
        """Return the caller's part; NotFound if they have none, Forbidden if it is too small."""
        part = self.part_in(task)
        if part is None:
            raise NotFound(f"No task {task.id}.")
        refused = [action for action in actions if action not in ALLOWED[part]]
        if refused:
            raise Forbidden(
                f"As the task's {part}, you may not {PHRASES[refused[0]]}.",
                details={"part": str(part), "refused": [str(a) for a in refused]},
            )
        return part


def current_viewer() -> Viewer:
    """Return the authenticated caller as a Viewer (401 without a valid token)."""
    principal = current_principal()
    if len(principal.subject) > SUBJECT_LENGTH:  # could not be stored as an owner or assignee
        raise Forbidden(
            f"Token subjects longer than {SUBJECT_LENGTH} characters are not supported."
        )
    return viewer_for(principal.subject, principal.roles)


def viewer_for(subject: str, roles: Iterable[str]) -> Viewer:
    """Return the Viewer with this subject and roles (admin if the admin role is among them)."""
    return Viewer(subject=subject, is_admin=current_app.config["SETTINGS"].admin_role in roles)
