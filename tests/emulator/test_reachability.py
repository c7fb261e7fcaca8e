"""Who the bot may write to in private: only people who pressed Start and did not block it."""

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiogram import Bot
from aiogram.exceptions import TelegramForbiddenError
from aiogram.types import BufferedInputFile

from emulator import Emulator
from emulator.harness import Harness, configured_people

NEVER_STARTED = "Forbidden: bot can't initiate conversation with a user"
BLOCKED = "Forbidden: bot was blocked by the user"


@pytest.fixture
async def emu() -> AsyncIterator[Emulator]:
    async with Emulator(rate_limits=False) as emulator:
        yield emulator


async def refusal(call: object) -> str:
    with pytest.raises(TelegramForbiddenError) as refused:
        await call  # type: ignore[misc]
    return refused.value.message


async def test_a_person_who_never_pressed_start_cannot_be_sent_anything(emu: Emulator, bot: Bot) -> None:
    uid = emu.add_user("赵主任")
    assert await refusal(bot.send_message(uid, "每日摘要")) == NEVER_STARTED
    assert await refusal(bot.send_document(uid, BufferedInputFile(b"a", "x.csv"))) == NEVER_STARTED
    assert await refusal(bot.send_photo(uid, BufferedInputFile(b"a", "x.png"))) == NEVER_STARTED
    assert emu.sent(user_id=uid) == [] and not emu.has_started(uid)


async def test_started_at_creation_or_later_or_by_writing_to_the_bot(emu: Emulator, bot: Bot) -> None:
    official = emu.add_user("钱科长", started=True)
    moderator = emu.add_user("孙管理")
    member = emu.add_user("李四")
    emu.start_bot(moderator)
    emu.private(member, "你好")  # writing to the bot opens the chat, as pressing Start does
    for uid in (official, moderator, member):
        await bot.send_message(uid, "通知")
    assert [len(emu.sent(user_id=uid)) for uid in (official, moderator, member)] == [1, 1, 1]


async def test_a_person_who_blocked_the_bot_is_refused_until_they_write_again(
        emu: Emulator, bot: Bot) -> None:
    uid = emu.add_user("钱科长", started=True)
    emu.block_bot(uid)
    assert await refusal(bot.send_message(uid, "催办")) == BLOCKED
    assert not emu.has_started(uid)
    emu.private(uid, "/start")
    await bot.send_message(uid, "催办")
    assert [m.text for m in emu.sent(user_id=uid)] == ["催办"]


def test_the_people_a_configuration_names_are_everyone_the_bot_writes_to_in_private() -> None:
    config = {
        "moderation": {"moderators": [111], "log_chat_id": -100500},
        "digest": {"fallback_chat_id": 444},
        "groups": [{"chat_id": -1001, "moderation": {"moderators": [222]}}],
        "departments": [{"id": "talent", "officials": [333, 111], "leaders": [555]}],
    }
    assert configured_people(config) == {111, 222, 333, 444, 555}


async def test_the_harness_starts_configured_people_except_those_it_is_told_not_to(tmp_path: Path) -> None:
    config = {"moderation": {"moderators": [111111]},
              "departments": [{"id": "talent", "name": "市人才办", "officials": [222222, 333333, 444444]}]}
    harness = Harness(config, tmp_path, unstarted=[333333])
    await harness.emu.start()
    bot = harness.emu.make_bot()
    try:
        assert 111111 not in harness.emu.world.users  # presumed, so a test may still define them
        harness.emu.add_user("李主任", user_id=444444, started=True)
        await bot.send_message(111111, "管理员通知")
        await bot.send_message(222222, "每日摘要")
        await bot.send_message(444444, "每日摘要")
        assert await refusal(bot.send_message(333333, "每日摘要")) == NEVER_STARTED
        assert harness.emu.world.users[444444].first_name == "李主任"
        harness.emu.add_user("赵主任", user_id=222222)  # defined afresh: a person who never started
        assert await refusal(bot.send_message(222222, "每日摘要")) == NEVER_STARTED
        people = (111111, 222222, 333333, 444444)
        assert [len(harness.emu.sent(user_id=uid)) for uid in people] == [1, 1, 0, 1]
    finally:
        await bot.session.close()
        await harness.emu.stop()
