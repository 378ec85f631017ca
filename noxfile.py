"""The course's commands. Every session runs in one shared virtualenv, .venv/.

First use creates .venv and installs requirements.txt pinned by constraints.txt;
after that a session only checks that the requirements have not changed, so
`nox -s chapter01` takes seconds. `nox -l` lists everything.
"""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path

import nox

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = str(BIN / "python")
STAMP = VENV / ".course-requirements.sha256"
REQUIREMENT_FILES = ("requirements.txt", "constraints.txt")

nox.options.sessions = ["tests"]
nox.options.default_venv_backend = "none"


def course_env(session: nox.Session) -> str:
    """Create or update .venv when the requirements changed; return its python."""
    digest = hashlib.sha256(b"".join((ROOT / f).read_bytes() for f in REQUIREMENT_FILES))
    if STAMP.exists() and STAMP.read_text() == digest.hexdigest():
        return PYTHON
    if not Path(PYTHON).exists():
        session.log("Creating the course's virtualenv in .venv (first run only) …")
        session.run(sys.executable, "-m", "venv", str(VENV), external=True)
    session.log("Installing the course's dependencies (a few minutes the first time) …")
    session.run(PYTHON, "-m", "pip", "install", "--quiet", "--upgrade", "pip", external=True)
    session.run(
        PYTHON,
        "-m",
        "pip",
        "install",
        "--progress-bar",
        "on",
        "-r",
        "requirements.txt",
        "-c",
        "constraints.txt",
        external=True,
    )
    STAMP.write_text(digest.hexdigest())
    return PYTHON


def harness(session: nox.Session, *args: str) -> None:
    """Run one command of the exercise harness inside .venv."""
    session.run(course_env(session), "-m", "testing.harness", *args, external=True)


def _chapter_session(number: int):
    def check(session: nox.Session) -> None:
        harness(session, "check", f"ch{number:02d}", *session.posargs)

    check.__doc__ = (
        f"Check chapter {number}'s exercises (-- ex3: one of them; -- --solutions: the reference)"
    )
    return check


for _folder in sorted((ROOT / "chapters").glob("ch[0-9][0-9]_*")):
    _number = int(_folder.name[2:4])
    nox.session(name=f"chapter{_number:02d}")(_chapter_session(_number))


@nox.session
def demo(session: nox.Session) -> None:
    """Run one chapter's demo on http://127.0.0.1:5000 (nox -s demo -- ch01)."""
    if not session.posargs:
        session.error("Name the chapter: nox -s demo -- ch01")
    key = session.posargs[0].lower()
    digits = "".join(ch for ch in key if ch.isdigit())
    matches = sorted((ROOT / "chapters").glob(f"ch{int(digits or -1):02d}_*")) if digits else []
    if not matches:
        session.error(f"No chapter {key!r}. Try: nox -s list")
    python = course_env(session)
    session.run(python, "-m", f"chapters.{matches[0].name}.api_demo", external=True)


@nox.session
def stack(session: nox.Session) -> None:
    """Run capstone services together on embedded servers (-- auth_service task_api)."""
    if not session.posargs:
        session.error("Name the services: nox -s stack -- auth_service task_api")
    session.run(
        course_env(session), "-m", "testing.services.stack", *session.posargs, external=True
    )


@nox.session
def tests(session: nox.Session) -> None:
    """Run the whole test suite (exercise tests check the reference solutions)."""
    session.run(course_env(session), "-m", "pytest", "--solutions", *session.posargs, external=True)


@nox.session
def bench(session: nox.Session) -> None:
    """Benchmark task_api beside bare Flask under gunicorn + wrk (needs: apt-get install wrk)."""
    session.run(
        course_env(session), "-m", "testing.load.bench_task_api", *session.posargs, external=True
    )


@nox.session
def progress(session: nox.Session) -> None:
    """Show every chapter's progress, remembered between runs."""
    harness(session, "progress")


@nox.session
def reset(session: nox.Session) -> None:
    """Put one exercise back to its stub, keeping a backup (nox -s reset -- ch01 ex3)."""
    harness(session, "reset", *session.posargs)


@nox.session
def diff(session: nox.Session) -> None:
    """Show your exercise against the reference (nox -s diff -- ch01 ex3)."""
    harness(session, "diff", *session.posargs)


@nox.session(name="list")
def list_chapters(session: nox.Session) -> None:
    """List the chapters and their exercises."""
    harness(session, "list")


@nox.session(name="solutions_branch")
def solutions_branch(session: nox.Session) -> None:
    """(Instructors) create or update a local `solutions` branch with the reference code."""
    harness(session, "solutions-branch")


@nox.session
def verify(session: nox.Session) -> None:
    """(CI) Prove every exercise: tests pass on solutions and fail on stubs."""
    harness(session, "verify")


@nox.session
def lint(session: nox.Session) -> None:
    """Run ruff and the import-linter contracts."""
    python = course_env(session)
    session.run(python, "-m", "ruff", "check", ".", external=True)
    session.run(python, "-m", "ruff", "format", "--check", ".", external=True)
    session.run(str(BIN / "lint-imports"), external=True)


@nox.session
def docs(session: nox.Session) -> None:
    """Build the site strictly into site/."""
    session.run(
        course_env(session),
        "-m",
        "mkdocs",
        "build",
        "--strict",
        env={"NO_MKDOCS_2_WARNING": "1"},
        external=True,
    )


@nox.session(name="docs_serve")
def docs_serve(session: nox.Session) -> None:
    """Serve the site on http://127.0.0.1:8000 while you edit it."""
    session.run(course_env(session), "-m", "mkdocs", "serve", *session.posargs, external=True)
