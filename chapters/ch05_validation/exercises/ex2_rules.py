"""Exercise 2 — custom validation rules.

Write validators you can reuse on any field, a cross-field rule you can reuse in any
schema, and a coupon schema whose fields constrain each other.

Check your work with: nox -s chapter05 -- ex2
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from marshmallow import Schema, validates_schema
from marshmallow.validate import Validator

COUPON_KINDS = ("percent", "fixed")
CURRENCIES = ("EUR", "GBP", "USD")


def not_blank(value: str) -> str:
    """Refuse a string that is empty or only whitespace.

    1. Raise ValidationError("Must not be blank.") when `value.strip()` is empty;
       otherwise return `value` unchanged.
    """
    raise NotImplementedError("Exercise 2 (not_blank) is not done yet")


class Slug(Validator):
    """Lower-case letters and digits in words joined by single hyphens, of bounded length.

    2. `Slug(min_length=3, max_length=40, error=None)` accepts values like
       "spring-sale": only a-z and 0-9, words joined by one hyphen, no hyphen at either
       end, length within the bounds. Otherwise it raises ValidationError with `error`
       (default: "Must be {min}-{max} lower-case letters, digits and single hyphens."),
       formatted with min= and max=. A value that passes is returned.
    """

    default_message = "Must be {min}-{max} lower-case letters, digits and single hyphens."

    def __init__(self, *, min_length: int = 3, max_length: int = 40, error: str | None = None):
        raise NotImplementedError("Exercise 2 (Slug) is not done yet")

    def __call__(self, value: str) -> str:
        raise NotImplementedError("Exercise 2 (Slug) is not done yet")


def date_order_errors(data: Mapping[str, Any], *, start: str, end: str) -> dict[str, list[str]]:
    """Return {end: [message]} when `end` is not after `start`; {} otherwise or if one is absent.

    3. If both keys hold a value and data[end] <= data[start], return
       {end: [f"Must be after {start}."]}. If either is missing or None, return {}.
    """
    raise NotImplementedError("Exercise 2 (date_order_errors) is not done yet")


class CouponSchema(Schema):
    """A discount coupon whose fields constrain each other.

    4. Fields: `code` (required, Slug()); `description` (optional, not_blank, at most
       200 characters); `kind` (required, one of COUPON_KINDS); `value` (required
       Decimal, no NaN, greater than 0); `currency` (optional, one of CURRENCIES);
       `starts_on` (required date); `ends_on` (optional date); `max_uses` (optional
       strict integer, at least 1).
    5. In one @validates_schema method, collect every failure before raising once:
       ends_on after starts_on (date_order_errors); for "percent" coupons value is at
       most 100 ("A percentage cannot exceed 100.") and currency is absent ("Only
       fixed coupons have a currency."); for "fixed" coupons currency is required
       ("Required for fixed coupons."). Raise ValidationError(errors) if any.

    Declare the fields, then delete this class's __init__.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        raise NotImplementedError("Exercise 2 (CouponSchema) is not done yet")

    @validates_schema
    def check_rules(self, data: dict[str, Any], **kwargs: Any) -> None:
        """Check the cross-field and conditional rules, reporting all failures at once."""
        raise NotImplementedError("Exercise 2 (CouponSchema.check_rules) is not done yet")
