"""What a member can look up: /my lists their proposals with their state (SPEC "Proposals"), and
/proposal N shows one in full with its answer, merge or rejection, so they can follow what became
of it (the author's name only to those who deal with it: ``bot.visibility``)."""

from __future__ import annotations

from aiogram.filters import CommandObject
from aiogram.types import LinkPreviewOptions, Message, User

from bot.features.proposals.render import topics_text
from bot.i18n import Translate
from bot.services import Services
from bot.texts import esc, excerpt, split_message
from bot.timefmt import local_text
from bot.visibility import sees_author
from storage.repositories.proposals import ProposalRepository
from storage.uow import UnitOfWork

MY_LIMIT = 20


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
          state=t("handling-state", state=r.state), supports=str(r.supports))
        for r in records
    ]
    await message.reply("\n".join(lines))


async def cmd_proposal(
    message: Message, command: CommandObject, services: Services, uow: UnitOfWork, t: Translate,
    event_from_user: User | None = None,
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
    name = esc(record.author_name) or t("privacy-a-member")  # empty: the author was erased
    author = t("proposal-author", name=name, unit=esc(record.author_unit)) if record.author_unit else name
    viewer = event_from_user.id if event_from_user is not None else 0
    if not await sees_author(services, uow, viewer, where=message.chat.id, chat_id=record.chat_id,
                             author_id=record.author_id, departments=record.departments):
        author = t("proposal-author-hidden")
    parts = [t(
        "proposal-show", number=str(record.number), state=t("handling-state", state=record.state),
        author=author, topics=topics_text(t, record.topics), created=local_text(record.created_at, tz),
        supports=str(record.supports), link=esc(record.link or "-"), text=esc(record.text),
    )]
    if record.answer_text:
        parts.append(t("proposal-show-answer", answer=excerpt(record.answer_text, 800)))
    if record.merged_into is not None:
        parts.append(t("proposal-show-merged", into=str(record.merged_into)))
    if record.state == "rejected" and record.reject_reason:
        parts.append(t("proposal-show-rejected", reason=excerpt(record.reject_reason, 200)))
    for part in split_message(["\n\n".join(parts)]):  # a long proposal goes in more than one
        await message.reply(part, link_preview_options=LinkPreviewOptions(is_disabled=True))
