"""Exercise 4 — API versioning by URL and by header.

Check your work with: nox -s chapter01 -- ex4
"""

from __future__ import annotations

from flask import Flask, Response

SUPPORTED = ("1", "2")
DEFAULT_VERSION = "1"
SUNSET = "Wed, 31 Dec 2027 23:59:59 GMT"
USERS = {1: ("Ada", "Lovelace"), 2: ("Grace", "Hopper")}


def user_v1(user_id: int) -> dict[str, object]:
    """Represent a user as version 1 does.

    {"id": 1, "name": "Ada Lovelace"}
    """
    raise NotImplementedError("Exercise 4 (user_v1) is not done yet")


def user_v2(user_id: int) -> dict[str, object]:
    """Represent a user as version 2 does.

    {"id": 1, "first_name": "Ada", "last_name": "Lovelace"}
    """
    raise NotImplementedError("Exercise 4 (user_v2) is not done yet")


def render(version: str, user_id: int) -> Response | tuple[Response, int]:
    """Answer for one user in `version`, with the version and deprecation headers.

    3. An unknown user gives 404 {"error": {"code": "not_found", "message": ...}}.
    4. Every answer carries `API-Version: <version>` and `Vary: API-Version`.
       Version 1 answers also carry `Deprecation: true`, `Sunset: <SUNSET>` and
       `Link: </api/v2/users/<id>>; rel="successor-version"`.
    """
    raise NotImplementedError("Exercise 4 (render) is not done yet")


def create_app() -> Flask:
    """Serve /api/v1/users/<id>, /api/v2/users/<id> and header-chosen /api/users/<id>.

    1. Register one blueprint per version in SUPPORTED, with url_prefix /api/v1 and
       /api/v2, each serving GET /users/<int:user_id> through render().
    2. GET /api/users/<int:user_id> picks the version from the `API-Version` request
       header, DEFAULT_VERSION when it is absent.
    5. An API-Version outside SUPPORTED gives 400
       {"error": {"code": "unsupported_version", "message": ...}} naming the
       supported versions.
    """
    raise NotImplementedError("Exercise 4 (create_app) is not done yet")
