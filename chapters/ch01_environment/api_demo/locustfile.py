"""Load for the chapter 1 demo: locust -f chapters/ch01_environment/api_demo/locustfile.py

Point it at a running demo with --host http://127.0.0.1:5000.
"""

from __future__ import annotations

from locust import HttpUser, between, task


class ApiUser(HttpUser):
    """A client that mostly greets and now and then checks health."""

    wait_time = between(0.01, 0.1)

    @task(5)
    def hello(self) -> None:
        self.client.get("/api/v1/hello", params={"name": "Ada"}, name="/api/v1/hello")

    @task(1)
    def info(self) -> None:
        self.client.get("/api/v1/info")

    @task(1)
    def ready(self) -> None:
        self.client.get("/health/ready")
