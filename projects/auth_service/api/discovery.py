"""/.well-known: the JWK Set other services verify tokens with, and OAuth2 server metadata."""

from __future__ import annotations

from flask import request
from flask_restx import Namespace, Resource, fields

from projects.core import token_issuer

from ..services.oauth import GRANT_TYPES
from ..services.scopes import SCOPES

ns = Namespace("well-known", path="/.well-known", description="Keys and metadata")
# Verifiers cache the set (core: 5 minutes) and refetch it when they meet a new `kid`.
CACHE = {"Cache-Control": "public, max-age=300"}

jwk_out = ns.model(
    "JWK",
    {
        "kty": fields.String(example="RSA"),
        "kid": fields.String,
        "use": fields.String(example="sig"),
        "alg": fields.String(example="RS256"),
        "n": fields.String,
        "e": fields.String(example="AQAB"),
    },
)
jwks_out = ns.model("JWKS", {"keys": fields.List(fields.Nested(jwk_out))})


@ns.route("/jwks.json", endpoint="jwks")
class Jwks(Resource):
    @ns.response(200, "The JWK Set", jwks_out)
    def get(self):
        """Publish the public keys that sign this service's tokens (RFC 7517)."""
        # core lists JWT_JWKS (retired keys) after the signing key, even when an operator
        # put the signing key there too: publish each kid once.
        unique: dict[str, dict] = {}
        for key in token_issuer().jwks()["keys"]:
            unique.setdefault(key["kid"], key)
        return {"keys": list(unique.values())}, 200, CACHE


@ns.route("/oauth-authorization-server", endpoint="oauth_metadata")
class AuthorizationServerMetadata(Resource):
    def get(self):
        """Describe the OAuth2 authorization server (RFC 8414)."""
        base = request.host_url.rstrip("/")
        body = {
            "issuer": base,
            "authorization_endpoint": f"{base}/oauth/authorize",
            "token_endpoint": f"{base}/oauth/token",
            "jwks_uri": f"{base}/.well-known/jwks.json",
            "scopes_supported": list(SCOPES),
            "response_types_supported": ["code"],
            "grant_types_supported": list(GRANT_TYPES),
            "token_endpoint_auth_methods_supported": [
                "client_secret_basic",
                "client_secret_post",
                "none",
            ],
            "code_challenge_methods_supported": ["S256"],
        }
        return body, 200, CACHE
