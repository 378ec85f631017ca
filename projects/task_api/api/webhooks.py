"""/api/webhooks: subscribe URLs to task events, and read each subscription's delivery log."""

from __future__ import annotations

import json

from flask_restx import Namespace, Resource, fields

from projects.core import page_model, page_params, require_auth

from ..models import DELIVERY_STATES
from ..services import webhooks
from ..services.access import current_viewer
from .payloads import ID, NullableString, json_payload, json_response

ns = Namespace(
    "webhooks",
    path="/api/webhooks",
    description="Signed HTTP callbacks on task events, and their delivery log",
)

EVENT = fields.String(enum=list(webhooks.EVENTS))
URL_PATTERN = r"^[Hh][Tt][Tt][Pp][Ss]?://"
_settable = {
    "events": fields.List(EVENT, min_items=1, unique=True, description="Default: all events"),
    "description": NullableString(max_length=200),
    "active": fields.Boolean(description="Default: true"),
}
webhook_in = ns.model(
    "WebhookIn",
    {
        "url": fields.String(required=True, min_length=1, max_length=2048, pattern=URL_PATTERN,
                             example="https://example.com/hooks"),
        "secret": fields.String(
            min_length=16, max_length=128, description="Signing secret; made for you if absent"
        ),
        **_settable,
    },
    strict=True,
)  # fmt: skip
webhook_patch = ns.model(
    "WebhookPatch",
    {"url": fields.String(min_length=1, max_length=2048, pattern=URL_PATTERN), **_settable},
    strict=True,
)
webhook_out = ns.model(
    "WebhookOut",
    {
        "id": fields.Integer(readonly=True),
        "url": fields.String,
        "events": fields.List(fields.String),
        "description": fields.String,
        "active": fields.Boolean,
        "created_at": fields.DateTime,
    },
)
webhook_created = ns.clone(
    "WebhookCreated",
    webhook_out,
    {"secret": fields.String(description="Shown once: verify X-Signature with it")},
)
delivery_out = ns.model(
    "DeliveryOut",
    {
        "id": fields.String(description="Also sent as X-Webhook-Id"),
        "event": fields.String,
        "task_id": fields.Integer,
        "status": fields.String(enum=list(DELIVERY_STATES)),
        "attempts": fields.Integer,
        "status_codes": fields.List(fields.Integer, description="Per attempt; null: no answer"),
        "last_status_code": fields.Integer,
        "last_error": fields.String,
        "created_at": fields.DateTime,
        "updated_at": fields.DateTime,
        "delivered_at": fields.DateTime,
        "payload": fields.Raw(attribute=lambda delivery: json.loads(delivery.payload)),
    },
)
pages = page_params(max_per_page=100)
delivery_args = page_params(max_per_page=100)
delivery_args.add_argument("status", choices=DELIVERY_STATES, location="args",
                           help="Only deliveries in this state")  # fmt: skip


@ns.route("")
class WebhookList(Resource):
    @require_auth
    @ns.expect(pages)
    @ns.marshal_with(page_model(ns, webhook_out))
    def get(self):
        """List your webhook subscriptions."""
        args = pages.parse_args()
        return webhooks.list_subscriptions(
            viewer=current_viewer(), page=args["page"], per_page=args["per_page"]
        )

    @require_auth
    @ns.expect(webhook_in)
    @ns.response(400, "Invalid subscription (e.g. not http(s), or a private address)")
    @ns.response(409, "You already subscribed this URL")
    @ns.marshal_with(webhook_created, code=201)
    def post(self):
        """Subscribe a URL to task events on the tasks you own or are assigned to."""
        subscription = webhooks.create_subscription(
            viewer=current_viewer(), values=json_payload(webhook_in)
        )
        return subscription, 201, {"Location": f"{ns.path}/{subscription.id}"}


@ns.route(f"/<{ID}:subscription_id>")
@ns.param("subscription_id", "The subscription's ID")
@ns.response(404, "No such subscription of yours")
class WebhookItem(Resource):
    @require_auth
    @ns.marshal_with(webhook_out)
    def get(self, subscription_id: int):
        """Fetch one of your subscriptions."""
        return webhooks.get_subscription(viewer=current_viewer(), subscription_id=subscription_id)

    @require_auth
    @ns.expect(webhook_patch)
    @ns.response(400, "Invalid change")
    @ns.response(409, "You already subscribed that URL")
    @ns.marshal_with(webhook_out)
    def patch(self, subscription_id: int):
        """Change a subscription's URL, events, description or active flag."""
        return webhooks.update_subscription(
            viewer=current_viewer(),
            subscription_id=subscription_id,
            values=json_payload(webhook_patch),
        )

    @require_auth
    @ns.response(204, "Deleted, with its delivery log")
    def delete(self, subscription_id: int):
        """Delete a subscription."""
        webhooks.delete_subscription(viewer=current_viewer(), subscription_id=subscription_id)
        return json_response(b"", 204)


@ns.route(f"/<{ID}:subscription_id>/deliveries")
@ns.param("subscription_id", "The subscription's ID")
@ns.response(404, "No such subscription of yours")
class DeliveryList(Resource):
    @require_auth
    @ns.expect(delivery_args)
    @ns.marshal_with(page_model(ns, delivery_out))
    def get(self, subscription_id: int):
        """Read the delivery log: attempts, status codes, last error; newest first."""
        args = delivery_args.parse_args()
        return webhooks.list_deliveries(
            viewer=current_viewer(),
            subscription_id=subscription_id,
            status=args["status"],
            page=args["page"],
            per_page=args["per_page"],
        )
