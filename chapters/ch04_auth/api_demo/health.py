"""/health: is the service up, and where do its rate limits and revocations live right now?"""

from __future__ import annotations

from flask import current_app
from flask_restx import Namespace, Resource, fields

ns = Namespace("health", description="Service health")

health_out = ns.model(
    "HealthOut",
    {
        "status": fields.String(enum=["ok", "degraded"]),
        "rate_limits": fields.String(enum=["redis", "memory", "memory-fallback"]),
        "token_denylist": fields.String(enum=["redis", "memory", "unavailable"]),
    },
)


@ns.route("", endpoint="health")
class Health(Resource):
    @ns.marshal_with(health_out)
    def get(self):
        """Report health: "degraded" while a configured Redis does not answer."""
        settings = current_app.extensions["settings"]
        rate_limits = "memory"
        if settings.ratelimit_storage_url != "memory://":
            # A real PING, not Flask-Limiter's cached opinion: /health tells the truth.
            alive = current_app.extensions["rate_limiter"].storage.check()
            rate_limits = "redis" if alive else "memory-fallback"
        denylist = current_app.extensions["tokens"].denylist
        token_denylist = denylist.backend if denylist.ping() else "unavailable"
        degraded = rate_limits == "memory-fallback" or token_denylist == "unavailable"
        return {
            "status": "degraded" if degraded else "ok",
            "rate_limits": rate_limits,
            "token_denylist": token_denylist,
        }
