"""How an official's command becomes one recorded step of handling: who may act (officials with
their departments, and moderators), the ``N rest`` arguments every command takes, and
``deliberation.handling.decide`` asked and its answer recorded with who, when and why.

A refusal of the domain is answered with its text and changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from aiogram.filters import Filter
from aiogram.types import Message, TelegramObject, User

from bot.features.handling.notices import desk
from bot.i18n import Translate
from bot.services import Services
from deliberation.errors import DomainError
from deliberation.handling import Action, Actor, HandlingCase, Transition, decide, on_time, require
from storage.repositories.handling import HandlingRepository
from storage.uow import UnitOfWork


class OfficialOrModerator(Filter):
    """Officials (with their departments) and moderators: assign, merge, reject and history."""

    async def __call__(
        self, event: TelegramObject, services: Services, event_from_user: User | None = None
    ) -> bool | dict[str, Any]:
        if event_from_user is None:
            return False
        departments = services.officials.get(event_from_user.id, ())
        if departments or services.is_moderator_anywhere(event_from_user.id):
            return {"departments": departments}
        return False


def actor(services: Services, user: User, departments: Iterable[str]) -> Actor:
    return Actor(user.id, frozenset(departments), services.is_moderator_anywhere(user.id))


def over(services: Services, actor: Actor, *chat_ids: int) -> Actor:
    """The actor as the proposals at hand see them: a moderator's power over a proposal comes from
    its group (an administrator of one group is nobody in another), over every group involved."""
    moderates = all(services.is_moderator(chat_id, actor.user_id) for chat_id in chat_ids)
    return replace(actor, is_moderator=moderates)


def parse_number(args: str | None) -> tuple[int | None, str]:
    """``"12 rest of text"`` -> ``(12, "rest of text")``; ``#12`` works too; no number -> None."""
    parts = (args or "").split(maxsplit=1)
    head = parts[0].lstrip("#") if parts else ""
    if not head.isdecimal():
        return None, ""
    return int(head), parts[1].strip() if len(parts) > 1 else ""


def department_list(t: Translate, services: Services) -> str:
    return ", ".join(t("handling-department", id=d.id, name=d.name) for d in services.departments)


def usage(t: Translate, services: Services, name: str) -> str:
    return t(f"handling-usage-{name}", departments=department_list(t, services))


async def decide_step(
    message: Message, t: Translate, services: Services, uow: UnitOfWork, actor: Actor, action: Action,
    number: int, *, into: int | None = None, **inputs: Any,
) -> tuple[HandlingCase, Transition] | None:
    """Load, decide and record one step; a refusal is answered with its text and changes nothing."""
    repo = uow.repo(HandlingRepository)
    now = services.clock.now()
    try:
        case = await repo.get(number)
        view = require(case.view if case else None, number)
        target, groups = None, [case.chat_id] if case else []
        if into is not None:
            found = await repo.get(into)
            target = require(found.view if found else None, into)
            groups += [found.chat_id] if found else []
        actor = over(services, actor, *groups)
        step = decide(view, action, actor, now=now, into=target, known_departments=desk(services).known,
                      **inputs)
    except DomainError as error:
        await message.answer(t(f"handling-refused-{error.code}", number=error.data.get("number", number),
                               departments=department_list(t, services)))
        return None
    assert case is not None
    answered = on_time(case.created_at, now, services.handling) if action is Action.ANSWER else None
    if not await repo.record(step, on_time=answered):
        await message.answer(t("handling-refused-changed", number=number))
        return None
    return case, step
