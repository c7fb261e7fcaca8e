"""``delibot check-config`` and ``delibot db upgrade``."""

from __future__ import annotations

import argparse

from bot.cli.settings import settings_or_report
from bot.settings import check_config
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
    settings = settings_or_report(args.config, require_token=False)
    if settings is None:
        return 1
    upgrade(settings.database.url)
    print("database is up to date")
    return 0
