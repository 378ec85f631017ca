"""Benchmark: task_api's authenticated GET /api/tasks beside a bare Flask app, in one run.

    python -m testing.load.bench_task_api [--seconds 20]      (or: nox -s bench)

Starts an embedded PostgreSQL and Redis, runs task_api under gunicorn in production
settings, creates a user's tasks through the API, warms the cache, then loads
`GET /api/tasks?page=1&per_page=20` with a real bearer token using wrk. The same run
measures a hello-world Flask app under the same gunicorn settings, so the ratio says
what the service's work costs on this machine. Results go to
testing/load/results/task_api.json and .md; task_api's README quotes them.
Targets: >= 1,000 requests/s, and >= 40% of the bare Flask figure.
"""

from __future__ import annotations

import argparse
import json
import shutil
import tempfile
import urllib.request
from datetime import UTC, datetime, timedelta
from pathlib import Path

from testing.load.runner import ROOT, as_dicts, gunicorn, machine, wrk
from testing.services import postgres
from testing.services.postgres import PostgresServer
from testing.services.redis import RedisServer

RESULTS = ROOT / "testing" / "load" / "results"
PATH = "/api/tasks?page=1&per_page=20"
TARGET_RPS, TARGET_RATIO = 1000.0, 0.40


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
        # The benchmark measures the service, not its limiter: lift the default limit.
        "RATE_LIMIT_DEFAULT": "1000000/minute",
    }


def main(argv: list[str] | None = None) -> int:
    """Run both measurements and write the results files."""
    parser = argparse.ArgumentParser(prog="python -m testing.load.bench_task_api")
    parser.add_argument("--seconds", type=int, default=20)
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
    database, cache = PostgresServer(), RedisServer()
    measured = []
    tmp = Path(tempfile.mkdtemp(prefix="bench-task-api-"))
    try:
        print("Starting embedded PostgreSQL and Redis …", flush=True)
        admin_url = database.start()
        redis_url = cache.start()
        print(f"Measuring bare Flask for {args.seconds}s …", flush=True)
        with gunicorn("testing.load.hello_app:app", workers=args.workers, threads=1) as base:
            wrk("bare Flask hello-world", base, "/hello", seconds=2, connections=args.connections)
            measured.append(
                wrk(
                    "bare Flask hello-world",
                    base,
                    "/hello",
                    seconds=args.seconds,
                    connections=args.connections,
                )
            )
        env = task_api_env(postgres.create_database(admin_url), redis_url, issuer.jwks(), tmp)
        with gunicorn(
            "projects.task_api.api:create_app()", workers=args.workers, threads=1, env=env
        ) as base:
            print("Creating 100 tasks and warming the cache …", flush=True)
            for number in range(100):
                request(base, "/api/tasks", token=token, body={"title": f"Benchmark task {number}"})
            request(base, PATH, token=token)
            headers = {"Authorization": f"Bearer {token}"}
            wrk("task_api", base, PATH, seconds=2, connections=args.connections, headers=headers)
            print(f"Measuring task_api for {args.seconds}s …", flush=True)
            measured.append(
                wrk(
                    "task_api GET /api/tasks (20 per page, warm cache)",
                    base,
                    PATH,
                    seconds=args.seconds,
                    connections=args.connections,
                    headers=headers,
                )
            )
    finally:
        cache.close()
        database.close()
        shutil.rmtree(tmp, ignore_errors=True)
    write_results(measured, args)
    return 0


def write_results(measured, args) -> None:
    """Write the JSON and Markdown results and print the summary."""
    bare, service = measured
    ratio = service.requests_per_second / bare.requests_per_second
    verdict = {
        "requests_per_second_target": TARGET_RPS,
        "ratio_target": TARGET_RATIO,
        "ratio": round(ratio, 3),
        "meets_targets": service.requests_per_second >= TARGET_RPS and ratio >= TARGET_RATIO,
    }
    report = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "settings": {
            "seconds": args.seconds,
            "connections": args.connections,
            "gunicorn_workers": args.workers,
            "gunicorn_threads": 1,
            "load": "wrk -t2",
        },
        "results": as_dicts(measured),
        "verdict": verdict,
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "task_api.json").write_text(json.dumps(report, indent=2) + "\n")
    rows = "\n".join(
        f"| {m.name} | {m.requests_per_second:,.0f} | {m.p50_ms:.1f} | {m.p99_ms:.1f} "
        f"| {m.errors} |"
        for m in measured
    )
    (RESULTS / "task_api.md").write_text(
        f"Measured {report['when']} on {machine()['cpus']} CPUs (Python {machine()['python']}), "
        f"gunicorn {args.workers} workers, wrk 2 threads / {args.connections} connections, "
        f"{args.seconds}s each.\n\n"
        "| Endpoint | Requests/s | p50 ms | p99 ms | Errors |\n|---|---:|---:|---:|---:|\n"
        f"{rows}\n\ntask_api reaches {ratio:.0%} of bare Flask "
        f"(targets: ≥ {TARGET_RPS:,.0f} requests/s and ≥ {TARGET_RATIO:.0%}): "
        f"{'met' if verdict['meets_targets'] else 'NOT met'}.\n"
    )
    print((RESULTS / "task_api.md").read_text(), flush=True)


if __name__ == "__main__":
    raise SystemExit(main())
