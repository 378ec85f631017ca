"""Every API ships a Locust file that runs against it without a single failed request."""

from __future__ import annotations

import subprocess
import sys

import pytest

pytestmark = pytest.mark.slow


def test_locustfile_runs_clean(api, live_url, tmp_path) -> None:
    # A short headless run: this proves the file works, it is not a benchmark
    # (testing/load/ holds those, with recorded results).
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "locust",
            "-f",
            str(api.locustfile),
            "--headless",
            "--users",
            "4",
            "--spawn-rate",
            "4",
            "--run-time",
            "3s",
            "--host",
            live_url,
            "--only-summary",
            "--csv",
            str(tmp_path / "run"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=tmp_path,
    )
    stats = (tmp_path / "run_stats.csv").read_text(encoding="utf-8")
    aggregated = stats.strip().splitlines()[-1].split(",")
    requests, failures = int(aggregated[2]), int(aggregated[3])
    assert requests > 0, done.stderr
    assert (failures, done.returncode) == (0, 0), done.stderr
