"""The seed's two service routes: GET / (welcome) and GET /health (with database status)."""

from __future__ import annotations

from flask import current_app
from flask_restx import Namespace, Resource, fields
from sqlalchemy.exc import SQLAlchemyError

from projects.core import database_check

from ..models import db

ns = Namespace("service", path="/", description="Welcome and health")
VERSION = "1.0"

welcome_out = ns.model(
    "Welcome",
    {
        "message": fields.String,
        "version": fields.String,
        "docs": fields.String(example="/swagger"),
        "health": fields.String(example="/health"),
        "jwks": fields.String(example="/.well-known/jwks.json"),
    },
)
health_out = ns.model(
    "Health",
    {
        "status": fields.String(enum=["ok", "fail"]),
        "service": fields.String(example="auth_service"),
        "version": fields.String,
        "environment": fields.String,
        "database": fields.String(enum=["ok", "fail"]),
    },
)


@ns.route("/", endpoint="welcome")
class Welcome(Resource):
    @ns.marshal_with(welcome_out)
    def get(self):
        """Say hello and point to the docs."""
        return {
            "message": "Welcome to the auth service: users, logins, tokens and keys.",
            "version": VERSION,
            "docs": "/swagger",
            "health": "/health",
            "jwks": "/.well-known/jwks.json",
        }


@ns.route("/health", endpoint="health")
class Health(Resource):
    @ns.marshal_with(health_out)
    @ns.response(503, "The database does not answer", health_out)
    def get(self):
        """Report the service's health with its database status (503 when it is down)."""
        try:
            database_check(db)()
            database = "ok"
        except SQLAlchemyError:
            current_app.logger.warning("health: the database does not answer", exc_info=True)
            database = "fail"
        body = {
            "status": "ok" if database == "ok" else "fail",
            "service": "auth_service",
            "version": VERSION,
            "environment": current_app.config["SETTINGS"].environment,
            "database": database,
        }
        return body, 200 if database == "ok" else 503, {"Cache-Control": "no-store"}
