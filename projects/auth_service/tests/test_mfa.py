"""TOTP multi-factor authentication, with codes computed by pyotp as an authenticator app would."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import jwt
import pyotp
import pytest
from flask import Flask
from flask.testing import FlaskClient

from projects.auth_service.api import create_app
from projects.auth_service.models import RecoveryCode, User, db
from projects.auth_service.services.credentials import digest
from projects.auth_service.settings import AuthSettings
from projects.core.testing import api_client

from .conftest import PASSWORD, bearer, login, user_factory

STEP = 30


def code_at(secret: str, steps_from_now: int) -> str:
    """Return the code an authenticator shows `steps_from_now` 30-second steps from now."""
    return pyotp.TOTP(secret).at(time.time() + steps_from_now * STEP)


def enrol(user_client: FlaskClient) -> tuple[str, list[str]]:
    """Turn MFA on; return the secret and the recovery codes."""
    started = user_client.post("/api/auth/mfa/totp", json={"password": PASSWORD})
    assert started.status_code == 201, started.get_json()
    secret = started.get_json()["secret"]
    confirmed = user_client.post("/api/auth/mfa/totp/confirm", json={"code": code_at(secret, -1)})
    assert confirmed.status_code == 200, confirmed.get_json()
    return secret, confirmed.get_json()["recovery_codes"]


@pytest.fixture
def ann(app: Flask, client: FlaskClient, make_user: Callable[..., User]) -> FlaskClient:
    """Return a client logged in as ann@example.com."""
    make_user("ann@example.com")
    return bearer(app, login(client, "ann@example.com")["access_token"])


def second_step(client: FlaskClient, mfa_token: str, code: str):
    """Post the second login step."""
    return client.post("/api/auth/login/mfa", json={"mfa_token": mfa_token, "code": code})


def test_enrolment_shows_the_secret_and_a_provisioning_uri(app: Flask, ann: FlaskClient) -> None:
    """The secret is base32 and the URI is an otpauth:// URI naming the account and issuer."""
    response = ann.post("/api/auth/mfa/totp", json={"password": PASSWORD})
    body = response.get_json()
    parsed = pyotp.parse_uri(body["provisioning_uri"])
    assert parsed.secret == body["secret"]
    assert (parsed.name, parsed.issuer) == ("ann@example.com", "Flask Capstone")
    with app.app_context():
        stored = db.session.get(User, 1).totp_secret
    assert body["secret"] not in stored  # encrypted at rest
    assert ann.get("/api/auth/mfa").get_json() == {
        "enabled": False,
        "pending": True,
        "recovery_codes_left": 0,
    }


def test_enrolment_needs_the_password_and_a_right_code(ann: FlaskClient) -> None:
    """A wrong password or a wrong code does not turn MFA on."""
    assert ann.post("/api/auth/mfa/totp", json={"password": "nope-nope-nope"}).status_code == 403
    assert ann.post("/api/auth/mfa/totp/confirm", json={"code": "123456"}).status_code == 409
    secret = ann.post("/api/auth/mfa/totp", json={"password": PASSWORD}).get_json()["secret"]
    wrong = str((int(code_at(secret, 0)) + 1) % 1_000_000).zfill(6)
    assert ann.post("/api/auth/mfa/totp/confirm", json={"code": wrong}).status_code == 403
    assert ann.get("/api/auth/mfa").get_json()["enabled"] is False


def test_recovery_codes_are_shown_once_and_stored_hashed(app: Flask, ann: FlaskClient) -> None:
    """Ten codes come back; the database holds only their digests."""
    _, codes = enrol(ann)
    assert len(codes) == len(set(codes)) == 10
    with app.app_context():
        stored = {row.code_hash for row in db.session.query(RecoveryCode)}
    assert stored == {digest(code) for code in codes}
    assert ann.get("/api/auth/mfa").get_json() == {
        "enabled": True,
        "pending": False,
        "recovery_codes_left": 10,
    }


def test_login_then_needs_the_code(app: Flask, client: FlaskClient, ann: FlaskClient) -> None:
    """With MFA on, the password only opens a challenge; the code completes the login."""
    secret, _ = enrol(ann)
    first = client.post("/api/auth/login", json={"email": "ann@example.com", "password": PASSWORD})
    body = first.get_json()
    assert first.status_code == 200
    assert body["mfa_required"] is True and "access_token" not in body
    done = second_step(client, body["mfa_token"], code_at(secret, 0))
    assert done.status_code == 200, done.get_json()
    claims = jwt.decode(done.get_json()["access_token"], options={"verify_signature": False})
    assert claims["amr"] == ["pwd", "otp"]
    assert bearer(app, done.get_json()["access_token"]).get("/api/auth/me").status_code == 200
    # The challenge is used up.
    assert second_step(client, body["mfa_token"], code_at(secret, 1)).status_code == 401


def test_a_code_cannot_be_replayed(client: FlaskClient, ann: FlaskClient) -> None:
    """A code whose time step was already used is refused, even inside its 30 seconds."""
    secret, _ = enrol(ann)  # used the previous step's code
    challenge = login(client, "ann@example.com")["mfa_token"]
    assert second_step(client, challenge, code_at(secret, -1)).status_code == 401
    assert second_step(client, challenge, code_at(secret, 0)).status_code == 200


def test_a_recovery_code_works_once(client: FlaskClient, ann: FlaskClient) -> None:
    """A recovery code logs in (amr rec), in any case or grouping, and only once."""
    _, codes = enrol(ann)
    challenge = login(client, "ann@example.com")["mfa_token"]
    typed = codes[0].lower().replace("-", " ")
    done = second_step(client, challenge, typed)
    assert done.status_code == 200
    claims = jwt.decode(done.get_json()["access_token"], options={"verify_signature": False})
    assert claims["amr"] == ["pwd", "rec"]
    again = login(client, "ann@example.com")["mfa_token"]
    assert second_step(client, again, codes[0]).status_code == 401


def test_too_many_wrong_codes_end_the_challenge(
    live_settings_factory: Callable[..., AuthSettings],
) -> None:
    """After 5 wrong codes the challenge is dead, even for the right code."""
    app = create_app(live_settings_factory(AuthSettings, login_max_failures=50))
    user_factory(app)("ann@example.com")
    client = api_client(app)
    secret, _ = enrol(bearer(app, login(client, "ann@example.com")["access_token"]))
    challenge = login(client, "ann@example.com")["mfa_token"]
    assert [second_step(client, challenge, "000000").status_code for _ in range(5)] == [401] * 5
    dead = second_step(client, challenge, code_at(secret, 0))
    assert dead.status_code == 401
    assert dead.get_json()["error"]["message"] == "Too many wrong codes; log in again."
    with app.app_context():
        db.engine.dispose()


def test_wrong_codes_count_towards_the_account_lockout(
    client: FlaskClient, ann: FlaskClient
) -> None:
    """Knowing the password does not buy unlimited code guesses: the account locks."""
    enrol(ann)
    statuses = []
    for _ in range(3):
        challenge = login(client, "ann@example.com")["mfa_token"]
        statuses += [second_step(client, challenge, "000000").status_code for _ in range(2)]
    assert statuses[:5] == [401] * 5
    assert statuses[5] == 429
    locked = client.post("/api/auth/login", json={"email": "ann@example.com", "password": PASSWORD})
    assert locked.status_code == 429


@pytest.mark.parametrize(
    "body", [{}, {"mfa_token": "x"}, {"mfa_token": "unknown", "code": "123456"}]
)
def test_bad_second_steps(client: FlaskClient, body: dict[str, Any]) -> None:
    """Missing fields are 400; an unknown challenge is 401."""
    expected = 401 if len(body) == 2 else 400
    assert client.post("/api/auth/login/mfa", json=body).status_code == expected


def test_mfa_can_be_turned_off_with_password_and_code(
    client: FlaskClient, ann: FlaskClient
) -> None:
    """Disabling needs both; afterwards the password alone logs in again."""
    secret, codes = enrol(ann)
    wrong = {"password": "not-the-password", "code": code_at(secret, 0)}
    assert ann.post("/api/auth/mfa/totp/disable", json=wrong).status_code == 403
    right = {"password": PASSWORD, "code": codes[1]}
    assert ann.post("/api/auth/mfa/totp/disable", json=right).status_code == 204
    assert login(client, "ann@example.com")["mfa_required"] is False


def test_recovery_codes_can_be_replaced(ann: FlaskClient) -> None:
    """New codes replace the old ones, which stop working."""
    _, old = enrol(ann)
    fresh = ann.post("/api/auth/mfa/recovery-codes", json={"code": old[0]}).get_json()
    assert set(fresh["recovery_codes"]).isdisjoint(old)
    assert ann.post("/api/auth/mfa/recovery-codes", json={"code": old[1]}).status_code == 403
