"""Comments on a task, by anyone who has a part in it (owner, assignee, admin)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from projects.core import NotFound, Page, ValidationError, paginate

from ..models import Comment, db
from .access import Action, Viewer
from .tasks import get_task


def add_comment(*, viewer: Viewer, task_id: int, body: str) -> Comment:
    """Add the viewer's comment to the task."""
    get_task(viewer=viewer, task_id=task_id, action=Action.COMMENT)
    text = body.strip()
    if not text:
        raise ValidationError(details={"body": "must not be blank"})
    comment = Comment(task_id=task_id, author_id=viewer.subject, body=text)
    db.session.add(comment)
    try:
        db.session.commit()
    except IntegrityError:  # the task was deleted meanwhile
        db.session.rollback()
        raise NotFound(f"No task {task_id}.") from None
    return comment


def list_comments(*, viewer: Viewer, task_id: int, page: int, per_page: int) -> Page[Comment]:
    """Return one page of the task's comments, oldest first."""
    get_task(viewer=viewer, task_id=task_id)
    statement = select(Comment).filter_by(task_id=task_id).order_by(Comment.id)
    return paginate(db.session, statement, page=page, per_page=per_page)
