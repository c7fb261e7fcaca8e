"""Telling officials about handling: the departments as handling sees them, the routing of a new
proposal, and the report of an official the bot cannot write to.

What this module tells goes through the outbox in the transaction of the decision, each official
in their own language and once per notice key, so a restart neither loses nor doubles a notice.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from aiogram import Bot
from aiogram.types import LinkPreviewOptions

from bot.i18n import Translate
from bot.messages import queued_text
from bot.notify import tell_moderators
from bot.services import Services
from bot.texts import esc, excerpt, mention, message_link
from deliberation.handling import HandlingCase, route
from deliberation.outbox import OutboxRecord
from deliberation.policy import Department, SupervisionPolicy
from deliberation.proposals import ProposalRecord
from storage.repositories.handling import HandlingRepository
from storage.uow import UnitOfWork

KIND = "handling"
NO_PREVIEW = LinkPreviewOptions(is_disabled=True)  # for calls made here
Shown = HandlingCase | ProposalRecord  # what a notice needs: number, topics, text, author, message


@dataclass(frozen=True, slots=True)
class Desk:
    """The departments as handling needs them, built once from the configuration."""

    known: frozenset[str]
    names: dict[str, str]
    officials: dict[str, tuple[int, ...]]
    by_name: dict[str, str]  # id or name, folded -> id
    leaders: dict[str, tuple[int, ...]] = field(default_factory=dict)  # 分管领导 per department
    review: frozenset[str] = frozenset()  # departments whose replies a leader approves first
    supervision: SupervisionPolicy = field(default_factory=SupervisionPolicy)

    @classmethod
    def of(cls, departments: Iterable[Department], supervision: SupervisionPolicy | None = None) -> Desk:
        departments = tuple(departments)
        return cls(
            known=frozenset(d.id for d in departments),
            names={d.id: d.name for d in departments},
            officials={d.id: d.officials for d in departments},
            by_name={key.casefold(): d.id for d in departments for key in (d.name, d.id)},
            leaders={d.id: d.leaders for d in departments},
            review=frozenset(d.id for d in departments if d.review),
            supervision=supervision or SupervisionPolicy(),
        )

    def officials_of(self, departments: Iterable[str]) -> list[int]:
        return sorted({uid for d in departments for uid in self.officials.get(d, ())})

    def leaders_of(self, departments: Iterable[str]) -> list[int]:
        return sorted({uid for d in departments for uid in self.leaders.get(d, ())})

    def leads(self, user_id: int) -> frozenset[str]:
        """The departments ``user_id`` is a leader of."""
        return frozenset(d for d, ids in self.leaders.items() if user_id in ids)

    def label(self, departments: Iterable[str]) -> str:
        return "、".join(self.names.get(d, d) for d in sorted(departments))


def desk(services: Services) -> Desk:
    return services.state(Desk)


def age_text(t: Translate, age: timedelta) -> str:
    """A duration in words, to the largest whole unit: "2 天", "1 小时", "5 分钟" (never "1h")."""
    seconds = max(0, int(age.total_seconds()))
    if seconds >= 86400:
        return t("handling-age", unit="days", count=seconds // 86400)
    if seconds >= 3600:
        return t("handling-age", unit="hours", count=seconds // 3600)
    if seconds >= 60:
        return t("handling-age", unit="minutes", count=seconds // 60)
    return t("handling-age", unit="seconds", count=seconds)


def group_t(services: Services, chat_id: int) -> Translate:
    """The group's language, for what is posted in the group or told to its moderators."""
    group = services.groups.get(chat_id)
    return services.translator.bind(group.locale if group else services.translator.default)


async def tell_officials(
    services: Services, uow: UnitOfWork, officials: Iterable[int], key: str,
    render: Callable[[Translate], str], markup: Callable[[Translate], dict[str, Any]] | None = None,
) -> None:
    """Each official in their own language, once per ``key``, through the outbox; ``markup``: the
    inline keyboard (as Bot API JSON) in their language. Leaders and the supervising office's
    people are told the same way; a negative id is a chat (the office's), in the default language.
    One who cannot be written to is served in the digest's fallback chat when there is one."""
    ids = sorted(set(officials))
    languages = await uow.repo(HandlingRepository).languages(ids)
    now = services.clock.now()
    fallback = services.digest.fallback_chat_id or None  # the officials' group, when configured
    for uid in ids:
        t = services.translator.bind(services.language(None, languages.get(uid)))
        params = queued_text(render(t))
        if markup is not None:
            params["reply_markup"] = markup(t)
        await uow.outbox.enqueue(key=f"{key}:{uid}", kind=KIND, chat_id=uid, now=now,
                                 fallback_chat_id=fallback, params=params)


def _author(t: Translate, case: Shown) -> str:
    name, unit = esc(case.author_name) or t("privacy-a-member"), esc(case.author_unit)  # "": erased
    return t("handling-author", name=name, unit=unit) if unit else name


async def tell_departments(
    services: Services, uow: UnitOfWork, case: Shown, departments: Iterable[str], key: str,
) -> None:
    """The officials of ``departments``: a proposal is now theirs to handle."""
    departments = sorted(departments)
    label = desk(services).label(departments)

    def render(t: Translate) -> str:
        return t("handling-new", number=case.number, topics="、".join(case.topics) or "-",
                 departments=label, text=excerpt(case.text), author=_author(t, case),
                 link=message_link(case.chat_id, case.message_id))

    await tell_officials(services, uow, desk(services).officials_of(departments), key, render)


async def on_proposal_created(services: Services, uow: UnitOfWork, bot: Bot, record: ProposalRecord) -> None:
    """Route a new proposal to the departments of its topics; none: the moderators assign it."""
    departments = route(record.topics, services.departments)
    await uow.repo(HandlingRepository).assign(record.number, departments, now=services.clock.now())
    if departments:
        await tell_departments(services, uow, record, departments, f"handling:new:{record.number}")
        return
    t = group_t(services, record.chat_id)
    text = t("handling-unrouted", number=record.number, text=excerpt(record.text),
             departments=", ".join(sorted(desk(services).known)),
             link=message_link(record.chat_id, record.message_id))
    key = f"handling:unrouted:{record.number}"
    await tell_moderators(services, uow, record.chat_id, key, text, kind=KIND)


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
                 departments=desk(services).label(served))
        await tell_moderators(services, uow, None, f"handling:no-private:{official}", text, kind=KIND)


def install_hooks(services: Services) -> None:
    """Route every new proposal, and report officials whose notices cannot be delivered."""
    services.hooks.proposal_created.append(on_proposal_created)
    services.hooks.undeliverable.append(on_undeliverable)
