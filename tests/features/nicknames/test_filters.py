"""The hot path of the real-name rule: which group messages it lets through to act on."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest
from aiogram.types import Message, User

from bot.features.nicknames.filters import NameCheckDue
from bot.roster import Snapshot, name_key

CHAT = -100123


@dataclass
class FakeServices:
    exempt: set[int] = field(default_factory=set)

    def is_name_exempt(self, chat_id: int, user_id: int) -> bool:
        return user_id in self.exempt


def snapshot(
    first: str, last: str | None = None, *, name_ok: bool | None, restricted: bool = False
) -> Snapshot:
    return Snapshot(name_key(first, last), False, False, False, name_ok, restricted)


def message(user: User, **extra: Any) -> Message:
    return Message.model_validate({
        "message_id": 1, "date": 0, "chat": {"id": CHAT, "type": "supergroup", "title": "g"},
        "from": user.model_dump(), "text": "大家好", **extra,
    })


def user(first: str, last: str | None = None, uid: int = 7, is_bot: bool = False) -> User:
    return User(id=uid, is_bot=is_bot, first_name=first, last_name=last)


async def due(
    member: Snapshot | None, sender: User, services: FakeServices | None = None, **extra: Any
) -> bool:
    return await NameCheckDue()(message(sender, **extra), services or FakeServices(), member, sender)


async def test_a_compliant_member_under_the_same_name_is_let_by() -> None:
    assert not await due(snapshot("张三-海淀区", name_ok=True), user("张三-海淀区"))


async def test_a_member_already_made_read_only_is_not_acted_on_twice() -> None:
    assert not await due(snapshot("小明", name_ok=False, restricted=True), user("小明"))


@pytest.mark.parametrize(
    ("member", "sender"),
    [
        (snapshot("张三-海淀区", name_ok=True), user("小明")),  # renamed
        (snapshot("张三", "海淀区", name_ok=True), user("张三", None)),  # dropped the last name
        (snapshot("小明", name_ok=None), user("小明")),  # never judged
        (snapshot("小明", name_ok=False), user("小明")),  # failing and not restricted
    ],
)
async def test_a_new_or_failing_name_is_acted_on(member: Snapshot, sender: User) -> None:
    assert await due(member, sender)


async def test_exempt_members_and_bots_are_never_acted_on() -> None:
    assert not await due(snapshot("小明", name_ok=None), user("小明"), FakeServices(exempt={7}))
    assert not await due(snapshot("GroupBot", name_ok=None), user("GroupBot", is_bot=True))


async def test_join_and_leave_service_messages_are_left_to_the_join_handler() -> None:
    sender = user("小明")
    joined = {"new_chat_members": [sender.model_dump()]}
    assert not await due(snapshot("小明", name_ok=None), sender, **joined)


async def test_a_message_without_a_known_member_is_let_by() -> None:
    assert not await due(None, user("小明"))
