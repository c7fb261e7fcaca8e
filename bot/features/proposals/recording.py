"""Recording a proposal: refused when too short or a duplicate of the author's recent one,
otherwise numbered, stored with its author's real name and unit, routed (the hooks other features
install) and acknowledged in reply with the support button.

The acknowledgement waits for the update's commit (``uow.after_commit``), so a failed reply never
loses the proposal;
a redelivered update finds the proposal already there and only acknowledges it if that was missed.
"""

from __future__ import annotations

import logging

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.types import Message, ReplyParameters, User

from bot.authors import author_of
from bot.features.proposals.render import support_keyboard, topics_text
from bot.features.proposals.state import topics
from bot.i18n import Translate
from bot.services import Services
from bot.texts import message_link
from deliberation.policy import GroupPolicy
from deliberation.proposals import (
    DUPLICATE_WINDOW,
    MIN_LENGTH,
    ProposalRecord,
    Recognition,
    duplicate_key,
    is_duplicate,
)
from storage.repositories.proposals import ProposalRepository
from storage.uow import UnitOfWork

log = logging.getLogger("bot.features.proposals")  # the feature's logger, whichever part logs

_REFUSALS = {"too_short": "proposal-too-short", "empty": "proposal-empty"}


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


async def _route(services: Services, uow: UnitOfWork, bot: Bot, record: ProposalRecord) -> None:
    """Run the creation hooks (routing) in the proposal's transaction, each in a savepoint of its
    own: a failing hook undoes only what it wrote, never the member's proposal, what came before
    it in the transaction, or another hook's part."""
    for hook in services.hooks.proposal_created:
        try:
            async with uow.savepoint():
                await hook(services, uow, bot, record)
        except Exception:
            log.exception("proposal hook failed number=%s", record.number)


async def submit(
    services: Services, uow: UnitOfWork, bot: Bot, t: Translate, group: GroupPolicy,
    source: Message, author: User, recognition: Recognition, notify: Message,
) -> None:
    """``source`` becomes a proposal by ``author``; refusals are told in reply to ``notify``."""
    repo = uow.repo(ProposalRepository)
    now = services.clock.now()
    prior = await repo.prior(source.chat.id, source.message_id, author.id, now - DUPLICATE_WINDOW)
    existing = None if prior.existing is None else await repo.get(prior.existing)
    if existing is not None:  # a redelivered update, or a moderator converting a proposal again
        if existing.ack_message_id is None:
            await _acknowledge(bot, t, repo, existing)
        elif notify is not source:
            await notify.reply(t("proposal-already", number=str(existing.number)))
        return
    if not recognition.is_proposal:
        await notify.reply(t(_REFUSALS[recognition.refusal or "empty"], min=str(MIN_LENGTH)))
        return
    key = duplicate_key(author.id, recognition.body, topics(services)[group.chat_id])
    previous = prior.recent
    if is_duplicate([(k, at) for _n, k, at in previous], key, now):
        number = max(n for n, k, _at in previous if k == key)
        await notify.reply(t("proposal-duplicate", number=str(number)))
        return
    name, unit = await author_of(uow, group, author)
    record = await repo.add(
        chat_id=source.chat.id, message_id=source.message_id, author_id=author.id, author_name=name,
        author_unit=unit, text=recognition.body, topics=recognition.topics, dup_key=key,
        link=message_link(source.chat.id, source.message_id), now=now,
    )
    await _route(services, uow, bot, record)

    async def acknowledge() -> None:  # once the proposal is kept, so a failed reply never loses it
        log.info("proposal recorded number=%s chat_id=%s user_id=%s", record.number, record.chat_id,
                 author.id)
        await _acknowledge(bot, t, repo, record)

    uow.after_commit(acknowledge)
