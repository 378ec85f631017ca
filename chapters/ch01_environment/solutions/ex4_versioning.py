"""Exercise 4 — API versioning by URL and by header (reference solution)."""

from __future__ import annotations

from flask import Blueprint, Flask, Response, jsonify, request

SUPPORTED = ("1", "2")
DEFAULT_VERSION = "1"
SUNSET = "Wed, 31 Dec 2027 23:59:59 GMT"
USERS = {1: ("Ada", "Lovelace"), 2: ("Grace", "Hopper")}


def user_v1(user_id: int) -> dict[str, object]:
    """Represent a user as version 1 does: one `name` field."""
    first, last = USERS[user_id]
    return {"id": user_id, "name": f"{first} {last}"}


def user_v2(user_id: int) -> dict[str, object]:
    """Represent a user as version 2 does: separate first and last names."""
    first, last = USERS[user_id]
    return {"id": user_id, "first_name": first, "last_name": last}


RENDERERS = {"1": user_v1, "2": user_v2}


def render(version: str, user_id: int) -> Response | tuple[Response, int]:
    """Answer for one user in `version`, with the version and deprecation headers."""
    if user_id not in USERS:
        return jsonify(error={"code": "not_found", "message": f"no user {user_id}"}), 404
    response = jsonify(RENDERERS[version](user_id))
    response.headers["API-Version"] = version
    if version == "1":
        # RFC 9745 / RFC 8594: tell clients early, in a way their tooling can see.
        response.headers["Deprecation"] = "true"
        response.headers["Sunset"] = SUNSET
        response.headers["Link"] = f'</api/v2/users/{user_id}>; rel="successor-version"'
    response.headers["Vary"] = "API-Version"
    return response


def create_app() -> Flask:
    """Serve /api/v1/users/<id>, /api/v2/users/<id> and header-chosen /api/users/<id>."""
    app = Flask(__name__)
    for version in SUPPORTED:
        blueprint = Blueprint(f"v{version}", __name__, url_prefix=f"/api/v{version}")
        blueprint.add_url_rule(
            "/users/<int:user_id>",
            "user",
            lambda user_id, version=version: render(version, user_id),
        )
        app.register_blueprint(blueprint)

    @app.get("/api/users/<int:user_id>")
    def user_by_header(user_id: int):
        version = request.headers.get("API-Version", DEFAULT_VERSION).strip()
        if version not in SUPPORTED:
            message = f"API-Version {version!r} is not supported; use one of {', '.join(SUPPORTED)}"
            return jsonify(error={"code": "unsupported_version", "message": message}), 400
        return render(version, user_id)

    return app
