"""Orders kept in memory: create, read, list and patch validated order data."""

from __future__ import annotations

import threading
import uuid
from collections import OrderedDict
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from flask import Flask, current_app

from .errors import NotFound, ValidationFailed

EXTENSION = "orders"
Order = dict[str, Any]


def utc_now() -> datetime:
    """Return the current time in UTC, to the second (what responses show)."""
    return datetime.now(UTC).replace(microsecond=0)


# --8<-- [start:service]
class OrderService:
    """Keep orders in memory behind one lock; each app gets its own instance."""

    def __init__(self, *, capacity: int, clock: Callable[[], datetime] = utc_now) -> None:
        self._lock = threading.Lock()
        self._orders: OrderedDict[str, Order] = OrderedDict()
        self._capacity = capacity
        self._clock = clock

    def create(self, *, data: Order) -> Order:
        """Store a validated order with its server-side fields and return it."""
        order = {"shipping_address": None, "delivery_window": None, "notes": None} | data
        order |= {"id": uuid.uuid4().hex, "status": "received", "created_at": self._clock()}
        with self._lock:
            self._orders[order["id"]] = order
            while len(self._orders) > self._capacity:  # a demo must not grow without bound
                self._orders.popitem(last=False)
        return order

    def get(self, *, order_id: str) -> Order:
        """Return one order, or raise NotFound."""
        with self._lock:
            order = self._orders.get(order_id)
        if order is None:
            raise NotFound(f"No order has the id {order_id!r}.")
        return order

    def page(self, *, limit: int, offset: int) -> tuple[list[Order], int]:
        """Return up to `limit` orders, oldest first, after skipping `offset`, and the total."""
        with self._lock:
            orders = list(self._orders.values())
        return orders[offset : offset + limit], len(orders)

    def update(self, *, order_id: str, changes: Order) -> Order:
        """Apply validated PATCH changes; rules that need the stored order are checked here."""
        with self._lock:
            order = self._orders.get(order_id)
            if order is None:
                raise NotFound(f"No order has the id {order_id!r}.")
            _check_address_rule(order, changes)
            updated = order | changes
            self._orders[order_id] = updated
        return updated


def _check_address_rule(order: Order, changes: Order) -> None:
    # The conditional rule again, against the stored delivery method the PATCH cannot change.
    if "shipping_address" not in changes:
        return
    shipping = order["delivery_method"] == "shipping"
    if bool(changes["shipping_address"]) != shipping:
        problem = (
            "A shipping order needs an address."
            if shipping
            else "A pickup order has no shipping address."
        )
        raise ValidationFailed(
            "1 field failed validation; see `fields`.", fields={"shipping_address": [problem]}
        )


# --8<-- [end:service]


def init_app(app: Flask, *, capacity: int) -> None:
    """Give `app` its own, empty order service."""
    app.extensions[EXTENSION] = OrderService(capacity=capacity)


def order_service() -> OrderService:
    """Return the current app's order service."""
    return current_app.extensions[EXTENSION]
