"""`nox -s chapterNN`: check a chapter's exercises and say what to do next."""

from __future__ import annotations

import subprocess
import sys

from testing.harness import progress
from testing.harness.catalog import ROOT, Chapter
from testing.harness.console import bold, dim, green, red, yellow
from testing.harness.results import TestResult, run_tests


def check_chapter(chapter: Chapter, *, only: str | None, solutions: bool, details: bool) -> int:
    """Run the chapter's exercise tests, print ✓/✗ per exercise, return the exit code."""
    exercises = [chapter.exercise(only)] if only else list(chapter.exercises)
    source = "solutions" if solutions else "exercises"
    print(bold(f"Chapter {chapter.number} · {chapter.title}"))
    print(
        dim(
            f"checking {'the reference solutions' if solutions else 'your code'} in "
            f"{(chapter.path / source).relative_to(ROOT).as_posix()}/"
        )
    )
    print()

    results, collection_errors = run_tests(exercises, solutions=solutions)
    if collection_errors:
        print(red("The tests could not even be collected:"))
        for error in collection_errors:
            print("  " + error.replace("\n", "\n  "))
        return 2

    passed_keys = []
    width = max(len(e.title) for e in exercises)
    for exercise in exercises:
        tests = results[exercise.test_key]
        ok = bool(tests) and all(t.passed for t in tests)
        count = f"{sum(t.passed for t in tests)}/{len(tests)} tests"
        mark = green("✓") if ok else red("✗")
        print(f"  {mark} {exercise.key}  {exercise.title.ljust(width)}  {dim(count)}")
        if ok:
            passed_keys.append(exercise.key)

    total = len(exercises)
    print()
    print(
        bold(f"Progress: {len(passed_keys)}/{total}") + (" exercises" if total > 1 else " exercise")
    )
    if not solutions:
        progress.record(chapter, {e.key: e.key in passed_keys for e in exercises})

    failing = [e for e in exercises if e.key not in passed_keys]
    if not failing:
        if not solutions and not only:
            print(green(f"Chapter {chapter.number} is done. ") + next_step(chapter))
        return 0

    first = failing[0]
    print()
    print(
        yellow(f"Next: {first.key} — {first.title}")
        + dim(f"   ({first.stub_path.relative_to(ROOT).as_posix()})")
    )
    _explain_first_failure(results[first.test_key])
    if first.hints:
        # One more hint each time the same exercise is checked and still fails.
        shown = first.hints if solutions else first.hints[: progress.hint_level(first)]
        print()
        for number, hint in enumerate(shown, start=1):
            label = f"Hint {number}/{len(first.hints)}: "
            print("  " + bold(label) + hint)
        if len(shown) < len(first.hints):
            print(dim("  (run the check again for another hint)"))
    print()
    print(
        dim(
            f"  Check just this one: nox -s {chapter.session} -- {first.key}"
            f"   ·   full pytest report: nox -s {chapter.session} -- {first.key} --details"
        )
    )
    if details:
        print()
        _pytest_report(first.test_path, solutions=solutions)
    return 1


def _explain_first_failure(tests: list[TestResult]) -> None:
    failed = [t for t in tests if not t.passed]
    if not tests:
        print("  " + red("This exercise has no tests yet."))
        return
    test = failed[0]
    print(f"  {red('✗')} {test.doc or test.name}")
    print(f"    {test.reason}")
    if len(failed) > 1:
        print(dim(f"    …and {len(failed) - 1} more of its {len(tests)} tests fail."))


def _pytest_report(test_path, *, solutions: bool) -> None:
    args = [
        sys.executable,
        "-m",
        "pytest",
        str(test_path),
        "-q",
        "--tb=short",
        "-p",
        "no:cacheprovider",
    ]
    if solutions:
        args.append("--solutions")
    subprocess.run(args, cwd=ROOT, check=False)


def next_step(chapter: Chapter) -> str:
    """Point at the next chapter, or at the progress overview."""
    return "See where you stand overall: nox -s progress"
