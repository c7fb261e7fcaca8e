"""``delibot export proposals``: every proposal with its versions, supports and handling history.

The CSV (``bot.cli.export_csv``) is for people, in the configured language; the JSON is for
programs and keeps everything, with the stable codes. Formatting is pure (``to_csv`` / ``to_json``);
reading the database and writing the file are here.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from collections.abc import Sequence
from dataclasses import asdict
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from bot.cli.database import reporting, require_existing
from bot.cli.errors import CliError
from bot.cli.export_csv import CSV_COLUMNS, ExportedProposal, at, neutralise, to_csv
from bot.cli.settings import settings_or_report
from bot.i18n import Translator
from bot.settings import Settings
from bot.timefmt import zone
from storage.engine import make_engine, make_sessionmaker
from storage.migrate import upgrade
from storage.repositories.proposals import ProposalRepository
from storage.uow import UnitOfWorkFactory

__all__ = ["CSV_COLUMNS", "ExportedProposal", "main", "neutralise", "to_csv", "to_json"]


def _json_item(item: ExportedProposal) -> dict[str, Any]:
    tz = item.timezone
    data = {
        key: (at(value, tz) or None) if isinstance(value, datetime) else value
        for key, value in asdict(item.proposal).items()
    }
    data["topics"], data["departments"] = list(item.proposal.topics), list(item.proposal.departments)
    data["group"] = item.group
    data["versions"] = [{"text": v.text, "at": at(v.at, tz)} for v in item.versions]
    data["supporters"] = [{"user_id": s.user_id, "at": at(s.at, tz)} for s in item.supports]
    data["events"] = [
        {"at": at(e.at, tz), "actor_id": e.actor_id, "action": e.action, "from_state": e.from_state,
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


def _writable(out: str) -> Path:
    """Refuse an --out that cannot be written before the database is read (not after)."""
    path = Path(out)
    if path.is_dir():
        raise CliError(f"--out {out}: is a directory; name a file")
    if not path.parent.is_dir():
        raise CliError(f"--out {out}: directory not found: {path.parent}")
    return path


def _write(text: str, out: str | None) -> None:
    if out:
        try:
            Path(out).write_text(text, encoding="utf-8", newline="")
        except OSError as exc:
            raise CliError(f"--out {out}: cannot be written ({exc.strerror or exc})") from None
        return
    stream = getattr(sys.stdout, "buffer", None)
    if stream is not None:  # the CSV must be UTF-8 whatever the console's encoding
        sys.stdout.flush()
        stream.write(text.encode("utf-8"))
        stream.flush()
    else:
        sys.stdout.write(text)


def main(args: argparse.Namespace) -> int:
    if getattr(args, "export_command", "proposals") == "consultations":
        from bot.cli.export_consultations import main as export_consultations

        return export_consultations(args)
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
    if args.out:
        _writable(args.out)
    require_existing(settings.database.url)
    with reporting(settings.database.url):
        upgrade(settings.database.url)
        items = asyncio.run(collect(settings, since))
    if args.format == "json":
        text = to_json(items, since=since_day)
    else:
        codes = getattr(args, "codes", False)
        text = to_csv(items, None if codes else Translator().bind(settings.locale.default))
    _write(text, args.out)
    print(f"exported {len(items)} proposals", file=sys.stderr)
    return 0
