"""``delibot digest --preview``: print the digests that would go out now, as plain text.

An operator checks what officials will read before the hour comes: nothing is sent, claimed or
queued, so the real run later is unaffected.
"""

from __future__ import annotations

import argparse
import asyncio
import html
import re

from bot.cli.database import reporting, require_existing
from bot.cli.settings import settings_or_report
from bot.settings import Settings
from deliberation.clock import Clock, SystemClock
from storage.migrate import upgrade

TAG = re.compile(r"<[^>]+>")


def plain(part: str) -> str:
    """Telegram HTML as a reader sees it: tags dropped, entities decoded."""
    return html.unescape(TAG.sub("", part))


async def preview(settings: Settings, clock: Clock) -> list[tuple[int, str, list[str]]]:
    """(official, departments, parts) for every official, read from the database."""
    from bot.app import build_services
    from bot.features.digests.jobs import compose_digests

    services = build_services(settings, clock)
    try:
        digests = await compose_digests(services, clock.now())
    finally:
        if services.engine is not None:
            await services.engine.dispose()
    return [(official, ", ".join(services.officials[official]), parts) for official, parts in digests]


def main(args: argparse.Namespace, *, clock: Clock | None = None) -> int:
    settings = settings_or_report(args.config, require_token=False)
    if settings is None:
        return 1
    require_existing(settings.database.url)
    with reporting(settings.database.url):
        upgrade(settings.database.url)
        digests = asyncio.run(preview(settings, clock or SystemClock()))
    if not digests:
        print("no officials are configured: no digest would be sent")
    for official, departments, parts in digests:
        print(f"===== digest for {official} ({departments}) =====")
        for part in parts:
            print(plain(part))
            print()
    return 0
