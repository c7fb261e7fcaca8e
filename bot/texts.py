"""Small formatting helpers for Telegram HTML; the texts themselves live in the catalogues.

``esc`` is the one escape for every user-provided string (names, titles, proposal texts);
``split_message`` and ``fit`` (from ``bot.messages``, which the renderers
use too) are the one place that splits a text into messages or caps a list to one.
"""

from __future__ import annotations

import html

from bot.messages import CAPTION_LIMIT, MESSAGE_LIMIT, fit, split_message, units

__all__ = [
    "CAPTION_LIMIT", "MESSAGE_LIMIT", "display_name", "esc", "excerpt", "fit", "mention", "mention_name",
    "message_link", "split_message", "units",
]


def esc(text: str | None) -> str:
    return html.escape(text or "", quote=False)


def excerpt(text: str, size: int = 200) -> str:
    """The start of a long text, escaped, for notices that link to the whole."""
    return esc(text if len(text) <= size else text[: size - 1] + "…")


def mention(user_id: int, name: str) -> str:
    """A mention that works without a username: the member is notified by name."""
    return f'<a href="tg://user?id={user_id}">{esc(name)}</a>'


def display_name(first_name: str, last_name: str | None) -> str:
    return f"{first_name} {last_name}".strip() if last_name else first_name


def mention_name(user_id: int, first_name: str, last_name: str | None) -> str:
    """A mention under the name the member shows in Telegram."""
    return mention(user_id, display_name(first_name, last_name))


def message_link(chat_id: int, message_id: int) -> str:
    """A t.me link to a message in a supergroup (``-100`` ids drop their prefix)."""
    internal = str(chat_id)[4:] if str(chat_id).startswith("-100") else str(abs(chat_id))
    return f"https://t.me/c/{internal}/{message_id}"
