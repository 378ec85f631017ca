"""Load for the chapter 3 demo: locust -f chapters/ch03_databases/api_demo/locustfile.py

Point it at a running demo with --host http://127.0.0.1:5000. Watch the X-Query-Count
header in the responses: the list endpoints stay at one or two queries however many
authors the simulated clients create.
"""

from __future__ import annotations

import random
import uuid

from locust import HttpUser, between, task


def unique_isbn() -> str:
    """Return a random 13-digit ISBN-shaped string (collisions: 1 in 10^12 per pair)."""
    return "979" + "".join(random.choices("0123456789", k=10))


class LibraryUser(HttpUser):
    """A client that registers one author, adds books, and mostly reads."""

    wait_time = between(0.01, 0.1)

    def on_start(self) -> None:
        email = f"load-{uuid.uuid4().hex[:12]}@example.com"
        created = self.client.post("/api/authors", json={"name": "Load Tester", "email": email})
        self.email = email
        self.author_id = created.json()["id"]
        for _ in range(3):
            self.add_book()

    @task(1)
    def add_book(self) -> None:
        book = {
            "author_id": self.author_id,
            "title": "Written under load",
            "isbn": unique_isbn(),
            "published_year": random.randint(1900, 2024),
        }
        self.client.post("/api/books", json=book)

    @task(5)
    def list_authors(self) -> None:
        self.client.get("/api/authors", params={"limit": 20}, name="/api/authors")

    @task(1)
    def list_authors_joined(self) -> None:
        params = {"limit": 20, "loading": "joined"}
        self.client.get("/api/authors", params=params, name="/api/authors?loading=joined")

    @task(3)
    def show_author(self) -> None:
        self.client.get(f"/api/authors/{self.author_id}", name="/api/authors/[id]")

    @task(2)
    def books_of_author(self) -> None:
        params = {"author_id": self.author_id}
        self.client.get("/api/books", params=params, name="/api/books?author_id=[id]")

    @task(1)
    def explain(self) -> None:
        self.client.get("/api/db/explain", params={"query": "books_by_author"})

    @task(1)
    def status(self) -> None:
        self.client.get("/api/db/status")

    @task(1)
    def duplicate_email(self) -> None:
        # The unique constraint answers 409 here, so 409 counts as a success.
        body = {"name": "Someone Else", "email": self.email.upper()}
        with self.client.post("/api/authors", json=body, catch_response=True) as response:
            if response.status_code == 409:
                response.success()
            else:
                response.failure(f"expected 409 for a duplicate email, got {response.status_code}")
