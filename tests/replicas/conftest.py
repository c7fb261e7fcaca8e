"""Fixtures of the replica tests: a PostgreSQL database per test (several processes share it)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import Table, select

from storage.engine import make_engine
from tests.conftest import migrated_database


@pytest.fixture
def fresh_pg() -> Iterator[str]:
    """A database of this test's own, dropped afterwards: the replicas of one test share it."""
    yield from migrated_database("delibot_replicas")


async def table_rows(pg: str, table: Table) -> list[Any]:
    """Every row of ``table`` as the replicas left it, read on a connection of the test's own."""
    engine = make_engine(pg)
    try:
        async with engine.connect() as conn:
            return list((await conn.execute(select(table))).all())
    finally:
        await engine.dispose()
