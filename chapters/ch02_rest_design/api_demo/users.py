"""The users resource: a collection at /api/users and one item per user id."""

from __future__ import annotations

from flask import url_for
from flask_restx import Namespace, Resource, fields, reqparse

from .user_service import user_service

ns = Namespace("users", description="Create, read, update and delete users")

# --8<-- [start:models]
USERNAME = r"^[A-Za-z0-9_.-]{3,30}$"
# JSON Schema patterns are ECMA-262 regexes, but the server checks them with Python's re;
# the two disagree on what \s means, so spell out the characters instead.
EMAIL = r"^[^@\x00-\x20]+@[^@\x00-\x20]+\.[^@\x00-\x20]+$"


def user_fields(*, required: bool) -> dict[str, fields.Raw]:
    """Describe the fields a client writes; POST and PUT require them, PATCH does not."""
    return {
        "username": fields.String(
            required=required,
            pattern=USERNAME,
            description="3-30 letters, digits, _ . -",
            example="ada",
        ),
        "email": fields.String(
            required=required, pattern=EMAIL, max_length=254, example="ada@example.com"
        ),
        "bio": fields.String(max_length=280, description="Optional; defaults to empty"),
    }


user_in = ns.model("UserIn", user_fields(required=True))
user_patch = ns.model("UserPatch", user_fields(required=False))
user_out = ns.model(
    "UserOut",
    {
        "id": fields.Integer(readonly=True, example=1),
        "username": fields.String(example="ada"),
        "email": fields.String(example="ada@example.com"),
        "bio": fields.String(example="Writes the first programs."),
        "created_at": fields.DateTime(dt_format="iso8601"),
        "updated_at": fields.DateTime(dt_format="iso8601"),
    },
)
error_out = ns.model(
    "Error",
    {
        "error": fields.Nested(
            ns.model(
                "ErrorDetail",
                {
                    "status": fields.Integer(example=404),
                    "code": fields.String(example="not_found"),
                    "message": fields.String(example="No user has id 7"),
                    "fields": fields.Raw(description="Per-field messages, for 400 and 409"),
                },
            )
        )
    },
)
# --8<-- [end:models]

# --8<-- [start:parsing]
WRITABLE = ("username", "email", "bio")


def writable(payload: dict) -> dict[str, str]:
    """Keep the fields a client may write: validation lets unknown keys such as "id" through."""
    return {name: payload[name] for name in WRITABLE if name in payload}


search_args = reqparse.RequestParser()
search_args.add_argument(
    "search", type=str, location="args", help="Keep users whose username or email contains this"
)
# --8<-- [end:parsing]


# --8<-- [start:collection]
@ns.route("")
class UserList(Resource):
    @ns.expect(search_args)
    @ns.marshal_list_with(user_out)
    def get(self):
        """List users, optionally filtered by a search string."""
        args = search_args.parse_args()
        return user_service().list(search=args["search"])

    @ns.expect(user_in, validate=True)
    @ns.marshal_with(user_out, code=201, description="Created; Location names the new user")
    @ns.response(400, "The body is not a valid UserIn", error_out)
    @ns.response(409, "The username or email is taken", error_out)
    @ns.response(415, "The body is not sent as application/json", error_out)
    def post(self):
        """Create a user."""
        user = user_service().create(**writable(ns.payload))
        return user, 201, {"Location": url_for("user", user_id=user.id)}


# --8<-- [end:collection]


# --8<-- [start:item]
@ns.route("/<int:user_id>", endpoint="user")
@ns.param("user_id", "The user's id")
@ns.response(404, "No user has this id", error_out)
class UserItem(Resource):
    @ns.marshal_with(user_out)
    def get(self, user_id: int):
        """Fetch one user."""
        return user_service().get(user_id)

    @ns.expect(user_in, validate=True)
    @ns.marshal_with(user_out)
    @ns.response(400, "The body is not a valid UserIn", error_out)
    @ns.response(409, "The username or email is taken", error_out)
    @ns.response(415, "The body is not sent as application/json", error_out)
    def put(self, user_id: int):
        """Replace a user: fields left out go back to their defaults."""
        return user_service().replace(user_id, **writable(ns.payload))

    @ns.expect(user_patch, validate=True)
    @ns.marshal_with(user_out)
    @ns.response(400, "The body is not a valid UserPatch", error_out)
    @ns.response(409, "The username or email is taken", error_out)
    @ns.response(415, "The body is not sent as application/json", error_out)
    def patch(self, user_id: int):
        """Change some fields of a user."""
        return user_service().update(user_id, **writable(ns.payload))

    @ns.response(204, "Deleted")
    def delete(self, user_id: int):
        """Delete a user."""
        user_service().delete(user_id)
        return "", 204  # werkzeug sends no body with a 204, whatever the view returns


# --8<-- [end:item]
