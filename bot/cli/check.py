"""``delibot check-config [--live]`` and ``delibot db upgrade``."""

from __future__ import annotations

import argparse
import asyncio

from bot.cli.database import reporting, shown, sqlite_file
from bot.cli.settings import settings_or_report
from bot.settings import Settings, config_warnings, validate_config
from storage.migrate import upgrade_reporting


def _database_warnings(settings: Settings) -> list[str]:
    # A warning, not a problem: on a fresh install the file does not exist until `run` or
    # `db upgrade` creates it, and check-config is the step before.
    path = sqlite_file(settings.database.url)
    if path is not None and not path.is_file():
        return [f"database.url: database file not found: {path}; `delibot db upgrade` (or `run`) creates it"]
    return []


def main(args: argparse.Namespace) -> int:
    settings, problems = validate_config(args.config)
    for problem in problems:
        print(problem)
    if settings is None:
        return 1
    warnings = config_warnings(settings) + _database_warnings(settings)
    for warning in warnings:
        print(f"warning: {warning}")
    if getattr(args, "live", False):
        from bot.cli.live import check_live

        if asyncio.run(check_live(settings)):
            return 1
    print(f"configuration ok ({len(warnings)} warnings)" if warnings else "configuration ok")
    return 0


def db_main(args: argparse.Namespace) -> int:
    settings = settings_or_report(args.config, require_token=False)
    if settings is None:
        return 1
    with reporting(settings.database.url):
        report = upgrade_reporting(settings.database.url)
    for name in report.applied:
        print(f"applied {name}")
    if report.applied:
        print(f"database {shown(settings.database.url)} is now at {report.after}")
    else:
        print(f"database {shown(settings.database.url)} already up to date at {report.after}")
    return 0
