"""Auth: require_auth and current_principal on restx resources and plain views."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import flask
import pytest
from flask import Flask
from flask_restx import Namespace, Resource

from projects.core import (
    Settings,
    create_app,
    current_principal,
    require_auth,
    token_issuer,
    token_verifier,
)
from projects.core.testing import api_client

ns = Namespace("secure", path="/secure")


@ns.route("/any")
class AnyUser(Resource):
    @require_auth
    def get(self):
        """Answer any authenticated caller."""
        principal = current_principal()
        return {"sub": principal.subject, "roles": sorted(principal.roles)}


@ns.route("/staff")
class Staff(Resource):
    @require_auth("admin", "support")
    def get(self):
        """Answer admins and support staff."""
        return {"sub": current_principal().subject}


@ns.route("/lazy")
class Lazy(Resource):
    def get(self):
        """Authenticate only when the view asks who is calling."""
        return {"sub": current_principal().subject}


@pytest.fixture
def make_app(settings_factory: Callable[..., Any]) -> Callable[..., Flask]:
    def make(**kwargs: Any) -> Flask:
        settings = kwargs.pop("settings", None) or settings_factory()
        return create_app(name="auth_demo", settings=settings, namespaces=[ns], **kwargs)

    return make


@pytest.mark.parametrize("path", ["/secure/any", "/secure/staff", "/secure/lazy"])
def test_no_token_is_a_401_with_a_bearer_challenge(
    make_app: Callable[..., Flask], path: str
) -> None:
    response = make_app().test_client().get(path)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == 'Bearer realm="api"'


@pytest.mark.parametrize(
    "header", ["Basic dXNlcjpwdw==", "Bearer", "Bearer ", "Token abc", "Bearer not.a.jwt"]
)
def test_a_malformed_or_bad_header_is_a_401(make_app: Callable[..., Flask], header: str) -> None:
    response = make_app().test_client().get("/secure/any", headers={"Authorization": header})
    assert response.status_code == 401
    assert "error=" in response.headers["WWW-Authenticate"]


@pytest.mark.parametrize(
    ("roles", "staff_status"),
    [((), 403), (("reader",), 403), (("support",), 200), (("admin",), 200)],
)
def test_roles_decide_between_403_and_200(
    make_app: Callable[..., Flask],
    token_for: Callable[..., str],
    roles: tuple[str, ...],
    staff_status: int,
) -> None:
    client = api_client(make_app(), token=token_for("ann", roles=roles))
    assert client.get("/secure/any").get_json() == {"sub": "ann", "roles": sorted(roles)}
    staff = client.get("/secure/staff")
    assert staff.status_code == staff_status
    if staff_status == 403:
        assert staff.get_json()["error"]["details"] == {"required_roles": ["admin", "support"]}


def test_a_refresh_token_is_no_access_token(
    make_app: Callable[..., Flask], token_for: Callable[..., str]
) -> None:
    client = api_client(make_app(), token=token_for(token_type="refresh"))
    assert client.get("/secure/any").status_code == 401


def test_current_principal_authenticates_lazily(
    make_app: Callable[..., Flask], token_for: Callable[..., str]
) -> None:
    app = make_app()
    assert api_client(app).get("/secure/lazy").status_code == 401
    assert api_client(app, token=token_for("bo")).get("/secure/lazy").get_json() == {"sub": "bo"}


def test_plain_flask_views_can_require_auth(
    make_app: Callable[..., Flask], token_for: Callable[..., str]
) -> None:
    app = make_app()
    app.add_url_rule("/plain", "plain", require_auth("admin")(lambda: {"ok": True}))
    assert api_client(app).get("/plain").status_code == 401
    assert api_client(app, token=token_for()).get("/plain").status_code == 403
    assert api_client(app, token=token_for(roles=["admin"])).get("/plain").status_code == 200


def test_the_revocation_hook_is_asked(
    make_app: Callable[..., Flask], token_for: Callable[..., str]
) -> None:
    asked: list[str] = []

    def is_revoked(jti: str) -> bool:
        asked.append(jti)
        return len(asked) > 1  # the second use of any token is refused

    client = api_client(make_app(is_revoked=is_revoked), token=token_for())
    assert client.get("/secure/any").status_code == 200
    refused = client.get("/secure/any")
    assert refused.status_code == 401
    assert refused.get_json()["error"]["message"] == "The token has been revoked."
    assert asked[0] == asked[1]


def test_an_app_with_a_private_key_issues_tokens_it_accepts(make_app: Callable[..., Flask]) -> None:
    app = make_app()
    token = token_issuer(app).issue("self", roles=["admin"])
    assert api_client(app, token=token).get("/secure/staff").status_code == 200
    assert token_verifier(app).verify(token)["sub"] == "self"


class IssuerSettings(Settings):
    token_role = "issuer"


def test_a_development_issuer_gets_a_throwaway_key(make_app: Callable[..., Flask]) -> None:
    settings = IssuerSettings(environment="development", _env_file=None)
    app = make_app(settings=settings)
    token = token_issuer(app).issue("dev")
    assert api_client(app, token=token).get("/secure/any").status_code == 200


def test_without_keys_tokens_are_refused_with_a_503(
    make_app: Callable[..., Flask],
    settings_factory: Callable[..., Any],
    token_for: Callable[..., str],
) -> None:
    settings = settings_factory(environment="development", jwt_private_key=None, jwt_jwks=None)
    app = make_app(settings=settings)
    with pytest.raises(RuntimeError, match="JWT_PRIVATE_KEY"):
        token_issuer(app)
    response = api_client(app, token=token_for()).get("/secure/any")
    assert response.status_code == 503


def test_there_is_no_cookie_session(light_app: Flask) -> None:
    # Views cannot log anyone in by cookie: Flask's null session refuses writes.
    with light_app.test_request_context("/"):
        light_app.preprocess_request()
        with pytest.raises(RuntimeError, match="session is unavailable"):
            flask.session["user"] = "someone"
    assert "Set-Cookie" not in light_app.test_client().get("/health/live").headers
