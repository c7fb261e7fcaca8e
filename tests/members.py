"""Members on record for storage-level tests: the same users in two configured groups."""

from __future__ import annotations

from deliberation.clock import ManualClock
from storage.uow import UnitOfWorkFactory

CHAT, OTHER = -1001, -1002


async def seed_members(uow_factory: UnitOfWorkFactory, clock: ManualClock, *user_ids: int) -> None:
    """Users ``user_ids``, named ``u<id>``, present in both CHAT and OTHER."""
    async with uow_factory() as uow:
        for chat_id in (CHAT, OTHER):
            await uow.chats.upsert_chat(
                chat_id, title="g", type="supergroup", configured=True, now=clock.now()
            )
            for uid in user_ids:
                await uow.chats.ensure_member(chat_id, uid, first_name=f"u{uid}", last_name=None,
                                              is_bot=False, now=clock.now())
        await uow.commit()
