"""Every API starts with its documented command and serves Swagger UI.

`nox -s demo -- chNN` runs `python -m chapters.chNN_topic.api_demo`; a capstone runs
with `python -m projects.<service>`. This starts each one for real, in an empty
directory with no settings, on a free port, and waits for /swagger.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from testing.api.catalog import ROOT
from testing.services.redis import free_port

pytestmark = pytest.mark.slow
UNSET = {"APP_ENV", "DATABASE_URL", "REDIS_URL", "MONGODB_URL", "SECRET_KEY"}


def answers(url: str) -> int | None:
    """Return the status `url` answers with, or None while nothing listens."""
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status
    except (urllib.error.URLError, OSError):
        return None


def test_documented_command_serves_swagger(api, tmp_path) -> None:
    module = api.package.removesuffix(".api")  # projects.<service> runs as a package
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in UNSET}
    env |= {"PORT": str(port), "PYTHONPATH": str(ROOT)}
    log = tmp_path / "server.log"
    with log.open("w") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", module], cwd=tmp_path, env=env, stdout=output, stderr=output
        )
    try:
        status = None
        deadline = time.monotonic() + 60
        while status is None and time.monotonic() < deadline and process.poll() is None:
            status = answers(f"http://127.0.0.1:{port}/swagger")
            time.sleep(0 if status else 0.3)
        assert status == 200, f"{module} did not serve /swagger:\n{log.read_text()[-3000:]}"
    finally:
        process.terminate()
        process.wait(timeout=15)
