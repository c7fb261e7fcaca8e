"""Fixtures of the replica tests: a PostgreSQL database per test (several processes share it)."""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import Iterator

import pytest

from storage.migrate import upgrade
from tests.conftest import PG_HOST, PG_PORT, PG_USER, _in_thread, _pg_admin, _pg_reachable


@pytest.fixture
def fresh_pg() -> Iterator[str]:
    """A database of this test's own, dropped afterwards: the replicas of one test share it."""
    problem = _pg_reachable()
    if problem is not None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"PostgreSQL at {PG_HOST}:{PG_PORT} is required under CI=true: {problem}")
        pytest.skip(f"PostgreSQL not reachable at {PG_HOST}:{PG_PORT} ({problem}); runs in CI")
    name = f"delibot_replicas_{uuid.uuid4().hex[:12]}"
    _in_thread(asyncio.run, _pg_admin(f'CREATE DATABASE "{name}"'))
    url = f"postgresql+asyncpg://{PG_USER}@{PG_HOST}:{PG_PORT}/{name}"
    _in_thread(upgrade, url)
    yield url
    _in_thread(asyncio.run, _pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
