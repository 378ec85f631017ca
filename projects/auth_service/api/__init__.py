"""The auth service's app factory: core's app plus this service's namespaces and extensions."""

from __future__ import annotations

from pathlib import Path

import click
from alembic import command
from flask import Flask, Response, request
from flask.cli import with_appcontext
from sqlalchemy import event

from projects.core import BadRequest
from projects.core import create_app as create_core_app
from projects.core.revocation import is_revoked

from ..models import db
from ..services import events, passwords
from ..services import oauth as oauth_service
from ..services.throttle import LoginThrottle
from ..services.throttle import init_app as init_throttle
from ..services.users import ensure_admin
from ..settings import AuthSettings
from . import api_keys, audit, auth, discovery, home, mfa, oauth, oauth_clients, sessions, users

__all__ = ["create_app"]

NUL_MARKS = (b"\x00", b"\\u0000", b"%00")
MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"
NAMESPACES = (home, discovery, auth, sessions, mfa, users, api_keys, oauth, oauth_clients, audit)
DESCRIPTION = (
    "Users, login with access and refresh tokens (RS256), TOTP multi-factor auth, sessions, "
    "API keys, an OAuth2 authorization server and an audit log. Other services verify tokens "
    "with the keys at /.well-known/jwks.json."
)


def create_app(settings: AuthSettings | None = None) -> Flask:
    """Build the auth service; without settings, read them from the environment."""
    settings = settings or AuthSettings.load()
    return create_core_app(
        name="projects.auth_service",
        settings=settings,
        namespaces=[module.ns for module in NAMESPACES],
        db=db,
        migrations=MIGRATIONS,
        is_revoked=is_revoked,
        init=[_init_service],
        title="Auth service",
        description=DESCRIPTION,
    )


def _init_service(app: Flask) -> None:
    """Attach this service's extensions, then (outside production) migrate to head."""
    settings: AuthSettings = app.config["SETTINGS"]
    app.config["MAX_CONTENT_LENGTH"] = 64 * 1024  # no request here needs more
    passwords.init_app(app, testing=settings.environment == "testing")
    init_throttle(
        app,
        throttle=LoginThrottle(
            storage_uri=settings.redis_url,
            max_failures=settings.login_max_failures,
            ip_max_failures=settings.login_ip_max_failures,
            window=settings.login_lockout,
            timeout=settings.redis_timeout,
        ),
    )
    oauth_service.init_app(app)
    events.init_app(app)
    # restx answers 404 at "/" when Swagger lives elsewhere; the seed wants a welcome there.
    app.view_functions["root"] = app.view_functions["welcome"]
    app.before_request(_refuse_nul_characters)
    app.cli.add_command(create_admin_command)
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            event.listen(db.engine, "connect", _sqlite_pragmas)
        if settings.environment != "production":
            upgrade_database(app)
            if settings.admin_email and settings.admin_password:
                ensure_admin(
                    email=settings.admin_email, password=settings.admin_password.get_secret_value()
                )


def upgrade_database(app: Flask) -> None:
    """Apply every migration the database lacks (production runs `flask db upgrade`)."""
    config = app.extensions["migrate"].migrate.get_config()
    config.attributes["configure_logging"] = False  # leave the app's JSON logging alone
    command.upgrade(config, "head")


def _refuse_nul_characters() -> Response | None:
    """Refuse NUL characters in the query or body: PostgreSQL text cannot store them."""
    body = request.get_data(cache=True)  # cached: the view still reads it
    query = request.query_string
    if any(mark in text for text in (body, query, request.path.encode()) for mark in NUL_MARKS):
        raise BadRequest("The request contains NUL characters.")
    return None


def _sqlite_pragmas(dbapi_connection: object, _record: object) -> None:
    cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
    cursor.execute("PRAGMA foreign_keys = ON")  # off by default in SQLite
    cursor.execute("PRAGMA journal_mode = WAL")  # readers no longer wait for the writer
    cursor.close()


@click.command("create-admin")
@with_appcontext
@click.option("--email", required=True, help="The administrator's email")
@click.password_option(help="The administrator's password (asked for if not given)")
def create_admin_command(email: str, password: str) -> None:
    """Create an administrator account (production bootstrap)."""
    admin = ensure_admin(email=email, password=password)
    click.echo(f"Administrator: {admin.email} (id {admin.id})")
