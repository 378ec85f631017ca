"""Keys: RSA pairs, their RFC 7638 thumbprints, and public JWKs without private parts."""

from __future__ import annotations

import base64
import hashlib
import json

import jwt
import pytest

from projects.core.keys import KeyPair, load_public_key, main, public_jwk, thumbprint

PRIVATE_MEMBERS = {"d", "p", "q", "dp", "dq", "qi"}


def test_a_pair_is_named_by_its_thumbprint(jwt_key_pair: KeyPair) -> None:
    assert jwt_key_pair.kid == thumbprint(jwt_key_pair.public_pem)
    assert jwt_key_pair.kid == thumbprint(jwt_key_pair.private_pem)  # same key, same ID
    assert load_public_key(jwt_key_pair.private_pem).key_size == 2048


def test_thumbprint_follows_rfc_7638(jwt_key_pair: KeyPair) -> None:
    jwk = public_jwk(jwt_key_pair.public_pem)
    canonical = f'{{"e":"{jwk["e"]}","kty":"RSA","n":"{jwk["n"]}"}}'
    digest = base64.urlsafe_b64encode(hashlib.sha256(canonical.encode()).digest()).rstrip(b"=")
    assert thumbprint(jwt_key_pair.public_pem) == digest.decode()


def test_public_jwk_has_no_private_members(jwt_key_pair: KeyPair) -> None:
    jwk = public_jwk(jwt_key_pair.private_pem, kid="k1")
    assert not PRIVATE_MEMBERS & set(jwk)
    assert (jwk["kid"], jwk["alg"], jwk["use"], jwk["kty"]) == ("k1", "RS256", "sig", "RSA")
    assert jwt.PyJWK(jwk).key_id == "k1"  # a valid JWK for PyJWT


def test_only_rsa_keys_are_accepted() -> None:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ed25519

    pem = (
        ed25519.Ed25519PrivateKey.generate()
        .public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )
    with pytest.raises(ValueError, match="expected an RSA key"):
        load_public_key(pem)


def test_the_command_prints_a_key_and_its_jwk(capsys: pytest.CaptureFixture[str]) -> None:
    main()
    out = capsys.readouterr().out
    assert out.startswith("-----BEGIN PRIVATE KEY-----")
    jwk = json.loads(out.split("# public JWK: ")[1])
    assert f"# JWT_KEY_ID={jwk['kid']}" in out
