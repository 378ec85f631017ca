"""Fixtures for the checks that run against every API of the course."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from testing.api.catalog import Api, apis
from testing.api.live import serving


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Run each test that takes `api` once per API in the course."""
    if "api" in metafunc.fixturenames:
        found = apis()
        metafunc.parametrize("api", found, ids=[a.name for a in found])


@pytest.fixture
def demo_app(api: Api, tmp_path, monkeypatch):
    """Build the API as a learner's first run would: create_app(), no settings, empty cwd."""
    monkeypatch.chdir(tmp_path)
    # Servers named for the test plugin (deployment docs suggest exporting them) must
    # not become the demos' databases: a demo's first run has no such variables.
    for name in ("APP_ENV", "DATABASE_URL", "REDIS_URL", "MONGODB_URL", "SECRET_KEY"):
        monkeypatch.delenv(name, raising=False)
    return api.factory()()


@pytest.fixture
def live_url(demo_app) -> Iterator[str]:
    """Serve the API over real HTTP and yield its base URL."""
    with serving(demo_app) as url:
        yield url
