"""Alembic driven from code, so ``delibot db upgrade`` and ``delibot run`` need no alembic.ini."""

from __future__ import annotations

import asyncio
from pathlib import Path

from alembic import command
from alembic.config import Config

MIGRATIONS = Path(__file__).with_name("migrations")


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(url: str, revision: str = "head") -> None:
    """Synchronous: the migration environment runs its own event loop."""
    command.upgrade(alembic_config(url), revision)


async def upgrade_async(url: str, revision: str = "head") -> None:
    # env.py calls asyncio.run(), which cannot nest inside a running loop: use a thread
    await asyncio.to_thread(upgrade, url, revision)


def revision(url: str, message: str, rev_id: str) -> None:
    """Autogenerate a migration against ``url`` (a database at head). Used by developers only."""
    command.revision(alembic_config(url), message=message, autogenerate=True, rev_id=rev_id)
