"""`reset` puts one exercise back to its stub; `diff` compares yours with the reference."""

from __future__ import annotations

import difflib
import shutil
import subprocess
from datetime import UTC, datetime

from testing.harness.catalog import ROOT, Exercise
from testing.harness.console import dim, green, red

BACKUPS = ROOT / ".tutorial" / "backups"
# Where pristine stubs live: the course's main line. A learner who committed work on
# their own main still gets the stub from the remote's main first.
STUB_REFS = ("origin/main", "main")


def pristine_stub(exercise: Exercise) -> tuple[str, str]:
    """Return (ref, text) of the exercise's stub as the course ships it."""
    path = exercise.stub_path.relative_to(ROOT).as_posix()
    for ref in STUB_REFS:
        shown = subprocess.run(
            ["git", "show", f"{ref}:{path}"], cwd=ROOT, capture_output=True, text=True, check=False
        )
        if shown.returncode == 0 and "NotImplementedError" in shown.stdout:
            return ref, shown.stdout
    raise LookupError(
        f"no stub of {path} found on {' or '.join(STUB_REFS)}; is this a git clone of the course?"
    )


def reset(exercise: Exercise) -> int:
    """Back up the learner's file, then restore the stub."""
    ref, stub = pristine_stub(exercise)
    current = exercise.stub_path.read_text(encoding="utf-8") if exercise.stub_path.exists() else ""
    if current == stub:
        print(f"{exercise.key} is already the untouched stub; nothing to do.")
        return 0
    BACKUPS.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    backup = BACKUPS / f"{exercise.chapter.key}_{exercise.module}_{stamp}.py"
    shutil.copy2(exercise.stub_path, backup)
    exercise.stub_path.write_text(stub, encoding="utf-8")
    print(green(f"{exercise.key} is back to its stub (from {ref})."))
    print(dim(f"Your previous version is kept in {backup.relative_to(ROOT).as_posix()}"))
    return 0


def diff(exercise: Exercise) -> int:
    """Print a unified diff from the learner's file to the reference solution."""
    mine = exercise.stub_path.read_text(encoding="utf-8").splitlines(keepends=True)
    reference = exercise.solution_path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines = list(
        difflib.unified_diff(
            mine,
            reference,
            fromfile=f"yours: {exercise.stub_path.relative_to(ROOT).as_posix()}",
            tofile=f"reference: {exercise.solution_path.relative_to(ROOT).as_posix()}",
        )
    )
    if not lines:
        print(green(f"{exercise.key}: your code is identical to the reference."))
        return 0
    for line in lines:
        text = line.rstrip("\n")
        if line.startswith("+") and not line.startswith("+++"):
            print(green(text))
        elif line.startswith("-") and not line.startswith("---"):
            print(red(text))
        else:
            print(text)
    return 0
