"""Read a request body as JSON, refusing everything that is not plain, sane JSON."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from flask import current_app, request

from .errors import InvalidJson, UnsupportedMediaType


# --8<-- [start:read_json]
def read_json() -> Any:
    """Return the request's JSON body, or raise a 4xx ApiError that says what is wrong."""
    if not is_json_mimetype(request.mimetype):
        raise UnsupportedMediaType(
            "Send the body as JSON with the header Content-Type: application/json."
        )
    raw = request.get_data(cache=True)  # werkzeug raises 413 beyond MAX_CONTENT_LENGTH
    if not raw.strip():
        raise InvalidJson("The request body is empty; send a JSON object.")
    try:
        # Decimal keeps 0.1 + 0.2 exact for money; NaN and Infinity are not JSON at all.
        data = json.loads(raw, parse_float=Decimal, parse_constant=_refuse_constant)
    except RecursionError:
        raise InvalidJson("The body is nested too deeply.") from None
    except ValueError as exc:  # JSONDecodeError, bad UTF-8, 4300-digit integers
        raise InvalidJson(f"The body is not valid JSON: {exc}") from None
    check_structure(data, max_depth=current_app.config["MAX_JSON_DEPTH"])
    return data


# --8<-- [end:read_json]


def is_json_mimetype(mimetype: str) -> bool:
    """Say whether a Content-Type (without parameters) names JSON."""
    return mimetype == "application/json" or (
        mimetype.startswith("application/") and mimetype.endswith("+json")
    )


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON value")


# --8<-- [start:check_structure]
def check_structure(data: Any, *, max_depth: int) -> None:
    """Refuse bodies nested deeper than `max_depth` or holding unpaired surrogates."""
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:  # a loop, not recursion: the input decides how deep recursion would go
        value, depth = stack.pop()
        if isinstance(value, dict | list):
            if depth > max_depth:
                raise InvalidJson(f"The body is nested deeper than {max_depth} levels.")
            children = value.items() if isinstance(value, dict) else enumerate(value)
            for key, child in children:
                _check_text(key)
                stack.append((child, depth + 1))
        else:
            _check_text(value)


def _check_text(value: Any) -> None:
    # JSON may escape half of a UTF-16 pair ("\ud800"); Python keeps it, but no
    # database, sanitiser or UTF-8 encoder downstream can handle it.
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise InvalidJson("The body contains an unpaired UTF-16 surrogate.") from None


# --8<-- [end:check_structure]
