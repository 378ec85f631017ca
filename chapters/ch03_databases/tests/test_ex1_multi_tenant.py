"""Exercise 1 — multi-tenant database design, on SQLite and on PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from types import ModuleType

import pytest
from sqlalchemy import Engine, create_engine, delete, func, insert, select, update
from sqlalchemy.orm import Session, sessionmaker

from .conftest import on_both_databases


@pytest.fixture
def engine(exercise: ModuleType, database: str) -> Iterator[Engine]:
    """Create the exercise's tables with two tenants' data: acme (ids 1) and globex (ids 2)."""
    engine = create_engine(database)
    exercise.Base.metadata.create_all(engine)
    with engine.begin() as conn:
        conn.execute(
            insert(exercise.Project.__table__),
            [
                {"id": 1, "tenant_id": "acme", "name": "Roadmap"},
                {"id": 2, "tenant_id": "globex", "name": "Roadmap"},
            ],
        )
        conn.execute(
            insert(exercise.Task.__table__),
            [
                {"id": 1, "tenant_id": "acme", "project_id": 1, "title": "acme plan"},
                {"id": 2, "tenant_id": "globex", "project_id": 2, "title": "globex plan"},
                # A corrupt row: globex's task hanging off acme's project.
                {"id": 3, "tenant_id": "globex", "project_id": 1, "title": "globex secret"},
            ],
        )
    yield engine
    engine.dispose()


@pytest.fixture
def factory(exercise: ModuleType, engine: Engine) -> sessionmaker[Session]:
    return exercise.tenant_sessionmaker(engine)


def session_for(exercise: ModuleType, factory, tenant: str) -> Session:
    return exercise.open_tenant_session(factory, tenant)


@on_both_databases
def test_queries_see_only_the_sessions_tenant(exercise, factory) -> None:
    """select(Task) in acme's session returns acme's tasks only."""
    with session_for(exercise, factory, "acme") as session:
        titles = session.scalars(select(exercise.Task.title).order_by(exercise.Task.id)).all()
    assert titles == ["acme plan"]


def test_get_by_id_of_another_tenants_row_finds_nothing(exercise, factory) -> None:
    """session.get() with another tenant's primary key returns None."""
    with session_for(exercise, factory, "acme") as session:
        assert session.get(exercise.Project, 2) is None
        assert session.get(exercise.Project, 1).tenant_id == "acme"


@on_both_databases
def test_relationship_loads_are_filtered_too(exercise, factory) -> None:
    """project.tasks leaves out another tenant's row even when it points at the project."""
    with session_for(exercise, factory, "acme") as session:
        project = session.get(exercise.Project, 1)
        titles = [task.title for task in project.tasks]
    assert titles == ["acme plan"]


def test_joins_and_aggregates_are_filtered(exercise, factory) -> None:
    """Joins and COUNT(*) see the session's tenant only."""
    Task, Project = exercise.Task, exercise.Project
    with session_for(exercise, factory, "globex") as session:
        joined = session.scalars(
            select(Task.title).join(Task.project).where(Project.name == "Roadmap")
        ).all()
        count = session.scalar(select(func.count()).select_from(Task))
    assert (joined, count) == (["globex plan"], 2)


@on_both_databases
def test_bulk_update_and_delete_touch_only_own_rows(exercise, factory, engine) -> None:
    """UPDATE and DELETE without a WHERE still leave other tenants' rows alone."""
    with session_for(exercise, factory, "acme") as session:
        session.execute(update(exercise.Project).values(name="Renamed"))
        session.execute(delete(exercise.Task))
        session.commit()
    with engine.connect() as conn:
        names = conn.execute(select(exercise.Project.name).order_by(exercise.Project.id)).all()
        tasks = conn.execute(select(exercise.Task.id).order_by(exercise.Task.id)).scalars().all()
    assert ([name for (name,) in names], tasks) == (["Renamed", "Roadmap"], [2, 3])


def test_new_rows_are_stamped_with_the_tenant(exercise, factory, engine) -> None:
    """A new row without tenant_id gets the session's tenant."""
    with session_for(exercise, factory, "globex") as session:
        session.add(exercise.Project(id=10, name="New"))
        session.commit()
    with engine.connect() as conn:
        tenant = conn.scalar(select(exercise.Project.tenant_id).where(exercise.Project.id == 10))
    assert tenant == "globex"


def test_creating_a_row_for_another_tenant_is_refused(exercise, factory) -> None:
    """Adding a row with another tenant's id raises CrossTenantWriteError at flush."""
    with session_for(exercise, factory, "acme") as session:
        session.add(exercise.Project(id=11, name="Sneaky", tenant_id="globex"))
        with pytest.raises(exercise.CrossTenantWriteError):
            session.flush()


def test_moving_a_row_to_another_tenant_is_refused(exercise, factory) -> None:
    """Changing tenant_id of a loaded row raises CrossTenantWriteError at flush."""
    with session_for(exercise, factory, "acme") as session:
        project = session.get(exercise.Project, 1)
        project.tenant_id = "globex"
        with pytest.raises(exercise.CrossTenantWriteError):
            session.flush()


def test_a_session_without_a_tenant_fails_closed(exercise, factory) -> None:
    """A session made without open_tenant_session() refuses to query."""
    with factory() as session, pytest.raises(exercise.MissingTenantError):
        session.scalars(select(exercise.Project)).all()


@pytest.mark.parametrize("tenant", ["", "   ", None, 42])
def test_blank_or_non_string_tenants_are_refused(exercise, tenant) -> None:
    """open_tenant_session() refuses empty, blank and non-string tenant ids."""
    factory = exercise.tenant_sessionmaker(create_engine("sqlite://"))
    with pytest.raises(ValueError):
        exercise.open_tenant_session(factory, tenant)


def test_interleaved_sessions_keep_their_own_tenant(exercise, factory) -> None:
    """Two open sessions of different tenants never see each other's rows."""
    Project = exercise.Project
    acme = session_for(exercise, factory, "acme")
    globex = session_for(exercise, factory, "globex")
    with acme, globex:
        seen = [
            acme.scalars(select(Project.id)).all(),
            globex.scalars(select(Project.id)).all(),
            acme.scalars(select(Project.id)).all(),
        ]
    assert seen == [[1], [2], [1]]
