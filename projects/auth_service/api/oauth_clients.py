"""/api/oauth/clients: register, list and revoke OAuth2 clients (administrators)."""

from __future__ import annotations

from flask_restx import Namespace, Resource, fields

from projects.core import require_auth

from ..services import oauth
from ..services.scopes import SCOPES
from .access import require_admin, require_login_token

ns = Namespace("oauth-clients", path="/api/oauth/clients", description="OAuth2 clients (admins)")

client_in = ns.model(
    "OAuthClientIn",
    {
        "name": fields.String(required=True, min_length=1, max_length=80, example="Reports app"),
        "redirect_uris": fields.List(
            fields.String(max_length=500), example=["http://127.0.0.1:8765/callback"]
        ),
        "grant_types": fields.List(
            fields.String(enum=list(oauth.GRANT_TYPES)),
            required=True,
            example=["authorization_code"],
        ),
        "scope": fields.String(
            max_length=255, example="profile", description=f"From: {' '.join(SCOPES)}"
        ),
        "public": fields.Boolean(
            default=False, description="A browser or mobile app: no secret, PKCE only"
        ),
    },
)
client_out = ns.model(
    "OAuthClientOut",
    {
        "client_id": fields.String,
        "name": fields.String,
        "redirect_uris": fields.List(fields.String),
        "grant_types": fields.List(fields.String),
        "scope": fields.String,
        "token_endpoint_auth_method": fields.String,
        "created_at": fields.DateTime(dt_format="iso8601"),
    },
)
created_out = ns.inherit(
    "OAuthClientCreated",
    client_out,
    {"client_secret": fields.String(description="Shown this once (none for public clients)")},
)


@ns.route("")
class Clients(Resource):
    @require_auth
    @ns.marshal_list_with(client_out)
    def get(self):
        """List the registered clients."""
        require_login_token()
        require_admin()
        return oauth.clients()

    @require_auth
    @ns.expect(client_in, validate=True)
    @ns.marshal_with(created_out, code=201)
    @ns.response(400, "Invalid client description")
    def post(self):
        """Register a client; its secret is shown this once."""
        require_login_token()
        admin = require_admin()
        body = ns.payload
        client, secret = oauth.register_client(
            name=body["name"],
            redirect_uris=body.get("redirect_uris") or [],
            grant_types=body["grant_types"],
            scope=body.get("scope") or "",
            public=bool(body.get("public")),
            created_by=admin,
        )
        client.client_secret = secret  # marshalled once, never stored
        return client, 201


@ns.route("/<string:client_id>")
@ns.param("client_id", "The client's id")
class OneClient(Resource):
    @require_auth
    @ns.response(204, "Revoked")
    @ns.response(404, "No such client")
    def delete(self, client_id: str):
        """Revoke a client: it can no longer get tokens."""
        require_login_token()
        oauth.revoke_client(client_id=client_id, by=require_admin())
        return "", 204
