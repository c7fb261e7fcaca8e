"""Engines and sessions. Nothing is opened at import time; ``main()`` builds one engine."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine

from storage import sqlite

SQLITE_BUSY_TIMEOUT_MS = 10_000


def is_sqlite(url: str) -> bool:
    return url.startswith("sqlite")


def make_engine(url: str, **kwargs: Any) -> AsyncEngine:
    """SQLite gets WAL (readers never block the writer), a busy timeout and foreign keys, and
    aiosqlite statements one trip to its thread each (``storage.sqlite``).

    A failed statement's parameters are names and texts: ``hide_parameters`` keeps them out of
    the exception's message, and so out of the log."""
    kwargs.setdefault("hide_parameters", True)
    if is_sqlite(url):
        connect_args = {"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}
        if make_url(url).get_driver_name() == "aiosqlite":
            kwargs.setdefault("module", sqlite.dbapi())
        engine = create_async_engine(url, connect_args=connect_args, **kwargs)

        @event.listens_for(engine.sync_engine, "connect")
        def _pragmas(dbapi_connection: Any, _record: Any) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()

        return engine
    kwargs.setdefault("pool_pre_ping", True)
    return create_async_engine(url, **kwargs)


def make_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False, autoflush=False)
