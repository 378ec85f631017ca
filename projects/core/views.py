"""Which function handles the current request: the view, or a Resource's method."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import current_app, request


def handler_for_request() -> Callable[..., Any] | None:
    """Return the function that will answer this request, where per-view marks live.

    A flask-restx Resource (or MethodView) is one view for all methods; marks such as
    `@rate_limit` sit on its `get`/`post`, so look there.
    """
    view = current_app.view_functions.get(request.endpoint or "")
    resource = getattr(view, "view_class", None)
    return getattr(resource, request.method.lower(), None) if resource else view
