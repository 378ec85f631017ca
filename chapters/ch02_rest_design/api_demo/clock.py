"""The time the API stamps on records: UTC, to the second."""

from __future__ import annotations

from datetime import UTC, datetime


def utc_now() -> datetime:
    """Return the current time in UTC without microseconds (what the API shows)."""
    return datetime.now(UTC).replace(microsecond=0)
