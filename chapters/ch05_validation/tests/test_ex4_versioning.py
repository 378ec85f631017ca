"""Exercise 4 — schema versioning."""

from __future__ import annotations

import json

import pytest
from flask import Flask
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from marshmallow import ValidationError

V1 = "application/vnd.shop.v1+json"
V2 = "application/vnd.shop.v2+json"
MUG_V1 = {"name": "Mug", "price_cents": 1250, "tags": "kitchen,gift"}
MUG_V2 = {"title": "Mug", "price": "12.50", "tags": ["kitchen", "gift"]}


def client_for(exercise):
    """Return a test client for an app serving the exercise's blueprint."""
    app = Flask(__name__)
    app.register_blueprint(exercise.create_blueprint())
    return app.test_client()


# ---------------------------------------------------------------- schemas and converters
def test_each_version_has_its_own_schema(exercise) -> None:
    """v1 and v2 bodies load with their own schema and refuse the other's fields."""
    assert exercise.ProductV1Schema().load(MUG_V1) == MUG_V1
    assert exercise.ProductV2Schema().load(MUG_V2) == MUG_V2
    with pytest.raises(ValidationError):
        exercise.ProductV1Schema().load(MUG_V2)
    with pytest.raises(ValidationError):
        exercise.ProductV2Schema().load(MUG_V1)


@pytest.mark.parametrize(
    ("schema", "body", "field"),
    [
        ("ProductV1Schema", {"name": "Mug", "price_cents": 12.5}, "price_cents"),
        ("ProductV1Schema", {"name": "Mug", "price_cents": -1}, "price_cents"),
        ("ProductV1Schema", {"name": "Mug", "price_cents": 1, "tags": "a, b"}, "tags"),
        ("ProductV2Schema", {"title": "Mug", "price": "12.5"}, "price"),
        ("ProductV2Schema", {"title": "Mug", "price": 12.5}, "price"),
        ("ProductV2Schema", {"title": "Mug", "price": "1.00", "tags": ["Big"]}, "tags"),
        ("ProductV2Schema", {"title": "", "price": "1.00"}, "title"),
    ],
)
def test_version_rules(exercise, schema: str, body: dict, field: str) -> None:
    """Each version validates its own field formats."""
    with pytest.raises(ValidationError) as caught:
        getattr(exercise, schema)().load(body)
    assert list(caught.value.messages) == [field]


@pytest.mark.parametrize(
    ("v1", "v2"),
    [
        (MUG_V1, MUG_V2),
        (
            {"name": "Pen", "price_cents": 5, "tags": ""},
            {"title": "Pen", "price": "0.05", "tags": []},
        ),
        (
            {"name": "Desk", "price_cents": 1_000_000, "tags": "office"},
            {"title": "Desk", "price": "10000.00", "tags": ["office"]},
        ),
    ],
)
def test_converters_work_both_ways(exercise, v1: dict, v2: dict) -> None:
    """upgrade turns v1 into v2 and downgrade turns it back."""
    assert exercise.upgrade(v1) == v2
    assert exercise.downgrade(v2) == v1


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    cents=st.integers(0, 99_999_999),
    tags=st.lists(st.from_regex(r"[a-z0-9-]{1,20}", fullmatch=True), max_size=10),
)
def test_round_trip_loses_nothing(exercise, cents: int, tags: list[str]) -> None:
    """Any valid v1 product survives upgrade then downgrade unchanged."""
    v1 = {"name": "Thing", "price_cents": cents, "tags": ",".join(tags)}
    assert exercise.downgrade(exercise.upgrade(v1)) == v1


def test_load_and_dump_by_version(exercise) -> None:
    """load_product returns v2 data from either version; dump_product writes either."""
    assert exercise.load_product(MUG_V1, version=1) == MUG_V2
    assert exercise.load_product(MUG_V2, version=2) == MUG_V2
    assert exercise.dump_product(MUG_V2, version=1) == MUG_V1
    assert exercise.dump_product(MUG_V2, version=2) == MUG_V2


# ---------------------------------------------------------------- negotiation
@pytest.mark.parametrize(
    ("media_type", "version"),
    [
        (V1, 1),
        ("Application/VND.shop.V12+JSON", 12),
        ("application/json", None),
        ("application/vnd.shop.v2+json; charset=utf-8", None),
        ("application/vnd.shop.vx+json", None),
        ("text/application/vnd.shop.v2+json", None),
    ],
)
def test_version_of(exercise, media_type: str, version: int | None) -> None:
    """Only the whole vendor media type names a version."""
    assert exercise.version_of(media_type) == version


@pytest.mark.parametrize(
    ("accept", "version"),
    [
        (None, 1),
        ("", 1),
        ("application/json", 1),
        ("*/*", 1),
        (V2, 2),
        ("APPLICATION/VND.SHOP.V2+JSON", 2),
        (f"{V2};q=0.5, {V1}", 1),
        (f"{V1}, {V2}", 2),
        (f"{V2}, application/json", 2),
        ("application/vnd.shop.v9+json, application/json;q=0.1", 1),
        (f"text/html, {V2};q=0.8", 2),
    ],
)
def test_negotiate_version(exercise, accept: str | None, version: int) -> None:
    """Highest quality wins, then the newer version; generic JSON means the default."""
    assert exercise.negotiate_version(accept) == version


@pytest.mark.parametrize("accept", ["text/html", "application/vnd.shop.v9+json", f"{V2};q=0"])
def test_negotiate_version_refuses_what_it_cannot_serve(exercise, accept: str) -> None:
    """Nothing acceptable raises UnsupportedVersion naming the media types on offer."""
    with pytest.raises(exercise.UnsupportedVersion, match="vnd.shop.v2"):
        exercise.negotiate_version(accept)


@pytest.mark.parametrize(("mimetype", "version"), [("application/json", 1), (V1, 1), (V2, 2)])
def test_body_version(exercise, mimetype: str, version: int) -> None:
    """A body's Content-Type names its version; plain JSON is the default version."""
    assert exercise.body_version(mimetype) == version


@pytest.mark.parametrize("mimetype", ["text/plain", "application/vnd.shop.v3+json", ""])
def test_body_version_refuses_unknown_types(exercise, mimetype: str) -> None:
    """Any other Content-Type raises UnsupportedVersion."""
    with pytest.raises(exercise.UnsupportedVersion):
        exercise.body_version(mimetype)


# ---------------------------------------------------------------- both versions over HTTP
def test_write_v1_and_read_v2(exercise) -> None:
    """A product created in v1 can be read in v2, and the answer says which it is."""
    client = client_for(exercise)
    created = client.post("/products", json=MUG_V1)
    assert (created.status_code, created.mimetype) == (201, V1)
    assert created.get_json() == {"id": 1} | MUG_V1
    read = client.get("/products/1", headers={"Accept": V2})
    assert (read.status_code, read.mimetype, read.get_json()) == (200, V2, {"id": 1} | MUG_V2)
    assert "Accept" in read.headers["Vary"]


def test_write_v2_and_answer_in_v1(exercise) -> None:
    """The body version and the answer version are chosen separately."""
    response = client_for(exercise).post(
        "/products", data=json.dumps(MUG_V2), content_type=V2, headers={"Accept": V1}
    )
    assert (response.status_code, response.get_json()) == (201, {"id": 1} | MUG_V1)


@pytest.mark.parametrize(
    ("kwargs", "status", "code"),
    [
        ({"json": {"name": "Mug"}}, 422, "validation_failed"),
        ({"data": json.dumps(MUG_V1), "content_type": V2}, 422, "validation_failed"),
        (
            {"data": json.dumps(MUG_V2), "content_type": "application/vnd.shop.v3+json"},
            415,
            "unsupported_media_type",
        ),
        (
            {"data": "name=Mug", "content_type": "application/x-www-form-urlencoded"},
            415,
            "unsupported_media_type",
        ),
        (
            {"json": MUG_V1, "headers": {"Accept": "application/vnd.shop.v3+json"}},
            406,
            "not_acceptable",
        ),
        ({"data": "{oops", "content_type": "application/json"}, 400, "invalid_json"),
        ({"data": "[1, 2]", "content_type": V2}, 422, "validation_failed"),
    ],
)
def test_create_errors(exercise, kwargs: dict, status: int, code: str) -> None:
    """Invalid bodies, unknown body versions and unacceptable answers get their codes."""
    response = client_for(exercise).post("/products", **kwargs)
    assert (response.status_code, response.get_json()["error"]["code"]) == (status, code)


def test_validation_errors_name_the_fields_of_the_version_sent(exercise) -> None:
    """A v1 client hears about v1 field names."""
    response = client_for(exercise).post("/products", json={"name": "Mug"})
    assert response.get_json()["error"]["fields"] == {
        "price_cents": ["Missing data for required field."]
    }


def test_unknown_product_is_404(exercise) -> None:
    """Reading a product that does not exist gives 404 not_found."""
    response = client_for(exercise).get("/products/7")
    assert (response.status_code, response.get_json()["error"]["code"]) == (404, "not_found")
