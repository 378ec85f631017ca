"""Exercise 4 — API versioning by URL and by header."""

from __future__ import annotations

import pytest


@pytest.fixture
def client(exercise):
    return exercise.create_app().test_client()


def test_v1_by_url(client) -> None:
    """/api/v1/users/1 answers in the version 1 shape."""
    response = client.get("/api/v1/users/1")
    assert (response.status_code, response.get_json()) == (200, {"id": 1, "name": "Ada Lovelace"})


def test_v2_by_url(client) -> None:
    """/api/v2/users/2 answers in the version 2 shape."""
    assert client.get("/api/v2/users/2").get_json() == {
        "id": 2,
        "first_name": "Grace",
        "last_name": "Hopper",
    }


@pytest.mark.parametrize(
    ("header", "expected_keys"),
    [(None, {"id", "name"}), ("1", {"id", "name"}), ("2", {"id", "first_name", "last_name"})],
)
def test_version_chosen_by_header(client, header, expected_keys) -> None:
    """/api/users/<id> follows the API-Version header, version 1 by default."""
    headers = {} if header is None else {"API-Version": header}
    response = client.get("/api/users/1", headers=headers)
    assert set(response.get_json()) == expected_keys
    assert response.headers["API-Version"] == (header or "1")
    assert response.headers["Vary"] == "API-Version"


@pytest.mark.parametrize("header", ["3", "v2", "latest"])
def test_unsupported_version_is_a_400_naming_the_choices(client, header) -> None:
    """An unknown API-Version is refused and the supported ones are listed."""
    response = client.get("/api/users/1", headers={"API-Version": header})
    error = response.get_json()["error"]
    assert (response.status_code, error["code"]) == (400, "unsupported_version")
    assert "1" in error["message"] and "2" in error["message"]


def test_version_1_announces_its_deprecation(client) -> None:
    """Version 1 says it is deprecated, when it ends, and where to go."""
    headers = client.get("/api/v1/users/1").headers
    assert (headers["Deprecation"], headers["Sunset"]) == ("true", "Wed, 31 Dec 2027 23:59:59 GMT")
    assert headers["Link"] == '</api/v2/users/1>; rel="successor-version"'


def test_version_2_is_not_deprecated(client) -> None:
    """Version 2 carries no deprecation headers."""
    response = client.get("/api/v2/users/1")
    assert response.status_code == 200
    assert "Deprecation" not in response.headers


@pytest.mark.parametrize("path", ["/api/v1/users/99", "/api/v2/users/99"])
def test_unknown_user_is_a_404_in_every_version(client, path) -> None:
    """An unknown user is a JSON 404, whatever the version."""
    response = client.get(path)
    assert (response.status_code, response.get_json()["error"]["code"]) == (404, "not_found")
