"""A webhook receiver for the tests: a real HTTP server on 127.0.0.1 that records each call."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from werkzeug.wrappers import Request, Response

from testing.api.live import serving


@dataclass(frozen=True)
class Call:
    """One request the receiver got."""

    path: str
    headers: dict[str, str]
    body: bytes


class Receiver:
    """A WSGI app that answers each call with the next scripted status (then 200)."""

    def __init__(self, statuses: tuple[int, ...] = (), *, delays: tuple[float, ...] = ()) -> None:
        self.calls: list[Call] = []
        self._statuses = list(statuses)
        self._delays = list(delays)
        self._lock = threading.Lock()
        self.url = ""

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        request = Request(environ)
        call = Call(request.path, dict(request.headers), request.get_data())
        with self._lock:
            status = self._statuses.pop(0) if self._statuses else 200
            delay = self._delays.pop(0) if self._delays else 0.0
        time.sleep(delay)  # a receiver too slow to answer within the sender's timeout
        with self._lock:
            self.calls.append(call)
        return Response("ok", status=status)(environ, start_response)


@contextmanager
def receiving(
    statuses: tuple[int, ...] = (), *, delays: tuple[float, ...] = ()
) -> Iterator[Receiver]:
    """Serve a Receiver on a free loopback port for the block; its `url` is set."""
    receiver = Receiver(statuses, delays=delays)
    with serving(receiver) as base:
        receiver.url = f"{base}/hooks"
        yield receiver


def wait_for(condition: Callable[[], Any], *, timeout: float = 30.0) -> Any:
    """Poll `condition` until it returns something truthy; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if result := condition():
            return result
        time.sleep(0.1)
    raise AssertionError(f"gave up waiting after {timeout:g}s")
