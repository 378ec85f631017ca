"""A MongoDB-wire server: SecantusDB, running inside this Python process.

SecantusDB speaks MongoDB's wire protocol on a real TCP socket, so pymongo cannot
tell it from mongod for single-node work (CRUD, indexes, aggregation). It has no
replica sets, so no change streams across nodes and no multi-node transactions.
"""

from __future__ import annotations

import shutil

from testing.services import scratch


class MongoServer:
    """Start one SecantusDB server on an OS-chosen port and stop it again."""

    def __init__(self) -> None:
        self._server = None
        self._folder = None
        self.url: str | None = None

    def start(self) -> str:
        """Start the server and return its `mongodb://` URL."""
        from secantus import SecantusDBServer

        self._folder = scratch.new_folder("mongodb")
        self._server = SecantusDBServer(port=0, storage_path=str(self._folder / "data"))
        self._server.start()
        self.url = self._server.uri
        return self.url

    def close(self) -> None:
        """Stop the server and delete its data; safe to call twice."""
        if self._server is not None:
            self._server.stop()
            self._server = None
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)
            self._folder = None
