"""The two kinds of reply an official gives: ``/progress N DATE TEXT`` (an interim reply with a
promised completion date: 立即回复, then 按程序办理) and ``/answer N TEXT`` (the final answer,
办结告知, which the author rates).

Both are decided by the domain first; in a department under review (``review = true``) the
decided reply becomes a draft for its leaders (``review``), otherwise it is recorded and posted in
the group once the update commits.
"""

from __future__ import annotations

from functools import partial

from aiogram import Bot
from aiogram.filters import CommandObject
from aiogram.types import Message, User

from bot.features.handling.notices import desk
from bot.features.handling.publish import publish
from bot.features.handling.review import submit_draft
from bot.features.handling.steps import actor, decide_only, parse_number, record_step, usage
from bot.i18n import Translate
from bot.services import Services
from bot.timefmt import local, zone
from deliberation.handling import Action
from deliberation.promises import parse_promise_date, promise_deadline
from storage.uow import UnitOfWork


async def _reply(action: Action, message: Message, command: CommandObject, t: Translate,
                 services: Services, uow: UnitOfWork, bot: Bot, user: User,
                 departments: tuple[str, ...]) -> None:
    number, rest = parse_number(command.args)
    promise = None
    if action is Action.PROGRESS:
        when, _, text = rest.partition(" ")
        if number is None or not when:
            await message.answer(usage(t, services, "progress"))
            return
        tz = services.settings.locale.timezone
        day = parse_promise_date(when, local(services.clock.now(), tz).date())
        if day is None:
            await message.answer(t("handling-bad-date", number=number, date=when))
            return
        promise = promise_deadline(day, zone(tz))
    else:
        text = rest
        if number is None:
            await message.answer(usage(t, services, "answer"))
            return
    decided = await decide_only(message, t, services, uow, actor(services, user, departments), action,
                                number, text=text, promise=promise)
    if decided is None:
        return
    case, step = decided
    if step.department in desk(services).review:
        await submit_draft(services, uow, message, t, case, step)
        return
    if not await record_step(services, uow, case, step):
        await message.answer(t("handling-refused-changed", number=number))
        return
    uow.after_commit(partial(publish, services, bot, case, step, confirm=message.answer, t=t))


async def cmd_answer(message: Message, command: CommandObject, t: Translate, services: Services,
                     uow: UnitOfWork, bot: Bot, event_from_user: User, departments: tuple[str, ...]) -> None:
    await _reply(Action.ANSWER, message, command, t, services, uow, bot, event_from_user, departments)


async def cmd_progress(message: Message, command: CommandObject, t: Translate, services: Services,
                       uow: UnitOfWork, bot: Bot, event_from_user: User,
                       departments: tuple[str, ...]) -> None:
    await _reply(Action.PROGRESS, message, command, t, services, uow, bot, event_from_user, departments)
