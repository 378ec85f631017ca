"""Load for the chapter 2 demo: locust -f chapters/ch02_rest_design/api_demo/locustfile.py

Point it at a running demo with --host http://127.0.0.1:5000.
"""

from __future__ import annotations

import uuid

from locust import HttpUser, between, task


class ApiUser(HttpUser):
    """A client that mostly reads, sometimes writes, and now and then sends bad input."""

    wait_time = between(0.01, 0.1)

    @task(5)
    def list_posts(self) -> None:
        self.client.get("/api/posts")

    @task(3)
    def list_users(self) -> None:
        self.client.get("/api/users")

    @task(2)
    def create_post(self) -> None:
        post = {"name": "Load Tester", "username": "locust", "body": "Checking the throughput."}
        self.client.post("/api/posts", json=post)

    @task(1)
    def user_lifecycle(self) -> None:
        # A unique name per run: users created by other simulated clients must not clash.
        name = f"load_{uuid.uuid4().hex[:12]}"
        created = self.client.post(
            "/api/users", json={"username": name, "email": f"{name}@example.com"}
        )
        if created.status_code != 201:
            return
        location = created.headers["Location"]
        self.client.get(location, name="/api/users/[id]")
        self.client.patch(location, json={"bio": "Under load."}, name="/api/users/[id]")
        self.client.delete(location, name="/api/users/[id]")

    @task(1)
    def invalid_post(self) -> None:
        # A 400 is the right answer here, so it counts as a success.
        with self.client.post(
            "/api/posts", json={"name": "Only a name"}, catch_response=True
        ) as response:
            if response.status_code == 400 and response.json()["success"] is False:
                response.success()
            else:
                response.failure(f"expected the 400 envelope, got {response.status_code}")

    @task(1)
    def missing_user(self) -> None:
        with self.client.get(
            "/api/users/999999", name="/api/users/[id]", catch_response=True
        ) as response:
            if response.status_code == 404:
                response.success()
            else:
                response.failure(f"expected 404, got {response.status_code}")
