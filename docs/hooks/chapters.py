"""mkdocs hook: render each chapter folder into the site, from its one source.

Every `chapters/chNN_*/` folder contributes README.md (as the chapter's index page),
tutorial.md and exercises.md, plus the demo's files that those pages link to. Nothing
is copied into docs/: the pages are read where they live, so there is one source.
The navigation gets one section per chapter, and the plan page links the chapters
that exist while listing the others as planned.
"""

from __future__ import annotations

import re
from pathlib import Path

from mkdocs.structure.files import File, Files

ROOT = Path(__file__).resolve().parents[2]
PAGES = {"README.md": "index.md", "tutorial.md": "tutorial.md", "exercises.md": "exercises.md"}
# Files a chapter page may link to; they are published as they are.
LINKED = ("api_demo/**/*.py", "api_demo/**/*.json", "api_demo/**/*.example", ".env.example")
PLAN_ROW = re.compile(r"^\| (\d{1,2}) \| ([^|]+?) \|")


def chapter_folders() -> list[Path]:
    return sorted(p for p in (ROOT / "chapters").glob("ch[0-9][0-9]_*") if p.is_dir())


def chapter_title(folder: Path) -> str:
    first = (folder / "README.md").read_text(encoding="utf-8").splitlines()[0]
    return re.sub(r"^#\s*(Chapter\s+\d+\s*[—:-]\s*)?", "", first).strip()


def on_config(config):
    chapters = []
    for folder in chapter_folders():
        if not (folder / "README.md").exists():
            continue
        base = f"chapters/{folder.name}"
        pages = [{"Overview": f"{base}/index.md"}]
        pages += [
            {name.title(): f"{base}/{name}.md"}
            for name in ("tutorial", "exercises")
            if (folder / f"{name}.md").exists()
        ]
        chapters.append({f"{int(folder.name[2:4])} · {chapter_title(folder)}": pages})
    nav = config["nav"]
    at = next(i for i, entry in enumerate(nav) if "Course plan" in entry) + 1
    nav.insert(at, {"Chapters": chapters})
    return config


def on_files(files: Files, config) -> Files:
    for folder in chapter_folders():
        if not (folder / "README.md").exists():
            continue  # a chapter still being written has no overview yet: leave it out
        base = f"chapters/{folder.name}"
        for source, target in PAGES.items():
            if (folder / source).exists():
                files.append(
                    File.generated(config, f"{base}/{target}", abs_src_path=str(folder / source))
                )
        for pattern in LINKED:
            for path in folder.glob(pattern):
                if "__pycache__" in path.parts:
                    continue
                uri = f"{base}/{path.relative_to(folder).as_posix()}"
                files.append(File.generated(config, uri, abs_src_path=str(path)))
    return files


def on_page_markdown(markdown: str, page, config, files) -> str:
    if page.file.src_uri != "plan.md":
        return markdown
    existing = {int(f.name[2:4]): f.name for f in chapter_folders() if (f / "README.md").exists()}

    def link(match: re.Match[str]) -> str:
        number, title = int(match[1]), match[2]
        if number in existing:
            return f"| {number} | [{title}](chapters/{existing[number]}/index.md) |"
        return f"| {number} | {title} *(planned)* |"

    return "\n".join(PLAN_ROW.sub(link, line) for line in markdown.splitlines())
