"""Exercise 4 — schema versioning.

Version 2 of the product resource renamed `name` to `title`, turned `price_cents`
into a decimal string `price`, and made `tags` a list. Serve both versions side by
side from one store that holds version 2 data, converting at the edge.

Check your work with: nox -s chapter05 -- ex4
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint
from marshmallow import Schema

SUPPORTED_VERSIONS = (1, 2)
# Clients that never asked for a version keep the contract they were written against.
DEFAULT_VERSION = 1
MEDIA_TYPE = "application/vnd.shop.v{version}+json"
GENERIC_JSON = ("application/json", "application/*", "*/*")
PRICE_PATTERN = r"^\d{1,6}\.\d{2}$"
TAG_PATTERN = r"^[a-z0-9-]{1,20}$"
TAGS_V1_PATTERN = r"^([a-z0-9-]{1,20}(,[a-z0-9-]{1,20})*)?$"


class UnsupportedVersion(ValueError):
    """The client asked only for versions this API does not serve."""


class ProductV1Schema(Schema):
    """Version 1: a name, a price in cents, tags in one comma-separated string.

    1. `name`: required, 1 to 100 characters; `price_cents`: required strict integer
       from 0 to 99_999_999; `tags`: a string matching TAGS_V1_PATTERN, loading as ""
       when left out.

    Declare the fields, then delete this class's __init__.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        raise NotImplementedError("Exercise 4 (ProductV1Schema) is not done yet")


class ProductV2Schema(Schema):
    """Version 2: a title, a decimal price string, tags as a list.

    1. `title`: required, 1 to 100 characters; `price`: a required string matching
       PRICE_PATTERN ("12.50"); `tags`: a list of at most 10 strings, each matching
       TAG_PATTERN, loading as [] when left out.

    Declare the fields, then delete this class's __init__.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        raise NotImplementedError("Exercise 4 (ProductV2Schema) is not done yet")


def upgrade(v1: dict[str, Any]) -> dict[str, Any]:
    """Convert a loaded version 1 product to version 2.

    2. name → title; price_cents 1250 → price "12.50"; tags "a,b" → ["a", "b"]
       ("" → []).
    """
    raise NotImplementedError("Exercise 4 (upgrade) is not done yet")


def downgrade(v2: dict[str, Any]) -> dict[str, Any]:
    """Convert a version 2 product to version 1.

    2. The exact inverse of upgrade: downgrade(upgrade(v1)) == v1 for every valid v1.
    """
    raise NotImplementedError("Exercise 4 (downgrade) is not done yet")


def version_of(media_type: str) -> int | None:
    """Return N for application/vnd.shop.vN+json (any case), None for anything else.

    3. Match the whole media type (after strip and lower-case) against
       application/vnd.shop.v<digits>+json; return the digits as an int.
    """
    raise NotImplementedError("Exercise 4 (version_of) is not done yet")


def negotiate_version(accept: str | None) -> int:
    """Pick the response version from an Accept header.

    3. No header (None or blank) → DEFAULT_VERSION. Otherwise every media range with
       quality > 0 that names a supported version is a candidate; GENERIC_JSON ranges
       count as DEFAULT_VERSION. The highest quality wins; among equal qualities, the
       higher version. No candidate → raise UnsupportedVersion with a message listing
       the media types on offer (MEDIA_TYPE for each supported version).
    """
    raise NotImplementedError("Exercise 4 (negotiate_version) is not done yet")


def body_version(mimetype: str) -> int:
    """Pick the version of a request body from its Content-Type (without parameters).

    4. "application/json" → DEFAULT_VERSION; a vendor type of a supported version →
       that version; anything else → raise UnsupportedVersion.
    """
    raise NotImplementedError("Exercise 4 (body_version) is not done yet")


def load_product(payload: Any, *, version: int) -> dict[str, Any]:
    """Validate a body of the given version and return it as a version 2 product.

    5. Version 1: load with ProductV1Schema, then upgrade. Version 2: load with
       ProductV2Schema. Let ValidationError propagate.
    """
    raise NotImplementedError("Exercise 4 (load_product) is not done yet")


def dump_product(product: dict[str, Any], *, version: int) -> dict[str, Any]:
    """Serialise a version 2 product in the given version.

    5. Version 1: downgrade, then dump with ProductV1Schema. Version 2: dump with
       ProductV2Schema.
    """
    raise NotImplementedError("Exercise 4 (dump_product) is not done yet")


def create_blueprint() -> Blueprint:
    """Serve /products in both versions side by side, from one store of version 2 data.

    6. POST /products: the body's version comes from body_version(request.mimetype)
       (failure → 415 "unsupported_media_type"); the answer's from negotiate_version
       of the Accept header (failure → 406 "not_acceptable"); unparseable JSON → 400
       "invalid_json"; a ValidationError → 422 "validation_failed" with the messages
       as "fields". Store the version 2 product under the next id (1, 2, …) and answer
       201 with {"id": id, ...the product in the answer's version}.
    7. GET /products/<int:product_id>: 200 in the negotiated version, or 404
       "not_found". Every product answer has Content-Type MEDIA_TYPE of its version
       and Vary: Accept. Errors are {"error": {"code": ..., "message": ...}}.
    """
    raise NotImplementedError("Exercise 4 (create_blueprint) is not done yet")
