"""Exercise 1 — multi-tenant database design (reference solution)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, ForeignKey, String, event
from sqlalchemy.orm import (
    DeclarativeBase,
    Mapped,
    ORMExecuteState,
    Session,
    mapped_column,
    relationship,
    sessionmaker,
    with_loader_criteria,
)

TENANT_KEY = "tenant_id"


class Base(DeclarativeBase):
    """The declarative base of this exercise's tables."""


class TenantScoped:
    """Mixin for every table whose rows belong to exactly one tenant."""

    tenant_id: Mapped[str] = mapped_column(String(64), index=True)


class Project(TenantScoped, Base):
    __tablename__ = "projects"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    tasks: Mapped[list[Task]] = relationship(back_populates="project", order_by="Task.id")


class Task(TenantScoped, Base):
    __tablename__ = "tasks"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"))
    title: Mapped[str] = mapped_column(String(200))
    project: Mapped[Project] = relationship(back_populates="tasks")


class MissingTenantError(RuntimeError):
    """A session without a tenant tried to run a statement."""


class CrossTenantWriteError(RuntimeError):
    """A session tried to write a row that belongs to another tenant."""


def open_tenant_session(factory: sessionmaker[Session], tenant_id: str) -> Session:
    """Return a new session of `factory` that works for `tenant_id` alone."""
    if not isinstance(tenant_id, str) or not tenant_id.strip():
        raise ValueError("a tenant id must be a non-empty string")
    return factory(info={TENANT_KEY: tenant_id})


def tenant_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    """Return a sessionmaker whose sessions only ever see and write one tenant's rows."""
    factory = sessionmaker(engine)
    event.listen(factory, "do_orm_execute", _filter_by_tenant)
    event.listen(factory, "before_flush", _check_writes)
    return factory


def _tenant_of(session: Session) -> str:
    tenant_id = session.info.get(TENANT_KEY)
    if not tenant_id:
        # Fail closed: a forgotten tenant must never mean "all tenants".
        raise MissingTenantError("this session has no tenant; use open_tenant_session()")
    return tenant_id


def _filter_by_tenant(state: ORMExecuteState) -> None:
    tenant_id = _tenant_of(state.session)
    # Relationship and column loads inherit the criteria from the statement that loaded
    # their parent (propagate_to_loaders), so adding it once per top-level statement is enough.
    if state.is_column_load or state.is_relationship_load:
        return
    if state.is_select or state.is_update or state.is_delete:
        state.statement = state.statement.options(
            with_loader_criteria(
                TenantScoped,
                lambda cls: cls.tenant_id == tenant_id,
                include_aliases=True,
            )
        )


def _check_writes(session: Session, _context: Any, _instances: Any) -> None:
    tenant_id = _tenant_of(session)
    for obj in session.new:
        if isinstance(obj, TenantScoped):
            if obj.tenant_id is None:
                obj.tenant_id = tenant_id
            elif obj.tenant_id != tenant_id:
                raise CrossTenantWriteError(
                    f"session of {tenant_id!r} cannot create a row of {obj.tenant_id!r}"
                )
    for obj in session.dirty:
        if isinstance(obj, TenantScoped) and obj.tenant_id != tenant_id:
            raise CrossTenantWriteError(
                f"session of {tenant_id!r} cannot move a row to {obj.tenant_id!r}"
            )
