"""Telling the moderators: in the group's log chat when one is set, otherwise each configured
moderator privately; when none of them can be written to (nobody pressed Start), the group's
Telegram administrators who can. Through the outbox, so a restart never loses or doubles the
notice. The answer says whether anyone can hear it, so a text about it stays truthful."""

from __future__ import annotations

from bot.messages import queued_text
from bot.reach import reach
from bot.services import Services
from storage.uow import UnitOfWork


async def tell_moderators(
    services: Services, uow: UnitOfWork, chat_id: int | None, key: str, text: str, *, kind: str = "notice"
) -> bool:
    """``key`` identifies the notice (e.g. ``"removed:<chat>:<user>:<time>"``): queued once.
    True when someone it goes to can be reached, as far as the bot knows."""
    group = services.groups.get(chat_id) if chat_id is not None else None
    moderation = group.moderation if group is not None else None
    log_chat = moderation.log_chat_id if moderation is not None else services.settings.moderation.log_chat_id
    now = services.clock.now()
    params = queued_text(text)
    known = reach(services)
    if log_chat:
        await uow.outbox.enqueue(key=f"{key}:log", kind=kind, chat_id=log_chat, params=params, now=now)
        return known.can(log_chat)
    recipients = set(services.moderators) | (set(moderation.moderators) if moderation is not None else set())
    if not known.any(recipients) and chat_id is not None:
        admins = services.roster.admins.get(chat_id, frozenset()) - {services.bot_id}
        recipients |= {uid for uid in admins if uid > 0 and known.can(uid)}
    for moderator in sorted(recipients):
        await uow.outbox.enqueue(
            key=f"{key}:{moderator}", kind=kind, chat_id=moderator, params=params, now=now
        )
    return known.any(recipients)
