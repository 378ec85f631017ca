"""Attachments: uploads sniffed by content, size limits, downloads, deletes, and safe storage."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from projects.core.testing import api_client
from projects.task_api.services.attachments import clean_filename, sniff
from projects.task_api.services.storage import LocalStorage

from .factories import new_task

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 100
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 100
ZIP = b"PK\x03\x04" + b"\x00" * 100
ELF = b"\x7fELF\x02\x01\x01" + b"\x00" * 100


def upload(client: FlaskClient, task_id: int, content: bytes, name: str) -> Any:
    data = {"file": (io.BytesIO(content), name)}
    return client.post(f"/api/tasks/{task_id}/attachments", data=data)


@pytest.fixture
def alice(client_for: Callable[..., FlaskClient]) -> FlaskClient:
    return client_for("alice")


@pytest.fixture
def task(alice: FlaskClient) -> dict[str, Any]:
    return new_task(alice)


@pytest.mark.parametrize(
    ("content", "name", "content_type"),
    [
        (PNG, "diagram.png", "image/png"),
        (PDF, "spec.pdf", "application/pdf"),
        (JPEG, "photo.JPG", "image/jpeg"),
        ("notes, with ünïcödé\n".encode(), "notes.txt", "text/plain"),
        (b"a,b\n1,2\n", "table.csv", "text/plain"),
        (PNG, "no-extension", "image/png"),
        (PNG, "weird.ext-we-do-not-know", "image/png"),
    ],
)
def test_allowed_files_are_stored_with_the_type_their_bytes_show(
    alice: FlaskClient, task: dict[str, Any], content: bytes, name: str, content_type: str
) -> None:
    """The content type comes from sniffing; size and SHA-256 are recorded."""
    response = upload(alice, task["id"], content, name)
    body = response.json
    assert response.status_code == 201, body
    assert response.headers["Location"] == f"/api/tasks/{task['id']}/attachments/{body['id']}"
    assert (body["content_type"], body["filename"], body["size"]) == (
        content_type,
        name,
        len(content),
    )
    assert body["sha256"] == hashlib.sha256(content).hexdigest()


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (ZIP, "archive.zip"),
        (ELF, "program"),
        (ELF, "innocent.png"),  # an executable named like a picture
        (PDF, "picture.png"),  # a real type on the allow-list, under the wrong name
        (b"<html><script>alert(1)</script>", "page.png"),
        (b"\x00\x01\x02binary", "data.txt"),
    ],
)
def test_disallowed_or_disguised_files_are_415(
    alice: FlaskClient, task: dict[str, Any], content: bytes, name: str
) -> None:
    """A type off the allow-list, or content that contradicts the name, is refused."""
    response = upload(alice, task["id"], content, name)
    assert (response.status_code, response.json["error"]["code"]) == (
        415,
        "unsupported_media_type",
    )


def test_an_upload_over_the_limit_is_413_and_leaves_no_file(
    make_app: Callable[..., Flask], token_for: Callable[..., str], tmp_path: Path
) -> None:
    """One byte over ATTACHMENT_MAX_BYTES is 413, and nothing is left in storage."""
    app = make_app(attachment_max_bytes=1000)
    alice = api_client(app, token=token_for("alice"))
    task = new_task(alice)
    response = upload(alice, task["id"], b"x" * 1001, "big.txt")
    assert (response.status_code, response.json["error"]["code"]) == (
        413,
        "request_entity_too_large",
    )
    assert upload(alice, task["id"], b"x" * 1000, "fits.txt").status_code == 201
    assert len([p for p in (tmp_path / "uploads").rglob("*") if p.is_file()]) == 1


def test_a_body_far_over_the_limit_is_refused_before_it_is_read(
    make_app: Callable[..., Flask], token_for: Callable[..., str]
) -> None:
    """A request larger than the limit plus form overhead is 413 from Content-Length alone."""
    app = make_app(attachment_max_bytes=1000)
    alice = api_client(app, token=token_for("alice"))
    task = new_task(alice)
    response = upload(alice, task["id"], b"x" * 200_000, "huge.txt")
    assert response.status_code == 413


@pytest.mark.parametrize(
    ("data", "field"),
    [({}, "file"), ({"file": (io.BytesIO(b""), "empty.txt")}, "file")],
)
def test_missing_or_empty_files_are_400(
    alice: FlaskClient, task: dict[str, Any], data: dict[str, Any], field: str
) -> None:
    """No file part, or an empty file, is a 400 naming `file`."""
    response = alice.post(f"/api/tasks/{task['id']}/attachments", data=data)
    assert response.status_code == 400
    assert field in response.json["error"]["details"]


def test_download_sends_type_name_and_safety_headers(
    alice: FlaskClient, task: dict[str, Any]
) -> None:
    """The file comes back byte for byte, as an attachment that browsers will not sniff."""
    attachment = upload(alice, task["id"], PDF, "Q1 report (final).pdf").json
    url = f"/api/tasks/{task['id']}/attachments/{attachment['id']}/content"
    with alice.get(url) as response:
        assert (response.status_code, response.data) == (200, PDF)
        assert response.headers["Content-Type"] == "application/pdf"
        assert response.headers["Content-Disposition"] == (
            'attachment; filename="Q1 report (final).pdf"'
        )
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert "sandbox" in response.headers["Content-Security-Policy"]
        assert response.headers["ETag"] == f'"{attachment["sha256"]}"'


def test_download_of_a_non_ascii_name_uses_rfc_5987(
    alice: FlaskClient, task: dict[str, Any]
) -> None:
    """A name with non-ASCII letters survives the header (filename*=UTF-8'')."""
    attachment = upload(alice, task["id"], b"hello", "résumé.txt").json
    url = f"/api/tasks/{task['id']}/attachments/{attachment['id']}/content"
    with alice.get(url) as response:
        assert "filename*=UTF-8''r%C3%A9sum%C3%A9.txt" in response.headers["Content-Disposition"]
        assert response.headers["Content-Type"] == "text/plain; charset=utf-8"


def test_list_get_and_delete(alice: FlaskClient, task: dict[str, Any], tmp_path: Path) -> None:
    """Attachments are listed, described, and deleted together with their file."""
    first = upload(alice, task["id"], PNG, "a.png").json
    second = upload(alice, task["id"], PNG, "b.png").json
    base = f"/api/tasks/{task['id']}/attachments"
    assert [a["id"] for a in alice.get(base).json] == [first["id"], second["id"]]
    assert alice.get(f"{base}/{first['id']}").json == first
    assert alice.delete(f"{base}/{first['id']}").status_code == 204
    assert alice.get(f"{base}/{first['id']}").status_code == 404
    assert len([p for p in (tmp_path / "uploads").rglob("*") if p.is_file()]) == 1


def test_an_attachment_of_another_task_is_404(alice: FlaskClient, task: dict[str, Any]) -> None:
    """Attachment IDs only resolve under their own task."""
    attachment = upload(alice, task["id"], PNG, "a.png").json
    other = new_task(alice)
    assert alice.get(f"/api/tasks/{other['id']}/attachments/{attachment['id']}").status_code == 404


def test_deleting_a_task_deletes_its_files(
    alice: FlaskClient, task: dict[str, Any], tmp_path: Path
) -> None:
    """No orphan files are left behind when their task goes."""
    upload(alice, task["id"], PNG, "a.png")
    alice.delete(f"/api/tasks/{task['id']}")
    assert [p for p in (tmp_path / "uploads").rglob("*") if p.is_file()] == []


def test_an_upload_name_cannot_reach_outside_storage(
    alice: FlaskClient, task: dict[str, Any], tmp_path: Path
) -> None:
    """A name full of ../ is only a label: the file lands under a random key in uploads/."""
    response = upload(alice, task["id"], b"owned", "../../../../etc/cron.d/evil.txt")
    assert response.json["filename"] == "evil.txt"
    stored = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert len(stored) == 1 and stored[0].parent.parent == tmp_path / "uploads"


@pytest.mark.parametrize(
    "key", ["../../etc/passwd", "", "ABCDEF0123456789abcdef0123456789", "a" * 31, "a/" * 16]
)
def test_local_storage_refuses_keys_it_did_not_make(tmp_path: Path, key: str) -> None:
    """Only 32 lowercase hex characters are a key; anything else never becomes a path."""
    with pytest.raises(ValueError):
        LocalStorage(tmp_path).open(key)


def test_local_storage_round_trip(tmp_path: Path) -> None:
    """Saved chunks read back whole; delete is idempotent."""
    storage = LocalStorage(tmp_path)
    key = storage.save([b"hello ", b"world"])
    with storage.open(key) as file:
        assert file.read() == b"hello world"
    storage.delete(key)
    storage.delete(key)
    with pytest.raises(FileNotFoundError):
        storage.open(key)


def test_local_storage_keeps_nothing_when_writing_fails(tmp_path: Path) -> None:
    """A stream that breaks half-way leaves no partial file behind."""

    def broken() -> Any:
        yield b"partial"
        raise OSError("client went away")

    with pytest.raises(OSError):
        LocalStorage(tmp_path).save(broken())
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (PNG, "image/png"),
        (PDF, "application/pdf"),
        (b"GIF89a" + b"\x00" * 10, "image/gif"),
        (b"RIFF\x00\x00\x00\x00WEBPVP8 " + b"\x00" * 10, "image/webp"),
        ("plain text é".encode(), "text/plain"),
        ("cut in the middle: é".encode()[:-1], "text/plain"),
        (b"\xff\xfe\x00bin", None),
        (b"caf\xe9 latin-1", None),
    ],
)
def test_sniff(head: bytes, expected: str | None) -> None:
    """Types come from magic numbers, and UTF-8 without NUL bytes is text."""
    assert sniff(head) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("report.pdf", "report.pdf"),
        ("C:\\Users\\me\\report.pdf", "report.pdf"),
        ("../../x.txt", "x.txt"),
        (".htaccess", "htaccess"),
        ("bad\r\nname.txt", "badname.txt"),
        ("", "attachment"),
        (None, "attachment"),
    ],
)
def test_clean_filename(name: str | None, expected: str) -> None:
    """Only a displayable base name is kept."""
    assert clean_filename(name) == expected
