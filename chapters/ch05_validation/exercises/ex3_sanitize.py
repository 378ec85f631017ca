"""Exercise 3 — data sanitisation.

Clean plain text (Unicode normalisation, invisible characters, whitespace), e-mail
addresses and rich-text HTML, then wire the cleaners into marshmallow fields so that
validators only ever see clean values.

Check your work with: nox -s chapter05 -- ex3
"""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields

ALLOWED_TAGS = frozenset({"p", "br", "strong", "em", "a", "ul", "ol", "li", "code", "blockquote"})
ALLOWED_ATTRIBUTES = {"a": frozenset({"href", "title"})}
ALLOWED_URL_SCHEMES = frozenset({"http", "https", "mailto"})
LINK_REL = "noopener noreferrer nofollow"
# Invisible characters that change how text looks or sorts without being seen:
# zero-width space, byte-order mark, and the bidirectional overrides and isolates
# used in "Trojan Source" and file-name spoofing (U+202A–U+202E, U+2066–U+2069).
INVISIBLE = frozenset("\u200b\ufeff\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def clean_line(value: str) -> str:
    """One line of plain text: NFC, no invisible or control characters, single spaces.

    1. Turn every whitespace character (tab, newline, no-break space, …) into a space;
       drop characters in INVISIBLE and control characters (Unicode category "Cc");
       normalise to NFC; collapse runs of spaces and strip the ends.
       Keep everything else, including the zero-width joiner inside emoji.
    """
    raise NotImplementedError("Exercise 3 (clean_line) is not done yet")


def clean_paragraphs(value: str) -> str:
    """Plain text with line breaks: each line cleaned, at most one blank line in a row.

    2. Turn "\\r\\n" and "\\r" into "\\n"; clean each line as in step 1 (but keep the
       "\\n" between lines); replace three or more "\\n" in a row with two; strip.
    """
    raise NotImplementedError("Exercise 3 (clean_paragraphs) is not done yet")


def normalize_email(value: str) -> str:
    """Clean an address, lower-case its domain and write the domain in ASCII (IDNA).

    3. clean_line the value, split it at the LAST "@", keep the local part as it is,
       lower-case the domain and encode it with the "idna" codec (bücher.example →
       xn--bcher-kva.example). Without an "@", or if IDNA encoding fails, return the
       cleaned value and leave refusing it to the e-mail validator.
    """
    raise NotImplementedError("Exercise 3 (normalize_email) is not done yet")


def clean_html(value: str) -> str:
    """Rich text: keep the allowed tags, attributes and URL schemes, strip the rest.

    4. NFC-normalise, then call nh3.clean with tags=ALLOWED_TAGS,
       attributes=ALLOWED_ATTRIBUTES, url_schemes=ALLOWED_URL_SCHEMES and
       link_rel=LINK_REL (nh3 wants plain sets, not frozensets). Strip the result.
    """
    raise NotImplementedError("Exercise 3 (clean_html) is not done yet")


class CleanLine(fields.String):
    """A string field that loads through clean_line, before its validators run.

    5. Override _deserialize: let fields.String do its type check, then clean.
    """

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        raise NotImplementedError("Exercise 3 (CleanLine) is not done yet")


class SafeHTML(fields.String):
    """A string field that loads through clean_html, before its validators run.

    5. As CleanLine, with clean_html.
    """

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        raise NotImplementedError("Exercise 3 (SafeHTML) is not done yet")


class NormalizedEmail(fields.Email):
    """An e-mail field that loads through normalize_email, then validates.

    5. As CleanLine, with normalize_email; fields.Email's validator then checks the
       normalised address.
    """

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        raise NotImplementedError("Exercise 3 (NormalizedEmail) is not done yet")


class CommentSchema(Schema):
    """A comment on a blog post, sanitised field by field.

    6. `author`: CleanLine, required, 1 to 80 characters; `email`: NormalizedEmail,
       required; `body`: SafeHTML, required, 1 to 5000 characters (after cleaning, so
       a body that was nothing but a <script> is refused as empty).

    Declare the fields, then delete this class's __init__.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        raise NotImplementedError("Exercise 3 (CommentSchema) is not done yet")
