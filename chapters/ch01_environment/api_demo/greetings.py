"""Version 1 of the demo's API: a greeting and a description of the running service."""

from __future__ import annotations

from flask import current_app
from flask_restx import Namespace, Resource, fields, reqparse
from werkzeug.exceptions import BadRequest

ns = Namespace("greetings", description="Hello-world operations, version 1")

greeting_model = ns.model("Greeting", {"message": fields.String(example="Hello, Ada!")})
info_model = ns.model(
    "ServiceInfo",
    {
        "name": fields.String(example="chapter-01-demo"),
        "version": fields.String(example="1.0"),
        "environment": fields.String(enum=["development", "testing", "production"]),
    },
)

name_args = reqparse.RequestParser()
name_args.add_argument("name", type=str, default="World", help="Who to greet (1-50 characters)")


# --8<-- [start:hello]
@ns.route("/hello")
class Hello(Resource):
    @ns.expect(name_args)
    @ns.marshal_with(greeting_model)
    @ns.response(400, "The name is empty or longer than 50 characters")
    def get(self):
        """Greet someone by name."""
        name = name_args.parse_args()["name"].strip()
        if not 1 <= len(name) <= 50:
            raise BadRequest("name must be 1 to 50 characters long")
        current_app.logger.info("greeting", extra={"greeted": name})
        return {"message": f"Hello, {name}!"}


# --8<-- [end:hello]


@ns.route("/info")
class Info(Resource):
    @ns.marshal_with(info_model)
    def get(self):
        """Describe the running service."""
        return {
            "name": "chapter-01-demo",
            "version": "1.0",
            "environment": current_app.config["ENV_NAME"],
        }
