"""``delibot run``: long polling or the webhook server, until SIGTERM or SIGINT."""

from __future__ import annotations

import argparse
import asyncio

from bot.cli.database import reporting
from bot.cli.settings import settings_or_report
from storage.migrate import current_revision


def main(args: argparse.Namespace) -> int:
    settings = settings_or_report(args.config, require_token=True)
    if settings is None:
        return 1
    with reporting(settings.database.url):  # an unreachable database is one line, before anything starts
        asyncio.run(current_revision(settings.database.url))
    from bot.runtime import Runtime

    runtime = Runtime(settings)
    if settings.telegram.mode == "webhook":
        asyncio.run(runtime.run_webhook())
    else:
        asyncio.run(runtime.run_polling())
    return 0
