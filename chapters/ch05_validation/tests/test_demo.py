"""Chapter 5's demo over HTTP: orders in, orders out, and one error shape for bad input."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chapters.ch05_validation.api_demo import create_app
from chapters.ch05_validation.tests.factories import VALID_ORDER

RANGE_1_1000 = "Must be greater than or equal to 1 and less than or equal to 1000."
MISSING = "Missing data for required field."
NOT_OBJECT = "Must be a JSON object."


def put(body: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    """Set `value` at a dotted path such as "items.0.quantity" and return the body."""
    *parents, last = path.split(".")
    target: Any = body
    for key in parents:
        target = target[int(key)] if isinstance(target, list) else target[key]
    if isinstance(target, list):
        target[int(last)] = value
    else:
        target[last] = value
    return body


def drop(body: dict[str, Any], *keys: str) -> dict[str, Any]:
    """Remove top-level keys from the body and return it."""
    for key in keys:
        body.pop(key, None)
    return body


def fields_of(response) -> dict[str, list[str]]:
    """Return the `fields` of a 422, after checking the error shape around it."""
    error = response.get_json()["error"]
    assert (response.status_code, error["status"], error["code"]) == (
        422,
        422,
        "validation_failed",
    )
    return error["fields"]


# ---------------------------------------------------------------- Swagger
def test_swagger_ui_and_spec_are_served(client) -> None:
    """Swagger UI answers and the spec lists both order paths."""
    assert client.get("/swagger").status_code == 200
    spec = client.get("/swagger.json").get_json()
    assert {"/api/orders", "/api/orders/{order_id}"} <= set(spec["paths"])


def test_spec_documents_input_and_output_separately(client) -> None:
    """OrderIn refuses extra keys and needs the required fields; OrderOut marks id read-only."""
    definitions = client.get("/swagger.json").get_json()["definitions"]
    order_in, order_out = definitions["OrderIn"], definitions["OrderOut"]
    assert order_in["additionalProperties"] is False
    assert set(order_in["required"]) == {"customer", "delivery_method", "items", "total"}
    assert "id" not in order_in["properties"]
    assert order_out["properties"]["id"]["readOnly"] is True
    assert definitions["LineItemIn"]["properties"]["quantity"]["maximum"] == 1000
    assert "required" not in definitions["OrderPatch"]


# ---------------------------------------------------------------- create and read
def test_create_returns_the_serialised_order(client, order) -> None:
    """A valid order is stored; the answer has server fields, totals and formatted values."""
    order["customer"] = {"name": "  Ada \t Lovelace ", "email": " Ada@Example.COM "}
    order["shipping_address"] |= {"postal_code": "sw1y 4jh", "country": "gb"}
    order["items"][1]["unit_price"] = 3.2  # a JSON number is fine too
    order["notes"] = '<p onclick="steal()">Ring</p><script>alert(1)</script>'
    response = client.post("/api/orders", json=order)
    body = response.get_json()
    assert response.status_code == 201
    assert response.headers["Location"] == f"/api/orders/{body['id']}"
    assert body["customer"] == {"name": "Ada Lovelace", "email": "Ada@example.com"}
    assert body["shipping_address"]["postal_code"] == "SW1Y 4JH"
    assert body["notes"] == "<p>Ring</p>"
    assert [item["line_total"] for item in body["items"]] == ["25.00", "3.20"]
    assert (body["total"], body["item_count"], body["status"]) == ("28.20", 3, "received")
    assert body["created_at"].endswith("+00:00")


def test_created_order_can_be_fetched(client, order) -> None:
    """GET on the Location answers the same representation."""
    created = client.post("/api/orders", json=order)
    fetched = client.get(created.headers["Location"])
    assert (fetched.status_code, fetched.get_json()) == (200, created.get_json())


def test_a_pickup_order_needs_no_address(client, order) -> None:
    """delivery_method pickup without shipping_address is accepted, and shows null."""
    response = client.post(
        "/api/orders", json=drop(order, "shipping_address") | {"delivery_method": "pickup"}
    )
    assert (response.status_code, response.get_json()["shipping_address"]) == (201, None)


def test_unknown_order_is_404_in_the_error_shape(client) -> None:
    """An unknown id gives 404 with code not_found."""
    response = client.get("/api/orders/does-not-exist")
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"


# ---------------------------------------------------------------- validation: every error at once
def test_every_field_error_is_listed_with_its_path(client) -> None:
    """One 422 names all field errors, nested ones by dotted path."""
    body = {
        "customer": {"name": "", "email": "not-an-address"},
        "delivery_method": "drone",
        "items": [{"sku": "BOOK-001", "quantity": 0, "unit_price": "1.999"}, "junk"],
        "total": "1.00",
        "coupon": "FREE",
    }
    response = client.post("/api/orders", json=body)
    assert fields_of(response) == {
        "customer.name": ["Length must be between 1 and 100."],
        "customer.email": ["Not a valid email address."],
        "delivery_method": ["Must be one of: shipping, pickup."],
        "items.0.quantity": [RANGE_1_1000],
        "items.0.unit_price": ["Must have at most 2 decimal places."],
        "items.1._schema": [NOT_OBJECT],
        "coupon": ["Unknown field."],
    }
    assert response.get_json()["error"]["message"] == "7 fields failed validation; see `fields`."


@pytest.mark.parametrize(
    ("path", "value", "expected"),
    [
        ("items.0.quantity", "2", {"items.0.quantity": ["Not a valid integer."]}),
        ("items.0.quantity", 2.5, {"items.0.quantity": ["Not a valid integer."]}),
        ("items.0.quantity", True, {"items.0.quantity": ["Not a valid integer."]}),
        ("items.0.quantity", 10**30, {"items.0.quantity": [RANGE_1_1000]}),
        (
            "items.0.unit_price",
            "NaN",
            {"items.0.unit_price": ["Special numeric values (nan or infinity) are not permitted."]},
        ),
        ("items.0.sku", "no spaces!", {"items.0.sku": ["String does not match expected pattern."]}),
        ("items.0.line_total", "1.00", {"items.0.line_total": ["Unknown field."]}),
        ("items", [], {"items": ["Length must be between 1 and 50."]}),
        ("customer", "Ada", {"customer._schema": [NOT_OBJECT]}),
        ("customer.name", "x" * 5000, {"customer.name": ["Length must be between 1 and 100."]}),
        ("customer.name", " \t\u0000 ", {"customer.name": ["Length must be between 1 and 100."]}),
        ("customer.email", None, {"customer.email": ["Field may not be null."]}),
        (
            "shipping_address.country",
            "AQ",
            {"shipping_address.country": ["Must be one of: DE, ES, FR, GB, IE, IT, NL, US."]},
        ),
        ("delivery_window.start", "2030-02-30", {"delivery_window.start": ["Not a valid date."]}),
        ("id", "mine", {"id": ["Unknown field."]}),
        ("created_at", "2030-01-01T00:00:00Z", {"created_at": ["Unknown field."]}),
    ],
)
def test_field_rules(client, order, path: str, value: Any, expected: dict) -> None:
    """Each field rule reports its own path and message."""
    assert fields_of(client.post("/api/orders", json=put(order, path, value))) == expected


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"total": "28.21"}, {"total": ["Must equal the sum of the items, 28.20."]}),
        (
            {"delivery_window": {"start": "2030-06-03", "end": "2030-06-01"}},
            {"delivery_window.end": ["Must not be before start."]},
        ),
        (
            {"delivery_window": {"start": "2030-06-01", "end": "2030-06-16"}},
            {"delivery_window.end": ["Must be within 14 days of start."]},
        ),
        (
            {"shipping_address": None},
            {"shipping_address": ["Required when delivery_method is 'shipping'."]},
        ),
        (
            {"delivery_method": "pickup"},
            {"shipping_address": ["Must be left out when delivery_method is 'pickup'."]},
        ),
        (
            {
                "items": [
                    {"sku": "pen-7", "quantity": 1, "unit_price": "3.20"},
                    {"sku": "PEN-7", "quantity": 1, "unit_price": "3.20"},
                ],
                "total": "6.40",
            },
            {"items": ["Each SKU may appear once; repeated: PEN-7."]},
        ),
        (
            {"total": "1.00", "shipping_address": None},
            {
                "total": ["Must equal the sum of the items, 28.20."],
                "shipping_address": ["Required when delivery_method is 'shipping'."],
            },
        ),
    ],
)
def test_custom_and_cross_field_rules(client, order, change: dict, expected: dict) -> None:
    """Rules across fields report on the field to fix, all of them at once."""
    assert fields_of(client.post("/api/orders", json=order | change)) == expected


def test_missing_required_fields_are_all_named(client) -> None:
    """An empty object lists each required field."""
    assert fields_of(client.post("/api/orders", json={})) == {
        "customer": [MISSING],
        "delivery_method": [MISSING],
        "items": [MISSING],
        "total": [MISSING],
    }


# ---------------------------------------------------------------- bodies that are not orders
@pytest.mark.parametrize(
    ("data", "content_type", "status", "code"),
    [
        ("customer=Ada", "application/x-www-form-urlencoded", 415, "unsupported_media_type"),
        ('{"customer": {}}', "text/plain", 415, "unsupported_media_type"),
        (None, None, 415, "unsupported_media_type"),
        ("", "application/json", 400, "invalid_json"),
        ("{'single': 'quotes'}", "application/json", 400, "invalid_json"),
        ('{"total": NaN}', "application/json", 400, "invalid_json"),
        ('{"total": Infinity}', "application/json", 400, "invalid_json"),
        ("[" * 100_000 + "]" * 100_000, "application/json", 413, "request_entity_too_large"),
        ("[" * 20_000 + "]" * 20_000, "application/json", 400, "invalid_json"),
        ('{"notes": ' + "[" * 11 + "]" * 11 + "}", "application/json", 400, "invalid_json"),
        ('{"notes": "\\ud800"}', "application/json", 400, "invalid_json"),
        (b'{"notes": "\xff"}', "application/json", 400, "invalid_json"),
        ('{"total": ' + "9" * 5000 + "}", "application/json", 400, "invalid_json"),
        ("[]", "application/json", 422, "validation_failed"),
        ('"an order"', "application/json", 422, "validation_failed"),
        ("null", "application/json", 422, "validation_failed"),
    ],
)
def test_bodies_that_are_not_orders_get_a_clear_4xx(client, data, content_type, status, code):
    """Wrong media types, broken JSON, bombs and non-objects are refused, never a 500."""
    response = client.post("/api/orders", data=data, content_type=content_type)
    error = response.get_json()["error"]
    assert (response.status_code, error["status"], error["code"]) == (status, status, code)
    assert error["message"]


def test_a_json_array_is_refused_as_not_an_object(client) -> None:
    """An array where an object belongs is a 422 on `_schema`."""
    response = client.post("/api/orders", json=[{"total": "28.20"}])
    assert fields_of(response) == {"_schema": [NOT_OBJECT]}


def test_body_limit_comes_from_settings() -> None:
    """MAX_BODY_BYTES caps the body: a bigger one is a 413 in the error shape."""
    client = create_app({"APP_ENV": "testing", "MAX_BODY_BYTES": "100"}).test_client()
    response = client.post("/api/orders", json={"notes": "x" * 200})
    assert (response.status_code, response.get_json()["error"]["status"]) == (413, 413)


def test_vendor_json_media_types_are_accepted(client, order) -> None:
    """A +json media type such as application/merge-patch+json counts as JSON."""
    created = client.post("/api/orders", json=order).get_json()
    response = client.patch(
        f"/api/orders/{created['id']}",
        data=json.dumps({"notes": "<em>Leave at the door</em>"}),
        content_type="application/merge-patch+json",
    )
    assert (response.status_code, response.get_json()["notes"]) == (
        200,
        "<em>Leave at the door</em>",
    )


# ---------------------------------------------------------------- partial updates
def created_id(client, order: dict[str, Any]) -> str:
    """Create `order` and return its id."""
    return client.post("/api/orders", json=order).get_json()["id"]


def test_patch_changes_only_what_is_sent(client, order) -> None:
    """Fields left out keep their values; notes are sanitised like on create."""
    order_id = created_id(client, order)
    response = client.patch(
        f"/api/orders/{order_id}", json={"notes": '<a href="javascript:alert(1)">hi</a>'}
    )
    body = response.get_json()
    assert response.status_code == 200
    assert body["notes"] == '<a rel="noopener noreferrer nofollow">hi</a>'
    assert body["delivery_window"] == order["delivery_window"]


def test_patch_with_null_clears_an_optional_field(client, order) -> None:
    """null means "clear it"; leaving the key out means "keep it"."""
    order_id = created_id(client, order)
    response = client.patch(f"/api/orders/{order_id}", json={"notes": None})
    assert response.get_json()["notes"] is None


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"items": []}, {"items": ["Unknown field."]}),
        ({"total": "1.00"}, {"total": ["Unknown field."]}),
        ({"delivery_window": {"end": "2030-06-09"}}, {"delivery_window.start": [MISSING]}),
        ({"shipping_address": None}, {"shipping_address": ["A shipping order needs an address."]}),
        (
            {"shipping_address": {"city": "Bath"}},
            {
                "shipping_address.line1": [MISSING],
                "shipping_address.postal_code": [MISSING],
                "shipping_address.country": [MISSING],
            },
        ),
    ],
)
def test_patch_rules(client, order, changes: dict, expected: dict) -> None:
    """Only three fields may change; nested objects are replaced whole; rules still hold."""
    order_id = created_id(client, order)
    assert fields_of(client.patch(f"/api/orders/{order_id}", json=changes)) == expected


def test_patch_cannot_give_a_pickup_order_an_address(client, order) -> None:
    """The conditional rule is checked against the stored delivery method."""
    order_id = created_id(client, drop(order, "shipping_address") | {"delivery_method": "pickup"})
    address = {"line1": "1 Way", "city": "Bath", "postal_code": "BA1 1AA", "country": "GB"}
    response = client.patch(f"/api/orders/{order_id}", json={"shipping_address": address})
    assert fields_of(response) == {"shipping_address": ["A pickup order has no shipping address."]}


def test_patch_of_an_unknown_order_is_404_before_validation(client) -> None:
    """An unknown id is reported even when the body is also wrong."""
    response = client.patch("/api/orders/nope", data="{bad", content_type="application/json")
    assert response.status_code == 404


# ---------------------------------------------------------------- listing and query strings
def test_list_pages_through_orders(client, order) -> None:
    """limit and offset select a page; total counts every order."""
    ids = [created_id(client, order) for _ in range(3)]
    body = client.get("/api/orders?limit=2&offset=1&utm_source=newsletter").get_json()
    assert [o["id"] for o in body["orders"]] == ids[1:3]
    assert (body["total"], body["limit"], body["offset"]) == (3, 2, 1)


@pytest.mark.parametrize(
    ("query", "field"),
    [("limit=0", "limit"), ("limit=101", "limit"), ("limit=ten", "limit"), ("offset=-1", "offset")],
)
def test_list_refuses_bad_paging(client, query: str, field: str) -> None:
    """Out-of-range or non-numeric paging is a 422 naming the parameter."""
    assert list(fields_of(client.get(f"/api/orders?{query}"))) == [field]


# ---------------------------------------------------------------- errors outside the API
@pytest.mark.parametrize(
    ("method", "path", "status", "code"),
    [
        ("get", "/nowhere", 404, "not_found"),
        ("delete", "/api/orders/x", 405, "method_not_allowed"),
        ("put", "/api/orders", 405, "method_not_allowed"),
    ],
)
def test_http_errors_share_the_shape(client, method, path, status, code) -> None:
    """Unknown URLs and methods answer in the same error shape; a 405 says what is allowed."""
    response = getattr(client, method)(path)
    error = response.get_json()["error"]
    assert (response.status_code, error["status"], error["code"]) == (status, status, code)
    if status == 405:
        assert "GET" in response.headers["Allow"]


# ---------------------------------------------------------------- property: never a 5xx
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(), children, max_size=4)
    ),
    max_leaves=20,
)


@settings(
    max_examples=75, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(body=JSON | st.fixed_dictionaries({}, optional={key: JSON for key in VALID_ORDER}))
def test_any_json_body_gets_a_4xx_or_201(client, body) -> None:
    """Whatever JSON arrives, the answer is 201 or a 4xx in the error shape."""
    response = client.post("/api/orders", data=json.dumps(body), content_type="application/json")
    assert response.status_code in (201, 400, 422)
    if response.status_code != 201:
        assert set(response.get_json()["error"]) >= {"status", "code", "message"}
