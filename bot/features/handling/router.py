"""The officials' commands that move a proposal along, and the feature's set-up and jobs."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from aiogram import Bot, Router
from aiogram.filters import Command, CommandObject
from aiogram.types import Message, User

from bot.features.handling.adoption import LeaderOrModerator, cmd_adopt, cmd_not_leader
from bot.features.handling.deadlines import issue_cards
from bot.features.handling.notices import Desk, desk, install_hooks, tell_departments
from bot.features.handling.questions import AnswersQuestion, on_answer_to_question
from bot.features.handling.replies import cb_rate, reply_to_author
from bot.features.handling.replying import cmd_answer, cmd_progress
from bot.features.handling.review import PREFIX as DRAFT_PREFIX
from bot.features.handling.review import cb_draft
from bot.features.handling.steps import OfficialOrModerator, actor, decide_step, parse_number, usage
from bot.features.handling.views import cmd_history, cmd_queue
from bot.filters.common import Where
from bot.filters.scope import ConfiguredGroup, IsOfficial, PrivateChat
from bot.i18n import Translate
from bot.jobs.runner import JobRunner
from bot.services import Services
from bot.texts import excerpt
from deliberation.handling import Action, HandlingCase, Transition
from storage.uow import UnitOfWork

COMMANDS = ("queue", "accept", "assign", "answer", "progress", "reject", "merge", "close", "history")


async def _step(action: Action, message: Message, command: CommandObject, t: Translate, services: Services,
                uow: UnitOfWork, user: User, departments: tuple[str, ...], *, with_text: bool = False,
                ) -> tuple[HandlingCase, Transition] | None:
    """``/<action> N``, or ``/<action> N text`` when ``with_text``: one step decided and recorded;
    without a number, the answer is the command's usage."""
    number, text = parse_number(command.args)
    if number is None:
        await message.answer(usage(t, services, action.value))
        return None
    return await decide_step(message, t, services, uow, actor(services, user, departments), action, number,
                             **({"text": text} if with_text else {}))  # type: ignore[arg-type]


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
                               department=desk(services).label({step.department or target})))


async def cmd_reject(message: Message, command: CommandObject, t: Translate, services: Services,
                     uow: UnitOfWork, bot: Bot, event_from_user: User, departments: tuple[str, ...]) -> None:
    done = await _step(Action.REJECT, message, command, t, services, uow, event_from_user, departments,
                       with_text=True)
    if done:
        case, step = done

        async def post() -> None:  # once the rejection is kept
            await reply_to_author(services, bot, case, "handling-rejected",
                                  reason=excerpt(step.detail or "", 1000))
            await message.answer(t("handling-done-reject", number=case.number))

        uow.after_commit(post)


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

        async def post() -> None:  # once the merge is kept
            await reply_to_author(services, bot, case, "handling-merged", into=into)
            await message.answer(t("handling-done-merge", number=number, into=into))

        uow.after_commit(post)


async def cmd_not_official(message: Message, t: Translate) -> None:
    await message.answer(t("handling-not-official"))


def setup(services: Services) -> None:
    services.keep(Desk.of(services.departments, services.settings.supervision_policy()))
    install_hooks(services)


def register_jobs(runner: JobRunner) -> None:
    runner.add("handling-cards", timedelta(minutes=1), issue_cards)


def build_router() -> Router:
    router = Router(name="handling")
    for handler, name in ((cmd_queue, "queue"), (cmd_accept, "accept"), (cmd_answer, "answer"),
                          (cmd_progress, "progress"), (cmd_close, "close")):
        router.message.register(handler, Command(name), PrivateChat(), IsOfficial())
    shared: tuple[tuple[Any, str], ...] = ((cmd_assign, "assign"), (cmd_reject, "reject"),
                                           (cmd_merge, "merge"), (cmd_history, "history"))
    for handler, name in shared:
        router.message.register(handler, Command(name), PrivateChat(), OfficialOrModerator())
    router.message.register(cmd_not_official, Command(*COMMANDS), PrivateChat())
    for where in (PrivateChat(), ConfiguredGroup()):
        router.message.register(cmd_adopt, Command("adopt"), where, LeaderOrModerator())
        router.message.register(cmd_not_leader, Command("adopt"), where)
    router.message.register(on_answer_to_question, PrivateChat(), AnswersQuestion())
    router.callback_query.register(cb_rate, Where(lambda q: (q.data or "").startswith("rate:")))
    router.callback_query.register(cb_draft, Where(lambda q: (q.data or "").startswith(DRAFT_PREFIX)))
    return router
