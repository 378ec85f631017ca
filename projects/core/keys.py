"""RSA signing keys for tokens: generate them, and publish their public half as JWKs.

Run `python -m projects.core.keys` to print a new private key and its JWK.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

ALGORITHM = "RS256"
KEY_SIZE = 2048  # NIST's floor for RSA until 2030; larger keys only slow signing


@dataclass(frozen=True)
class KeyPair:
    """A private key in PEM, its public key in PEM, and the key ID tokens name it by."""

    private_pem: str
    public_pem: str
    kid: str


def generate_key_pair() -> KeyPair:
    """Make a new RSA key pair, its ID being its RFC 7638 thumbprint."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=KEY_SIZE)
    private_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    public_pem = (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )
    return KeyPair(private_pem=private_pem, public_pem=public_pem, kid=thumbprint(public_pem))


# Loading checks the key, which takes ~40 ms: far more than signing with it. Remembering
# a few parsed keys keeps that cost to once per key, also for tests that build many apps.
@functools.lru_cache(maxsize=16)
def load_private_key(pem: str) -> rsa.RSAPrivateKey:
    """Return the RSA private key in `pem`."""
    key = serialization.load_pem_private_key(pem.encode(), password=None)
    if not isinstance(key, rsa.RSAPrivateKey):
        raise ValueError(f"expected an RSA key, got {type(key).__name__}")
    return key


def load_public_key(key: str | rsa.RSAPublicKey) -> rsa.RSAPublicKey:
    """Return the RSA public key of `key`: a key object, or a PEM of the private or public key."""
    if isinstance(key, rsa.RSAPublicKey):
        return key
    if "PRIVATE KEY" in key:
        return load_private_key(key).public_key()
    public = serialization.load_pem_public_key(key.encode())
    if not isinstance(public, rsa.RSAPublicKey):
        raise ValueError(f"expected an RSA key, got {type(public).__name__}")
    return public


def thumbprint(key: str | rsa.RSAPublicKey) -> str:
    """Return the RFC 7638 SHA-256 thumbprint of an RSA key: a stable, unique key ID."""
    jwk = RSAAlgorithm.to_jwk(load_public_key(key), as_dict=True)
    # RFC 7638 hashes exactly the required members, in lexical order, without spaces.
    canonical = json.dumps({k: jwk[k] for k in ("e", "kty", "n")}, separators=(",", ":"))
    digest = hashlib.sha256(canonical.encode()).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def public_jwk(key: str | rsa.RSAPublicKey, *, kid: str | None = None) -> dict[str, Any]:
    """Describe the public half of `key` as a JWK that verifiers may trust."""
    public = load_public_key(key)
    jwk = RSAAlgorithm.to_jwk(public, as_dict=True)
    return {**jwk, "kid": kid or thumbprint(public), "alg": ALGORITHM, "use": "sig"}


def main() -> None:
    """Print a new private key (for JWT_PRIVATE_KEY) and its public JWK."""
    pair = generate_key_pair()
    print(pair.private_pem, end="")
    print(f"# JWT_KEY_ID={pair.kid}")
    print(f"# public JWK: {json.dumps(public_jwk(pair.public_pem, kid=pair.kid))}")


if __name__ == "__main__":
    main()
