"""Adopted proposals (采纳, 优秀建言): ``/adopt N [NOTE]`` by a leader of an assigned department or a
moderator. The author is told in the group, as a reply to the proposal; adoptions count in the
digest and the ranking. Once per proposal.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from aiogram import Bot
from aiogram.filters import CommandObject, Filter
from aiogram.types import Message, TelegramObject, User

from bot.features.handling.notices import desk
from bot.features.handling.replies import reply_to_author
from bot.features.handling.steps import actor, decide_step, parse_number, usage
from bot.i18n import Translate
from bot.services import Services
from bot.texts import excerpt
from deliberation.handling import Action
from storage.uow import UnitOfWork


class LeaderOrModerator(Filter):
    """Leaders (分管领导) of some department and moderators: who may adopt."""

    async def __call__(self, event: TelegramObject, services: Services,
                       event_from_user: User | None = None) -> bool | dict[str, Any]:
        if event_from_user is None:
            return False
        uid = event_from_user.id
        if desk(services).leads(uid) or services.is_moderator_anywhere(uid):
            return {"departments": services.officials.get(uid, ())}
        return False


async def cmd_adopt(message: Message, command: CommandObject, t: Translate, services: Services,
                    uow: UnitOfWork, bot: Bot, event_from_user: User, departments: tuple[str, ...]) -> None:
    number, note = parse_number(command.args)
    if number is None:
        await message.answer(usage(t, services, "adopt"))
        return
    done = await decide_step(message, t, services, uow, actor(services, event_from_user, departments),
                             Action.ADOPT, number, text=note)
    if done is None:
        return
    case, step = done
    key = "handling-adopted-note" if step.detail else "handling-adopted"
    note = excerpt(step.detail or "", 1000)
    uow.after_commit(partial(reply_to_author, services, bot, case, key, note=note))
    await message.answer(t("handling-done-adopt", number=number))


async def cmd_not_leader(message: Message, t: Translate) -> None:
    await message.answer(t("handling-not-leader"))
