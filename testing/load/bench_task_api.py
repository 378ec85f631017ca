"""Benchmark: task_api's authenticated GET /api/tasks beside a bare Flask app, in one run.

    python -m testing.load.bench_task_api [--seconds 20]      (or: nox -s bench)

Starts an embedded PostgreSQL and Redis, runs task_api under gunicorn in production
settings, creates a user's tasks through the API, warms the cache, then loads
`GET /api/tasks?page=1&per_page=20` with a real bearer token using wrk. The same run
measures a hello-world Flask app under the same gunicorn settings, in alternating
rounds, so the ratio (the median of the rounds') says what the service's work costs on
this machine. Results go to
testing/load/results/task_api.json and .md; task_api's README quotes them.
Targets: >= 1,000 requests/s, and >= 40% of the bare Flask figure.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import tempfile
import urllib.request
from datetime import UTC, datetime, timedelta
from pathlib import Path

from testing.load.runner import ROOT, Measurement, as_dicts, gunicorn, machine, wrk
from testing.services import postgres
from testing.services.postgres import PostgresServer
from testing.services.redis import RedisServer

RESULTS = ROOT / "testing" / "load" / "results"
PATH = "/api/tasks?page=1&per_page=20"
TARGET_RPS, TARGET_RATIO = 1000.0, 0.40
BARE = "bare Flask hello-world"
SERVICE = "task_api GET /api/tasks (20 per page, warm cache)"


def request(base: str, path: str, *, token: str, body: dict | None = None) -> dict:
    """Send one JSON request to the service and return the decoded answer."""
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(
        base + path,
        data=data,
        method="POST" if data else "GET",
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(req, timeout=10) as response:
        return json.loads(response.read() or b"{}")


def task_api_env(database_url: str, redis_url: str, jwks: dict, tmp: Path) -> dict[str, str]:
    """Production settings for the service under test."""
    return {
        "APP_ENV": "production",
        "SECRET_KEY": "benchmark-only-" + "x" * 40,
        "DATABASE_URL": postgres.sqlalchemy_url(database_url),
        "REDIS_URL": redis_url,
        "JWT_JWKS": json.dumps(jwks),
        "AUTO_MIGRATE": "true",
        "UPLOAD_DIR": str(tmp / "uploads"),
        # One JSON line per request costs as much as the request itself at these
        # rates; production ships access logs from the proxy, so the app logs warnings.
        "LOG_LEVEL": "WARNING",
        # One client sends thousands of requests a second: lift its limit so they are
        # counted (core still makes that INCR on every request) but never refused.
        "RATE_LIMIT_DEFAULT": "1000000/minute",
    }


def main(argv: list[str] | None = None) -> int:
    """Run both measurements, alternating, and write the results files."""
    parser = argparse.ArgumentParser(prog="python -m testing.load.bench_task_api")
    parser.add_argument("--seconds", type=int, default=20, help="per measurement")
    parser.add_argument("--rounds", type=int, default=3, help="bare Flask, then task_api, N times")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)

    from projects.core import TokenIssuer, generate_key_pair

    keys = generate_key_pair()
    issuer = TokenIssuer(
        private_key=keys.private_pem, issuer="auth-service", audience="capstone-api"
    )
    # An hour-long token: the default 15 minutes could end inside a long run.
    issuer.ttl["access"] = timedelta(hours=1)
    token = issuer.issue("bench-user", roles=["user"])
    headers = {"Authorization": f"Bearer {token}"}
    database, cache = PostgresServer(), RedisServer()
    rounds: list[tuple[Measurement, Measurement]] = []
    tmp = Path(tempfile.mkdtemp(prefix="bench-task-api-"))
    try:
        print("Starting embedded PostgreSQL and Redis …", flush=True)
        admin_url = database.start()
        redis_url = cache.start()
        env = task_api_env(postgres.create_database(admin_url), redis_url, issuer.jwks(), tmp)
        with (
            gunicorn("testing.load.hello_app:app", workers=args.workers, threads=1) as bare,
            gunicorn(
                "projects.task_api.api:create_app()", workers=args.workers, threads=1, env=env
            ) as service,
        ):
            print("Creating 100 tasks and warming the cache …", flush=True)
            for number in range(100):
                task = {"title": f"Benchmark task {number}"}
                request(service, "/api/tasks", token=token, body=task)
            request(service, PATH, token=token)
            load = {"seconds": args.seconds, "connections": args.connections}
            wrk("warm-up", bare, "/hello", **{**load, "seconds": 2})
            wrk("warm-up", service, PATH, **{**load, "seconds": 2}, headers=headers)
            # Alternating rounds: a slow spell of the machine (another tenant, a timer)
            # then lowers both figures of a round instead of only one side of the ratio.
            for number in range(1, args.rounds + 1):
                print(f"Round {number}/{args.rounds}: bare Flask, then task_api, "
                      f"{args.seconds}s each …", flush=True)  # fmt: skip
                rounds.append(
                    (
                        wrk(BARE, bare, "/hello", **load),
                        wrk(SERVICE, service, PATH, **load, headers=headers),
                    )
                )
    finally:
        cache.close()
        database.close()
        shutil.rmtree(tmp, ignore_errors=True)
    write_results(rounds, args)
    return 0


def median_of(name: str, runs: list[Measurement]) -> Measurement:
    """One row for the table: the median of each figure over the rounds."""
    return Measurement(
        name=name,
        url_path=runs[0].url_path,
        requests_per_second=statistics.median(m.requests_per_second for m in runs),
        p50_ms=statistics.median(m.p50_ms for m in runs),
        p99_ms=statistics.median(m.p99_ms for m in runs),
        requests=sum(m.requests for m in runs),
        errors=sum(m.errors for m in runs),
    )


def write_results(rounds: list[tuple[Measurement, Measurement]], args) -> None:
    """Write the JSON and Markdown results and print the summary."""
    ratios = [service.requests_per_second / bare.requests_per_second for bare, service in rounds]
    ratio = statistics.median(ratios)
    bare = median_of(BARE, [b for b, _ in rounds])
    service = median_of(SERVICE, [s for _, s in rounds])
    verdict = {
        "requests_per_second_target": TARGET_RPS,
        "ratio_target": TARGET_RATIO,
        "ratio": round(ratio, 3),
        "ratio_per_round": [round(r, 3) for r in ratios],
        "meets_targets": service.requests_per_second >= TARGET_RPS and ratio >= TARGET_RATIO,
    }
    report = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "settings": {
            "seconds": args.seconds,
            "rounds": args.rounds,
            "connections": args.connections,
            "gunicorn_workers": args.workers,
            "gunicorn_threads": 1,
            "load": "wrk -t2",
        },
        "results": as_dicts([bare, service]),
        "rounds": [as_dicts(list(pair)) for pair in rounds],
        "verdict": verdict,
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "task_api.json").write_text(json.dumps(report, indent=2) + "\n")
    rows = "\n".join(
        f"| {m.name} | {m.requests_per_second:,.0f} | {m.p50_ms:.1f} | {m.p99_ms:.1f} "
        f"| {m.errors} |"
        for m in (bare, service)
    )
    per_round = ", ".join(
        f"{b.requests_per_second:,.0f} / {s.requests_per_second:,.0f} ({r:.0%})"
        for (b, s), r in zip(rounds, ratios, strict=True)
    )
    (RESULTS / "task_api.md").write_text(
        f"Measured {report['when']} on {machine()['cpus']} CPUs (Python {machine()['python']}), "
        f"gunicorn {args.workers} workers, wrk 2 threads / {args.connections} connections, "
        f"{args.rounds} alternating rounds of {args.seconds}s each; medians.\n\n"
        "| Endpoint | Requests/s | p50 ms | p99 ms | Errors |\n|---|---:|---:|---:|---:|\n"
        f"{rows}\n\nRounds (bare Flask / task_api requests/s): {per_round}.\n\n"
        f"task_api reaches {ratio:.0%} of bare Flask "
        f"(targets: ≥ {TARGET_RPS:,.0f} requests/s and ≥ {TARGET_RATIO:.0%}): "
        f"{'met' if verdict['meets_targets'] else 'NOT met'}.\n"
    )
    print((RESULTS / "task_api.md").read_text(), flush=True)


if __name__ == "__main__":
    raise SystemExit(main())
