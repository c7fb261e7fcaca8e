"""Loading the settings for a command: once, and on any problem print them all and stop."""

from __future__ import annotations

import sys

from bot.cli.logs import setup_logging
from bot.settings import ConfigError, Settings, load_settings


def settings_or_report(path: str | None, *, require_token: bool) -> Settings | None:
    """The settings, or None after printing every problem with its key path (exit 1 follows)."""
    setup_logging()
    try:
        return load_settings(path, require_token=require_token)
    except ConfigError as exc:
        print("\n".join(exc.problems), file=sys.stderr)
        return None
