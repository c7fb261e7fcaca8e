"""What differs between SQLite and PostgreSQL: upserts, and statements built once per dialect."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

T = TypeVar("T")


def dialect_name(session: AsyncSession) -> str:
    return session.bind.dialect.name if session.bind is not None else "sqlite"


def insert_on(dialect: str, table: Any) -> Any:
    """The dialect's INSERT, which has ``on_conflict_do_nothing`` / ``on_conflict_do_update``."""
    return postgresql.insert(table) if dialect == "postgresql" else sqlite.insert(table)


def insert_for(session: AsyncSession, table: Any) -> Any:
    return insert_on(dialect_name(session), table)


def once_per_dialect(session: AsyncSession, cache: dict[str, T], build: Callable[[str], T]) -> T:
    """``build(dialect)``, made the first time and reused: on the paths that run for every message
    or notice, building a statement costs more than running it (each value is coerced anew)."""
    dialect = dialect_name(session)
    found = cache.get(dialect)
    if found is None:
        found = cache[dialect] = build(dialect)
    return found
