"""The real-name rule at the dispatcher: joins, first messages, the 我已改名 button, private
messages, /names, /exempt and the re-check job; each with the Bot API calls it makes."""

from __future__ import annotations

from datetime import timedelta

from bot.timefmt import local_text
from tests.fakes import Call, Person, effect_methods, effects
from tests.features.conftest import GROUP, MODERATOR, Scene

GRACE = timedelta(seconds=120)  # the standard configuration's nickname.grace


def read_only(call: Call, user: Person) -> bool:
    return (call.method == "restrictChatMember" and call["user_id"] == user.id
            and call["permissions"]["can_send_messages"] is False)


def notice_of(calls: list[Call], user: Person) -> Call:
    return next(c for c in calls if c.method == "sendMessage" and f"tg://user?id={user.id}" in c.text
                and c.buttons)


async def test_a_non_compliant_members_message_makes_them_read_only_with_a_notice_naming_them(
        scene: Scene) -> None:
    member = scene.member("小明")
    deadline = local_text(scene.clock.now() + GRACE, "Asia/Shanghai")
    calls = effects(await scene.feed(scene.tg.says(GROUP, member, "大家好")))
    assert [c.method for c in calls] == ["restrictChatMember", "sendMessage"]
    assert read_only(calls[0], member) and calls[0]["chat_id"] == GROUP
    notice = calls[1]
    assert notice.chat_id == GROUP and f'<a href="tg://user?id={member.id}">' in notice.text
    assert "「姓名-单位」" in notice.text and "分隔符" in notice.text and deadline in notice.text
    assert notice.buttons == [[("我已改名", f"names:recheck:{member.id}")]]


async def test_a_compliant_members_first_message_shows_their_unit_as_the_tag_and_nothing_else(
        scene: Scene) -> None:
    member = scene.member("张三-海淀区")
    calls = effects(await scene.feed(scene.tg.says(GROUP, member, "大家好")))
    assert [(c.method, c.params) for c in calls] == [
        ("setChatMemberTag", {"chat_id": GROUP, "user_id": member.id, "tag": "海淀区"})]
    assert await scene.feed(scene.tg.says(GROUP, member, "第二条")) == []


async def test_a_member_who_joins_as_xiaoming_is_made_read_only_and_told_how_to_rename(scene: Scene) -> None:
    newcomer = scene.tg.person("小明")
    calls = effects(await scene.feed(scene.tg.joins(GROUP, newcomer)))
    assert [c.method for c in calls] == ["restrictChatMember", "sendMessage"]
    assert read_only(calls[0], newcomer)
    assert notice_of(calls, newcomer).buttons == [[("我已改名", f"names:recheck:{newcomer.id}")]]


async def test_a_join_told_twice_by_telegram_restricts_and_notifies_once(scene: Scene) -> None:
    newcomer = scene.tg.person("小明")
    first = effects(await scene.feed(scene.tg.joins(GROUP, newcomer)))
    second = effects(await scene.feed(scene.tg.joined_message(GROUP, newcomer)))  # the service message
    assert [c.method for c in first] == ["restrictChatMember", "sendMessage"]
    assert not any(c.method == "restrictChatMember" or c.buttons for c in second)


async def test_renaming_and_pressing_the_button_gives_the_rights_back(scene: Scene) -> None:
    member = scene.member("小明")
    notice = notice_of(await scene.feed(scene.tg.says(GROUP, member, "大家好")), member)
    member.first_name = "王小明-海淀区"
    calls = await scene.feed(scene.tg.presses(member, notice, f"names:recheck:{member.id}"))
    assert ("getChatMember", member.id) in [(c.method, c.get("user_id")) for c in calls]
    done = effects(calls)
    restore = next(c for c in done if c.method == "restrictChatMember")
    assert restore["user_id"] == member.id and restore["permissions"]["can_send_messages"] is True
    (toast,) = [c for c in done if c.method == "answerCallbackQuery"]
    assert toast.text == "谢谢，已恢复您的发言权限。" and not toast.get("show_alert")
    (restored,) = [c for c in done if c.method == "sendMessage"]
    assert restored.chat_id == GROUP and "发言权限已恢复" in restored.text


async def test_pressing_the_button_before_renaming_explains_in_an_alert_what_is_still_wrong(
        scene: Scene) -> None:
    member = scene.member("小明")
    notice = notice_of(await scene.feed(scene.tg.says(GROUP, member, "大家好")), member)
    calls = effects(await scene.feed(scene.tg.presses(member, notice, f"names:recheck:{member.id}")))
    (answer,) = calls
    assert answer.method == "answerCallbackQuery" and answer["show_alert"] is True
    assert answer.text.startswith("名字还不符合要求") and "分隔符" in answer.text


async def test_only_the_member_named_may_press_their_button(scene: Scene) -> None:
    member, other = scene.member("小明"), await scene.regular("李四-朝阳区")
    notice = notice_of(await scene.feed(scene.tg.says(GROUP, member, "大家好")), member)
    member.first_name = "王小明-海淀区"
    (answer,) = effects(await scene.feed(scene.tg.presses(other, notice, f"names:recheck:{member.id}")))
    assert (answer.method, answer.text) == ("answerCallbackQuery", "这个按钮只供被提醒的成员本人使用。")


async def test_a_private_message_after_renaming_gives_the_rights_back(scene: Scene) -> None:
    member = scene.member("小明")
    await scene.feed(scene.tg.says(GROUP, member, "大家好"))
    member.first_name = "王小明-海淀区"
    calls = effects(await scene.feed(scene.tg.writes(member, "我改好名字了")))
    assert any(c.method == "restrictChatMember" and c["permissions"]["can_send_messages"] for c in calls)
    assert any(c.chat_id == GROUP and "发言权限已恢复" in c.text for c in calls)


async def test_an_administrator_with_any_name_is_left_alone(scene: Scene) -> None:
    admin = scene.member("小明")
    scene.tg.groups[GROUP].admins.add(admin.id)
    calls = await scene.feed(scene.tg.says(GROUP, admin, "大家好"))
    assert "getChatAdministrators" in [c.method for c in calls]  # the group's admins, learnt once
    assert effect_methods(calls) == []


async def test_names_lists_the_non_compliant_for_a_moderator_with_reason_and_deadline(scene: Scene) -> None:
    member = scene.member("小明")
    await scene.feed(scene.tg.says(GROUP, member, "大家好"))
    await scene.introduce(scene.moderator)
    (answer,) = effects(await scene.feed(scene.tg.says(GROUP, scene.moderator, "/names")))
    assert answer.text.startswith("未实名成员（1 人）：") and f"ID {member.id}" in answer.text
    assert "截止：" in answer.text


async def test_names_by_a_member_is_refused(scene: Scene) -> None:
    member = await scene.regular("张三-海淀区")
    (answer,) = effects(await scene.feed(scene.tg.says(GROUP, member, "/names")))
    assert answer.text == "抱歉，只有群主或管理员可以使用这个命令。"


async def test_exempt_in_reply_to_the_notice_restores_the_member_and_spares_them(scene: Scene) -> None:
    member = scene.member("小明")
    message = scene.tg.says(GROUP, member, "大家好")
    await scene.feed(message)
    calls = effects(await scene.feed(scene.tg.says(GROUP, scene.moderator, "/exempt", reply_to=message)))
    assert any(c.method == "restrictChatMember" and c["user_id"] == member.id
               and c["permissions"]["can_send_messages"] for c in calls)
    assert any(c.chat_id == GROUP and c.text.startswith("已豁免") for c in calls)
    assert "banChatMember" not in effect_methods(await scene.later(GRACE + timedelta(seconds=10)))


async def test_exempt_without_a_reply_says_how_to_use_it(scene: Scene) -> None:
    await scene.introduce(scene.moderator)
    (answer,) = effects(await scene.feed(scene.tg.says(GROUP, scene.moderator, "/exempt")))
    assert answer.text.startswith("请回复要豁免的成员的消息")


async def test_the_recheck_job_removes_a_member_who_never_renamed_once_the_grace_ends(scene: Scene) -> None:
    member = scene.member("小明")
    await scene.feed(scene.tg.writes(scene.moderator, "/start"))  # the moderator can be written to
    await scene.feed(scene.tg.says(GROUP, member, "大家好"))
    assert not any(c.method == "banChatMember" for c in await scene.later(GRACE - timedelta(seconds=30)))
    calls = effects(await scene.later(timedelta(seconds=40)))
    assert [c.params for c in calls if c.method in ("banChatMember", "unbanChatMember")] == [
        {"chat_id": GROUP, "user_id": member.id},
        {"chat_id": GROUP, "user_id": member.id, "only_if_banned": True}]
    assert any(c.chat_id == GROUP and "未在期限内改为实名，已被移出本群" in c.text for c in calls)
    assert any(c.chat_id == MODERATOR and f"ID {member.id}" in c.text for c in calls)


async def test_the_recheck_job_restores_a_member_who_renamed_without_a_word(scene: Scene) -> None:
    member = scene.member("小明")
    await scene.feed(scene.tg.says(GROUP, member, "大家好"))
    member.first_name = "王小明-海淀区"
    calls = effects(await scene.later(timedelta(seconds=61)))
    assert any(c.method == "restrictChatMember" and c["permissions"]["can_send_messages"] for c in calls)
    assert not any(c.method == "banChatMember" for c in calls)
