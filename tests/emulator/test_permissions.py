"""Restrictions as Telegram applies them: missing permissions are false, the chat's defaults decide."""

from collections.abc import AsyncIterator

import pytest
from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import ChatPermissions

from emulator import Emulator
from tests.emulator.conftest import GROUP

PINS_ALLOWED = -1001234567891
# What a bot typically writes by hand to "lift" a restriction: no can_change_info, can_pin_messages,
# can_manage_topics (the set named in issue 15).
HAND_WRITTEN = ChatPermissions(
    can_send_messages=True, can_send_audios=True, can_send_documents=True, can_send_photos=True,
    can_send_videos=True, can_send_video_notes=True, can_send_voice_notes=True, can_send_polls=True,
    can_send_other_messages=True, can_add_web_page_previews=True, can_invite_users=True,
    can_react_to_messages=True, can_edit_tag=True)


@pytest.fixture
async def emu() -> AsyncIterator[Emulator]:
    async with Emulator(rate_limits=False) as emulator:
        emulator.create_group(GROUP, "科创中心建言群")
        emulator.create_group(PINS_ALLOWED, "可置顶群", permissions={"can_pin_messages": True,
                                                                   "can_change_info": True})
        yield emulator


def muted_member(emu: Emulator, chat_id: int) -> int:
    uid = emu.add_user("小明")
    emu.add_member(chat_id, uid)
    return uid


async def test_get_chat_returns_each_groups_own_default_permissions(bot: Bot) -> None:
    plain, pins = await bot.get_chat(GROUP), await bot.get_chat(PINS_ALLOWED)
    assert plain.permissions is not None and pins.permissions is not None
    assert (plain.permissions.can_pin_messages, plain.permissions.can_send_messages) == (False, True)
    assert (pins.permissions.can_pin_messages, pins.permissions.can_change_info) == (True, True)


async def test_a_hand_written_set_restores_a_member_only_where_it_covers_the_chats_defaults(
        emu: Emulator, bot: Bot) -> None:
    here, there = muted_member(emu, GROUP), muted_member(emu, PINS_ALLOWED)
    for chat_id, uid in ((GROUP, here), (PINS_ALLOWED, there)):
        await bot.restrict_chat_member(chat_id, uid, ChatPermissions(can_send_messages=False))
        await bot.restrict_chat_member(chat_id, uid, HAND_WRITTEN)
    assert emu.member(GROUP, here).status == "member"
    stuck = emu.member(PINS_ALLOWED, there)
    assert (stuck.status, stuck.permissions["can_pin_messages"], stuck.permissions["can_send_messages"]) == (
        "restricted", False, True)


async def test_restoring_the_chats_own_defaults_makes_a_plain_member_again(emu: Emulator, bot: Bot) -> None:
    uid = muted_member(emu, PINS_ALLOWED)
    await bot.restrict_chat_member(PINS_ALLOWED, uid, ChatPermissions(can_send_messages=False))
    defaults = (await bot.get_chat(PINS_ALLOWED)).permissions
    assert defaults is not None
    await bot.restrict_chat_member(PINS_ALLOWED, uid, defaults)
    assert emu.member(PINS_ALLOWED, uid).status == "member"
    assert (await bot.get_chat_member(PINS_ALLOWED, uid)).status == "member"


async def test_a_permission_left_out_counts_as_false(emu: Emulator, bot: Bot) -> None:
    uid = muted_member(emu, GROUP)
    await bot.restrict_chat_member(GROUP, uid, ChatPermissions(can_send_messages=True),
                                   use_independent_chat_permissions=True)
    member = await bot.get_chat_member(GROUP, uid)
    assert member.status == "restricted"
    assert (member.can_send_messages, member.can_send_photos, member.can_invite_users) == (True, False, False)


async def test_without_independent_permissions_the_broader_sends_imply_the_narrower(
        emu: Emulator, bot: Bot) -> None:
    implied, independent = muted_member(emu, GROUP), muted_member(emu, GROUP)
    other = ChatPermissions(can_send_other_messages=True)
    await bot.restrict_chat_member(GROUP, implied, other, use_independent_chat_permissions=False)
    await bot.restrict_chat_member(GROUP, independent, other, use_independent_chat_permissions=True)
    assert emu.member(GROUP, implied).permissions["can_send_photos"] is True
    assert emu.member(GROUP, implied).permissions["can_send_messages"] is True
    assert emu.member(GROUP, independent).permissions["can_send_photos"] is False
    polls = muted_member(emu, GROUP)
    await bot.restrict_chat_member(GROUP, polls, ChatPermissions(can_send_polls=True))
    assert emu.member(GROUP, polls).permissions["can_send_messages"] is True


async def test_new_chat_defaults_decide_who_counts_as_restricted(emu: Emulator, bot: Bot) -> None:
    uid = muted_member(emu, GROUP)
    await bot.restrict_chat_member(GROUP, uid, HAND_WRITTEN)
    assert emu.member(GROUP, uid).status == "member"
    await bot.set_chat_permissions(GROUP, ChatPermissions(can_send_messages=True, can_pin_messages=True),
                                   use_independent_chat_permissions=True)
    chat = await bot.get_chat(GROUP)
    assert chat.permissions is not None
    assert (chat.permissions.can_pin_messages, chat.permissions.can_send_photos) == (True, False)
    await bot.restrict_chat_member(GROUP, uid, HAND_WRITTEN)  # lacks can_pin_messages, now allowed
    assert emu.member(GROUP, uid).status == "restricted"


async def test_changing_chat_defaults_needs_can_restrict_members(emu: Emulator, bot: Bot) -> None:
    emu.create_group(-1002, "无权限群", {"can_restrict_members": False})
    with pytest.raises(TelegramBadRequest, match="not enough rights to change chat permissions"):
        await bot.set_chat_permissions(-1002, ChatPermissions(can_send_messages=False))
