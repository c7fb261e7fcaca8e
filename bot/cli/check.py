"""``delibot check-config`` and ``delibot db upgrade``."""

from __future__ import annotations

import argparse
import sys

from bot.cli.logs import setup_logging
from bot.settings import ConfigError, check_config, load_settings
from storage.migrate import upgrade


def main(args: argparse.Namespace) -> int:
    problems = check_config(args.config)
    for problem in problems:
        print(problem)
    if problems:
        return 1
    print("configuration ok")
    return 0


def db_main(args: argparse.Namespace) -> int:
    setup_logging()
    try:
        settings = load_settings(args.config)
    except ConfigError as exc:
        print("\n".join(exc.problems), file=sys.stderr)
        return 1
    upgrade(settings.database.url)
    print("database is up to date")
    return 0
