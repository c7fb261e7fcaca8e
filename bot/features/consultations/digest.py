"""Consultations in the officials' daily digest: those open, and those closed or concluded since
the last digest, with how many opinions each received."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from bot.features.consultations.render import digest_lines
from bot.i18n import Translate
from bot.services import Services
from storage.repositories.consultations import ConsultationRepository
from storage.uow import UnitOfWork


async def digest_section(
    services: Services, uow: UnitOfWork, since: datetime, until: datetime
) -> Callable[[Translate], str] | None:
    records = await uow.repo(ConsultationRepository).touched_since(since)
    if not records:
        return None
    titles = {chat_id: g.title for chat_id, g in services.groups.items()}
    tz = services.digest.timezone

    def render(t: Translate) -> str:
        return "\n".join([t("consult-digest-title", count=str(len(records))),
                          *digest_lines(t, records, titles, tz)])

    return render
