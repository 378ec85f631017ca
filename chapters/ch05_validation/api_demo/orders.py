"""The orders API: marshmallow validates and serialises, flask-restx documents."""

from __future__ import annotations

from typing import Any

from flask import request, url_for
from flask_restx import Namespace, Resource
from flask_restx import fields as rf
from marshmallow import EXCLUDE, Schema, ValidationError, fields, validate

from .errors import ValidationFailed
from .openapi import model_for
from .order_service import order_service
from .payloads import read_json
from .schemas import PATCHABLE, OrderSchema

ns = Namespace("orders", description="Orders with nested, sanitised, cross-checked fields")


# --8<-- [start:list_args]
class ListArgsSchema(Schema):
    """Query parameters of the order list; unknown ones (utm_source, …) are ignored."""

    class Meta:
        unknown = EXCLUDE

    limit = fields.Integer(load_default=20, validate=validate.Range(1, 100))
    offset = fields.Integer(load_default=0, validate=validate.Range(0, 1_000_000))


# --8<-- [end:list_args]


# --8<-- [start:schemas]
# Schemas hold no per-request state, so one instance of each serves every request.
order_schema = OrderSchema()
patch_schema = OrderSchema(only=PATCHABLE, partial=PATCHABLE)
list_args_schema = ListArgsSchema()
# --8<-- [end:schemas]

# --8<-- [start:models]
order_in = model_for(ns, order_schema, name="OrderIn")
order_patch = model_for(ns, patch_schema, name="OrderPatch")
order_out = model_for(ns, order_schema, name="OrderOut", output=True)
order_page = ns.model(
    "OrderPage",
    {
        "orders": rf.List(rf.Nested(order_out)),
        "total": rf.Integer(example=1),
        "limit": rf.Integer(example=20),
        "offset": rf.Integer(example=0),
    },
)
error_body = ns.model(
    "ErrorBody",
    {
        "status": rf.Integer(example=422),
        "code": rf.String(example="validation_failed"),
        "message": rf.String(example="2 fields failed validation; see `fields`."),
        "fields": rf.Raw(
            description="Every field error, by dotted path",
            example={"items.0.quantity": ["Must be greater than or equal to 1 and …"]},
        ),
    },
)
error_model = ns.model("Error", {"error": rf.Nested(error_body)})
# --8<-- [end:models]


# --8<-- [start:load]
def load(schema: Schema, data: Any) -> dict[str, Any]:
    """Validate `data` with `schema`, turning marshmallow's errors into one 422."""
    try:
        return schema.load(data)
    except ValidationError as error:
        raise ValidationFailed.from_marshmallow(error) from None


# --8<-- [end:load]


# --8<-- [start:resources]
@ns.route("")
class OrderList(Resource):
    @ns.param("limit", "Orders per page", type="integer", minimum=1, maximum=100, default=20)
    @ns.param("offset", "Orders to skip", type="integer", minimum=0, maximum=1_000_000, default=0)
    @ns.response(200, "A page of orders, oldest first", order_page)
    @ns.response(422, "A query parameter is out of range", error_model)
    def get(self):
        """List orders a page at a time."""
        args = load(list_args_schema, request.args)
        orders, total = order_service().page(limit=args["limit"], offset=args["offset"])
        return {"orders": order_schema.dump(orders, many=True), "total": total, **args}

    @ns.expect(order_in)
    @ns.response(201, "The order was accepted", order_out)
    @ns.response(400, "The body is not valid JSON", error_model)
    @ns.response(413, "The body is larger than the limit", error_model)
    @ns.response(415, "The body is not sent as application/json", error_model)
    @ns.response(422, "Fields failed validation; every error is listed", error_model)
    def post(self):
        """Validate and store a new order."""
        order = order_service().create(data=load(order_schema, read_json()))
        location = url_for("orders_order_item", order_id=order["id"])
        return order_schema.dump(order), 201, {"Location": location}


@ns.route("/<string:order_id>")
@ns.response(404, "No order has this id", error_model)
class OrderItem(Resource):
    @ns.response(200, "The order", order_out)
    def get(self, order_id: str):
        """Fetch one order."""
        return order_schema.dump(order_service().get(order_id=order_id))

    @ns.expect(order_patch)
    @ns.response(200, "The updated order", order_out)
    @ns.response(400, "The body is not valid JSON", error_model)
    @ns.response(413, "The body is larger than the limit", error_model)
    @ns.response(415, "The body is not sent as application/json", error_model)
    @ns.response(422, "Fields failed validation; every error is listed", error_model)
    def patch(self, order_id: str):
        """Change an order's notes, delivery window or shipping address."""
        service = order_service()
        service.get(order_id=order_id)  # 404 before 422: an unknown order has nothing to fix
        changes = load(patch_schema, read_json())
        return order_schema.dump(service.update(order_id=order_id, changes=changes))


# --8<-- [end:resources]
