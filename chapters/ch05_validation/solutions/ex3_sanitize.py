"""Exercise 3 — data sanitisation (reference solution)."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

import nh3
from marshmallow import Schema, fields, validate

ALLOWED_TAGS = frozenset({"p", "br", "strong", "em", "a", "ul", "ol", "li", "code", "blockquote"})
ALLOWED_ATTRIBUTES = {"a": frozenset({"href", "title"})}
ALLOWED_URL_SCHEMES = frozenset({"http", "https", "mailto"})
LINK_REL = "noopener noreferrer nofollow"
# Invisible characters that change how text looks or sorts without being seen:
# zero-width space, byte-order mark, and the bidirectional overrides and isolates
# used in "Trojan Source" and file-name spoofing (U+202A–U+202E, U+2066–U+2069).
INVISIBLE = frozenset("\u200b\ufeff\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_BLANK_LINES = re.compile(r"\n{3,}")


def _visible(value: str, *, keep_newlines: bool = False) -> str:
    """Whitespace becomes a space, invisible and control characters go; then NFC."""
    kept = []
    for ch in value:
        if ch == "\n" and keep_newlines:
            kept.append(ch)
        elif ch.isspace():  # tabs, no-break and em spaces, other line breaks
            kept.append(" ")
        elif ch not in INVISIBLE and unicodedata.category(ch) != "Cc":
            kept.append(ch)
    # Normalise last: a removed character may have separated a letter from its accent.
    return unicodedata.normalize("NFC", "".join(kept))


def clean_line(value: str) -> str:
    """One line of plain text: NFC, no invisible or control characters, single spaces."""
    return " ".join(_visible(value).split())


def clean_paragraphs(value: str) -> str:
    """Plain text with line breaks: each line cleaned, at most one blank line in a row."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    lines = [" ".join(line.split()) for line in _visible(value, keep_newlines=True).split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def normalize_email(value: str) -> str:
    """Clean an address, lower-case its domain and write the domain in ASCII (IDNA)."""
    local, at, domain = clean_line(value).rpartition("@")
    if not at:
        return clean_line(value)
    domain = domain.lower()
    try:
        domain = domain.encode("idna").decode("ascii")
    except UnicodeError:
        pass  # leave it for the e-mail validator to refuse
    return f"{local}@{domain}"


def clean_html(value: str) -> str:
    """Rich text: keep the allowed tags, attributes and URL schemes, strip the rest."""
    return nh3.clean(
        unicodedata.normalize("NFC", value),
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(ALLOWED_URL_SCHEMES),
        link_rel=LINK_REL,
    ).strip()


class CleanLine(fields.String):
    """A string field that loads through clean_line, before its validators run."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        return clean_line(super()._deserialize(value, attr, data, **kwargs))


class SafeHTML(fields.String):
    """A string field that loads through clean_html, before its validators run."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        return clean_html(super()._deserialize(value, attr, data, **kwargs))


class NormalizedEmail(fields.Email):
    """An e-mail field that loads through normalize_email, then validates."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        return normalize_email(super()._deserialize(value, attr, data, **kwargs))


class CommentSchema(Schema):
    """A comment on a blog post, sanitised field by field."""

    author = CleanLine(required=True, validate=validate.Length(1, 80))
    email = NormalizedEmail(required=True)
    body = SafeHTML(required=True, validate=validate.Length(1, 5000))
