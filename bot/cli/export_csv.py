"""The CSV of ``delibot export proposals``: what an official opens in Excel.

Officials and auditors open it in Excel, so it starts with a UTF-8 byte order mark (without one
Excel reads Chinese as mojibake) and any text cell that Excel would run as a formula (starting
with ``=`` ``+`` ``-`` ``@``, a tab or a carriage return) gets a leading apostrophe: proposal texts
come from the public and must not execute on an official's machine.

Headers and enumerated values (states, card levels, ratings) are written in the export's language
with the words the bot itself uses in chats (the same catalogue keys), so a Chinese deployment
reads 已答复 and 黄牌, not ``answered`` and ``1``; ``--codes`` keeps the stable English codes for
scripts. Times are ISO 8601 in the group's timezone. Pure: no I/O.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.i18n import Translate
from bot.timefmt import zone
from deliberation.proposals import EventRecord, ProposalRecord, SupportRecord, VersionRecord

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


class Labels:
    """How headers and enumerated values are written: codes (``t`` None) or the catalogue's words."""

    def __init__(self, t: Translate | None = None) -> None:
        self.t = t

    def header(self, column: str) -> str:
        return column if self.t is None else self.t(f"export-column-{column}")

    def state(self, code: str | None) -> str:
        return (code or "") if self.t is None or not code else self.t("handling-state", state=code)

    def card(self, level: int) -> str | int:
        return level if self.t is None else self.t("handling-card-name", level=level)

    def rating(self, code: str | None) -> str:
        return (code or "") if self.t is None or not code else self.t("handling-rating", rating=code)


def neutralise(value: Any) -> Any:
    """A text cell Excel would evaluate is made literal; numbers are left as numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def at(value: datetime | None, tz: str) -> str:
    return "" if value is None else value.astimezone(zone(tz)).isoformat(timespec="seconds")


def _history_line(e: EventRecord, tz: str, labels: Labels) -> str:
    step = f"{labels.state(e.from_state)}->{labels.state(e.to_state)}" if e.from_state or e.to_state else ""
    who = f"actor={e.actor_id}" if e.actor_id is not None else "actor=bot"
    parts = [at(e.at, tz), e.action, step, e.department_id or "", who, e.detail or ""]
    return " ".join(part for part in parts if part)


def _row(item: ExportedProposal, labels: Labels) -> list[Any]:
    p, tz = item.proposal, item.timezone
    return [
        p.number, item.group, p.chat_id, p.message_id, at(p.created_at, tz), p.author_id, p.author_name,
        p.author_unit, "; ".join(p.topics), p.text, p.link or "", labels.state(p.state), p.supports,
        "; ".join(str(s.user_id) for s in item.supports), "; ".join(p.departments),
        at(p.answered_at, tz), p.answer_text or "", labels.rating(p.rating), labels.card(p.card_level),
        "" if p.merged_into is None else p.merged_into, p.reject_reason or "", at(p.closed_at, tz),
        "\n".join(f"[{at(v.at, tz)}] {v.text}" for v in item.versions),
        "\n".join(_history_line(e, item.timezone, labels) for e in item.events),
    ]


def to_csv(items: Sequence[ExportedProposal], t: Translate | None = None) -> str:
    """One row per proposal; earlier versions and the history as multi-line cells.

    ``t``: the export language's texts; without it, headers and values are the English codes.
    """
    labels = Labels(t)
    buffer = io.StringIO()
    buffer.write(BOM)
    writer = csv.writer(buffer)
    writer.writerow([labels.header(column) for column in CSV_COLUMNS])
    for item in items:
        writer.writerow([neutralise(cell) for cell in _row(item, labels)])
    return buffer.getvalue()
