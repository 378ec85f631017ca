"""/api/audit: the audit log, newest first, for administrators."""

from __future__ import annotations

from flask_restx import Namespace, Resource, fields, inputs

from projects.core import page_model, page_params, paginate, require_auth

from ..models import db
from ..services import audit
from .access import require_admin

ns = Namespace("audit", path="/api/audit", description="The audit log (administrators)")

event_out = ns.model(
    "AuditEventOut",
    {
        "id": fields.Integer,
        "occurred_at": fields.DateTime(dt_format="iso8601"),
        "action": fields.String(example="auth.login"),
        "outcome": fields.String(enum=["success", "failure"]),
        "actor": fields.String(example="user:3"),
        "user_id": fields.Integer(description="The account the event is about"),
        "target": fields.String(example="session:1f0c…"),
        "ip": fields.String,
        "user_agent": fields.String,
        "request_id": fields.String,
        "details": fields.Raw,
    },
)
event_page = page_model(ns, event_out)
list_args = page_params(max_per_page=100)
list_args.replace_argument(
    "page", type=inputs.int_range(1, 100_000), default=1, location="args", help="Page, from 1"
)
list_args.add_argument(
    "action", type=inputs.regex(r"^[a-z_.]{1,60}$"), location="args", help="e.g. auth.login"
)
list_args.add_argument(
    "user_id",
    type=inputs.int_range(1, 2**31 - 1),
    location="args",
    help="Events about this account",
)
list_args.add_argument("outcome", choices=["success", "failure"], location="args")


@ns.route("")
class AuditLog(Resource):
    @require_auth
    @ns.expect(list_args)
    @ns.marshal_with(event_page)
    @ns.response(400, "Invalid filter or page arguments")
    def get(self):
        """List audit events, newest first (administrators; scope audit:read)."""
        require_admin("audit:read")
        args = list_args.parse_args()
        statement = audit.events_statement(
            action=args["action"], user_id=args["user_id"], outcome=args["outcome"]
        )
        return paginate(db.session, statement, page=args["page"], per_page=args["per_page"])
