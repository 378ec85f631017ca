"""Load for the chapter 4 demo: locust -f chapters/ch04_auth/api_demo/locustfile.py

Point it at a running demo with --host http://127.0.0.1:5000. Every simulated user
logs in once as the demo viewer, then reads with its Bearer token.

All users share your address, and the demo limits each address per endpoint. A 429
is then the API doing its job, so it counts as a success here, not a failure. Raise
RATELIMIT_DEFAULT and RATELIMIT_LOGIN to measure raw throughput instead.
"""

from __future__ import annotations

from locust import HttpUser, between, task

CREDENTIALS = {"username": "carol", "password": "correct-horse-viewer"}


class ViewerUser(HttpUser):
    """A viewer who logs in, reads reports and now and then refreshes the token."""

    wait_time = between(0.05, 0.3)

    def on_start(self) -> None:
        self.access_token = ""
        self.refresh_token = ""
        self.log_in()

    def log_in(self) -> None:
        with self.client.post("/auth/login", json=CREDENTIALS, catch_response=True) as response:
            if response.status_code == 200:
                tokens = response.json()
                self.access_token = tokens["access_token"]
                self.refresh_token = tokens["refresh_token"]
            elif response.status_code == 429:
                response.success()  # limited: try again on the next task
            else:
                response.failure(f"login answered {response.status_code}")

    def get(self, path: str) -> None:
        """GET `path` with the token; 429 is expected under load, 401 means log in again."""
        if not self.access_token:
            self.log_in()
            return
        headers = {"Authorization": f"Bearer {self.access_token}"}
        with self.client.get(path, headers=headers, catch_response=True) as response:
            if response.status_code == 429:
                response.success()
            elif response.status_code == 401:  # expired after 15 minutes of load
                response.success()
                self.access_token = ""

    @task(5)
    def reports(self) -> None:
        self.get("/api/v1/reports")

    @task(2)
    def me(self) -> None:
        self.get("/auth/me")

    @task(1)
    def health(self) -> None:
        self.client.get("/health")

    @task(1)
    def refresh(self) -> None:
        if not self.refresh_token:
            return
        body = {"refresh_token": self.refresh_token}
        with self.client.post("/auth/refresh", json=body, catch_response=True) as response:
            if response.status_code == 200:
                self.access_token = response.json()["access_token"]
            elif response.status_code == 429:
                response.success()
