"""Swagger UI renders in a real browser and its "Try it out" call succeeds.

Drives Debian's Chromium with Playwright (never a downloaded browser). Without
Chromium the test is skipped, unless TUTORIAL_REQUIRE_BROWSER=1 (set by CI) makes
the missing browser a failure.
"""

from __future__ import annotations

import os
import shutil

import pytest

from chapters.ch01_environment.api_demo import create_app
from testing.api.live import serving

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]


@pytest.fixture
def browser():
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


def test_swagger_ui_try_it_out_returns_200(browser, tmp_path) -> None:
    app = create_app({"APP_ENV": "testing"})
    with serving(app) as url:
        page = browser.new_page()
        outside = []
        page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(url) else None)
        page.goto(f"{url}/swagger")
        operation = page.locator("#operations-greetings-get_hello")
        operation.locator(".opblock-summary").click()
        operation.get_by_role("button", name="Try it out").click()
        operation.locator("input[placeholder='name']").fill("Ada")
        operation.get_by_role("button", name="Execute").click()
        status = operation.locator(".live-responses-table tr.response .response-col_status").first
        status.wait_for(timeout=15_000)
        assert status.inner_text().strip() == "200"
        assert "Hello, Ada!" in operation.locator(".live-responses-table").inner_text()
        page.screenshot(path=str(tmp_path / "swagger.png"), full_page=True)
        # Swagger UI is served from flask-restx's own files: nothing from a CDN.
        assert outside == []
