"""The baseline of every benchmark: the smallest Flask app that returns JSON."""

from __future__ import annotations

from flask import Flask

app = Flask(__name__)


@app.get("/hello")
def hello() -> dict[str, str]:
    """Answer with a constant JSON object."""
    return {"message": "Hello, World!"}
