"""The Posts API: GET and POST /api/posts, every answer wrapped in {success, message, data}."""

from __future__ import annotations

from flask import request
from flask_restx import Model, Namespace, Resource, fields

from .post_service import MAX_LENGTHS, post_service, validate_new_post

ns = Namespace("posts", description="User posts, in the {success, message, data} envelope")


# One character that str.strip() keeps. Not "\S": JSON Schema patterns are ECMA-262
# regexes, and their \s disagrees with Python's on a few control and Unicode spaces.
KEPT_BY_STRIP = (
    r"[^\t\n\x0b\x0c\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"
)


# --8<-- [start:models]
def text_field(name: str, *, example: str) -> fields.String:
    """Document one required text field of a new post, as validate_new_post checks it."""
    return fields.String(
        required=True,
        min_length=1,
        max_length=MAX_LENGTHS[name],
        pattern=KEPT_BY_STRIP,
        description="Trimmed; whitespace alone counts as empty",
        example=example,
    )


post_in = ns.model(
    "PostIn",
    {
        "name": text_field("name", example="Ada"),
        "username": text_field("username", example="ada"),
        "body": text_field("body", example="Notes on the Engine"),
    },
)
post_out = ns.model(
    "Post",
    {
        "id": fields.Integer(readonly=True, example=4),
        "name": fields.String(example="Ada"),
        "username": fields.String(example="ada"),
        "body": fields.String(example="Notes on the Engine"),
        "created_at": fields.DateTime(dt_format="iso8601", example="2024-01-18T12:00:00+00:00"),
    },
)


def envelope(name: str, data: fields.Raw) -> Model:
    """Describe a successful answer: {success: true, message, data}."""
    return ns.model(
        name,
        {
            "success": fields.Boolean(example=True),
            "message": fields.String(example="Posts retrieved successfully"),
            "data": data,
        },
    )


post_list_envelope = envelope("PostListEnvelope", fields.List(fields.Nested(post_out)))
post_envelope = envelope("PostEnvelope", fields.Nested(post_out))
error_envelope = ns.model(
    "PostErrorEnvelope",
    {
        "success": fields.Boolean(example=False),
        "message": fields.String(
            example="Validation failed. Missing required fields: name, username"
        ),
        "errors": fields.Raw(example={"name": "Name cannot be empty"}),
    },
)
# --8<-- [end:models]


# --8<-- [start:resource]
@ns.route("")
class PostList(Resource):
    @ns.marshal_with(post_list_envelope)
    def get(self):
        """List every post, newest first."""
        posts = post_service().list()
        return {"success": True, "message": "Posts retrieved successfully", "data": posts}

    # No validate=True: the Posts API promises its own 400 body, which
    # validate_new_post builds, rather than flask-restx's validation errors.
    @ns.expect(post_in)
    @ns.marshal_with(post_envelope, code=201)
    @ns.response(400, "A field is missing, empty, too long or not a string", error_envelope)
    def post(self):
        """Create a post from a name, a username and a body."""
        # silent=True: a missing, malformed or non-JSON body becomes None, which
        # validate_new_post rejects with the envelope's 400 rather than a 415.
        new_post = validate_new_post(request.get_json(silent=True))
        post = post_service().create(**new_post)
        return {"success": True, "message": "Post created successfully", "data": post}, 201


# --8<-- [end:resource]
