"""Alembic's entry point for the task API; core holds the shared body."""

from __future__ import annotations

from projects.core.migrations import run_migrations

run_migrations(lock_key=7_302_002)  # names this service's migration lock in PostgreSQL
