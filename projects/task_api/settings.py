"""The task API's settings: core's, plus attachments, caching and webhook delivery."""

from __future__ import annotations

from ipaddress import IPv4Network, IPv6Network
from pathlib import Path
from typing import ClassVar, Literal, Self

from pydantic import Field, model_validator

from projects.core import Settings

DEVELOPMENT_DATABASE = "task_api.sqlite3"  # in the working directory, like a chapter demo
DEFAULT_UPLOAD_DIR = "task_api_uploads"
# Content types an attachment may have, decided from its bytes (see services/attachments.py).
DEFAULT_ATTACHMENT_TYPES = [
    "application/pdf",
    "image/gif",
    "image/jpeg",
    "image/png",
    "image/webp",
    "text/plain",
]


class TaskSettings(Settings):
    """What the task API reads from its environment (on top of core's variables)."""

    token_role: ClassVar[Literal["issuer", "verifier", "none"]] = "verifier"

    admin_role: str = Field("admin", min_length=1, description="role that may do anything")
    auto_migrate: bool | None = Field(
        None, description="apply migrations at start-up; default: outside production only"
    )

    upload_dir: Path = Path(DEFAULT_UPLOAD_DIR)
    attachment_max_bytes: int = Field(10 * 1024 * 1024, ge=1)
    attachment_types: list[str] = Field(default_factory=lambda: list(DEFAULT_ATTACHMENT_TYPES))

    cache_redis_url: str | None = Field(
        None, description="Redis for cached reads; default: REDIS_URL"
    )
    cache_ttl: int = Field(60, ge=1, description="seconds a cached read may live")
    cache_pages: int = Field(3, ge=0, description="list pages cached per query (0: none)")

    webhook_timeout: float = Field(5.0, gt=0, description="seconds per delivery attempt")
    # Webhook URLs that resolve to loopback, private, link-local or other non-public
    # addresses are refused (SSRF), except inside these networks (tests: 127.0.0.0/8).
    webhook_allowed_networks: list[IPv4Network | IPv6Network] = Field(default_factory=list)

    @model_validator(mode="after")
    def _development_database(self) -> Self:
        # Core falls back to in-memory SQLite; a demo served by several threads (and
        # restarted by the reloader) wants a file it can share and keep.
        if self.environment == "development" and not self.database_url:
            self.database_url = f"sqlite:///{Path.cwd() / DEVELOPMENT_DATABASE}"
        return self

    @property
    def migrate_at_startup(self) -> bool:
        """Say whether create_app applies missing migrations itself."""
        if self.auto_migrate is not None:
            return self.auto_migrate
        return self.environment != "production"
