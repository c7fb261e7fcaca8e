"""Proposals (建言征集) in the group: recognise, number, acknowledge, support; /my and /proposal.

Every group message passes the ``Tagged`` filter, so it looks for a number sign before anything
else and uses the group's TopicMatcher built once in ``setup``: an ordinary message costs no
database round-trip and reaches the routers after this one untouched. The domain decides
(``deliberation.proposals``); this module records through ``ProposalRepository`` and answers.
"""

from __future__ import annotations

import logging
from typing import Any

from aiogram import Bot, Router
from aiogram.dispatcher.event.bases import SkipHandler
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import Command, CommandObject, Filter
from aiogram.filters.callback_data import CallbackData
from aiogram.types import (
    CallbackQuery,
    Chat,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    LinkPreviewOptions,
    Message,
    ReplyParameters,
    User,
)

from bot.deps import Services
from bot.filters.common import Where
from bot.filters.scope import ConfiguredGroup
from bot.i18n import Translate
from bot.texts import display_name, esc, message_link
from bot.timefmt import local_text
from deliberation.keywords import TopicMatcher, might_be_proposal
from deliberation.nicknames import check_name
from deliberation.policy import GroupPolicy
from deliberation.proposals import (
    DUPLICATE_WINDOW,
    MIN_LENGTH,
    Recognition,
    SupportAction,
    duplicate_key,
    is_duplicate,
    recognise,
    toggle_support,
)
from storage.repositories.proposals import ProposalRecord, ProposalRepository
from storage.uow import UnitOfWork

log = logging.getLogger(__name__)

FEATURE = "proposals"  # services.features[FEATURE]: chat_id -> TopicMatcher
HOOKS = "on_proposal_created"  # services.features[HOOKS]: [async hook(services, uow, bot, record)]
MY_LIMIT = 20
TEXT_LIMIT = 3000  # /proposal stays under Telegram's 4096 characters
NO_SUPPORT = frozenset({"rejected", "merged"})
_REFUSALS = {"too_short": "proposal-too-short", "empty": "proposal-empty"}
_TOASTS = {
    SupportAction.ADDED: "proposal-support-added",
    SupportAction.WITHDRAWN: "proposal-support-withdrawn",
}


class SupportCallback(CallbackData, prefix="psup"):
    number: int


class Tagged(Filter):
    """A member's message whose text or caption names a topic by hashtag (or tried to and is too
    short); passes the domain's ``recognition``. Commands are left to their handlers."""

    async def __call__(
        self, message: Message, services: Services, event_chat: Chat | None = None
    ) -> bool | dict[str, Any]:
        text = message.text or message.caption
        if not text or not might_be_proposal(text) or text.startswith("/") or event_chat is None:
            return False
        if message.from_user is None or message.from_user.is_bot:
            return False
        matcher = services.features.get(FEATURE, {}).get(event_chat.id)
        if matcher is None:
            return False
        recognition = recognise(text, matcher, command=False)
        if not recognition.is_proposal and recognition.refusal is None:
            return False
        return {"recognition": recognition}


def setup(services: Services) -> None:
    services.features[FEATURE] = {
        chat_id: TopicMatcher(group.topics) for chat_id, group in services.groups.items()
    }


def support_keyboard(t: Translate, number: int, count: int) -> InlineKeyboardMarkup:
    label = t("proposal-support-button", count=str(count))
    data = SupportCallback(number=number).pack()
    return InlineKeyboardMarkup(inline_keyboard=[[InlineKeyboardButton(text=label, callback_data=data)]])


def topics_text(t: Translate, topics: tuple[str, ...]) -> str:
    return " ".join(f"#{esc(topic)}" for topic in topics) or t("proposal-no-topics")


async def _author(uow: UnitOfWork, group: GroupPolicy, user: User) -> tuple[str, str]:
    """The real name and unit at this moment: a compliant display name, else the /iam
    registration, else the display name as it is."""
    verdict = check_name(user.first_name, user.last_name, group.nickname)
    if verdict.ok and verdict.name:
        return verdict.name, verdict.unit or ""
    registered = await uow.chats.get_user(user.id)
    if registered is not None and registered.real_name:
        return registered.real_name, registered.unit or ""
    return display_name(user.first_name, user.last_name), ""


async def _acknowledge(bot: Bot, t: Translate, repo: ProposalRepository, record: ProposalRecord) -> None:
    text = t("proposal-ack", number=str(record.number), topics=topics_text(t, record.topics))
    try:
        sent = await bot.send_message(
            record.chat_id, text, reply_markup=support_keyboard(t, record.number, record.supports),
            reply_parameters=ReplyParameters(message_id=record.message_id, allow_sending_without_reply=True),
        )
    except TelegramAPIError as exc:
        log.warning("proposal ack failed chat_id=%s number=%s error=%s", record.chat_id, record.number,
                    type(exc).__name__)
        return
    await repo.set_ack(record.number, sent.message_id)


async def _submit(
    services: Services, uow: UnitOfWork, bot: Bot, t: Translate, group: GroupPolicy,
    source: Message, author: User, recognition: Recognition, notify: Message,
) -> None:
    """``source`` becomes a proposal by ``author``; refusals are told in reply to ``notify``."""
    repo = uow.repo(ProposalRepository)
    existing = await repo.by_message(source.chat.id, source.message_id)
    if existing is not None:  # a redelivered update, or a moderator converting a proposal again
        if existing.ack_message_id is None:
            await _acknowledge(bot, t, repo, existing)
        elif notify is not source:
            await notify.reply(t("proposal-already", number=str(existing.number)))
        return
    if not recognition.is_proposal:
        await notify.reply(t(_REFUSALS[recognition.refusal or "empty"], min=str(MIN_LENGTH)))
        return
    now = services.clock.now()
    key = duplicate_key(author.id, recognition.body, services.features[FEATURE][group.chat_id])
    previous = await repo.recent_keys(author.id, now - DUPLICATE_WINDOW)
    if is_duplicate([(k, at) for _n, k, at in previous], key, now):
        number = max(n for n, k, _at in previous if k == key)
        await notify.reply(t("proposal-duplicate", number=str(number)))
        return
    name, unit = await _author(uow, group, author)
    record = await repo.add(
        chat_id=source.chat.id, message_id=source.message_id, author_id=author.id, author_name=name,
        author_unit=unit, text=recognition.body, topics=recognition.topics, dup_key=key,
        link=message_link(source.chat.id, source.message_id), now=now,
    )
    for hook in services.features.get(HOOKS, []):
        # a failing hook (routing) must not take the member's proposal with it: undo only its part
        try:
            async with uow.session.begin_nested():
                await hook(services, uow, bot, record)
        except Exception:
            log.exception("proposal hook failed number=%s", record.number)
    await uow.commit()  # the proposal is kept even if the acknowledgement fails
    log.info("proposal recorded number=%s chat_id=%s user_id=%s", record.number, record.chat_id, author.id)
    await _acknowledge(bot, t, repo, record)


async def on_tagged(
    message: Message, recognition: Recognition, services: Services, uow: UnitOfWork, bot: Bot,
    t: Translate, group: GroupPolicy,
) -> None:
    assert message.from_user is not None
    await _submit(services, uow, bot, t, group, message, message.from_user, recognition, message)


async def cmd_propose(
    message: Message, command: CommandObject, services: Services, uow: UnitOfWork, bot: Bot,
    t: Translate, group: GroupPolicy | None, event_from_user: User,
) -> None:
    """``/propose TEXT``; or, as a reply without text, the replied message becomes the proposal
    of its author (a moderator's way of collecting a suggestion made without a hashtag).
    Proposals are made in the group, where they are seen and supported."""
    if group is None:
        await message.answer(t("proposal-propose-in-group"))
        return
    matcher = services.features[FEATURE][group.chat_id]
    target = message.reply_to_message
    if (command.args or "").strip():
        recognition = recognise(message.text or message.caption or "", matcher, command=True)
        await _submit(services, uow, bot, t, group, message, event_from_user, recognition, message)
        return
    if target is None:
        await message.reply(t("proposal-propose-usage"))
        return
    author = target.from_user
    if author is None or author.is_bot:
        await message.reply(t("proposal-not-a-person"))
        return
    if author.id != event_from_user.id and not services.is_moderator(group.chat_id, event_from_user.id):
        await message.reply(t("refused-not-moderator"))
        return
    recognition = recognise(target.text or target.caption or "", matcher, command=True)
    await _submit(services, uow, bot, t, group, target, author, recognition, message)


async def on_edited(
    message: Message, services: Services, uow: UnitOfWork, bot: Bot, t: Translate, group: GroupPolicy,
) -> None:
    """An edit updates the proposal's text and keeps the earlier one; an edit that adds a topic
    hashtag to an ordinary message makes it a proposal. Anything else goes on to other routers."""
    text = message.text or message.caption
    if not text or message.from_user is None or message.from_user.is_bot:
        raise SkipHandler
    matcher = services.features[FEATURE][group.chat_id]
    command = text.lstrip().startswith("/")
    recognition = recognise(text, matcher, command=command)
    repo = uow.repo(ProposalRepository)
    record = await repo.by_message(message.chat.id, message.message_id)
    if record is None:
        if command or not recognition.is_proposal:
            raise SkipHandler
        await _submit(services, uow, bot, t, group, message, message.from_user, recognition, message)
        return
    key = duplicate_key(record.author_id, recognition.body, matcher)
    if await repo.edit_text(record.number, recognition.body, key, services.clock.now()):
        log.info("proposal edited number=%s chat_id=%s", record.number, record.chat_id)


async def cb_support(
    query: CallbackQuery, callback_data: SupportCallback, services: Services, uow: UnitOfWork, bot: Bot,
    t: Translate,
) -> None:
    number = callback_data.number
    repo = uow.repo(ProposalRepository)
    record = await repo.get(number)
    if record is None or record.state in NO_SUPPORT:
        key = "proposal-unknown" if record is None else "proposal-support-closed"
        await _toast(query, t(key, number=str(number)))
        return
    decision = toggle_support(await repo.supporters(number), record.author_id, query.from_user.id)
    if decision.action is SupportAction.REFUSED_AUTHOR:
        await _toast(query, t("proposal-support-own"))
        return
    if decision.action is SupportAction.ADDED:
        await repo.add_support(number, query.from_user.id, services.clock.now())
    else:
        await repo.remove_support(number, query.from_user.id)
    await uow.commit()
    await _toast(query, t(_TOASTS[decision.action], number=str(number)))
    if isinstance(query.message, Message):
        try:
            await bot.edit_message_reply_markup(
                chat_id=query.message.chat.id, message_id=query.message.message_id,
                reply_markup=support_keyboard(t, number, len(decision.supporters)),
            )
        except TelegramAPIError as exc:  # "not modified" after a quick double press, among others
            log.info("support button not updated number=%s error=%s", number, type(exc).__name__)


async def _toast(query: CallbackQuery, text: str) -> None:
    try:
        await query.answer(text)
    except TelegramAPIError as exc:  # the press is too old to answer; the change itself stands
        log.info("callback not answered user_id=%s error=%s", query.from_user.id, type(exc).__name__)


async def cmd_my(message: Message, uow: UnitOfWork, t: Translate, event_from_user: User) -> None:
    repo = uow.repo(ProposalRepository)
    records = await repo.by_author(event_from_user.id, limit=MY_LIMIT)
    if not records:
        await message.reply(t("proposal-my-none"))
        return
    total = await repo.count_by_author(event_from_user.id) if len(records) == MY_LIMIT else len(records)
    lines = [t("proposal-my-header", count=str(total), shown=str(len(records)))]
    lines += [
        t("proposal-my-line", number=str(r.number), topics=topics_text(t, r.topics),
          state=t(f"proposal-state-{r.state}"), supports=str(r.supports))
        for r in records
    ]
    await message.reply("\n".join(lines))


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


async def cmd_proposal(
    message: Message, command: CommandObject, services: Services, uow: UnitOfWork, t: Translate,
) -> None:
    arg = (command.args or "").strip().lstrip("#＃")
    if not arg.isdecimal():
        await message.reply(t("proposal-show-usage"))
        return
    record = await uow.repo(ProposalRepository).get(int(arg))
    if record is None:
        await message.reply(t("proposal-unknown", number=esc(arg)))
        return
    group = services.groups.get(record.chat_id)
    tz = group.timezone if group is not None else services.settings.locale.timezone
    author = t("proposal-author", name=esc(record.author_name), unit=esc(record.author_unit)) if (
        record.author_unit) else esc(record.author_name)
    parts = [t(
        "proposal-show", number=str(record.number), state=t(f"proposal-state-{record.state}"),
        author=author, topics=topics_text(t, record.topics), created=local_text(record.created_at, tz),
        supports=str(record.supports), link=esc(record.link or "-"), text=esc(_clip(record.text, TEXT_LIMIT)),
    )]
    if record.answer_text:
        parts.append(t("proposal-show-answer", answer=esc(_clip(record.answer_text, 800))))
    if record.merged_into is not None:
        parts.append(t("proposal-show-merged", into=str(record.merged_into)))
    if record.state == "rejected" and record.reject_reason:
        parts.append(t("proposal-show-rejected", reason=esc(_clip(record.reject_reason, 200))))
    await message.reply("\n\n".join(parts), link_preview_options=LinkPreviewOptions(is_disabled=True))


def _slash(message: Message) -> bool:
    return (message.text or message.caption or "").startswith("/")


def build_router() -> Router:
    router = Router(name=FEATURE)
    router.message.register(on_tagged, ConfiguredGroup(), Tagged())
    router.edited_message.register(on_edited, ConfiguredGroup())
    router.callback_query.register(cb_support, SupportCallback.filter())
    # aiogram's Command costs ~14 µs on an ordinary message: one slash check guards all three.
    # Messages of unconfigured groups never get here (core leaves those groups).
    commands = Router(name=f"{FEATURE}-commands")
    commands.message.filter(Where(_slash))
    commands.message.register(cmd_propose, Command("propose"))
    commands.message.register(cmd_my, Command("my"))
    commands.message.register(cmd_proposal, Command("proposal"))
    router.include_router(commands)
    return router
