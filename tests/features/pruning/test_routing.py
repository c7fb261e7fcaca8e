"""Pruning at the dispatcher: /prune's preview and /prune now for moderators, the refusal for
anyone else, and the pass that warns silent members by mention and then removes them
(inactive_after 600 s, warn_before 120 s)."""

from __future__ import annotations

from datetime import timedelta

from bot.timefmt import local_text
from tests.fakes import Call, Person, effect_methods, effects
from tests.features.conftest import GROUP, MODERATOR, Scene


async def join(scene: Scene, name: str) -> Person:
    person = scene.tg.person(name)
    await scene.feed(scene.tg.joins(GROUP, person))
    return person


def mentions(call: Call, person: Person) -> bool:
    return f"tg://user?id={person.id}" in call.text


def removals(calls: list[Call]) -> list[tuple[str, int]]:
    return [(c.method, c["user_id"]) for c in calls if c.method in ("banChatMember", "unbanChatMember")]


async def test_a_silent_member_is_warned_by_mention_then_removed_but_not_banned(scene: Scene) -> None:
    member = await join(scene, "张三-海淀区")
    assert not any(mentions(c, member) for c in effects(await scene.later(470)))
    (warning,) = [c for c in effects(await scene.later(15)) if mentions(c, member)]
    deadline = local_text(scene.clock.now() + timedelta(seconds=120), "Asia/Shanghai")
    assert warning.chat_id == GROUP and "说句话" in warning.text and deadline in warning.text
    assert removals(effects(await scene.later(100))) == []
    calls = effects(await scene.later(30))
    assert removals(calls) == [("banChatMember", member.id), ("unbanChatMember", member.id)]
    assert next(c for c in calls if c.method == "unbanChatMember")["only_if_banned"] is True


async def test_a_member_who_speaks_after_the_warning_stays(scene: Scene) -> None:
    member = await join(scene, "张三-海淀区")
    await scene.later(485)
    await scene.feed(scene.tg.says(GROUP, member, "我还在"))
    assert removals(effects(await scene.later(200))) == []


async def test_prune_shows_a_moderator_who_would_go_and_why_without_pinging_them(scene: Scene) -> None:
    await scene.feed(scene.tg.says(GROUP, scene.moderator, "大家好"))
    early = await join(scene, "张三-海淀区")
    scene.clock.advance(timedelta(seconds=100))
    later = await join(scene, "李四-朝阳区")
    await scene.later(390)  # the early member is warned now, the later one not yet
    scene.clock.advance(timedelta(seconds=150))  # no pass ran: one is due for removal, one for a warning
    calls = effects(await scene.feed(scene.tg.says(GROUP, scene.moderator, "/prune")))
    (preview,) = calls
    assert preview.text.startswith("科创中心建言群 清退预览：将清退 1 人，将提醒 1 人。")
    removal, warning = preview.text.split("将提醒：")
    assert "• 张三-海淀区（ID " in removal and "已 10 分钟 未发言" in removal
    assert "• 李四-朝阳区（ID " in warning and "已 9 分钟 未发言" in warning
    assert "tg://user" not in preview.text and preview.text.endswith("发送 /prune now 立即执行。")
    assert early.id != later.id


async def test_the_previews_user_ids_can_be_copied_into_a_command(scene: Scene) -> None:
    await scene.feed(scene.tg.says(GROUP, scene.moderator, "大家好"))
    member = await join(scene, "张三-海淀区")
    scene.clock.advance(timedelta(seconds=500))
    (preview,) = effects(await scene.feed(scene.tg.says(GROUP, scene.moderator, "/prune")))
    assert f"张三-海淀区（ID {member.id}）" in preview.text


async def test_prune_now_runs_the_pass_at_once_and_says_what_it_did(scene: Scene) -> None:
    await scene.feed(scene.tg.says(GROUP, scene.moderator, "大家好"))
    early = await join(scene, "张三-海淀区")
    await scene.later(490)
    scene.clock.advance(timedelta(seconds=150))
    calls = effects(await scene.feed(scene.tg.says(GROUP, scene.moderator, "/prune now")))
    assert removals(calls) == [("banChatMember", early.id), ("unbanChatMember", early.id)]
    assert calls[-1].chat_id == GROUP and calls[-1].text == "已执行：提醒 0 人，清退 1 人。"
    assert any(c.chat_id == MODERATOR and c.text.startswith("已清退") for c in calls + effects(
        await scene.run_jobs()))


async def test_prune_with_nobody_to_warn_or_remove_says_so(scene: Scene) -> None:
    await scene.introduce(scene.moderator)
    (preview,) = effects(await scene.feed(scene.tg.says(GROUP, scene.moderator, "/prune")))
    assert preview.text.endswith("目前没有需要提醒或清退的成员。")


async def test_prune_now_by_a_member_is_refused_and_nobody_is_removed(scene: Scene) -> None:
    silent, other = await join(scene, "张三-海淀区"), await scene.regular("李四-朝阳区")
    await scene.later(490)
    scene.clock.advance(timedelta(seconds=150))
    calls = await scene.feed(scene.tg.says(GROUP, other, "/prune now"))
    assert [c.text for c in effects(calls)] == ["抱歉，只有群主或管理员可以使用这个命令。"]
    assert effect_methods(calls) == ["sendMessage"] and silent.id not in [c.get("user_id") for c in calls]
