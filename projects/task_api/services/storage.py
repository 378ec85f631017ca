"""Where attachment bytes live: a small Storage interface and its local-disk implementation.

Keys are random (uuid4 hex) and made here, never taken from a client, and a key must
match that shape before it becomes a path: no file name a user sends can point
outside the storage folder. An S3 or GCS implementation would keep the same interface.
"""

from __future__ import annotations

import os
import re
import tempfile
import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO, Protocol

from flask import Flask, current_app

STORAGE_KEY = "task_api.storage"
KEY_SHAPE = re.compile(r"[0-9a-f]{32}")


class Storage(Protocol):
    """Stores blobs under keys it chooses itself."""

    def save(self, chunks: Iterable[bytes]) -> str:
        """Write the chunks as one new blob and return its key (nothing is kept on error)."""
        ...

    def open(self, key: str) -> BinaryIO:
        """Open the blob for reading; FileNotFoundError if there is none."""
        ...

    def delete(self, key: str) -> None:
        """Remove the blob; a missing one is not an error."""
        ...


class LocalStorage:
    """Blobs as files under one folder, two levels deep (`ab/abcd…`) to keep folders small."""

    def __init__(self, root: str | os.PathLike[str]) -> None:
        self.root = Path(root).resolve()

    def path_for(self, key: str) -> Path:
        """Return the file of `key`; ValueError for anything that is not a key of ours."""
        if not KEY_SHAPE.fullmatch(key):
            raise ValueError("not a storage key")
        return self.root / key[:2] / key

    def save(self, chunks: Iterable[bytes]) -> str:
        """Write to a temporary file first, then rename: readers never see half a file."""
        key = uuid.uuid4().hex
        target = self.path_for(key)
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".upload-")
        try:
            with os.fdopen(handle, "wb") as file:
                for chunk in chunks:
                    file.write(chunk)
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        return key

    def open(self, key: str) -> BinaryIO:
        """Open the blob for reading."""
        return self.path_for(key).open("rb")

    def delete(self, key: str) -> None:
        """Remove the blob if it is there."""
        self.path_for(key).unlink(missing_ok=True)


def init_app(app: Flask, storage: Storage) -> None:
    """Give the app its storage."""
    app.extensions[STORAGE_KEY] = storage


def storage() -> Storage:
    """Return the current app's storage."""
    return current_app.extensions[STORAGE_KEY]
