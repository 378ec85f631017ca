"""Run an app under gunicorn and measure it with wrk: requests/s and p50/p99 latency.

A benchmark, not a test: numbers depend on the machine, so they are written to a
results file with the machine's description, never asserted in the unit tests.
"""

from __future__ import annotations

import os
import platform
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


@dataclass
class Measurement:
    """What one wrk run against one endpoint measured."""

    name: str
    url_path: str
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    requests: int
    errors: int


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def gunicorn(app: str, *, workers: int, threads: int, env: dict[str, str] | None = None):
    """Serve the WSGI `app` ("module:callable()") with gunicorn; yield its base URL."""
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            app,
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env={**os.environ, **(env or {})},
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base, process)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


def _wait_until_up(base: str, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}")
        try:
            urllib.request.urlopen(base + "/", timeout=1)
            return
        except urllib.error.HTTPError:
            return  # any HTTP answer means the server is up
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"gunicorn did not answer on {base}")


def wrk(
    name: str,
    base: str,
    path: str,
    *,
    seconds: int,
    connections: int,
    headers: dict[str, str] | None = None,
) -> Measurement:
    """Load `base + path` with wrk for `seconds` and parse its report."""
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: apt-get install wrk")
    args = ["wrk", "--latency", "-t", "2", "-c", str(connections), "-d", f"{seconds}s"]
    for key, value in (headers or {}).items():
        args += ["-H", f"{key}: {value}"]
    report = subprocess.run(args + [base + path], capture_output=True, text=True, check=True).stdout
    return Measurement(
        name=name,
        url_path=path,
        requests_per_second=float(re.search(r"Requests/sec:\s+([\d.]+)", report)[1]),
        p50_ms=_latency(report, "50%"),
        p99_ms=_latency(report, "99%"),
        requests=int(re.search(r"(\d+) requests in", report)[1]),
        errors=_errors(report),
    )


def _latency(report: str, percentile: str) -> float:
    value, unit = re.search(rf"^\s+{percentile}\s+([\d.]+)(us|ms|s)\s*$", report, re.M).groups()
    return round(float(value) * _UNITS[unit], 3)


def _errors(report: str) -> int:
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", report)
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", report
    )
    return (int(non_2xx[1]) if non_2xx else 0) + (
        sum(map(int, socket_errors.groups())) if socket_errors else 0
    )


def machine() -> dict[str, object]:
    """Describe the machine the numbers come from."""
    return {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
    }


def as_dicts(measurements: list[Measurement]) -> list[dict[str, object]]:
    return [asdict(m) for m in measurements]
