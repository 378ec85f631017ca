"""`nox -s verify` (CI): prove every exercise's tests mean something.

For every chapter: its whole test suite passes on the reference solutions; every
exercise test FAILS on the untouched stub (a test that passes on a stub checks
nothing); and stub and solution expose the same public names and signatures.
"""

from __future__ import annotations

import importlib
import inspect
import re
import subprocess
import sys
from types import ModuleType

from testing.harness.catalog import ROOT, Chapter, chapters
from testing.harness.console import bold, green, red
from testing.harness.results import run_tests

ANATOMY = (
    "README.md",
    "tutorial.md",
    "exercises.md",
    "api_demo",
    "exercises",
    "solutions",
    "tests",
)
EXERCISES_PER_CHAPTER = 5


def verify() -> int:
    """Run every proof for every chapter; print problems; return the exit code."""
    found = chapters()
    problems: list[str] = []
    for chapter in found:
        problems += anatomy_problems(chapter)
        for exercise in chapter.exercises:
            problems += interface_problems(
                f"{chapter.package}.exercises.{exercise.module}",
                f"{chapter.package}.solutions.{exercise.module}",
            )

    print(bold("1/2 every chapter's tests on the reference solutions"))
    suite = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            *(str(c.path) for c in found),
            "--solutions",
            "-q",
            "-p",
            "no:cacheprovider",
            "--tb=short",
        ],
        cwd=ROOT,
        check=False,
    )
    if suite.returncode != 0:
        problems.append("tests fail on the reference solutions (see the pytest report above)")

    print(bold("2/2 every exercise test must fail on its stub"))
    exercises = [e for c in found for e in c.exercises]
    results, errors = run_tests(exercises, solutions=False)
    problems += [f"collection error on the stubs: {error}" for error in errors]
    for exercise in exercises:
        tests = results[exercise.test_key]
        where = f"{exercise.chapter.key} {exercise.key}"
        if not tests:
            problems.append(f"{where}: no tests ran for {exercise.test_path.relative_to(ROOT)}")
        for test in tests:
            if test.passed:
                problems.append(f"{where}: {test.name} passes on the stub, so it checks nothing")
        print(
            f"  {exercise.chapter.key} {exercise.key}: {len(tests)} tests, "
            f"{sum(not t.passed for t in tests)} fail on the stub"
        )

    print()
    if problems:
        print(red(f"verify found {len(problems)} problem(s):"))
        for problem in problems:
            print(f"  - {problem}")
        return 1
    print(green(f"verify: {len(found)} chapters, {len(exercises)} exercises — all proofs hold."))
    return 0


def anatomy_problems(chapter: Chapter) -> list[str]:
    """List what the chapter folder lacks of DESIGN.md's anatomy."""
    problems = [
        f"{chapter.key}: missing {part}" for part in ANATOMY if not (chapter.path / part).exists()
    ]
    if len(chapter.exercises) != EXERCISES_PER_CHAPTER:
        problems.append(
            f"{chapter.key}: has {len(chapter.exercises)} exercises, not {EXERCISES_PER_CHAPTER}"
        )
    for exercise in chapter.exercises:
        if not exercise.solution_path.exists():
            problems.append(f"{chapter.key} {exercise.key}: no solutions/{exercise.module}.py")
        if not exercise.test_path.exists():
            problems.append(f"{chapter.key} {exercise.key}: no tests/test_{exercise.module}.py")
        if not exercise.hints:
            problems.append(f"{chapter.key} {exercise.key}: exercises.md gives no hints for it")
    return problems


def interface_problems(stub_name: str, solution_name: str) -> list[str]:
    """Compare the public names and signatures of a stub and its solution."""
    try:
        stub, solution = importlib.import_module(stub_name), importlib.import_module(solution_name)
    except Exception as exc:  # noqa: BLE001 - any import failure is the finding itself
        return [f"{stub_name}: cannot import ({type(exc).__name__}: {exc})"]
    stub_api, solution_api = public_api(stub), public_api(solution)
    problems = []
    for name in sorted(solution_api.keys() - stub_api.keys()):
        problems.append(f"{stub_name}: the stub lacks {name}")
    for name in sorted(stub_api.keys() - solution_api.keys()):
        if name.endswith(".__init__") and _refuses_to_run(stub, name):
            continue  # a guard that keeps an empty stub class from passing tests by accident
        problems.append(f"{stub_name}: the stub has {name}, which the solution does not")
    for name in sorted(stub_api.keys() & solution_api.keys()):
        if stub_api[name] != solution_api[name]:
            problems.append(
                f"{stub_name}.{name}: stub {stub_api[name]} "
                f"differs from solution {solution_api[name]}"
            )
    return problems


def _refuses_to_run(module: ModuleType, dotted: str) -> bool:
    """Say whether `Class.method` in `module` only raises NotImplementedError."""
    class_name, method = dotted.split(".")
    source = inspect.getsource(getattr(getattr(module, class_name), method))
    return "raise NotImplementedError" in source


def _signature(function: object) -> str:
    # Default values print with their memory address (`<function <lambda> at 0x…>`).
    return re.sub(r" at 0x[0-9a-f]+", "", str(inspect.signature(function)))


def public_api(module: ModuleType) -> dict[str, str]:
    """Map each public function, class and method defined in `module` to its signature."""
    api: dict[str, str] = {}
    for name, value in vars(module).items():
        if name.startswith("_") or getattr(value, "__module__", module.__name__) != module.__name__:
            continue
        if inspect.isfunction(value):
            api[name] = _signature(value)
        elif inspect.isclass(value):
            api[name] = "class"
            for attr, member in vars(value).items():
                if inspect.isfunction(member) and (not attr.startswith("_") or attr == "__init__"):
                    api[f"{name}.{attr}"] = _signature(member)
    return api
