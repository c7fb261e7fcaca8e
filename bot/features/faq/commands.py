"""``/faq add KEYWORDS = ANSWER``, ``/faq edit ID ANSWER``, ``/faq list``, ``/faq remove ID`` and
``/faq from N [KEYWORDS]`` (an answered proposal becomes an entry, linking to its answer), for the
group's moderators and the officials.

Used in the group the FAQ belongs to; in a private chat when only one group is configured.
Adding keywords an entry already has replaces that entry's answer (an edit, not a duplicate).
"""

from __future__ import annotations

from aiogram.filters import CommandObject
from aiogram.types import Message, User

from bot.features.faq.state import changed, entries
from bot.i18n import Translate
from bot.services import Services
from bot.texts import esc, excerpt, message_link
from deliberation.faq import ANSWER_LIMIT, FaqError, StoredEntry, parse_entry, parse_keywords
from deliberation.policy import GroupPolicy
from deliberation.text import match_form
from storage.repositories.faq import FaqRepository
from storage.repositories.proposals import ProposalRepository
from storage.uow import UnitOfWork

LIST_LIMIT = 50
ANSWERED = frozenset({"answered", "closed"})


def _same(entry: StoredEntry, keywords: tuple[str, ...]) -> bool:
    return bool({match_form(k) for k in entry.keywords} & {match_form(k) for k in keywords})


async def cmd_faq(
    message: Message, command: CommandObject, services: Services, uow: UnitOfWork, t: Translate,
    event_from_user: User, group: GroupPolicy | None = None,
) -> None:
    if group is None and len(services.groups) == 1:
        group = next(iter(services.groups.values()))
    uid = event_from_user.id
    if group is None:
        allowed = uid in services.officials or services.is_moderator_anywhere(uid)
        await message.answer(t("faq-in-group" if allowed else "faq-refused"))
        return
    if uid not in services.officials and not services.is_moderator(group.chat_id, uid):
        await message.answer(t("faq-refused"))
        return
    sub, _, rest = (command.args or "").strip().partition(" ")
    handler = {"add": _add, "edit": _edit, "list": _list, "remove": _remove, "from": _from}.get(sub.lower())
    if handler is None:
        await message.answer(t("faq-usage"))
        return
    try:
        text = await handler(services, uow, t, group, uid, rest.strip())
    except FaqError as error:
        text = t(f"faq-error-{error.code}", **{k: str(v) for k, v in error.data.items()})
    await message.answer(text)


async def _add(services: Services, uow: UnitOfWork, t: Translate, group: GroupPolicy, uid: int,
               args: str) -> str:
    keywords, answer = parse_entry(args)
    repo, now = uow.repo(FaqRepository), services.clock.now()
    existing = next((e for e in await entries(services, uow, group.chat_id) if _same(e, keywords)), None)
    changed(services, uow, group.chat_id)
    if existing is not None:
        merged = tuple(dict.fromkeys((*existing.keywords, *keywords)))
        await repo.edit(group.chat_id, existing.id, answer=answer, keywords=merged, link="", now=now)
        return t("faq-updated", id=str(existing.id), keywords=esc("、".join(merged)))
    entry_id = await repo.add(group.chat_id, keywords, answer, now=now, created_by=uid)
    return t("faq-added", id=str(entry_id), keywords=esc("、".join(keywords)))


def _entry_id(args: str) -> tuple[int, str]:
    head, _, rest = args.partition(" ")
    head = head.lstrip("#＃")
    if not head.isdecimal():
        raise FaqError("need_id")
    return int(head), rest.strip()


async def _edit(services: Services, uow: UnitOfWork, t: Translate, group: GroupPolicy, uid: int,
                args: str) -> str:
    entry_id, answer = _entry_id(args)
    answer = answer.lstrip("=＝").strip()
    if not answer:
        raise FaqError("usage")
    if len(answer) > ANSWER_LIMIT:
        raise FaqError("answer_too_long", limit=ANSWER_LIMIT, length=len(answer))
    repo = uow.repo(FaqRepository)
    if not await repo.edit(group.chat_id, entry_id, answer=answer, now=services.clock.now()):
        raise FaqError("unknown", id=entry_id)
    changed(services, uow, group.chat_id)
    return t("faq-edited", id=str(entry_id))


async def _list(services: Services, uow: UnitOfWork, t: Translate, group: GroupPolicy, uid: int,
                args: str) -> str:
    found = await entries(services, uow, group.chat_id)
    if not found:
        return t("faq-list-empty")
    lines = [t("faq-list-title", count=str(len(found)), title=esc(group.title))]
    lines += [t("faq-list-line", id=str(e.id), keywords=esc("、".join(e.keywords)),
                answer=excerpt(e.answer, 60)) for e in found[:LIST_LIMIT]]
    return "\n".join(lines)


async def _remove(services: Services, uow: UnitOfWork, t: Translate, group: GroupPolicy, uid: int,
                  args: str) -> str:
    entry_id, _ = _entry_id(args)
    await entries(services, uow, group.chat_id)  # seeded first, so a configured entry can go too
    if not await uow.repo(FaqRepository).remove(group.chat_id, entry_id):
        raise FaqError("unknown", id=entry_id)
    changed(services, uow, group.chat_id)
    return t("faq-removed", id=str(entry_id))


async def _from(services: Services, uow: UnitOfWork, t: Translate, group: GroupPolicy, uid: int,
                args: str) -> str:
    """An answered proposal of this group becomes an entry: its answer, shortened, with a link to
    the whole answer; the keywords are those given, else the proposal's topics."""
    head, _, rest = args.partition(" ")
    head = head.lstrip("#＃")
    if not head.isdecimal():
        raise FaqError("need_number")
    record = await uow.repo(ProposalRepository).get(int(head))
    if record is None or record.chat_id != group.chat_id:
        raise FaqError("unknown_proposal", number=head)
    if record.state not in ANSWERED or not record.answer_text:
        raise FaqError("not_answered", number=record.number)
    keywords = parse_keywords(rest) if rest.strip() else tuple(record.topics)
    if not keywords:
        raise FaqError("need_keywords", number=record.number)
    link = message_link(record.chat_id, record.answer_message_id or record.message_id)
    answer = record.answer_text if len(record.answer_text) <= 300 else record.answer_text[:299] + "…"
    repo, now = uow.repo(FaqRepository), services.clock.now()
    existing = next((e for e in await entries(services, uow, group.chat_id) if _same(e, keywords)), None)
    changed(services, uow, group.chat_id)
    if existing is not None:
        await repo.edit(group.chat_id, existing.id, answer=answer, link=link, now=now)
        return t("faq-updated", id=str(existing.id), keywords=esc("、".join(existing.keywords)))
    entry_id = await repo.add(group.chat_id, keywords, answer, now=now, link=link, source="proposal",
                              proposal_number=record.number, created_by=uid)
    return t("faq-added", id=str(entry_id), keywords=esc("、".join(keywords)))
