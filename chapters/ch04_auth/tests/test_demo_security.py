"""Chapter 4's demo: security headers, in-memory rate limits, proxies, and fuzzed input."""

from __future__ import annotations

import base64
import hashlib
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chapters.ch04_auth.api_demo import create_app
from chapters.ch04_auth.tests.conftest import TEST_CONFIG

WRONG = {"username": "alice", "password": "guess"}


# ---------------------------------------------------------------- security headers
def test_json_answers_carry_the_security_headers(client) -> None:
    headers = client.get("/health").headers
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "no-referrer"
    assert headers["Cache-Control"] == "no-store"
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert "default-src 'none'" in headers["Content-Security-Policy"]


def test_errors_carry_them_too(client) -> None:
    headers = client.get("/nowhere").headers
    assert (headers["X-Content-Type-Options"], headers["X-Frame-Options"]) == ("nosniff", "DENY")


def test_swagger_ui_may_run_exactly_its_own_inline_script(client) -> None:
    response = client.get("/swagger")
    html = response.get_data(as_text=True)
    inline = re.findall(r"<script(?![^>]*\ssrc=)[^>]*>(.*?)</script>", html, re.DOTALL)
    digest = base64.b64encode(hashlib.sha256(inline[0].encode()).digest()).decode()
    csp = response.headers["Content-Security-Policy"]
    assert f"script-src 'self' 'sha256-{digest}';" in csp
    assert "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    assert "frame-ancestors 'none'" in csp
    # Its JavaScript comes from flask-restx's own static files, never from a CDN.
    sources = re.findall(r'<script src="([^"]+)"', html)
    assert sources and all(src.startswith("/swaggerui/") for src in sources)


def test_hsts_is_sent_only_when_configured(make_app) -> None:
    assert "Strict-Transport-Security" not in make_app().test_client().get("/health").headers
    headers = make_app(HSTS_SECONDS="31536000").test_client().get("/health").headers
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


# ---------------------------------------------------------------- rate limits (in memory)
def test_login_attempts_are_limited_with_retry_after(make_app) -> None:
    client = make_app(RATELIMIT_LOGIN="3 per minute").test_client()
    statuses = [client.post("/auth/login", json=WRONG).status_code for _ in range(4)]
    assert statuses == [401, 401, 401, 429]
    response = client.post("/auth/login", json=WRONG)
    assert response.get_json()["error"]["code"] == "too_many_requests"
    assert int(response.headers["Retry-After"]) > 0
    assert response.headers["X-RateLimit-Remaining"] == "0"


def test_each_endpoint_has_its_own_budget(make_app) -> None:
    client = make_app(RATELIMIT_LOGIN="1 per minute", RATELIMIT_DEFAULT="2 per minute")
    client = client.test_client()
    assert [client.post("/auth/login", json=WRONG).status_code for _ in range(2)] == [401, 429]
    assert [client.get("/auth/me").status_code for _ in range(3)] == [401, 401, 429]


def test_health_and_docs_are_never_limited(make_app) -> None:
    client = make_app(RATELIMIT_DEFAULT="1 per minute").test_client()
    assert {client.get("/health").status_code for _ in range(5)} == {200}
    assert {client.get("/swagger.json").status_code for _ in range(5)} == {200}


@pytest.mark.parametrize(("proxies", "buckets"), [("0", 1), ("1", 2)])
def test_x_forwarded_for_counts_only_behind_trusted_proxies(make_app, proxies, buckets) -> None:
    client = make_app(RATELIMIT_LOGIN="1 per minute", TRUSTED_PROXY_COUNT=proxies).test_client()
    statuses = [
        client.post("/auth/login", json=WRONG, headers={"X-Forwarded-For": ip}).status_code
        for ip in ("203.0.113.7", "198.51.100.9")
    ]
    # Without a trusted proxy both requests come from the same socket address: one
    # budget, and a client cannot buy a fresh one by inventing a header.
    assert statuses.count(401) == buckets


def test_the_storage_choice_is_logged(make_app, capsys) -> None:
    make_app()
    assert "rate limits: in memory (no REDIS_URL" in capsys.readouterr().err


# ---------------------------------------------------------------- fuzzed input
@pytest.fixture(scope="module")
def fuzz_client():
    """One app for all examples, with limits high enough not to interfere."""
    config = TEST_CONFIG | {"RATELIMIT_LOGIN": "100000 per minute"}
    return create_app(config | {"RATELIMIT_DEFAULT": "100000 per minute"}).test_client()


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=10), children, max_size=3)
    ),
    max_leaves=8,
)
login_bodies = json_values | st.fixed_dictionaries(
    {"username": json_values, "password": json_values}
)


@settings(max_examples=150, deadline=None)
@given(body=login_bodies)
def test_login_answers_any_json_with_400_or_401(fuzz_client, body) -> None:
    """Whatever JSON arrives, the answer is a 4xx in the error shape, never a 500."""
    response = fuzz_client.post("/auth/login", json=body)
    assert response.status_code in (400, 401)
    assert response.get_json()["error"]["status"] == response.status_code


@settings(max_examples=150, deadline=None)
@given(header=st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=255)))
def test_any_authorization_header_is_a_401(fuzz_client, header) -> None:
    """Garbage in the Authorization header is refused, never a crash."""
    response = fuzz_client.get("/api/v1/reports", headers={"Authorization": header})
    assert response.status_code == 401
