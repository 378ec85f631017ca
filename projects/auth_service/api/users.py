"""/api/users: register, list (admins), read, update and soft-delete accounts."""

from __future__ import annotations

from flask_restx import Namespace, Resource, fields, inputs

from projects.core import page_model, page_params, paginate, rate_limit, require_auth

from ..models import ROLES, db
from ..services import users
from .access import account_access, require_admin

ns = Namespace("users", path="/api/users", description="User accounts")

EMAIL_PATTERN = r"^[^@\s\x00-\x1f]{1,64}@[^@\s\x00-\x1f]+\.[^@\s\x00-\x1f]+$"
USERNAME_PATTERN = r"^[A-Za-z0-9_.-]{3,40}$"

register_in = ns.model(
    "RegisterIn",
    {
        "email": fields.String(
            required=True, max_length=254, pattern=EMAIL_PATTERN, example="ann@example.com"
        ),
        "username": fields.String(required=True, pattern=USERNAME_PATTERN, example="ann"),
        "password": fields.String(
            required=True, min_length=10, max_length=128, example="correct-horse-battery"
        ),
        "full_name": fields.String(max_length=120, example="Ann Example"),
    },
)
user_update_in = ns.model(
    "UserUpdateIn",
    {
        "email": fields.String(max_length=254, pattern=EMAIL_PATTERN),
        "username": fields.String(pattern=USERNAME_PATTERN),
        "full_name": fields.String(max_length=120),
        "password": fields.String(min_length=10, max_length=128, description="A new password"),
        "current_password": fields.String(
            max_length=1024, description="Needed to change your own email or password"
        ),
        "role": fields.String(enum=list(ROLES), description="Administrators only"),
        "is_active": fields.Boolean(description="Administrators only"),
    },
)
user_out = ns.model(
    "UserOut",
    {
        "id": fields.Integer(example=1),
        "email": fields.String(example="ann@example.com"),
        "username": fields.String(example="ann"),
        "full_name": fields.String(example="Ann Example"),
        "role": fields.String(enum=list(ROLES)),
        "is_active": fields.Boolean,
        "mfa_enabled": fields.Boolean,
        "created_at": fields.DateTime(dt_format="iso8601"),
        "updated_at": fields.DateTime(dt_format="iso8601"),
        "last_login_at": fields.DateTime(dt_format="iso8601"),
    },
)
user_page = page_model(ns, user_out)
list_args = page_params(max_per_page=100)
# core's `page` has no upper bound; a huge one would overflow the database's OFFSET.
list_args.replace_argument(
    "page", type=inputs.int_range(1, 100_000), default=1, location="args", help="Page, from 1"
)
list_args.add_argument("role", choices=list(ROLES), location="args", help="Only this role")
list_args.add_argument(
    "q", type=inputs.regex(r"^[^\x00]{1,100}$"), location="args", help="Part of email or username"
)


@ns.route("/register")
class Register(Resource):
    @rate_limit("10/minute")
    @ns.expect(register_in, validate=True)
    @ns.marshal_with(user_out, code=201)
    @ns.response(400, "Invalid input")
    @ns.response(409, "The email or username is taken")
    @ns.response(429, "Too many registrations from this address")
    def post(self):
        """Create an account (role "user")."""
        body = ns.payload
        user = users.register(
            email=body["email"],
            username=body["username"],
            password=body["password"],
            full_name=body.get("full_name") or "",
        )
        return user, 201


@ns.route("/")
class UserList(Resource):
    @require_auth
    @ns.expect(list_args)
    @ns.marshal_with(user_page)
    @ns.response(400, "Invalid page arguments")
    def get(self):
        """List live accounts, oldest first (administrators; scope users:read)."""
        require_admin("users:read")
        args = list_args.parse_args()
        statement = users.users_statement(role=args["role"], q=args["q"])
        return paginate(db.session, statement, page=args["page"], per_page=args["per_page"])


@ns.route("/<int:user_id>")
@ns.param("user_id", "The account's id")
class UserDetail(Resource):
    @require_auth
    @ns.marshal_with(user_out)
    @ns.response(404, "No such account, or it was deleted")
    def get(self, user_id: int):
        """Read an account (your own, or any as an administrator)."""
        user, _ = account_access(user_id, write=False)
        return user

    @require_auth
    @ns.expect(user_update_in, validate=True)
    @ns.marshal_with(user_out)
    @ns.response(400, "Invalid input")
    @ns.response(404, "No such account, or it was deleted")
    @ns.response(409, "The email or username is taken, or this is the last administrator")
    def put(self, user_id: int):
        """Update an account: send only the fields to change."""
        user, acting = account_access(user_id, write=True)
        return users.update_user(user=user, changes=ns.payload, acting=acting)

    @require_auth
    @ns.response(204, "Deleted")
    @ns.response(404, "No such account, or it was deleted")
    @ns.response(409, "This is the last administrator")
    def delete(self, user_id: int):
        """Soft-delete an account: it can no longer log in and is hidden from then on."""
        user, acting = account_access(user_id, write=True)
        users.soft_delete(user=user, acting=acting)
        return "", 204
