"""Keeping each acknowledgement current: every handling step, card and rating is recorded as an
event; this job reads the events since it last looked and queues one edit per changed proposal.

The watermark moves in the transaction that queues the edits, and an edit's outbox key carries
what it says, so a restart, a second replica or a step that changes nothing visible never sends
the same edit twice (Telegram refuses an edit that changes nothing). The outbox paces the edits
like every other call.
"""

from __future__ import annotations

import hashlib
import logging
from datetime import timedelta

from aiogram import Bot

from bot.features.proposals.status import ack_edit
from bot.services import Services

log = logging.getLogger("delibot.proposals")

EVERY = timedelta(seconds=10)
WATERMARK = "proposal-acks"
BATCH = 500


class Moved(Exception):
    """Another run read the same events first: this one's queue is rolled back."""


async def refresh_acks(services: Services, bot: Bot) -> int:
    try:
        async with services.uow.transaction() as uow:
            repo = uow.proposals
            seen = await repo.watermark(WATERMARK)
            changed = await repo.changed_after(seen, limit=BATCH)
            if not changed:
                return 0
            queued = 0
            now = services.clock.now()
            for record in await repo.get_many(sorted({number for _, number in changed})):
                group = services.groups.get(record.chat_id)
                if record.ack_message_id is None or group is None:
                    continue
                t = services.translator.bind(group.locale)
                params = ack_edit(t, services, record)
                digest = hashlib.sha1(str(params["text"]).encode()).hexdigest()[:16]
                queued += await uow.outbox.enqueue(
                    key=f"ack:{record.number}:{digest}", kind="ack", chat_id=record.chat_id,
                    method="editMessageText", params=params, now=now,
                )
            if not await repo.advance_watermark(WATERMARK, seen, changed[-1][0]):
                raise Moved
    except Moved:
        return 0
    log.info("acknowledgements queued count=%d", queued)
    return queued
