"""Load test: locust -f projects/auth_service/locustfile.py --host http://127.0.0.1:5001

Each simulated user registers once, logs in, then mostly reads its account and sessions,
refreshes its tokens now and then (rotation: each refresh uses the newest refresh token)
and fetches the JWKS as other services do. Logins and registrations have their own rate
limits per address, so the users log in once, at the start, like real clients.
"""

from __future__ import annotations

import uuid

from locust import HttpUser, between, task

PASSWORD = "correct-horse-battery-staple"


class AccountHolder(HttpUser):
    wait_time = between(0.5, 1.5)  # stays under the default 300 requests/minute per address

    def on_start(self) -> None:
        name = f"load-{uuid.uuid4().hex[:12]}"
        self.client.post(
            "/api/users/register",
            json={"email": f"{name}@example.com", "username": name, "password": PASSWORD},
            name="/api/users/register",
        )
        response = self.client.post(
            "/api/auth/login", json={"email": f"{name}@example.com", "password": PASSWORD}
        )
        self.tokens = response.json()
        self.user_id = self.client.get("/api/auth/me", headers=self.auth()).json()["id"]

    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens['access_token']}"}

    @task(5)
    def me(self) -> None:
        self.client.get("/api/auth/me", headers=self.auth())

    @task(3)
    def my_account(self) -> None:
        self.client.get(f"/api/users/{self.user_id}", headers=self.auth(), name="/api/users/[id]")

    @task(2)
    def sessions(self) -> None:
        self.client.get("/api/auth/sessions", headers=self.auth())

    @task(2)
    def jwks(self) -> None:
        self.client.get("/.well-known/jwks.json")

    @task(1)
    def refresh(self) -> None:
        response = self.client.post(
            "/api/auth/refresh", json={"refresh_token": self.tokens["refresh_token"]}
        )
        if response.ok:
            self.tokens = response.json()

    @task(1)
    def health(self) -> None:
        self.client.get("/health")
