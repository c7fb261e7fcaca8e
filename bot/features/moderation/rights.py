"""The bot's own administrator rights: what it needs (delete banned words, mute and remove,
approve join requests, set the real-name tags), what it lacks, and telling the moderators once
per set of missing rights.

Checked when Telegram reports a change of the bot's status, and once per group after a start
(promotions made while the bot was down send no update).
"""

from __future__ import annotations

import logging

from aiogram import Bot
from aiogram.dispatcher.event.bases import SkipHandler
from aiogram.exceptions import TelegramAPIError
from aiogram.types import ChatMemberUpdated, ResultChatMemberUnion

from bot.features.moderation.state import moderation_state
from bot.notify import tell_moderators
from bot.services import Services
from bot.texts import esc
from deliberation.policy import GroupPolicy
from storage.uow import UnitOfWork

log = logging.getLogger(__name__)

NEEDED_RIGHTS = ("can_delete_messages", "can_restrict_members", "can_invite_users", "can_manage_tags")


def missing_rights(member: ResultChatMemberUnion) -> frozenset[str]:
    if member.status == "creator":
        return frozenset()
    if member.status != "administrator":
        return frozenset(NEEDED_RIGHTS)
    # older payloads have no can_manage_tags: missing counts as not granted
    return frozenset(r for r in NEEDED_RIGHTS if not getattr(member, r, None))


async def rights_missing(
    services: Services, uow: UnitOfWork, group: GroupPolicy, missing: frozenset[str]
) -> None:
    """Remember what the bot lacks and tell the moderators, once per set of missing rights."""
    moderation_state(services).missing[group.chat_id] = missing
    now = services.clock.now()
    if not missing or not await uow.claims.claim(
        "notice", f"rights:{group.chat_id}:{sorted(missing)}", now=now, owner=services.instance
    ):
        return
    t = services.translator.bind(group.locale)
    lines = [t("moderation-right-line", label=t(f"moderation-right-{r}"), right=r) for r in sorted(missing)]
    text = t("moderation-rights-missing", title=esc(group.title), rights="\n".join(lines))
    key = f"rights:{group.chat_id}:{'+'.join(sorted(missing))}"
    await tell_moderators(services, uow, group.chat_id, key, text)


async def note_rights(
    services: Services, uow: UnitOfWork, group: GroupPolicy, member: ResultChatMemberUnion
) -> None:
    moderation_state(services).checked.add(group.chat_id)
    rights = {k: bool(v) for k, v in member.model_dump().items() if k.startswith("can_")}
    await uow.chats.update_chat(group.chat_id, bot_rights={"status": member.status, **rights})
    await rights_missing(services, uow, group, missing_rights(member))


async def on_bot_rights_changed(event: ChatMemberUpdated, services: Services, uow: UnitOfWork,
                                group: GroupPolicy) -> None:
    await note_rights(services, uow, group, event.new_chat_member)
    raise SkipHandler  # later features watch the bot's promotion too (names: tags)


async def check_rights(services: Services, bot: Bot) -> None:
    """Once per group and process start: promotions made while the bot was down send no update."""
    state = moderation_state(services)
    found: list[tuple[GroupPolicy, ResultChatMemberUnion]] = []
    for chat_id, group in services.groups.items():
        if chat_id in state.checked:
            continue
        state.checked.add(chat_id)
        try:
            found.append((group, await bot.get_chat_member(chat_id, services.bot_id)))
        except TelegramAPIError as exc:
            log.warning("rights check failed chat_id=%s error=%s", chat_id, type(exc).__name__)
    if not found:
        return
    # asked first, written after in one unit of work: no write held over a Bot API call
    async with services.uow.transaction() as uow:
        for group, member in found:
            await uow.chats.upsert_chat(group.chat_id, title=group.title, type="supergroup", configured=True,
                                        now=services.clock.now())
            await note_rights(services, uow, group, member)
