"""The foundation end to end: the real dispatcher over HTTP against the emulator."""

from __future__ import annotations

from pathlib import Path

import pytest

from emulator.harness import Harness
from tests.e2e.conftest import GROUP, OTHER_GROUP, config

pytestmark = pytest.mark.e2e


async def test_start_in_a_private_chat_is_answered_in_chinese(bot: Harness) -> None:
    uid = bot.emu.add_user("王小明")
    bot.emu.private(uid, "/start")
    await bot.settle()
    (reply,) = bot.emu.sent(chat_id=uid)
    assert "王小明" in reply.text and "/help" in reply.text


async def test_help_shows_an_official_their_commands(bot: Harness) -> None:
    from tests.e2e.conftest import TALENT_OFFICIAL

    bot.emu.add_user("李主任", user_id=TALENT_OFFICIAL)
    bot.emu.private(TALENT_OFFICIAL, "/help")
    await bot.settle()
    (reply,) = bot.emu.sent(chat_id=TALENT_OFFICIAL)
    assert "/queue" in reply.text and "/my" in reply.text


async def test_a_group_that_is_not_configured_is_told_once_and_left(bot: Harness) -> None:
    bot.emu.create_group(chat_id=OTHER_GROUP, title="闲聊群")
    uid = bot.emu.add_user("张三-海淀区")
    bot.emu.join(OTHER_GROUP, uid)
    await bot.settle()
    said = bot.emu.sent(chat_id=OTHER_GROUP)
    assert len(said) == 1 and "未配置" in said[0].text
    assert [c.params["chat_id"] for c in bot.emu.calls("leaveChat")] == [OTHER_GROUP]
    assert bot.emu.sent(chat_id=GROUP) == []


async def test_the_english_default_answers_in_english(make_harness, tmp_path: Path) -> None:
    harness: Harness = make_harness(config(locale={"default": "en"}))
    await harness.emu.start()
    async with harness:
        uid = harness.emu.add_user("John", language_code="fr")
        harness.emu.private(uid, "/start")
        await harness.settle()
        assert "Hello, John" in harness.emu.sent(chat_id=uid)[0].text
    await harness.emu.stop()


async def test_each_role_sees_its_own_command_menu_in_both_languages(bot: Harness) -> None:
    from tests.e2e.conftest import TALENT_OFFICIAL

    members = dict(bot.emu.commands({"type": "all_private_chats"}))
    admins = dict(bot.emu.commands({"type": "all_chat_administrators"}))
    official = dict(bot.emu.commands({"type": "chat", "chat_id": TALENT_OFFICIAL}))
    english = dict(bot.emu.commands({"type": "all_private_chats"}, language_code="en"))
    assert "my" in members and "queue" not in members and "ban" not in members
    assert {"warn", "mute", "ban", "prune", "names"} <= set(admins)
    assert {"queue", "answer", "history", "my"} <= set(official)
    assert members["my"] == "我的建言" and english["my"] == "My proposals"
