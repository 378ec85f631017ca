"""Exercise 4 — schema versioning (reference solution)."""

from __future__ import annotations

import itertools
import re
from typing import Any

from flask import Blueprint, jsonify, request
from marshmallow import Schema, ValidationError, fields, validate
from werkzeug.exceptions import BadRequest
from werkzeug.http import parse_accept_header

SUPPORTED_VERSIONS = (1, 2)
# Clients that never asked for a version keep the contract they were written against.
DEFAULT_VERSION = 1
MEDIA_TYPE = "application/vnd.shop.v{version}+json"
GENERIC_JSON = ("application/json", "application/*", "*/*")
PRICE_PATTERN = r"^\d{1,6}\.\d{2}$"
TAG_PATTERN = r"^[a-z0-9-]{1,20}$"
TAGS_V1_PATTERN = r"^([a-z0-9-]{1,20}(,[a-z0-9-]{1,20})*)?$"
_VENDOR = re.compile(r"application/vnd\.shop\.v(\d{1,3})\+json")


class UnsupportedVersion(ValueError):
    """The client asked only for versions this API does not serve."""


class ProductV1Schema(Schema):
    """Version 1: a name, a price in cents, tags in one comma-separated string."""

    name = fields.String(required=True, validate=validate.Length(1, 100))
    price_cents = fields.Integer(strict=True, required=True, validate=validate.Range(0, 99_999_999))
    tags = fields.String(load_default="", validate=validate.Regexp(TAGS_V1_PATTERN))


class ProductV2Schema(Schema):
    """Version 2: a title, a decimal price string, tags as a list."""

    title = fields.String(required=True, validate=validate.Length(1, 100))
    price = fields.String(required=True, validate=validate.Regexp(PRICE_PATTERN))
    tags = fields.List(
        fields.String(validate=validate.Regexp(TAG_PATTERN)),
        load_default=list,
        validate=validate.Length(max=10),
    )


def upgrade(v1: dict[str, Any]) -> dict[str, Any]:
    """Convert a loaded version 1 product to version 2."""
    cents = v1["price_cents"]
    return {
        "title": v1["name"],
        "price": f"{cents // 100}.{cents % 100:02d}",
        "tags": v1["tags"].split(",") if v1["tags"] else [],
    }


def downgrade(v2: dict[str, Any]) -> dict[str, Any]:
    """Convert a version 2 product to version 1."""
    whole, cents = v2["price"].split(".")
    return {
        "name": v2["title"],
        "price_cents": int(whole) * 100 + int(cents),
        "tags": ",".join(v2["tags"]),
    }


def version_of(media_type: str) -> int | None:
    """Return N for application/vnd.shop.vN+json (any case), None for anything else."""
    match = _VENDOR.fullmatch(media_type.strip().lower())
    return int(match[1]) if match else None


def negotiate_version(accept: str | None) -> int:
    """Pick the response version from an Accept header."""
    if not accept or not accept.strip():
        return DEFAULT_VERSION
    candidates: list[tuple[float, int]] = []
    for media_range, quality in parse_accept_header(accept):
        version = version_of(media_range)
        if media_range.lower() in GENERIC_JSON:
            version = DEFAULT_VERSION
        if quality > 0 and version in SUPPORTED_VERSIONS:
            candidates.append((quality, version))
    if not candidates:
        offered = ", ".join(MEDIA_TYPE.format(version=v) for v in SUPPORTED_VERSIONS)
        raise UnsupportedVersion(f"This API serves {offered} and application/json.")
    return max(candidates)[1]


def body_version(mimetype: str) -> int:
    """Pick the version of a request body from its Content-Type (without parameters)."""
    if mimetype.strip().lower() == "application/json":
        return DEFAULT_VERSION
    version = version_of(mimetype)
    if version not in SUPPORTED_VERSIONS:
        raise UnsupportedVersion(f"Cannot read a body of type {mimetype!r}.")
    return version


def load_product(payload: Any, *, version: int) -> dict[str, Any]:
    """Validate a body of the given version and return it as a version 2 product."""
    if version == 1:
        return upgrade(ProductV1Schema().load(payload))
    return ProductV2Schema().load(payload)


def dump_product(product: dict[str, Any], *, version: int) -> dict[str, Any]:
    """Serialise a version 2 product in the given version."""
    if version == 1:
        return ProductV1Schema().dump(downgrade(product))
    return ProductV2Schema().dump(product)


def _error(status: int, code: str, message: str, fields: Any = None):
    body: dict[str, Any] = {"code": code, "message": message}
    if fields:
        body["fields"] = fields
    return jsonify(error=body), status


def create_blueprint() -> Blueprint:
    """Serve /products in both versions side by side, from one store of version 2 data."""
    blueprint = Blueprint("products", __name__)
    products: dict[int, dict[str, Any]] = {}
    ids = itertools.count(1)  # next() on a count is atomic in CPython: no duplicate ids

    def represent(product_id: int, version: int, status: int):
        response = jsonify({"id": product_id} | dump_product(products[product_id], version=version))
        response.status_code = status
        response.content_type = MEDIA_TYPE.format(version=version)
        response.vary.add("Accept")
        return response

    @blueprint.post("/products")
    def create():
        try:
            in_version = body_version(request.mimetype)
        except UnsupportedVersion as exc:
            return _error(415, "unsupported_media_type", str(exc))
        try:
            out_version = negotiate_version(request.headers.get("Accept"))
        except UnsupportedVersion as exc:
            return _error(406, "not_acceptable", str(exc))
        try:
            payload = request.get_json()
        except BadRequest:
            return _error(400, "invalid_json", "The body is not valid JSON.")
        try:
            product = load_product(payload, version=in_version)
        except ValidationError as exc:
            return _error(422, "validation_failed", "The product is invalid.", exc.messages)
        product_id = next(ids)
        products[product_id] = product
        return represent(product_id, out_version, 201)

    @blueprint.get("/products/<int:product_id>")
    def read(product_id: int):
        try:
            version = negotiate_version(request.headers.get("Accept"))
        except UnsupportedVersion as exc:
            return _error(406, "not_acceptable", str(exc))
        if product_id not in products:
            return _error(404, "not_found", f"No product has the id {product_id}.")
        return represent(product_id, version, 200)

    return blueprint
