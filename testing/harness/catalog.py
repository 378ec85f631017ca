"""Find chapters and their exercises, with titles and hints from exercises.md."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHAPTERS = ROOT / "chapters"

_EXERCISE_HEADING = re.compile(r"^## Exercise (\d+):\s*(.+?)\s*$")
_CHAPTER_TITLE = re.compile(r"^#\s+(?:Chapter\s+\d+\s*[—:-]\s*)?(.+?)\s*$")


@dataclass(frozen=True)
class Exercise:
    """One exercise: its module name (`ex3_logging`), title and hints."""

    chapter: Chapter
    module: str
    title: str
    hints: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        """Return the short name learners type: `ex3`."""
        return self.module.split("_", 1)[0]

    @property
    def number(self) -> int:
        return int(self.key[2:])

    @property
    def stub_path(self) -> Path:
        return self.chapter.path / "exercises" / f"{self.module}.py"

    @property
    def solution_path(self) -> Path:
        return self.chapter.path / "solutions" / f"{self.module}.py"

    @property
    def test_path(self) -> Path:
        return self.chapter.path / "tests" / f"test_{self.module}.py"

    @property
    def test_key(self) -> str:
        """Return the test file's path from the repository root, as pytest names it."""
        return self.test_path.relative_to(ROOT).as_posix()


@dataclass(frozen=True)
class Chapter:
    """One chapter folder, e.g. chapters/ch01_environment."""

    path: Path
    title: str = ""
    exercises: tuple[Exercise, ...] = field(default=(), compare=False)

    @property
    def number(self) -> int:
        return int(self.path.name[2:4])

    @property
    def key(self) -> str:
        """Return the short name learners type: `ch01`."""
        return self.path.name[:4]

    @property
    def package(self) -> str:
        return f"chapters.{self.path.name}"

    @property
    def session(self) -> str:
        return f"chapter{self.number:02d}"

    def exercise(self, key: str) -> Exercise:
        """Return the exercise named `ex3` (or `3`, or `ex3_logging`)."""
        wanted = key if key.startswith("ex") else f"ex{key}"
        for exercise in self.exercises:
            if wanted in (exercise.key, exercise.module):
                return exercise
        names = ", ".join(e.key for e in self.exercises)
        raise LookupError(f"chapter {self.number} has no exercise {key!r}; it has {names}")


def chapters() -> list[Chapter]:
    """Return every chapter that exists, in order."""
    return [load_chapter(path) for path in sorted(CHAPTERS.glob("ch[0-9][0-9]_*")) if path.is_dir()]


def find_chapter(key: str) -> Chapter:
    """Return the chapter named `ch01`, `01`, `1` or `chapter01`."""
    digits = "".join(ch for ch in key if ch.isdigit())
    for chapter in chapters():
        if digits and chapter.number == int(digits):
            return chapter
    available = ", ".join(c.key for c in chapters())
    raise LookupError(f"no chapter {key!r}; the chapters so far are {available}")


def load_chapter(path: Path) -> Chapter:
    """Read a chapter's title and exercises from its folder."""
    readme = path / "README.md"
    title = path.name
    if readme.exists():
        first = readme.read_text(encoding="utf-8").splitlines()[0]
        if match := _CHAPTER_TITLE.match(first):
            title = match[1]
    chapter = Chapter(path=path, title=title)
    described = parse_exercises_md(path / "exercises.md")
    exercises = []
    for stub in sorted((path / "exercises").glob("ex[0-9]*_*.py")):
        number = int(stub.stem[2 : stub.stem.index("_")])
        heading, hints = described.get(number, (stub.stem, ()))
        exercises.append(Exercise(chapter=chapter, module=stub.stem, title=heading, hints=hints))
    object.__setattr__(chapter, "exercises", tuple(exercises))
    return chapter


def parse_exercises_md(path: Path) -> dict[int, tuple[str, tuple[str, ...]]]:
    """Map exercise number to (title, hints) as written in exercises.md."""
    if not path.exists():
        return {}
    found: dict[int, tuple[str, list[str]]] = {}
    current: int | None = None
    in_hints = False
    for line in path.read_text(encoding="utf-8").splitlines():
        if match := _EXERCISE_HEADING.match(line):
            current, in_hints = int(match[1]), False
            found[current] = (match[2], [])
        elif line.startswith("### "):
            in_hints = line.strip().lower() == "### hints"
        elif line.startswith("## "):
            current = None
        elif current is not None and in_hints and line.startswith("- "):
            found[current][1].append(line[2:].strip())
        elif current is not None and in_hints and line.startswith("  ") and found[current][1]:
            found[current][1][-1] += " " + line.strip()
    return {number: (title, tuple(hints)) for number, (title, hints) in found.items()}
