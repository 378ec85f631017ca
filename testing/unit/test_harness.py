"""The learner's commands, run as a learner would, in a throw-away copy of the course."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHAPTER = "chapters/ch01_environment"

pytestmark = pytest.mark.slow


def run(course: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "testing.harness", *args],
        cwd=course,
        capture_output=True,
        text=True,
        check=False,
        env={"PATH": "/usr/bin:/bin", "NO_COLOR": "1", "HOME": str(course)},
    )


def git(course: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=course, capture_output=True, text=True, check=True
    ).stdout.strip()


@pytest.fixture
def course(tmp_path: Path) -> Path:
    """A copy of the course with chapter 1 only, committed on `main` in a new git repo."""
    copy = tmp_path / "course"
    ignore = shutil.ignore_patterns("__pycache__", ".pytest_cache")
    shutil.copytree(ROOT / "testing", copy / "testing", ignore=ignore)
    shutil.copytree(ROOT / CHAPTER, copy / CHAPTER, ignore=ignore)
    for name in ("conftest.py", "pyproject.toml", ".gitignore", "chapters/__init__.py"):
        shutil.copy2(ROOT / name, copy / name)
    git(copy, "init", "-q", "-b", "main")
    git(copy, "-c", "user.email=t@example.com", "-c", "user.name=T", "add", "-A")
    git(copy, "-c", "user.email=t@example.com", "-c", "user.name=T", "commit", "-qm", "course")
    return copy


def solve(course: Path, key: str) -> None:
    """Put the reference solution of exercise `key` where the learner's code goes."""
    for solution in (course / CHAPTER / "solutions").glob(f"{key}_*.py"):
        shutil.copy2(solution, course / CHAPTER / "exercises" / solution.name)


def test_stubs_show_zero_of_five_with_a_reason_and_a_hint(course: Path) -> None:
    done = run(course, "check", "ch01")
    assert done.returncode == 1
    assert "Progress: 0/5 exercises" in done.stdout
    assert "not started yet" in done.stdout
    assert "Hint 1/3: " in done.stdout and "Hint 2/3" not in done.stdout
    assert "Hint 2/3: " in run(course, "check", "ch01").stdout
    assert "✗ ex1  Multi-environment configuration" in done.stdout


def test_all_solved_shows_five_of_five_and_records_progress(course: Path) -> None:
    for key in ("ex1", "ex2", "ex3", "ex4", "ex5"):
        solve(course, key)
    done = run(course, "check", "ch01")
    assert done.returncode == 0, done.stdout
    assert "Progress: 5/5 exercises" in done.stdout
    saved = json.loads((course / ".tutorial" / "progress.json").read_text())
    assert saved["ch01"]["exercises"] == {f"ex{n}": True for n in range(1, 6)}
    overview = run(course, "progress")
    assert "5/5 exercises across 1 chapters" in overview.stdout
    assert "Every exercise of every chapter so far passes" in overview.stdout


def test_one_exercise_can_be_checked_alone(course: Path) -> None:
    solve(course, "ex2")
    done = run(course, "check", "ch01", "ex2")
    assert done.returncode == 0
    assert "ex2" in done.stdout and "ex1" not in done.stdout
    assert "Progress: 1/1 exercise" in done.stdout


def test_a_wrong_answer_says_what_was_expected(course: Path) -> None:
    solve(course, "ex4")
    path = course / CHAPTER / "exercises" / "ex4_versioning.py"
    path.write_text(path.read_text().replace('"Deprecation"] = "true"', '"Deprecation"] = "yes"'))
    done = run(course, "check", "ch01", "ex4")
    assert done.returncode == 1
    assert "expected ('true', 'Wed, 31 Dec 2027 23:59:59 GMT'), but got ('yes'" in done.stdout


def test_solutions_flag_checks_the_reference(course: Path) -> None:
    done = run(course, "check", "ch01", "--solutions")
    assert done.returncode == 0 and "Progress: 5/5" in done.stdout
    assert not (course / ".tutorial" / "progress.json").exists()


def test_reset_restores_the_stub_and_keeps_a_backup(course: Path) -> None:
    solve(course, "ex3")
    done = run(course, "reset", "ch01", "ex3")
    assert done.returncode == 0, done.stderr
    stub = course / CHAPTER / "exercises" / "ex3_logging.py"
    assert (
        stub.read_text() == git(course, "show", f"main:{CHAPTER}/exercises/ex3_logging.py") + "\n"
    )
    (backup,) = (course / ".tutorial" / "backups").glob("ch01_ex3_logging_*.py")
    assert "json.dumps" in backup.read_text()


def test_diff_shows_the_reference_against_mine(course: Path) -> None:
    done = run(course, "diff", "ch01", "ex5")
    assert done.returncode == 0
    assert "+++ reference: chapters/ch01_environment/solutions/ex5_request_id.py" in done.stdout
    assert '-    raise NotImplementedError("Exercise 5' in done.stdout


def test_unknown_names_are_explained(course: Path) -> None:
    done = run(course, "check", "ch09")
    assert done.returncode == 2 and "the chapters so far are ch01" in done.stderr
    done = run(course, "check", "ch01", "ex9")
    assert done.returncode == 2 and "ex1, ex2, ex3, ex4, ex5" in done.stderr


def test_solutions_branch_passes_and_leaves_the_work_tree_alone(
    course: Path, tmp_path: Path
) -> None:
    before = git(course, "status", "--porcelain")
    assert run(course, "solutions-branch").returncode == 0
    assert git(course, "rev-parse", "--abbrev-ref", "HEAD") == "main"
    assert git(course, "status", "--porcelain") == before
    checkout = tmp_path / "solutions-checkout"
    git(course, "worktree", "add", "-q", str(checkout), "solutions")
    done = run(checkout, "check", "ch01")
    assert done.returncode == 0 and "Progress: 5/5" in done.stdout
    # Running it again builds on the branch instead of replacing it.
    first = git(course, "rev-parse", "solutions")
    assert run(course, "solutions-branch").returncode == 0
    assert git(course, "rev-parse", "solutions^1") == first


def test_verify_passes_on_the_course_as_shipped(course: Path) -> None:
    done = run(course, "verify")
    assert done.returncode == 0, done.stdout[-3000:]
    assert "all proofs hold" in done.stdout


def test_verify_fails_when_a_solution_is_broken(course: Path) -> None:
    path = course / CHAPTER / "solutions" / "ex2_health.py"
    path.write_text(
        path.read_text().replace('status, code = "fail", 503', 'status, code = "fail", 500')
    )
    done = run(course, "verify")
    assert done.returncode == 1
    assert "tests fail on the reference solutions" in done.stdout


def test_verify_fails_when_a_stub_passes(course: Path) -> None:
    solve(course, "ex3")
    done = run(course, "verify")
    assert done.returncode == 1
    assert "ch01 ex3: test_core_fields passes on the stub, so it checks nothing" in done.stdout


def test_verify_fails_when_a_stub_signature_drifts(course: Path) -> None:
    path = course / CHAPTER / "exercises" / "ex5_request_id.py"
    path.write_text(
        path.read_text().replace("def init_request_id(app: Flask)", "def init_request_id(app)")
    )
    done = run(course, "verify")
    assert done.returncode == 1
    expected = "init_request_id: stub (app) -> 'None' differs from solution (app: 'Flask')"
    assert expected in done.stdout
