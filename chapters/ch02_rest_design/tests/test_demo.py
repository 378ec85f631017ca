"""Chapter 2's demo: settings, the users CRUD API, its Swagger docs, errors and isolation."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chapters.ch02_rest_design.api_demo import create_app
from chapters.ch02_rest_design.api_demo.config import ConfigError, load_settings
from chapters.ch02_rest_design.api_demo.errors import Conflict
from chapters.ch02_rest_design.api_demo.user_service import UserService

ADA = {"username": "ada", "email": "ada@example.com", "bio": "Wrote the first program."}


def create(client, **overrides):
    """POST a user built from ADA with `overrides` and return the response."""
    return client.post("/api/users", json=ADA | overrides)


# ---------------------------------------------------------------- settings
def test_defaults_need_no_environment() -> None:
    settings = load_settings({})
    assert (settings.environment, settings.seed_data, settings.cors_origins) == (
        "development",
        True,
        ("*",),
    )


def test_testing_starts_empty_and_origins_are_a_list() -> None:
    settings = load_settings({"APP_ENV": "Testing", "CORS_ORIGINS": "https://a.example, "})
    assert (settings.seed_data, settings.cors_origins) == (False, ("https://a.example",))


@pytest.mark.parametrize(
    ("config", "mentions"),
    [
        ({"APP_ENV": "staging"}, "staging"),
        ({"SEED_DATA": "maybe"}, "SEED_DATA"),
        ({"CORS_ORIGINS": " , "}, "CORS_ORIGINS"),
    ],
)
def test_bad_settings_are_refused_by_name(config: dict, mentions: str) -> None:
    with pytest.raises(ConfigError, match=mentions):
        create_app(config)


def test_example_users_are_loaded_outside_tests() -> None:
    client = create_app({"SEED_DATA": "1"}).test_client()
    assert [user["username"] for user in client.get("/api/users").json] == ["ada", "grace"]


# ---------------------------------------------------------------- Swagger
def test_swagger_ui_and_spec_are_served(client) -> None:
    assert client.get("/swagger").status_code == 200
    spec = client.get("/swagger.json").json
    assert {"/api/users", "/api/users/{user_id}", "/api/posts"} <= set(spec["paths"])


def test_input_and_output_models_are_separate(client) -> None:
    definitions = client.get("/swagger.json").json["definitions"]
    assert "id" not in definitions["UserIn"]["properties"]
    assert set(definitions["UserIn"]["required"]) == {"username", "email"}
    assert "required" not in definitions["UserPatch"]
    assert definitions["UserOut"]["properties"]["id"]["readOnly"] is True


@pytest.mark.parametrize(
    ("path", "method", "statuses"),
    [
        ("/api/users", "post", {"201", "400", "409", "415"}),
        ("/api/users/{user_id}", "get", {"200", "404"}),
        ("/api/users/{user_id}", "put", {"200", "400", "404", "409", "415"}),
        ("/api/users/{user_id}", "patch", {"200", "400", "404", "409", "415"}),
        ("/api/users/{user_id}", "delete", {"204", "404"}),
    ],
)
def test_every_status_is_documented(client, path: str, method: str, statuses: set) -> None:
    operation = client.get("/swagger.json").json["paths"][path][method]
    assert set(operation["responses"]) == statuses
    assert operation["summary"]


# ---------------------------------------------------------------- create and read
def test_create_answers_201_with_location_and_the_stored_user(client) -> None:
    response = create(client, email="ADA@Example.com")
    assert (response.status_code, response.headers["Location"]) == (201, "/api/users/1")
    user = response.json
    assert {key: user[key] for key in ("id", "username", "email", "bio")} == {
        "id": 1,
        "username": "ada",
        "email": "ada@example.com",
        "bio": "Wrote the first program.",
    }
    assert user["created_at"] == user["updated_at"]
    assert datetime.fromisoformat(user["created_at"]).tzinfo is not None


def test_location_leads_to_the_new_user(client) -> None:
    location = create(client).headers["Location"]
    response = client.get(location)
    assert (response.status_code, response.json["username"]) == (200, "ada")


def test_unknown_fields_are_ignored_and_id_is_read_only(client) -> None:
    response = create(client, id=99, admin=True)
    assert (response.status_code, response.json["id"]) == (201, 1)
    assert "admin" not in response.json


def test_list_and_search(client) -> None:
    create(client)
    create(client, username="grace", email="grace@navy.example")
    everyone = client.get("/api/users").json
    assert [user["username"] for user in everyone] == ["ada", "grace"]
    found = client.get("/api/users", query_string={"search": " NAVY "}).json
    assert [user["username"] for user in found] == ["grace"]


# ---------------------------------------------------------------- update and delete
def test_put_replaces_and_resets_left_out_fields(client) -> None:
    create(client)
    response = client.put("/api/users/1", json={"username": "ada2", "email": "a2@example.com"})
    assert (response.status_code, response.json["username"], response.json["bio"]) == (
        200,
        "ada2",
        "",
    )


def test_patch_changes_only_the_fields_sent(client) -> None:
    create(client)
    response = client.patch("/api/users/1", json={"bio": "  Poet of science "})
    user = response.json
    assert (response.status_code, user["username"], user["bio"]) == (
        200,
        "ada",
        "Poet of science",
    )


def test_updates_move_updated_at_but_not_created_at() -> None:
    times = iter([datetime(2024, 1, 1, tzinfo=UTC), datetime(2024, 2, 1, tzinfo=UTC)])
    service = UserService(clock=lambda: next(times))
    created = service.create(username="ada", email="ada@example.com")
    updated = service.update(created.id, bio="x")
    assert (updated.created_at, updated.updated_at) == (
        datetime(2024, 1, 1, tzinfo=UTC),
        datetime(2024, 2, 1, tzinfo=UTC),
    )


def test_delete_answers_204_with_no_body_and_the_user_is_gone(client) -> None:
    create(client)
    response = client.delete("/api/users/1")
    assert (response.status_code, response.data) == (204, b"")
    assert client.get("/api/users/1").status_code == 404


@pytest.mark.parametrize(
    ("method", "body"),
    [("get", None), ("put", ADA), ("patch", {"bio": "x"}), ("delete", None)],
)
def test_unknown_ids_give_404_in_the_error_shape(client, method: str, body) -> None:
    response = getattr(client, method)("/api/users/42", json=body)
    assert (response.status_code, response.json) == (
        404,
        {"error": {"status": 404, "code": "not_found", "message": "No user has id 42"}},
    )


# ---------------------------------------------------------------- conflicts and validation
@pytest.mark.parametrize(
    ("second", "field"),
    [
        ({"username": "ADA", "email": "other@example.com"}, "username"),
        ({"username": "ada2", "email": "Ada@Example.COM"}, "email"),
    ],
)
def test_taken_username_or_email_gives_409(client, second: dict, field: str) -> None:
    create(client)
    response = client.post("/api/users", json=second)
    error = response.json["error"]
    assert (response.status_code, error["code"], list(error["fields"])) == (
        409,
        "conflict",
        [field],
    )


@pytest.mark.parametrize("method", ["put", "patch"])
def test_updates_cannot_take_another_users_name(client, method: str) -> None:
    create(client)
    create(client, username="grace", email="grace@example.com")
    response = getattr(client, method)("/api/users/2", json={"username": "Ada", "email": "g@x.io"})
    assert response.status_code == 409


def test_a_user_may_keep_its_own_name(client) -> None:
    create(client)
    assert client.put("/api/users/1", json=ADA).status_code == 200


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"email": "ada@example.com"}, "username"),
        ({"username": "ada"}, "email"),
        (ADA | {"username": "ad"}, "username"),
        (ADA | {"username": "has space"}, "username"),
        (ADA | {"username": 7}, "username"),
        (ADA | {"email": "not-an-email"}, "email"),
        (ADA | {"email": "a b@example.com"}, "email"),
        (ADA | {"email": None}, "email"),
        (ADA | {"bio": "x" * 281}, "bio"),
    ],
)
def test_invalid_bodies_give_400_naming_the_field(client, payload: dict, field: str) -> None:
    response = client.post("/api/users", json=payload)
    error = response.json["error"]
    assert (response.status_code, error["code"]) == (400, "validation_failed")
    assert field in error["fields"]


@pytest.mark.parametrize("body", ["[]", '"ada"', "42", "null"])
def test_json_that_is_not_an_object_gives_400(client, body: str) -> None:
    response = client.post("/api/users", data=body, content_type="application/json")
    assert (response.status_code, response.json["error"]["status"]) == (400, 400)


def test_malformed_json_gives_400(client) -> None:
    response = client.post("/api/users", data="{oops", content_type="application/json")
    assert (response.status_code, response.json["error"]["code"]) == (400, "bad_request")


def test_a_body_that_is_not_json_gives_415(client) -> None:
    response = client.post("/api/users", data="username=ada", content_type="text/plain")
    assert (response.status_code, response.json["error"]["code"]) == (415, "unsupported_media_type")


def test_method_not_allowed_names_the_allowed_methods(client) -> None:
    response = client.delete("/api/users")
    assert (response.status_code, response.json["error"]["code"]) == (405, "method_not_allowed")
    assert set(response.headers["Allow"].split(", ")) >= {"GET", "POST"}


def test_unknown_urls_get_the_same_error_shape(client) -> None:
    response = client.get("/no/such/page")
    assert (response.status_code, response.json["error"]["code"]) == (404, "not_found")


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(username=st.text(max_size=40), email=st.text(max_size=40))
def test_any_strings_give_a_4xx_or_a_created_user_never_a_5xx(client, username, email) -> None:
    response = client.post("/api/users", json={"username": username, "email": email})
    assert response.status_code in {201, 400, 409}


# ---------------------------------------------------------------- CORS, isolation, threads
def test_cors_exposes_location_to_browsers(client) -> None:
    response = client.post("/api/users", json=ADA, headers={"Origin": "https://app.example"})
    assert response.headers["Access-Control-Expose-Headers"] == "Location"


def test_each_app_has_its_own_store() -> None:
    first, second = (create_app({"APP_ENV": "testing"}).test_client() for _ in range(2))
    create(first)
    assert (len(first.get("/api/users").json), second.get("/api/users").json) == (1, [])


def test_concurrent_creates_of_one_name_make_one_user() -> None:
    service = UserService()
    results: list[str] = []

    def attempt(n: int) -> None:
        try:
            service.create(username="ada", email=f"ada{n}@example.com")
            results.append("created")
        except Conflict:
            results.append("conflict")

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == ["conflict"] * 15 + ["created"]
    assert [user.id for user in service.list()] == [1]


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        (
            "/api/users",
            {
                "error": {
                    "status": 500,
                    "code": "internal_error",
                    "message": "The server could not handle this request",
                }
            },
        ),
        (
            "/api/posts",
            {
                "success": False,
                "message": "The server could not handle this request",
                "errors": {},
            },
        ),
    ],
)
def test_a_bug_becomes_a_500_in_the_api_shape_without_internals(path, expected) -> None:
    app = create_app({"APP_ENV": "development", "SEED_DATA": "0"})

    def broken(*args, **kwargs):
        raise RuntimeError("secret internals")

    app.extensions["users"].list = broken
    app.extensions["posts"].list = broken
    app.logger.disabled = True  # the traceback is expected; keep the test output clean
    response = app.test_client().get(path)
    assert (response.status_code, response.json) == (500, expected)
