"""The consultation's schedule: one reminder before it closes, and the close itself, each claimed
in the database in the transaction that queues its messages, so a restart or a second replica
neither repeats nor skips one.

At the close the poll is stopped, the post unpinned, the group told how many opinions came in,
and the official gets the summary (opinions by topic, most supported first, the poll's results).
"""

from __future__ import annotations

from aiogram import Bot

from bot.features.consultations.opinions import KIND
from bot.features.consultations.render import summary_parts, tag
from bot.messages import queued_text
from bot.services import Services
from bot.texts import message_link
from bot.timefmt import local_text
from deliberation.consultations import ConsultationRecord, Due, due, summarize
from storage.repositories.consultations import ConsultationRepository
from storage.uow import UnitOfWork

REMIND_JOB, CLOSE_JOB = "consultation-remind", "consultation-close"


async def run_schedule(services: Services, bot: Bot) -> None:
    now = services.clock.now()
    async with services.uow.transaction() as uow:  # the run's one commit: claims with their messages
        repo = uow.repo(ConsultationRepository)
        for number, what in due(await repo.schedules(), now):
            record = await repo.get(number)
            if record is None:
                continue
            if what is Due.REMIND:
                await _remind(services, uow, record)
            else:
                await _close(services, uow, record)


def _reply(record: ConsultationRecord) -> dict[str, object]:
    return {"message_id": record.message_id, "allow_sending_without_reply": True}


async def _remind(services: Services, uow: UnitOfWork, record: ConsultationRecord) -> None:
    now = services.clock.now()
    if not await uow.claims.claim(REMIND_JOB, str(record.id), now=now, owner=services.instance):
        return
    await uow.repo(ConsultationRepository).mark_reminded(record.id, now)
    group = services.groups.get(record.chat_id)
    if group is None:
        return
    t = services.translator.bind(group.locale)
    text = t("consult-reminder", tag=tag(t, record.id), closes=local_text(record.closes_at, group.timezone),
             count=record.opinions, question=record.question[:200])
    await uow.outbox.enqueue(key=f"consult:{record.id}:remind", kind=KIND, chat_id=record.chat_id, now=now,
                             params=queued_text(text, reply_parameters=_reply(record)))


async def _close(services: Services, uow: UnitOfWork, record: ConsultationRecord) -> None:
    now = services.clock.now()
    repo = uow.repo(ConsultationRepository)
    if not await uow.claims.claim(CLOSE_JOB, str(record.id), now=now, owner=services.instance):
        return
    if not await repo.close(record.id, now):
        return
    key, chat = f"consult:{record.id}", record.chat_id
    group = services.groups.get(chat)
    if record.poll_message_id is not None:
        await uow.outbox.enqueue(key=f"{key}:stop-poll", kind=KIND, chat_id=chat, method="stopPoll",
                                 params={"message_id": record.poll_message_id}, now=now)
    if record.message_id is not None:
        await uow.outbox.enqueue(key=f"{key}:unpin", kind=KIND, chat_id=chat, method="unpinChatMessage",
                                 params={"message_id": record.message_id}, now=now)
    gt = services.translator.bind(group.locale if group else services.translator.default)
    closed = gt("consult-closed", tag=tag(gt, record.id), count=record.opinions)
    await uow.outbox.enqueue(key=f"{key}:closed", kind=KIND, chat_id=chat, now=now,
                             params={"text": closed, "reply_parameters": _reply(record)})
    topics = group.topics if group else {}
    summary = summarize(await repo.opinions(record.id, message_link), topics, record.poll)
    user = await uow.chats.get_user(record.official_id)
    ot = services.translator.bind(services.language(None, user.language_code if user else None))
    fallback = services.digest.fallback_chat_id or None
    for n, part in enumerate(summary_parts(ot, record, summary)):
        await uow.outbox.enqueue(key=f"{key}:summary:{n}", kind=KIND, chat_id=record.official_id, now=now,
                                 params=queued_text(part),
                                 fallback_chat_id=fallback)
