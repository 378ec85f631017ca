"""The local stack: auth_service and task_api on embedded servers, used over real HTTP.

This is the issue's cross-service story end to end, as a person would run it:
register and log in on the auth service, use the token on the task API, log out,
and be refused there too. Then Ctrl-C (SIGINT) stops every process it started.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import psutil
import pytest

ROOT = Path(__file__).resolve().parents[2]
OFFSET = 20000 + os.getpid() % 5000
AUTH, TASKS = f"http://127.0.0.1:{5001 + OFFSET}", f"http://127.0.0.1:{5002 + OFFSET}"

pytestmark = pytest.mark.slow


def call(method: str, url: str, body: dict | None = None, token: str | None = None):
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


def wait_for(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        assert process.poll() is None, log.read_text()[-4000:]
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            time.sleep(0.5)
    pytest.fail(f"{url} never answered:\n{log.read_text()[-4000:]}")


def test_a_token_from_the_auth_service_works_on_the_task_api_until_logout(tmp_path) -> None:
    log = tmp_path / "stack.log"
    with log.open("w") as output:
        stack = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "testing.services.stack",
                "auth_service",
                "task_api",
                "--port-offset",
                str(OFFSET),
            ],
            cwd=ROOT,
            stdout=output,
            stderr=output,
        )
    try:
        wait_for(f"{TASKS}/health/ready", stack, log)
        children = psutil.Process(stack.pid).children(recursive=True)
        assert (
            call(
                "POST",
                f"{AUTH}/api/users/register",
                {
                    "username": "grace",
                    "email": "grace@example.com",
                    "password": "a-long-passphrase-42",
                },
            )[0]
            == 201
        )
        status, tokens = call(
            "POST",
            f"{AUTH}/api/auth/login",
            {
                "email": "grace@example.com",
                "password": "a-long-passphrase-42",
            },
        )
        assert status == 200
        token = tokens["access_token"]
        status, created = call("POST", f"{TASKS}/api/tasks", {"title": "Across services"}, token)
        assert (status, created["title"]) == (201, "Across services")
        assert call("GET", f"{TASKS}/api/tasks", token=token)[0] == 200
        assert call("POST", f"{AUTH}/api/auth/logout", token=token)[0] == 200
        status, refused = call("GET", f"{TASKS}/api/tasks", token=token)
        assert (status, refused["error"]["code"]) == (401, "unauthorized")
    finally:
        stack.send_signal(signal.SIGINT)
        stack.wait(timeout=60)
    assert [p.pid for p in children if p.is_running() and p.status() != psutil.STATUS_ZOMBIE] == []
