"""Moderation at the dispatcher: the moderators' commands, /report, the banned-word and flood
filters, and the bot's own rights; each with the Bot API calls it makes and the words it says."""

from __future__ import annotations

from datetime import timedelta

from tests.fakes import effect_methods, effects
from tests.features.conftest import GROUP, MODERATOR, MakeScene, Scene, config

DAY = 24 * 3600


async def test_warn_by_a_non_moderator_gets_the_refusal_and_nothing_else(scene: Scene) -> None:
    member, other = await scene.regular("张三-海淀区"), await scene.regular("李四-朝阳区")
    target = scene.tg.says(GROUP, other, "一条消息")
    await scene.feed(target)
    calls = await scene.feed(scene.tg.says(GROUP, member, "/warn", reply_to=target))
    (refusal,) = calls
    assert (refusal.method, refusal.chat_id) == ("sendMessage", GROUP)
    assert refusal.text == "抱歉，只有群主或管理员可以使用这个命令。"


async def test_every_moderator_command_by_a_member_is_refused_without_touching_anyone(scene: Scene) -> None:
    member = await scene.regular("张三-海淀区")
    for command in ("/unwarn 42", "/mute 42 2h", "/unmute 42", "/ban 42", "/unban 42"):
        calls = await scene.feed(scene.tg.says(GROUP, member, command))
        assert [c.text for c in calls] == ["抱歉，只有群主或管理员可以使用这个命令。"], command


async def test_a_warning_by_reply_names_the_member_and_counts_to_the_limit(scene: Scene) -> None:
    member = await scene.regular("张三-海淀区")
    target = scene.tg.says(GROUP, member, "不当言论")
    await scene.feed(target)
    calls = await scene.feed(scene.tg.says(GROUP, scene.moderator, "/warn 不文明", reply_to=target))
    assert effect_methods(calls) == ["sendMessage"]
    (notice,) = effects(calls)
    assert "收到一次警告（1/3）。原因：不文明" in notice.text
    assert f'<a href="tg://user?id={member.id}">' in notice.text


async def test_the_third_warning_mutes_the_member_for_the_configured_day(scene: Scene) -> None:
    member = await scene.regular("张三-海淀区")
    for _ in range(2):
        await scene.feed(scene.tg.says(GROUP, scene.moderator, f"/warn {member.id}"))
    calls = await scene.feed(scene.tg.says(GROUP, scene.moderator, f"/warn {member.id}"))
    assert effect_methods(calls) == ["restrictChatMember", "sendMessage"]
    mute, notice = effects(calls)
    assert (mute["chat_id"], mute["user_id"]) == (GROUP, member.id)
    assert mute["permissions"]["can_send_messages"] is False
    assert mute["until_date"] == int(scene.clock.now().timestamp()) + DAY
    assert "警告已满 3 次" in notice.text


async def test_unwarn_takes_back_one_warning(scene: Scene) -> None:
    member = await scene.regular("张三-海淀区")
    await scene.feed(scene.tg.says(GROUP, scene.moderator, f"/warn {member.id}"))
    (answer,) = effects(await scene.feed(scene.tg.says(GROUP, scene.moderator, f"/unwarn {member.id}")))
    assert "撤销一次警告，现有警告 0/3" in answer.text


async def test_mute_2h_restricts_until_two_hours_from_now_and_unmute_lifts_it(scene: Scene) -> None:
    member = await scene.regular("张三-海淀区")
    calls = effects(await scene.feed(scene.tg.says(GROUP, scene.moderator, f"/mute {member.id} 2h 刷屏")))
    assert [c.method for c in calls] == ["restrictChatMember", "sendMessage"]
    assert calls[0]["until_date"] == int(scene.clock.now().timestamp()) + 2 * 3600
    assert "已被禁言 2h，至 2026-11-02 10:00" in calls[1].text
    calls = effects(await scene.feed(scene.tg.says(GROUP, scene.moderator, f"/unmute {member.id}")))
    assert [c.method for c in calls] == ["restrictChatMember", "sendMessage"]
    assert calls[0]["permissions"]["can_send_messages"] is True and "until_date" not in calls[0].params
    assert "已解除禁言" in calls[1].text


async def test_a_mute_with_a_duration_it_cannot_read_is_refused_with_the_reason(scene: Scene) -> None:
    member = await scene.regular("张三-海淀区")
    (answer,) = effects(await scene.feed(scene.tg.says(GROUP, scene.moderator, f"/mute {member.id} 两小时")))
    assert answer.text.startswith("无法识别时长“两小时”")


async def test_a_ban_by_user_id_removes_and_an_unban_lets_back_only_if_banned(scene: Scene) -> None:
    member = await scene.regular("张三-海淀区")
    calls = effects(await scene.feed(scene.tg.says(GROUP, scene.moderator, f"/ban {member.id} 广告")))
    assert [(c.method, c.get("user_id")) for c in calls] == [
        ("banChatMember", member.id), ("sendMessage", None)]
    assert "已被移出本群并禁止再加入。原因：广告" in calls[1].text
    calls = effects(await scene.feed(scene.tg.says(GROUP, scene.moderator, f"/unban {member.id}")))
    assert [c.method for c in calls] == ["unbanChatMember", "sendMessage"]
    assert calls[0]["only_if_banned"] is True and "已解除对" in calls[1].text


async def test_an_administrator_cannot_be_warned_muted_or_banned(scene: Scene) -> None:
    admin = await scene.regular("群主助理-市委")
    scene.tg.groups[GROUP].admins.add(admin.id)  # promoted while the bot was away: Telegram knows
    for command in ("/warn", "/mute", "/ban"):
        calls = await scene.feed(scene.tg.says(GROUP, scene.moderator, f"{command} {admin.id}"))
        assert effect_methods(calls) == ["sendMessage"], command
        assert "是群主或管理员，不能被警告、禁言或移出" in effects(calls)[0].text


async def test_a_command_without_a_reply_or_a_user_id_asks_for_one(scene: Scene) -> None:
    (answer,) = effects(await scene.feed(scene.tg.says(GROUP, scene.moderator, "/ban")))
    assert answer.text.startswith("请回复要处理的成员的消息使用这个命令")


async def test_a_banned_word_is_deleted_and_its_author_warned(scene: Scene) -> None:
    member = await scene.regular("张三-海淀区")
    message = scene.tg.says(GROUP, member, "这是违禁词内容")
    calls = effects(await scene.feed(message))
    assert [c.method for c in calls] == ["deleteMessage", "sendMessage"]
    assert calls[0].params == {"chat_id": GROUP, "message_id": message.message.message_id}
    assert "收到一次警告（1/3）。原因：消息含有违禁词，已删除" in calls[1].text


async def test_a_moderators_banned_word_is_left_alone(scene: Scene) -> None:
    await scene.feed(scene.tg.says(GROUP, scene.moderator, "大家好"))
    assert effects(await scene.feed(scene.tg.says(GROUP, scene.moderator, "引用一下违禁词"))) == []


async def test_nine_messages_within_ten_seconds_mute_the_sender_for_the_flood_time(scene: Scene) -> None:
    member = await scene.regular("张三-海淀区")
    scene.clock.advance(timedelta(minutes=1))
    for n in range(8):
        assert effects(await scene.feed(scene.tg.says(GROUP, member, f"第 {n} 条"))) == []
    calls = effects(await scene.feed(scene.tg.says(GROUP, member, "第 9 条")))
    assert [c.method for c in calls] == ["restrictChatMember", "sendMessage"]
    assert calls[0]["until_date"] == int(scene.clock.now().timestamp()) + 3600
    assert "发言过于频繁，已被禁言 1h" in calls[1].text


async def test_a_report_tells_the_moderators_once_with_a_link_and_thanks_the_reporter(scene: Scene) -> None:
    reporter, author = await scene.regular("张三-海淀区"), await scene.regular("李四-朝阳区")
    offending = scene.tg.says(GROUP, author, "可疑链接")
    await scene.feed(offending)
    calls = effects(await scene.feed(scene.tg.says(GROUP, reporter, "/report", reply_to=offending)))
    by_chat = {c.chat_id: c for c in calls}
    assert set(by_chat) == {GROUP, MODERATOR}
    assert by_chat[GROUP].text == "谢谢，已通知管理员处理。"
    mid = offending.message.message_id
    assert "有成员报告了一条消息" in by_chat[MODERATOR].text
    assert f"https://t.me/c/1234567890/{mid}" in by_chat[MODERATOR].text
    again = effects(await scene.feed(scene.tg.says(GROUP, reporter, "/report", reply_to=offending)))
    assert [c.text for c in again] == ["谢谢，这条消息已经有人报告过，管理员会处理。"]


async def test_a_report_without_a_reply_says_how_to_report(scene: Scene) -> None:
    member = await scene.regular("张三-海淀区")
    (answer,) = effects(await scene.feed(scene.tg.says(GROUP, member, "/report")))
    assert answer.text == "请回复要报告的消息，再发送 /report。"


async def test_a_demotion_tells_the_moderators_which_right_is_now_missing(scene: Scene) -> None:
    scene.tg.groups[GROUP].bot_rights["can_restrict_members"] = False
    calls = effects(await scene.feed(scene.tg.bot_status(GROUP, "administrator", old="administrator")))
    (notice,) = calls
    assert notice.chat_id == MODERATOR
    assert "缺少以下管理权限" in notice.text and "can_restrict_members" in notice.text
    assert "can_delete_messages" not in notice.text


async def test_every_step_goes_to_the_log_chat_when_one_is_set(make_scene: MakeScene) -> None:
    log_chat = -1007777777777
    scene = await make_scene(config(moderation={"log_chat_id": log_chat}))
    scene.tg.group(log_chat, "管理日志")
    member = await scene.regular("张三-海淀区")
    calls = effects(await scene.feed(scene.tg.says(GROUP, scene.moderator, f"/warn {member.id} 不文明")))
    calls += effects(await scene.run_jobs())
    (line,) = [c for c in calls if c.chat_id == log_chat]
    assert line.text.startswith("【警告】") and "张三-海淀区" in line.text and "不文明" in line.text
    assert "管理员" in line.text  # who did it
