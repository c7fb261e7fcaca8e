"""辟谣 end to end: a moderator's /correct posts and pins the official clarification next to the
rumour, optionally deletes it, and the log chat hears of it."""

from __future__ import annotations

import pytest

from emulator.harness import Harness
from storage.repositories.corrections import CorrectionRepository
from tests.e2e.conftest import GROUP, MODERATOR

pytestmark = pytest.mark.e2e

CLARIFICATION = "经核实，网传“人才公寓停止申请”不实，申请通道正常开放，以市人才办公告为准。"


async def _rumour(bot: Harness) -> tuple[int, int]:
    bot.emu.add_user("管理员", user_id=MODERATOR, started=True)
    bot.emu.add_member(GROUP, MODERATOR)
    uid = bot.emu.add_user("张三-海淀区")
    bot.emu.join(GROUP, uid)
    rumour = bot.emu.post(GROUP, uid, "听说人才公寓下个月就停止申请了！")
    await bot.settle()
    return uid, rumour


async def test_correct_pins_a_clarification_as_a_reply_and_records_it(bot: Harness) -> None:
    author, rumour = await _rumour(bot)
    bot.emu.post(GROUP, MODERATOR, f"/correct {CLARIFICATION}", reply_to=rumour)
    await bot.settle()
    await bot.advance(1)
    post = next(m for m in bot.emu.sent(chat_id=GROUP) if m.text.startswith("📢 官方澄清"))
    assert CLARIFICATION in post.text and post.reply_to == rumour
    assert bot.emu.pinned(GROUP) == [post.message_id]
    assert not bot.emu.history(GROUP)[-1].deleted
    logged = bot.emu.sent(chat_id=MODERATOR)[-1].text
    assert "发布了官方澄清" in logged and "人才公寓停止申请" in logged
    async with bot.rt.services.uow() as uow:
        [record] = await uow.repo(CorrectionRepository).since(bot.clock.now().replace(year=2000))
    assert (record.moderator_id, record.author_id, record.message_id) == (MODERATOR, author, rumour)


async def test_correct_with_d_deletes_the_rumour_too(bot: Harness) -> None:
    _, rumour = await _rumour(bot)
    bot.emu.post(GROUP, MODERATOR, f"/correct -d {CLARIFICATION}", reply_to=rumour)
    await bot.settle()
    assert next(line for line in bot.emu.history(GROUP) if line.message_id == rumour).deleted
    assert len(bot.emu.pinned(GROUP)) == 1


async def test_a_member_may_not_correct_and_nothing_is_posted(bot: Harness) -> None:
    author, rumour = await _rumour(bot)
    bot.emu.post(GROUP, author, f"/correct {CLARIFICATION}", reply_to=rumour)
    await bot.settle()
    assert "只有群主或管理员可以使用这个命令" in bot.emu.sent(chat_id=GROUP)[-1].text
    assert bot.emu.pinned(GROUP) == []


async def test_correct_without_a_reply_or_with_a_long_text_says_how(bot: Harness) -> None:
    _, rumour = await _rumour(bot)
    bot.emu.post(GROUP, MODERATOR, f"/correct {CLARIFICATION}")
    await bot.settle()
    assert "请回复要澄清的消息" in bot.emu.sent(chat_id=GROUP)[-1].text
    bot.emu.post(GROUP, MODERATOR, "/correct " + "澄清" * 1001, reply_to=rumour)
    await bot.settle()
    assert "澄清内容太长（2002 字）：最多 2000 字" in bot.emu.sent(chat_id=GROUP)[-1].text
    assert bot.emu.pinned(GROUP) == []
