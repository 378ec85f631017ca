"""One error hierarchy, and one JSON shape for every error a service returns.

Every error body is `{"error": {"status", "code", "message", "request_id", "details"?}}`.
Invalid input is always 400 `validation_error` (never 422), whether core, flask-restx's
payload validation or marshmallow found it, so clients handle one status for bad input.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar


class APIError(Exception):
    """An error a service raises on purpose; its class decides status and code."""

    status_code: ClassVar[int] = 500
    code: ClassVar[str] = "internal_error"
    description: ClassVar[str] = "The server could not handle the request."

    def __init__(
        self,
        message: str | None = None,
        *,
        details: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        self.message = message or self.description
        self.details = dict(details) if details else None
        self.headers = dict(headers or {})
        super().__init__(self.message)


class BadRequest(APIError):
    """The request is malformed."""

    status_code = 400
    code = "bad_request"
    description = "The request is malformed."


class ValidationError(APIError):
    """The request is well-formed but its values are invalid; details map field to problem."""

    status_code = 400
    code = "validation_error"
    description = "The request has invalid values."


class Unauthorized(APIError):
    """No valid credentials: the caller must (re-)authenticate."""

    status_code = 401
    code = "unauthorized"
    description = "Authentication is required."

    def __init__(self, message: str | None = None, *, token_error: str | None = None, **kw: Any):
        super().__init__(message, **kw)
        # RFC 6750: say the scheme always, and why only when a token was presented.
        challenge = 'Bearer realm="api"'
        if token_error:
            challenge += f', error="{token_error}"'
        self.headers.setdefault("WWW-Authenticate", challenge)


class Forbidden(APIError):
    """The caller is known but may not do this."""

    status_code = 403
    code = "forbidden"
    description = "You are not allowed to do this."


class NotFound(APIError):
    """The resource does not exist (or the caller may not know that it does)."""

    status_code = 404
    code = "not_found"
    description = "The resource was not found."


class Conflict(APIError):
    """The request conflicts with the resource's current state (a duplicate, a stale write)."""

    status_code = 409
    code = "conflict"
    description = "The request conflicts with the current state of the resource."


class PreconditionFailed(APIError):
    """A conditional request's If-Match names a version the resource no longer has."""

    status_code = 412
    code = "precondition_failed"
    description = "The resource changed since you read it; fetch it again."


class PayloadTooLarge(APIError):
    """The body (an upload) is over the size limit."""

    status_code = 413
    code = "request_entity_too_large"
    description = "The request body is too large."


class UnsupportedMediaType(APIError):
    """The body is of a content type the endpoint does not accept."""

    status_code = 415
    code = "unsupported_media_type"
    description = "This type of content is not accepted."


class RateLimited(APIError):
    """Too many requests; Retry-After says how many seconds to wait."""

    status_code = 429
    code = "rate_limited"
    description = "Too many requests."

    def __init__(self, message: str | None = None, *, retry_after: int = 60, **kw: Any):
        super().__init__(message, **kw)
        self.headers.setdefault("Retry-After", str(retry_after))


class ServiceUnavailable(APIError):
    """A dependency is down; the request may succeed later."""

    status_code = 503
    code = "service_unavailable"
    description = "The service is temporarily unavailable."

    def __init__(self, message: str | None = None, *, retry_after: int | None = None, **kw: Any):
        super().__init__(message, **kw)
        if retry_after is not None:
            self.headers.setdefault("Retry-After", str(retry_after))


# werkzeug's HTTP exceptions (a 404, a 405, a 413) get the code of the class above with the
# same status, so a client sees one code per status whoever raised the error.
CODE_BY_STATUS = {
    cls.status_code: cls.code
    for cls in (
        BadRequest,
        Unauthorized,
        Forbidden,
        NotFound,
        Conflict,
        PreconditionFailed,
        PayloadTooLarge,
        UnsupportedMediaType,
        RateLimited,
    )
} | {500: APIError.code, 503: ServiceUnavailable.code}
