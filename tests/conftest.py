"""Shared fixtures: databases (SQLite always; PostgreSQL when reachable, always under CI)."""

from __future__ import annotations

import asyncio
import concurrent.futures
import os
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest

from bot import lazy_schemas
from deliberation.clock import ManualClock
from storage.engine import make_engine, make_sessionmaker
from storage.migrate import upgrade
from storage.models import Base
from storage.uow import UnitOfWorkFactory

# as `delibot` does, before any test module imports aiogram (these imports above do not)
lazy_schemas.install()

PG_HOST = os.environ.get("DELIBOT_TEST_PG_HOST", "127.0.0.1")
PG_PORT = int(os.environ.get("DELIBOT_TEST_PG_PORT", "5432"))
PG_USER = os.environ.get("DELIBOT_TEST_PG_USER", "postgres")


async def _pg_admin(sql: str, database: str = "postgres") -> None:
    import asyncpg

    conn = await asyncpg.connect(host=PG_HOST, port=PG_PORT, user=PG_USER, database=database, timeout=3)
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


def _in_thread(fn: Any, *args: Any) -> Any:
    """Run blocking set-up (which may call asyncio.run) away from pytest-asyncio's running loop."""
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(fn, *args).result()


def _pg_reachable() -> str | None:
    try:
        _in_thread(asyncio.run, _pg_admin("SELECT 1", database="test"))
    except Exception as exc:  # any failure means: not here
        return f"{type(exc).__name__}: {exc}"
    return None


def migrated_database(prefix: str) -> Iterator[str]:
    """A PostgreSQL database of its own, migrated, dropped afterwards, so concurrent runs never
    collide; skipped with the reason when PostgreSQL is not reachable, failed under CI=true."""
    problem = _pg_reachable()
    if problem is not None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"PostgreSQL at {PG_HOST}:{PG_PORT} is required under CI=true: {problem}")
        pytest.skip(f"PostgreSQL not reachable at {PG_HOST}:{PG_PORT} ({problem}); runs in CI")
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    _in_thread(asyncio.run, _pg_admin(f'CREATE DATABASE "{name}"'))
    url = f"postgresql+asyncpg://{PG_USER}@{PG_HOST}:{PG_PORT}/{name}"
    _in_thread(upgrade, url)
    yield url
    _in_thread(asyncio.run, _pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture(scope="session")
def pg_database() -> Iterator[str]:
    """A database of this test session's own."""
    yield from migrated_database("delibot_test")


REDIS_URL = os.environ.get("DELIBOT_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


async def _redis_call(*command: str) -> Any:
    from redis.asyncio import Redis

    client = Redis.from_url(REDIS_URL, socket_connect_timeout=3, socket_timeout=3)
    try:
        return await client.execute_command(*command)
    finally:
        await client.aclose()


async def _redis_forget(prefix: str) -> None:
    from redis.asyncio import Redis

    client = Redis.from_url(REDIS_URL)
    try:
        keys = [key async for key in client.scan_iter(match=f"{prefix}:*", count=500)]
        if keys:
            await client.delete(*keys)
    finally:
        await client.aclose()


@pytest.fixture(scope="session")
def redis_url() -> str:
    """Redis for the replica tests (skipped when unreachable, required under CI=true)."""
    try:
        _in_thread(asyncio.run, _redis_call("PING"))
    except Exception as exc:
        problem = f"{type(exc).__name__}: {exc}"
        if os.environ.get("CI") == "true":
            pytest.fail(f"Redis at {REDIS_URL} is required under CI=true: {problem}")
        pytest.skip(f"Redis not reachable at {REDIS_URL} ({problem}); runs in CI")
    return REDIS_URL


@pytest.fixture
def redis_prefix(redis_url: str) -> Iterator[str]:
    """A key prefix of this test's own, so parallel runs never collide; its keys are deleted after."""
    prefix = f"delibot_test_{uuid.uuid4().hex[:12]}"
    yield prefix
    _in_thread(asyncio.run, _redis_forget(prefix))


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    url = f"sqlite+aiosqlite:///{tmp_path / 'delibot.db'}"
    upgrade(url)
    return url


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
async def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    if request.param == "sqlite":
        url = f"sqlite+aiosqlite:///{tmp_path / 'delibot.db'}"
        await asyncio.to_thread(upgrade, url)
        yield url
        return
    url = request.getfixturevalue("pg_database")
    yield url
    tables = ", ".join(t.name for t in reversed(Base.metadata.sorted_tables))
    await _pg_admin(f"TRUNCATE {tables} RESTART IDENTITY CASCADE", database=url.rsplit("/", 1)[1])


@pytest.fixture
async def uow_factory(db_url: str) -> AsyncIterator[UnitOfWorkFactory]:
    engine = make_engine(db_url)
    yield UnitOfWorkFactory(make_sessionmaker(engine))
    await engine.dispose()


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()
