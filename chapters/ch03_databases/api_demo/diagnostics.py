"""HTTP routes that look inside the database layer: pool, schema revision, query plans."""

from __future__ import annotations

from flask import current_app
from flask_restx import Namespace, Resource, fields, reqparse

from .database import db, schema_revisions
from .errors import register_error_model
from .explain import QUERIES, explain

POOL_SETTINGS = ("pool_size", "max_overflow", "pool_timeout", "pool_recycle", "pool_pre_ping")

ns = Namespace("database", description="The connection pool, migrations and EXPLAIN")
error_model = register_error_model(ns)

pool_model = ns.model(
    "PoolStatus",
    {
        "class": fields.String(example="QueuePool"),
        "size": fields.Integer(description="Connections the pool keeps (pool_size)"),
        "idle": fields.Integer(description="Open connections waiting in the pool"),
        "in_use": fields.Integer(description="Connections checked out by requests right now"),
        "overflow": fields.Integer(description="Connections open beyond `size` right now"),
        "settings": fields.Raw(description="pool_size, max_overflow, timeout, recycle, pre_ping"),
    },
)
status_model = ns.model(
    "DatabaseStatus",
    {
        "dialect": fields.String(example="sqlite"),
        "driver": fields.String(example="pysqlite"),
        "revision": fields.String(description="The migration the database is at"),
        "head": fields.String(description="The newest migration in migrations/versions"),
        "up_to_date": fields.Boolean,
        "pool": fields.Nested(pool_model),
    },
)
plan_model = ns.model(
    "QueryPlan",
    {
        "query": fields.String(enum=list(QUERIES)),
        "dialect": fields.String(example="sqlite"),
        "sql": fields.String(example="SELECT ... FROM books WHERE books.author_id = 1 ..."),
        "plan": fields.List(fields.String, example=["SEARCH books USING INDEX ..."]),
    },
)

explain_args = reqparse.RequestParser()
explain_args.add_argument(
    "query", choices=tuple(QUERIES), default="books_by_author", location="args"
)


@ns.route("/status")
class Status(Resource):
    @ns.marshal_with(status_model)
    def get(self):
        """Show the dialect, the migration revision and the connection pool."""
        engine = db.engine
        revision, head = schema_revisions(db.session.connection())
        pool = engine.pool
        options = current_app.config["SQLALCHEMY_ENGINE_OPTIONS"]
        return {
            "dialect": engine.dialect.name,
            "driver": engine.dialect.driver,
            "revision": revision,
            "head": head,
            "up_to_date": revision == head,
            "pool": {
                "class": type(pool).__name__,
                # StaticPool (in-memory SQLite) has none of these counters.
                "size": _counter(pool, "size"),
                "idle": _counter(pool, "checkedin"),
                "in_use": _counter(pool, "checkedout"),
                "overflow": _counter(pool, "overflow"),
                "settings": {k: v for k, v in options.items() if k in POOL_SETTINGS},
            },
        }


# --8<-- [start:explain_route]
@ns.route("/explain")
class Explain(Resource):
    @ns.expect(explain_args)
    @ns.marshal_with(plan_model)
    @ns.response(400, "Unknown query name", error_model)
    def get(self):
        """Show the plan the database picks for one of the demo's queries."""
        return explain(db.session, explain_args.parse_args()["query"])


# --8<-- [end:explain_route]


def _counter(pool: object, name: str) -> int | None:
    method = getattr(pool, name, None)
    # QueuePool counts overflow from -pool_size upwards; below zero means "none in use".
    return max(0, method()) if callable(method) else None
