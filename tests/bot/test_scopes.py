"""The chat kinds a scope filter declares (``scopes``) are the only ones it passes in: bot.routing
leaves a handler out of the other kinds' tables on the strength of them."""

from __future__ import annotations

from typing import Any

import pytest
from aiogram.dispatcher.event.handler import FilterObject
from aiogram.filters import Filter
from aiogram.types import Chat

from bot.filters.scope import SCOPES, ConfiguredGroup, PrivateChat, UnconfiguredGroup, scope_of

GROUP = object()  # what the context middleware puts in data["group"] for a configured group
CHATS: list[tuple[Chat | None, Any]] = [
    (Chat(id=7, type="private"), None),
    (Chat(id=-100123, type="supergroup"), GROUP),
    (Chat(id=-100456, type="supergroup"), None),
    (Chat(id=-456, type="group"), None),
    (Chat(id=-100789, type="channel"), None),
    (None, None),
]


@pytest.mark.parametrize("scope_filter", [ConfiguredGroup(), UnconfiguredGroup(), PrivateChat()],
                         ids=lambda f: type(f).__name__)
async def test_a_scope_filter_passes_only_in_the_chat_kinds_it_declares(scope_filter: Filter) -> None:
    declared = type(scope_filter).scopes  # type: ignore[attr-defined]
    assert declared <= SCOPES
    named = FilterObject(scope_filter).params  # the arguments aiogram would pass it
    passed = set()
    for chat, group in CHATS:
        given = {k: v for k, v in {"event_chat": chat, "group": group}.items() if k in named}
        if await scope_filter(None, **given):  # type: ignore[arg-type]
            passed.add(scope_of(chat, group))
    assert passed == declared
