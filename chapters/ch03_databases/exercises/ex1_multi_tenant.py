"""Exercise 1 — multi-tenant database design.

Many customers (tenants) share one database; every tenant-owned row carries a
`tenant_id`. Make it impossible for one tenant's session to read or write another
tenant's rows, whatever query the code above it writes.

Check your work with: nox -s chapter03 -- ex1
"""

from __future__ import annotations

from sqlalchemy import Engine, ForeignKey, String
from sqlalchemy.orm import (
    DeclarativeBase,
    Mapped,
    Session,
    mapped_column,
    relationship,
    sessionmaker,
)

TENANT_KEY = "tenant_id"  # the key of session.info that holds the session's tenant


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
    """Return a new session of `factory` that works for `tenant_id` alone.

    1. Store the tenant in the session's `info` under TENANT_KEY.
    2. Refuse a tenant id that is not a string, or is empty or blank, with ValueError.
    """
    raise NotImplementedError("Exercise 1 (open_tenant_session) is not done yet")


def tenant_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    """Return a sessionmaker whose sessions only ever see and write one tenant's rows.

    3. Register a `do_orm_execute` listener on the sessionmaker. For every SELECT,
       UPDATE and DELETE that is not itself a relationship or column load, add
       `with_loader_criteria(TenantScoped, lambda cls: cls.tenant_id == <the session's
       tenant>, include_aliases=True)` to the statement.
    4. A session whose `info` has no tenant raises MissingTenantError on any statement
       and any flush: a forgotten tenant must never mean "every tenant".
    5. Register a `before_flush` listener: new TenantScoped objects without a tenant_id
       get the session's; a new or changed object whose tenant_id is another tenant's
       raises CrossTenantWriteError.
    """
    raise NotImplementedError("Exercise 1 (tenant_sessionmaker) is not done yet")
