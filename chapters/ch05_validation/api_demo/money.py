"""Money: exact decimals in, two-decimal strings out, and a reusable places validator."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from marshmallow import ValidationError, fields
from marshmallow.validate import Validator

CENT = Decimal("0.01")


# --8<-- [start:validator]
class DecimalPlaces(Validator):
    """Refuse numbers with more than `places` significant decimal places (1.50 passes)."""

    def __init__(self, places: int, *, error: str | None = None) -> None:
        self.places = places
        self.error = error or f"Must have at most {places} decimal places."

    def __call__(self, value: Decimal) -> Decimal:
        _sign, digits, exponent = value.as_tuple()
        if not isinstance(exponent, int):  # NaN or Infinity: not this validator's business
            return value
        extra = -exponent - self.places  # digits beyond the allowed places
        if extra > 0 and any(digits[-extra:]):
            raise ValidationError(self.error)
        return value

    def _repr_args(self) -> str:
        return f"places={self.places!r}"


# --8<-- [end:validator]


# --8<-- [start:field]
class Money(fields.Decimal):
    """An amount of money: refused (never rounded) past cents on load, "12.50" on dump."""

    def __init__(self, **kwargs: Any) -> None:
        metadata = kwargs.setdefault("metadata", {})
        metadata.setdefault("example", "12.50")
        metadata.setdefault("pattern", r"^[0-9]{1,9}(\.[0-9]{1,2})?$")  # for Swagger only
        # JSON numbers arrive as Decimal (see payloads.py) and strings are accepted too;
        # `places` is left unset because marshmallow would round instead of refusing.
        super().__init__(as_string=True, allow_nan=False, **kwargs)
        self.validators.insert(0, DecimalPlaces(2))

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> str | None:
        if value is None:
            return None
        return super()._serialize(Decimal(value).quantize(CENT), attr, obj, **kwargs)


# --8<-- [end:field]
