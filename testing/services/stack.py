"""Run capstone services together on this machine, on embedded servers, without Docker.

    python -m testing.services.stack auth_service task_api     (or: nox -s stack -- …)

Starts one embedded PostgreSQL (a database per service) and one embedded Redis, then
each service (`python -m projects.<name>`) on its own port with a Celery worker beside
it. The auth service signs tokens with a key made for this run; every other service
verifies them through the auth service's JWKS and shares its revocation list in Redis,
so a token issued by one works on the others until you log out. Ctrl-C stops it all.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from testing.services import postgres
from testing.services.postgres import PostgresServer
from testing.services.redis import RedisServer

ROOT = Path(__file__).resolve().parents[2]
PORTS = {
    "auth_service": 5001,
    "task_api": 5002,
    "payment_service": 5003,
    "notification_service": 5004,
    "analytics_api": 5005,
}
AUTH = "auth_service"


def service_env(
    name: str, *, database_url: str, redis_url: str, private_key: str
) -> dict[str, str]:
    """Return the environment one service runs with."""
    env = {
        **os.environ,
        "APP_ENV": "development",
        "PORT": str(PORTS[name]),
        "DATABASE_URL": postgres.sqlalchemy_url(database_url),
        "REDIS_URL": redis_url,
    }
    if name == AUTH:
        env["JWT_PRIVATE_KEY"] = private_key
    else:
        env["JWT_JWKS_URL"] = f"http://127.0.0.1:{PORTS[AUTH]}/.well-known/jwks.json"
    return env


def wait_until_ready(name: str, process: subprocess.Popen, timeout: float = 60) -> None:
    """Poll the service's readiness probe until it answers 200."""
    url = f"http://127.0.0.1:{PORTS[name]}/health/ready"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"{name} exited with code {process.returncode}; see its log above")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.5)
    raise SystemExit(f"{name} did not become ready at {url} within {timeout:.0f}s")


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    """Start the named services and keep them running until Ctrl-C."""
    parser = argparse.ArgumentParser(prog="python -m testing.services.stack")
    parser.add_argument("services", nargs="+", choices=sorted(PORTS))
    parser.add_argument(
        "--port-offset", type=int, default=0, help="add this to every port (to run two stacks)"
    )
    args = parser.parse_args(argv)
    names = args.services
    for name in PORTS:
        PORTS[name] += args.port_offset
    missing = [n for n in names if not (ROOT / "projects" / n / "__main__.py").exists()]
    if missing:
        parser.error(f"not built yet: {', '.join(missing)}")
    # Tokens from anywhere need the auth service; start it first when others need it.
    if any(n != AUTH for n in names) and AUTH not in names:
        names.insert(0, AUTH)
    names.sort(key=lambda n: n != AUTH)
    signal.signal(signal.SIGTERM, _interrupt)  # `kill` stops the stack as Ctrl-C does

    from projects.core import generate_key_pair

    database_server, redis_server, processes = PostgresServer(), RedisServer(), []
    try:
        print("Starting embedded PostgreSQL and Redis …", flush=True)
        admin_url = database_server.start()
        redis_url = redis_server.start()
        private_key = generate_key_pair().private_pem
        for name in names:
            env = service_env(
                name,
                database_url=postgres.create_database(admin_url),
                redis_url=redis_url,
                private_key=private_key,
            )
            service = subprocess.Popen(
                [sys.executable, "-m", f"projects.{name}"], cwd=ROOT, env=env
            )
            processes.append(service)
            wait_until_ready(name, service)
            worker = [
                sys.executable,
                "-m",
                "celery",
                "-A",
                f"projects.{name}.worker:celery",
                "worker",
                "--pool",
                "solo",
                "--loglevel",
                "WARNING",
            ]
            processes.append(subprocess.Popen(worker, cwd=ROOT, env=env))
            print(
                f"  {name}: http://127.0.0.1:{PORTS[name]}/swagger  (+ Celery worker)", flush=True
            )
        print("All up. Ctrl-C stops everything.", flush=True)
        while all(p.poll() is None for p in processes):
            time.sleep(1)
        print("A process exited; stopping the rest.", flush=True)
        return 1
    except KeyboardInterrupt:
        print("\nStopping …", flush=True)
        return 0
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
        redis_server.close()
        database_server.close()


if __name__ == "__main__":
    sys.exit(main())
