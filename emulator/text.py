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
from typing import Any

_COMMAND = re.compile(r"/([A-Za-z0-9_]+)(?:@([A-Za-z0-9_]*))?")
_MENTION = re.compile(r"@([A-Za-z0-9_]+)")
_SHORT_USERNAMES = frozenset({"gif", "vid", "pic"})
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


# Telegram's HTML, ported from tdlib's ``parse_html`` (td/telegram/MessageEntity.cpp), which the Bot API
# server runs for ``parse_mode=HTML``: the same scanner, the same tag set and the same error texts.
_SPACE = frozenset(" \t\r\n\v\0")
_TAGS = frozenset({"a", "b", "strong", "i", "em", "s", "strike", "del", "u", "ins", "tg-spoiler", "tg-emoji",
                   "span", "pre", "code", "blockquote"})
_KINDS = {"b": "bold", "strong": "bold", "i": "italic", "em": "italic", "u": "underline", "ins": "underline",
          "s": "strikethrough", "strike": "strikethrough", "del": "strikethrough", "tg-spoiler": "spoiler",
          "span": "spoiler", "code": "code", "pre": "pre", "blockquote": "blockquote"}
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_HEX, _DIGITS = frozenset("0123456789abcdefABCDEF"), frozenset("0123456789")
_NAME_TOKEN = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-")
_SCHEME = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*://")


def _fail(detail: str) -> ValueError:
    return ValueError(f"can't parse entities: {detail}")


class _Source:
    """The text with tdlib's view of its end: reading past the last character yields NUL."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __getitem__(self, index: int) -> str:
        return self.text[index] if index < len(self.text) else "\0"

    def byte_offset(self, index: int) -> int:
        return len(self.text[:index].encode("utf-8", "surrogatepass"))


def _char_ref(src: _Source, pos: int) -> tuple[str, int] | None:
    """``&lt;``, ``&gt;``, ``&amp;``, ``&quot;`` or a numeric reference at ``pos``; anything else is text."""
    end = pos + 1
    if src[end] == "#":
        end += 1
        hexadecimal = src[end] == "x"
        end += hexadecimal
        digits = _HEX if hexadecimal else _DIGITS
        begin = end
        while src[end] in digits and src[end] != "\0":
            end += 1
        code = int(src.text[begin:end], 16 if hexadecimal else 10) if end > begin else 0
        if code == 0 or code >= 0x10FFFF or end - pos >= 10:
            return None
        char = chr(code)
    else:
        while src[end].isascii() and src[end].isalpha():
            end += 1
        named = _NAMED.get(src.text[pos + 1 : end])
        if named is None:
            return None
        char = named
    return char, end + (src[end] == ";")


def _link(url: str) -> dict[str, Any] | None:
    user = _USER_LINK.fullmatch(url)
    if user:
        return {"type": "text_mention", "user": {"id": int(user.group(1))}}
    url = url.strip()
    if not url or any(c.isspace() for c in url):
        return None
    return {"type": "text_link", "url": url if _SCHEME.match(url) else f"http://{url}"}


def parse_html(source: str) -> Parsed:
    """Telegram's HTML parse mode: supported tags only, every tag closed, ``<`` always escaped.

    A ``&`` that starts no known reference stays a literal ``&``, as in tdlib; a bare ``<`` is the
    start of a tag, so ``Tom <3`` fails with 'Unsupported start tag "3"'.
    """
    src = _Source(source)
    out: list[str] = []
    out_len = 0  # characters in ``out``, for the text of an <a> without href
    utf16 = 0
    stack: list[tuple[str, str, int, int]] = []  # tag, argument, utf16 offset, position in out
    entities: list[dict[str, Any]] = []
    mentions: list[int] = []
    i, n = 0, len(source)
    while i < n:
        c = source[i]
        if c == "&":
            ref = _char_ref(src, i)
            if ref is not None:
                char, i = ref
                if 0xD800 <= ord(char) <= 0xDFFF:
                    raise _fail("Text contains invalid Unicode characters after decoding HTML entities, "
                                "check for unmatched surrogate code units")
                out.append(char)
                out_len += 1
                utf16 += utf16_len(char)
                continue
        if c != "<":
            out.append(c)
            out_len += 1
            utf16 += utf16_len(c)
            i += 1
            continue
        begin = i
        at = src.byte_offset(begin)
        i += 1
        if src[i] != "/":
            while src[i] not in _SPACE and src[i] != ">":
                i += 1
            if src[i] == "\0":
                raise _fail(f"Unclosed start tag at byte offset {at}")
            tag = source[begin + 1 : i].translate(_ASCII_LOWER)
            if tag not in _TAGS:
                raise _fail(f'Unsupported start tag "{tag}" at byte offset {at}')
            argument = ""
            while src[i] != ">":
                while src[i] != "\0" and src[i] in _SPACE:
                    i += 1
                if src[i] == ">":
                    break
                name_begin = i
                while src[i] not in _SPACE and src[i] not in "=>":  # tdlib 1.8.30+ stops at ">" too
                    i += 1
                name = source[name_begin:i]
                if not name:
                    raise _fail(f'Empty attribute name in the tag "{tag}" at byte offset {at}')
                while src[i] != "\0" and src[i] in _SPACE:
                    i += 1
                if src[i] != "=":
                    if tag == "blockquote" and name == "expandable":
                        argument = "expandable"
                        continue
                    raise _fail(f'Expected equal sign in declaration of an attribute of the tag "{tag}" at '
                                f"byte offset {at}")
                i += 1
                while src[i] != "\0" and src[i] in _SPACE:
                    i += 1
                if src[i] == "\0":
                    raise _fail(f'Unclosed start tag "{tag}" at byte offset {at}')
                if src[i] not in "'\"":
                    token = i
                    while src[i] in _NAME_TOKEN:
                        i += 1
                    value = source[token:i].translate(_ASCII_LOWER)
                    if src[i] not in _SPACE and src[i] != ">":
                        raise _fail(f"Unexpected end of name token at byte offset {src.byte_offset(token)}")
                else:
                    quote, chars = source[i], []
                    i += 1
                    while src[i] != quote and src[i] != "\0":
                        ref = _char_ref(src, i) if source[i] == "&" else None
                        if ref is not None:
                            chars.append(ref[0])
                            i = ref[1]
                            continue
                        chars.append(source[i])
                        i += 1
                    if src[i] == quote:
                        i += 1
                    value = "".join(chars)
                if src[i] == "\0":
                    raise _fail(f"Unclosed start tag at byte offset {at}")
                if tag == "a" and name == "href":
                    argument = value
                elif tag == "code" and name == "class" and value.startswith("language-"):
                    argument = value[9:]
                elif tag == "span" and name == "class" and value.startswith("tg-"):
                    argument = value[3:]
                elif tag == "tg-emoji" and name == "emoji-id":
                    argument = value
            if tag == "span" and argument != "spoiler":
                raise _fail(f'Tag "span" must have class "tg-spoiler" at byte offset {at}')
            stack.append((tag, argument, utf16, out_len))
            i += 1
            continue
        if not stack:
            raise _fail(f"Unexpected end tag at byte offset {at}")
        while src[i] not in _SPACE and src[i] != ">":
            i += 1
        end_tag = source[begin + 2 : i].translate(_ASCII_LOWER)
        while src[i] in _SPACE and src[i] != "\0":
            i += 1
        if src[i] != ">":
            raise _fail(f"Unclosed end tag at byte offset {at}")
        tag, argument, offset, position = stack[-1]
        if end_tag and end_tag != tag:
            raise _fail(f'Unmatched end tag at byte offset {at}, expected "</{tag}>", found "</{end_tag}>"')
        if utf16 > offset:
            entity = _entity(tag, argument, "".join(out)[position:], entities, offset, utf16 - offset)
            if entity is not None:
                entities.append({**entity, "offset": offset, "length": utf16 - offset})
                if entity["type"] == "text_mention":
                    mentions.append(entity["user"]["id"])
        stack.pop()
        i += 1
    if stack:
        raise _fail(f"Can't find end tag corresponding to start tag {stack[-1][0]}")
    for entity in entities:
        if entity["type"] == "code":
            entity.pop("language", None)
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return Parsed("".join(out), entities, tuple(mentions))


def _entity(tag: str, argument: str, inner: str, entities: list[dict[str, Any]], offset: int,
            length: int) -> dict[str, Any] | None:
    """The entity a closed tag makes; ``<pre><code class="language-x">`` merges into one ``pre``."""
    if tag == "a":
        return _link(argument or inner)
    if tag == "tg-emoji":
        if not argument.isdigit() or int(argument) == 0:
            raise _fail("Invalid custom emoji identifier specified")
        return {"type": "custom_emoji", "custom_emoji_id": argument}
    if tag == "blockquote" and argument == "expandable":
        return {"type": "expandable_blockquote"}
    last = entities[-1] if entities else None
    same_span = last is not None and (last["offset"], last["length"]) == (offset, length)
    if tag == "pre" and same_span and last is not None and last["type"] == "code" and last.get("language"):
        last["type"] = "pre"
        return None
    if tag == "code" and same_span and last is not None and last["type"] == "pre" and argument:
        last["language"] = argument
        return None
    entity: dict[str, Any] = {"type": _KINDS[tag]}
    if tag == "code" and argument:
        entity["language"] = argument  # dropped below unless a <pre> claims it
    return entity


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
