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
from datetime import datetime, timedelta

from aiogram import Bot

from bot.features.proposals.status import ack_edit
from bot.services import Services
from deliberation.deadlines import Card
from deliberation.proposals import Change, ProposalRecord
from storage.uow import UnitOfWork

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
            records = {r.number: r for r in await repo.get_many(sorted({c.number for c in changed}))}
            for record in records.values():
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
            for change in changed:
                queued += await _announce_card(services, uow, change, records.get(change.number), now)
            if not await repo.advance_watermark(WATERMARK, seen, changed[-1].id):
                raise Moved
    except Moved:
        return 0
    log.info("acknowledgements queued count=%d", queued)
    return queued


async def _announce_card(
    services: Services, uow: UnitOfWork, change: Change, record: ProposalRecord | None, now: datetime
) -> bool:
    """A yellow or red card, told in the group as a reply to the proposal, when the group
    publishes its cards (urge notices go to the supervising office, not the group)."""
    if change.action != "card" or record is None or not (change.detail or "").isdigit():
        return False
    level = int(change.detail or 0)
    group = services.groups.get(record.chat_id)
    if group is None or not group.publicity.cards or level not in (Card.YELLOW, Card.RED):
        return False
    t = services.translator.bind(group.locale)
    names = {d.id: d.name for d in services.departments}
    departments = "、".join(names.get(d, d) for d in record.departments) or t("proposal-status-unassigned")
    age = change.at - record.created_at
    waited = t("proposal-waited", days=age // timedelta(days=1), hours=age // timedelta(hours=1),
               minutes=max(1, age // timedelta(minutes=1)))
    text = t("proposal-card-public", number=str(record.number), card=t("handling-card-name", level=level),
             waited=waited, departments=departments)
    params = {"text": text, "reply_parameters": {"message_id": record.message_id,
                                                 "allow_sending_without_reply": True}}
    return await uow.outbox.enqueue(key=f"card-public:{record.number}:{level}", kind="ack",
                                    chat_id=record.chat_id, params=params, now=now)

