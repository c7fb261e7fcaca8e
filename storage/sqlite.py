"""SQLite through aiosqlite at one worker-thread round trip per statement.

SQLAlchemy's aiosqlite adapter makes four trips to aiosqlite's thread for every statement: open
a cursor, execute, fetch the rows, close the cursor. Each trip is a future, a queue hand-off and a
wake-up of the event loop (~70 µs, more under load), so on the proposals path the trips cost more
than SQLite itself. :class:`OneHopCursor` does all four in one function run on that thread and
keeps what SQLAlchemy reads afterwards (rows, description, rowcount, lastrowid) on the adapted
cursor. :class:`OneHopConnection` also skips the trip of a commit or rollback when SQLite has no
transaction open, where sqlite3 would do nothing (a read-only unit of work, the pool's reset of a
connection just committed). The URL stays ``sqlite+aiosqlite://``: :func:`dbapi` is handed to
``create_async_engine(module=...)`` in place of the dialect's own ``import_dbapi()``, so the
dialect, pooling, transactions, SAVEPOINTs and error mapping are SQLAlchemy's unchanged.

Relies on (checked by tests/storage/test_sqlite_adapter.py):
- SQLAlchemy 2.1's ``sqlalchemy.dialects.sqlite.aiosqlite`` classes ``AsyncAdapt_aiosqlite_dbapi``,
  ``AsyncAdapt_aiosqlite_connection`` (its ``_cursor_cls``, ``_connection``, ``_handle_exception``)
  and ``AsyncAdapt_aiosqlite_cursor`` (from ``sqlalchemy.connectors.asyncio``: ``_rows`` as a
  deque that its fetch methods pop, ``_async_soft_close`` awaited by the asyncio extension after
  a buffered result). 2.0's adapter has another layout, hence ``sqlalchemy>=2.1,<2.2``.
- aiosqlite's ``Connection._execute(fn, *args)`` (runs ``fn`` on the connection's thread),
  ``Connection._conn`` (the sqlite3 connection; raises ``ValueError`` once closed) and
  ``Connection._connection`` (the same, or None once closed), as in the pinned 0.20-0.22.

Server-side cursors (``stream()``) keep SQLAlchemy's cursor; nothing here uses them.
"""

from __future__ import annotations

import collections
import sqlite3
from typing import Any

import aiosqlite
from sqlalchemy.connectors.asyncio import AsyncAdapt_dbapi_connection
from sqlalchemy.dialects.sqlite.aiosqlite import (
    AsyncAdapt_aiosqlite_connection,
    AsyncAdapt_aiosqlite_cursor,
    AsyncAdapt_aiosqlite_dbapi,
)
from sqlalchemy.util import EMPTY_DICT
from sqlalchemy.util.concurrency import await_

Description = tuple[tuple[Any, ...], ...] | None
_Outcome = tuple[Description, list[Any], int, int | None]


def _execute(conn: sqlite3.Connection, operation: str, parameters: Any) -> _Outcome:
    """On aiosqlite's thread: a statement and everything SQLAlchemy will read of it."""
    cursor = conn.cursor()
    try:
        cursor.execute(operation, () if parameters is None else parameters)
        description = cursor.description
        rows = cursor.fetchall() if description else []
        return description, rows, cursor.rowcount, cursor.lastrowid
    finally:
        cursor.close()


def _executemany(conn: sqlite3.Connection, operation: str, seq_of_parameters: Any) -> _Outcome:
    cursor = conn.cursor()
    try:
        cursor.executemany(operation, seq_of_parameters)
        return None, [], cursor.rowcount, cursor.lastrowid
    finally:
        cursor.close()


class OneHopCursor(AsyncAdapt_aiosqlite_cursor):
    """A client-side cursor whose results are all read in the trip that executed it; it holds
    no sqlite3 cursor between calls, so closing it costs no trip either."""

    __slots__ = ("_arraysize", "_description", "_lastrowid", "_rowcount")

    def __init__(self, adapt_connection: AsyncAdapt_dbapi_connection) -> None:
        # the base class would open an aiosqlite cursor here (one trip): not needed
        self._adapt_connection = adapt_connection
        self._connection = adapt_connection._connection
        self._cursor = None  # type: ignore[assignment]
        self._soft_closed_memoized = EMPTY_DICT
        self._rows = collections.deque()
        self._description: Description = None
        self._rowcount = -1
        self._lastrowid: int | None = None
        self._arraysize = 1

    @property
    def description(self) -> Any:
        return self._description

    @property
    def rowcount(self) -> int:
        return self._rowcount

    @property
    def lastrowid(self) -> Any:
        return self._lastrowid

    @property
    def arraysize(self) -> int:
        return self._arraysize

    @arraysize.setter
    def arraysize(self, value: int) -> None:
        self._arraysize = value

    def _run(self, fn: Any, operation: str, parameters: Any) -> None:
        try:
            connection: aiosqlite.Connection = self._connection  # type: ignore[assignment]
            # aiosqlite leaves its private _execute unannotated
            outcome = await_(connection._execute(fn, connection._conn, operation, parameters))  # type: ignore[no-untyped-call]
        except Exception as error:
            self._adapt_connection._handle_exception(error)
        self._description, rows, self._rowcount, self._lastrowid = outcome
        self._rows = collections.deque(rows)

    def execute(self, operation: Any, parameters: Any = None) -> None:
        self._run(_execute, operation, parameters)

    def executemany(self, operation: Any, seq_of_parameters: Any) -> None:
        self._run(_executemany, operation, seq_of_parameters)

    async def _async_soft_close(self) -> None:
        return None  # the rows are already here and there is no sqlite3 cursor to close

    def close(self) -> None:
        self._rows.clear()

    def nextset(self) -> None:
        raise NotImplementedError("sqlite3 cursors have a single result set")

    def setinputsizes(self, *inputsizes: Any) -> None:
        return None  # sqlite3's own is a no-op too


class OneHopConnection(AsyncAdapt_aiosqlite_connection):
    """Commit and rollback skip the trip when SQLite has no transaction open, where sqlite3's own
    commit() and rollback() do nothing: after a read-only unit of work (sqlite3 opens a
    transaction before the first write only) and when the pool resets a connection that was
    just committed."""

    __slots__ = ()
    _cursor_cls = OneHopCursor

    def _in_transaction(self) -> bool:
        # read on the event loop's thread: the connection is idle here, since every statement of
        # its owner was awaited; sqlite3 allows reading this attribute from any thread
        connection: sqlite3.Connection | None = self._connection._connection
        return connection is not None and connection.in_transaction

    def commit(self) -> None:
        if self._in_transaction():
            super().commit()

    def rollback(self) -> None:
        if self._in_transaction():
            super().rollback()


class OneHopDBAPI(AsyncAdapt_aiosqlite_dbapi):
    def connect(self, *arg: Any, **kw: Any) -> OneHopConnection:
        adapted = super().connect(*arg, **kw)  # aiosqlite connected, its thread a daemon
        return OneHopConnection(self, adapted._connection)


def dbapi() -> OneHopDBAPI:
    """The module to pass as ``create_async_engine(..., module=dbapi())`` for aiosqlite URLs."""
    return OneHopDBAPI(aiosqlite, sqlite3)
