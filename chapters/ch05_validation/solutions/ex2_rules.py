"""Exercise 2 — custom validation rules (reference solution)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates_schema
from marshmallow.validate import Validator

COUPON_KINDS = ("percent", "fixed")
CURRENCIES = ("EUR", "GBP", "USD")
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def not_blank(value: str) -> str:
    """Refuse a string that is empty or only whitespace."""
    if not value.strip():
        raise ValidationError("Must not be blank.")
    return value


class Slug(Validator):
    """Lower-case letters and digits in words joined by single hyphens, of bounded length."""

    default_message = "Must be {min}-{max} lower-case letters, digits and single hyphens."

    def __init__(self, *, min_length: int = 3, max_length: int = 40, error: str | None = None):
        self.min_length = min_length
        self.max_length = max_length
        self.error = error or self.default_message

    def __call__(self, value: str) -> str:
        length_ok = self.min_length <= len(value) <= self.max_length
        if not (length_ok and _SLUG.fullmatch(value)):
            raise ValidationError(self.error.format(min=self.min_length, max=self.max_length))
        return value

    def _repr_args(self) -> str:
        return f"min_length={self.min_length!r}, max_length={self.max_length!r}"


def date_order_errors(data: Mapping[str, Any], *, start: str, end: str) -> dict[str, list[str]]:
    """Return {end: [message]} when `end` is not after `start`; {} otherwise or if one is absent."""
    if data.get(start) is None or data.get(end) is None:
        return {}
    if data[end] <= data[start]:
        return {end: [f"Must be after {start}."]}
    return {}


class CouponSchema(Schema):
    """A discount coupon whose fields constrain each other."""

    code = fields.String(required=True, validate=Slug())
    description = fields.String(validate=[not_blank, validate.Length(max=200)])
    kind = fields.String(required=True, validate=validate.OneOf(COUPON_KINDS))
    value = fields.Decimal(
        required=True, allow_nan=False, validate=validate.Range(min=0, min_inclusive=False)
    )
    currency = fields.String(validate=validate.OneOf(CURRENCIES))
    starts_on = fields.Date(required=True)
    ends_on = fields.Date()
    max_uses = fields.Integer(strict=True, validate=validate.Range(min=1))

    @validates_schema
    def check_rules(self, data: dict[str, Any], **kwargs: Any) -> None:
        """Check the cross-field and conditional rules, reporting all failures at once."""
        errors = date_order_errors(data, start="starts_on", end="ends_on")
        if data["kind"] == "percent":
            if data["value"] > 100:
                errors["value"] = ["A percentage cannot exceed 100."]
            if "currency" in data:
                errors["currency"] = ["Only fixed coupons have a currency."]
        elif "currency" not in data:
            errors["currency"] = ["Required for fixed coupons."]
        if errors:
            raise ValidationError(errors)
