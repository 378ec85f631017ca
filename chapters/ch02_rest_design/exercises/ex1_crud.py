"""Exercise 1 — a complete CRUD API with Swagger.

Check your work with: nox -s chapter02 -- ex1

1. ProductStore.__init__: keep products in a dict keyed by id, a counter for the next
   id (starting at 1) and a threading.Lock.
2. create() stores a product and raises Conflict when its SKU is already used; get()
   and delete() raise NotFound for an unknown id; list() returns products in id order.
3. replace() (PUT) sets every field, stock going back to 0 when left out; update()
   (PATCH) changes only the arguments that are not None. Both raise NotFound for an
   unknown id and Conflict when the SKU belongs to another product. Do each
   check-then-write while holding the lock.
4. In the namespace `ns`, define three models: ProductIn (sku matching SKU_PATTERN,
   name of 1-100 characters and price_cents, an integer >= 0, all required; stock, an
   integer >= 0, optional), ProductPatch (the same fields, none required) and
   ProductOut (the fields plus a read-only id).
5. Add two resources. "" (that is /products): GET lists, POST creates and answers 201
   with a Location header /products/<id>. "/<int:product_id>": GET, PUT, PATCH, and
   DELETE answering 204 with an empty body. Validate input with
   @ns.expect(model, validate=True), marshal output with ProductOut, document each
   error with @ns.response(400/404/409, ...) and give every method a one-line docstring.
6. create_app(store=None): put `store` (or a new ProductStore) in
   app.extensions[EXTENSION], create Api(app, doc="/swagger"), add `ns` at /products,
   and render every error as {"error": {"status", "code", "message"}}: code not_found
   for NotFound, conflict for Conflict, validation_failed (with restx's per-field
   `errors` copied to "fields") for invalid input.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask
from flask_restx import Namespace

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
        raise NotImplementedError("Exercise 1 (ProductStore) is not done yet")

    def list(self) -> list[Product]:
        """Return every product in id order."""
        raise NotImplementedError("Exercise 1 (ProductStore.list) is not done yet")

    def get(self, product_id: int) -> Product:
        """Return one product or raise NotFound."""
        raise NotImplementedError("Exercise 1 (ProductStore.get) is not done yet")

    def create(self, *, sku: str, name: str, price_cents: int, stock: int = 0) -> Product:
        """Store a new product; raise Conflict when the SKU is taken."""
        raise NotImplementedError("Exercise 1 (ProductStore.create) is not done yet")

    def replace(
        self, product_id: int, *, sku: str, name: str, price_cents: int, stock: int = 0
    ) -> Product:
        """PUT: set every field; a left-out stock goes back to 0."""
        raise NotImplementedError("Exercise 1 (ProductStore.replace) is not done yet")

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
        raise NotImplementedError("Exercise 1 (ProductStore.update) is not done yet")

    def delete(self, product_id: int) -> None:
        """Remove one product or raise NotFound."""
        raise NotImplementedError("Exercise 1 (ProductStore.delete) is not done yet")


ns = Namespace("products", description="Product catalogue")


def create_app(store: ProductStore | None = None) -> Flask:
    """Build an app serving the products API, with Swagger UI at /swagger."""
    raise NotImplementedError("Exercise 1 (create_app) is not done yet")
