"""The task API's own errors: core's hierarchy, plus the HTTP statuses core has no class for."""

from __future__ import annotations

from projects.core import APIError


class PreconditionFailed(APIError):
    """An If-Match header names a version the resource no longer has."""

    status_code = 412
    code = "precondition_failed"
    description = "The resource changed since you read it; fetch it again."


class PayloadTooLarge(APIError):
    """An upload is over the size limit (werkzeug's own 413 gets the same code)."""

    status_code = 413
    code = "request_entity_too_large"
    description = "The upload is too large."


class UnsupportedMediaType(APIError):
    """An upload's content is not of an allowed type."""

    status_code = 415
    code = "unsupported_media_type"
    description = "This type of file is not accepted."
