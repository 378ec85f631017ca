"""/api/api-keys: create (shown once), list and revoke your keys; trade a key for a token."""

from __future__ import annotations

from flask import request
from flask_restx import Namespace, Resource, fields

from projects.core import Unauthorized, rate_limit, require_auth

from ..services import api_keys
from ..services.scopes import SCOPES
from .access import caller, require_login_token

ns = Namespace("api-keys", path="/api/api-keys", description="API keys for scripts and services")
HEADER = "X-API-Key"

key_in = ns.model(
    "ApiKeyIn",
    {
        "name": fields.String(required=True, min_length=1, max_length=64, example="nightly export"),
        "scopes": fields.List(fields.String(enum=list(SCOPES)), required=True, example=["profile"]),
        "expires_in_days": fields.Integer(min=1, max=3650, description="Omit for no expiry"),
    },
)
key_out = ns.model(
    "ApiKeyOut",
    {
        "id": fields.Integer,
        "name": fields.String,
        "prefix": fields.String(description="The public part, as in ak_<prefix>_…"),
        "scopes": fields.List(fields.String, attribute=lambda key: key.scopes.split()),
        "created_at": fields.DateTime(dt_format="iso8601"),
        "expires_at": fields.DateTime(dt_format="iso8601"),
        "last_used_at": fields.DateTime(dt_format="iso8601"),
        "revoked_at": fields.DateTime(dt_format="iso8601"),
    },
)
created_out = ns.inherit(
    "ApiKeyCreated", key_out, {"key": fields.String(description="Shown this once, never again")}
)
token_out = ns.model(
    "ApiKeyToken",
    {
        "access_token": fields.String,
        "token_type": fields.String(example="Bearer"),
        "expires_in": fields.Integer,
        "scope": fields.String,
    },
)


@ns.route("")
class ApiKeys(Resource):
    @require_auth
    @ns.marshal_list_with(key_out)
    def get(self):
        """List your API keys, newest first (never the keys themselves)."""
        require_login_token()
        return api_keys.keys_of(user_id=caller().id)

    @require_auth
    @ns.expect(key_in, validate=True)
    @ns.marshal_with(created_out, code=201)
    @ns.response(400, "Invalid name, scopes or expiry")
    def post(self):
        """Create an API key with some scopes; the answer is the only time you see it."""
        require_login_token()
        body = ns.payload
        key, plain = api_keys.create(
            user=caller(),
            name=body["name"],
            scopes=body["scopes"],
            expires_in_days=body.get("expires_in_days"),
        )
        key.key = plain  # marshalled once, never stored
        return key, 201


@ns.route("/<int:key_id>")
@ns.param("key_id", "The key's id")
class OneApiKey(Resource):
    @require_auth
    @ns.marshal_with(key_out)
    @ns.response(404, "You have no key with this id")
    def delete(self, key_id: int):
        """Revoke one of your keys; it stops working at once."""
        require_login_token()
        return api_keys.revoke(user_id=caller().id, key_id=key_id)


@ns.route("/token")
class ApiKeyToken(Resource):
    @rate_limit("60/minute")
    @ns.doc(params={HEADER: {"in": "header", "description": "The API key", "required": True}})
    @ns.marshal_with(token_out)
    @ns.response(401, "Missing, unknown, expired or revoked key")
    def post(self):
        """Trade an API key (header X-API-Key) for an access token limited to its scopes."""
        presented = request.headers.get(HEADER, "")
        if not presented or len(presented) > 200:
            raise Unauthorized(f"Send the key in the {HEADER} header.")
        return api_keys.exchange(presented=presented)
