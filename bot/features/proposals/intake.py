"""How a message becomes a proposal: a topic hashtag in a member's message (``Tagged``, on every
group message), ``/propose`` (or a moderator's reply that collects someone's suggestion), and an
edit that adds a hashtag. An edit of a proposal updates its text and keeps the earlier one.

``Tagged`` looks for a number sign before anything else and uses the group's TopicMatcher built
once in ``setup``: an ordinary message costs no database round-trip.
"""

from __future__ import annotations

from typing import Any

from aiogram import Bot
from aiogram.dispatcher.event.bases import SkipHandler
from aiogram.filters import CommandObject, Filter
from aiogram.types import Chat, Message, User

from bot.features.proposals.recording import log, submit
from bot.features.proposals.state import topics
from bot.i18n import Translate
from bot.services import Services
from deliberation.keywords import might_be_proposal
from deliberation.policy import GroupPolicy
from deliberation.proposals import Recognition, duplicate_key, recognise
from storage.repositories.proposals import ProposalRepository
from storage.uow import UnitOfWork


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
        matcher = topics(services).get(event_chat.id)
        if matcher is None:
            return False
        recognition = recognise(text, matcher, command=False)
        if not recognition.is_proposal and recognition.refusal is None:
            return False
        return {"recognition": recognition}


async def on_tagged(
    message: Message, recognition: Recognition, services: Services, uow: UnitOfWork, bot: Bot,
    t: Translate, group: GroupPolicy,
) -> None:
    assert message.from_user is not None
    await submit(services, uow, bot, t, group, message, message.from_user, recognition, message)


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
    matcher = topics(services)[group.chat_id]
    target = message.reply_to_message
    if (command.args or "").strip():
        recognition = recognise(message.text or message.caption or "", matcher, command=True)
        await submit(services, uow, bot, t, group, message, event_from_user, recognition, message)
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
    await submit(services, uow, bot, t, group, target, author, recognition, message)


async def on_edited(
    message: Message, services: Services, uow: UnitOfWork, bot: Bot, t: Translate, group: GroupPolicy,
) -> None:
    """An edit updates the proposal's text and keeps the earlier one; an edit that adds a topic
    hashtag to an ordinary message makes it a proposal. Anything else goes on to other routers."""
    text = message.text or message.caption
    if not text or message.from_user is None or message.from_user.is_bot:
        raise SkipHandler
    matcher = topics(services)[group.chat_id]
    command = text.lstrip().startswith("/")
    recognition = recognise(text, matcher, command=command)
    repo = uow.repo(ProposalRepository)
    record = await repo.by_message(message.chat.id, message.message_id)
    if record is None:
        if command or not recognition.is_proposal:
            raise SkipHandler
        await submit(services, uow, bot, t, group, message, message.from_user, recognition, message)
        return
    key = duplicate_key(record.author_id, recognition.body, matcher)
    if await repo.edit_text(record.number, recognition.body, key, services.clock.now()):
        log.info("proposal edited number=%s chat_id=%s", record.number, record.chat_id)
