"""Alembic driven from code, so ``delibot db upgrade`` and ``delibot run`` need no alembic.ini."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection

from storage.engine import make_engine

MIGRATIONS = Path(__file__).with_name("migrations")


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(url: str, revision: str = "head") -> None:
    """Synchronous: the migration environment runs its own event loop."""
    command.upgrade(alembic_config(url), revision)


@dataclass(frozen=True, slots=True)
class UpgradeReport:
    """What ``db upgrade`` did, so the operator can tell a fresh schema from "nothing to do"."""

    before: str | None  # the revision found, None for an empty database
    after: str | None
    applied: tuple[str, ...]  # migration names in order, e.g. "0001_initial_schema"


def _current(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


async def current_revision(url: str) -> str | None:
    engine = make_engine(url)
    try:
        async with engine.connect() as connection:
            return await connection.run_sync(_current)
    finally:
        await engine.dispose()


def upgrade_reporting(url: str, revision: str = "head") -> UpgradeReport:
    """:func:`upgrade`, returning the revisions before and after and the migrations applied between."""
    before = asyncio.run(current_revision(url))
    upgrade(url, revision)
    after = asyncio.run(current_revision(url))
    scripts = ScriptDirectory.from_config(alembic_config(url))
    steps = [] if after is None or after == before else list(scripts.iterate_revisions(after, before))
    applied = tuple(Path(step.path).stem for step in reversed(steps))
    return UpgradeReport(before, after, applied)


async def upgrade_async(url: str, revision: str = "head") -> None:
    # env.py calls asyncio.run(), which cannot nest inside a running loop: use a thread
    await asyncio.to_thread(upgrade, url, revision)


def revision(url: str, message: str, rev_id: str) -> None:
    """Autogenerate a migration against ``url`` (a database at head). Used by developers only."""
    command.revision(alembic_config(url), message=message, autogenerate=True, rev_id=rev_id)
