"""Reads every table and every column of the database, for the strings that must be gone.

Values are read through SQLAlchemy, so JSON columns are searched as the data they hold (a name
stored as ``\\u5f20`` escapes in the JSON text is found all the same).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from sqlalchemy import select

from storage.models import Base
from storage.uow import UnitOfWorkFactory


def _text(value: Any) -> str:
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return "" if value is None else str(value)


async def find_strings(uow_factory: UnitOfWorkFactory, needles: Iterable[str]) -> set[tuple[str, str, str]]:
    """Every (table, column, needle) where a needle occurs, across all tables of the schema."""
    needles = tuple(needles)
    found: set[tuple[str, str, str]] = set()
    async with uow_factory() as uow:
        for table in Base.metadata.sorted_tables:
            for row in (await uow.session.execute(select(table))).mappings():
                for column, value in row.items():
                    text = _text(value)
                    found.update((table.name, column, n) for n in needles if n in text)
    return found


async def filled_columns(uow_factory: UnitOfWorkFactory) -> set[tuple[str, str]]:
    """Every (table, column) holding a value in some row: what a scan of this database reads."""
    filled: set[tuple[str, str]] = set()
    async with uow_factory() as uow:
        for table in Base.metadata.sorted_tables:
            for row in (await uow.session.execute(select(table))).mappings():
                filled.update((table.name, column) for column, value in row.items() if _text(value))
    return filled


def columns_of(*tables: str) -> set[tuple[str, str]]:
    """Every (table, column) of ``tables`` as the models declare them."""
    return {(name, column.name) for name in tables for column in Base.metadata.tables[name].columns}


async def table_rows(uow_factory: UnitOfWorkFactory) -> dict[str, list[dict[str, Any]]]:
    """Every row of every table, for comparing a database before and after."""
    rows: dict[str, list[dict[str, Any]]] = {}
    async with uow_factory() as uow:
        for table in Base.metadata.sorted_tables:
            result = await uow.session.execute(select(table))
            rows[table.name] = [dict(r) for r in result.mappings()]
    return rows
