"""Request bodies for the demo's tests: valid by default, changed by each test."""

from __future__ import annotations

import copy
from typing import Any

VALID_ORDER: dict[str, Any] = {
    "customer": {"name": "Ada Lovelace", "email": "ada@example.com"},
    "delivery_method": "shipping",
    "shipping_address": {
        "line1": "12 St James's Square",
        "city": "London",
        "postal_code": "SW1Y 4JH",
        "country": "GB",
    },
    "delivery_window": {"start": "2030-06-01", "end": "2030-06-03"},
    "items": [
        {"sku": "BOOK-001", "quantity": 2, "unit_price": "12.50"},
        {"sku": "PEN-7", "quantity": 1, "unit_price": "3.20"},
    ],
    "total": "28.20",
    "notes": "<p>Ring <strong>twice</strong></p>",
}


def valid_order(**changes: Any) -> dict[str, Any]:
    """Return a deep copy of a valid order with top-level `changes` applied."""
    return copy.deepcopy(VALID_ORDER) | changes
