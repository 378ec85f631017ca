"""Tokens: RS256 access and refresh tokens, verified by kid from a local JWKS or a URL."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import jwt
import pytest

from projects.core import ServiceUnavailable, TokenIssuer, TokenVerifier, Unauthorized, tokens
from projects.core.keys import KeyPair, generate_key_pair

ISSUER, AUDIENCE = "auth-test", "api-test"


@pytest.fixture
def issuer(jwt_key_pair: KeyPair) -> TokenIssuer:
    return TokenIssuer(jwt_key_pair.private_pem, issuer=ISSUER, audience=AUDIENCE)


@pytest.fixture
def verifier(issuer: TokenIssuer) -> TokenVerifier:
    return TokenVerifier(issuer=ISSUER, audience=AUDIENCE, jwks=issuer.jwks())


def refused(verifier: TokenVerifier, token: str, **kwargs: Any) -> str:
    with pytest.raises(Unauthorized) as caught:
        verifier.verify(token, **kwargs)
    assert "invalid_token" in caught.value.headers["WWW-Authenticate"]
    return caught.value.message


def test_an_access_token_round_trips(issuer: TokenIssuer, verifier: TokenVerifier) -> None:
    token = issuer.issue("user-1", roles=["admin"], claims={"tenant": "t1"})
    claims = verifier.verify(token)
    assert (claims["sub"], claims["roles"], claims["tenant"]) == ("user-1", ["admin"], "t1")
    assert (claims["iss"], claims["aud"], claims["type"]) == (ISSUER, AUDIENCE, "access")
    assert claims["exp"] - claims["iat"] == 15 * 60
    assert jwt.get_unverified_header(token) == {"alg": "RS256", "kid": issuer.kid, "typ": "JWT"}


def test_every_token_has_its_own_jti(issuer: TokenIssuer, verifier: TokenVerifier) -> None:
    tokens = [issuer.issue("u") for _ in range(3)]
    assert len({verifier.verify(t)["jti"] for t in tokens}) == 3


def test_token_types_do_not_mix(issuer: TokenIssuer, verifier: TokenVerifier) -> None:
    refresh = issuer.issue("u", token_type="refresh")
    assert "Expected an access token" in refused(verifier, refresh)
    claims = verifier.verify(refresh, token_type="refresh")
    assert claims["exp"] - claims["iat"] == 7 * 24 * 3600


def test_lifetime_is_checked_with_leeway(issuer: TokenIssuer, verifier: TokenVerifier) -> None:
    now = datetime.now(UTC)
    assert "expired" in refused(verifier, issuer.issue("u", now=now - timedelta(minutes=16)))
    verifier.verify(issuer.issue("u", now=now - timedelta(minutes=15, seconds=10)))  # leeway
    assert "not yet valid" in refused(verifier, issuer.issue("u", now=now + timedelta(minutes=5)))


@pytest.mark.parametrize(
    ("issuer_name", "audience", "reason"),
    [("someone-else", AUDIENCE, "issuer"), (ISSUER, "other-api", "audience")],
)
def test_issuer_and_audience_must_match(
    jwt_key_pair: KeyPair, verifier: TokenVerifier, issuer_name: str, audience: str, reason: str
) -> None:
    other = TokenIssuer(jwt_key_pair.private_pem, issuer=issuer_name, audience=audience)
    assert reason in refused(verifier, other.issue("u")).lower()


def test_a_key_the_verifier_does_not_trust_is_refused(verifier: TokenVerifier) -> None:
    stranger = TokenIssuer(generate_key_pair().private_pem, issuer=ISSUER, audience=AUDIENCE)
    assert "unknown key" in refused(verifier, stranger.issue("u"))


def test_forged_and_tampered_tokens_are_refused(
    issuer: TokenIssuer, verifier: TokenVerifier, jwt_key_pair: KeyPair
) -> None:
    header, payload, signature = issuer.issue("u").split(".")
    claims = json.loads(jwt.utils.base64url_decode(payload))
    claims["roles"] = ["admin"]
    forged_payload = jwt.utils.base64url_encode(json.dumps(claims).encode()).decode()
    refused(verifier, f"{header}.{forged_payload}.{signature}")
    unsigned = jwt.encode({**claims}, key=None, algorithm="none", headers={"kid": issuer.kid})
    refused(verifier, unsigned)
    # Signing with the public key as an HMAC secret is the classic algorithm confusion.
    refused(verifier, _hs256_with(jwt_key_pair.public_pem, claims, issuer.kid))
    refused(verifier, "not-a-token")


def _hs256_with(secret: str, claims: dict[str, Any], kid: str) -> str:
    import base64
    import hashlib
    import hmac

    def part(data: dict[str, Any]) -> bytes:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=")

    signing_input = part({"alg": "HS256", "kid": kid}) + b"." + part(claims)
    mac = hmac.new(secret.encode(), signing_input, hashlib.sha256).digest()
    return (signing_input + b"." + base64.urlsafe_b64encode(mac).rstrip(b"=")).decode()


def test_a_revoked_token_is_refused(issuer: TokenIssuer) -> None:
    denylist: set[str] = set()
    verifier = TokenVerifier(
        issuer=ISSUER, audience=AUDIENCE, jwks=issuer.jwks(), is_revoked=denylist.__contains__
    )
    token = issuer.issue("u")
    denylist.add(verifier.verify(token)["jti"])
    assert "revoked" in refused(verifier, token)


def test_reserved_claims_cannot_be_overridden(issuer: TokenIssuer) -> None:
    with pytest.raises(ValueError, match="sub"):
        issuer.issue("u", claims={"sub": "admin"})


def test_rotation_keeps_old_tokens_valid(jwt_key_pair: KeyPair, issuer: TokenIssuer) -> None:
    old_token = issuer.issue("u")
    new_pair = generate_key_pair()
    rotated = TokenIssuer(
        new_pair.private_pem, issuer=ISSUER, audience=AUDIENCE, retired_keys=issuer.jwks()["keys"]
    )
    assert [key["kid"] for key in rotated.jwks()["keys"]] == [new_pair.kid, jwt_key_pair.kid]
    verifier = TokenVerifier(issuer=ISSUER, audience=AUDIENCE, jwks=rotated.jwks())
    assert verifier.verify(old_token)["sub"] == verifier.verify(rotated.issue("u"))["sub"]


class JwksServer:
    """Serve a JWKS over HTTP on loopback, counting the fetches."""

    def __init__(self, jwks: dict[str, Any]) -> None:
        self.jwks, self.fetches = jwks, 0
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (the name http.server calls)
                server.fetches += 1
                body = json.dumps(server.jwks).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/.well-known/jwks.json"


@pytest.fixture
def jwks_server(issuer: TokenIssuer) -> Iterator[JwksServer]:
    server = JwksServer(issuer.jwks())
    thread = threading.Thread(target=server.httpd.serve_forever, args=(0.01,), daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.httpd.shutdown()
        server.httpd.server_close()
        thread.join()


def test_keys_are_fetched_from_a_jwks_url_and_cached(
    issuer: TokenIssuer, jwks_server: JwksServer
) -> None:
    verifier = TokenVerifier(issuer=ISSUER, audience=AUDIENCE, jwks_url=jwks_server.url)
    for _ in range(3):
        assert verifier.verify(issuer.issue("u"))["sub"] == "u"
    assert jwks_server.fetches == 1


def test_a_rotated_key_is_found_by_refetching(issuer: TokenIssuer, jwks_server: JwksServer) -> None:
    verifier = TokenVerifier(
        issuer=ISSUER, audience=AUDIENCE, jwks_url=jwks_server.url, refetch_cooldown=0
    )
    verifier.verify(issuer.issue("u"))
    rotated = TokenIssuer(
        generate_key_pair().private_pem,
        issuer=ISSUER,
        audience=AUDIENCE,
        retired_keys=issuer.jwks()["keys"],
    )
    jwks_server.jwks = rotated.jwks()
    assert verifier.verify(rotated.issue("new"))["sub"] == "new"
    assert jwks_server.fetches == 2
    assert "unknown key" in refused(verifier, _stranger_token())
    assert jwks_server.fetches == 3  # one refetch per unknown kid, then refused


def test_unknown_kids_cannot_flood_the_issuer(jwks_server: JwksServer, issuer: TokenIssuer) -> None:
    verifier = TokenVerifier(issuer=ISSUER, audience=AUDIENCE, jwks_url=jwks_server.url)
    verifier.verify(issuer.issue("u"))
    for _ in range(3):
        refused(verifier, _stranger_token())
    assert jwks_server.fetches == 1  # within the cooldown, no refetch


def _stranger_token() -> str:
    stranger = TokenIssuer(generate_key_pair().private_pem, issuer=ISSUER, audience=AUDIENCE)
    return stranger.issue("intruder")


def test_an_unreachable_jwks_url_is_a_503(issuer: TokenIssuer, jwks_server: JwksServer) -> None:
    url = jwks_server.url
    jwks_server.httpd.shutdown()
    jwks_server.httpd.server_close()
    verifier = TokenVerifier(issuer=ISSUER, audience=AUDIENCE, jwks_url=url, timeout=0.5)
    with pytest.raises(ServiceUnavailable):
        verifier.verify(issuer.issue("u"))


def test_a_remembered_signature_does_not_outlive_the_token(
    issuer: TokenIssuer, verifier: TokenVerifier, monkeypatch
) -> None:
    token = issuer.issue("ann")
    assert verifier.verify(token)["sub"] == "ann"  # checked once, now remembered
    expires = verifier.verify(token)["exp"]
    monkeypatch.setattr(tokens.time, "time", lambda: expires + 31)  # past the 30 s leeway
    with pytest.raises(Unauthorized, match="expired"):
        verifier.verify(token)


def test_a_remembered_token_is_still_checked_for_revocation(issuer: TokenIssuer) -> None:
    revoked: set[str] = set()
    verifier = TokenVerifier(
        issuer=issuer.issuer,
        audience=issuer.audience,
        jwks=issuer.jwks(),
        is_revoked=revoked.__contains__,
    )
    token = issuer.issue("ann")
    claims = verifier.verify(token)
    revoked.add(claims["jti"])
    with pytest.raises(Unauthorized, match="revoked"):
        verifier.verify(token)


def test_the_signing_key_is_published_once_even_if_also_listed_as_retired(
    jwt_key_pair: KeyPair, issuer: TokenIssuer
) -> None:
    again = TokenIssuer(
        jwt_key_pair.private_pem,
        issuer=ISSUER,
        audience=AUDIENCE,
        retired_keys=issuer.jwks()["keys"],
    )
    assert [key["kid"] for key in again.jwks()["keys"]] == [issuer.kid]


def test_issue_token_returns_the_claims_it_signed(jwt_key_pair: KeyPair) -> None:
    issuer = TokenIssuer(jwt_key_pair.private_pem, issuer="iss", audience="aud")
    issued = issuer.issue_token("user-9", roles=["admin"], claims={"sid": "s1"})
    verifier = TokenVerifier(issuer="iss", audience="aud", jwks=issuer.jwks())
    assert verifier.verify(issued.token) == dict(issued.claims)
    assert issued.expires_in == 15 * 60
