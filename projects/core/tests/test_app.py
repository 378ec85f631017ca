"""The whole wiring of create_app, through the example service on real PostgreSQL and Redis."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Flask, request

from projects.core import create_app
from projects.core.testing import api_client, unreachable_postgres_url

from . import example_service


def test_swagger_ui_and_spec_are_served(app: Flask) -> None:
    client = app.test_client()
    spec = client.get("/swagger.json").get_json()
    assert client.get("/swagger").status_code == 200
    assert {"/api/v1/notes", "/api/v1/notes/{note_id}", "/health/ready"} <= set(spec["paths"])
    assert spec["securityDefinitions"]["bearer"]["in"] == "header"
    post = spec["paths"]["/api/v1/notes"]["post"]
    assert post["security"] == [{"bearer": []}]
    assert {"401", "403"} <= set(post["responses"])
    assert set(spec["definitions"]["NoteOutPage"]["properties"]) == {
        "items", "page", "per_page", "total", "pages", "links",
    }  # fmt: skip


def test_protected_resource_answers_401_403_and_201(
    app: Flask, token_for: Callable[..., str]
) -> None:
    anonymous = api_client(app)
    reader = api_client(app, token=token_for("ann", roles=["reader"]))
    writer = api_client(app, token=token_for("ada", roles=["writer"]))

    assert anonymous.post("/api/v1/notes", json={"title": "x"}).status_code == 401
    assert reader.post("/api/v1/notes", json={"title": "x"}).status_code == 403
    created = writer.post("/api/v1/notes", json={"title": "x"})
    assert created.status_code == 201
    assert created.get_json() == {"id": 1, "title": "x", "owner": "ada"}
    assert reader.get("/api/v1/notes/1").get_json()["owner"] == "ada"


def test_every_error_has_the_one_shape(app: Flask, token_for: Callable[..., str]) -> None:
    writer = api_client(app, token=token_for(roles=["writer"]))
    writer.post("/api/v1/notes", json={"title": "dup"})
    answers = {
        "conflict": writer.post("/api/v1/notes", json={"title": "dup"}),
        "validation_error": writer.post("/api/v1/notes", json={"title": ""}),
        "not_found": writer.get("/api/v1/notes/99"),
        "method_not_allowed": writer.delete("/api/v1/notes"),
        "unauthorized": api_client(app).get("/api/v1/notes/1"),
    }
    for code, response in answers.items():
        error = response.get_json()["error"]
        assert error["code"] == code
        assert error["status"] == response.status_code
        assert error["request_id"] == response.headers["X-Request-ID"]
        assert error["message"]
    assert "title" in answers["validation_error"].get_json()["error"]["details"]


def test_request_id_is_echoed(app: Flask) -> None:
    response = app.test_client().get("/health/live", headers={"X-Request-ID": "trace-42"})
    assert response.headers["X-Request-ID"] == "trace-42"


def test_readiness_checks_the_database_and_redis(app: Flask) -> None:
    response = app.test_client().get("/health/ready")
    assert response.status_code == 200
    assert set(response.get_json()["checks"]) == {"database", "redis"}
    assert response.headers["Cache-Control"] == "no-store"


def test_readiness_is_503_when_the_database_is_down(
    live_settings_factory: Callable[..., Any],
) -> None:
    app = example_service.build(live_settings_factory(database_url=unreachable_postgres_url()))
    response = app.test_client().get("/health/ready")
    body = response.get_json()
    assert response.status_code == 503
    assert body["status"] == "fail"
    assert body["checks"]["database"]["status"] == "fail"
    assert body["checks"]["redis"]["status"] == "ok"
    assert app.test_client().get("/health/live").status_code == 200  # alive, not ready


def test_metrics_count_requests_by_url_rule(app: Flask) -> None:
    client = app.test_client()
    client.get("/api/v1/notes/7")
    client.get("/api/v1/notes/8")
    text = client.get("/metrics").get_data(as_text=True)
    assert (
        'http_requests_total{endpoint="/api/v1/notes/<int:note_id>",method="GET",status="401"} 2.0'
        in text
    )
    assert "http_request_duration_seconds_bucket" in text


def test_pagination_links_walk_the_notes(app: Flask, token_for: Callable[..., str]) -> None:
    writer = api_client(app, token=token_for(roles=["writer"]))
    with app.app_context():
        example_service.db.session.add_all(
            example_service.Note(title=f"n{i}", owner="seed") for i in range(5)
        )
        example_service.db.session.commit()
    first = writer.get("/api/v1/notes?per_page=2").get_json()
    assert [note["title"] for note in first["items"]] == ["n0", "n1"]
    assert (first["total"], first["pages"], first["links"]["prev"]) == (5, 3, None)
    last = writer.get(first["links"]["last"]).get_json()
    assert [note["title"] for note in last["items"]] == ["n4"]
    assert last["links"]["next"] is None
    assert writer.get(last["links"]["prev"]).get_json()["page"] == 2


def test_a_route_limit_answers_429_with_retry_after(
    app: Flask, token_for: Callable[..., str]
) -> None:
    writer = api_client(app, token=token_for(roles=["writer"]))
    statuses = [writer.post("/api/v1/notes", json={"title": f"t{i}"}).status_code for i in range(4)]
    limited = writer.post("/api/v1/notes", json={"title": "late"})
    assert statuses == [201, 201, 201, 429]
    assert limited.get_json()["error"]["code"] == "rate_limited"
    assert int(limited.headers["Retry-After"]) > 0


def test_create_app_connects_to_nothing(settings_factory: Callable[..., Any]) -> None:
    # Building an app against servers that are down must succeed at once: only a request
    # (or a readiness probe) touches them.
    settings = settings_factory(
        database_url=unreachable_postgres_url(), redis_url="redis://127.0.0.1:1/0"
    )
    app = example_service.build(settings)
    assert app.config["SQLALCHEMY_DATABASE_URI"] == settings.database_url
    assert app.test_client().get("/health/live").status_code == 200


def test_init_hooks_run_last_with_the_app(settings_factory: Callable[..., Any]) -> None:
    seen: list[bool] = []

    def hook(app: Flask) -> None:
        seen.append({"core.limiter", "core.api", "core.token_verifier"} <= set(app.extensions))

    create_app(name="hooked", settings=settings_factory(), init=[hook])
    assert seen == [True]


def test_proxy_hops_make_the_client_address_the_forwarded_one(
    settings_factory: Callable[..., Any],
) -> None:
    app = create_app(name="proxied", settings=settings_factory(proxy_hops=1))
    app.add_url_rule("/whoami", "whoami", lambda: {"ip": request.remote_addr})
    response = app.test_client().get("/whoami", headers={"X-Forwarded-For": "203.0.113.9"})
    assert response.get_json() == {"ip": "203.0.113.9"}


def test_the_public_surface_is_importable() -> None:
    import projects.core as core

    assert sorted(core.__all__) == core.__all__
    missing = [name for name in core.__all__ if not hasattr(core, name)]
    assert missing == []
