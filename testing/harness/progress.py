"""Remember which exercises pass, across runs, in .tutorial/progress.json (gitignored)."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from testing.harness.catalog import ROOT, Chapter, chapters
from testing.harness.console import bold, dim, green

STATE = ROOT / ".tutorial" / "progress.json"
PLANNED_CHAPTERS = 23


def load() -> dict[str, dict[str, object]]:
    """Return the saved state: {"ch01": {"exercises": {"ex1": true, …}, "checked_at": …}}."""
    if not STATE.exists():
        return {}
    try:
        return json.loads(STATE.read_text(encoding="utf-8"))
    except ValueError:
        # A hand-edited or half-written file must not stop anyone from working.
        return {}


def record(chapter: Chapter, outcomes: dict[str, bool]) -> None:
    """Merge the outcomes of one check into the saved state."""
    state = load()
    entry = state.setdefault(chapter.key, {"exercises": {}})
    entry["exercises"].update(outcomes)  # type: ignore[union-attr]
    entry["checked_at"] = datetime.now(UTC).isoformat(timespec="seconds")
    _save(state)


def _save(state: dict[str, dict[str, object]]) -> None:
    STATE.parent.mkdir(exist_ok=True)
    tmp = STATE.with_suffix(".tmp")
    tmp.write_text(json.dumps(state, indent=2, sort_keys=True), encoding="utf-8")
    tmp.replace(STATE)  # atomic: an interrupted write never leaves half a file


def hint_level(exercise) -> int:
    """Return how many hints to show for `exercise` now, and remember one more for next time."""
    state = load()
    entry = state.setdefault(exercise.chapter.key, {"exercises": {}})
    levels = entry.setdefault("hints", {})
    levels[exercise.key] = min(levels.get(exercise.key, 0) + 1, len(exercise.hints))
    _save(state)
    return levels[exercise.key]


def show() -> int:
    """Print every chapter's state; say so when everything is done."""
    state = load()
    existing = chapters()
    done_total = exercise_total = 0
    print(bold("Your progress") + dim(f"   (saved in {STATE.relative_to(ROOT).as_posix()})"))
    print()
    for chapter in existing:
        saved = state.get(chapter.key, {}).get("exercises", {})
        passed = sum(bool(saved.get(e.key)) for e in chapter.exercises)
        total = len(chapter.exercises)
        done_total += passed
        exercise_total += total
        bar = "█" * passed + "░" * (total - passed)
        status = (
            green("done")
            if passed == total
            else (dim("not checked yet") if not saved else f"next: nox -s {chapter.session}")
        )
        print(f"  {chapter.key}  {chapter.title[:46].ljust(46)}  {bar} {passed}/{total}  {status}")
    print()
    print(bold(f"{done_total}/{exercise_total} exercises across {len(existing)} chapters"))
    remaining = PLANNED_CHAPTERS - len(existing)
    if exercise_total and done_total == exercise_total:
        print(green("Every exercise of every chapter so far passes — well done."))
        if remaining:
            print(dim(f"{remaining} more chapters are planned; pull to get them when they land."))
    return 0
