"""The waiting list's handlers: a join request is approved while there is room, else queued; a
member who leaves frees a seat for the first in line.

The admissions themselves are in ``bot.features.waitlist.jobs``.
"""

from __future__ import annotations

import logging
from dataclasses import replace

from aiogram import Bot, Router
from aiogram.exceptions import TelegramAPIError
from aiogram.types import ChatJoinRequest, ChatMemberUpdated

from bot.features.waitlist.jobs import admit, answer, complies
from bot.features.waitlist.state import waitlist_state
from bot.filters.common import Where
from bot.filters.scope import ConfiguredGroup
from bot.i18n import Translate
from bot.seats import member_count
from bot.services import Services
from bot.texts import esc
from deliberation.policy import GroupPolicy
from storage.repositories.pruning import PruningRepository
from storage.uow import UnitOfWork

log = logging.getLogger("delibot.pruning")

PRESENT = frozenset({"member", "restricted", "administrator", "creator"})


def has_left(event: ChatMemberUpdated) -> bool:
    return event.old_chat_member.status in PRESENT and event.new_chat_member.status not in PRESENT


async def _tell(bot: Bot, chat_id: int, text: str) -> None:
    try:
        await bot.send_message(chat_id, text)
    except TelegramAPIError as exc:
        log.info("applicant not told chat_id=%s error=%s", chat_id, type(exc).__name__)


async def on_join_request(
    request: ChatJoinRequest, services: Services, bot: Bot, uow: UnitOfWork, group: GroupPolicy, t: Translate
) -> None:
    """Approve while there is room, else queue; tell the applicant now, while the bot may write
    to them (a join request opens their private chat for a few minutes only)."""
    # it waits for a job's admission to finish: not while this update's writes hold the database
    uow.after_commit(lambda: _request(request, services, bot, group, t))


async def _request(
    request: ChatJoinRequest, services: Services, bot: Bot, group: GroupPolicy, t: Translate
) -> None:
    user, chat_id, now = request.from_user, group.chat_id, services.clock.now()
    async with waitlist_state(services).lock(chat_id):
        # the request is kept before the seats are counted: no write held over a Bot API call
        async with services.uow.transaction() as uow:
            repo = uow.repo(PruningRepository)
            record = await repo.add_request(
                chat_id,
                user.id,
                user_chat_id=request.user_chat_id,
                first_name=user.first_name,
                last_name=user.last_name,
                now=now,
            )
            position = await repo.position(record)
        capacity = group.pruning.capacity
        if position == 1 and (capacity <= 0 or await member_count(services, bot, chat_id) < capacity):
            # the approval is recorded before it is made, so ``resume`` finishes it after a crash
            async with services.uow.transaction() as uow:
                approved = await uow.repo(PruningRepository).decide(record.id, "approved", now=now)
                if approved:
                    await uow.repo(PruningRepository).begin("approved", str(record.id), now=now)
            if approved:
                await _tell(bot, request.user_chat_id, t("pruning-request-approved", group=esc(group.title)))
                decided = replace(record, state="approved")
                await answer(services, bot, group, decided, notify=False)
            return
    text = t("pruning-request-queued", group=esc(group.title), position=position)
    async with services.uow() as uow:
        verdict = await complies(services, uow, group, user.id, user.first_name, user.last_name)
    if not verdict.ok:
        text += "\n\n" + t(
            "pruning-request-name-hint",
            name=esc(verdict.normalized),
            problem=t("pruning-name-problem", reason=verdict.reason or "other"),
        )
    await _tell(bot, request.user_chat_id, text)


async def on_member_left(
    event: ChatMemberUpdated, services: Services, bot: Bot, uow: UnitOfWork, group: GroupPolicy
) -> None:
    """A seat is free: the waiting list comes first, once the departure is kept."""
    uow.after_commit(lambda: admit(services, bot, group))


def build_router() -> Router:
    router = Router(name="waitlist")
    router.chat_join_request.register(on_join_request, ConfiguredGroup())
    router.chat_member.register(on_member_left, ConfiguredGroup(), Where(has_left))
    return router
