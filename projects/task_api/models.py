"""The task API's tables: tasks and their tags, comments and attachments; webhooks."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from projects.core import create_db

db = create_db()
# Views serialise what they just committed; without this, every attribute read after
# a commit would reload the row (core's create_db takes no session options).
db.session.session_factory.configure(expire_on_commit=False)

STATUSES = ("todo", "in_progress", "done", "cancelled")
PRIORITIES = ("low", "normal", "high", "urgent")  # stored as their index, so they sort
DELIVERY_STATES = ("pending", "retrying", "delivered", "failed")
SUBJECT_LENGTH = 64  # token subjects (user IDs) of the auth service
TAG_LENGTH = 40


def utcnow() -> datetime:
    """Return the current time in UTC, timezone-aware."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp stored in UTC and always read back timezone-aware (SQLite forgets the zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are ambiguous; pass a timezone-aware one")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _one_of(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class Task(db.Model):  # type: ignore[name-defined,misc]
    """A unit of work, owned by its creator and optionally assigned to someone."""

    __tablename__ = "tasks"
    __table_args__ = (
        CheckConstraint(_one_of("status", STATUSES), name="status"),
        CheckConstraint(f"priority BETWEEN 0 AND {len(PRIORITIES) - 1}", name="priority"),
        # The list view filters on who may see a task, then sorts: newest first by default.
        Index("ix_tasks_owner_id_created_at", "owner_id", "created_at"),
        Index("ix_tasks_assignee_id_created_at", "assignee_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default="todo")
    priority: Mapped[int] = mapped_column(SmallInteger, default=1)
    due_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    owner_id: Mapped[str] = mapped_column(String(SUBJECT_LENGTH))
    assignee_id: Mapped[str | None] = mapped_column(String(SUBJECT_LENGTH))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    # Bumped by SQLAlchemy on every UPDATE: the ETag, and a guard against lost updates.
    version: Mapped[int] = mapped_column(Integer, default=1)

    tags: Mapped[list[TaskTag]] = relationship(
        cascade="all, delete-orphan", order_by="TaskTag.name", lazy="selectin"
    )

    __mapper_args__ = {"version_id_col": version}

    @property
    def tag_names(self) -> list[str]:
        """Return the task's tags, sorted."""
        return [tag.name for tag in self.tags]

    @property
    def priority_name(self) -> str:
        """Return the priority as the API spells it."""
        return PRIORITIES[self.priority]


class TaskTag(db.Model):  # type: ignore[name-defined,misc]
    """One tag on one task (a table, so filtering by tag is an indexed lookup)."""

    __tablename__ = "task_tags"

    task_id: Mapped[int] = mapped_column(
        ForeignKey("tasks.id", ondelete="CASCADE"), primary_key=True
    )
    name: Mapped[str] = mapped_column(String(TAG_LENGTH), primary_key=True, index=True)


class Comment(db.Model):  # type: ignore[name-defined,misc]
    """A remark on a task by its owner, its assignee or an admin."""

    __tablename__ = "comments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[str] = mapped_column(String(SUBJECT_LENGTH))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Attachment(db.Model):  # type: ignore[name-defined,misc]
    """A file attached to a task; its bytes live in the Storage under `storage_key`."""

    __tablename__ = "attachments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    storage_key: Mapped[str] = mapped_column(String(64), unique=True)
    uploaded_by: Mapped[str] = mapped_column(String(SUBJECT_LENGTH))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class WebhookSubscription(db.Model):  # type: ignore[name-defined,misc]
    """A user's URL that receives signed task events."""

    __tablename__ = "webhook_subscriptions"
    __table_args__ = (UniqueConstraint("owner_id", "url"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    owner_id: Mapped[str] = mapped_column(String(SUBJECT_LENGTH), index=True)
    url: Mapped[str] = mapped_column(String(2048))
    # The receiver checks signatures with it, so it is kept readable (encrypt the column,
    # or keep it in a secrets manager, where the threat model asks for it).
    secret: Mapped[str] = mapped_column(String(128))
    events: Mapped[list[str]] = mapped_column(JSON)
    description: Mapped[str | None] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class WebhookDelivery(db.Model):  # type: ignore[name-defined,misc]
    """One event sent (or to be sent) to one subscription: the delivery log."""

    __tablename__ = "webhook_deliveries"
    __table_args__ = (
        CheckConstraint(_one_of("status", DELIVERY_STATES), name="status"),
        Index("ix_webhook_deliveries_subscription_id_created_at", "subscription_id", "created_at"),
    )

    # A random ID: receivers use it (X-Webhook-Id) to drop a delivery they already had.
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=lambda: uuid.uuid4().hex)
    subscription_id: Mapped[int] = mapped_column(
        ForeignKey("webhook_subscriptions.id", ondelete="CASCADE")
    )
    event: Mapped[str] = mapped_column(String(40))
    task_id: Mapped[int | None] = mapped_column(Integer)  # no key: the task may be deleted
    payload: Mapped[str] = mapped_column(Text)  # the exact JSON body every attempt sends
    status: Mapped[str] = mapped_column(String(20), default="pending", index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    status_codes: Mapped[list[int | None]] = mapped_column(JSON, default=list)
    last_status_code: Mapped[int | None] = mapped_column(Integer)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
