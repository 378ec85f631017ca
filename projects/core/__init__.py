"""The library the capstone services are built on: one way to build, configure, secure,
observe and test a Flask service. See README.md for a service built with it."""

from __future__ import annotations

from .admission import prefetch, prefetched
from .app import create_app
from .auth import Principal, current_principal, require_auth, token_issuer, token_verifier
from .database import create_db, database_check
from .errors import (
    APIError,
    BadRequest,
    Conflict,
    Forbidden,
    NotFound,
    PayloadTooLarge,
    PreconditionFailed,
    RateLimited,
    ServiceUnavailable,
    Unauthorized,
    UnsupportedMediaType,
    ValidationError,
)
from .health import add_check
from .keys import KeyPair, generate_key_pair
from .metrics import metrics_registry
from .pagination import Page, page_model, page_params, paginate
from .ratelimit import rate_limit
from .redis_store import redis_client
from .request_ids import current_request_id
from .settings import ConfigError, Settings
from .tasks import create_celery
from .tokens import IssuedToken, TokenIssuer, TokenVerifier

__all__ = [
    "APIError",
    "BadRequest",
    "ConfigError",
    "Conflict",
    "Forbidden",
    "IssuedToken",
    "KeyPair",
    "NotFound",
    "Page",
    "PayloadTooLarge",
    "PreconditionFailed",
    "Principal",
    "RateLimited",
    "ServiceUnavailable",
    "Settings",
    "TokenIssuer",
    "TokenVerifier",
    "Unauthorized",
    "UnsupportedMediaType",
    "ValidationError",
    "add_check",
    "create_app",
    "create_celery",
    "create_db",
    "current_principal",
    "current_request_id",
    "database_check",
    "generate_key_pair",
    "metrics_registry",
    "page_model",
    "page_params",
    "paginate",
    "prefetch",
    "prefetched",
    "rate_limit",
    "redis_client",
    "require_auth",
    "token_issuer",
    "token_verifier",
]
