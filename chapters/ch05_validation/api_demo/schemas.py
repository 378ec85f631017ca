"""The order schemas: what a valid order looks like going in, and how it looks going out."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from typing import Any

from marshmallow import (
    RAISE,
    Schema,
    ValidationError,
    fields,
    validate,
    validates,
    validates_schema,
)

from .money import CENT, Money
from .sanitizers import CleanString, NormalizedEmail, SafeHTML

SHIPPING_COUNTRIES = ("DE", "ES", "FR", "GB", "IE", "IT", "NL", "US")
DELIVERY_METHODS = ("shipping", "pickup")
MAX_WINDOW_DAYS = 14
# A PATCH may change these and nothing else; see OrderService.update.
PATCHABLE = ("notes", "delivery_window", "shipping_address")


# --8<-- [start:base]
class StrictSchema(Schema):
    """Refuse unknown keys: a misspelt field name must be an error, not silently ignored."""

    class Meta:
        unknown = RAISE  # marshmallow's default, stated so that readers see the decision

    error_messages = {"type": "Must be a JSON object."}


# --8<-- [end:base]


# --8<-- [start:nested]
class CustomerSchema(StrictSchema):
    name = CleanString(
        required=True, validate=validate.Length(1, 100), metadata={"example": "Ada Lovelace"}
    )
    email = NormalizedEmail(
        required=True, validate=validate.Length(max=254), metadata={"example": "ada@example.com"}
    )


class AddressSchema(StrictSchema):
    line1 = CleanString(
        required=True, validate=validate.Length(1, 200), metadata={"example": "12 High Street"}
    )
    line2 = CleanString(validate=validate.Length(max=200))
    city = CleanString(
        required=True, validate=validate.Length(1, 100), metadata={"example": "London"}
    )
    postal_code = CleanString(
        upper=True,
        required=True,
        validate=validate.Regexp(r"^[A-Z0-9][A-Z0-9 -]{1,10}$"),
        metadata={"example": "SW1Y 4JH"},
    )
    country = CleanString(
        upper=True,
        required=True,
        validate=validate.OneOf(SHIPPING_COUNTRIES),
        metadata={"example": "GB"},
    )


class LineItemSchema(StrictSchema):
    sku = CleanString(
        upper=True,
        required=True,
        validate=validate.Regexp(r"^[A-Z0-9-]{3,32}$"),
        metadata={"example": "BOOK-001"},
    )
    quantity = fields.Integer(
        strict=True, required=True, validate=validate.Range(1, 1000), metadata={"example": 2}
    )
    unit_price = Money(required=True, validate=validate.Range(CENT, Decimal(100_000)))
    line_total = fields.Method("get_line_total", metadata={"type": "string", "example": "25.00"})

    def get_line_total(self, item: dict[str, Any]) -> str:
        """Compute quantity × unit price, formatted like every other amount."""
        return str((item["quantity"] * item["unit_price"]).quantize(CENT))


# --8<-- [end:nested]


# --8<-- [start:window]
class DeliveryWindowSchema(StrictSchema):
    start = fields.Date(required=True, metadata={"example": "2030-06-01"})
    end = fields.Date(required=True, metadata={"example": "2030-06-03"})

    @validates_schema
    def check_order_of_dates(self, data: dict[str, Any], **kwargs: Any) -> None:
        """Cross-field rule: the window ends on or after its start, within two weeks."""
        if data["end"] < data["start"]:
            raise ValidationError("Must not be before start.", field_name="end")
        if (data["end"] - data["start"]).days > MAX_WINDOW_DAYS:
            raise ValidationError(f"Must be within {MAX_WINDOW_DAYS} days of start.", "end")


# --8<-- [end:window]


# --8<-- [start:order]
class OrderSchema(StrictSchema):
    """An order: loaded from a request body, dumped into every response."""

    id = fields.String(dump_only=True, metadata={"example": "3f2b…"})
    status = fields.String(dump_only=True, metadata={"example": "received"})
    created_at = fields.AwareDateTime(dump_only=True)
    customer = fields.Nested(CustomerSchema, required=True)
    delivery_method = fields.String(required=True, validate=validate.OneOf(DELIVERY_METHODS))
    shipping_address = fields.Nested(AddressSchema, allow_none=True)
    delivery_window = fields.Nested(DeliveryWindowSchema, allow_none=True)
    items = fields.List(
        fields.Nested(LineItemSchema), required=True, validate=validate.Length(1, 50)
    )
    total = Money(
        required=True,
        metadata={"description": "Must equal the sum of the items", "example": "25.00"},
    )
    notes = SafeHTML(
        allow_none=True,
        validate=validate.Length(max=2000),
        metadata={"example": "<p>Ring <strong>twice</strong></p>"},
    )
    item_count = fields.Function(
        lambda order: sum(item["quantity"] for item in order["items"]),
        metadata={"type": "integer", "example": 3},
    )

    @validates("items")
    def check_unique_skus(self, items: list[dict[str, Any]], **kwargs: Any) -> None:
        """Field rule: each SKU appears on one line (the client adds up quantities)."""
        # When some lines failed, marshmallow passes what did load: lines may lack a sku.
        counts = Counter(item["sku"] for item in items if "sku" in item)
        repeated = sorted(sku for sku, n in counts.items() if n > 1)
        if repeated:
            raise ValidationError(f"Each SKU may appear once; repeated: {', '.join(repeated)}.")

    @validates_schema
    def check_cross_field_rules(self, data: dict[str, Any], **kwargs: Any) -> None:
        """Schema rules: the total matches the items; shipping needs an address."""
        errors: dict[str, list[str]] = {}
        if "items" in data and "total" in data:
            expected = sum((i["quantity"] * i["unit_price"] for i in data["items"]), Decimal(0))
            if data["total"] != expected:
                errors["total"] = [f"Must equal the sum of the items, {expected.quantize(CENT)}."]
        method, address = data.get("delivery_method"), data.get("shipping_address")
        if method == "shipping" and not address:
            errors["shipping_address"] = ["Required when delivery_method is 'shipping'."]
        if method == "pickup" and address:
            errors["shipping_address"] = ["Must be left out when delivery_method is 'pickup'."]
        if errors:  # one ValidationError carrying every rule that failed, not just the first
            raise ValidationError(errors)


# --8<-- [end:order]
