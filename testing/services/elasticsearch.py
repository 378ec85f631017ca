"""Elasticsearch cannot be installed from pip; tests use one only when it answers."""

from __future__ import annotations

import json
import urllib.error
import urllib.request


def why_not_answering(url: str, timeout: float = 2.0) -> str | None:
    """Return None if an Elasticsearch cluster answers at `url`, else the reason."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            body = json.load(response)
    except (urllib.error.URLError, OSError, ValueError) as exc:
        return str(exc)
    if "version" not in body:
        return "the server there is not Elasticsearch"
    return None
