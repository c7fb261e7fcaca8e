"""Telegram's limits on what one message may hold, for every renderer: texts of at most 4,096
characters, captions of at most 1,024, counted in UTF-16 units as Telegram counts them.

Renderers build Telegram HTML from lines and blocks; this is the one place that splits them into
messages (between lines, so no tag or entity is ever cut, unless one line alone is too long: then
at a space or character outside any tag) or caps a list to one message with an ellipsis. The
source length is measured, markup included, which can only err on the safe side.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

MESSAGE_LIMIT = 4096
CAPTION_LIMIT = 1024
MORE = "…"


def queued_text(text: str, **more: Any) -> dict[str, Any]:
    """A queued ``sendMessage``'s parameters (a new dict each time: callers add to it): the text,
    without a link preview, since notices link to group messages whose preview would only repeat
    them; ``more`` (``parse_mode``, ``reply_parameters``, ...) on top."""
    return {"text": text, "link_preview_options": {"is_disabled": True}, **more}


def units(text: str) -> int:
    """The length Telegram measures: UTF-16 code units (an emoji outside the BMP counts two)."""
    return len(text.encode("utf-16-le")) // 2


def split_message(blocks: Sequence[str], limit: int = MESSAGE_LIMIT) -> list[str]:
    """Join blocks with newlines into messages of at most ``limit`` units, breaking between
    blocks; a block too long for one message is broken between its lines, a line too long at a
    safe point of its own."""
    pieces: list[str] = []
    for block in blocks:
        if units(block) <= limit:
            pieces.append(block)
            continue
        for line in block.split("\n"):
            pieces += _cut(line, limit) if units(line) > limit else [line]
    parts: list[str] = []
    current: list[str] = []
    size = 0
    for piece in pieces:
        length = units(piece)
        if current and size + 1 + length > limit:
            parts.append("\n".join(current).strip())
            current, size = [], 0
        size += length + (1 if current else 0)
        current.append(piece)
    if current:
        parts.append("\n".join(current).strip())
    return [p for p in parts if p]


def fit(lines: Sequence[str], limit: int = MESSAGE_LIMIT) -> str:
    """As many whole lines as fit in one message, then "…" when some had to be left out."""
    kept: list[str] = []
    size = 0
    for line in lines:
        length = units(line) + (1 if kept else 0)
        if size + length > limit - units(MORE) - 1:
            kept.append(MORE)
            break
        kept.append(line)
        size += length
    return "\n".join(kept)


def _cut(line: str, limit: int) -> list[str]:
    """A line longer than a message, in pieces cut where no tag, entity or element is open,
    preferring the last space."""
    pieces: list[str] = []
    while units(line) > limit:
        at = _safe_cut(line, limit)
        pieces.append(line[:at].rstrip())
        line = line[at:].lstrip()
    if line:
        pieces.append(line)
    return pieces


def _safe_cut(line: str, limit: int) -> int:
    """The index to cut at: within ``limit`` units, outside markup, at a space when there is one."""
    depth, in_tag, in_entity, size, tag_start = 0, False, False, 0, 0
    best = space = 0
    i = 0
    while i < len(line):
        ch = line[i]
        size += 2 if ord(ch) > 0xFFFF else 1
        if size > limit:
            break
        if in_tag:
            if ch == ">":
                in_tag = False
                closing, self_closing = line[tag_start + 1] == "/", line[i - 1] == "/"
                depth += -1 if closing else (0 if self_closing else 1)
        elif in_entity:
            in_entity = ch != ";"
        elif ch == "<":
            in_tag, tag_start = True, i
        elif ch == "&":
            in_entity = True
        if not in_tag and not in_entity and depth == 0 and ch not in "<&":
            best = i + 1
            if ch.isspace():
                space = i + 1
        i += 1
    at = space or best
    return at if at > 0 else max(1, i)
