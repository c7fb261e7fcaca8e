"""The real-name rule's commands: /iam (and the notice's ``/start iam`` link) for members in
register mode, /names and /exempt for moderators.

Register mode is for groups whose members cannot put a unit in their display name: the
registration made privately counts wherever it fits the group's rule.
"""

from __future__ import annotations

import re

from aiogram import Bot
from aiogram.types import Message, User

from bot.features.nicknames.actions import recheck_everywhere, release, standing_of
from bot.features.nicknames.render import example, reason_text, who
from bot.features.nicknames.state import names_state
from bot.i18n import Translate
from bot.services import Services
from bot.texts import display_name, esc, split_message
from bot.timefmt import local_text
from deliberation.nicknames import decide_on_exempt, parse_registration
from deliberation.policy import GroupPolicy
from storage.repositories.nicknames import NameRepository
from storage.uow import UnitOfWork

LIST_LIMIT = 50
_USER_LINK = re.compile(r"tg://user\?id=(\d+)")


async def cmd_iam(
    message: Message, event_from_user: User, services: Services, bot: Bot, uow: UnitOfWork, t: Translate,
) -> None:
    groups = [g for g in services.groups.values() if g.nickname.mode == "register"]
    if not groups:
        await recheck_everywhere(services, bot, uow, event_from_user)
        any_group = next(iter(services.groups.values()), None)
        sample = example(t, any_group) if any_group is not None else t("names-example-name")
        await message.answer(t("names-iam-not-needed", example=esc(sample)))
        return
    verdicts = [parse_registration(message.text or "", g.nickname) for g in groups]
    good = next((v for v in verdicts if v.ok), None)
    if good is None:
        await message.answer(t("names-iam-bad", reason=reason_text(t, verdicts[0]),
                               example=esc(example(t, groups[0], " "))))
        return
    await uow.chats.update_user(event_from_user.id, real_name=good.name, unit=good.unit,
                                updated_at=services.clock.now())
    restored = await recheck_everywhere(services, bot, uow, event_from_user)
    await message.answer(t("names-iam-saved", name=esc(good.name), unit=esc(good.unit), count=restored))


async def cmd_start_iam(message: Message, services: Services, t: Translate) -> None:
    """The notice's link (t.me/<bot>?start=iam) opens the private chat with this hint."""
    group = next((g for g in services.groups.values() if g.nickname.mode == "register"), None)
    sample = example(t, group, " ") if group is not None else t("names-example-name")
    await message.answer(t("names-iam-hint", example=esc(sample)))


async def cmd_names(message: Message, services: Services, uow: UnitOfWork, group: GroupPolicy,
                    t: Translate) -> None:
    records = await uow.repo(NameRepository).non_compliant(group.chat_id)
    if not records:
        await message.answer(t("names-list-empty"))
        return
    checker = names_state(services).checkers[group.chat_id]
    lines = [t("names-list-header", count=len(records))]
    for r in records[:LIST_LIMIT]:
        deadline = local_text(r.grace_until, group.timezone) if r.grace_until else t("names-no-deadline")
        lines.append(t(
            "names-list-item", name=esc(display_name(r.first_name, r.last_name)), user_id=str(r.user_id),
            reason=reason_text(t, checker.check(r.user_id, r.first_name, r.last_name)), deadline=deadline,
        ))
    if len(records) > LIST_LIMIT:
        lines.append(t("names-list-more", count=len(records) - LIST_LIMIT))
    for part in split_message(lines):  # 50 long names are more than one message
        await message.answer(part)


def _exempt_target(reply: Message, bot_id: int) -> tuple[int, str, str | None, bool] | None:
    """The member replied to; a reply to the bot's own notice means the member it mentions."""
    sender = reply.from_user
    if sender is not None and sender.id != bot_id:
        return sender.id, sender.first_name, sender.last_name, sender.is_bot
    for entity in reply.entities or ():
        if entity.user is not None:
            return entity.user.id, entity.user.first_name, entity.user.last_name, entity.user.is_bot
        if entity.url and (found := _USER_LINK.fullmatch(entity.url)):
            name = entity.extract_from(reply.text or "")
            return int(found.group(1)), name, None, False
    return None


async def cmd_exempt(
    message: Message, target_message: Message, event_from_user: User, services: Services, bot: Bot,
    uow: UnitOfWork, group: GroupPolicy, t: Translate,
) -> None:
    target = _exempt_target(target_message, services.bot_id)
    if target is None or target[3]:
        await message.answer(t("names-exempt-usage"))
        return
    user_id, first, last, is_bot = target
    now = services.clock.now()
    await services.roster.sight(uow, group.chat_id, user_id, first_name=first, last_name=last,
                                is_bot=is_bot, now=now)
    record = await uow.chats.get_member(group.chat_id, user_id)
    assert record is not None
    uow.audit.add(at=now, action="name_exempted", chat_id=group.chat_id, actor_id=event_from_user.id,
                  subject_id=user_id)
    await release(services, bot, uow, record, decide_on_exempt(standing_of(record)), exempt=True)
    # said once the exemption is committed and the rights are back
    uow.after_commit(lambda: message.answer(t("names-exempted", name=who(user_id, first, last))))


async def cmd_exempt_usage(message: Message, t: Translate) -> None:
    await message.answer(t("names-exempt-usage"))
