"""Alembic's entry point for the auth service; core holds the shared body."""

from __future__ import annotations

from projects.core.migrations import run_migrations

run_migrations(lock_key=5_001_001)  # names this service's migration lock in PostgreSQL
