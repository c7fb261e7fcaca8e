"""Handling within deadlines (限时办结) in Telegram: routing, officials' commands, answers posted
back to the group with rating buttons, and the deadline cards.

Officials work in a private chat with the bot (the practice's "办理平台"); everything they do goes
through ``deliberation.handling.decide`` and is recorded with who, when and why. What scheduled
work decides (notices, cards) goes through the outbox in the transaction of the decision.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from aiogram import Bot, Router
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import Command, CommandObject, Filter
from aiogram.types import (
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    ReplyParameters,
    TelegramObject,
    User,
)

from bot.deps import Services
from bot.filters.common import Where
from bot.filters.scope import IsOfficial, PrivateChat
from bot.i18n import Translate
from bot.jobs.runner import JobRunner
from bot.notify import tell_moderators
from bot.texts import esc, mention, message_link
from bot.timefmt import local_text
from deliberation.deadlines import Card, CardDecision, OpenItem, due_cards
from deliberation.errors import DomainError
from deliberation.handling import Action, Actor, Rating, Transition, decide, on_time, require, route
from storage.records import OutboxRecord
from storage.repositories.handling import HandlingCase, HandlingRepository, HistoryEntry
from storage.repositories.proposals import ProposalRecord
from storage.uow import UnitOfWork

log = logging.getLogger(__name__)
KIND = "handling"
CARD_NAMES = {Card.YELLOW: "yellow", Card.RED: "red", Card.URGE: "urge"}
COMMANDS = ("queue", "accept", "assign", "answer", "reject", "merge", "close", "history")
QUEUE_LIMIT = 25
NO_PREVIEW = {"is_disabled": True}
Shown = HandlingCase | ProposalRecord  # what a notice needs: number, topics, text, author, message


@dataclass(frozen=True, slots=True)
class Desk:
    """The departments as handling needs them, built once from the configuration."""

    known: frozenset[str]
    names: dict[str, str]
    officials: dict[str, tuple[int, ...]]
    by_name: dict[str, str]  # id or name, folded -> id

    def officials_of(self, departments: Iterable[str]) -> list[int]:
        return sorted({uid for d in departments for uid in self.officials.get(d, ())})

    def label(self, departments: Iterable[str]) -> str:
        return "、".join(self.names.get(d, d) for d in sorted(departments))


def _desk(services: Services) -> Desk:
    return services.features["handling"]


def _excerpt(text: str, size: int = 200) -> str:
    return esc(text if len(text) <= size else text[: size - 1] + "…")


def _join(lines: list[str], limit: int = 4000) -> str:
    """Whole lines within Telegram's 4096 characters (cutting a line could break its HTML)."""
    kept, size = [], 0
    for line in lines:
        size += len(line) + 1
        if size > limit:
            kept.append("…")
            break
        kept.append(line)
    return "\n".join(kept)


def _age(t: Translate, age: timedelta) -> str:
    minutes = max(0, int(age.total_seconds()) // 60)
    return t("handling-age", days=minutes // 1440, hours=minutes // 60 % 24, minutes=minutes % 60)


def _is_moderator(services: Services, user_id: int) -> bool:
    return services.is_moderator(None, user_id) or any(
        services.is_moderator(chat_id, user_id) for chat_id in services.groups
    )


class OfficialOrModerator(Filter):
    """Officials (with their departments) and moderators: assign, merge, reject and history."""

    async def __call__(
        self, event: TelegramObject, services: Services, event_from_user: User | None = None
    ) -> bool | dict[str, Any]:
        if event_from_user is None:
            return False
        departments = services.officials.get(event_from_user.id, ())
        if departments or _is_moderator(services, event_from_user.id):
            return {"departments": departments}
        return False


# telling people --------------------------------------------------------------------------------
async def _tell_officials(
    services: Services, uow: UnitOfWork, officials: Iterable[int], key: str,
    render: Callable[[Translate], str],
) -> None:
    """Each official in their own language, once per ``key``, through the outbox."""
    ids = sorted(set(officials))
    users = await uow.chats.users(ids)
    now = services.clock.now()
    for uid in ids:
        user = users.get(uid)
        t = services.translator.bind(services.language(None, user.language_code if user else None))
        await uow.outbox.enqueue(key=f"{key}:{uid}", kind=KIND, chat_id=uid, now=now,
                                 params={"text": render(t), "link_preview_options": NO_PREVIEW})


def _group_t(services: Services, chat_id: int) -> Translate:
    group = services.groups.get(chat_id)
    return services.translator.bind(group.locale if group else services.translator.default)


def _author(t: Translate, case: Shown) -> str:
    name, unit = esc(case.author_name), esc(case.author_unit)
    return t("handling-author", name=name, unit=unit) if unit else name


def _notice(case: Shown, desk: Desk, departments: Iterable[str]) -> Callable[[Translate], str]:
    def render(t: Translate) -> str:
        return t("handling-new", number=case.number, topics="、".join(case.topics) or "-",
                 departments=desk.label(departments), text=_excerpt(case.text), author=_author(t, case),
                 link=message_link(case.chat_id, case.message_id))
    return render


async def _tell_departments(
    services: Services, uow: UnitOfWork, case: Shown, departments: Iterable[str],
    key: str,
) -> None:
    desk = _desk(services)
    departments = sorted(departments)
    render = _notice(case, desk, departments)
    await _tell_officials(services, uow, desk.officials_of(departments), key, render)


async def on_proposal_created(services: Services, uow: UnitOfWork, bot: Bot, record: ProposalRecord) -> None:
    """Route a new proposal to the departments of its topics; none: the moderators assign it."""
    departments = route(record.topics, services.departments)
    await uow.repo(HandlingRepository).assign(record.number, departments, now=services.clock.now())
    if departments:
        await _tell_departments(services, uow, record, departments, f"handling:new:{record.number}")
        return
    t = _group_t(services, record.chat_id)
    text = t("handling-unrouted", number=record.number, text=_excerpt(record.text),
             departments=", ".join(sorted(_desk(services).known)),
             link=message_link(record.chat_id, record.message_id))
    key = f"handling:unrouted:{record.number}"
    await tell_moderators(services, uow, record.chat_id, key, text, kind=KIND)


# officials' commands ---------------------------------------------------------------------------
def _parse(args: str | None) -> tuple[int | None, str]:
    """``"12 rest of text"`` -> ``(12, "rest of text")``; ``#12`` works too; no number -> None."""
    parts = (args or "").split(maxsplit=1)
    head = parts[0].lstrip("#") if parts else ""
    if not head.isdecimal():
        return None, ""
    return int(head), parts[1].strip() if len(parts) > 1 else ""


def _usage(t: Translate, services: Services, name: str) -> str:
    return t(f"handling-usage-{name}", departments=_department_list(t, services))


def _department_list(t: Translate, services: Services) -> str:
    return ", ".join(t("handling-department", id=d.id, name=d.name) for d in services.departments)


async def _decide(
    message: Message, t: Translate, services: Services, uow: UnitOfWork, actor: Actor, action: Action,
    number: int, *, into: int | None = None, **inputs: Any,
) -> tuple[HandlingCase, Transition] | None:
    """Load, decide and record one step; a refusal is answered with its text and changes nothing."""
    repo = uow.repo(HandlingRepository)
    now = services.clock.now()
    try:
        case = await repo.get(number)
        view = require(case.view if case else None, number)
        target = None
        if into is not None:
            found = await repo.get(into)
            target = require(found.view if found else None, into)
        step = decide(view, action, actor, now=now, into=target, known_departments=_desk(services).known,
                      **inputs)
    except DomainError as error:
        await message.answer(t(f"handling-refused-{error.code}", number=error.data.get("number", number),
                               departments=_department_list(t, services)))
        return None
    assert case is not None
    answered = on_time(case.created_at, now, services.handling) if action is Action.ANSWER else None
    if not await repo.record(step, on_time=answered):
        await message.answer(t("handling-refused-changed", number=number))
        return None
    return case, step


def _actor(services: Services, user: User, departments: Iterable[str]) -> Actor:
    return Actor(user.id, frozenset(departments), _is_moderator(services, user.id))


async def cmd_queue(
    message: Message, t: Translate, services: Services, uow: UnitOfWork, departments: tuple[str, ...]
) -> None:
    cases = await uow.repo(HandlingRepository).queue(departments)
    if not cases:
        await message.answer(t("handling-queue-empty"))
        return
    now = services.clock.now()
    lines = [t("handling-queue-title", count=len(cases))]
    lines += [
        t("handling-queue-item", number=c.number, state=t("handling-state", state=c.state.value),
          card=f" · {t('handling-card-name', level=c.issued)}" if c.issued else "",
          age=_age(t, now - c.created_at), text=_excerpt(c.text, 60))
        for c in cases[:QUEUE_LIMIT]
    ]
    if len(cases) > QUEUE_LIMIT:
        lines.append(t("handling-queue-more", count=len(cases) - QUEUE_LIMIT))
    await message.answer(_join(lines), link_preview_options=NO_PREVIEW)


async def cmd_accept(message: Message, command: CommandObject, t: Translate, services: Services,
                     uow: UnitOfWork, event_from_user: User, departments: tuple[str, ...]) -> None:
    number, _ = _parse(command.args)
    if number is None:
        await message.answer(_usage(t, services, "accept"))
        return
    if await _decide(message, t, services, uow, _actor(services, event_from_user, departments),
                     Action.ACCEPT, number):
        await message.answer(t("handling-done-accept", number=number))


async def cmd_close(message: Message, command: CommandObject, t: Translate, services: Services,
                    uow: UnitOfWork, event_from_user: User, departments: tuple[str, ...]) -> None:
    number, _ = _parse(command.args)
    if number is None:
        await message.answer(_usage(t, services, "close"))
        return
    if await _decide(message, t, services, uow, _actor(services, event_from_user, departments),
                     Action.CLOSE, number):
        await message.answer(t("handling-done-close", number=number))


async def cmd_assign(message: Message, command: CommandObject, t: Translate, services: Services,
                     uow: UnitOfWork, event_from_user: User, departments: tuple[str, ...]) -> None:
    number, rest = _parse(command.args)
    target, _, reason = rest.partition(" ")
    if number is None or not target:
        await message.answer(_usage(t, services, "assign"))
        return
    target = _desk(services).by_name.get(target.casefold(), target)
    done = await _decide(message, t, services, uow, _actor(services, event_from_user, departments),
                         Action.ASSIGN, number, target_department=target, text=reason)
    if done:
        case, step = done
        await _tell_departments(services, uow, case, {target}, f"handling:assigned:{number}:{target}")
        await message.answer(t("handling-done-assign", number=number,
                               department=_desk(services).label({step.department})))


async def _tell_group(bot: Bot, case: HandlingCase, text: str, **extra: Any) -> int | None:
    """Post in the group as a reply to the proposal (which may have been deleted meanwhile)."""
    try:
        sent = await bot.send_message(
            case.chat_id, text, link_preview_options=NO_PREVIEW, **extra,
            reply_parameters=ReplyParameters(message_id=case.message_id, allow_sending_without_reply=True),
        )
    except TelegramAPIError as exc:
        log.warning("group post failed chat_id=%s number=%s error=%s", case.chat_id, case.number,
                    type(exc).__name__)
        return None
    return sent.message_id


def _rating_buttons(t: Translate, number: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(inline_keyboard=[[
        InlineKeyboardButton(text=t("handling-rating", rating=r.value),
                             callback_data=f"rate:{number}:{r.value}")
        for r in Rating
    ]])


async def cmd_answer(message: Message, command: CommandObject, t: Translate, services: Services,
                     uow: UnitOfWork, bot: Bot, event_from_user: User, departments: tuple[str, ...]) -> None:
    number, text = _parse(command.args)
    if number is None:
        await message.answer(_usage(t, services, "answer"))
        return
    done = await _decide(message, t, services, uow, _actor(services, event_from_user, departments),
                         Action.ANSWER, number, text=text)
    if not done:
        return
    case, step = done
    await uow.commit()  # the answer is recorded whatever happens to the post
    gt = _group_t(services, case.chat_id)
    post = gt("handling-answer", author=mention(case.author_id, case.author_name), number=number,
              department=_desk(services).label({step.department}), text=_excerpt(step.detail or "", 3500))
    posted = await _tell_group(bot, case, post, reply_markup=_rating_buttons(gt, number))
    if posted is None:
        await message.answer(t("handling-answer-not-posted", number=number))
        return
    await uow.repo(HandlingRepository).set_answer_message(number, posted)
    await message.answer(t("handling-done-answer", number=number))


async def cmd_reject(message: Message, command: CommandObject, t: Translate, services: Services,
                     uow: UnitOfWork, bot: Bot, event_from_user: User, departments: tuple[str, ...]) -> None:
    number, reason = _parse(command.args)
    if number is None:
        await message.answer(_usage(t, services, "reject"))
        return
    done = await _decide(message, t, services, uow, _actor(services, event_from_user, departments),
                         Action.REJECT, number, text=reason)
    if done:
        case, step = done
        await uow.commit()
        gt = _group_t(services, case.chat_id)
        await _tell_group(bot, case, gt("handling-rejected", author=mention(case.author_id, case.author_name),
                                        number=number, reason=_excerpt(step.detail or "", 1000)))
        await message.answer(t("handling-done-reject", number=number))


async def cmd_merge(message: Message, command: CommandObject, t: Translate, services: Services,
                    uow: UnitOfWork, bot: Bot, event_from_user: User, departments: tuple[str, ...]) -> None:
    number, rest = _parse(command.args)
    into, reason = _parse(rest)
    if number is None or into is None:
        await message.answer(_usage(t, services, "merge"))
        return
    done = await _decide(message, t, services, uow, _actor(services, event_from_user, departments),
                         Action.MERGE, number, into=into, text=reason)
    if done:
        case, _ = done
        await uow.commit()
        gt = _group_t(services, case.chat_id)
        await _tell_group(bot, case, gt("handling-merged", author=mention(case.author_id, case.author_name),
                                        number=number, into=into))
        await message.answer(t("handling-done-merge", number=number, into=into))


def _step_text(t: Translate, desk: Desk, step: HistoryEntry) -> str:
    detail = _excerpt(step.detail or "", 300)
    if step.action == "rate":
        detail = t("handling-rating", rating=step.detail or "")
    elif step.action == "card":
        detail = t("handling-card-name", level=int(step.detail or 0))
    why = "-why" if step.detail and step.action in ("assign", "merge") else ""
    return t(f"handling-step-{step.action}{why}", detail=detail, into=step.into or "",
             department=desk.label({step.department_id} if step.department_id else ()))


async def cmd_history(message: Message, command: CommandObject, t: Translate, services: Services,
                      uow: UnitOfWork) -> None:
    number, _ = _parse(command.args)
    if number is None:
        await message.answer(_usage(t, services, "history"))
        return
    repo = uow.repo(HandlingRepository)
    case = await repo.get(number)
    if case is None:
        await message.answer(t("handling-refused-unknown_proposal", number=number, departments=""))
        return
    steps = await repo.history(number)
    names = await repo.names(case.chat_id, {s.actor_id for s in steps if s.actor_id} | {case.author_id})
    group = services.groups.get(case.chat_id)
    tz = group.timezone if group else services.settings.locale.timezone
    desk = _desk(services)

    def who(uid: int | None) -> str:
        return t("handling-bot") if uid is None else esc(names.get(uid, str(uid)))

    state = t("handling-state", state=case.state.value)
    lines = [t("handling-history-title", number=number, state=state, text=_excerpt(case.text, 80)),
             t("handling-history-created", at=local_text(case.created_at, tz), who=who(case.author_id))]
    lines += [t("handling-history-item", at=local_text(s.at, tz), who=who(s.actor_id),
                what=_step_text(t, desk, s)) for s in steps]
    await message.answer(_join(lines), link_preview_options=NO_PREVIEW)


async def cmd_not_official(message: Message, t: Translate) -> None:
    await message.answer(t("handling-not-official"))


# rating ----------------------------------------------------------------------------------------
async def _toast(query: CallbackQuery, text: str) -> None:
    """Always answer a press (the client spins until then); a press too old to answer changes nothing."""
    try:
        await query.answer(text)
    except TelegramAPIError as exc:
        log.info("callback not answered user_id=%s error=%s", query.from_user.id, type(exc).__name__)


async def cb_rate(query: CallbackQuery, t: Translate, services: Services, uow: UnitOfWork, bot: Bot) -> None:
    """Only the author rates, once per answer; 不满意 sends the proposal back to the department."""
    number_text, _, value = (query.data or "").removeprefix("rate:").partition(":")
    repo = uow.repo(HandlingRepository)
    case = await repo.get(int(number_text)) if number_text.isdecimal() else None
    stale = case is None or (query.message is not None and case.answer_message_id not in
                             (None, query.message.message_id))
    if case is None or stale:
        await _toast(query, t("handling-rate-expired"))
        return
    now = services.clock.now()
    try:
        step = decide(case.view, Action.RATE, Actor(query.from_user.id), now=now, rating=value)
    except DomainError as error:
        await _toast(query, t(f"handling-refused-{error.code}", number=case.number, departments=""))
        return
    if not await repo.record(step):
        await _toast(query, t("handling-refused-already_rated", number=case.number, departments=""))
        return
    if step.reopened:
        await _tell_officials(
            services, uow, _desk(services).officials_of(step.departments),
            f"handling:reopened:{case.number}:{int(now.timestamp())}",
            lambda ot: ot("handling-reopened", number=case.number, text=_excerpt(case.text),
                          link=message_link(case.chat_id, case.message_id)),
        )
    await uow.commit()
    await _toast(query, t("handling-rated"))
    if query.message is not None:
        try:
            await bot.edit_message_reply_markup(chat_id=case.chat_id, message_id=query.message.message_id,
                                                reply_markup=None)
        except TelegramAPIError as exc:
            log.warning("rating buttons stay chat_id=%s error=%s", case.chat_id, type(exc).__name__)


# deadlines -------------------------------------------------------------------------------------
async def issue_cards(services: Services, bot: Bot) -> None:
    """Yellow, red and urge cards, each once: the card row is inserted in the transaction that
    queues its notices, so a restart neither repeats nor skips one."""
    now = services.clock.now()
    async with services.uow() as uow:
        repo = uow.repo(HandlingRepository)
        waiting = await repo.open_cases(submitted_before=now - services.handling.yellow_after,
                                        below_level=Card.URGE)
        cases = {c.number: c for c in waiting}
        items = [OpenItem(c.number, c.created_at, False, Card(min(c.issued, Card.URGE)), c.departments)
                 for c in cases.values()]
        for decision in due_cards(items, services.handling, now):
            age = int(decision.age.total_seconds())
            if await repo.issue_card(decision.number, decision.level, now=now, age_seconds=age):
                await _announce_card(services, uow, cases[decision.number], decision)
        await uow.commit()


async def _announce_card(services: Services, uow: UnitOfWork, case: HandlingCase, card: CardDecision) -> None:
    desk = _desk(services)
    officials = desk.officials_of(card.departments)
    key = f"handling:card:{case.number}:{int(card.level)}"

    def render(t: Translate) -> str:
        return t(f"handling-card-{CARD_NAMES[card.level]}", number=case.number, age=_age(t, card.age),
                 departments=desk.label(card.departments) or "-", text=_excerpt(case.text),
                 link=message_link(case.chat_id, case.message_id))

    await _tell_officials(services, uow, officials, key, render)
    if card.level >= Card.RED or not officials:
        await tell_moderators(services, uow, case.chat_id, key, render(_group_t(services, case.chat_id)),
                              kind=KIND)


# wiring ----------------------------------------------------------------------------------------
def setup(services: Services) -> None:
    departments = services.departments
    services.features["handling"] = Desk(
        known=frozenset(d.id for d in departments),
        names={d.id: d.name for d in departments},
        officials={d.id: d.officials for d in departments},
        by_name={key.casefold(): d.id for d in departments for key in (d.name, d.id)},
    )
    services.features.setdefault("on_proposal_created", []).append(on_proposal_created)
    previous = services.features.get("on_undeliverable")

    async def on_undeliverable(services: Services, uow: UnitOfWork, record: OutboxRecord) -> None:
        """An official who never opened a private chat is reported to the moderators, once."""
        official = record.chat_id
        served = services.officials.get(official) if record.kind == KIND else None
        if served and await uow.claims.claim("notice", f"no-private:{official}", now=services.clock.now(),
                                             owner=services.instance):
            user = await uow.chats.get_user(official)
            t = services.translator.bind(services.translator.default)
            name = user.first_name if user else str(official)
            text = t("handling-no-private", official=mention(official, name),
                     departments=_desk(services).label(served))
            await tell_moderators(services, uow, None, f"handling:no-private:{official}", text, kind=KIND)
        if previous is not None:
            await previous(services, uow, record)

    services.features["on_undeliverable"] = on_undeliverable


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
