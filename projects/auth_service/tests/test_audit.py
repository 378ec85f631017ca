"""The audit log: entries for what matters, who/when/where/request id, append-only, admin API."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import delete, select, text, update
from sqlalchemy.exc import DBAPIError

from projects.auth_service.models import AuditEvent, User, db

from .conftest import PASSWORD, bearer, login


def actions(app: Flask) -> list[tuple[str, str, int | None]]:
    """Return (action, outcome, user_id) of every event, oldest first."""
    with app.app_context():
        rows = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id))
        return [(e.action, e.outcome, e.user_id) for e in rows]


def test_the_account_lifecycle_is_audited(app: Flask, client: FlaskClient) -> None:
    """Register, failed login, login, refresh, logout: each is one entry."""
    user_id = client.post(
        "/api/users/register",
        json={"email": "ann@example.com", "username": "ann", "password": PASSWORD},
    ).get_json()["id"]
    client.post("/api/auth/login", json={"email": "ann@example.com", "password": "nope-nope"})
    tokens = login(client, "ann@example.com")
    client.post("/api/auth/refresh", json={"refresh_token": tokens["refresh_token"]})
    bearer(app, tokens["access_token"]).post("/api/auth/logout")
    assert actions(app) == [
        ("user.registered", "success", user_id),
        ("auth.login_failed", "failure", user_id),
        ("auth.login", "success", user_id),
        ("auth.refreshed", "success", user_id),
        ("auth.logout", "success", user_id),
    ]


def test_an_entry_says_who_when_where_and_which_request(
    app: Flask, client: FlaskClient, make_user: Callable[..., User]
) -> None:
    """Actor, time, client IP, user agent and the request's X-Request-ID are recorded."""
    user = make_user("ann@example.com")
    client.post(
        "/api/auth/login",
        json={"email": user.email, "password": PASSWORD},
        headers={"X-Request-ID": "req-42", "User-Agent": "curl/8"},
        environ_base={"REMOTE_ADDR": "203.0.113.9"},
    )
    with app.app_context():
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "auth.login"))
        assert (event.actor, event.user_id, event.ip) == (f"user:{user.id}", user.id, "203.0.113.9")
        assert (event.request_id, event.user_agent) == ("req-42", "curl/8")
        assert event.occurred_at.tzinfo is not None


def test_failed_logins_for_unknown_accounts_are_audited_too(
    app: Flask, client: FlaskClient
) -> None:
    """A guess at a name that does not exist is recorded, with no user."""
    client.post("/api/auth/login", json={"email": "ghost@example.com", "password": "x"})
    assert actions(app) == [("auth.login_failed", "failure", None)]


@pytest.mark.parametrize(
    "statement",
    [
        update(AuditEvent).values(action="tampered"),
        delete(AuditEvent),
        text("TRUNCATE audit_events"),
    ],
)
def test_the_table_is_append_only(app: Flask, client: FlaskClient, statement) -> None:
    """PostgreSQL itself refuses UPDATE, DELETE and TRUNCATE on audit_events."""
    client.post("/api/auth/login", json={"email": "ghost@example.com", "password": "x"})
    with app.app_context():
        with pytest.raises(DBAPIError, match="append-only"):
            db.session.execute(statement)
        db.session.rollback()
        assert db.session.scalar(select(AuditEvent.action)) == "auth.login_failed"


def test_sqlite_refuses_changes_too(light_app: Flask) -> None:
    """The development database has the same guard."""
    with light_app.app_context():
        db.session.add(AuditEvent(action="x", actor="system", details={}))
        db.session.commit()
        with pytest.raises(DBAPIError, match="append-only"):
            db.session.execute(delete(AuditEvent))
        db.session.rollback()


def test_admins_read_the_log_newest_first_with_filters(
    app: Flask, client: FlaskClient, admin: FlaskClient, make_user: Callable[..., User]
) -> None:
    """GET /api/audit pages newest first and filters by action, user and outcome."""
    ann = make_user("ann@example.com")
    client.post("/api/auth/login", json={"email": ann.email, "password": "wrong-one!"})
    login(client, ann.email)
    page = admin.get("/api/audit?per_page=2").get_json()
    assert page["total"] == 3  # the admin's own login, ann's failure and success
    assert [e["action"] for e in page["items"]] == ["auth.login", "auth.login_failed"]
    failures = admin.get("/api/audit?outcome=failure").get_json()["items"]
    assert [(e["action"], e["user_id"]) for e in failures] == [("auth.login_failed", ann.id)]
    mine = admin.get(f"/api/audit?user_id={ann.id}&action=auth.login").get_json()
    assert mine["total"] == 1


@pytest.mark.parametrize("query", ["action=DROP%20TABLE", "user_id=0", "outcome=maybe", "page=0"])
def test_bad_audit_filters_are_400(admin: FlaskClient, query: str) -> None:
    """Filters are validated."""
    assert admin.get(f"/api/audit?{query}").status_code == 400


def test_users_cannot_read_the_log(
    app: Flask, client: FlaskClient, make_user: Callable[..., User]
) -> None:
    """The audit log is for administrators."""
    make_user("ann@example.com")
    ann = bearer(app, login(client, "ann@example.com")["access_token"])
    assert ann.get("/api/audit").status_code == 403
