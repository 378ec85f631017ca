"""For instructors: a local `solutions` branch whose exercises/ hold the reference code.

Built with git plumbing in a private index, so the working tree, the real index and
the checked-out branch are never touched. Each run adds one commit on top of the
branch (its parents: the previous solutions tip and the current HEAD), so instructors'
own commits on the branch are kept in history.
"""

from __future__ import annotations

import os
import subprocess
import tempfile

from testing.harness.catalog import ROOT, chapters
from testing.harness.console import green

BRANCH = "solutions"


def _git(*args: str, env: dict[str, str] | None = None, input: str | None = None) -> str:
    done = subprocess.run(
        ["git", *args], cwd=ROOT, capture_output=True, text=True, check=True, env=env, input=input
    )
    return done.stdout.strip()


def _identity() -> dict[str, str]:
    """Return an environment in which commit-tree has an author, even on a bare CI box."""
    env = dict(os.environ)
    configured = subprocess.run(
        ["git", "config", "user.email"], cwd=ROOT, capture_output=True, text=True, check=False
    ).stdout.strip()
    if not configured:
        for role in ("AUTHOR", "COMMITTER"):
            env.setdefault(f"GIT_{role}_NAME", "Course tools")
            env.setdefault(f"GIT_{role}_EMAIL", "course-tools@localhost")
    return env


def update_solutions_branch() -> int:
    """Create or update the `solutions` branch from HEAD; return the exit code."""
    if _git("rev-parse", "--abbrev-ref", "HEAD") == BRANCH:
        print(
            f"You are on '{BRANCH}'; switch to main first (git switch main), then run this again."
        )
        return 1
    head = _git("rev-parse", "HEAD")
    previous = subprocess.run(
        ["git", "rev-parse", "--verify", "--quiet", f"refs/heads/{BRANCH}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "GIT_INDEX_FILE": os.path.join(tmp, "index")}
        _git("read-tree", head, env=env)
        replaced = 0
        for chapter in chapters():
            for exercise in chapter.exercises:
                blob = _git("hash-object", "-w", str(exercise.solution_path))
                path = exercise.stub_path.relative_to(ROOT).as_posix()
                _git("update-index", "--add", "--cacheinfo", f"100644,{blob},{path}", env=env)
                replaced += 1
        tree = _git("write-tree", env=env)
    parents = ["-p", previous] if previous and previous != head else []
    parents += ["-p", head]
    message = f"Reference solutions in exercises/ (from {head[:12]})"
    commit = _git("commit-tree", tree, *parents, "-m", message, env=_identity())
    _git("update-ref", f"refs/heads/{BRANCH}", commit)
    verb = "updated" if previous else "created"
    print(green(f"Branch '{BRANCH}' {verb}: {replaced} exercise files hold the reference code."))
    print(f"Try it with: git switch {BRANCH} && nox -s chapter01   (back: git switch -)")
    return 0
