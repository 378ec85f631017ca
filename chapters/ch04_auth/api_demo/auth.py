"""/auth: log in for a token pair, refresh the access token, log out, and say who I am."""

from __future__ import annotations

from flask import Response, request
from flask_restx import Namespace, Resource, fields

from .errors import BadRequest, Unauthorized
from .payloads import validated_body
from .permissions import current_principal, requires
from .tokens import token_service
from .users import user_store

ns = Namespace("auth", description="Log in, refresh and revoke JWTs")

login_in = ns.model(
    "LoginIn",
    {
        "username": fields.String(required=True, min_length=1, max_length=64, example="alice"),
        "password": fields.String(
            required=True, min_length=1, max_length=1024, example="correct-horse-admin"
        ),
    },
)
refresh_in = ns.model(
    "RefreshIn", {"refresh_token": fields.String(required=True, min_length=1, max_length=4096)}
)
logout_in = ns.model(
    "LogoutIn",
    {"refresh_token": fields.String(max_length=4096, description="Also revoke this one")},
)
token_out = ns.model(
    "TokenOut",
    {
        "access_token": fields.String(required=True),
        "refresh_token": fields.String(description="Only from /auth/login"),
        "token_type": fields.String(example="Bearer"),
        "expires_in": fields.Integer(description="Seconds the access token lives"),
    },
)
me_out = ns.model(
    "MeOut",
    {
        "username": fields.String,
        "roles": fields.List(fields.String),
        "permissions": fields.List(fields.String),
        "authenticated_with": fields.String(enum=["jwt", "api_key"]),
    },
)


# --8<-- [start:login]
@ns.route("/login", endpoint="auth_login")
class Login(Resource):
    @ns.expect(login_in)
    @ns.marshal_with(token_out)
    @ns.response(400, "The body is not a JSON object with username and password")
    @ns.response(401, "Wrong username or password")
    @ns.response(429, "Too many attempts from this address")
    def post(self):
        """Exchange a username and password for an access token and a refresh token."""
        body = validated_body(login_in)
        user = user_store().authenticate(username=body["username"], password=body["password"])
        if user is None:
            raise Unauthorized("wrong username or password")
        return token_service().issue_pair(user)


# --8<-- [end:login]


@ns.route("/refresh", endpoint="auth_refresh")
class Refresh(Resource):
    @ns.expect(refresh_in)
    @ns.marshal_with(token_out, skip_none=True)
    @ns.response(400, "The body is not a JSON object with refresh_token")
    @ns.response(401, "The refresh token is expired, revoked or not a refresh token")
    def post(self):
        """Trade a refresh token for a new access token."""
        return token_service().refresh(validated_body(refresh_in)["refresh_token"])


@ns.route("/logout", endpoint="auth_logout")
class Logout(Resource):
    @ns.doc(security="Bearer")
    @ns.expect(logout_in)
    @ns.response(204, "Both tokens are revoked")
    @ns.response(400, "refresh_token is not a non-empty string")
    @ns.response(401, "No valid access token, or the refresh token is not yours")
    @requires(allow_api_keys=False)
    def post(self):
        """Revoke this access token, and the refresh token if one is sent."""
        tokens = token_service()
        body = request.get_json(silent=True)  # the body is optional here
        refresh = body.get("refresh_token") if isinstance(body, dict) else None
        if refresh is not None and not (isinstance(refresh, str) and refresh):
            raise BadRequest("refresh_token must be a non-empty string")
        if refresh:
            refresh_claims = tokens.verify(refresh, expected_type="refresh")
            if refresh_claims["sub"] != current_principal().username:
                raise Unauthorized("that refresh token belongs to someone else")
            tokens.revoke(refresh_claims)
        tokens.revoke(current_principal().claims or {})
        return Response(status=204)


@ns.route("/me", endpoint="auth_me")
class Me(Resource):
    @ns.doc(security=["Bearer", "ApiKey"])
    @ns.marshal_with(me_out)
    @ns.response(401, "No valid token or API key")
    @requires()
    def get(self):
        """Describe the caller: name, roles and the permissions they grant."""
        principal = current_principal()
        return {
            "username": principal.username,
            "roles": list(principal.roles),
            "permissions": sorted(principal.permissions),
            "authenticated_with": principal.method,
        }
