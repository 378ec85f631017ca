"""Exercise 1 — a JWT refresh-token system with rotation and reuse detection."""

from __future__ import annotations

import threading
import time

import jwt
import pytest

SECRET = "exercise-one-signing-key-" + "k" * 32
DAY = 24 * 60 * 60


def claims_of(token: str) -> dict:
    """Read a token's claims, checking only its signature."""
    return jwt.decode(token, SECRET, algorithms=["HS256"], options={"verify_exp": False})


@pytest.fixture
def service(exercise):
    """A service with the default lifetimes."""
    return exercise.RefreshTokenService(secret=SECRET)


def test_a_short_secret_is_refused(exercise) -> None:
    """HS256 needs a key of at least 32 characters."""
    with pytest.raises(ValueError, match="32"):
        exercise.RefreshTokenService(secret="short")


def test_issue_returns_an_access_and_a_refresh_token(exercise, service) -> None:
    """Both tokens name the subject, their type, one family and their own jti."""
    pair = service.issue(subject="alice")
    access, refresh = claims_of(pair.access_token), claims_of(pair.refresh_token)
    assert (access["type"], refresh["type"]) == ("access", "refresh")
    assert access["sub"] == refresh["sub"] == "alice"
    assert access["fam"] == refresh["fam"] and access["jti"] != refresh["jti"]
    assert access["exp"] - access["iat"] == exercise.ACCESS_TTL == pair.expires_in
    assert refresh["exp"] - refresh["iat"] == exercise.REFRESH_TTL


def test_each_login_starts_its_own_family(service) -> None:
    """Two logins of one user are two sessions."""
    first, second = service.issue(subject="alice"), service.issue(subject="alice")
    assert claims_of(first.refresh_token)["fam"] != claims_of(second.refresh_token)["fam"]


def test_verify_access_returns_the_claims(service) -> None:
    """A fresh access token is accepted."""
    pair = service.issue(subject="alice")
    assert service.verify_access(pair.access_token)["sub"] == "alice"


def test_refresh_rotates_the_refresh_token(service) -> None:
    """Each refresh returns a new pair in the same family."""
    old = service.issue(subject="alice")
    new = service.refresh(old.refresh_token)
    assert new.refresh_token != old.refresh_token
    assert claims_of(new.refresh_token)["fam"] == claims_of(old.refresh_token)["fam"]
    assert service.verify_access(new.access_token)["sub"] == "alice"
    assert claims_of(service.refresh(new.refresh_token).access_token)["sub"] == "alice"


def test_reusing_a_refresh_token_revokes_the_whole_family(exercise, service) -> None:
    """Presenting a used refresh token kills every token of that session."""
    first = service.issue(subject="alice")
    second = service.refresh(first.refresh_token)
    with pytest.raises(exercise.TokenReuseDetected):
        service.refresh(first.refresh_token)
    with pytest.raises(exercise.InvalidToken):
        service.refresh(second.refresh_token)
    with pytest.raises(exercise.InvalidToken):
        service.verify_access(second.access_token)


def test_reuse_leaves_other_sessions_alone(exercise, service) -> None:
    """Only the family of the reused token is revoked."""
    laptop, phone = service.issue(subject="alice"), service.issue(subject="alice")
    service.refresh(laptop.refresh_token)
    with pytest.raises(exercise.TokenReuseDetected):
        service.refresh(laptop.refresh_token)
    assert service.verify_access(phone.access_token)["sub"] == "alice"
    service.refresh(phone.refresh_token)


def test_every_refusal_is_a_token_error(exercise, service) -> None:
    """Callers can catch TokenError for reuse and for invalid tokens alike."""
    pair = service.issue(subject="alice")
    service.refresh(pair.refresh_token)
    with pytest.raises(exercise.TokenError):
        service.refresh(pair.refresh_token)
    with pytest.raises(exercise.TokenError):
        service.verify_access("junk")


def test_tokens_cannot_stand_in_for_each_other(exercise, service) -> None:
    """An access token cannot refresh, and a refresh token opens no API."""
    pair = service.issue(subject="alice")
    with pytest.raises(exercise.InvalidToken):
        service.refresh(pair.access_token)
    with pytest.raises(exercise.InvalidToken):
        service.verify_access(pair.refresh_token)


def test_expired_tokens_are_refused(exercise) -> None:
    """Tokens issued thirty days ago have expired, whatever their type."""
    past = exercise.RefreshTokenService(secret=SECRET, clock=lambda: time.time() - 30 * DAY)
    pair = past.issue(subject="alice")
    with pytest.raises(exercise.InvalidToken):
        past.refresh(pair.refresh_token)
    with pytest.raises(exercise.InvalidToken):
        past.verify_access(pair.access_token)


def test_lifetimes_come_from_the_constructor(exercise) -> None:
    """access_ttl and refresh_ttl set exp - iat."""
    pair = exercise.RefreshTokenService(secret=SECRET, access_ttl=60, refresh_ttl=3600).issue(
        subject="bob"
    )
    access, refresh = claims_of(pair.access_token), claims_of(pair.refresh_token)
    assert (access["exp"] - access["iat"], refresh["exp"] - refresh["iat"]) == (60, 3600)


def forged(service, *, key: str = SECRET, **changes) -> str:
    """Re-sign a genuine refresh token's claims with some of them changed (None drops one)."""
    claims = claims_of(service.issue(subject="alice").refresh_token) | changes
    claims = {name: value for name, value in claims.items() if value is not None}
    return jwt.encode(claims, key, algorithm="HS256")


@pytest.mark.parametrize(
    "make",
    [
        lambda s: forged(s, key="another-key-entirely-" + "x" * 32),
        lambda s: forged(s, iss="someone-else"),
        lambda s: forged(s, jti="never-issued"),
        lambda s: forged(s, fam=None),
        lambda s: "not-a-jwt",
        lambda s: jwt.encode({"sub": "alice", "type": "refresh"}, None, algorithm="none"),
    ],
    ids=["other-key", "other-issuer", "unknown-jti", "no-family", "junk", "alg-none"],
)
def test_forged_or_unknown_refresh_tokens_are_refused(exercise, service, make) -> None:
    """Only refresh tokens this service signed and remembers are accepted."""
    with pytest.raises(exercise.InvalidToken):
        service.refresh(make(service))


def test_a_token_from_another_service_instance_is_unknown(exercise, service) -> None:
    """Same key, but a store that never issued it: refused."""
    other = exercise.RefreshTokenService(secret=SECRET)
    with pytest.raises(exercise.InvalidToken):
        service.refresh(other.issue(subject="alice").refresh_token)


def test_logout_revokes_the_session(exercise, service) -> None:
    """After logout neither token of the family works."""
    pair = service.issue(subject="alice")
    service.logout(pair.refresh_token)
    with pytest.raises(exercise.InvalidToken):
        service.refresh(pair.refresh_token)
    with pytest.raises(exercise.InvalidToken):
        service.verify_access(pair.access_token)


def test_revoke_family_by_id(exercise, service) -> None:
    """An administrator can end a session by its family id."""
    pair = service.issue(subject="alice")
    service.revoke_family(claims_of(pair.refresh_token)["fam"])
    with pytest.raises(exercise.InvalidToken):
        service.verify_access(pair.access_token)


def test_racing_refreshes_let_exactly_one_through(exercise, service) -> None:
    """Eight threads refresh one token at once: exactly one wins, and reuse is detected."""
    token = service.issue(subject="alice").refresh_token
    start = threading.Barrier(8)
    outcomes: list[str] = []

    def attempt() -> None:
        start.wait()
        try:
            service.refresh(token)
            outcomes.append("ok")
        except exercise.TokenError as exc:
            outcomes.append(type(exc).__name__)

    threads = [threading.Thread(target=attempt) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert (len(outcomes), outcomes.count("ok")) == (8, 1)
    assert "TokenReuseDetected" in outcomes
