"""Exercise 3 — data sanitisation."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from marshmallow import ValidationError

REL = 'rel="noopener noreferrer nofollow"'


# ---------------------------------------------------------------- plain text
@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  Grace   Hopper  ", "Grace Hopper"),
        ("Grace\tHopper\r\n", "Grace Hopper"),
        ("Grace\u00a0Hopper\u2003", "Grace Hopper"),
        ("Cafe\u0301", "Café"),
        ("Zero\u200bWidth\ufeff", "ZeroWidth"),
        ("invoice\u202egnp.exe", "invoicegnp.exe"),
        ("isolate\u2066d\u2069", "isolated"),
        ("bell\u0007 and nul\u0000", "bell and nul"),
        ("e\u200b\u0301", "é"),
        ("\u200b \u200b", ""),
        ("日本語 テキスト", "日本語 テキスト"),
        ("family 👨\u200d👩\u200d👧", "family 👨\u200d👩\u200d👧"),
    ],
)
def test_clean_line(exercise, raw: str, expected: str) -> None:
    """NFC, invisible and control characters removed, whitespace collapsed; emoji kept."""
    assert exercise.clean_line(raw) == expected


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text())
def test_clean_line_is_idempotent(exercise, raw: str) -> None:
    """Cleaning an already clean line changes nothing."""
    once = exercise.clean_line(raw)
    assert exercise.clean_line(once) == once


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Dear  team,\r\n\r\nThanks!\r\n", "Dear team,\n\nThanks!"),
        ("a\n\n\n\n\nb", "a\n\nb"),
        ("  one \t line  \n  two  ", "one line\ntwo"),
        ("old\rmac", "old\nmac"),
        ("hidden\u202e\nbreak\u0000", "hidden\nbreak"),
    ],
)
def test_clean_paragraphs(exercise, raw: str, expected: str) -> None:
    """Line breaks survive; each line is cleaned; no more than one blank line in a row."""
    assert exercise.clean_paragraphs(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  Grace@Example.COM ", "Grace@example.com"),
        ("grace@Bücher.Example", "grace@xn--bcher-kva.example"),
        ('"odd@local"@Example.org', '"odd@local"@example.org'),
        ("\u200bgrace@example.com", "grace@example.com"),
        ("no-at-sign", "no-at-sign"),
    ],
)
def test_normalize_email(exercise, raw: str, expected: str) -> None:
    """The local part is kept; the domain is lower-cased and written in ASCII."""
    assert exercise.normalize_email(raw) == expected


# ---------------------------------------------------------------- HTML
XSS = [
    ("<script>alert(1)</script>Hello", "Hello"),
    ("<SCRIPT SRC=//evil.example/x.js></SCRIPT>Hi", "Hi"),
    ('<img src="x" onerror="alert(1)">', ""),
    ("<svg onload=alert(1)>", ""),
    ("<iframe src='//evil.example'></iframe>after", "after"),
    ('<p onclick="steal()" style="position:fixed">Hi</p>', "<p>Hi</p>"),
    ('<a href="javascript:alert(1)">x</a>', f"<a {REL}>x</a>"),
    ('<a href="jav&#x09;ascript:alert(1)">x</a>', f"<a {REL}>x</a>"),
    ('<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>', f"<a {REL}>x</a>"),
    ("<style>body{display:none}</style>text", "text"),
    ("<scr<script>ipt>alert(1)</script>", "ipt&gt;alert(1)"),
]


@pytest.mark.parametrize(("payload", "expected"), XSS)
def test_clean_html_strips_xss(exercise, payload: str, expected: str) -> None:
    """Scripts, handlers, frames, styles and unsafe URL schemes are removed."""
    assert exercise.clean_html(payload) == expected


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("<p>Hi <strong>there</strong></p>", "<p>Hi <strong>there</strong></p>"),
        ("<ul><li><em>one</em></li></ul>", "<ul><li><em>one</em></li></ul>"),
        (
            "<blockquote><code>x &lt; y</code></blockquote>",
            "<blockquote><code>x &lt; y</code></blockquote>",
        ),
        (
            '<a href="https://example.com" title="Docs">d</a>',
            f'<a href="https://example.com" title="Docs" {REL}>d</a>',
        ),
        (
            '<a href="mailto:grace@example.com">m</a>',
            f'<a href="mailto:grace@example.com" {REL}>m</a>',
        ),
        (
            '<a href="https://example.com" target="_blank" rel="opener">t</a>',
            f'<a href="https://example.com" {REL}>t</a>',
        ),
        ("<div><h1>Title</h1></div>", "Title"),
        ("  <p>trimmed</p>  ", "<p>trimmed</p>"),
    ],
)
def test_clean_html_keeps_what_is_allowed(exercise, html: str, expected: str) -> None:
    """Allowed tags and attributes stay; links get a safe rel; other tags keep their text."""
    assert exercise.clean_html(html) == expected


# ---------------------------------------------------------------- the schema
def test_comment_schema_sanitises_every_field(exercise) -> None:
    """Loading a comment cleans the author, e-mail and body."""
    loaded = exercise.CommentSchema().load(
        {
            "author": " Grace\u202e  Hopper ",
            "email": " Grace@Example.COM",
            "body": "<p>Nice post<script>alert(1)</script></p>",
        }
    )
    assert loaded == {
        "author": "Grace Hopper",
        "email": "Grace@example.com",
        "body": "<p>Nice post</p>",
    }


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"author": "\u200b  \u200b"}, "author"),
        ({"author": "x" * 81}, "author"),
        ({"email": "not an address"}, "email"),
        ({"body": "<script>alert(1)</script>"}, "body"),
        ({"body": "<p>" + "x" * 5001 + "</p>"}, "body"),
        ({"body": 42}, "body"),
    ],
)
def test_comment_schema_validates_after_cleaning(exercise, changes: dict, field: str) -> None:
    """Validators see the cleaned value: a body of nothing but a script is empty."""
    payload = {"author": "Grace", "email": "grace@example.com", "body": "<p>Hi</p>"} | changes
    with pytest.raises(ValidationError) as caught:
        exercise.CommentSchema().load(payload)
    assert list(caught.value.messages) == [field]
