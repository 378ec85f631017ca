"""Own the scratch folder in which every embedded server keeps its data.

Every server started by this process lives in a folder named after this process's
id. A run that was killed with SIGKILL leaves its folder behind; the next run finds
it, stops whatever server still runs from it, and deletes it. That is how "no orphan
processes, no leftover data directories" holds even when clean-up code never ran.
"""

from __future__ import annotations

import os
import shutil
import signal
import tempfile
import time
from pathlib import Path

import psutil

ROOT = Path(tempfile.gettempdir()) / "flask-tutorial-services"


def new_folder(kind: str) -> Path:
    """Create an empty data folder for one server owned by this process."""
    ROOT.mkdir(mode=0o755, exist_ok=True)
    reap_abandoned()
    return Path(tempfile.mkdtemp(prefix=f"{os.getpid()}-{kind}-", dir=ROOT))


def reap_abandoned() -> None:
    """Stop servers and delete folders left by runs whose process is gone."""
    for folder in ROOT.glob("*-*-*"):
        owner = int(folder.name.split("-", 1)[0]) if folder.name[0].isdigit() else 0
        if owner and psutil.pid_exists(owner):
            continue
        kill_servers_using(folder)
        shutil.rmtree(folder, ignore_errors=True)


def server_pids(folder: Path) -> set[int]:
    """Return the ids of live processes that serve from `folder`.

    Found two ways, because servers rename their own process title: the pid files
    they write (redis.pid, PostgreSQL's postmaster.pid), and command lines that
    still name the folder.
    """
    pids = set()
    for pidfile in folder.rglob("*.pid"):
        first = pidfile.read_text(errors="replace").split("\n", 1)[0].strip()
        if first.isdigit() and psutil.pid_exists(int(first)):
            pids.add(int(first))
    needle = str(folder)
    for proc in psutil.process_iter(["cmdline"]):
        if any(needle in part for part in proc.info["cmdline"] or []):
            pids.add(proc.pid)
    pids.discard(os.getpid())
    return {pid for pid in pids if _alive(pid)}


def _alive(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.Error:
        return False


def kill_servers_using(folder: Path, timeout: float = 10.0) -> None:
    """Kill every process that serves from `folder`, and wait until they are gone."""
    killed = []
    for pid in server_pids(folder):
        try:
            process = psutil.Process(pid)
            process.send_signal(signal.SIGKILL)
            killed.append(process)
        except psutil.Error:
            pass
    # A signal is delivered asynchronously: without the wait, a caller that deletes
    # the folder or checks for survivors right away could still see them running.
    deadline = time.monotonic() + timeout
    while any(_alive(p.pid) for p in killed) and time.monotonic() < deadline:
        time.sleep(0.05)
