"""/api/dev/token: mint tokens on a development server that has no auth service to ask.

Mounted ONLY when APP_ENV=development and no JWT key is configured (no JWT_JWKS,
JWT_JWKS_URL or JWT_PRIVATE_KEY): the app then trusts a throwaway key made at start-up,
and this endpoint signs with it. Tokens die with the process. Anywhere else tokens
come from the auth service, and this route does not exist.
"""

from __future__ import annotations

from flask import current_app
from flask_restx import Namespace, Resource, fields

from projects.core import token_issuer

from ..models import SUBJECT_LENGTH
from .payloads import json_payload

ns = Namespace("dev", path="/api/dev", description="DEVELOPMENT ONLY: tokens for trying the API")

token_in = ns.model(
    "DevTokenIn",
    {
        "subject": fields.String(
            required=True, min_length=1, max_length=SUBJECT_LENGTH, pattern=r"^[\w.@:-]+$",
            example="alice", description="The user ID the token speaks for",
        ),
        "roles": fields.List(
            fields.String(min_length=1, max_length=40), max_items=10, example=["admin"]
        ),
    },
    strict=True,
)  # fmt: skip
token_out = ns.model(
    "DevTokenOut",
    {
        "access_token": fields.String,
        "token_type": fields.String(example="Bearer"),
        "expires_in": fields.Integer(description="Seconds"),
    },
)


@ns.route("/token")
class DevToken(Resource):
    @ns.expect(token_in)
    @ns.response(400, "Invalid subject or roles")
    @ns.marshal_with(token_out)
    def post(self):
        """Mint an access token (development servers only)."""
        values = json_payload(token_in)
        issuer = token_issuer()
        token = issuer.issue(values["subject"], roles=values.get("roles", []))
        lifetime = current_app.config["SETTINGS"].jwt_access_ttl
        return {
            "access_token": token,
            "token_type": "Bearer",
            "expires_in": int(lifetime.total_seconds()),
        }
