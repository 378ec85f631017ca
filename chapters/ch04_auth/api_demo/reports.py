"""/api/v1/reports: a small protected resource — viewers read, editors write."""

from __future__ import annotations

import itertools
import threading
from datetime import UTC, datetime
from typing import Any

from flask import Flask, current_app
from flask_restx import Namespace, Resource, fields

from .payloads import validated_body
from .permissions import current_principal, requires

ns = Namespace("reports", description="Reports: reading needs reports:read, writing reports:write")

report_in = ns.model(
    "ReportIn",
    {
        "title": fields.String(required=True, min_length=1, max_length=100, example="Q3 sales"),
        "body": fields.String(max_length=2000, default="", example="Up 4% on Q2."),
    },
)
report_out = ns.model(
    "ReportOut",
    {
        "id": fields.Integer,
        "title": fields.String,
        "body": fields.String,
        "author": fields.String,
        "created_at": fields.DateTime(dt_format="iso8601"),
    },
)


class ReportStore:
    """Reports in memory, in the order they were written."""

    def __init__(self) -> None:
        self._reports: list[dict[str, Any]] = []
        self._ids = itertools.count(1)
        self._lock = threading.Lock()

    def add(self, *, title: str, body: str, author: str) -> dict[str, Any]:
        """Store a report and return it."""
        with self._lock:
            report = {
                "id": next(self._ids),
                "title": title,
                "body": body,
                "author": author,
                "created_at": datetime.now(UTC),
            }
            self._reports.append(report)
        return report

    def all(self) -> list[dict[str, Any]]:
        """Return every report."""
        return list(self._reports)


def init_app(app: Flask) -> None:
    """Attach a report store with one example report."""
    store = ReportStore()
    store.add(title="Welcome", body="Readers see this; editors can add more.", author="alice")
    app.extensions["reports"] = store


# --8<-- [start:reports]
@ns.route("", endpoint="reports")
class Reports(Resource):
    @ns.doc(security=["Bearer", "ApiKey"])
    @ns.marshal_list_with(report_out)
    @ns.response(401, "No valid token or API key")
    @ns.response(403, "Your roles lack reports:read")
    @requires("reports:read")
    def get(self):
        """List the reports."""
        return current_app.extensions["reports"].all()

    @ns.doc(security=["Bearer", "ApiKey"])
    @ns.expect(report_in)
    @ns.marshal_with(report_out, code=201)
    @ns.response(400, "The body is not a valid report")
    @ns.response(401, "No valid token or API key")
    @ns.response(403, "Your roles lack reports:write (viewers may only read)")
    @requires("reports:write")
    def post(self):
        """Write a report (editors and admins)."""
        body = validated_body(report_in)
        report = current_app.extensions["reports"].add(
            title=body["title"].strip() or "untitled",
            body=body.get("body") or "",
            author=current_principal().username,
        )
        return report, 201


# --8<-- [end:reports]
