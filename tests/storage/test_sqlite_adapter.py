"""storage.sqlite: one trip to aiosqlite's thread per statement, and otherwise SQLAlchemy's own
aiosqlite adapter in every outcome: rows, counts, ids, transactions, SAVEPOINTs and errors."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import aiosqlite
import pytest
from sqlalchemy import Column, Integer, MetaData, String, Table, insert, select, text, update
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from storage.engine import make_engine, make_sessionmaker
from storage.sqlite import OneHopConnection

META = MetaData()
ITEMS = Table(
    "items", META,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(16), unique=True, nullable=False),
)


@pytest.fixture
def trips(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every function sent to an aiosqlite connection's thread, by name."""
    sent: list[str] = []
    original = aiosqlite.Connection._execute

    async def counted(self: aiosqlite.Connection, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        sent.append(getattr(fn, "__name__", type(fn).__name__))
        return await original(self, fn, *args, **kwargs)

    monkeypatch.setattr(aiosqlite.Connection, "_execute", counted)
    return sent


async def _engine(url: str, stock: bool) -> AsyncEngine:
    engine = create_async_engine(url) if stock else make_engine(url)
    async with engine.begin() as conn:
        await conn.run_sync(META.create_all)
    return engine


@pytest.fixture
async def engine(tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    made = await _engine(f"sqlite+aiosqlite:///{tmp_path / 'one.db'}", stock=False)
    yield made
    await made.dispose()


async def test_the_engine_uses_the_one_trip_adapter(engine: AsyncEngine) -> None:
    async with engine.connect() as conn:
        raw = await conn.get_raw_connection()
        assert isinstance(raw.dbapi_connection, OneHopConnection)
        # pragmas from storage.engine's connect hook, run through the adapter's cursor
        assert (await conn.execute(text("PRAGMA journal_mode"))).scalar_one() == "wal"
        assert (await conn.execute(text("PRAGMA foreign_keys"))).scalar_one() == 1


async def test_a_statement_costs_one_trip_and_a_read_only_unit_none_to_end(
    engine: AsyncEngine, trips: list[str]
) -> None:
    sessionmaker = make_sessionmaker(engine)
    async with sessionmaker() as session:
        await session.execute(select(1))  # the pool's first connection opens here
    trips.clear()
    async with sessionmaker() as session:
        assert (await session.execute(select(ITEMS.c.id))).all() == []
        await session.commit()  # nothing written: sqlite3 has no transaction to end
    assert len(trips) == 1
    trips.clear()
    async with sessionmaker() as session:
        result = await session.execute(insert(ITEMS).returning(ITEMS.c.id), {"name": "a"})
        assert result.scalar_one() == 1
        assert (await session.execute(update(ITEMS).values(name="b"))).rowcount == 1
        await session.commit()  # the pool's reset after it needs no trip either
    assert trips == ["_execute", "_execute", "commit"]


async def _scenario(engine: AsyncEngine) -> list[Any]:
    """Everything the bot relies on, recorded as plain values to compare between adapters."""
    seen: list[Any] = []
    sessionmaker = make_sessionmaker(engine)
    async with sessionmaker() as session:
        result = await session.execute(insert(ITEMS), {"name": "a"})
        seen.append(("lastrowid", result.inserted_primary_key, result.rowcount))
        many = await session.execute(insert(ITEMS), [{"name": "b"}, {"name": "c"}])
        seen.append(("executemany", many.rowcount))
        async with session.begin_nested():
            await session.execute(insert(ITEMS), {"name": "kept"})
        try:
            async with session.begin_nested():
                await session.execute(insert(ITEMS), {"name": "undone"})
                await session.execute(insert(ITEMS), {"name": "a"})
        except IntegrityError as exc:
            seen.append(("integrity", type(exc.orig).__name__))
        await session.commit()
    async with sessionmaker() as session:
        rows = (await session.execute(select(ITEMS.c.id, ITEMS.c.name).order_by(ITEMS.c.id))).all()
        seen.append(("rows", [tuple(r) for r in rows]))
        chunk = await session.execute(select(ITEMS.c.name).order_by(ITEMS.c.id))
        seen.append(("fetchmany", chunk.fetchmany(2), chunk.fetchone(), chunk.fetchall()))
        returned = await session.execute(
            update(ITEMS).where(ITEMS.c.name.in_(["b", "c"])).values(name=ITEMS.c.name + "2")
            .returning(ITEMS.c.name)
        )
        seen.append(("returning", sorted(returned.scalars().all()), returned.rowcount))
        await session.rollback()
    async with sessionmaker() as session:
        seen.append(("rolled back", (await session.execute(select(ITEMS.c.name).where(
            ITEMS.c.name == "b2"))).all()))
        try:
            await session.execute(text("SELEC nothing"))
        except OperationalError as exc:
            seen.append(("syntax", type(exc.orig).__name__))
    return seen


async def test_every_outcome_matches_sqlalchemys_own_adapter(tmp_path: Path) -> None:
    outcomes = []
    for stock in (True, False):
        engine = await _engine(f"sqlite+aiosqlite:///{tmp_path / f'{stock}.db'}", stock)
        try:
            outcomes.append(await _scenario(engine))
        finally:
            await engine.dispose()
    stock, one_trip = outcomes
    assert one_trip == stock
    assert ("integrity", "IntegrityError") in one_trip
    assert ("rows", [(1, "a"), (2, "b"), (3, "c"), (4, "kept")]) in one_trip


async def test_a_closed_driver_connection_is_a_disconnect_error_as_before(tmp_path: Path) -> None:
    errors = []
    for stock in (True, False):
        engine = await _engine(f"sqlite+aiosqlite:///{tmp_path / f'{stock}.db'}", stock)
        try:
            async with engine.connect() as conn:
                raw = await conn.get_raw_connection()
                await raw.driver_connection.close()
                with pytest.raises(OperationalError) as caught:
                    await conn.execute(select(ITEMS.c.id))
                errors.append((type(caught.value.orig), caught.value.connection_invalidated))
        finally:
            await engine.dispose()
    assert errors[0] == errors[1] == (sqlite3.OperationalError, True)
