"""``delibot run``: long polling or the webhook server, until SIGTERM or SIGINT."""

from __future__ import annotations

import argparse
import asyncio
import sys

from bot.cli.database import reporting
from bot.cli.settings import settings_or_report
from storage.migrate import current_revision


def main(args: argparse.Namespace) -> int:
    settings = settings_or_report(args.config, require_token=True)
    if settings is None:
        return 1
    with reporting(settings.database.url):  # an unreachable database is one line, before anything starts
        asyncio.run(current_revision(settings.database.url))
    from bot.runtime import Runtime, StartupFailed

    runtime = Runtime(settings)
    try:
        asyncio.run(runtime.run_webhook() if settings.telegram.mode == "webhook" else runtime.run_polling())
    except StartupFailed as exc:
        print(f"delibot: {exc}", file=sys.stderr)
        return 1
    return 0
