"""``delibot export consultations``: every consultation with its opinions, poll and conclusion.

The CSV has one row per consultation (Excel-safe, like the proposals' export: a byte order mark,
formula cells made literal); the JSON keeps every opinion with its supports, and its author as the
official's summary shows them (an erased author as "一位成员", with the unit where the group keeps
it). Times are ISO 8601 in the group's timezone.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import io
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from bot.cli.database import reporting, require_existing
from bot.cli.export import _writable, _write
from bot.cli.export_csv import BOM, at, neutralise
from bot.cli.settings import settings_or_report
from bot.features.consultations.render import author_text
from bot.i18n import DEFAULT_LANGUAGE, Translate, Translator
from bot.settings import Settings
from bot.texts import message_link
from deliberation.consultations import ConsultationRecord, Opinion
from storage.engine import make_engine, make_sessionmaker
from storage.migrate import upgrade
from storage.repositories.consultations import ConsultationRepository
from storage.uow import UnitOfWorkFactory

COLUMNS = ("number", "group", "chat_id", "topic", "question", "background", "state", "official_id",
           "opened_at", "closes_at", "closed_at", "opinions", "poll", "conclusion", "concluded_at")


@dataclass(frozen=True, slots=True)
class ExportedConsultation:
    consultation: ConsultationRecord
    group: str
    timezone: str
    opinions: tuple[Opinion, ...]


def _poll(c: ConsultationRecord) -> str:
    return "" if c.poll is None else "; ".join(f"{option}={votes}" for option, votes in c.poll.options)


def to_csv(items: Sequence[ExportedConsultation]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for item in items:
        c, tz = item.consultation, item.timezone
        row = [c.id, item.group, c.chat_id, c.topic, c.question, c.background, c.state.value, c.official_id,
               at(c.opened_at, tz), at(c.closes_at, tz), at(c.closed_at, tz), c.opinions, _poll(c),
               c.conclusion or "", at(c.concluded_at, tz)]
        writer.writerow([neutralise(v) for v in row])
    return BOM + out.getvalue()


def to_json(items: Sequence[ExportedConsultation], t: Translate | None = None) -> str:
    """``t``: the language of the authors' wording (the deployment's default language)."""
    shown = t or Translator().bind(DEFAULT_LANGUAGE)

    def one(item: ExportedConsultation) -> dict[str, Any]:
        c, tz = item.consultation, item.timezone
        return {
            "number": c.id, "group": item.group, "chat_id": c.chat_id, "topic": c.topic,
            "question": c.question,
            "background": c.background, "state": c.state.value, "official_id": c.official_id,
            "opened_at": at(c.opened_at, tz) or None, "closes_at": at(c.closes_at, tz),
            "closed_at": at(c.closed_at, tz) or None,
            "poll": None if c.poll is None else {
                "options": [{"text": o, "votes": v} for o, v in c.poll.options], "voters": c.poll.voters},
            "conclusion": c.conclusion, "concluded_at": at(c.concluded_at, tz) or None,
            "opinions": [{"author_id": o.author_id, "author_name": o.author_name,
                          "author_unit": o.author_unit, "author": author_text(shown, o), "text": o.text,
                          "supports": o.supports, "link": o.link, "at": at(o.at, tz)} for o in item.opinions],
        }

    return json.dumps({"consultations": [one(i) for i in items]}, ensure_ascii=False, indent=2) + "\n"


async def collect(settings: Settings) -> list[ExportedConsultation]:
    groups = settings.group_policies()
    engine = make_engine(settings.database.url)
    items = []
    try:
        async with UnitOfWorkFactory(make_sessionmaker(engine))() as uow:
            repo = uow.repo(ConsultationRepository)
            for c in await repo.everything():
                group = groups.get(c.chat_id)
                items.append(ExportedConsultation(
                    c, group.title if group else "", group.timezone if group else settings.locale.timezone,
                    tuple(await repo.opinions(c.id, message_link))))
    finally:
        await engine.dispose()
    return items


def main(args: argparse.Namespace) -> int:
    settings = settings_or_report(args.config, require_token=False)
    if settings is None:
        return 1
    if args.out:
        _writable(args.out)
    require_existing(settings.database.url)
    with reporting(settings.database.url):
        upgrade(settings.database.url)
        items = asyncio.run(collect(settings))
    t = Translator().bind(settings.locale.default)
    _write(to_json(items, t) if args.format == "json" else to_csv(items), args.out)
    print(f"exported {len(items)} consultations", file=sys.stderr)
    return 0
