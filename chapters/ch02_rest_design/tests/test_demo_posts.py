"""The Posts API of chapter 2's demo: the seed's contract, envelope, validation and CORS."""

from __future__ import annotations

from datetime import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chapters.ch02_rest_design.api_demo import create_app

NEW_POST = {"name": "Test User", "username": "testuser", "body": "Test post content"}


# ---------------------------------------------------------------- the envelope
def test_list_is_wrapped_in_the_envelope_newest_first(client) -> None:
    """GET answers {success, message, data} with the newest post first."""
    client.post("/api/posts", json=NEW_POST)
    client.post("/api/posts", json=NEW_POST | {"body": "Second"})
    body = client.get("/api/posts").json
    assert (body["success"], body["message"]) == (True, "Posts retrieved successfully")
    assert [post["id"] for post in body["data"]] == [2, 1]


def test_create_returns_the_post_trimmed_with_an_iso_timestamp(client) -> None:
    """POST trims every value and stamps created_at in ISO 8601."""
    response = client.post(
        "/api/posts", json={"name": "  Ada ", "username": "\tada", "body": " Hi \n"}
    )
    body = response.json
    assert (response.status_code, body["message"]) == (201, "Post created successfully")
    post = body["data"]
    assert {key: post[key] for key in ("id", "name", "username", "body")} == {
        "id": 1,
        "name": "Ada",
        "username": "ada",
        "body": "Hi",
    }
    assert datetime.fromisoformat(post["created_at"]).utcoffset().total_seconds() == 0


def test_a_created_post_is_listed(client) -> None:
    """What POST created, GET returns."""
    created = client.post("/api/posts", json=NEW_POST).json["data"]
    assert client.get("/api/posts").json["data"] == [created]


def test_example_posts_exist_outside_tests() -> None:
    """A fresh development app has three example posts, so the next id is 4, as in the seed."""
    client = create_app({"APP_ENV": "development"}).test_client()
    assert len(client.get("/api/posts").json["data"]) == 3
    assert client.post("/api/posts", json=NEW_POST).json["data"]["id"] == 4


# ---------------------------------------------------------------- validation
def test_the_seeds_error_example(client) -> None:
    """A post with only a body gives the seed's message and one error per missing field."""
    response = client.post("/api/posts", json={"body": "Just a body"})
    assert (response.status_code, response.json) == (
        400,
        {
            "success": False,
            "message": "Validation failed. Missing required fields: name, username",
            "errors": {"name": "Name cannot be empty", "username": "Username cannot be empty"},
        },
    )


@pytest.mark.parametrize(
    ("payload", "message", "errors"),
    [
        (
            {},
            "Validation failed. Missing required fields: name, username, body",
            {
                "name": "Name cannot be empty",
                "username": "Username cannot be empty",
                "body": "Body cannot be empty",
            },
        ),
        (
            NEW_POST | {"username": "   "},
            "Validation failed. Missing required fields: username",
            {"username": "Username cannot be empty"},
        ),
        (
            NEW_POST | {"body": None},
            "Validation failed. Missing required fields: body",
            {"body": "Body cannot be empty"},
        ),
        (
            NEW_POST | {"name": 42},
            "Validation failed. Invalid fields: name",
            {"name": "Name must be a string"},
        ),
        (
            NEW_POST | {"username": "u" * 101},
            "Validation failed. Invalid fields: username",
            {"username": "Username must be at most 100 characters"},
        ),
        (
            {"name": ["Ada"], "username": "", "body": "x" * 5001},
            "Validation failed. Missing required fields: username. Invalid fields: name, body",
            {
                "name": "Name must be a string",
                "username": "Username cannot be empty",
                "body": "Body must be at most 5000 characters",
            },
        ),
    ],
)
def test_each_problem_is_named(client, payload, message: str, errors: dict) -> None:
    """The message lists missing and invalid fields; errors has one entry per field."""
    response = client.post("/api/posts", json=payload)
    assert (response.status_code, response.json) == (
        400,
        {"success": False, "message": message, "errors": errors},
    )


@pytest.mark.parametrize(
    ("data", "content_type"),
    [
        ("name=Ada", "application/x-www-form-urlencoded"),
        ("just text", "text/plain"),
        ("{not json", "application/json"),
        ("[1, 2]", "application/json"),
        ('"a string"', "application/json"),
        ("null", "application/json"),
        ("", None),
    ],
)
def test_bodies_that_are_not_a_json_object_get_the_envelope(client, data, content_type) -> None:
    """Non-JSON, malformed or non-object bodies give the 400 envelope, never a 500 or 415."""
    response = client.post("/api/posts", data=data, content_type=content_type)
    assert (response.status_code, response.json) == (
        400,
        {
            "success": False,
            "message": "Validation failed. The request body must be a JSON object",
            "errors": {},
        },
    )


def test_other_errors_on_posts_use_the_envelope_too(client) -> None:
    """A method the Posts API lacks answers 405 in the envelope, with an Allow header."""
    response = client.delete("/api/posts")
    assert response.status_code == 405
    assert (response.json["success"], response.json["errors"]) == (False, {})
    assert set(response.headers["Allow"].split(", ")) >= {"GET", "POST"}


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    payload=st.fixed_dictionaries(
        {},
        optional={
            "name": st.one_of(st.text(max_size=8), st.none(), st.integers()),
            "username": st.text(max_size=8),
            "body": st.text(max_size=8),
        },
    )
)
def test_any_payload_is_created_or_refused_with_its_blank_fields_named(client, payload) -> None:
    """Whatever the values, the answer is 201, or 400 naming exactly the blank fields."""
    response = client.post("/api/posts", json=payload)
    refused = sorted(field for field in ("name", "username", "body") if not is_text(payload, field))
    if refused:
        assert (response.status_code, sorted(response.json["errors"])) == (400, refused)
    else:
        assert response.status_code == 201
        assert response.json["data"]["name"] == payload["name"].strip()


def is_text(payload: dict, field: str) -> bool:
    """Tell whether `field` holds a string with something besides whitespace."""
    value = payload.get(field)
    return isinstance(value, str) and bool(value.strip())


# ---------------------------------------------------------------- CORS and Swagger
def test_cors_allows_other_origins_on_the_api(client) -> None:
    """A browser on another origin may read /api/posts."""
    response = client.get("/api/posts", headers={"Origin": "https://app.example"})
    assert response.headers["Access-Control-Allow-Origin"] == "https://app.example"
    assert "Origin" in response.headers["Vary"]


def test_cors_preflight_for_a_json_post(client) -> None:
    """The preflight before a JSON POST is answered with the allowed method and header."""
    response = client.options(
        "/api/posts",
        headers={
            "Origin": "https://app.example",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "Content-Type",
        },
    )
    assert response.status_code == 200
    assert "POST" in response.headers["Access-Control-Allow-Methods"]
    assert response.headers["Access-Control-Allow-Headers"].lower() == "content-type"


def test_cors_can_be_limited_to_listed_origins() -> None:
    """With CORS_ORIGINS set, only those origins are echoed back."""
    app = create_app({"APP_ENV": "testing", "CORS_ORIGINS": "https://app.example"})
    client = app.test_client()
    allowed = client.get("/api/posts", headers={"Origin": "https://app.example"})
    refused = client.get("/api/posts", headers={"Origin": "https://evil.example"})
    assert allowed.headers["Access-Control-Allow-Origin"] == "https://app.example"
    assert "Access-Control-Allow-Origin" not in refused.headers


def test_swagger_documents_the_envelope_and_the_400(client) -> None:
    """The spec shows the envelope models and the 400 body for POST /api/posts."""
    spec = client.get("/swagger.json").json
    post = spec["paths"]["/api/posts"]["post"]
    assert post["responses"]["201"]["schema"]["$ref"] == "#/definitions/PostEnvelope"
    assert post["responses"]["400"]["schema"]["$ref"] == "#/definitions/PostErrorEnvelope"
    assert set(spec["definitions"]["PostIn"]["required"]) == {"name", "username", "body"}
