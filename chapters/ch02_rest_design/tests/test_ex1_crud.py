"""Exercise 1 — a complete CRUD API with Swagger."""

from __future__ import annotations

import threading

import pytest

BOOK = {"sku": "BOOK-001", "name": "A book", "price_cents": 1999, "stock": 3}


def fresh_client(exercise):
    """A test client for a fresh products app."""
    return exercise.create_app().test_client()


def post_book(client, **overrides):
    """Create BOOK (with `overrides`) and return the response."""
    return client.post("/products", json=BOOK | overrides)


# ---------------------------------------------------------------- the store
def test_store_creates_with_increasing_ids(exercise) -> None:
    """create() stores products with ids 1, 2, ... and list() returns them in id order."""
    store = exercise.ProductStore()
    store.create(sku="A-1", name="a", price_cents=1)
    store.create(sku="B-2", name="b", price_cents=2, stock=5)
    assert [(p.id, p.sku, p.stock) for p in store.list()] == [(1, "A-1", 0), (2, "B-2", 5)]


def test_store_refuses_a_taken_sku(exercise) -> None:
    """A second product with the same SKU raises Conflict."""
    store = exercise.ProductStore()
    store.create(sku="A-1", name="a", price_cents=1)
    with pytest.raises(exercise.Conflict):
        store.create(sku="A-1", name="again", price_cents=1)


def test_store_replace_resets_and_update_keeps(exercise) -> None:
    """replace() sets every field (stock back to 0); update() changes only what it is given."""
    store = exercise.ProductStore()
    store.create(sku="A-1", name="a", price_cents=1, stock=9)
    assert store.replace(1, sku="A-1", name="b", price_cents=2).stock == 0
    updated = store.update(1, price_cents=5)
    assert (updated.name, updated.price_cents) == ("b", 5)


@pytest.mark.parametrize("action", ["get", "delete"])
def test_store_raises_not_found(exercise, action: str) -> None:
    """get() and delete() of an unknown id raise NotFound."""
    with pytest.raises(exercise.NotFound):
        getattr(exercise.ProductStore(), action)(7)


def test_store_is_safe_under_concurrent_creates(exercise) -> None:
    """Sixteen threads creating the same SKU at once leave exactly one product."""
    store = exercise.ProductStore()
    outcomes: list[str] = []

    def attempt() -> None:
        try:
            store.create(sku="RACE-1", name="r", price_cents=1)
            outcomes.append("created")
        except exercise.Conflict:
            outcomes.append("conflict")

    threads = [threading.Thread(target=attempt) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert (outcomes.count("created"), len(store.list())) == (1, 1)


# ---------------------------------------------------------------- the HTTP API
def test_post_creates_with_201_and_location(exercise) -> None:
    """POST /products answers 201, a Location header and the product with its id."""
    client = fresh_client(exercise)
    response = post_book(client)
    assert (response.status_code, response.headers.get("Location")) == (201, "/products/1")
    assert response.get_json() == {"id": 1} | BOOK


def test_get_list_and_item(exercise) -> None:
    """GET /products lists products; GET /products/<id> returns one."""
    client = fresh_client(exercise)
    post_book(client)
    post_book(client, sku="BOOK-002")
    assert [p["sku"] for p in client.get("/products").get_json()] == ["BOOK-001", "BOOK-002"]
    assert client.get("/products/2").get_json()["sku"] == "BOOK-002"


def test_put_replaces_the_whole_product(exercise) -> None:
    """PUT sets every field: stock left out goes back to 0."""
    client = fresh_client(exercise)
    post_book(client)
    response = client.put("/products/1", json={"sku": "BOOK-001", "name": "New", "price_cents": 5})
    assert (response.status_code, response.get_json()) == (
        200,
        {"id": 1, "sku": "BOOK-001", "name": "New", "price_cents": 5, "stock": 0},
    )


def test_put_needs_every_required_field(exercise) -> None:
    """PUT without a required field is a 400, not a partial update."""
    client = fresh_client(exercise)
    post_book(client)
    assert client.put("/products/1", json={"name": "Only a name"}).status_code == 400


def test_patch_changes_only_the_fields_sent(exercise) -> None:
    """PATCH with just a price keeps the name, SKU and stock."""
    client = fresh_client(exercise)
    post_book(client)
    response = client.patch("/products/1", json={"price_cents": 2500})
    assert (response.status_code, response.get_json()) == (
        200,
        BOOK | {"id": 1, "price_cents": 2500},
    )


def test_delete_gives_204_and_then_404(exercise) -> None:
    """DELETE answers 204 with an empty body; the product is gone afterwards."""
    client = fresh_client(exercise)
    post_book(client)
    response = client.delete("/products/1")
    assert (response.status_code, response.data) == (204, b"")
    assert client.get("/products/1").status_code == 404


@pytest.mark.parametrize(
    ("method", "body"),
    [("get", None), ("put", BOOK), ("patch", {"name": "x"}), ("delete", None)],
)
def test_unknown_ids_give_404_with_the_error_shape(exercise, method: str, body) -> None:
    """Every item method on a missing id answers 404 with error code not_found."""
    client = fresh_client(exercise)
    response = getattr(client, method)("/products/99", json=body)
    error = response.get_json()["error"]
    assert (response.status_code, error["status"], error["code"]) == (404, 404, "not_found")


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("post", "/products", BOOK),
        ("put", "/products/2", BOOK),
        ("patch", "/products/2", {"sku": "BOOK-001"}),
    ],
)
def test_a_taken_sku_gives_409(exercise, method: str, path: str, body: dict) -> None:
    """Creating, replacing or patching onto another product's SKU answers 409 conflict."""
    client = fresh_client(exercise)
    post_book(client)
    post_book(client, sku="BOOK-002")
    response = getattr(client, method)(path, json=body)
    assert (response.status_code, response.get_json()["error"]["code"]) == (409, "conflict")


def test_a_product_may_keep_its_own_sku(exercise) -> None:
    """PUT with the product's own SKU is not a conflict."""
    client = fresh_client(exercise)
    post_book(client)
    assert client.put("/products/1", json=BOOK).status_code == 200


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"sku": "lower-case"}, "sku"),
        ({"sku": "AB"}, "sku"),
        ({"name": ""}, "name"),
        ({"price_cents": -1}, "price_cents"),
        ({"price_cents": "12"}, "price_cents"),
        ({"price_cents": 12.5}, "price_cents"),
        ({"stock": -3}, "stock"),
    ],
)
def test_invalid_products_give_400_naming_the_field(exercise, change: dict, field: str) -> None:
    """Validation failures answer 400 with code validation_failed and the field in fields."""
    client = fresh_client(exercise)
    response = post_book(client, **change)
    error = response.get_json()["error"]
    assert (response.status_code, error["code"]) == (400, "validation_failed")
    assert field in error["fields"]


def test_missing_fields_give_400(exercise) -> None:
    """A product without sku, name or price_cents is refused."""
    client = fresh_client(exercise)
    response = client.post("/products", json={"stock": 1})
    assert response.status_code == 400
    assert {"sku", "name", "price_cents"} <= set(response.get_json()["error"]["fields"])


# ---------------------------------------------------------------- Swagger and isolation
def test_swagger_documents_the_api(exercise) -> None:
    """Swagger UI is at /swagger; the spec has both paths and separate in/out models."""
    client = fresh_client(exercise)
    assert client.get("/swagger").status_code == 200
    spec = client.get("/swagger.json").get_json()
    assert {"/products", "/products/{product_id}"} <= set(spec["paths"])
    assert "id" not in spec["definitions"]["ProductIn"]["properties"]
    assert "id" in spec["definitions"]["ProductOut"]["properties"]


@pytest.mark.parametrize(
    ("path", "method", "statuses"),
    [
        ("/products", "post", {"201", "400", "409"}),
        ("/products/{product_id}", "get", {"200", "404"}),
        ("/products/{product_id}", "put", {"200", "400", "404", "409"}),
        ("/products/{product_id}", "patch", {"200", "400", "404", "409"}),
        ("/products/{product_id}", "delete", {"204", "404"}),
    ],
)
def test_swagger_documents_each_status(exercise, path: str, method: str, statuses: set) -> None:
    """Each operation documents its success status and every error it can return."""
    client = fresh_client(exercise)
    operation = client.get("/swagger.json").get_json()["paths"][path][method]
    assert statuses <= set(operation["responses"])
    assert operation.get("summary")


def test_each_app_gets_its_own_store(exercise) -> None:
    """Two apps never share products (no module-level store)."""
    first, second = exercise.create_app().test_client(), exercise.create_app().test_client()
    post_book(first)
    assert second.get("/products").get_json() == []


def test_create_app_uses_the_store_it_is_given(exercise) -> None:
    """create_app(store) serves the products of that store."""
    store = exercise.ProductStore()
    store.create(sku="GIVEN-1", name="given", price_cents=1)
    response = exercise.create_app(store).test_client().get("/products/1")
    assert response.get_json()["sku"] == "GIVEN-1"
