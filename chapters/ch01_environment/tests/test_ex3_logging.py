"""Exercise 3 — structured logging."""

from __future__ import annotations

import json
import logging
from datetime import datetime
from decimal import Decimal

import pytest


def record(msg: str = "hello %s", *args: object, exc_info=None, **extra) -> logging.LogRecord:
    rec = logging.LogRecord(
        "shop.orders", logging.INFO, __file__, 1, msg, args or ("world",), exc_info
    )
    for key, value in extra.items():
        setattr(rec, key, value)
    return rec


def formatted(exercise, rec: logging.LogRecord) -> dict:
    line = exercise.JsonFormatter().format(rec)
    assert "\n" not in line
    return json.loads(line)


def test_core_fields(exercise) -> None:
    """Each line has time, level, logger and the filled-in message."""
    entry = formatted(exercise, record())
    assert (entry["level"], entry["logger"], entry["message"]) == (
        "INFO",
        "shop.orders",
        "hello world",
    )


def test_time_is_iso8601_utc_with_milliseconds(exercise) -> None:
    """The time is ISO 8601, in UTC, to the millisecond."""
    rec = record()
    rec.created = 1_767_225_600.5  # 2026-01-01T00:00:00.500Z
    assert formatted(exercise, rec)["time"] == "2026-01-01T00:00:00.500+00:00"
    assert datetime.fromisoformat(formatted(exercise, record())["time"]).utcoffset().seconds == 0


def test_extra_fields_are_included(exercise) -> None:
    """Fields passed with extra= appear as their own keys."""
    entry = formatted(exercise, record(order_id=42, customer="ada"))
    assert (entry["order_id"], entry["customer"]) == (42, "ada")
    assert "args" not in entry and "levelno" not in entry


def test_exceptions_are_included(exercise) -> None:
    """A logged exception carries its traceback."""
    try:
        raise KeyError("sku-1")
    except KeyError:
        import sys

        entry = formatted(exercise, record(exc_info=sys.exc_info()))
    assert "KeyError: 'sku-1'" in entry["exception"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ({"password": "hunter2"}, {"password": "[REDACTED]"}),
        ({"Authorization": "Bearer x"}, {"Authorization": "[REDACTED]"}),
        ({"user": {"name": "ada", "token": "t"}}, {"user": {"name": "ada", "token": "[REDACTED]"}}),
        ([{"secret": 1}, 2], [{"secret": "[REDACTED]"}, 2]),
        ("plain", "plain"),
    ],
)
def test_redact(exercise, value, expected) -> None:
    """Sensitive keys are hidden at any depth."""
    assert exercise.redact(value) == expected


def test_sensitive_extras_never_reach_the_log(exercise) -> None:
    """A password passed in extra= is written as [REDACTED]."""
    entry = formatted(exercise, record(password="hunter2", payload={"api_key": "k"}))
    assert (entry["password"], entry["payload"]) == ("[REDACTED]", {"api_key": "[REDACTED]"})


def test_values_json_cannot_encode_become_strings(exercise) -> None:
    """Decimals, sets and other objects do not break the line."""
    entry = formatted(exercise, record(amount=Decimal("9.99")))
    assert entry["amount"] == "9.99"
