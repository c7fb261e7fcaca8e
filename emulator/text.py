"""Text the way Telegram reads it: auto-detected entities and the HTML parse mode.

Detection follows tdlib's ``match_bot_commands`` / ``match_hashtags`` / ``match_mentions`` (a command
or mention must not touch a word character; a hashtag needs a letter and only ``#`` counts, never the
full-width ``＃``); offsets and lengths are UTF-16 code units as in the Bot API. HTML is checked as
strictly as Telegram checks it, so a bot that forgets to escape a user's ``<`` fails here as it would
in production ("can't parse entities").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from html import unescape
from typing import Any

_COMMAND = re.compile(r"/([A-Za-z0-9_]+)(?:@([A-Za-z0-9_]*))?")
_MENTION = re.compile(r"@([A-Za-z0-9_]+)")
_SHORT_USERNAMES = frozenset({"gif", "vid", "pic"})
_SIMPLE_TAGS = {
    "b": "bold", "strong": "bold", "i": "italic", "em": "italic", "u": "underline", "ins": "underline",
    "s": "strikethrough", "strike": "strikethrough", "del": "strikethrough", "tg-spoiler": "spoiler",
    "code": "code", "pre": "pre", "blockquote": "blockquote", "a": "text_link", "span": "spoiler",
    "tg-emoji": "custom_emoji",
}
_TAG = re.compile(r"<(/?)([^\s>/]*)([^>]*)>")
_ATTR = re.compile(r"""([a-zA-Z-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")
_CHAR_REF = re.compile(r"&(#[0-9]+|#[xX][0-9a-fA-F]+|lt|gt|amp|quot);")
_USER_LINK = re.compile(r"tg://user\?id=(\d+)")


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _is_word(char: str) -> bool:
    return char == "_" or char.isalnum()


def _is_hashtag_letter(char: str) -> bool:
    if char in "_\u200c\u00b7" or "\u0d80" <= char <= "\u0dff":
        return True
    return unicodedata.category(char) in {"Nd", "Lu", "Ll", "Lt", "Lm", "Lo"}


def _before(text: str, index: int) -> str:
    return text[index - 1] if index > 0 else ""


def _after(text: str, index: int) -> str:
    return text[index] if index < len(text) else ""


def _spans(text: str) -> list[tuple[int, int, str]]:
    spans: list[tuple[int, int, str]] = []
    for m in _COMMAND.finditer(text):
        prev, nxt = _before(text, m.start()), _after(text, m.end())
        if prev and (_is_word(prev) or prev in "/<>"):
            continue
        if len(m.group(1)) > 64 or (m.group(2) is not None and not 3 <= len(m.group(2)) <= 32):
            continue
        if nxt and (_is_word(nxt) or nxt in "/<>"):
            continue
        spans.append((m.start(), m.end(), "bot_command"))
    for m in _MENTION.finditer(text):
        name, prev, nxt = m.group(1), _before(text, m.start()), _after(text, m.end())
        if (prev and _is_word(prev)) or (nxt and _is_word(nxt)) or len(name) > 32:
            continue
        if len(name) < 4 and name.lower() not in _SHORT_USERNAMES:
            continue
        spans.append((m.start(), m.end(), "mention"))
    start = text.find("#")
    while start != -1:
        prev = _before(text, start)
        end = start + 1
        while end < len(text) and _is_hashtag_letter(text[end]):
            end += 1
        body = text[start + 1 : end]
        if (
            not (prev and _is_hashtag_letter(prev))
            and body
            and _after(text, end) != "#"
            and any(unicodedata.category(c).startswith("L") for c in body)
        ):
            spans.append((start, min(end, start + 257), "hashtag"))
        start = text.find("#", end if end > start + 1 else start + 1)
    return sorted(spans)


def find_entities(text: str) -> list[dict[str, Any]]:
    """Entities Telegram adds to a message a person typed: commands, hashtags, mentions."""
    if not any(c in text for c in "/#@"):
        return []
    return [
        {"type": kind, "offset": utf16_len(text[:start]), "length": utf16_len(text[start:end])}
        for start, end, kind in _spans(text)
    ]


@dataclass(frozen=True)
class Parsed:
    text: str
    entities: list[dict[str, Any]]
    mentions: tuple[int, ...]


def _fail(detail: str) -> ValueError:
    return ValueError(f"can't parse entities: {detail}")


def _stray(source: str, index: int) -> ValueError:
    return _fail(f'Unsupported start tag "" at byte offset {len(source[:index].encode())}')


def _decode(chunk: str) -> str:
    return _CHAR_REF.sub(lambda m: unescape(m.group(0)), chunk)


def parse_html(source: str) -> Parsed:
    """Telegram's HTML parse mode: supported tags only, every tag closed, ``&lt;`` style escapes."""
    out: list[str] = []
    length = 0  # UTF-16 length of the text so far
    stack: list[tuple[str, int, dict[str, Any]]] = []
    entities: list[dict[str, Any]] = []
    mentions: list[int] = []
    pos = 0
    for m in _TAG.finditer(source):
        raw = source[pos : m.start()]
        if "<" in raw:
            raise _stray(source, pos + raw.index("<"))
        piece = _decode(raw)
        out.append(piece)
        length += utf16_len(piece)
        pos = m.end()
        closing, name, attrs = m.group(1), m.group(2).lower(), m.group(3)
        offset = len(source[: m.start()].encode())
        if closing:
            if not stack:
                raise _fail(f"Unexpected end tag at byte offset {offset}")
            if stack[-1][0] != name:
                raise _fail(f'Unmatched end tag at byte offset {offset}, expected "</{stack[-1][0]}>", '
                            f'found "</{name}>"')
            _, begin, entity = stack.pop()
            if length > begin and entity:
                entities.append({**entity, "offset": begin, "length": length - begin})
            continue
        if name not in _SIMPLE_TAGS:
            raise _fail(f'Unsupported start tag "{name}" at byte offset {offset}')
        found = {a.group(1).lower(): unescape(a.group(2) or a.group(3) or a.group(4) or "")
                 for a in _ATTR.finditer(attrs)}
        entity: dict[str, Any] = {"type": _SIMPLE_TAGS[name]}
        if name == "span" and found.get("class") != "tg-spoiler":
            raise _fail(f'Tag "span" must have class "tg-spoiler" at byte offset {offset}')
        if name == "a":
            href = found.get("href", "")
            user = _USER_LINK.fullmatch(href)
            if user:
                entity = {"type": "text_mention", "user": {"id": int(user.group(1))}}
                mentions.append(int(user.group(1)))
            elif href:
                entity["url"] = href
            else:
                entity = {}
        stack.append((name, length, entity))
    if "<" in source[pos:]:
        raise _stray(source, source.index("<", pos))
    if stack:
        raise _fail(f'Can\'t find end tag corresponding to start tag "{stack[-1][0]}"')
    out.append(_decode(source[pos:]))
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return Parsed("".join(out), entities, tuple(mentions))


def trim(parsed: Parsed) -> Parsed:
    """Telegram strips leading and trailing whitespace and shifts the entities with the text."""
    text = parsed.text.strip()
    if text == parsed.text:
        return parsed
    lead = utf16_len(parsed.text[: len(parsed.text) - len(parsed.text.lstrip())])
    size = utf16_len(text)
    entities = []
    for entity in parsed.entities:
        start = max(entity["offset"] - lead, 0)
        end = min(entity["offset"] + entity["length"] - lead, size)
        if end > start:
            entities.append({**entity, "offset": start, "length": end - start})
    return Parsed(text, entities, parsed.mentions)


def as_plain(text: str) -> Parsed:
    return trim(Parsed(text, [], ()))
