"""Logging set-up: key-value lines with ids, never names, message texts or the token."""

from __future__ import annotations

import logging
import os


def setup_logging(level: str | None = None) -> None:
    logging.basicConfig(
        level=(level or os.environ.get("DELIBOT_LOG_LEVEL", "INFO")).upper(),
        format="%(asctime)s level=%(levelname)s logger=%(name)s %(message)s",
    )
    # aiohttp's access log would print request lines; the webhook path is ours, but keep it quiet
    logging.getLogger("aiohttp.access").setLevel(logging.WARNING)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    # aiogram logs one INFO line per update ("Update id=... is handled"): ~14% of dispatch cost
    logging.getLogger("aiogram.event").setLevel(logging.WARNING)
