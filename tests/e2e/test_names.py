"""The real-name rule end to end: read-only, told how to rename, restored or removed on time."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.timefmt import local_text
from emulator.harness import Harness
from tests.e2e.conftest import GROUP, MODERATOR, config

pytestmark = pytest.mark.e2e
GRACE = 120


def restricted_ids(bot: Harness) -> list[int]:
    return [c.params["user_id"] for c in bot.emu.calls("restrictChatMember")
            if not c.params["permissions"].get("can_send_messages")]


def may_post(bot: Harness, user_id: int) -> bool:
    state = bot.emu.member(GROUP, user_id)
    return state.status == "member" or bool(state.permissions.get("can_send_messages"))


def notice_of(bot: Harness, user_id: int):
    return next(m for m in bot.emu.sent(chat_id=GROUP) if user_id in m.mentions and m.reply_markup)


async def join_as(bot: Harness, first: str, last: str | None = None) -> int:
    uid = bot.emu.add_user(first, last)
    bot.emu.join(GROUP, uid)
    await bot.settle()
    return uid


async def test_a_member_who_joins_as_xiaoming_is_made_read_only_and_told_how_to_rename(bot: Harness) -> None:
    deadline = local_text(bot.clock.now() + timedelta(seconds=GRACE), "Asia/Shanghai")
    uid = await join_as(bot, "小明")
    assert restricted_ids(bot) == [uid]
    assert not may_post(bot, uid)
    (said,) = bot.emu.sent(chat_id=GROUP)
    assert said.mentions == (uid,)
    assert "张三-海淀区" in said.text and deadline in said.text and "分隔符" in said.text
    assert said.reply_markup == [[("我已改名", f"names:recheck:{uid}")]]


async def test_renaming_and_pressing_the_button_gives_the_rights_back(bot: Harness) -> None:
    uid = await join_as(bot, "小明")
    notice = notice_of(bot, uid)
    bot.emu.rename(uid, "王小明-海淀区")
    cbid = bot.emu.press(GROUP, uid, notice.message_id, data=f"names:recheck:{uid}")
    await bot.settle()
    assert may_post(bot, uid)
    assert len(bot.emu.callback_answers(cbid)) == 1
    confirmation = bot.emu.sent(chat_id=GROUP)[-1]
    assert confirmation.mentions == (uid,) and "恢复" in confirmation.text
    bot.emu.post(GROUP, uid, "大家好")
    await bot.advance(GRACE + 10)
    assert bot.emu.calls("banChatMember") == []


async def test_pressing_the_button_before_renaming_explains_what_is_still_wrong(bot: Harness) -> None:
    uid = await join_as(bot, "小明")
    cbid = bot.emu.press(GROUP, uid, notice_of(bot, uid).message_id, data=f"names:recheck:{uid}")
    await bot.settle()
    (answer,) = bot.emu.callback_answers(cbid)
    assert "分隔符" in answer["text"] and answer.get("show_alert")
    assert not may_post(bot, uid)


async def test_only_the_member_named_may_press_their_button(bot: Harness) -> None:
    uid = await join_as(bot, "小明")
    other = bot.emu.add_user("李四-朝阳区")
    bot.emu.join(GROUP, other)
    await bot.settle()
    bot.emu.rename(uid, "王小明-海淀区")
    cbid = bot.emu.press(GROUP, other, notice_of(bot, uid).message_id, data=f"names:recheck:{uid}")
    await bot.settle()
    (answer,) = bot.emu.callback_answers(cbid)
    assert "本人" in answer["text"]
    assert not may_post(bot, uid)


async def test_a_private_message_after_renaming_gives_the_rights_back(bot: Harness) -> None:
    uid = await join_as(bot, "小明")
    bot.emu.rename(uid, "王小明-海淀区")
    bot.emu.private(uid, "我改好名字了")
    await bot.settle()
    assert may_post(bot, uid)
    assert "恢复" in bot.emu.sent(chat_id=GROUP)[-1].text


async def test_the_periodic_recheck_restores_a_member_who_renamed_without_a_word(bot: Harness) -> None:
    uid = await join_as(bot, "小明")
    bot.emu.rename(uid, "王小明-海淀区")
    await bot.advance(61)
    assert may_post(bot, uid)
    assert bot.emu.calls("banChatMember") == []
    assert "恢复" in bot.emu.sent(chat_id=GROUP)[-1].text


async def test_a_member_who_never_fixes_their_name_is_removed_when_the_grace_ends_and_may_rejoin(
    bot: Harness,
) -> None:
    bot.emu.add_user("管理员", user_id=MODERATOR)
    bot.emu.private(MODERATOR, "/start")
    uid = await join_as(bot, "小明")
    await bot.advance(GRACE - 30)
    assert bot.emu.calls("banChatMember") == []
    await bot.advance(31)
    assert [c.params["user_id"] for c in bot.emu.calls("banChatMember")] == [uid]
    assert bot.emu.calls("unbanChatMember")[-1].params.get("only_if_banned") is True
    assert bot.emu.member(GROUP, uid).status == "left"
    removed = bot.emu.sent(chat_id=GROUP)[-1]
    assert removed.mentions == (uid,) and "移出" in removed.text
    told = bot.emu.sent(chat_id=MODERATOR)[-1]
    assert str(uid) in told.text and "移出" in told.text
    bot.emu.rename(uid, "王小明-海淀区")
    bot.emu.join(GROUP, uid)
    await bot.settle()
    assert bot.emu.member(GROUP, uid).status == "member"


async def test_a_restart_during_the_grace_still_removes_on_time_exactly_once(bot: Harness) -> None:
    uid = await join_as(bot, "小明")
    await bot.advance(60)
    await bot.restart()
    await bot.advance(30)
    assert bot.emu.calls("banChatMember") == []
    await bot.advance(31)
    await bot.advance(60)
    await bot.restart()
    await bot.advance(60)
    assert [c.params["user_id"] for c in bot.emu.calls("banChatMember")] == [uid]
    assert len([m for m in bot.emu.sent(chat_id=GROUP) if "已被移出" in m.text]) == 1


async def test_an_admin_with_any_name_is_left_alone(bot: Harness) -> None:
    uid = bot.emu.add_user("小明")
    bot.emu.make_admin(GROUP, uid)
    await bot.settle()
    bot.emu.post(GROUP, uid, "大家好")
    await bot.settle()
    assert restricted_ids(bot) == [] and bot.emu.sent(chat_id=GROUP) == []


async def test_the_creator_with_any_name_is_left_alone(make_harness) -> None:
    harness: Harness = make_harness()
    await harness.emu.start()
    creator = harness.emu.add_user("群主")
    harness.emu.create_group(chat_id=GROUP, title="科创中心建言群", creator=creator)
    async with harness:
        harness.emu.post(GROUP, creator, "欢迎大家")
        await harness.settle()
        assert restricted_ids(harness) == [] and harness.emu.sent(chat_id=GROUP) == []
    await harness.emu.stop()


async def test_a_compliant_name_is_left_alone_and_nothing_is_sent(bot: Harness) -> None:
    uid = await join_as(bot, "张三-海淀区")
    bot.emu.post(GROUP, uid, "大家好")
    await bot.settle()
    await bot.advance(GRACE + 10)
    assert restricted_ids(bot) == [] and bot.emu.sent(chat_id=GROUP) == []
    assert bot.emu.calls("banChatMember") == []


async def test_a_member_who_renames_to_a_bad_name_and_posts_is_made_read_only(bot: Harness) -> None:
    uid = await join_as(bot, "张三-海淀区")
    bot.emu.rename(uid, "🌸")
    bot.emu.post(GROUP, uid, "大家好")
    await bot.settle()
    assert restricted_ids(bot) == [uid]
    assert "🌸" in notice_of(bot, uid).text


async def test_a_member_who_was_there_before_the_bot_is_judged_on_their_first_message(bot: Harness) -> None:
    uid = bot.emu.add_user("老王")
    bot.emu.add_member(GROUP, uid)
    bot.emu.post(GROUP, uid, "早上好")
    await bot.settle()
    assert restricted_ids(bot) == [uid]


async def test_names_lists_the_non_compliant_with_reason_and_deadline(bot: Harness) -> None:
    deadline = local_text(bot.clock.now() + timedelta(seconds=GRACE), "Asia/Shanghai")
    uid = await join_as(bot, "小明")
    await join_as(bot, "张三-海淀区")
    bot.emu.add_user("王管理-区委办", user_id=MODERATOR)  # moderators follow the real-name rule too
    bot.emu.add_member(GROUP, MODERATOR)
    bot.emu.post(GROUP, MODERATOR, "/names")
    await bot.settle()
    listing = bot.emu.sent(chat_id=GROUP)[-1].text
    assert "小明" in listing and str(uid) in listing and "分隔符" in listing and deadline in listing
    assert "张三" not in listing


async def test_a_non_moderator_asking_for_names_is_refused(bot: Harness) -> None:
    uid = await join_as(bot, "张三-海淀区")
    await join_as(bot, "小明")
    bot.emu.post(GROUP, uid, "/names")
    await bot.settle()
    assert "只有群主或管理员" in bot.emu.sent(chat_id=GROUP)[-1].text


async def test_exempt_on_the_notice_restores_the_member_and_spares_them(bot: Harness) -> None:
    uid = await join_as(bot, "Bob")
    bot.emu.add_user("王管理-区委办", user_id=MODERATOR)  # moderators follow the real-name rule too
    bot.emu.add_member(GROUP, MODERATOR)
    bot.emu.post(GROUP, MODERATOR, "/exempt", reply_to=notice_of(bot, uid).message_id)
    await bot.settle()
    assert may_post(bot, uid)
    assert "豁免" in bot.emu.sent(chat_id=GROUP)[-1].text
    await bot.advance(GRACE + 10)
    assert bot.emu.calls("banChatMember") == []
    bot.emu.post(GROUP, uid, "thanks")
    await bot.settle()
    assert len(restricted_ids(bot)) == 1


async def test_the_unit_becomes_the_member_tag(bot: Harness) -> None:
    uid = await join_as(bot, "张三-海淀区")
    (call,) = bot.emu.calls("setChatMemberTag")
    assert (call.params["user_id"], call.params["tag"]) == (uid, "海淀区")
    assert bot.emu.member(GROUP, uid).tag == "海淀区"


async def test_a_bot_without_the_tag_right_tells_the_moderators_once(make_harness) -> None:
    harness: Harness = make_harness()
    await harness.emu.start()
    harness.emu.create_group(chat_id=GROUP, title="科创中心建言群", bot_rights={"can_manage_tags": False})
    harness.emu.add_user("管理员", user_id=MODERATOR)
    harness.emu.private(MODERATOR, "/start")
    async with harness:
        await harness.advance(1)  # the start-up check of the bot's rights
        for name in ("张三-海淀区", "李四-朝阳区"):
            harness.emu.join(GROUP, harness.emu.add_user(name))
            await harness.settle()
        await harness.advance(1)
        told = [m for m in harness.emu.sent(chat_id=MODERATOR) if "标签" in m.text]
        assert len(told) == 1
        assert all(not c.ok for c in harness.emu.calls("setChatMemberTag"))
        assert len(harness.emu.calls("setChatMemberTag")) <= 1
    await harness.emu.stop()


async def test_in_register_mode_iam_counts_as_a_real_name(make_harness) -> None:
    harness: Harness = make_harness(config(nickname={"mode": "register", "grace": "120s"}))
    await harness.emu.start()
    harness.emu.create_group(chat_id=GROUP, title="科创中心建言群")
    async with harness:
        uid = harness.emu.add_user("Bob")
        harness.emu.join(GROUP, uid)
        await harness.settle()
        notice = notice_of(harness, uid)
        assert "/iam" in notice.text and "t.me/delibot?start=iam" in notice.text
        harness.emu.private(uid, "/start iam")  # following the notice's link
        await harness.settle()
        hint = harness.emu.sent(chat_id=uid)[-1].text
        assert "/iam" in hint and "建言群助手" not in hint  # the hint, not the generic welcome
        harness.emu.private(uid, "/iam 王 海淀区")
        await harness.settle()
        assert "姓名太短" in harness.emu.sent(chat_id=uid)[-1].text
        assert not may_post(harness, uid)
        harness.emu.private(uid, "/iam 王小明 海淀区")
        await harness.settle()
        assert "王小明" in harness.emu.sent(chat_id=uid)[-1].text
        assert may_post(harness, uid)
        assert "恢复" in harness.emu.sent(chat_id=GROUP)[-1].text
        await harness.advance(GRACE + 10)
        assert harness.emu.calls("banChatMember") == []
        assert harness.emu.calls("setChatMemberTag")[-1].params["tag"] == "海淀区"
    await harness.emu.stop()


async def test_a_refused_tag_is_reported_once_and_not_tried_again(bot: Harness) -> None:
    bot.emu.add_user("管理员", user_id=MODERATOR)
    bot.emu.private(MODERATOR, "/start")
    bot.emu.world.bot_member(bot.emu.world.chats[GROUP]).rights["can_manage_tags"] = False
    for name in ("张三-海淀区", "李四-朝阳区"):
        await join_as(bot, name)
    await bot.advance(1)
    told = [m for m in bot.emu.sent(chat_id=MODERATOR) if "无法把成员的单位显示为标签" in m.text]
    assert len(told) == 1
    assert len(bot.emu.calls("setChatMemberTag")) == 1


async def test_a_member_who_leaves_during_the_grace_is_not_removed_later(bot: Harness) -> None:
    uid = await join_as(bot, "小明")
    bot.emu.leave(GROUP, uid)
    await bot.settle()
    await bot.advance(GRACE + 10)
    assert bot.emu.calls("banChatMember") == []


async def test_a_member_who_comes_back_with_a_proper_name_gets_the_rights_back(bot: Harness) -> None:
    uid = await join_as(bot, "小明")
    bot.emu.leave(GROUP, uid)
    await bot.settle()
    bot.emu.rename(uid, "王小明-海淀区")
    bot.emu.join(GROUP, uid)
    await bot.settle()
    assert bot.emu.calls("restrictChatMember")[-1].params["permissions"]["can_send_messages"] is True
    assert may_post(bot, uid)


async def test_an_english_group_tells_the_member_in_english(make_harness) -> None:
    harness: Harness = make_harness(config(locale={"default": "en", "timezone": "Asia/Shanghai"}))
    await harness.emu.start()
    harness.emu.create_group(chat_id=GROUP, title="Deliberation")
    async with harness:
        uid = harness.emu.add_user("Bob")
        harness.emu.join(GROUP, uid)
        await harness.settle()
        notice = notice_of(harness, uid)
        assert "real names" in notice.text and "separator" in notice.text
        assert notice.reply_markup == [[("I have renamed", f"names:recheck:{uid}")]]
    await harness.emu.stop()


async def test_a_removal_telegram_failed_is_finished_on_the_next_run_and_announced_once(bot: Harness) -> None:
    uid = await join_as(bot, "小明")
    bot.emu.fail_next(n=6, status=500, method="banChatMember")
    await bot.advance(GRACE + 1)
    assert [c.ok for c in bot.emu.calls("banChatMember")] == [False] * 6
    assert bot.emu.member(GROUP, uid).status == "restricted"
    await bot.restart()
    await bot.advance(60)
    assert [c.ok for c in bot.emu.calls("banChatMember")] == [False] * 6 + [True]
    assert bot.emu.member(GROUP, uid).status == "left"
    await bot.advance(60)
    assert len(bot.emu.calls("banChatMember")) == 7
    assert len([m for m in bot.emu.sent(chat_id=GROUP) if "已被移出" in m.text]) == 1


async def test_a_read_only_member_made_an_admin_is_no_longer_held_and_never_removed(bot: Harness) -> None:
    uid = await join_as(bot, "小明")
    bot.emu.make_admin(GROUP, uid)
    await bot.settle()
    await bot.advance(GRACE + 61)
    assert bot.emu.calls("banChatMember") == []
    assert restricted_ids(bot) == [uid]  # an admin has every right: nothing to give back
    assert [m for m in bot.emu.sent(chat_id=GROUP) if "已被移出" in m.text] == []


async def test_a_member_who_renames_to_another_wrong_name_is_still_removed_when_the_first_grace_ends(
    bot: Harness,
) -> None:
    uid = await join_as(bot, "小明")
    await bot.advance(30)
    bot.emu.rename(uid, "小明🌸")
    await bot.advance(GRACE - 60)
    assert bot.emu.calls("banChatMember") == []
    await bot.advance(31)
    assert [c.params["user_id"] for c in bot.emu.calls("banChatMember")] == [uid]


async def test_the_moderator_hears_of_an_exemption_once_the_rights_are_back(bot: Harness) -> None:
    uid = await join_as(bot, "Bob")
    bot.emu.add_user("王管理-区委办", user_id=MODERATOR)  # moderators follow the real-name rule too
    bot.emu.add_member(GROUP, MODERATOR)
    bot.emu.post(GROUP, MODERATOR, "/exempt", reply_to=notice_of(bot, uid).message_id)
    await bot.settle()
    steps = [c.method for c in bot.emu.calls() if c.method in ("restrictChatMember", "sendMessage")]
    assert steps[-2:] == ["restrictChatMember", "sendMessage"]
    assert bot.emu.calls("restrictChatMember")[-1].params["permissions"]["can_send_messages"] is True
    assert "豁免" in bot.emu.sent(chat_id=GROUP)[-1].text
