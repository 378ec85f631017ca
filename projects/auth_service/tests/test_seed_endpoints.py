"""Seed 003's endpoint table, exactly: the app serves it and the README shows it."""

from __future__ import annotations

import re
from pathlib import Path

from flask import Flask

# Method, path and description, as the seed's "API Endpoints" table lists them.
SEED_TABLE = [
    ("GET", "/", "Welcome message"),
    ("GET", "/health", "Health check with DB status"),
    ("POST", "/api/auth/login", "Get JWT tokens"),
    ("POST", "/api/auth/logout", "Revoke token"),
    ("POST", "/api/auth/refresh", "Refresh access token"),
    ("GET", "/api/auth/me", "Current user info"),
    ("POST", "/api/users/register", "Create new user"),
    ("GET", "/api/users/", "List all users (paginated)"),
    ("GET", "/api/users/<id>", "Get user by ID"),
    ("PUT", "/api/users/<id>", "Update user"),
    ("DELETE", "/api/users/<id>", "Soft delete user"),
]
README = Path(__file__).resolve().parents[1] / "README.md"
ROW = re.compile(r"^\|\s*(GET|POST|PUT|PATCH|DELETE)\s*\|\s*`([^`]+)`\s*\|\s*([^|]+?)\s*\|$", re.M)


def seed_routes(app: Flask) -> set[tuple[str, str]]:
    """Return (method, path) for every rule, with converters written as the seed's <id>."""
    routes = set()
    for rule in app.url_map.iter_rules():
        path = re.sub(r"<(?:\w+:)?\w+>", "<id>", rule.rule)
        routes.update((method, path) for method in rule.methods - {"HEAD", "OPTIONS"})
    return routes


def test_the_app_serves_every_endpoint_of_the_seed_table(light_app: Flask) -> None:
    """Each (method, path) of the seed's table is a route of the app."""
    missing = {(m, p) for m, p, _ in SEED_TABLE} - seed_routes(light_app)
    assert missing == set()


def test_the_seed_paths_have_no_other_methods(light_app: Flask) -> None:
    """The seed's paths answer the seed's methods and no others."""
    seed_paths = {path for _, path, _ in SEED_TABLE}
    served = {(m, p) for m, p in seed_routes(light_app) if p in seed_paths}
    assert served == {(m, p) for m, p, _ in SEED_TABLE}


def test_the_readme_endpoint_table_is_the_seed_table() -> None:
    """The README's seed table lists the same rows in the same order."""
    section = README.read_text(encoding="utf-8").split("## Seed endpoints", 1)[1].split("\n## ")[0]
    rows = [(m, p, d) for m, p, d in ROW.findall(section)]
    assert rows == SEED_TABLE


def test_the_user_id_converter_is_an_integer(light_app: Flask) -> None:
    """/api/users/<id> takes integer ids; anything else is a 404."""
    rules = {rule.rule for rule in light_app.url_map.iter_rules()}
    assert "/api/users/<int:user_id>" in rules
    assert light_app.test_client().get("/api/users/abc").status_code == 404
