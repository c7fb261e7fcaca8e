"""What officials read: /queue (the proposals waiting for their departments, oldest first, with
their cards) and /history N (every step of a proposal, with who and when, in the group's time).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from aiogram.filters import CommandObject
from aiogram.types import Message, User

from bot.features.handling.notices import NO_PREVIEW, age_text, desk
from bot.features.handling.publish import promise_date
from bot.features.handling.steps import parse_number, usage
from bot.i18n import Translate
from bot.services import Services
from bot.texts import esc, excerpt, fit
from bot.timefmt import local_text
from bot.visibility import sees_author
from deliberation.handling import HandlingCase, HistoryEntry
from storage.repositories.handling import HandlingRepository
from storage.uow import UnitOfWork

QUEUE_LIMIT = 25


async def cmd_queue(
    message: Message, t: Translate, services: Services, uow: UnitOfWork, departments: tuple[str, ...]
) -> None:
    cases = await uow.repo(HandlingRepository).queue(departments)
    if not cases:
        await message.answer(t("handling-queue-empty"))
        return
    now = services.clock.now()
    lines = [t("handling-queue-title", count=len(cases))]
    def marks(c: HandlingCase) -> str:
        shown = [t("handling-card-name", level=c.issued)] if c.issued else []
        if c.promised_by is not None:
            shown.append(t("handling-queue-promise", date=promise_date(services, c.promised_by)))
        return "".join(f" · {mark}" for mark in shown)

    lines += [
        t("handling-queue-item", number=c.number, state=t("handling-state", state=c.state.value),
          card=marks(c), age=age_text(t, now - c.created_at), text=excerpt(c.text, 60))
        for c in cases[:QUEUE_LIMIT]
    ]
    if len(cases) > QUEUE_LIMIT:
        lines.append(t("handling-queue-more", count=len(cases) - QUEUE_LIMIT))
    await message.answer(fit(lines), link_preview_options=NO_PREVIEW)


def _step_text(t: Translate, services: Services, step: HistoryEntry, who: Callable[[int | None], str]) -> str:
    offices = desk(services)
    detail = excerpt(step.detail or "", 300)
    action = step.action
    if action == "rate":
        detail = t("handling-rating", rating=step.detail or "")
    elif action in ("card", "promise_card"):
        detail = t("handling-card-name", level=int(step.detail or 0))
    elif action == "adopt":
        detail = f"：{detail}" if detail else ""
    if action == "assign" and step.actor_id in services.officials:
        action = "refer"  # an official handing the case over: 转办
    elif action == "answer" and step.rework:
        action = "answer-rework"
    elif action == "progress" and step.extended:
        action = "progress-extended"
    why = "-why" if step.detail and action in ("assign", "refer", "merge") else ""
    approval = t("handling-step-approval", who=who(step.approved_by)) if step.approved_by else ""
    date = promise_date(services, datetime.fromisoformat(step.promised_by)) if step.promised_by else ""
    return t(f"handling-step-{action}{why}", detail=detail, into=step.into or "", date=date,
             approval=approval, department=offices.label({step.department_id} if step.department_id else ()))


async def cmd_history(message: Message, command: CommandObject, t: Translate, services: Services,
                      uow: UnitOfWork, event_from_user: User | None = None) -> None:
    number, _ = parse_number(command.args)
    if number is None:
        await message.answer(usage(t, services, "history"))
        return
    repo = uow.repo(HandlingRepository)
    case = await repo.get(number)
    if case is None:
        await message.answer(t("handling-refused-unknown_proposal", number=number, departments=""))
        return
    viewer = event_from_user.id if event_from_user is not None else 0
    leader = viewer in desk(services).leaders_of(case.departments)
    if viewer not in services.officials and not leader and not services.is_moderator(case.chat_id, viewer):
        # a moderator of another group has no business with this group's proposals
        await message.answer(t("handling-refused-not_moderator", number=number, departments=""))
        return
    steps = await repo.history(number)
    people = {s.actor_id for s in steps if s.actor_id} | {s.approved_by for s in steps if s.approved_by}
    names = await repo.names(case.chat_id, people | {case.author_id})
    group = services.groups.get(case.chat_id)
    tz = group.timezone if group else services.settings.locale.timezone
    named = await sees_author(services, uow, viewer, where=message.chat.id, chat_id=case.chat_id,
                              author_id=case.author_id, departments=case.departments)

    def who(uid: int | None) -> str:
        if uid is None:
            return t("handling-bot")
        if uid == case.author_id and not named:
            return t("handling-author-hidden")
        return esc(names.get(uid, str(uid)))

    state = t("handling-state", state=case.state.value)
    lines = [t("handling-history-title", number=number, state=state, text=excerpt(case.text, 80)),
             t("handling-history-created", at=local_text(case.created_at, tz), who=who(case.author_id))]
    lines += [t("handling-history-item", at=local_text(s.at, tz), who=who(s.actor_id),
                what=_step_text(t, services, s, who)) for s in steps]
    await message.answer(fit(lines), link_preview_options=NO_PREVIEW)
