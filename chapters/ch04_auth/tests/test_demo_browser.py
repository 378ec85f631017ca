"""Swagger UI works under the demo's strict Content-Security-Policy, in a real browser.

Drives Debian's Chromium with Playwright. Without Chromium the test is skipped,
unless TUTORIAL_REQUIRE_BROWSER=1 makes the missing browser a failure.
"""

from __future__ import annotations

import json
import os
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from werkzeug.serving import make_server

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]


@contextmanager
def serving(app) -> Iterator[str]:
    """Serve `app` on a free loopback port while the block runs."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)
        server.server_close()


@pytest.fixture
def browser():
    """Launch headless Chromium, or skip when it is not installed."""
    if CHROMIUM is None:
        if os.environ.get("TUTORIAL_REQUIRE_BROWSER") == "1":
            pytest.fail("Chromium is required here; install it with: apt-get install chromium")
        pytest.skip("no Chromium installed (apt-get install chromium) — browser check skipped")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            yield browser
        finally:
            browser.close()


def execute(operation, body: str | None = None) -> str:
    """Press Try it out (filling the body) and Execute; return the response body text."""
    operation.locator(".opblock-summary").click()
    operation.get_by_role("button", name="Try it out").click()
    if body is not None:
        operation.locator("textarea.body-param__text").fill(body)
    operation.get_by_role("button", name="Execute").click()
    result = operation.locator(".live-responses-table .response .response-col_status")
    result.wait_for(timeout=15_000)
    assert result.inner_text().strip().startswith("200")
    body = operation.locator(".live-responses-table .response-col_description pre").first
    return body.inner_text()


def test_swagger_ui_logs_in_and_calls_a_protected_endpoint(browser, make_app) -> None:
    with serving(make_app()) as url:
        page = browser.new_page()
        problems: list[str] = []
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        outside: list[str] = []
        page.on("request", lambda r: None if r.url.startswith(url) else outside.append(r.url))
        page.goto(f"{url}/swagger")

        login = page.locator("#operations-auth-post_login")
        credentials = {"username": "alice", "password": "correct-horse-admin"}
        token = json.loads(execute(login, json.dumps(credentials)))["access_token"]

        page.locator("button.authorize").first.click()
        page.locator(".auth-container").filter(has_text="Bearer").locator("input").fill(
            f"Bearer {token}"
        )
        page.locator(".auth-container").filter(has_text="Bearer").get_by_role(
            "button", name="Authorize"
        ).click()
        page.locator("button.close-modal").click()

        me = json.loads(execute(page.locator("#operations-auth-get_me")))
        assert (me["username"], me["authenticated_with"]) == ("alice", "jwt")
        # Nothing was blocked by the Content-Security-Policy, nothing came from a CDN.
        assert [text for text in problems if "Content Security Policy" in text] == []
        assert outside == []
