"""Polls, pins and reactions answer the way Telegram answers them, with Telegram's limits."""


import pytest
from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import ReactionTypeEmoji

from emulator import Emulator, EmulatorError
from tests.emulator.conftest import GROUP


async def test_a_poll_is_sent_voted_in_and_stopped_with_its_counts(emu: Emulator, bot: Bot) -> None:
    sent = await bot.send_poll(GROUP, "怎样分配？", ["积分", "摇号"])
    assert sent.poll is not None and [o.text for o in sent.poll.options] == ["积分", "摇号"]
    member = emu.add_user("张三-海淀区")
    emu.add_member(GROUP, member)
    emu.vote(GROUP, member, sent.message_id, 1)
    assert emu.world.updates.pending[-1].kind == "poll"
    stopped = await bot.stop_poll(GROUP, sent.message_id)
    assert stopped.is_closed and [o.voter_count for o in stopped.options] == [0, 1]
    with pytest.raises(TelegramBadRequest, match="poll has already been closed"):
        await bot.stop_poll(GROUP, sent.message_id)
    with pytest.raises(EmulatorError):
        emu.vote(GROUP, member, sent.message_id, 0)


@pytest.mark.parametrize(
    ("question", "options", "error"),
    [("", ["甲", "乙"], "poll question must be non-empty"),
     ("问" * 301, ["甲", "乙"], "poll question length must not exceed 300"),
     ("问题", ["甲"], "poll must have at least 2 option"),
     ("问题", [f"选项{i}" for i in range(11)], "poll can't have more than 10 options"),
     ("问题", ["甲", "乙" * 101], "poll options length must not exceed 100")],
)
async def test_a_poll_outside_telegrams_limits_is_refused(
    emu: Emulator, bot: Bot, question: str, options: list[str], error: str,
) -> None:
    with pytest.raises(TelegramBadRequest, match=error):
        await bot.send_poll(GROUP, question, options)
    assert emu.sent(chat_id=GROUP) == []


async def test_pinning_needs_the_right_and_unpinning_a_message_not_pinned_fails(
    emu: Emulator, bot: Bot,
) -> None:
    message = await bot.send_message(GROUP, "征求意见")
    assert await bot.pin_chat_message(GROUP, message.message_id)
    assert emu.pinned(GROUP) == [message.message_id]
    assert await bot.unpin_chat_message(GROUP, message_id=message.message_id)
    with pytest.raises(TelegramBadRequest, match="message to unpin not found"):
        await bot.unpin_chat_message(GROUP, message_id=message.message_id)
    emu.set_bot_rights(GROUP, can_pin_messages=False)
    with pytest.raises(TelegramBadRequest, match="not enough rights to manage pinned messages"):
        await bot.pin_chat_message(GROUP, message.message_id)


async def test_the_bot_reacts_with_one_standard_emoji(emu: Emulator, bot: Bot) -> None:
    member = emu.add_user("张三-海淀区")
    emu.add_member(GROUP, member)
    opinion = emu.post(GROUP, member, "我的意见")
    assert await bot.set_message_reaction(GROUP, opinion, [ReactionTypeEmoji(emoji="✍")])
    assert emu.reactions(GROUP, opinion) == {emu.bot_id: ["✍"]}
    with pytest.raises(TelegramBadRequest, match="REACTION_INVALID"):
        await bot.set_message_reaction(GROUP, opinion, [ReactionTypeEmoji(emoji="🐈")])
    with pytest.raises(TelegramBadRequest, match="REACTIONS_TOO_MANY"):
        two = [ReactionTypeEmoji(emoji="👍"), ReactionTypeEmoji(emoji="🔥")]
        await bot.set_message_reaction(GROUP, opinion, two)


async def test_a_members_reaction_reaches_an_admin_bot_as_message_reaction(emu: Emulator, bot: Bot) -> None:
    member = emu.add_user("张三-海淀区")
    emu.add_member(GROUP, member)
    message = await bot.send_message(GROUP, "意见")
    emu.react(GROUP, member, message.message_id, "👍")
    update = emu.world.updates.pending[-1]
    assert update.kind == "message_reaction"
    assert update.payload["new_reaction"] == [{"type": "emoji", "emoji": "👍"}]
