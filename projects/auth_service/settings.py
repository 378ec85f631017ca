"""The auth service's settings: core's, plus login throttling, MFA and bootstrap admin."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import ClassVar, Literal, Self

from pydantic import Field, SecretStr, model_validator

from projects.core import Settings

DEV_DATABASE_FILE = "auth_service.sqlite3"
# Development only, so that the README's examples can act as an administrator.
DEV_ADMIN_EMAIL = "admin@example.com"
DEV_ADMIN_PASSWORD = "dev-admin-password-change-me"


class AuthSettings(Settings):
    """Read from the environment: e.g. LOGIN_MAX_FAILURES, MFA_CHALLENGE_TTL, ADMIN_EMAIL."""

    token_role: ClassVar[Literal["issuer", "verifier", "none"]] = "issuer"

    # Failed logins per account (whatever the name: unknown accounts count the same, so a
    # lockout says nothing about who has an account) and per client IP, in one window.
    login_max_failures: int = Field(5, ge=1)
    login_ip_max_failures: int = Field(30, ge=1)
    login_lockout: timedelta = timedelta(minutes=15)

    mfa_challenge_ttl: timedelta = timedelta(minutes=5)
    mfa_max_attempts: int = Field(5, ge=1)
    totp_issuer: str = "Flask Capstone"
    recovery_code_count: int = Field(10, ge=1, le=50)

    oauth_code_ttl: timedelta = timedelta(minutes=5)

    # Optional bootstrap administrator, created at start-up when both are set.
    admin_email: str | None = None
    admin_password: SecretStr | None = None

    @model_validator(mode="after")
    def _development_defaults(self) -> Self:
        if self.environment != "development":
            return self
        if self.database_url is None:
            # A file, not core's in-memory default: the development server is threaded,
            # and one shared in-memory connection would mix concurrent transactions.
            self.database_url = f"sqlite:///{Path.cwd() / DEV_DATABASE_FILE}"
        if self.admin_email is None and self.admin_password is None:
            self.admin_email = DEV_ADMIN_EMAIL
            self.admin_password = SecretStr(DEV_ADMIN_PASSWORD)
        return self
