"""Opening the configured database for a command: a missing SQLite file or an unreachable server
is one line, not a traceback.

Opening an SQLite path creates the file, so a mistyped ``database.url`` used to give a fresh empty
database and "exported 0 proposals". Only ``run`` and ``db upgrade`` may create it; every other
command refuses a file that is not there.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError

from bot.cli.errors import CliError


def shown(url: str) -> str:
    """The URL as it may be printed: without its password."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "database.url"


def sqlite_file(url: str) -> Path | None:
    """The file an SQLite URL names, None for another database or an in-memory one."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    if parsed.query.get("mode") == "memory":
        return None
    return Path(parsed.database.removeprefix("file:")).expanduser()


def require_existing(url: str) -> None:
    """Refuse an SQLite URL whose file does not exist (the command would create an empty one)."""
    try:
        path = sqlite_file(url)
    except ArgumentError:
        raise CliError(f"database.url: {shown(url)} is not a database URL") from None
    if path is not None and not path.is_file():
        raise CliError(f"database file not found: {path}; run `delibot db upgrade` to create it")


def _cause(exc: BaseException) -> str:
    origin = getattr(exc, "orig", None) or exc
    text = str(origin).strip().splitlines()[0] if str(origin).strip() else type(origin).__name__
    return text[:200]


@contextlib.contextmanager
def reporting(url: str) -> Iterator[None]:
    """Turn "cannot connect / cannot open" into one line naming the database (never its password).

    DBAPIError covers what the driver says (refused, unknown database, bad password, unable to
    open the file); OSError what asyncpg raises before SQLAlchemy wraps anything.
    """
    try:
        yield
    except NoSuchModuleError:
        raise CliError(f"database.url: {shown(url)}: not a supported database (sqlite, postgresql)") from None
    except ArgumentError:
        raise CliError(f"database.url: {shown(url)} is not a database URL") from None
    except (DBAPIError, OSError, TimeoutError) as exc:
        raise CliError(f"database {shown(url)} cannot be used: {_cause(exc)}") from None
