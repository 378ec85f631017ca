"""/api/v1/admin: what only admins may see, to show 403 next to 401."""

from __future__ import annotations

from flask_restx import Namespace, Resource, fields

from .permissions import permissions_for, requires
from .users import user_store

ns = Namespace("admin", description="Administration: needs users:read (admins)")

user_out = ns.model(
    "UserOut",
    {
        "username": fields.String,
        "roles": fields.List(fields.String),
        "permissions": fields.List(fields.String),
    },
)


@ns.route("/users", endpoint="admin_users")
class Users(Resource):
    @ns.doc(security=["Bearer", "ApiKey"])
    @ns.marshal_list_with(user_out)
    @ns.response(401, "No valid token or API key")
    @ns.response(403, "Your roles lack users:read")
    @requires("users:read")
    def get(self):
        """List the users and their roles (never their password hashes)."""
        return [
            {
                "username": user.username,
                "roles": list(user.roles),
                "permissions": sorted(permissions_for(user.roles)),
            }
            for user in user_store().all()
        ]
