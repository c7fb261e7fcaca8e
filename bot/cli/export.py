"""``delibot export proposals``: every proposal with its versions, supports and handling history.

Officials and auditors open the CSV in Excel, so it starts with a UTF-8 byte order mark (without
one Excel reads Chinese as mojibake) and any text cell that Excel would run as a formula (starting
with ``=`` ``+`` ``-`` ``@``, a tab or a carriage return) gets a leading apostrophe: proposal texts
come from the public and must not execute on an official's machine. The JSON keeps everything.
Times are ISO 8601 in the group's timezone. Formatting is pure (``to_csv`` / ``to_json``).
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import io
import json
import sys
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from bot.cli.settings import settings_or_report
from bot.settings import Settings
from bot.timefmt import zone
from deliberation.proposals import EventRecord, ProposalRecord, SupportRecord, VersionRecord
from storage.engine import make_engine, make_sessionmaker
from storage.migrate import upgrade
from storage.repositories.proposals import ProposalRepository
from storage.uow import UnitOfWorkFactory

BOM = "\ufeff"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
CSV_COLUMNS = (
    "number", "group", "chat_id", "message_id", "created_at", "author_id", "author_name", "author_unit",
    "topics", "text", "link", "state", "supports", "supporters", "departments", "answered_at",
    "answer_text", "rating", "card_level", "merged_into", "reject_reason", "closed_at", "versions",
    "history",
)


@dataclass(frozen=True, slots=True)
class ExportedProposal:
    proposal: ProposalRecord
    group: str  # the group's title
    timezone: str
    versions: tuple[VersionRecord, ...] = ()
    supports: tuple[SupportRecord, ...] = ()
    events: tuple[EventRecord, ...] = ()


def neutralise(value: Any) -> Any:
    """A text cell Excel would evaluate is made literal; numbers are left as numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _at(value: datetime | None, tz: str) -> str:
    return "" if value is None else value.astimezone(zone(tz)).isoformat(timespec="seconds")


def _history_line(e: EventRecord, tz: str) -> str:
    step = f"{e.from_state or ''}->{e.to_state or ''}" if e.from_state or e.to_state else ""
    who = f"actor={e.actor_id}" if e.actor_id is not None else "actor=bot"
    parts = [_at(e.at, tz), e.action, step, e.department_id or "", who, e.detail or ""]
    return " ".join(part for part in parts if part)


def _row(item: ExportedProposal) -> list[Any]:
    p, tz = item.proposal, item.timezone
    return [
        p.number, item.group, p.chat_id, p.message_id, _at(p.created_at, tz), p.author_id, p.author_name,
        p.author_unit, "; ".join(p.topics), p.text, p.link or "", p.state, p.supports,
        "; ".join(str(s.user_id) for s in item.supports), "; ".join(p.departments),
        _at(p.answered_at, tz), p.answer_text or "", p.rating or "", p.card_level,
        "" if p.merged_into is None else p.merged_into, p.reject_reason or "", _at(p.closed_at, tz),
        "\n".join(f"[{_at(v.at, tz)}] {v.text}" for v in item.versions),
        "\n".join(_history_line(e, item.timezone) for e in item.events),
    ]


def to_csv(items: Sequence[ExportedProposal]) -> str:
    """One row per proposal; earlier versions and the history as multi-line cells."""
    buffer = io.StringIO()
    buffer.write(BOM)
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for item in items:
        writer.writerow([neutralise(cell) for cell in _row(item)])
    return buffer.getvalue()


def _json_item(item: ExportedProposal) -> dict[str, Any]:
    tz = item.timezone
    data = {
        key: (_at(value, tz) or None) if isinstance(value, datetime) else value
        for key, value in asdict(item.proposal).items()
    }
    data["topics"], data["departments"] = list(item.proposal.topics), list(item.proposal.departments)
    data["group"] = item.group
    data["versions"] = [{"text": v.text, "at": _at(v.at, tz)} for v in item.versions]
    data["supporters"] = [{"user_id": s.user_id, "at": _at(s.at, tz)} for s in item.supports]
    data["events"] = [
        {"at": _at(e.at, tz), "actor_id": e.actor_id, "action": e.action, "from_state": e.from_state,
         "to_state": e.to_state, "department_id": e.department_id, "detail": e.detail, "data": e.data}
        for e in item.events
    ]
    return data


def to_json(items: Sequence[ExportedProposal], *, since: date | None = None) -> str:
    document = {"since": since.isoformat() if since else None, "proposals": [_json_item(i) for i in items]}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


async def collect(settings: Settings, since: datetime | None) -> list[ExportedProposal]:
    groups = settings.group_policies()
    engine = make_engine(settings.database.url)
    try:
        async with UnitOfWorkFactory(make_sessionmaker(engine))() as uow:
            repo = uow.repo(ProposalRepository)
            proposals = await repo.find(since=since)
            numbers = [p.number for p in proposals]
            versions, supports = await repo.versions_of(numbers), await repo.supports_of(numbers)
            events = await repo.events_of(numbers)
    finally:
        await engine.dispose()
    items = []
    for p in proposals:
        group = groups.get(p.chat_id)
        items.append(ExportedProposal(
            p, group.title if group else "", group.timezone if group else settings.locale.timezone,
            tuple(versions.get(p.number, ())), tuple(supports.get(p.number, ())),
            tuple(events.get(p.number, ())),
        ))
    return items


def _write(text: str, out: str | None) -> None:
    if out:
        Path(out).write_text(text, encoding="utf-8", newline="")
        return
    stream = getattr(sys.stdout, "buffer", None)
    if stream is not None:  # the CSV must be UTF-8 whatever the console's encoding
        sys.stdout.flush()
        stream.write(text.encode("utf-8"))
        stream.flush()
    else:
        sys.stdout.write(text)


def main(args: argparse.Namespace) -> int:
    settings = settings_or_report(args.config, require_token=False)
    if settings is None:
        return 1
    since_day: date | None = None
    if args.since:
        try:
            since_day = date.fromisoformat(args.since)
        except ValueError:
            print(f"--since: expected a date YYYY-MM-DD, got {args.since!r}", file=sys.stderr)
            return 2
    since = (
        datetime.combine(since_day, time(0), tzinfo=zone(settings.locale.timezone)) if since_day else None
    )
    upgrade(settings.database.url)
    items = asyncio.run(collect(settings, since))
    _write(to_csv(items) if args.format == "csv" else to_json(items, since=since_day), args.out)
    print(f"exported {len(items)} proposals", file=sys.stderr)
    return 0
