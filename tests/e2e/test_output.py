"""Every text the bot sends is one Telegram accepts: names escaped, long texts split, never "{???}".

The emulator parses the bot's HTML as Telegram does and refuses what Telegram refuses (bad HTML,
more than 4,096 characters), so a reply that breaks a rule is lost here as it would be there.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from emulator.harness import Harness
from tests.e2e.conftest import GROUP, MODERATOR, TALENT_OFFICIAL, config

pytestmark = pytest.mark.e2e


async def test_start_greets_a_name_full_of_html_by_that_name(bot: Harness) -> None:
    uid = bot.emu.add_user("Tom <b>& Jerry")
    bot.emu.private(uid, "/start")
    await bot.settle()
    assert "Tom <b>& Jerry" in bot.emu.sent(chat_id=uid)[-1].text


async def test_id_answers_the_chats_id_and_the_senders_in_a_group_and_in_private(bot: Harness) -> None:
    uid = bot.emu.add_user("张三-海淀区")
    bot.emu.join(GROUP, uid)
    bot.emu.post(GROUP, uid, "/id")
    bot.emu.private(uid, "/id")
    await bot.settle()
    in_group = bot.emu.sent(chat_id=GROUP)[-1].text
    assert str(GROUP) in in_group and str(uid) in in_group
    assert str(uid) in bot.emu.sent(chat_id=uid)[-1].text


async def test_an_unconfigured_group_is_told_its_id_before_the_bot_leaves(bot: Harness) -> None:
    stray = -1004444444444
    bot.emu.create_group(chat_id=stray, title="未配置的群")
    uid = bot.emu.add_user("张三-海淀区")
    bot.emu.add_member(stray, uid)
    bot.emu.post(stray, uid, "大家好")
    await bot.settle()
    assert str(stray) in bot.emu.sent(chat_id=stray)[-1].text
    assert bot.emu.calls("leaveChat")


async def test_names_lists_fifty_long_names_in_messages_that_fit(
        make_harness: Callable[..., Harness]) -> None:
    harness = make_harness(config(locale={"default": "en", "timezone": "Asia/Shanghai"}))
    await harness.emu.start()
    harness.emu.create_group(chat_id=GROUP, title="科创中心建言群")
    async with harness:
        emu = harness.emu
        emu.add_user("管理员-区委办", user_id=MODERATOR)
        emu.start_bot(MODERATOR)
        emu.join(GROUP, MODERATOR)
        for n in range(50):
            uid = emu.add_user(f"<b>Someone & {n}</b> " + "x" * 40, "y" * 20)
            emu.join(GROUP, uid)
        await harness.settle()
        before = len(emu.sent(chat_id=GROUP))
        emu.post(GROUP, MODERATOR, "/names")
        await harness.settle()
        listed = emu.sent(chat_id=GROUP)[before:]
        assert len(listed) >= 2, [len(m.text) for m in listed]
        assert sum(m.text.count("Someone &") for m in listed) == 50
    await harness.emu.stop()


async def test_a_4000_character_answer_is_posted_whole(bot: Harness) -> None:
    bot.emu.add_user("李主任", user_id=TALENT_OFFICIAL)
    bot.emu.private(TALENT_OFFICIAL, "/start")
    author = bot.emu.add_user("张三-海淀区")
    bot.emu.join(GROUP, author)
    await bot.settle()
    bot.emu.post(GROUP, author, "#人才 建议设立青年人才公寓，帮助高校毕业生留在本市工作")
    await bot.settle()
    answer = "".join(f"第{n}条：<住房> & “补贴” 🏠。" for n in range(400))[:4000]
    bot.emu.private(TALENT_OFFICIAL, f"/answer 1 {answer}")
    await bot.settle()
    posted = "".join(m.text for m in bot.emu.sent(chat_id=GROUP) if "第1条" in m.text or "第399" in m.text)
    assert "{???}" not in posted
    posted_all = "\n".join(m.text for m in bot.emu.sent(chat_id=GROUP))
    assert answer[-50:] in posted_all and answer[:50] in posted_all
    last = bot.emu.sent(chat_id=GROUP)[-1]
    assert [label for label, _ in last.reply_markup[0]] == ["满意", "基本满意", "不满意"]
    assert "已办结答复" in bot.emu.sent(chat_id=TALENT_OFFICIAL)[-1].text


HOSTILE_NAME = 'Tom <3 & <b>汤姆 "杰瑞" 🏠'
HOSTILE_TEXT = '#人才 建议 <script>alert("x")</script> & 把 <b>人才公寓</b> 建在 1 < 2 > 0 的地方 🏠 "quoted"'


async def test_hostile_names_and_texts_pass_through_every_feature_unrefused(bot: Harness) -> None:
    emu = bot.emu
    for uid, name in ((TALENT_OFFICIAL, HOSTILE_NAME), (MODERATOR, HOSTILE_NAME)):
        emu.add_user(name, user_id=uid)
        emu.private(uid, "/start")
    emu.join(GROUP, MODERATOR)
    bad_name = emu.add_user(HOSTILE_NAME)  # breaks the real-name rule: restricted and told by mention
    emu.join(GROUP, bad_name)
    author = emu.add_user("张三-海淀<区>&")  # complies: the unit may hold any characters
    emu.join(GROUP, author)
    await bot.settle()
    posted = emu.post(GROUP, author, HOSTILE_TEXT)
    await bot.settle()
    await bot.advance(1)
    emu.post(GROUP, author, "/report", reply_to=posted)
    emu.post(GROUP, MODERATOR, "/warn <广告> & \"骚扰\"", reply_to=posted)
    emu.post(GROUP, MODERATOR, "/names")
    for text in ("/queue", "/accept 1", f"/answer 1 {HOSTILE_TEXT}", "/history 1", "/proposal 1"):
        emu.private(TALENT_OFFICIAL, text)
        await bot.settle()
    emu.private(author, "/my")
    await bot.settle()
    await bot.advance(200)  # the cards, the grace running out, the removal notices
    refused = [(c.method, c.description) for c in emu.calls() if not c.ok and c.fault is None
               and ("parse" in (c.description or "") or "too long" in (c.description or ""))]
    assert refused == []
    shown = "\n".join(m.text for m in emu.sent())
    assert '<script>alert("x")</script>' in shown and HOSTILE_NAME in shown
