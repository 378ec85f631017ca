"""Load for the task API: locust -f projects/task_api/locustfile.py --host http://127.0.0.1:5002

Each simulated user needs an access token. Against a development server (no JWT keys
configured) it mints one at POST /api/dev/token; against anything else, export
TASK_API_TOKEN with a token from the auth service (all users then share that subject).
Mostly reads: the first list page and single tasks are what the Redis cache serves.
"""

from __future__ import annotations

import os
import random
import uuid

from locust import HttpUser, between, task

STATUSES = ("todo", "in_progress", "done")


class TaskUser(HttpUser):
    """A user who keeps a few tasks of their own, reads them often and changes them now and then."""

    # Slow enough that a few users stay under the default 300 requests/minute per address.
    wait_time = between(0.2, 0.6)

    def on_start(self) -> None:
        token = os.environ.get("TASK_API_TOKEN")
        if not token:
            subject = f"load-{uuid.uuid4().hex[:10]}"
            minted = self.client.post("/api/dev/token", json={"subject": subject})
            token = minted.json()["access_token"]
        self.client.headers["Authorization"] = f"Bearer {token}"
        self.task_ids = [self.create_task() for _ in range(3)]

    def create_task(self) -> int:
        body = {"title": "Load test task", "tags": ["load"], "priority": "normal"}
        return self.client.post("/api/tasks", json=body).json()["id"]

    @task(6)
    def first_page(self) -> None:
        self.client.get("/api/tasks", params={"per_page": 20}, name="/api/tasks")

    @task(2)
    def filtered(self) -> None:
        params = {"status": "todo,in_progress", "tag": "load", "sort": "-priority,due_at"}
        self.client.get("/api/tasks", params=params, name="/api/tasks?status&tag&sort")

    @task(3)
    def one_task(self) -> None:
        task_id = random.choice(self.task_ids)
        self.client.get(f"/api/tasks/{task_id}", name="/api/tasks/[id]")

    @task(1)
    def change_status(self) -> None:
        task_id = random.choice(self.task_ids)
        body = {"status": random.choice(STATUSES)}
        self.client.patch(f"/api/tasks/{task_id}", json=body, name="/api/tasks/[id]")

    @task(1)
    def comment(self) -> None:
        task_id = random.choice(self.task_ids)
        body = {"body": "Progress note from the load test."}
        self.client.post(
            f"/api/tasks/{task_id}/comments", json=body, name="/api/tasks/[id]/comments"
        )

    @task(1)
    def add_task(self) -> None:
        self.task_ids.append(self.create_task())
