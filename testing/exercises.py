"""Hand each exercise test the implementation under test.

Exercise tests never import `exercises` or `solutions` themselves. A test file
named `test_ex3_logging.py` in `chapters/chNN_topic/tests/` asks for the `exercise`
fixture and receives the module `chapters.chNN_topic.exercises.ex3_logging` — the
learner's code — or, with `--solutions`, `chapters.chNN_topic.solutions.ex3_logging`.
That one switch is what lets the same tests grade a learner, check the reference,
and prove (in `nox -s verify`) that they fail on the untouched stub.
"""

from __future__ import annotations

import importlib
import re
from types import ModuleType

import pytest

__all__ = ["exercise", "exercise_source", "pytest_addoption"]

_TEST_MODULE = re.compile(r"^(?P<chapter>chapters\.ch\d\d_\w+)\.tests\.test_(?P<name>ex\d_\w+)$")


def pytest_addoption(parser: pytest.Parser) -> None:
    """Add `--solutions`, which points exercise tests at the reference code."""
    group = parser.getgroup("exercises")
    group.addoption(
        "--solutions",
        action="store_true",
        default=False,
        help="check the reference solutions instead of the code in exercises/",
    )


@pytest.fixture(scope="session")
def exercise_source(pytestconfig: pytest.Config) -> str:
    """Name the folder the exercise under test comes from: `exercises` or `solutions`."""
    return "solutions" if pytestconfig.getoption("solutions") else "exercises"


@pytest.fixture
def exercise(request: pytest.FixtureRequest, exercise_source: str) -> ModuleType:
    """Import the exercise module this test file checks."""
    match = _TEST_MODULE.match(request.module.__name__)
    if match is None:
        raise pytest.UsageError(
            f"{request.module.__name__} asks for `exercise`, but only files named "
            "chapters/chNN_topic/tests/test_exN_topic.py can."
        )
    return importlib.import_module(f"{match['chapter']}.{exercise_source}.{match['name']}")
