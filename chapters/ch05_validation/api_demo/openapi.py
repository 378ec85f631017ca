"""Describe marshmallow schemas as flask-restx models, so Swagger documents what is validated."""

from __future__ import annotations

from functools import cache
from typing import Any

from flask_restx import Model, Namespace
from flask_restx import fields as rf
from marshmallow import Schema, validate
from marshmallow import fields as mf


class _EmailString(rf.String):
    __schema_format__ = "email"


class _NullableMixin:
    """Add Swagger 2.0's `x-nullable`, which restx offers no option for."""

    def schema(self) -> dict[str, Any]:
        return {**super().schema(), "x-nullable": True}  # type: ignore[misc]


@cache
def _nullable(restx_type: type[rf.Raw]) -> type[rf.Raw]:
    return type(f"Nullable{restx_type.__name__}", (_NullableMixin, restx_type), {})


# marshmallow field → restx field, most specific first (Email is a String, and so on).
_SIMPLE: list[tuple[type[mf.Field], type[rf.Raw]]] = [
    (mf.Email, _EmailString),
    (mf.String, rf.String),
    (mf.Integer, rf.Integer),
    (mf.Decimal, rf.String),  # amounts travel as strings: "12.50"
    (mf.Float, rf.Float),
    (mf.Boolean, rf.Boolean),
    (mf.DateTime, rf.DateTime),
    (mf.Date, rf.Date),
]
_COMPUTED = {"integer": rf.Integer, "string": rf.String, "number": rf.Float}


# --8<-- [start:model_for]
def model_for(ns: Namespace, schema: Schema, *, name: str, output: bool = False) -> Model:
    """Register (once) and return the restx model of `schema`'s input or output side."""
    if name in ns.models:
        return ns.models[name]
    side = schema.dump_fields if output else schema.load_fields
    partial = schema.partial
    properties = {}
    for attr, field in side.items():
        optional = output or partial is True or (bool(partial) and attr in partial)
        properties[field.data_key or attr] = _convert(
            ns, field, required=field.required and not optional, output=output
        )
    # strict=True adds additionalProperties: false, which is what unknown=RAISE does.
    return ns.model(name, properties, strict=not output)


# --8<-- [end:model_for]


def _convert(ns: Namespace, field: mf.Field, *, required: bool, output: bool) -> rf.Raw:
    docs: dict[str, Any] = {
        "required": required or None,
        "readonly": (output and field.dump_only) or None,
        "description": field.metadata.get("description"),
        "example": field.metadata.get("example"),
    }
    if isinstance(field, mf.Nested):
        nested: Schema = field.schema
        suffix = "Out" if output else "In"
        model_name = type(nested).__name__.removesuffix("Schema") + suffix
        model = model_for(ns, nested, name=model_name, output=output)
        return _typed(rf.Nested, field)(model, **docs)
    if isinstance(field, mf.List):
        inner = _convert(ns, field.inner, required=False, output=output)
        return _typed(rf.List, field)(inner, **docs, **_constraints(field, items=True))
    if isinstance(field, mf.Method | mf.Function):
        return _COMPUTED.get(field.metadata.get("type", ""), rf.Raw)(**docs)
    for ma_type, restx_type in _SIMPLE:
        if isinstance(field, ma_type):
            numeric = restx_type in (rf.Integer, rf.Float)
            return _typed(restx_type, field)(**docs, **_constraints(field, numeric=numeric))
    return _typed(rf.Raw, field)(**docs)


def _typed(restx_type: type[rf.Raw], field: mf.Field) -> type[rf.Raw]:
    """Return `restx_type`, marked nullable when the marshmallow field allows None."""
    return _nullable(restx_type) if field.allow_none else restx_type


def _constraints(field: mf.Field, *, items: bool = False, numeric: bool = False) -> dict:
    """Translate the validators Swagger can express; the rest stay server-side only."""
    found: dict[str, Any] = {"pattern": field.metadata.get("pattern")}
    for rule in field.validators:
        if isinstance(rule, validate.Length):
            low, high = ("min_items", "max_items") if items else ("min_length", "max_length")
            found.update({low: rule.min, high: rule.max})
        elif isinstance(rule, validate.Range) and numeric:
            found.update({"min": rule.min, "max": rule.max})
        elif isinstance(rule, validate.OneOf) and not items:
            found["enum"] = list(rule.choices)
        elif isinstance(rule, validate.Regexp) and not items:
            found["pattern"] = rule.regex.pattern
    return {key: value for key, value in found.items() if value is not None}
