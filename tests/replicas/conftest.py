"""Fixtures of the replica tests: a PostgreSQL database per test (several processes share it)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.conftest import migrated_database


@pytest.fixture
def fresh_pg() -> Iterator[str]:
    """A database of this test's own, dropped afterwards: the replicas of one test share it."""
    yield from migrated_database("delibot_replicas")
