"""Webhooks end to end: a real Celery worker delivers signed events to a real HTTP receiver."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

import pytest
from celery.contrib.testing.worker import start_worker
from flask import Flask
from flask.testing import FlaskClient

from projects.core.testing import api_client
from projects.task_api.models import WebhookDelivery, db, utcnow
from projects.task_api.services.delivery import attempt, sign, verify

from .factories import new_task
from .receiver import receiving, wait_for

SECRET = "s3cret-s3cret-s3cret"


@pytest.fixture
def worker(app: Flask) -> Iterator[None]:
    """Run a real Celery worker on the app's Redis broker for the test."""
    with start_worker(
        app.extensions["celery"], pool="solo", perform_ping_check=False, shutdown_timeout=10
    ):
        yield


@pytest.fixture
def alice(client_for: Callable[..., FlaskClient]) -> FlaskClient:
    return client_for("alice")


def subscribe(client: FlaskClient, url: str, **values: Any) -> dict[str, Any]:
    response = client.post("/api/webhooks", json={"url": url, "secret": SECRET, **values})
    assert response.status_code == 201, response.json
    return response.json


def deliveries(client: FlaskClient, subscription: dict[str, Any], **args: Any) -> list[Any]:
    response = client.get(f"/api/webhooks/{subscription['id']}/deliveries", query_string=args)
    assert response.status_code == 200, response.json
    return response.json["items"]


def settled(client: FlaskClient, subscription: dict[str, Any], count: int) -> Any:
    """Return the delivery log once `count` deliveries have finished, else None."""
    items = deliveries(client, subscription)
    done = [d for d in items if d["status"] in {"delivered", "failed"}]
    return items if len(done) == count else None


@pytest.mark.usefixtures("worker")
def test_a_created_task_is_delivered_signed(alice: FlaskClient) -> None:
    """The receiver gets task.created, and its X-Signature checks out with the secret."""
    with receiving() as receiver:
        subscription = subscribe(alice, receiver.url)
        task = new_task(alice, title="Ship it")
        log = wait_for(lambda: settled(alice, subscription, 1))
    [call] = receiver.calls
    body = json.loads(call.body)
    assert verify(SECRET, call.body, call.headers["X-Signature"]) is True
    assert (call.headers["X-Webhook-Event"], call.headers["X-Webhook-Id"]) == (
        "task.created",
        log[0]["id"],
    )
    assert (body["event"], body["id"], body["data"]["task"]) == ("task.created", log[0]["id"], task)
    assert body["data"]["actor"] == "alice"
    assert {k: log[0][k] for k in ("status", "attempts", "status_codes", "last_error")} == {
        "status": "delivered",
        "attempts": 1,
        "status_codes": [200],
        "last_error": None,
    }


@pytest.mark.usefixtures("worker")
def test_each_kind_of_change_fires_its_events(alice: FlaskClient) -> None:
    """Create, assign, change status and delete each send their events."""
    with receiving() as receiver:
        subscription = subscribe(alice, receiver.url)
        task = new_task(alice)
        url = f"/api/tasks/{task['id']}"
        alice.patch(url, json={"assignee_id": "bob"})
        alice.patch(url, json={"status": "done", "title": "Done it"})
        alice.delete(url)
        wait_for(lambda: settled(alice, subscription, 6))
    events = sorted(json.loads(call.body)["event"] for call in receiver.calls)
    assert events == sorted(
        ["task.created", "task.updated", "task.assigned", "task.updated", "task.status_changed",
         "task.deleted"]
    )  # fmt: skip
    changes = [json.loads(c.body)["data"]["changes"] for c in receiver.calls]
    assert {"status": ["todo", "done"], "title": ["A task", "Done it"]} in changes


@pytest.mark.usefixtures("worker")
def test_subscriptions_choose_their_events_and_assignees_get_theirs(
    alice: FlaskClient, client_for: Callable[..., FlaskClient]
) -> None:
    """Bob, subscribed to status changes only, hears of them on tasks assigned to him."""
    bob = client_for("bob")
    with receiving() as receiver:
        subscription = subscribe(bob, receiver.url, events=["task.status_changed"])
        task = new_task(alice, assignee_id="bob")  # created + assigned: not wanted
        bob.patch(f"/api/tasks/{task['id']}", json={"status": "in_progress"})
        wait_for(lambda: settled(bob, subscription, 1))
        new_task(alice)  # not bob's task at all
    assert [json.loads(c.body)["event"] for c in receiver.calls] == ["task.status_changed"]


@pytest.mark.usefixtures("worker")
def test_server_errors_are_retried_until_they_succeed(alice: FlaskClient) -> None:
    """A receiver that fails twice, then answers 200, gets the same signed delivery 3 times."""
    with receiving(statuses=(500, 503)) as receiver:
        subscription = subscribe(alice, receiver.url)
        new_task(alice)
        [delivery] = wait_for(lambda: settled(alice, subscription, 1))
    assert {k: delivery[k] for k in ("status", "attempts", "status_codes", "last_error")} == {
        "status": "delivered",
        "attempts": 3,
        "status_codes": [500, 503, 200],
        "last_error": None,
    }
    assert [c.headers["X-Webhook-Id"] for c in receiver.calls] == [delivery["id"]] * 3
    assert all(verify(SECRET, c.body, c.headers["X-Signature"]) for c in receiver.calls)


def test_timeouts_are_retried(
    make_app: Callable[..., Flask], token_for: Callable[..., str]
) -> None:
    """A receiver slower than WEBHOOK_TIMEOUT counts as a failed attempt, and is tried again."""
    app = make_app(webhook_timeout=0.3)
    alice = api_client(app, token=token_for("alice"))
    celery = app.extensions["celery"]
    with (
        start_worker(celery, pool="solo", perform_ping_check=False, shutdown_timeout=10),
        receiving(delays=(1.5,)) as receiver,
    ):
        subscription = subscribe(alice, receiver.url)
        new_task(alice)
        [delivery] = wait_for(lambda: settled(alice, subscription, 1))
    assert (delivery["status"], delivery["status_codes"]) == ("delivered", [None, 200])


@pytest.mark.usefixtures("worker")
def test_client_errors_are_not_retried(alice: FlaskClient) -> None:
    """A 410 from the receiver ends the delivery as failed after one attempt."""
    with receiving(statuses=(410,)) as receiver:
        subscription = subscribe(alice, receiver.url)
        new_task(alice)
        [delivery] = wait_for(lambda: settled(alice, subscription, 1))
    assert (delivery["status"], delivery["attempts"], delivery["last_status_code"]) == (
        "failed",
        1,
        410,
    )
    assert delivery["last_error"] == "the receiver answered 410"
    assert len(receiver.calls) == 1


def test_the_last_allowed_attempt_marks_the_delivery_failed(app: Flask, alice: FlaskClient) -> None:
    """When retries run out, a retryable error is logged as failed instead of retried."""
    with receiving(statuses=(500,)) as receiver:
        subscription = subscribe(alice, receiver.url)
        new_task(alice)  # no worker: the delivery waits in the outbox
        [pending] = deliveries(alice, subscription)
        with app.app_context():
            outcome = attempt(delivery_id=pending["id"], final=True)
    [delivery] = deliveries(alice, subscription)
    assert (outcome, delivery["status"], delivery["status_codes"]) == ("failed", "failed", [500])
    assert len(receiver.calls) == 1


def test_private_addresses_are_blocked_unless_allowed(
    make_app: Callable[..., Flask], token_for: Callable[..., str]
) -> None:
    """With no allowed networks, a host name that resolves to loopback is never called."""
    app = make_app(webhook_allowed_networks=[])
    alice = api_client(app, token=token_for("alice"))
    celery = app.extensions["celery"]
    with (
        start_worker(celery, pool="solo", perform_ping_check=False, shutdown_timeout=10),
        receiving() as receiver,
    ):
        subscription = subscribe(alice, receiver.url.replace("127.0.0.1", "localhost"))
        new_task(alice)
        [delivery] = wait_for(lambda: settled(alice, subscription, 1))
    assert delivery["status"] == "failed"
    assert "non-public address" in delivery["last_error"]
    assert receiver.calls == []


def test_pending_deliveries_are_requeued_by_the_sweep(app: Flask, alice: FlaskClient) -> None:
    """Deliveries left pending (the broker was down) are sent by requeue_pending."""
    with receiving() as receiver:
        subscription = subscribe(alice, receiver.url)
        new_task(alice)  # queued on Redis, but no worker ran it yet: the broker "lost" it
        app.extensions["celery"].control.purge()
        with app.app_context():
            db.session.query(WebhookDelivery).update({"created_at": utcnow() - timedelta(hours=1)})
            db.session.commit()
        celery = app.extensions["celery"]
        with start_worker(celery, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            queued = celery.tasks["task_api.requeue_pending_deliveries"].delay().get(timeout=10)
            wait_for(lambda: settled(alice, subscription, 1))
    assert (queued, len(receiver.calls)) == (1, 1)


def test_without_a_broker_deliveries_wait_as_pending(light_app: Flask, token_for: Any) -> None:
    """A development server with no Redis records deliveries for later instead of failing."""
    alice = api_client(light_app, token=token_for("alice"))
    subscription = subscribe(alice, "https://hooks.example.com/tasks")
    assert alice.post("/api/tasks", json={"title": "x"}).status_code == 201
    [delivery] = deliveries(alice, subscription)
    assert (delivery["status"], delivery["attempts"], delivery["event"]) == (
        "pending",
        0,
        "task.created",
    )


# ---------------------------------------------------------------- subscriptions API
def test_the_secret_is_shown_once(alice: FlaskClient) -> None:
    """A made-up secret comes back in the 201 only; later reads never show it."""
    response = alice.post("/api/webhooks", json={"url": "https://example.com/hook"})
    created = response.json
    assert response.status_code == 201
    assert response.headers["Location"] == f"/api/webhooks/{created['id']}"
    assert created["secret"].startswith("whsec_") and len(created["secret"]) > 40
    assert created["events"] == sorted(
        ["task.assigned", "task.created", "task.deleted", "task.status_changed", "task.updated"]
    )
    shown = alice.get(f"/api/webhooks/{created['id']}").json
    assert "secret" not in shown
    assert "secret" not in alice.get("/api/webhooks").json["items"][0]


def test_subscriptions_can_be_changed_listed_and_deleted(alice: FlaskClient) -> None:
    """PATCH, list and DELETE work on the caller's own subscriptions."""
    created = subscribe(alice, "https://example.com/a")
    url = f"/api/webhooks/{created['id']}"
    changed = alice.patch(url, json={"active": False, "events": ["task.deleted"]}).json
    assert (changed["active"], changed["events"]) == (False, ["task.deleted"])
    assert [s["id"] for s in alice.get("/api/webhooks").json["items"]] == [created["id"]]
    assert alice.delete(url).status_code == 204
    assert alice.get(url).status_code == 404


def test_the_same_url_twice_is_409(alice: FlaskClient) -> None:
    """A user subscribes a URL once; another user may subscribe it too."""
    subscribe(alice, "https://example.com/a")
    second = subscribe(alice, "https://example.com/b")
    assert alice.post("/api/webhooks", json={"url": "https://example.com/a"}).status_code == 409
    clash = alice.patch(f"/api/webhooks/{second['id']}", json={"url": "https://example.com/a"})
    assert clash.status_code == 409


def test_other_users_subscriptions_are_404(
    alice: FlaskClient, client_for: Callable[..., FlaskClient]
) -> None:
    """Bob can neither read, change, delete nor read the log of alice's subscription."""
    created = subscribe(alice, "https://example.com/a")
    bob = client_for("bob")
    url = f"/api/webhooks/{created['id']}"
    assert bob.get(url).status_code == 404
    assert bob.patch(url, json={"active": False}).status_code == 404
    assert bob.delete(url).status_code == 404
    assert bob.get(f"{url}/deliveries").status_code == 404
    assert bob.get("/api/webhooks").json["total"] == 0


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"url": "ftp://example.com/x"}, "url"),
        ({"url": "example.com/hook"}, "url"),
        ({"url": "https://user:pw@example.com/x"}, "url"),
        ({"url": "http://169.254.169.254/latest/meta-data"}, "url"),  # cloud metadata
        ({"url": "http://10.0.0.7/internal"}, "url"),
        ({"url": "http://[::ffff:10.0.0.7]/x"}, "url"),
        ({"url": "https://example.com:99999/x"}, "url"),
        ({"url": "httPS://]|N<"}, "url"),  # found by the fuzzer: urlsplit raised
        ({"url": "https://" + "a" * 64 + ".example.com/"}, "url"),  # a DNS label over 63
        ({"url": "https://example.com/x", "events": ["task.exploded"]}, "events.0"),
        ({"url": "https://example.com/x", "events": []}, "events"),
        ({"url": "https://example.com/x", "secret": "short"}, "secret"),
        ({"url": "https://example.com/x", "extra": 1}, "body"),
        ({}, "url"),
    ],
)
def test_invalid_subscriptions_are_400(
    alice: FlaskClient, body: dict[str, Any], field: str
) -> None:
    """Only absolute http(s) URLs to public hosts, known events and long secrets are taken."""
    response = alice.post("/api/webhooks", json=body)
    assert (response.status_code, response.json["error"]["code"]) == (400, "validation_error")
    assert field in response.json["error"]["details"]


def test_the_delivery_log_filters_by_status(alice: FlaskClient) -> None:
    """?status= narrows the log; unknown states are 400."""
    subscription = subscribe(alice, "https://example.com/a")
    new_task(alice)  # no worker runs: the delivery stays pending
    assert len(deliveries(alice, subscription, status="pending")) == 1
    assert deliveries(alice, subscription, status="delivered") == []
    bad = alice.get(f"/api/webhooks/{subscription['id']}/deliveries?status=lost")
    assert bad.status_code == 400


# ---------------------------------------------------------------- signatures
def test_signatures_verify_only_for_the_same_secret_body_and_recent_time() -> None:
    """Any change to the body, the secret or an old timestamp breaks the signature."""
    body = b'{"event":"task.created"}'
    header = sign(SECRET, body, timestamp=int(time.time()))
    assert verify(SECRET, body, header) is True
    assert verify(SECRET, body + b" ", header) is False
    assert verify("another-secret-value", body, header) is False
    old = sign(SECRET, body, timestamp=int(time.time()) - 3600)
    assert verify(SECRET, body, old) is False


@pytest.mark.parametrize("header", ["", "garbage", "t=abc,v1=00", "v1=00", "t=1"])
def test_malformed_signature_headers_never_verify(header: str) -> None:
    """A receiver's check refuses headers it cannot parse."""
    assert verify(SECRET, b"{}", header) is False


def test_the_signature_is_hmac_sha256_over_timestamp_and_body() -> None:
    """The documented recipe: hex HMAC-SHA256 of "<t>.<body>" with the secret."""
    import hashlib
    import hmac

    expected = hmac.new(b"key", b"1700000000.{}", hashlib.sha256).hexdigest()
    assert sign("key", b"{}", timestamp=1700000000) == f"t=1700000000,v1={expected}"
