"""Review before publishing (审核: 负责人签字后方可发布), for departments with ``review = true``.

An official's ``/progress`` or ``/answer`` becomes a draft sent to the department's leaders with
two buttons: 同意发布 (the reply is decided again, recorded with who approved it, and posted) and
退回修改 (the leader is asked for a note, which goes back to the official). The deadline keeps
running while a draft waits: the reply counts from when it is published. One draft per proposal
waits at a time; a decided draft cannot be decided again (the update is the claim).
"""

from __future__ import annotations

from functools import partial
from typing import Any

from aiogram import Bot
from aiogram.types import CallbackQuery, Message

from bot.features.handling.notices import desk, tell_officials
from bot.features.handling.publish import promise_date, publish
from bot.features.handling.steps import record_step
from bot.i18n import Translate
from bot.services import Services
from bot.telegram.callbacks import toast
from bot.texts import excerpt, message_link
from deliberation.errors import DomainError
from deliberation.handling import Action, Actor, HandlingCase, Transition, decide
from storage.repositories.handling import HandlingRepository
from storage.repositories.reviews import APPROVED, RETURNED, DraftRecord, ReviewRepository
from storage.uow import UnitOfWork

PREFIX = "draft:"


def _buttons(draft_id: int) -> Any:
    def markup(t: Translate) -> dict[str, Any]:
        return {"inline_keyboard": [[
            {"text": t("handling-draft-approve"), "callback_data": f"{PREFIX}ok:{draft_id}"},
            {"text": t("handling-draft-return"), "callback_data": f"{PREFIX}back:{draft_id}"},
        ]]}
    return markup


async def submit_draft(services: Services, uow: UnitOfWork, message: Message, t: Translate,
                       case: HandlingCase, step: Transition) -> None:
    """The decided reply, kept as a draft and sent to the department's leaders."""
    reviews = uow.repo(ReviewRepository)
    if await reviews.pending_draft(case.number) is not None:
        await message.answer(t("handling-draft-pending", number=case.number))
        return
    department = step.department or ""
    draft = await reviews.add_draft(number=case.number, kind=step.action.value, department_id=department,
                                    author_id=step.actor_id, text=step.detail or "",
                                    promised_by=step.promised_by, now=step.at)
    await uow.repo(HandlingRepository).note(case.number, at=step.at, actor_id=step.actor_id, action="draft",
                                            detail=step.detail, department=department, kind=draft.kind)
    offices = desk(services)
    date = promise_date(services, step.promised_by)

    def render(lt: Translate) -> str:
        return lt("handling-draft-review", number=case.number, departments=offices.label({department}),
                  kind=draft.kind, date=date, text=excerpt(draft.text, 3000), proposal=excerpt(case.text),
                  link=message_link(case.chat_id, case.message_id))

    await tell_officials(services, uow, offices.leaders_of({department}), f"handling:draft:{draft.id}",
                         render, markup=_buttons(draft.id))
    await message.answer(t("handling-draft-sent", number=case.number))


async def _tell_author(
    services: Services, uow: UnitOfWork, draft: DraftRecord, key: str, **values: Any
) -> None:
    await tell_officials(services, uow, [draft.author_id], f"handling:draft:{draft.id}:{key}",
                         lambda lt: lt(key, number=draft.number, **values))


async def cb_draft(query: CallbackQuery, t: Translate, services: Services, uow: UnitOfWork, bot: Bot) -> None:
    """同意发布 or 退回修改, by a leader of the draft's department only."""
    verb, _, ident = (query.data or "").removeprefix(PREFIX).partition(":")
    reviews = uow.repo(ReviewRepository)
    draft = await reviews.get_draft(int(ident)) if ident.isdecimal() else None
    if draft is None or verb not in ("ok", "back"):
        await toast(query, t("handling-draft-gone"))
        return
    leader = query.from_user.id
    if leader not in desk(services).leaders_of({draft.department_id}):
        await toast(query, t("handling-not-leader"))
        return
    if draft.state != "pending":
        await toast(query, t("handling-draft-decided", number=draft.number))
        return
    if verb == "back":
        await reviews.ask(leader, "return", draft.id, now=services.clock.now())
        await toast(query, t("handling-draft-note-asked"))
        uow.after_commit(partial(bot.send_message, leader, t("handling-draft-note", number=draft.number,
                                                            draft=draft.id)))
        return
    await _approve(query, t, services, uow, bot, draft)


async def _approve(query: CallbackQuery, t: Translate, services: Services, uow: UnitOfWork, bot: Bot,
                   draft: DraftRecord) -> None:
    now, leader = services.clock.now(), query.from_user.id
    case = await uow.repo(HandlingRepository).get(draft.number)
    author = Actor(draft.author_id, frozenset({draft.department_id}))
    try:
        if case is None:
            raise DomainError("unknown_proposal", number=draft.number)
        step = decide(case.view, Action(draft.kind), author, now=now, text=draft.text,
                      promise=draft.promised_by, target_department=draft.department_id)
    except DomainError as error:
        # the proposal moved on (answered meanwhile, the promised date passed): the draft is void
        reason = t(f"handling-refused-{error.code}", number=draft.number, departments="")
        await uow.repo(ReviewRepository).decide_draft(draft.id, RETURNED, by=leader, now=now, note=reason)
        await _tell_author(services, uow, draft, "handling-draft-void", reason=reason)
        await toast(query, reason)
        return
    if not await uow.repo(ReviewRepository).decide_draft(draft.id, APPROVED, by=leader, now=now):
        await toast(query, t("handling-draft-decided", number=draft.number))
        return
    if not await record_step(services, uow, case, step, approved_by=leader):
        await toast(query, t("handling-refused-changed", number=draft.number))
        return
    await _tell_author(services, uow, draft, "handling-draft-approved")
    uow.after_commit(partial(publish, services, bot, case, step))
    await toast(query, t("handling-draft-approved-done", number=draft.number))


async def take_return_note(services: Services, uow: UnitOfWork, message: Message, t: Translate,
                           draft_id: int, note: str) -> None:
    """The leader's note on a draft sent back: the draft is returned and the official told."""
    reviews = uow.repo(ReviewRepository)
    draft = await reviews.get_draft(draft_id)
    now = services.clock.now()
    if draft is None or not await reviews.decide_draft(draft_id, RETURNED, by=message.chat.id, now=now,
                                                       note=note):
        await message.answer(t("handling-draft-decided", number=draft.number if draft else draft_id))
        return
    await uow.repo(HandlingRepository).note(draft.number, at=now, actor_id=message.chat.id, action="returned",
                                            detail=note, department=draft.department_id)
    await _tell_author(services, uow, draft, "handling-draft-returned", note=excerpt(note, 1000),
                       command=f"/{draft.kind} {draft.number}")
    await message.answer(t("handling-draft-returned-done", number=draft.number))
