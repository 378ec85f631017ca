"""/oauth: the OAuth2 authorization endpoint (consent) and token endpoint.

The service has no HTML pages: a first-party front end, logged in as the user, reads
the consent request with GET /oauth/authorize (same query as the client sent) and posts
the user's decision; the answer names where to send the browser, code included.
"""

from __future__ import annotations

from flask_restx import Namespace, Resource, fields

from projects.core import rate_limit, require_auth

from ..services import oauth
from ..services.scopes import SCOPES
from .access import caller, require_login_token

ns = Namespace("oauth", path="/oauth", description="OAuth2 authorization server")

authorize_args = ns.parser()
for name, required, help_text in (
    ("response_type", True, "code"),
    ("client_id", True, "The client's id"),
    ("redirect_uri", False, "One of the client's registered redirect URIs"),
    ("scope", False, f"Space-separated, from: {' '.join(SCOPES)}"),
    ("state", False, "Echoed back to the client"),
    ("code_challenge", True, "BASE64URL(SHA256(code_verifier)), 43 to 128 characters"),
    ("code_challenge_method", True, "S256"),
):
    authorize_args.add_argument(name, location="args", required=required, help=help_text)
consent_out = ns.model(
    "ConsentRequest",
    {
        "client_id": fields.String,
        "client_name": fields.String,
        "redirect_uri": fields.String,
        "scope": fields.String,
        "scopes": fields.Raw(description="Each requested scope and what it allows"),
    },
)
decision_in = ns.model(
    "ConsentDecision", {"approve": fields.Boolean(required=True, description="The user's answer")}
)
decision_out = ns.model(
    "ConsentResult",
    {"redirect_to": fields.String(description="The client's redirect URI with code and state")},
)
token_form = ns.parser()
for name, help_text in (
    ("grant_type", "authorization_code or client_credentials"),
    ("code", "authorization_code: the code"),
    ("redirect_uri", "authorization_code: as in the authorization request"),
    ("code_verifier", "authorization_code: the PKCE verifier"),
    ("client_id", "Public clients (and client_secret_post)"),
    ("client_secret", "client_secret_post; or use HTTP Basic"),
    ("scope", "client_credentials: the scopes wanted"),
):
    token_form.add_argument(name, location="form", help=help_text)


@ns.route("/authorize")
class Authorize(Resource):
    @require_auth
    @ns.expect(authorize_args)
    @ns.marshal_with(consent_out)
    @ns.response(400, "Invalid authorization request (unknown client, bad redirect URI, no PKCE)")
    def get(self):
        """Check an authorization request and describe it, for the user's consent."""
        require_login_token()
        return oauth.consent(user=caller())

    @require_auth
    @ns.expect(authorize_args, decision_in)
    @ns.marshal_with(decision_out)
    @ns.response(400, "Invalid authorization request")
    def post(self):
        """Approve or deny: returns the redirect URI with a code (or error=access_denied)."""
        require_login_token()
        decision = ns.payload
        approve = isinstance(decision, dict) and decision.get("approve") is True
        return {"redirect_to": oauth.decide(user=caller(), approve=approve)}


@ns.route("/token")
class Token(Resource):
    @rate_limit("60/minute")
    @ns.expect(token_form)
    @ns.response(200, "An access token (RS256 JWT)")
    @ns.response(400, "OAuth2 error: {error, error_description}")
    @ns.response(401, "Client authentication failed: {error: invalid_client}")
    def post(self):
        """The token endpoint (RFC 6749): authorization_code with PKCE, client_credentials."""
        return oauth.token_response()
