"""Run exercise tests in-process and turn pytest's reports into plain-words results."""

from __future__ import annotations

import contextlib
import io
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import pytest

from testing.harness.catalog import ROOT, Exercise


@dataclass
class TestResult:
    """The outcome of one test: passed or not, and why not."""

    name: str
    doc: str
    passed: bool
    reason: str = ""


class _Collector:
    """A pytest plugin that keeps one TestResult per test, grouped by test file."""

    def __init__(self) -> None:
        self.docs: dict[str, str] = {}
        self.results: dict[str, dict[str, TestResult]] = defaultdict(dict)
        self.collection_errors: list[str] = []

    def pytest_collection_modifyitems(self, items: list[pytest.Item]) -> None:
        for item in items:
            doc = (getattr(item, "obj", None).__doc__ or "").strip().splitlines()
            self.docs[item.nodeid] = doc[0] if doc else ""

    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        if report.failed:
            self.collection_errors.append(f"{report.nodeid}: {report.longreprtext.strip()}")

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        file = report.nodeid.split("::", 1)[0]
        name = report.nodeid.split("::", 1)[1]
        known = self.results[file].get(name)
        if report.failed:
            if known is None or known.passed:
                self.results[file][name] = TestResult(
                    name=name,
                    doc=self.docs.get(report.nodeid, ""),
                    passed=False,
                    reason=explain(report),
                )
        elif report.when == "call" and known is None:
            self.results[file][name] = TestResult(
                name=name,
                doc=self.docs.get(report.nodeid, ""),
                passed=report.passed,
                reason="skipped" if report.skipped else "",
            )


def run_tests(
    exercises: list[Exercise], *, solutions: bool
) -> tuple[dict[str, list[TestResult]], list[str]]:
    """Run the tests of `exercises`; map each test file (`chapters/…/test_ex1_x.py`) to results."""
    collector = _Collector()
    args = [str(e.test_path) for e in exercises] + [
        "-p",
        "no:cacheprovider",
        "--rootdir",
        str(ROOT),
        "-vv",  # full assertion values: the reason shown to the learner is not truncated
    ]
    if solutions:
        args.append("--solutions")
    # Anything the code under test prints would land in the middle of the report.
    with contextlib.redirect_stdout(io.StringIO()):
        pytest.main(args, plugins=[collector])
    by_exercise = {}
    for exercise in exercises:
        file = exercise.test_path.relative_to(ROOT).as_posix()
        by_exercise[file] = list(collector.results.get(file, {}).values())
    return by_exercise, collector.collection_errors


_ASSERT_EQ = re.compile(r"^assert (.+?) == (.+)$")


def explain(report: pytest.TestReport) -> str:
    """Say in plain words why a test did not pass."""
    crash = getattr(report.longrepr, "reprcrash", None)
    message = crash.message if crash is not None else str(report.longrepr)
    first, _, rest = message.partition("\n")
    where = ""
    if crash is not None and "/exercises/" in crash.path:
        where = f" (at {Path(crash.path).relative_to(ROOT).as_posix()}:{crash.lineno})"
    if first.startswith("NotImplementedError"):
        detail = first.partition(":")[2].strip()
        return f"not started yet — {detail or 'the function still raises NotImplementedError'}"
    if first.startswith("Failed: DID NOT RAISE"):
        expected = first.removeprefix("Failed: DID NOT RAISE").strip()
        return f"expected {expected} to be raised, but nothing was"
    if first.startswith("AssertionError"):
        first = first.removeprefix("AssertionError").lstrip(": ")
        if match := _ASSERT_EQ.match(first):
            return f"expected {match[2]}, but got {match[1]}"
        return first or "an assertion failed"
    if first.startswith("assert "):
        if match := _ASSERT_EQ.match(first):
            return f"expected {match[2]}, but got {match[1]}"
        return f"this did not hold: {first.removeprefix('assert ')}"
    if first.startswith("Failed: "):
        return first.removeprefix("Failed: ")
    if report.when == "setup" and "fixture" in message and "not found" in message:
        return "a fixture is missing: " + first
    return f"your code raised {first}{where}"
