"""/api-keys: create (shown once), list and revoke your own API keys. Needs a logged-in user."""

from __future__ import annotations

from flask_restx import Namespace, Resource, fields

from .keyring import keyring
from .payloads import validated_body
from .permissions import current_principal, requires

ns = Namespace("api-keys", description="Your API keys, for scripts and services")

key_in = ns.model(
    "ApiKeyIn",
    {"name": fields.String(required=True, min_length=1, max_length=64, example="nightly export")},
)
key_out = ns.model(
    "ApiKeyOut",
    {
        "key_id": fields.String(description="The public part, also inside the key"),
        "name": fields.String,
        "created_at": fields.DateTime(dt_format="iso8601"),
        "last_used_at": fields.DateTime(dt_format="iso8601"),
        "revoked": fields.Boolean,
    },
)
created_key_out = ns.inherit(
    "ApiKeyCreatedOut",
    key_out,
    {"api_key": fields.String(description="The key itself: shown this once, never again")},
)


@ns.route("", endpoint="api_keys")
class ApiKeys(Resource):
    @ns.doc(security="Bearer")
    @ns.marshal_list_with(key_out)
    @ns.response(401, "No valid access token (API keys cannot manage keys)")
    @requires(allow_api_keys=False)
    def get(self):
        """List your API keys (never the keys themselves)."""
        return keyring().list_for(current_principal().username)

    # --8<-- [start:create]
    @ns.doc(security="Bearer")
    @ns.expect(key_in)
    @ns.marshal_with(created_key_out, code=201)
    @ns.response(400, "The body is not a JSON object with a name")
    @ns.response(401, "No valid access token (API keys cannot manage keys)")
    @requires(allow_api_keys=False)
    def post(self):
        """Create an API key; the response is the only time you see it."""
        name = validated_body(key_in)["name"].strip() or "unnamed"
        record, plain = keyring().create(owner=current_principal().username, name=name)
        return {**vars(record), "api_key": plain}, 201

    # --8<-- [end:create]


@ns.route("/<string:key_id>", endpoint="api_key")
@ns.param("key_id", "The key's public id (the 8 hex characters after ch04_)")
class ApiKey(Resource):
    @ns.doc(security="Bearer")
    @ns.marshal_with(key_out)
    @ns.response(401, "No valid access token")
    @ns.response(404, "You have no key with this id")
    @requires(allow_api_keys=False)
    def delete(self, key_id: str):
        """Revoke one of your API keys; it stops working at once."""
        return keyring().revoke(owner=current_principal().username, key_id=key_id)
