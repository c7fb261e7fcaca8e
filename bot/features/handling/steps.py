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
    """Officials (with their departments), moderators and leaders: assign, merge, reject and
    history (the domain refuses a leader the steps that are not theirs)."""

    async def __call__(
        self, event: TelegramObject, services: Services, event_from_user: User | None = None
    ) -> bool | dict[str, Any]:
        if event_from_user is None:
            return False
        departments = services.officials.get(event_from_user.id, ())
        uid = event_from_user.id
        if departments or services.is_moderator_anywhere(uid) or desk(services).leads(uid):
            return {"departments": departments}
        return False


def actor(services: Services, user: User, departments: Iterable[str]) -> Actor:
    return Actor(user.id, frozenset(departments), services.is_moderator_anywhere(user.id),
                 desk(services).leads(user.id))


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
    decided = await decide_only(message, t, services, uow, actor, action, number, into=into, **inputs)
    if decided is None:
        return None
    case, step = decided
    if not await record_step(services, uow, case, step):
        await message.answer(t("handling-refused-changed", number=number))
        return None
    return case, step


async def record_step(
    services: Services, uow: UnitOfWork, case: HandlingCase, step: Transition, *,
    approved_by: int | None = None,
) -> bool:
    """Record a decided step; a reply (interim or final) carries the on-time verdict of the first
    reply. False when the proposal moved on since it was read."""
    replied = step.action in (Action.ANSWER, Action.PROGRESS)
    verdict = on_time(case.created_at, step.at, services.handling) if replied else None
    recorded = await uow.repo(HandlingRepository).record(step, on_time=verdict, approved_by=approved_by)
    if recorded and step.action is Action.ANSWER:
        # whoever follows the proposal (its author and supporters, privately) hears the answer,
        # queued in the answer's own transaction
        label = desk(services).label({step.department} if step.department else ())
        for hook in services.hooks.proposal_answered:
            await hook(services, uow, case, label, step.detail or "")
    return recorded


async def decide_only(
    message: Message, t: Translate, services: Services, uow: UnitOfWork, actor: Actor, action: Action,
    number: int, *, into: int | None = None, **inputs: Any,
) -> tuple[HandlingCase, Transition] | None:
    """Load and decide one step without recording it (a draft under review is recorded when a
    leader approves it); a refusal is answered with its text."""
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
    return case, step
