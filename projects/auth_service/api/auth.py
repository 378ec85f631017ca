"""/api/auth: log in (with an optional second step), refresh, log out, and who am I."""

from __future__ import annotations

from flask import request
from flask_restx import Namespace, Resource, fields

from projects.core import current_principal, rate_limit, require_auth

from ..services import auth, sessions
from .access import caller, require_scope
from .users import user_out

ns = Namespace("auth", path="/api/auth", description="Log in, refresh, log out")

login_in = ns.model(
    "LoginIn",
    {
        "email": fields.String(
            required=True, min_length=1, max_length=254, example="ann@example.com"
        ),
        "password": fields.String(
            required=True, min_length=1, max_length=1024, example="correct-horse-battery"
        ),
    },
)
mfa_login_in = ns.model(
    "MfaLoginIn",
    {
        "mfa_token": fields.String(required=True, min_length=1, max_length=200),
        "code": fields.String(
            required=True, min_length=1, max_length=40, description="TOTP or recovery code"
        ),
    },
)
refresh_in = ns.model(
    "RefreshIn", {"refresh_token": fields.String(required=True, min_length=1, max_length=4096)}
)
tokens_out = ns.model(
    "TokensOut",
    {
        "access_token": fields.String,
        "refresh_token": fields.String,
        "token_type": fields.String(example="Bearer"),
        "expires_in": fields.Integer(example=900, description="Seconds the access token lives"),
        "session_id": fields.String,
    },
)
login_out = ns.inherit(
    "LoginOut",
    tokens_out,
    {
        "mfa_required": fields.Boolean(
            description="If true, there are no tokens yet: send mfa_token and a code to "
            "/api/auth/login/mfa"
        ),
        "mfa_token": fields.String,
    },
)
message_out = ns.model("Message", {"message": fields.String})
LOGIN_LIMIT = "20/minute"  # raw requests per IP; failed attempts have their own lockout


def client_ip() -> str:
    """Return the caller's address (behind proxies, set PROXY_HOPS so this is the client)."""
    return request.remote_addr or "unknown"


@ns.route("/login")
class Login(Resource):
    @rate_limit(LOGIN_LIMIT)
    @ns.expect(login_in, validate=True)
    @ns.response(200, "Tokens, or an MFA challenge", login_out)
    @ns.response(401, "Invalid email or password")
    @ns.response(403, "The account is disabled")
    @ns.response(429, "Too many failed logins for this account or address (see Retry-After)")
    def post(self):
        """Log in with email and password: access and refresh tokens (or an MFA challenge)."""
        body = ns.payload
        result = auth.login(email=body["email"], password=body["password"], ip=client_ip())
        return result.as_dict()


@ns.route("/login/mfa")
class LoginSecondFactor(Resource):
    @rate_limit(LOGIN_LIMIT)
    @ns.expect(mfa_login_in, validate=True)
    @ns.marshal_with(tokens_out)
    @ns.response(401, "Wrong code, or the challenge expired")
    @ns.response(429, "Too many failed attempts (see Retry-After)")
    def post(self):
        """Finish a login that needs a second factor: a TOTP code or a recovery code."""
        body = ns.payload
        return auth.login_with_second_factor(
            mfa_token=body["mfa_token"], code=body["code"], ip=client_ip()
        ).as_dict()


@ns.route("/refresh")
class Refresh(Resource):
    @rate_limit("60/minute")
    @ns.expect(refresh_in, validate=True)
    @ns.marshal_with(tokens_out)
    @ns.response(401, "Invalid, expired or reused refresh token (a reuse ends the session)")
    def post(self):
        """Trade a refresh token for a new access and refresh token (rotation)."""
        return sessions.rotate(refresh_token=ns.payload["refresh_token"]).as_dict()


@ns.route("/logout")
class Logout(Resource):
    @require_auth
    @ns.marshal_with(message_out)
    def post(self):
        """Revoke this access token and end its session (its refresh token stops working)."""
        auth.logout(claims=current_principal().claims)
        return {"message": "Logged out."}


@ns.route("/me")
class Me(Resource):
    @require_auth
    @ns.marshal_with(user_out)
    def get(self):
        """Return the account of the token's user (scope profile for delegated tokens)."""
        require_scope("profile", "users:read")
        return caller()
