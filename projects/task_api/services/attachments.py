"""File attachments: uploads checked by size and by what their bytes are, not their names.

The type comes from the content (magic numbers, via `filetype`; UTF-8 without NUL
bytes counts as text/plain), must be on the allow-list, and must agree with the file
name's extension when it has a known one: `invoice.pdf` holding HTML is refused. The
size is counted while streaming to storage, so an upload is never held in memory.
"""

from __future__ import annotations

import codecs
import hashlib
import mimetypes
import re
from collections.abc import Iterator
from typing import IO, BinaryIO

import filetype
from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from werkzeug.datastructures import FileStorage

from projects.core import NotFound, PayloadTooLarge, UnsupportedMediaType, ValidationError

from ..models import Attachment, db
from .access import Action, Viewer
from .storage import storage
from .tasks import get_task

SNIFF_BYTES = 8192
CHUNK_BYTES = 64 * 1024
NAME_LENGTH = 255
_UNSAFE_NAME = re.compile(r"[\x00-\x1f\x7f]")
# Only Python's built-in table: the machine's /etc/mime.types must not change the rules.
_BY_EXTENSION = mimetypes.MimeTypes(filenames=())


def sniff(head: bytes) -> str | None:
    """Return the content type the first bytes of a file show, or None if unknown."""
    kind = filetype.guess(head)
    if kind is not None:
        return kind.mime
    if b"\x00" in head:
        return None
    try:
        # Incremental: the sample may end in the middle of a multi-byte character.
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return None
    return "text/plain"


def clean_filename(name: str | None) -> str:
    """Keep a displayable base name: no folders, no control characters, bounded length."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = _UNSAFE_NAME.sub("", base).strip().lstrip(".")
    return base[-NAME_LENGTH:] or "attachment"


def upload(*, viewer: Viewer, task_id: int, file: FileStorage | None) -> Attachment:
    """Store an uploaded file on the task (its owner's and admins' right)."""
    get_task(viewer=viewer, task_id=task_id, action=Action.ATTACH)
    if file is None:
        raise ValidationError(details={"file": "send the file as multipart/form-data field 'file'"})
    filename = clean_filename(file.filename)
    head = file.stream.read(SNIFF_BYTES)
    if not head:
        raise ValidationError(details={"file": "is empty"})
    content_type = _allowed_type(head, filename)
    limit = current_app.config["SETTINGS"].attachment_max_bytes
    measured = _Measured(head, file.stream, limit=limit)
    key = storage().save(measured)
    attachment = Attachment(
        task_id=task_id,
        filename=filename,
        content_type=content_type,
        size=measured.size,
        sha256=measured.digest.hexdigest(),
        storage_key=key,
        uploaded_by=viewer.subject,
    )
    db.session.add(attachment)
    try:
        db.session.commit()
    except Exception as exc:
        db.session.rollback()
        storage().delete(key)  # no row points at it
        if isinstance(exc, IntegrityError):  # the task was deleted while the file came in
            raise NotFound(f"No task {task_id}.") from None
        raise
    return attachment


def list_attachments(*, viewer: Viewer, task_id: int) -> list[Attachment]:
    """Return the task's attachments, oldest first."""
    get_task(viewer=viewer, task_id=task_id)
    statement = select(Attachment).filter_by(task_id=task_id).order_by(Attachment.id)
    return list(db.session.scalars(statement))


def get_attachment(
    *, viewer: Viewer, task_id: int, attachment_id: int, action: Action = Action.READ
) -> Attachment:
    """Return one attachment of a task the viewer may see."""
    get_task(viewer=viewer, task_id=task_id, action=action)
    attachment = db.session.get(Attachment, attachment_id)
    if attachment is None or attachment.task_id != task_id:
        raise NotFound(f"Task {task_id} has no attachment {attachment_id}.")
    return attachment


def open_content(attachment: Attachment) -> BinaryIO:
    """Open the attachment's bytes; 404 if the storage lost them."""
    try:
        return storage().open(attachment.storage_key)
    except FileNotFoundError:
        current_app.logger.error("attachment file missing", extra={"id": attachment.id})
        raise NotFound(f"The file of attachment {attachment.id} is missing.") from None


def delete_attachment(*, viewer: Viewer, task_id: int, attachment_id: int) -> None:
    """Delete the attachment and its file."""
    attachment = get_attachment(
        viewer=viewer, task_id=task_id, attachment_id=attachment_id, action=Action.ATTACH
    )
    key = attachment.storage_key
    db.session.delete(attachment)
    db.session.commit()
    storage().delete(key)


def _allowed_type(head: bytes, filename: str) -> str:
    settings = current_app.config["SETTINGS"]
    sniffed = sniff(head)
    if sniffed is None or sniffed not in settings.attachment_types:
        raise UnsupportedMediaType(
            f"Files of type {sniffed or 'unknown'} are not accepted.",
            details={"detected": sniffed, "allowed": list(settings.attachment_types)},
        )
    named, _ = _BY_EXTENSION.guess_type(filename, strict=False)
    text_alike = sniffed == "text/plain" and (named or "").startswith("text/")
    if named is not None and named != sniffed and not text_alike:
        raise UnsupportedMediaType(
            f"The file's content is {sniffed}, but its name says {named}.",
            details={"detected": sniffed, "by_name": named},
        )
    return sniffed


class _Measured:
    """An upload's chunks, hashed and counted as they pass; 413 once past the limit."""

    def __init__(self, head: bytes, stream: IO[bytes], *, limit: int) -> None:
        self.head, self.stream, self.limit = head, stream, limit
        self.size = 0
        self.digest = hashlib.sha256()

    def __iter__(self) -> Iterator[bytes]:
        chunk = self.head
        while chunk:
            self.size += len(chunk)
            if self.size > self.limit:
                raise PayloadTooLarge(
                    f"Attachments may be at most {self.limit} bytes.",
                    details={"max_bytes": self.limit},
                )
            self.digest.update(chunk)
            yield chunk
            chunk = self.stream.read(CHUNK_BYTES)
