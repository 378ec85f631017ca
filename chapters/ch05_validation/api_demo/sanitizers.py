"""Sanitisers, and the marshmallow fields that apply them while loading."""

from __future__ import annotations

import unicodedata
from typing import Any

import nh3
from marshmallow import fields

# The few tags a rich-text note needs; everything else (script, img, iframe, style,
# event-handler attributes) is removed by nh3, which parses HTML like a browser does.
NOTE_TAGS = frozenset({"p", "br", "strong", "em", "ul", "ol", "li", "a"})
NOTE_ATTRIBUTES = {"a": {"href", "title"}}
NOTE_URL_SCHEMES = frozenset({"http", "https", "mailto"})


# --8<-- [start:functions]
def clean_text(value: str) -> str:
    """Drop control characters, normalise to NFC and collapse runs of whitespace."""
    value = "".join(ch for ch in value if ch.isspace() or unicodedata.category(ch) != "Cc")
    # NFC after the removal: a dropped character may have split a letter from its accent.
    return " ".join(unicodedata.normalize("NFC", value).split())


def normalize_email(value: str) -> str:
    """Trim an address and lower-case its domain; the local part belongs to the owner."""
    local, at, domain = unicodedata.normalize("NFC", value.strip()).rpartition("@")
    return f"{local}{at}{domain.lower()}" if at else value.strip()


def clean_html(value: str) -> str:
    """Keep a small allow-list of tags and attributes, and strip everything else."""
    cleaned = nh3.clean(
        unicodedata.normalize("NFC", value),
        tags=set(NOTE_TAGS),
        attributes={tag: set(names) for tag, names in NOTE_ATTRIBUTES.items()},
        url_schemes=set(NOTE_URL_SCHEMES),
        link_rel="noopener noreferrer nofollow",
    )
    return cleaned.strip()


# --8<-- [end:functions]


# --8<-- [start:fields]
class CleanString(fields.String):
    """A string that is cleaned before validators see it; `upper=True` also upper-cases."""

    def __init__(self, *, upper: bool = False, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.upper = upper

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        text = clean_text(super()._deserialize(value, attr, data, **kwargs))
        return text.upper() if self.upper else text


class NormalizedEmail(fields.Email):
    """An e-mail address, normalised first, so `validate.Email` checks the stored form."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        return normalize_email(super()._deserialize(value, attr, data, **kwargs))


class SafeHTML(fields.String):
    """Rich text from users: sanitised on the way in, so it is safe on every way out."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        return clean_html(super()._deserialize(value, attr, data, **kwargs))


# --8<-- [end:fields]
