"""The real-services plugin, tested on the real servers it starts."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import psycopg
import pytest
import redis
from pymongo import MongoClient

from testing.services import scratch

pytestmark = pytest.mark.slow


def test_postgres_url_is_a_fresh_database(postgres_url: str) -> None:
    """Each test gets an empty database it can create tables in."""
    with psycopg.connect(postgres_url) as conn:
        count = conn.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
        ).fetchone()
        assert count == (0,)
        conn.execute("CREATE TABLE leftovers (id int)")


def test_postgres_databases_do_not_leak_between_tests(postgres_url: str) -> None:
    """The table the previous test made is not in this test's database."""
    with psycopg.connect(postgres_url) as conn:
        row = conn.execute("SELECT to_regclass('public.leftovers')").fetchone()
    assert row == (None,)


def test_postgres_sqlalchemy_url_names_the_psycopg_driver(postgres_sqlalchemy_url: str) -> None:
    """SQLAlchemy needs `postgresql+psycopg://` to use psycopg 3."""
    import sqlalchemy

    assert postgres_sqlalchemy_url.startswith("postgresql+psycopg://")
    engine = sqlalchemy.create_engine(postgres_sqlalchemy_url)
    with engine.connect() as conn:
        assert conn.execute(sqlalchemy.text("SELECT 1")).scalar() == 1
    engine.dispose()


@pytest.mark.parametrize("key", ["first", "second"])
def test_redis_db_is_empty_at_start(redis_url: str, key: str) -> None:
    """Whatever one test wrote, the next one starts on an empty db."""
    client = redis.Redis.from_url(redis_url)
    assert client.dbsize() == 0
    client.set(key, "value")
    client.close()


def test_private_redis_server_can_stop_and_start(redis_server) -> None:
    """A test can take Redis down and bring it back on the same URL."""
    client = redis.Redis.from_url(redis_server.url, socket_connect_timeout=0.2)
    assert client.ping()
    redis_server.stop()
    with pytest.raises(redis.ConnectionError):
        client.ping()
    redis_server.start()
    assert client.ping()
    client.close()


@pytest.mark.parametrize("run", [1, 2])
def test_mongodb_url_names_a_new_database(mongodb_url: str, run: int) -> None:
    """The URL's default database is empty in every test."""
    with MongoClient(mongodb_url) as client:
        db = client.get_default_database()
        assert db.list_collection_names() == []
        db["notes"].insert_one({"run": run})
        assert db["notes"].count_documents({}) == 1


ROOT = Path(__file__).resolve().parents[2]

USES_ALL_SERVERS = textwrap.dedent(
    """
    import os, signal
    from testing.services import scratch

    def test_all(postgres_url, redis_url, mongodb_url):
        for folder in scratch.ROOT.glob(f"{os.getpid()}-*"):
            print("FOLDER", folder, *scratch.server_pids(folder), flush=True)
        end_with = os.environ["END_WITH"]
        if end_with == "interrupt":
            raise KeyboardInterrupt
        if end_with == "sigterm":
            os.kill(os.getpid(), signal.SIGTERM)
        assert end_with != "failure"
    """
)


def _run_child_session(pytester: pytest.Pytester, monkeypatch, end_with: str):
    for var in ("DATABASE_URL", "REDIS_URL", "MONGODB_URL"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("END_WITH", end_with)
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    pytester.makepyfile(USES_ALL_SERVERS)
    result = pytester.runpytest_subprocess("-p", "testing.pytest_plugin", "-s")
    folders = {}
    for line in result.stdout.lines:
        if "FOLDER " in line:
            folder, *pids = line.partition("FOLDER ")[2].split()
            folders[Path(folder)] = [int(pid) for pid in pids]
    return result, folders


@pytest.mark.parametrize("end_with", ["success", "failure", "interrupt", "sigterm"])
def test_no_server_or_folder_outlives_the_run(pytester, monkeypatch, end_with: str) -> None:
    """However the run ends, no server process and no data folder is left behind."""
    result, folders = _run_child_session(pytester, monkeypatch, end_with)
    assert {f.name.split("-")[1] for f in folders} == {"postgres", "redis", "mongodb"}
    started = [pid for pids in folders.values() for pid in pids]
    assert started, "the child run should have had server processes"
    assert [f for f in folders if f.exists()] == []
    assert [pid for pid in started if scratch._alive(pid)] == []
    assert result.ret != 0 or end_with == "success"


def test_elasticsearch_is_skipped_with_a_reason_when_absent(monkeypatch, pytester) -> None:
    """Without ELASTICSEARCH_URL the fixture skips and says how to enable it."""
    monkeypatch.delenv("ELASTICSEARCH_URL", raising=False)
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    pytester.makepyfile("def test_search(elasticsearch_url):\n    assert elasticsearch_url\n")
    result = pytester.runpytest_subprocess("-p", "testing.pytest_plugin", "-rs")
    result.assert_outcomes(skipped=1)
    result.stdout.fnmatch_lines(["*set ELASTICSEARCH_URL*"])


KILLED_CHILD = textwrap.dedent(
    """
    import time
    from testing.services.redis import RedisServer
    server = RedisServer()
    server.start()
    print(server._folder, flush=True)
    time.sleep(60)
    """
)


def test_a_killed_run_is_tidied_by_the_next() -> None:
    """SIGKILL skips all clean-up; the next start stops the orphan and deletes its folder."""
    child = subprocess.Popen(
        [sys.executable, "-c", KILLED_CHILD], stdout=subprocess.PIPE, text=True, cwd=ROOT
    )
    with child:
        folder = Path(child.stdout.readline().strip())
        orphans = scratch.server_pids(folder)
        assert orphans, "the child should have started redis-server"
        child.kill()
    assert folder.exists()
    scratch.reap_abandoned()
    assert not folder.exists()
    assert [pid for pid in orphans if scratch._alive(pid)] == []
