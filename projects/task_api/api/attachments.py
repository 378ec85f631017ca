"""/api/tasks/<id>/attachments: upload, list, download and delete files on a task."""

from __future__ import annotations

from flask import request, send_file
from flask_restx import Namespace, Resource, fields, reqparse
from werkzeug.datastructures import FileStorage

from projects.core import ValidationError, require_auth

from ..services import attachments
from ..services.access import current_viewer
from .payloads import ID, json_response

ns = Namespace(
    "attachments",
    path=f"/api/tasks/<{ID}:task_id>/attachments",
    description="Files attached to a task",
)

attachment_out = ns.model(
    "AttachmentOut",
    {
        "id": fields.Integer(readonly=True),
        "task_id": fields.Integer,
        "filename": fields.String,
        "content_type": fields.String(description="Decided from the file's bytes"),
        "size": fields.Integer(description="Bytes"),
        "sha256": fields.String,
        "uploaded_by": fields.String,
        "created_at": fields.DateTime,
    },
)
upload_form = reqparse.RequestParser()
upload_form.add_argument("file", type=FileStorage, location="files", required=True,
                         help="PNG, JPEG, GIF, WebP, PDF or UTF-8 text")  # fmt: skip
# Downloads must never render in the API's origin, whatever they contain.
DOWNLOAD_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; sandbox",
}


@ns.route("")
@ns.param("task_id", "The task's ID")
@ns.response(404, "No such task, or not one you have a part in")
class AttachmentList(Resource):
    @require_auth
    @ns.marshal_list_with(attachment_out)
    def get(self, task_id: int):
        """List a task's attachments (owner, assignee or admin)."""
        return attachments.list_attachments(viewer=current_viewer(), task_id=task_id)

    @require_auth
    @ns.expect(upload_form)
    @ns.response(400, "No file, or an empty one")
    @ns.response(403, "Only the owner or an admin may attach files")
    @ns.response(413, "The file is over the size limit")
    @ns.response(415, "The file's content is not an allowed type, or not what its name says")
    @ns.marshal_with(attachment_out, code=201)
    def post(self, task_id: int):
        """Upload a file as multipart/form-data field `file`."""
        viewer = current_viewer()  # before reading the body: no token, no upload
        try:
            file = request.files.get("file")
        except ValueError:  # a malformed multipart body
            raise ValidationError(details={"file": "send multipart/form-data"}) from None
        attachment = attachments.upload(viewer=viewer, task_id=task_id, file=file)
        location = f"/api/tasks/{task_id}/attachments/{attachment.id}"
        return attachment, 201, {"Location": location}


@ns.route(f"/<{ID}:attachment_id>")
@ns.param("task_id", "The task's ID")
@ns.param("attachment_id", "The attachment's ID")
@ns.response(404, "No such task or attachment, or not a task you have a part in")
class AttachmentItem(Resource):
    @require_auth
    @ns.marshal_with(attachment_out)
    def get(self, task_id: int, attachment_id: int):
        """Describe one attachment."""
        return attachments.get_attachment(
            viewer=current_viewer(), task_id=task_id, attachment_id=attachment_id
        )

    @require_auth
    @ns.response(204, "Deleted, file and all")
    @ns.response(403, "Only the owner or an admin may delete attachments")
    def delete(self, task_id: int, attachment_id: int):
        """Delete an attachment (owner or admin)."""
        attachments.delete_attachment(
            viewer=current_viewer(), task_id=task_id, attachment_id=attachment_id
        )
        return json_response(b"", 204)


@ns.route(f"/<{ID}:attachment_id>/content")
@ns.param("task_id", "The task's ID")
@ns.param("attachment_id", "The attachment's ID")
@ns.response(404, "No such task or attachment, or not a task you have a part in")
class AttachmentContent(Resource):
    @require_auth
    @ns.produces(["application/octet-stream"])
    @ns.response(200, "The file, as a download")
    def get(self, task_id: int, attachment_id: int):
        """Download the file with its content type and original name."""
        attachment = attachments.get_attachment(
            viewer=current_viewer(), task_id=task_id, attachment_id=attachment_id
        )
        response = send_file(
            attachments.open_content(attachment),
            mimetype=attachment.content_type,  # text/* gets "; charset=utf-8" from Flask
            as_attachment=True,
            download_name=attachment.filename,
            etag=attachment.sha256,
            conditional=True,
            max_age=0,
        )
        response.headers.update(DOWNLOAD_HEADERS)
        return response
