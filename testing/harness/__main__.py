"""Command line of the exercise harness: python -m testing.harness <command> …"""

from __future__ import annotations

import argparse
import sys

from testing.harness import catalog, progress, workspace
from testing.harness.check import check_chapter
from testing.harness.solutions_branch import update_solutions_branch
from testing.harness.verify import verify


def main(argv: list[str] | None = None) -> int:
    """Parse the command line and run one command."""
    parser = argparse.ArgumentParser(prog="python -m testing.harness")
    commands = parser.add_subparsers(dest="command", required=True)

    check = commands.add_parser("check", help="check a chapter's exercises")
    check.add_argument("chapter", help="ch01, 01 or 1")
    check.add_argument("exercise", nargs="?", help="ex3 to check just one exercise")
    check.add_argument("--solutions", action="store_true", help="check the reference instead")
    check.add_argument("--details", action="store_true", help="add pytest's own report")

    commands.add_parser("progress", help="show every chapter's state")
    for name, text in (
        ("reset", "put one exercise back to its stub"),
        ("diff", "compare your exercise with the reference"),
    ):
        sub = commands.add_parser(name, help=text)
        sub.add_argument("chapter")
        sub.add_argument("exercise")
    commands.add_parser("solutions-branch", help="create or update the local solutions branch")
    commands.add_parser("verify", help="prove every exercise's tests (CI)")
    commands.add_parser("list", help="list the chapters and their exercises")

    args = parser.parse_args(argv)
    try:
        return run(args)
    except LookupError as exc:
        print(exc, file=sys.stderr)
        return 2


def run(args: argparse.Namespace) -> int:
    """Dispatch one parsed command."""
    if args.command == "check":
        chapter = catalog.find_chapter(args.chapter)
        return check_chapter(
            chapter, only=args.exercise, solutions=args.solutions, details=args.details
        )
    if args.command == "progress":
        return progress.show()
    if args.command in ("reset", "diff"):
        exercise = catalog.find_chapter(args.chapter).exercise(args.exercise)
        return workspace.reset(exercise) if args.command == "reset" else workspace.diff(exercise)
    if args.command == "solutions-branch":
        return update_solutions_branch()
    if args.command == "verify":
        return verify()
    for chapter in catalog.chapters():
        print(f"{chapter.key}  {chapter.title}   (nox -s {chapter.session})")
        for exercise in chapter.exercises:
            print(f"      {exercise.key}  {exercise.title}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
