"""Collecting opinions: a reply to an open consultation's post (or its poll), or a message carrying
its tag, is an opinion, not a proposal. Each is acknowledged once and quietly, with a reaction
through the outbox (paced, never doubled); members support an opinion by reacting to it, and
the poll's counts arrive as ``poll`` updates.

Only replies to the bot's own messages and messages with a number sign reach the database, so
ordinary chatter costs nothing here.
"""

from __future__ import annotations

from typing import Any

from aiogram.filters import Filter
from aiogram.types import Message, MessageReactionUpdated, Poll, Update

from bot.authors import author_of
from bot.features.consultations.opening import log
from bot.services import Services
from deliberation.consultations import find_tag, opinion_body
from deliberation.policy import GroupPolicy
from storage.repositories.consultations import ConsultationRepository
from storage.uow import UnitOfWork

KIND = "consultation"
ACK = "✍"


class OpinionMessage(Filter):
    """A member's message in a configured group that answers an open consultation."""

    async def __call__(
        self, message: Message, services: Services, uow: UnitOfWork, group: GroupPolicy | None = None,
    ) -> bool | dict[str, Any]:
        text = message.text or message.caption
        author = message.from_user
        if group is None or not text or text.startswith("/") or author is None or author.is_bot:
            return False
        reply = message.reply_to_message
        to_bot = reply is not None and reply.from_user is not None and reply.from_user.id == services.bot_id
        number = find_tag(text)
        if not to_bot and number is None:
            return False
        repo = uow.repo(ConsultationRepository)
        found = await repo.open_for_message(group.chat_id, reply.message_id) if (
            to_bot and reply is not None) else None
        if found is None and number is not None:
            found = await repo.open_by_number(group.chat_id, number)
        body = opinion_body(text) if found is not None else None
        if found is None or body is None:
            return False
        return {"consultation_id": found, "opinion_text": body}


async def on_opinion(
    message: Message, consultation_id: int, opinion_text: str, services: Services, uow: UnitOfWork,
    group: GroupPolicy,
) -> None:
    author = message.from_user
    assert author is not None
    name, unit = await author_of(uow, group, author)
    now = services.clock.now()
    first = await uow.repo(ConsultationRepository).add_opinion(
        consultation_id, chat_id=group.chat_id, message_id=message.message_id, author_id=author.id,
        author_name=name, author_unit=unit, text=opinion_text, now=now,
    )
    if not first:
        return
    log.info("opinion collected consultation=%s chat_id=%s user_id=%s", consultation_id, group.chat_id,
             author.id)
    await uow.outbox.enqueue(
        key=f"consult:ack:{group.chat_id}:{message.message_id}", kind=KIND, chat_id=group.chat_id,
        method="setMessageReaction", now=now,
        params={"message_id": message.message_id, "reaction": [{"type": "emoji", "emoji": ACK}]},
    )


class CollectedOpinion(Filter):
    """An edit of a message collected as an opinion: it stays an opinion (never a proposal)."""

    async def __call__(
        self, message: Message, uow: UnitOfWork, group: GroupPolicy | None = None
    ) -> bool | dict[str, Any]:
        if group is None or message.from_user is None or message.from_user.is_bot:
            return False
        found = await uow.repo(ConsultationRepository).opinion_at(group.chat_id, message.message_id)
        return False if found is None else {"opinion_id": found[0]}


async def on_opinion_edited(message: Message, opinion_id: int, uow: UnitOfWork) -> None:
    """The opinion is what the member says now."""
    body = opinion_body(message.text or message.caption or "")
    if body is not None:
        await uow.repo(ConsultationRepository).edit_opinion(opinion_id, body)


async def on_reaction(event: MessageReactionUpdated, services: Services, uow: UnitOfWork) -> None:
    """Any reaction by another member supports the opinion; taking it back withdraws it."""
    user = event.user
    if user is None or user.is_bot:
        return
    repo = uow.repo(ConsultationRepository)
    found = await repo.opinion_at(event.chat.id, event.message_id)
    if found is None or found[1] == user.id:
        return
    if event.new_reaction:
        await repo.support(found[0], user.id, services.clock.now())
    else:
        await repo.withdraw(found[0], user.id)


async def on_poll(poll: Poll, uow: UnitOfWork, event_update: Update) -> None:
    """Telegram tells the bot the counts of the polls it sent whenever they change; updates are
    handled concurrently, so the update id decides which counts are the latest."""
    await uow.repo(ConsultationRepository).record_poll(
        poll.id, [o.voter_count for o in poll.options], poll.total_voter_count, event_update.update_id)
