"""The docs site builds strictly, renders each chapter from its folder, loads nothing remote."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
REMOTE_LOAD = re.compile(
    r"<(?:script|img|iframe)[^>]+src=\"https?://|<link[^>]+href=\"https?://[^\"]+\"[^>]*stylesheet"
    r"|<link[^>]+stylesheet[^>]+href=\"https?://|@import url\(\"?https?://"
)

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site")
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert done.returncode == 0, done.stderr
    # mkdocs only reports links to files it leaves out (dotfiles) at INFO level.
    assert "excluded from the built site" not in done.stderr, done.stderr
    return out


def chapter_folders() -> list[Path]:
    return sorted(
        p for p in (ROOT / "chapters").glob("ch[0-9][0-9]_*") if (p / "README.md").exists()
    )


def test_every_chapter_has_its_three_pages(site: Path) -> None:
    for folder in chapter_folders():
        for page in ("index.html", "tutorial/index.html", "exercises/index.html"):
            assert (site / "chapters" / folder.name / page).exists(), f"{folder.name}/{page}"


def test_listings_are_included_not_left_as_markers(site: Path) -> None:
    for folder in chapter_folders():
        html = (site / "chapters" / folder.name / "tutorial" / "index.html").read_text()
        markers = re.findall(r'--8<-- "([^"]+)"', (folder / "tutorial.md").read_text())
        assert markers, f"{folder.name}/tutorial.md includes no listing from its demo"
        assert "8</span> <span" not in html and "--8&lt;--" not in html


def test_nothing_is_loaded_from_another_host(site: Path) -> None:
    offenders = []
    for path in site.rglob("*"):
        if path.suffix in {".html", ".css"}:
            offenders += [
                f"{path.relative_to(site)}: {m}" for m in REMOTE_LOAD.findall(path.read_text())
            ]
    assert offenders == []


def test_search_index_is_built(site: Path) -> None:
    assert (site / "search" / "search_index.json").stat().st_size > 1000


def test_plan_links_written_chapters_and_marks_the_rest_planned(site: Path) -> None:
    html = (site / "plan" / "index.html").read_text()
    assert 'href="../chapters/ch01_environment/"' in html
    assert "Machine Learning Integration <em>(planned)</em>" in html
