"""Security headers on every response, with a Content-Security-Policy Swagger UI can live with."""

from __future__ import annotations

import base64
import hashlib
import re

from flask import Flask, Response, request

# --8<-- [start:headers]
BASE_HEADERS = {
    "X-Content-Type-Options": "nosniff",  # never guess a type: JSON stays JSON
    "X-Frame-Options": "DENY",  # no framing (older browsers; CSP frame-ancestors below)
    "Referrer-Policy": "no-referrer",  # URLs may carry ids; do not leak them onwards
    "Cross-Origin-Opener-Policy": "same-origin",
}
# JSON needs no scripts, styles or frames at all.
API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
# Swagger UI loads flask-restx's own files (no CDN) and runs one inline script,
# which we allow by its hash rather than with 'unsafe-inline'.
SWAGGER_CSP = (
    "default-src 'none'; script-src 'self' {hashes}; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
)
_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\ssrc=)[^>]*>(.*?)</script>", re.DOTALL)


def init_app(app: Flask, *, hsts_seconds: int) -> None:
    """Add the headers after every request."""

    @app.after_request
    def add_security_headers(response: Response) -> Response:
        for name, value in BASE_HEADERS.items():
            response.headers.setdefault(name, value)
        if request.endpoint == "doc":  # the Swagger UI page
            response.headers["Content-Security-Policy"] = SWAGGER_CSP.format(
                hashes=" ".join(inline_script_hashes(response.get_data(as_text=True)))
            )
        else:
            response.headers.setdefault("Content-Security-Policy", API_CSP)
        if hsts_seconds:
            # Only behind TLS: browsers then refuse plain HTTP to this host for that long.
            response.headers["Strict-Transport-Security"] = (
                f"max-age={hsts_seconds}; includeSubDomains"
            )
        if not (request.endpoint or "").endswith("static"):
            # Tokens and keys must never sit in a shared cache (RFC 6749 §5.1).
            response.headers.setdefault("Cache-Control", "no-store")
        return response


def inline_script_hashes(html: str) -> list[str]:
    """Return a CSP source ('sha256-…') for each inline <script> in `html`."""
    return [
        f"'sha256-{base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()}'"
        for body in _INLINE_SCRIPT.findall(html)
    ]


# --8<-- [end:headers]
