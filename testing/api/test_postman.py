"""Every API ships a Postman collection that imports and matches its real routes."""

from __future__ import annotations

import json
import re

import pytest
from werkzeug.exceptions import MethodNotAllowed, NotFound

V21 = "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"


def requests_in(items: list[dict]) -> list[dict]:
    """Flatten a collection's folders into its requests."""
    found = []
    for item in items:
        if "item" in item:
            found += requests_in(item["item"])
        else:
            found.append(item)
    return found


def test_collection_is_postman_v21(api) -> None:
    collection = json.loads(api.postman.read_text(encoding="utf-8"))
    assert collection["info"]["schema"] == V21
    assert {"key": "baseUrl", "value": "http://127.0.0.1:5000"} in collection["variable"]
    assert requests_in(collection["item"]), "the collection holds no requests"


def test_every_request_targets_a_real_route(api, demo_app) -> None:
    collection = json.loads(api.postman.read_text(encoding="utf-8"))
    adapter = demo_app.url_map.bind("127.0.0.1")
    for item in requests_in(collection["item"]):
        request = item["request"]
        raw = request["url"]["raw"] if isinstance(request["url"], dict) else request["url"]
        assert raw.startswith("{{baseUrl}}/"), f"{item['name']}: use {{{{baseUrl}}}}"
        # Postman variables inside the path ({{taskId}}) stand for a real value.
        path = re.sub(r"\{\{\w+\}\}", "1", raw.removeprefix("{{baseUrl}}").split("?", 1)[0])
        try:
            adapter.match(path, method=request["method"])
        except (NotFound, MethodNotAllowed) as exc:
            pytest.fail(f"{item['name']}: {request['method']} {path} is not a route ({exc.code})")
