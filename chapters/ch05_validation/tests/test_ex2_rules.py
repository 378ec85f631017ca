"""Exercise 2 — custom validation rules."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from marshmallow import Schema, ValidationError, fields

PERCENT = {"code": "spring-sale", "kind": "percent", "value": 15, "starts_on": "2030-03-01"}
FIXED = {
    "code": "welcome-10",
    "kind": "fixed",
    "value": "10.00",
    "currency": "EUR",
    "starts_on": "2030-01-01",
    "ends_on": "2030-12-31",
    "max_uses": 500,
}


def errors_for(exercise, payload: dict[str, Any]) -> dict:
    """Load a coupon and return marshmallow's messages."""
    with pytest.raises(ValidationError) as caught:
        exercise.CouponSchema().load(payload)
    return caught.value.messages


# ---------------------------------------------------------------- reusable validators
@pytest.mark.parametrize("value", ["abc", "spring-sale", "x1-y2-z3", "a" * 40])
def test_slug_accepts_slugs(exercise, value: str) -> None:
    """Lower-case words joined by single hyphens pass and are returned."""
    assert exercise.Slug()(value) == value


@pytest.mark.parametrize(
    "value", ["ab", "a" * 41, "Spring", "spring_sale", "-spring", "spring-", "a--b", "spa ce"]
)
def test_slug_refuses_everything_else(exercise, value: str) -> None:
    """Too short, too long, capitals, underscores, stray hyphens and spaces fail."""
    with pytest.raises(ValidationError, match="lower-case letters, digits and single hyphens"):
        exercise.Slug()(value)


def test_slug_bounds_and_message_are_configurable(exercise) -> None:
    """min_length, max_length and error are options, so one class serves many fields."""
    short = exercise.Slug(min_length=1, max_length=2, error="Use {min}-{max} characters.")
    assert short("a") == "a"
    with pytest.raises(ValidationError) as caught:
        short("abc")
    assert caught.value.messages == ["Use 1-2 characters."]


def test_slug_works_as_a_field_validator(exercise) -> None:
    """A Slug instance plugs into any marshmallow field."""

    class Tag(Schema):
        name = fields.String(validate=exercise.Slug(min_length=2))

    with pytest.raises(ValidationError) as caught:
        Tag().load({"name": "No"})
    assert list(caught.value.messages) == ["name"]


@pytest.mark.parametrize("value", ["", "   ", "\t\n"])
def test_not_blank_refuses_whitespace(exercise, value: str) -> None:
    """Empty and whitespace-only strings fail with "Must not be blank."."""
    with pytest.raises(ValidationError, match="Must not be blank."):
        exercise.not_blank(value)


def test_not_blank_returns_real_text(exercise) -> None:
    """Text with content passes unchanged."""
    assert exercise.not_blank(" hi ") == " hi "


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"from": date(2030, 1, 1), "to": date(2030, 1, 2)}, {}),
        ({"from": date(2030, 1, 2), "to": date(2030, 1, 2)}, {"to": ["Must be after from."]}),
        ({"from": date(2030, 1, 3), "to": date(2030, 1, 2)}, {"to": ["Must be after from."]}),
        ({"from": date(2030, 1, 3)}, {}),
        ({"to": date(2030, 1, 3)}, {}),
    ],
)
def test_date_order_errors(exercise, data: dict, expected: dict) -> None:
    """The reusable cross-field rule names the end field; absent dates are not its business."""
    assert exercise.date_order_errors(data, start="from", end="to") == expected


# ---------------------------------------------------------------- the coupon schema
def test_valid_coupons_load(exercise) -> None:
    """A percent coupon and a fixed coupon with currency both load."""
    assert exercise.CouponSchema().load(PERCENT)["value"] == Decimal(15)
    loaded = exercise.CouponSchema().load(FIXED)
    assert (loaded["currency"], loaded["ends_on"], loaded["max_uses"]) == (
        "EUR",
        date(2030, 12, 31),
        500,
    )


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"code": "Spring Sale"}, "code"),
        ({"description": "  "}, "description"),
        ({"kind": "bogof"}, "kind"),
        ({"value": 0}, "value"),
        ({"value": -5}, "value"),
        ({"value": "NaN"}, "value"),
        ({"max_uses": 0}, "max_uses"),
        ({"max_uses": 1.5}, "max_uses"),
        ({"currency": "BTC"}, "currency"),
    ],
)
def test_field_rules(exercise, changes: dict, expected: str) -> None:
    """Each field's own validators reject bad values under that field's name."""
    assert list(errors_for(exercise, FIXED | changes)) == [expected]


@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        (FIXED | {"ends_on": "2029-12-31"}, {"ends_on": ["Must be after starts_on."]}),
        (FIXED | {"ends_on": "2030-01-01"}, {"ends_on": ["Must be after starts_on."]}),
        (PERCENT | {"value": "100.5"}, {"value": ["A percentage cannot exceed 100."]}),
        (PERCENT | {"currency": "EUR"}, {"currency": ["Only fixed coupons have a currency."]}),
        (
            {k: v for k, v in FIXED.items() if k != "currency"},
            {"currency": ["Required for fixed coupons."]},
        ),
    ],
)
def test_cross_field_and_conditional_rules(exercise, payload: dict, expected: dict) -> None:
    """Rules that compare fields report on the field to fix."""
    assert errors_for(exercise, payload) == expected


def test_percent_of_exactly_100_is_allowed(exercise) -> None:
    """100% is the limit, not past it."""
    assert exercise.CouponSchema().load(PERCENT | {"value": 100})["value"] == Decimal(100)


def test_every_broken_rule_is_reported_at_once(exercise) -> None:
    """Three schema rules broken → three errors in one ValidationError."""
    payload = PERCENT | {"value": 150, "currency": "GBP", "ends_on": "2030-02-01"}
    assert errors_for(exercise, payload) == {
        "value": ["A percentage cannot exceed 100."],
        "currency": ["Only fixed coupons have a currency."],
        "ends_on": ["Must be after starts_on."],
    }


def test_schema_rules_wait_for_valid_fields(exercise) -> None:
    """With a field error, the schema rules do not run (and cannot crash on missing data)."""
    assert errors_for(exercise, {"code": "ok-code", "starts_on": "2030-01-01"}) == {
        "kind": ["Missing data for required field."],
        "value": ["Missing data for required field."],
    }
