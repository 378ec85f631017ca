"""The course's pytest plugin: real services and the exercise under test.

Loaded by the repository's root conftest.py, so every test in chapters/, projects/
and testing/ can ask for `postgres_url`, `redis_url`, `mongodb_url`,
`elasticsearch_url` or `exercise` without importing anything.
"""

from __future__ import annotations

from testing.exercises import *  # noqa: F403  (fixtures and hooks are found by name)
from testing.services.fixtures import *  # noqa: F403
