"""/api/tasks/<id>/comments: remarks on a task by the people who have a part in it."""

from __future__ import annotations

from flask_restx import Namespace, Resource, fields

from projects.core import page_model, page_params, require_auth

from ..services import comments
from ..services.access import current_viewer
from .payloads import ID, json_payload

ns = Namespace(
    "comments", path=f"/api/tasks/<{ID}:task_id>/comments", description="Comments on a task"
)

comment_in = ns.model(
    "CommentIn", {"body": fields.String(required=True, min_length=1, max_length=5000)}, strict=True
)
comment_out = ns.model(
    "CommentOut",
    {
        "id": fields.Integer(readonly=True),
        "task_id": fields.Integer,
        "author_id": fields.String,
        "body": fields.String,
        "created_at": fields.DateTime,
    },
)
comment_page = page_model(ns, comment_out)
pages = page_params(max_per_page=100)


@ns.route("")
@ns.param("task_id", "The task's ID")
@ns.response(404, "No such task, or not one you have a part in")
class CommentList(Resource):
    @require_auth
    @ns.expect(pages)
    @ns.marshal_with(comment_page)
    def get(self, task_id: int):
        """List a task's comments, oldest first."""
        args = pages.parse_args()
        return comments.list_comments(
            viewer=current_viewer(), task_id=task_id, page=args["page"], per_page=args["per_page"]
        )

    @require_auth
    @ns.expect(comment_in)
    @ns.response(400, "Invalid comment")
    @ns.marshal_with(comment_out, code=201)
    def post(self, task_id: int):
        """Comment on a task (owner, assignee or admin)."""
        body = json_payload(comment_in)["body"]
        comment = comments.add_comment(viewer=current_viewer(), task_id=task_id, body=body)
        return comment, 201
