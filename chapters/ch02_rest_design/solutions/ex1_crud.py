"""Exercise 1 — a complete CRUD API with Swagger (reference solution)."""

from __future__ import annotations

import dataclasses
import threading
from dataclasses import dataclass

from flask import Flask, current_app, url_for
from flask_restx import Api, Namespace, Resource, fields
from werkzeug.exceptions import HTTPException

EXTENSION = "products"
SKU_PATTERN = r"^[A-Z0-9-]{3,20}$"


class NotFound(Exception):
    """No product has the requested id."""


class Conflict(Exception):
    """Another product already uses the SKU."""


@dataclass(frozen=True)
class Product:
    """One product as the store keeps it."""

    id: int
    sku: str
    name: str
    price_cents: int
    stock: int


class ProductStore:
    """Products in memory; one lock keeps check-then-write steps atomic."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._products: dict[int, Product] = {}
        self._next_id = 1

    def list(self) -> list[Product]:
        """Return every product in id order."""
        with self._lock:
            return sorted(self._products.values(), key=lambda product: product.id)

    def get(self, product_id: int) -> Product:
        """Return one product or raise NotFound."""
        with self._lock:
            return self._existing(product_id)

    def create(self, *, sku: str, name: str, price_cents: int, stock: int = 0) -> Product:
        """Store a new product; raise Conflict when the SKU is taken."""
        with self._lock:
            self._ensure_sku_free(sku, ignore_id=None)
            product = Product(self._next_id, sku, name, price_cents, stock)
            self._products[product.id] = product
            self._next_id += 1
            return product

    def replace(
        self, product_id: int, *, sku: str, name: str, price_cents: int, stock: int = 0
    ) -> Product:
        """PUT: set every field; a left-out stock goes back to 0."""
        return self._change(product_id, sku=sku, name=name, price_cents=price_cents, stock=stock)

    def update(
        self,
        product_id: int,
        *,
        sku: str | None = None,
        name: str | None = None,
        price_cents: int | None = None,
        stock: int | None = None,
    ) -> Product:
        """PATCH: change only the fields given."""
        given = {"sku": sku, "name": name, "price_cents": price_cents, "stock": stock}
        return self._change(product_id, **{k: v for k, v in given.items() if v is not None})

    def delete(self, product_id: int) -> None:
        """Remove one product or raise NotFound."""
        with self._lock:
            self._existing(product_id)
            del self._products[product_id]

    def _change(self, product_id: int, **changes: object) -> Product:
        with self._lock:
            current = self._existing(product_id)
            if "sku" in changes:
                self._ensure_sku_free(str(changes["sku"]), ignore_id=product_id)
            updated = dataclasses.replace(current, **changes)
            self._products[product_id] = updated
            return updated

    def _existing(self, product_id: int) -> Product:
        if product_id not in self._products:
            raise NotFound(f"No product has id {product_id}")
        return self._products[product_id]

    def _ensure_sku_free(self, sku: str, *, ignore_id: int | None) -> None:
        if any(p.sku == sku and p.id != ignore_id for p in self._products.values()):
            raise Conflict(f"The SKU {sku!r} is already used")


ns = Namespace("products", description="Product catalogue")


def _product_fields(*, required: bool) -> dict[str, fields.Raw]:
    """Describe the writable fields; PATCH uses them with nothing required."""
    return {
        "sku": fields.String(required=required, pattern=SKU_PATTERN, example="BOOK-001"),
        "name": fields.String(required=required, min_length=1, max_length=100, example="Book"),
        "price_cents": fields.Integer(required=required, min=0, example=1999),
        "stock": fields.Integer(min=0, example=3, description="Defaults to 0"),
    }


_product_in = ns.model("ProductIn", _product_fields(required=True))
_product_patch = ns.model("ProductPatch", _product_fields(required=False))
_product_out = ns.model(
    "ProductOut", {"id": fields.Integer(readonly=True), **_product_fields(required=True)}
)
_error_out = ns.model("ProductError", {"error": fields.Raw(example={"code": "not_found"})})
_WRITABLE = ("sku", "name", "price_cents", "stock")


def _product_store() -> ProductStore:
    """Return the store of the app handling this request."""
    return current_app.extensions[EXTENSION]


def _writable(payload: dict) -> dict:
    """Keep the keys a client may write; validation lets unknown ones through."""
    return {key: payload[key] for key in _WRITABLE if key in payload}


@ns.route("")
class _ProductList(Resource):
    @ns.marshal_list_with(_product_out)
    def get(self):
        """List products."""
        return _product_store().list()

    @ns.expect(_product_in, validate=True)
    @ns.marshal_with(_product_out, code=201)
    @ns.response(400, "Invalid product", _error_out)
    @ns.response(409, "SKU already used", _error_out)
    def post(self):
        """Create a product."""
        product = _product_store().create(**_writable(ns.payload))
        return product, 201, {"Location": url_for("product", product_id=product.id)}


@ns.route("/<int:product_id>", endpoint="product")
@ns.response(404, "No product has this id", _error_out)
class _ProductItem(Resource):
    @ns.marshal_with(_product_out)
    def get(self, product_id: int):
        """Fetch a product."""
        return _product_store().get(product_id)

    @ns.expect(_product_in, validate=True)
    @ns.marshal_with(_product_out)
    @ns.response(400, "Invalid product", _error_out)
    @ns.response(409, "SKU already used", _error_out)
    def put(self, product_id: int):
        """Replace a product."""
        return _product_store().replace(product_id, **_writable(ns.payload))

    @ns.expect(_product_patch, validate=True)
    @ns.marshal_with(_product_out)
    @ns.response(400, "Invalid change", _error_out)
    @ns.response(409, "SKU already used", _error_out)
    def patch(self, product_id: int):
        """Change some fields of a product."""
        return _product_store().update(product_id, **_writable(ns.payload))

    @ns.response(204, "Deleted")
    def delete(self, product_id: int):
        """Delete a product."""
        _product_store().delete(product_id)
        return "", 204


def _error_body(status: int, code: str, message: str, field_errors: dict | None = None) -> dict:
    """Build the one error shape every failure uses."""
    body = {"status": status, "code": code, "message": message}
    if field_errors:
        body["fields"] = field_errors
    return {"error": body}


def create_app(store: ProductStore | None = None) -> Flask:
    """Build an app serving the products API, with Swagger UI at /swagger."""
    app = Flask(__name__)
    app.config.update(ERROR_INCLUDE_MESSAGE=False, RESTX_MASK_SWAGGER=False)
    app.extensions[EXTENSION] = store if store is not None else ProductStore()
    api = Api(app, title="Products", version="1.0", doc="/swagger")
    api.add_namespace(ns, path="/products")

    @api.errorhandler(NotFound)
    def not_found(exc: NotFound):
        return _error_body(404, "not_found", str(exc)), 404

    @api.errorhandler(Conflict)
    def conflict(exc: Conflict):
        return _error_body(409, "conflict", str(exc)), 409

    @api.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        data = getattr(exc, "data", None) or {}
        if data.get("errors"):
            body = _error_body(400, "validation_failed", data["message"], data["errors"])
        else:
            body = _error_body(exc.code, exc.name.lower().replace(" ", "_"), exc.description)
        exc.data = body  # restx sends exc.data when an exception has it
        return body, exc.code

    return app
