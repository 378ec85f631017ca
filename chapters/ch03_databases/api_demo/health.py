"""Liveness and readiness, where readiness asks the database (and its schema) for real."""

from __future__ import annotations

from flask_restx import Namespace, Resource, fields
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from .database import db, schema_revisions

ns = Namespace("health", description="Liveness and readiness probes")

report_model = ns.model(
    "HealthReport",
    {
        "status": fields.String(enum=["ok", "fail"], required=True),
        "checks": fields.Raw(example={"database": "ok", "schema": "ok"}),
    },
)
NO_STORE = {"Cache-Control": "no-store"}


@ns.route("/live")
class Liveness(Resource):
    @ns.marshal_with(report_model)
    def get(self):
        """Report that the process runs (no dependency is asked)."""
        return {"status": "ok", "checks": {}}, 200, NO_STORE


# --8<-- [start:ready]
@ns.route("/ready")
class Readiness(Resource):
    @ns.marshal_with(report_model)
    @ns.response(503, "The database is unreachable or its schema is behind", report_model)
    def get(self):
        """Check that the database answers and is migrated to the code's revision."""
        checks = {"database": "ok", "schema": "ok"}
        try:
            connection = db.session.connection()
            connection.execute(text("SELECT 1"))
            revision, head = schema_revisions(connection)
            if revision != head:
                checks["schema"] = f"at {revision}, code expects {head}: run flask db upgrade"
        except SQLAlchemyError as exc:
            db.session.rollback()
            checks = {"database": f"unreachable: {type(exc).__name__}", "schema": "unknown"}
        healthy = all(value == "ok" for value in checks.values())
        return (
            {"status": "ok" if healthy else "fail", "checks": checks},
            200 if healthy else 503,
            NO_STORE,
        )


# --8<-- [end:ready]
