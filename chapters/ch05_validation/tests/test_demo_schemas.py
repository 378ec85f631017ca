"""Chapter 5's demo, module by module: sanitisers, money, schemas, error paths, settings."""

from __future__ import annotations

from decimal import Decimal

import pytest
from flask_restx import Namespace
from hypothesis import given
from hypothesis import strategies as st
from marshmallow import Schema, ValidationError, fields

from chapters.ch05_validation.api_demo.config import ConfigError, load_settings
from chapters.ch05_validation.api_demo.errors import ValidationFailed, flatten_errors
from chapters.ch05_validation.api_demo.money import DecimalPlaces, Money
from chapters.ch05_validation.api_demo.openapi import model_for
from chapters.ch05_validation.api_demo.sanitizers import clean_html, clean_text, normalize_email
from chapters.ch05_validation.api_demo.schemas import OrderSchema
from chapters.ch05_validation.tests.factories import valid_order


# ---------------------------------------------------------------- sanitisers
@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  Ada   Lovelace  ", "Ada Lovelace"),
        ("Ada\tLovelace\n", "Ada Lovelace"),
        ("Ada\u00a0Lovelace", "Ada Lovelace"),  # no-break space is whitespace too
        ("Zoe\u0308", "Zoë"),  # e + combining diaeresis becomes one code point (NFC)
        ("nul\u0000byte\u0007", "nulbyte"),
    ],
)
def test_clean_text(raw: str, expected: str) -> None:
    """Whitespace collapses, text is NFC-normalised, control characters go."""
    assert clean_text(raw) == expected


@given(st.text())
def test_clean_text_is_idempotent(raw: str) -> None:
    """Cleaning clean text changes nothing."""
    once = clean_text(raw)
    assert clean_text(once) == once


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (" Ada@Example.COM ", "Ada@example.com"),
        ("no-at-sign", "no-at-sign"),
        ('"a@b"@Example.org', '"a@b"@example.org'),
    ],
)
def test_normalize_email(raw: str, expected: str) -> None:
    """Only the domain is lower-cased; the last @ splits the address."""
    assert normalize_email(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("<p>Hi <strong>there</strong></p>", "<p>Hi <strong>there</strong></p>"),
        ("<script>alert(1)</script>Hi", "Hi"),
        ('<img src="x" onerror="alert(1)">', ""),
        ('<p style="position:fixed" onclick="x()">Hi</p>', "<p>Hi</p>"),
        (
            '<a href="https://example.com" title="t">x</a>',
            '<a href="https://example.com" title="t" rel="noopener noreferrer nofollow">x</a>',
        ),
        ('<a href="javascript:alert(1)">x</a>', '<a rel="noopener noreferrer nofollow">x</a>'),
        ("<iframe src='//evil.example'></iframe>ok", "ok"),
        ("1 < 2", "1 &lt; 2"),
    ],
)
def test_clean_html(raw: str, expected: str) -> None:
    """Allowed tags stay, scripts, handlers and unsafe URLs go."""
    assert clean_html(raw) == expected


# ---------------------------------------------------------------- money
@pytest.mark.parametrize(
    ("value", "ok"),
    [("12", True), ("12.5", True), ("12.50", True), ("12.500", True), ("12.505", False)],
)
def test_decimal_places(value: str, ok: bool) -> None:
    """Trailing zeros do not count as places; real extra digits do."""
    if ok:
        assert DecimalPlaces(2)(Decimal(value)) == Decimal(value)
    else:
        with pytest.raises(ValidationError, match="at most 2 decimal places"):
            DecimalPlaces(2)(Decimal(value))


def test_money_dumps_two_places_as_a_string() -> None:
    """Money serialises as a string with exactly two decimals."""

    class Price(Schema):
        amount = Money()

    assert Price().dump({"amount": Decimal("3.2")}) == {"amount": "3.20"}
    assert Price().load({"amount": 3}) == {"amount": Decimal(3)}


# ---------------------------------------------------------------- schemas
def test_order_schema_loads_python_types() -> None:
    """load() turns strings into dates and decimals; dump() turns them back."""
    loaded = OrderSchema().load(valid_order())
    assert loaded["total"] == Decimal("28.20")
    assert loaded["delivery_window"]["start"].isoformat() == "2030-06-01"


def test_partial_load_with_names_keeps_nested_objects_whole() -> None:
    """partial=("delivery_window",) does not make the window's own fields optional."""
    schema = OrderSchema(only=("delivery_window",), partial=("delivery_window",))
    with pytest.raises(ValidationError) as caught:
        schema.load({"delivery_window": {"start": "2030-06-01"}})
    assert caught.value.messages == {
        "delivery_window": {"end": ["Missing data for required field."]}
    }


# ---------------------------------------------------------------- error paths
@pytest.mark.parametrize(
    ("messages", "expected"),
    [
        ({"name": ["Bad."]}, {"name": ["Bad."]}),
        ({"items": {0: {"sku": ["Bad."]}}}, {"items.0.sku": ["Bad."]}),
        ({"_schema": ["Bad."]}, {"_schema": ["Bad."]}),
        ({"a": {"b": {"c": ["One.", "Two."]}}}, {"a.b.c": ["One.", "Two."]}),
        (["Bad."], {"_schema": ["Bad."]}),
        ({"tags": ["Bad.", {1: ["Worse."]}]}, {"tags": ["Bad."], "tags.1": ["Worse."]}),
    ],
)
def test_flatten_errors(messages, expected) -> None:
    """Nested marshmallow messages become dotted paths."""
    assert flatten_errors(messages) == expected


def test_validation_failed_counts_fields() -> None:
    """The message counts the fields; one field is singular."""
    error = ValidationFailed.from_marshmallow(ValidationError({"a": ["Bad."]}))
    assert (error.status_code, error.message) == (422, "1 field failed validation; see `fields`.")


# ---------------------------------------------------------------- Swagger models
def test_model_for_maps_marshmallow_fields() -> None:
    """Types, constraints, required and read-only flags reach the restx model."""

    class Thing(Schema):
        id = fields.Integer(dump_only=True)
        name = fields.String(required=True, validate=lambda s: bool(s))
        tags = fields.List(fields.String(), metadata={"description": "Labels"})

    ns = Namespace("things")
    model_in = model_for(ns, Thing(), name="ThingIn")
    model_out = model_for(ns, Thing(), name="ThingOut", output=True)
    assert set(model_in) == {"name", "tags"} and model_in["name"].required
    assert model_out["id"].readonly and not model_out["name"].required
    assert model_for(ns, Thing(), name="ThingIn") is model_in


# ---------------------------------------------------------------- settings
def test_settings_defaults_and_overrides() -> None:
    """Nothing set gives safe limits; values are read as whole numbers."""
    assert load_settings({}).max_body_bytes == 65536
    assert load_settings({"MAX_JSON_DEPTH": "4"}).max_json_depth == 4


@pytest.mark.parametrize(
    ("values", "mentions"),
    [
        ({"APP_ENV": "staging"}, "staging"),
        ({"MAX_BODY_BYTES": "lots"}, "MAX_BODY_BYTES"),
        ({"MAX_JSON_DEPTH": "0"}, "MAX_JSON_DEPTH"),
    ],
)
def test_settings_refuse_nonsense(values: dict, mentions: str) -> None:
    """Bad settings stop the app at start-up with the variable's name."""
    with pytest.raises(ConfigError, match=mentions):
        load_settings(values)
