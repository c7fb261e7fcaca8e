"""The rows a statement touched, read the same way everywhere."""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import CursorResult, Result


def rowcount(result: Result[Any]) -> int:
    """How many rows an INSERT, UPDATE or DELETE matched. The session types every result as a
    plain ``Result``, since it cannot promise a cursor for any statement; for these statements it
    returns a ``CursorResult``, which counts them (SQLAlchemy issue 12913: cast, as advised)."""
    return cast(CursorResult[Any], result).rowcount
