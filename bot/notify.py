"""Telling the moderators: in the group's log chat when one is set, otherwise each configured
moderator privately. Through the outbox, so a restart never loses or doubles the notice."""

from __future__ import annotations

from bot.services import Services
from storage.uow import UnitOfWork


async def tell_moderators(
    services: Services, uow: UnitOfWork, chat_id: int | None, key: str, text: str, *, kind: str = "notice"
) -> None:
    """``key`` identifies the notice (e.g. ``"removed:<chat>:<user>:<time>"``): queued once."""
    group = services.groups.get(chat_id) if chat_id is not None else None
    moderation = group.moderation if group is not None else None
    log_chat = moderation.log_chat_id if moderation is not None else services.settings.moderation.log_chat_id
    now = services.clock.now()
    params = {"text": text, "link_preview_options": {"is_disabled": True}}
    if log_chat:
        await uow.outbox.enqueue(key=f"{key}:log", kind=kind, chat_id=log_chat, params=params, now=now)
        return
    recipients = set(services.moderators) | (set(moderation.moderators) if moderation is not None else set())
    for moderator in sorted(recipients):
        await uow.outbox.enqueue(
            key=f"{key}:{moderator}", kind=kind, chat_id=moderator, params=params, now=now
        )
