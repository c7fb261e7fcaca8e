"""``delibot run``: long polling or the webhook server, until SIGTERM or SIGINT."""

from __future__ import annotations

import argparse
import asyncio
import sys

from bot.cli.logs import setup_logging
from bot.settings import ConfigError, load_settings


def main(args: argparse.Namespace) -> int:
    setup_logging()
    try:
        settings = load_settings(args.config, require_token=True)
    except ConfigError as exc:
        print("\n".join(exc.problems), file=sys.stderr)
        return 1
    from bot.runtime import Runtime

    runtime = Runtime(settings)
    if settings.telegram.mode == "webhook":
        asyncio.run(runtime.run_webhook())
    else:
        asyncio.run(runtime.run_polling())
    return 0
