"""Request bodies: a JSON object that matches its restx model and holds only real text."""

from __future__ import annotations

from typing import Any

from flask import request
from flask_restx import Model

from .errors import BadRequest


def validated_body(model: Model) -> dict[str, Any]:
    """Return the JSON body checked against `model`, or raise 400 naming what is wrong.

    Views call this after `requires(...)`, so an anonymous caller gets 401 before any
    word about the body; `@ns.expect(model)` still documents it in Swagger.
    """
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise BadRequest("the body must be a JSON object (Content-Type: application/json)")
    model.validate(body)  # aborts with 400 and the per-field errors
    for name, value in body.items():
        if isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:  # JSON may carry lone surrogates; text may not
                raise BadRequest(f"{name} is not valid UTF-8 text") from None
    return body
