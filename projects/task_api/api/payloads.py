"""Read and check JSON bodies against the namespaces' input models, and answer JSON fast.

flask-restx validates a body only against plain JSON Schema types, so a field that may
be null (to clear it in a PATCH) cannot be described. Here a field marked `x-nullable`
(the Swagger 2 way) also accepts null, and every problem is reported per field in
core's 400 `validation_error` shape.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable, Iterator
from typing import Any

from flask import Response, request
from flask_restx import Model, fields
from jsonschema import Draft4Validator

from projects.core import ValidationError

# Route converter for row IDs: a number past the database's INTEGER is a 404 from the
# router, never an overflow in the driver.
ID = "int(max=2147483647)"
MESSAGE_LENGTH = 200
NUL_MESSAGE = "must not contain NUL characters"
VALIDATOR_ATTRIBUTE = "_json_validator"
_REQUIRED = re.compile(r"'(.+)' is a required property")


class NullableString(fields.String):
    """A string field that may also be null (documented as `x-nullable`)."""

    def schema(self) -> dict[str, Any]:
        return {**super().schema(), "x-nullable": True}


class NullableDateTime(NullableString):
    """An ISO 8601 date-time string that may be null."""

    __schema_format__ = "date-time"


def json_payload(model: Model) -> dict[str, Any]:
    """Return the request's JSON object if it fits `model`; 400 naming each bad field."""
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise ValidationError(
            "Send a JSON object with Content-Type: application/json.",
            details={"body": "must be a JSON object"},
        )
    problems: dict[str, str] = {name: NUL_MESSAGE for name in _names_with_nul(data)}
    for error in sorted(_validator(model).iter_errors(data), key=lambda e: list(e.path)):
        name = ".".join(str(part) for part in error.path)
        if not name and (missing := _REQUIRED.match(error.message)):
            name = missing.group(1)
        problems.setdefault(name or "body", _shorten(error.message))
    if problems:
        raise ValidationError(details=problems)
    return data


def text_arg(max_length: int) -> Callable[[str], str]:
    """Return a query-argument type: a string of at most `max_length`, without NUL."""

    def text(value: str) -> str:
        if "\x00" in value:
            raise ValueError(NUL_MESSAGE)
        if len(value) > max_length:
            raise ValueError(f"must be at most {max_length} characters")
        return value

    text.__schema__ = {"type": "string", "maxLength": max_length}  # type: ignore[attr-defined]
    return text


def json_response(body: bytes, status: int = 200, **headers: str) -> Response:
    """Answer with JSON that is already serialised (a cached body goes out as it is)."""
    return Response(body, status=status, mimetype="application/json", headers=headers)


def dumps(document: Any) -> bytes:
    """Serialise a document compactly, as every cached body is."""
    return json.dumps(document, separators=(",", ":")).encode()


def _validator(model: Model) -> Draft4Validator:
    """Return the model's validator, built once and kept on the model."""
    validator = getattr(model, VALIDATOR_ATTRIBUTE, None)
    if validator is None:
        schema = copy.deepcopy(model.__schema__)
        for prop in schema.get("properties", {}).values():
            if prop.pop("x-nullable", False):
                prop["type"] = [prop["type"], "null"]
                if "enum" in prop:
                    prop["enum"] = [*prop["enum"], None]
        validator = Draft4Validator(schema)
        setattr(model, VALIDATOR_ATTRIBUTE, validator)
    return validator


def _names_with_nul(value: Any, path: str = "") -> Iterator[str]:
    """Yield the fields whose strings hold NUL, which PostgreSQL cannot store."""
    if isinstance(value, str) and "\x00" in value:
        yield path or "body"
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _names_with_nul(item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _names_with_nul(item, f"{path}.{index}" if path else str(index))


def _shorten(message: str) -> str:
    # jsonschema quotes the offending value, which may be megabytes long.
    return message if len(message) <= MESSAGE_LENGTH else message[: MESSAGE_LENGTH - 1] + "…"
