"""``delibot privacy export|forget --user ID``: a member's request that arrived by other channels
(a letter, an e-mail to the operator), answered from the same code as ``/mydata`` and ``/forget``.

``export`` prints the JSON document (or writes ``--out``); ``forget`` erases after the operator
types the id again (or ``--yes``). The moderators' log is told through the outbox, so a running
bot delivers that notice; a running bot holds no names in memory, only the database does.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from pathlib import Path

from bot.cli.settings import settings_or_report
from bot.settings import Settings
from deliberation.clock import Clock, SystemClock
from deliberation.privacy import Erased
from storage.migrate import upgrade


async def export(settings: Settings, clock: Clock, user_id: int) -> dict[str, object]:
    from bot.app import build_services
    from storage.repositories.privacy import PrivacyRepository

    services = build_services(settings, clock)
    try:
        async with services.uow() as uow:
            return await uow.repo(PrivacyRepository).export(user_id, now=clock.now())
    finally:
        if services.engine is not None:
            await services.engine.dispose()


async def forget(settings: Settings, clock: Clock, user_id: int) -> Erased:
    from bot.app import build_services
    from bot.features.privacy.erasure import erase

    services = build_services(settings, clock)
    try:
        async with services.uow() as uow:
            erased = await erase(services, uow, user_id, by="operator")
            await uow.commit()
        return erased
    finally:
        if services.engine is not None:
            await services.engine.dispose()


def main(args: argparse.Namespace, *, clock: Clock | None = None) -> int:
    settings = settings_or_report(args.config, require_token=False)
    if settings is None:
        return 1
    if args.user <= 0:
        print(f"--user: a Telegram user id is a positive number, got {args.user}", file=sys.stderr)
        return 2
    upgrade(settings.database.url)
    clock = clock or SystemClock()
    if args.privacy_command == "export":
        text = json.dumps(asyncio.run(export(settings, clock, args.user)), ensure_ascii=False, indent=2)
        if args.out:
            Path(args.out).write_text(text + "\n", encoding="utf-8")
        else:
            print(text)
        return 0
    if not args.yes:
        typed = input(f"erase everything held on user {args.user}? type the id again to confirm: ")
        if typed.strip() != str(args.user):
            print("not confirmed; nothing was erased", file=sys.stderr)
            return 1
    erased = asyncio.run(forget(settings, clock, args.user))
    print(f"erased: groups={erased.groups} proposals={erased.proposals} supports={erased.supports} "
          f"sanctions_kept={erased.kept_sanctions}")
    return 0
