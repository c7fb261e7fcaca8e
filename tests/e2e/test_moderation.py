"""群管理 end to end: moderator commands, /report, the banned-word and flood filters, the bot's rights."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

import pytest

from emulator.harness import Harness
from storage.repositories.proposals import ProposalRepository
from tests.e2e.conftest import GROUP, MODERATOR, config

pytestmark = pytest.mark.e2e

LOG_CHAT = -1005555555555


async def member(bot: Harness, name: str = "张三-海淀区") -> int:
    uid = bot.emu.add_user(name)
    bot.emu.join(GROUP, uid)
    await bot.settle()
    return uid


async def moderator(bot: Harness) -> int:
    """The configured moderator, in the group, with a private chat open so notices can reach them."""
    bot.emu.add_user("李版主-网信办", user_id=MODERATOR)
    bot.emu.private(MODERATOR, "/start")
    bot.emu.join(GROUP, MODERATOR)
    await bot.settle()
    return MODERATOR


async def say(bot: Harness, user_id: int, text: str, reply_to: int | None = None) -> int:
    message_id = bot.emu.post(GROUP, user_id, text, reply_to=reply_to)
    await bot.settle()
    return message_id


def close_to(value: datetime | None, expected: datetime) -> bool:
    return value is not None and abs(value - expected) <= timedelta(seconds=5)


def calls_for(bot: Harness, method: str, user_id: int) -> list[object]:
    return [c for c in bot.emu.calls(method) if int(c.params["user_id"]) == user_id]


def notices(bot: Harness, chat_id: int, word: str) -> list[str]:
    return [m.text for m in bot.emu.sent(chat_id=chat_id) if word in m.text]


async def test_a_non_moderators_ban_is_refused_and_changes_nothing(bot: Harness) -> None:
    target, other = await member(bot), await member(bot, "王五-朝阳区")
    posted = await say(bot, target, "大家好")
    await say(bot, other, "/ban", reply_to=posted)
    assert bot.emu.calls("banChatMember") == []
    assert bot.emu.member(GROUP, target).status == "member"
    assert "只有群主或管理员" in bot.emu.sent(chat_id=GROUP)[-1].text


async def test_three_warnings_mute_the_member_for_the_configured_day_and_start_over(bot: Harness) -> None:
    target, mod = await member(bot), await moderator(bot)
    posted = await say(bot, target, "买房加微信")
    await say(bot, mod, "/warn 广告", reply_to=posted)
    await say(bot, mod, "/warn 广告", reply_to=posted)
    assert "2/3" in bot.emu.sent(chat_id=GROUP)[-1].text
    assert calls_for(bot, "restrictChatMember", target) == []
    await say(bot, mod, "/warn 广告", reply_to=posted)
    state = bot.emu.member(GROUP, target)
    assert state.status == "restricted"
    assert close_to(state.until_date, bot.clock.now() + timedelta(days=1))
    async with bot.rt.services.uow() as uow:
        assert (await uow.chats.get_member(GROUP, target)).warn_count == 0
        actions = [(e.action, e.actor_id, e.reason) for e in await uow.audit.list(subject_id=target)]
    assert actions == [("warn", MODERATOR, "广告")] * 3 + [("mute", MODERATOR, "warn limit")]


async def test_an_unwarn_takes_back_one_warning(bot: Harness) -> None:
    target, mod = await member(bot), await moderator(bot)
    posted = await say(bot, target, "你好")
    for command in ("/warn", "/warn", "/unwarn", "/warn"):
        await say(bot, mod, command, reply_to=posted)
    assert "2/3" in bot.emu.sent(chat_id=GROUP)[-1].text
    assert calls_for(bot, "restrictChatMember", target) == []


async def test_mute_2h_restricts_until_two_hours_from_now_and_unmute_lifts_it(bot: Harness) -> None:
    target, mod = await member(bot), await moderator(bot)
    posted = await say(bot, target, "你好")
    await say(bot, mod, "/mute 2h 刷广告", reply_to=posted)
    state = bot.emu.member(GROUP, target)
    assert state.status == "restricted"
    assert close_to(state.until_date, bot.clock.now() + timedelta(hours=2))
    async with bot.rt.services.uow() as uow:
        (entry,) = await uow.audit.list(action="mute")
    assert (entry.actor_id, entry.subject_id, entry.reason) == (MODERATOR, target, "刷广告")
    assert close_to(datetime.fromisoformat(entry.data["until"]), bot.clock.now() + timedelta(hours=2))
    await say(bot, mod, "/unmute", reply_to=posted)
    assert bot.emu.member(GROUP, target).status == "member"


@pytest.mark.parametrize(("argument", "reason"), [("soon", "soon"), ("10s", "30"), ("400d", "366")])
async def test_a_mute_with_a_bad_duration_is_refused_with_the_reason(
    bot: Harness, argument: str, reason: str
) -> None:
    target, mod = await member(bot), await moderator(bot)
    posted = await say(bot, target, "你好")
    await say(bot, mod, f"/mute {argument}", reply_to=posted)
    assert reason in bot.emu.sent(chat_id=GROUP)[-1].text
    assert calls_for(bot, "restrictChatMember", target) == []


async def test_a_moderator_or_an_admin_cannot_be_warned_muted_or_banned(bot: Harness) -> None:
    admin, mod = await member(bot, "赵六-东城区"), await moderator(bot)
    bot.emu.make_admin(GROUP, admin)
    posted = await say(bot, admin, "你好")
    for command in ("/warn", "/mute 1h", "/ban"):
        await say(bot, mod, command, reply_to=posted)
        assert "不能被警告" in bot.emu.sent(chat_id=GROUP)[-1].text
    await say(bot, mod, f"/ban {MODERATOR}")
    assert "不能被警告" in bot.emu.sent(chat_id=GROUP)[-1].text
    assert bot.emu.calls("restrictChatMember") == [] and bot.emu.calls("banChatMember") == []


async def test_a_ban_by_user_id_removes_the_member_and_an_unban_lets_them_back(bot: Harness) -> None:
    target, mod = await member(bot), await moderator(bot)
    await say(bot, mod, f"/ban {target} 多次发广告")
    assert bot.emu.member(GROUP, target).status == "kicked"
    assert "多次发广告" in bot.emu.sent(chat_id=GROUP)[-1].text
    await say(bot, mod, f"/unban {target}")
    (unban,) = calls_for(bot, "unbanChatMember", target)
    assert unban.params["only_if_banned"] in (True, "true")
    assert bot.emu.member(GROUP, target).status == "left"


async def test_a_command_without_a_reply_or_a_user_id_asks_for_one(bot: Harness) -> None:
    await moderator(bot)
    await say(bot, MODERATOR, "/ban")
    assert "用户 ID" in bot.emu.sent(chat_id=GROUP)[-1].text
    assert bot.emu.calls("banChatMember") == []


async def test_a_report_reaches_the_moderators_once_with_a_link_to_the_message(bot: Harness) -> None:
    await moderator(bot)
    author, first = await member(bot), await member(bot, "王五-朝阳区")
    second = await member(bot, "钱七-西城区")
    posted = await say(bot, author, "不当言论")
    await say(bot, first, "/report", reply_to=posted)
    assert "谢谢" in bot.emu.sent(chat_id=GROUP)[-1].text
    await bot.run_jobs()
    await say(bot, second, "/report", reply_to=posted)
    await bot.run_jobs()
    (notice,) = notices(bot, MODERATOR, "报告")
    assert f"https://t.me/c/1234567890/{posted}" in notice and "不当言论" in notice


@pytest.mark.parametrize("text", ["这里有违\u3000禁\u3000词", "这里有违\u200b禁词", "這裡有違 禁 詞"])
async def test_a_banned_word_however_disguised_is_deleted_and_its_author_warned(
    bot: Harness, text: str
) -> None:
    author = await member(bot)
    posted = await say(bot, author, text)
    assert [int(c.params["message_id"]) for c in bot.emu.calls("deleteMessage")] == [posted]
    assert "1/3" in bot.emu.sent(chat_id=GROUP)[-1].text
    async with bot.rt.services.uow() as uow:
        assert (await uow.chats.get_member(GROUP, author)).warn_count == 1
        assert [e.action for e in await uow.audit.list(subject_id=author)] == ["delete", "warn"]


async def test_a_banned_word_in_a_command_is_deleted_before_the_command_is_heard(bot: Harness) -> None:
    author = await member(bot)
    posted = await say(bot, author, "/propose #人才 这里有违禁词的建议，请大家支持")
    assert [int(c.params["message_id"]) for c in bot.emu.calls("deleteMessage")] == [posted]
    async with bot.rt.services.uow() as uow:
        assert await uow.repo(ProposalRepository).by_author(author) == []


async def test_a_moderators_banned_word_is_not_deleted(bot: Harness) -> None:
    await moderator(bot)
    await say(bot, MODERATOR, "请勿发送违禁词")
    assert bot.emu.calls("deleteMessage") == []


async def test_nine_messages_in_ten_seconds_mute_the_sender_for_the_flood_time(bot: Harness) -> None:
    author = await member(bot)
    for i in range(8):
        await say(bot, author, f"第{i}条")
        bot.clock.advance(timedelta(seconds=1))
    assert bot.emu.member(GROUP, author).status == "member"
    await say(bot, author, "第9条")
    state = bot.emu.member(GROUP, author)
    assert state.status == "restricted"
    assert close_to(state.until_date, bot.clock.now() + timedelta(hours=1))
    assert "过于频繁" in bot.emu.sent(chat_id=GROUP)[-1].text


async def test_every_action_goes_to_the_log_chat_when_one_is_set(
    make_harness: Callable[..., Harness],
) -> None:
    harness = make_harness(config(moderation={"log_chat_id": LOG_CHAT}))
    await harness.emu.start()
    harness.emu.create_group(chat_id=GROUP, title="科创中心建言群")
    harness.emu.create_group(chat_id=LOG_CHAT, title="管理日志")
    async with harness:
        target, mod = await member(harness), await moderator(harness)
        posted = await say(harness, target, "你好")
        await say(harness, mod, "/mute 2h 刷屏", reply_to=posted)
        await harness.run_jobs()
        (line,) = harness.emu.sent(chat_id=LOG_CHAT)
        assert "禁言" in line.text and "张三-海淀区" in line.text and "刷屏" in line.text
        assert "李版主-网信办" in line.text
    await harness.emu.stop()


async def test_a_bot_without_the_restrict_right_tells_the_moderators_once_naming_it(
    make_harness: Callable[..., Harness],
) -> None:
    harness = make_harness()
    await harness.emu.start()
    harness.emu.create_group(GROUP, "科创中心建言群", bot_rights={"can_restrict_members": False})
    async with harness:
        target, mod = await member(harness), await moderator(harness)
        await harness.run_jobs()
        assert len(notices(harness, MODERATOR, "权限")) == 1
        posted = await say(harness, target, "你好")
        await say(harness, mod, "/mute 1h", reply_to=posted)
        assert "权限" in harness.emu.sent(chat_id=GROUP)[-1].text
        for i in range(9):
            await say(harness, target, f"第{i}条")
        await harness.run_jobs()
        await harness.restart()
        await harness.run_jobs()
        (notice,) = notices(harness, MODERATOR, "权限")
        assert "can_restrict_members" in notice and "can_delete_messages" not in notice
    await harness.emu.stop()


async def test_a_demotion_tells_the_moderators_which_right_is_now_missing(bot: Harness) -> None:
    await moderator(bot)
    await bot.run_jobs()
    assert notices(bot, MODERATOR, "权限") == []
    bot.emu.set_bot_rights(GROUP, can_delete_messages=False)
    await bot.settle()
    await bot.run_jobs()
    (notice,) = notices(bot, MODERATOR, "权限")
    assert "can_delete_messages" in notice and "can_restrict_members" not in notice
    async with bot.rt.services.uow() as uow:
        rights = (await uow.chats.get_chat(GROUP)).bot_rights
    assert rights["can_delete_messages"] is False and rights["can_restrict_members"] is True
