"""Each group's FAQ as the matcher needs it, loaded from the database and kept until it changes.

The configured entries are the starting set: the first time a group's FAQ is read they are
copied into the database (claimed once per group), after which moderators and officials edit
the group's own entries. A change made here is seen at once (``changed``); one made by another
replica as soon as its change feed says so, and every group's FAQ is read again hourly in case a
change was never announced (Redis away when it was made). Nearly every group message asks the
matcher, so reading the entries more often is a database round-trip on the hot path.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from bot.services import Services
from deliberation.faq import FaqMatcher, StoredEntry
from storage.repositories.faq import FaqRepository
from storage.uow import UnitOfWork

RELOAD = timedelta(hours=1)
SEED_JOB = "faq-seed"


@dataclass(eq=False)
class FaqState:
    loaded: dict[int, tuple[datetime, FaqMatcher[StoredEntry]]] = field(default_factory=dict)

    def forget(self, chat_id: int | None) -> None:
        if chat_id is None:
            self.loaded.clear()
        else:
            self.loaded.pop(chat_id, None)


def setup(services: Services) -> None:
    services.keep(FaqState())
    services.hooks.group_changed.append(_changed_elsewhere)


def _changed_elsewhere(services: Services, kind: str, chat_id: int | None) -> None:
    if kind in ("faq", "*"):
        services.state(FaqState).forget(chat_id)


def changed(services: Services, uow: UnitOfWork, chat_id: int) -> None:
    """The group's entries are being written in ``uow``: read again now and once it committed (an
    update of another chat may load the old ones in between), and the other replicas told."""
    state = services.state(FaqState)
    state.forget(chat_id)

    async def again() -> None:
        state.forget(chat_id)

    uow.after_commit(again)
    services.group_changed("faq", chat_id)


async def entries(services: Services, uow: UnitOfWork, chat_id: int) -> list[StoredEntry]:
    repo = uow.repo(FaqRepository)
    if not await uow.claims.is_claimed(SEED_JOB, str(chat_id)):
        now = services.clock.now()
        if await uow.claims.claim(SEED_JOB, str(chat_id), now=now, owner=services.instance):
            for entry in services.settings.faq():
                await repo.add(chat_id, entry.keywords, entry.answer, now=now, source="config")
    return await repo.entries(chat_id)


async def matcher(services: Services, uow: UnitOfWork, chat_id: int) -> FaqMatcher[StoredEntry]:
    state = services.state(FaqState)
    now = services.clock.now()
    found = state.loaded.get(chat_id)
    if found is None or now - found[0] >= RELOAD:
        found = state.loaded[chat_id] = (now, FaqMatcher(await entries(services, uow, chat_id)))
    return found[1]
