"""The scopes a delegated token (API key, OAuth2) can carry, and what each allows.

A token from a login has no `scope` claim: it may do all its user may do. A token with
a `scope` claim may do only what those scopes name, and never more than its user may.
"""

from __future__ import annotations

from projects.core import ValidationError

SCOPES = {
    "profile": "Read your own account",
    "profile:write": "Change or delete your own account",
    "users:read": "Read all accounts (administrators)",
    "users:write": "Change or delete any account (administrators)",
    "audit:read": "Read the audit log (administrators)",
}


def parse_scopes(text: str, *, field: str = "scope") -> list[str]:
    """Return the scopes in a space-separated string, in a stable order; 400 for unknown ones."""
    names = set(text.split())
    unknown = sorted(names - SCOPES.keys())
    if unknown:
        raise ValidationError(details={field: f"Unknown scopes: {', '.join(unknown)}."})
    return [name for name in SCOPES if name in names]


def allows(claims: dict[str, object], *needed: str) -> bool:
    """Say whether a token's claims allow one of the `needed` scopes."""
    if "scope" not in claims:
        return True  # a login token: limited by the user's role only
    granted = set(str(claims["scope"]).split())
    return bool(granted & set(needed))
