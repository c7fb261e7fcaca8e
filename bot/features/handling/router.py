"""The officials' commands that move a proposal along, and the feature's set-up and jobs."""

from __future__ import annotations

from datetime import timedelta

from aiogram import Bot, Router
from aiogram.filters import Command, CommandObject
from aiogram.types import Message, User

from bot.features.handling.deadlines import issue_cards
from bot.features.handling.notices import Desk, desk, install_hooks, tell_departments
from bot.features.handling.replies import cb_rate, reply_to_author
from bot.features.handling.steps import OfficialOrModerator, actor, decide_step, parse_number, usage
from bot.features.handling.views import cmd_history, cmd_queue
from bot.filters.common import Where
from bot.filters.scope import IsOfficial, PrivateChat
from bot.i18n import Translate
from bot.jobs.runner import JobRunner
from bot.services import Services
from bot.texts import esc, excerpt
from deliberation.handling import Action, HandlingCase, Transition
from storage.repositories.handling import HandlingRepository
from storage.uow import UnitOfWork

COMMANDS = ("queue", "accept", "assign", "answer", "reject", "merge", "close", "history")


async def _step(action: Action, message: Message, command: CommandObject, t: Translate, services: Services,
                uow: UnitOfWork, user: User, departments: tuple[str, ...], *, with_text: bool = False,
                ) -> tuple[HandlingCase, Transition] | None:
    """``/<action> N``, or ``/<action> N text`` when ``with_text``: one step decided and recorded;
    without a number, the answer is the command's usage."""
    number, text = parse_number(command.args)
    if number is None:
        await message.answer(usage(t, services, action.value))
        return None
    inputs = {"text": text} if with_text else {}
    return await decide_step(message, t, services, uow, actor(services, user, departments), action, number,
                             **inputs)


async def cmd_accept(message: Message, command: CommandObject, t: Translate, services: Services,
                     uow: UnitOfWork, event_from_user: User, departments: tuple[str, ...]) -> None:
    if done := await _step(Action.ACCEPT, message, command, t, services, uow, event_from_user, departments):
        await message.answer(t("handling-done-accept", number=done[0].number))


async def cmd_close(message: Message, command: CommandObject, t: Translate, services: Services,
                    uow: UnitOfWork, event_from_user: User, departments: tuple[str, ...]) -> None:
    if done := await _step(Action.CLOSE, message, command, t, services, uow, event_from_user, departments):
        await message.answer(t("handling-done-close", number=done[0].number))


async def cmd_assign(message: Message, command: CommandObject, t: Translate, services: Services,
                     uow: UnitOfWork, event_from_user: User, departments: tuple[str, ...]) -> None:
    number, rest = parse_number(command.args)
    target, _, reason = rest.partition(" ")
    if number is None or not target:
        await message.answer(usage(t, services, "assign"))
        return
    target = desk(services).by_name.get(target.casefold(), target)
    done = await decide_step(message, t, services, uow, actor(services, event_from_user, departments),
                             Action.ASSIGN, number, target_department=target, text=reason)
    if done:
        case, step = done
        await tell_departments(services, uow, case, {target}, f"handling:assigned:{number}:{target}")
        await message.answer(t("handling-done-assign", number=number,
                               department=desk(services).label({step.department})))


async def cmd_answer(message: Message, command: CommandObject, t: Translate, services: Services,
                     uow: UnitOfWork, bot: Bot, event_from_user: User, departments: tuple[str, ...]) -> None:
    done = await _step(Action.ANSWER, message, command, t, services, uow, event_from_user, departments,
                       with_text=True)
    if not done:
        return
    case, step = done
    await uow.commit()  # the answer is recorded whatever happens to the post
    posted = await reply_to_author(services, bot, case, "handling-answer", rated=True,
                                   department=desk(services).label({step.department}),
                                   text=esc(step.detail or ""))
    if posted is None:
        await message.answer(t("handling-answer-not-posted", number=case.number))
        return
    await uow.repo(HandlingRepository).set_answer_message(case.number, posted)
    await message.answer(t("handling-done-answer", number=case.number))


async def cmd_reject(message: Message, command: CommandObject, t: Translate, services: Services,
                     uow: UnitOfWork, bot: Bot, event_from_user: User, departments: tuple[str, ...]) -> None:
    done = await _step(Action.REJECT, message, command, t, services, uow, event_from_user, departments,
                       with_text=True)
    if done:
        case, step = done
        await uow.commit()
        reason = excerpt(step.detail or "", 1000)
        await reply_to_author(services, bot, case, "handling-rejected", reason=reason)
        await message.answer(t("handling-done-reject", number=case.number))


async def cmd_merge(message: Message, command: CommandObject, t: Translate, services: Services,
                    uow: UnitOfWork, bot: Bot, event_from_user: User, departments: tuple[str, ...]) -> None:
    number, rest = parse_number(command.args)
    into, reason = parse_number(rest)
    if number is None or into is None:
        await message.answer(usage(t, services, "merge"))
        return
    done = await decide_step(message, t, services, uow, actor(services, event_from_user, departments),
                             Action.MERGE, number, into=into, text=reason)
    if done:
        case, _ = done
        await uow.commit()
        await reply_to_author(services, bot, case, "handling-merged", into=into)
        await message.answer(t("handling-done-merge", number=number, into=into))


async def cmd_not_official(message: Message, t: Translate) -> None:
    await message.answer(t("handling-not-official"))


def setup(services: Services) -> None:
    services.keep(Desk.of(services.departments))
    install_hooks(services)


def register_jobs(runner: JobRunner) -> None:
    runner.add("handling-cards", timedelta(minutes=1), issue_cards)


def build_router() -> Router:
    router = Router(name="handling")
    for handler, name in ((cmd_queue, "queue"), (cmd_accept, "accept"), (cmd_answer, "answer"),
                          (cmd_close, "close")):
        router.message.register(handler, Command(name), PrivateChat(), IsOfficial())
    for handler, name in ((cmd_assign, "assign"), (cmd_reject, "reject"), (cmd_merge, "merge"),
                          (cmd_history, "history")):
        router.message.register(handler, Command(name), PrivateChat(), OfficialOrModerator())
    router.message.register(cmd_not_official, Command(*COMMANDS), PrivateChat())
    router.callback_query.register(cb_rate, Where(lambda q: (q.data or "").startswith("rate:")))
    return router
