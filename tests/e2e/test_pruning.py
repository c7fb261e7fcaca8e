"""Pruning inactive members and the waiting list, end to end (inactive_after 600 s, warn_before 120 s)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest

from bot.timefmt import local_text
from deliberation.chats import MemberRecord
from emulator.harness import Harness
from storage.engine import make_engine, make_sessionmaker
from storage.uow import UnitOfWorkFactory
from tests.e2e.conftest import GROUP, MODERATOR, config

pytestmark = pytest.mark.e2e

NAMES = "甲乙丙丁戊己庚辛壬癸"


def warnings_to(bot: Harness, user_id: int) -> list[str]:
    return [m.text for m in bot.emu.sent(chat_id=GROUP) if user_id in m.mentions]


def removed(bot: Harness) -> list[int]:
    return [c.params["user_id"] for c in bot.emu.calls("banChatMember")]


async def join(bot: Harness, name: str, **kwargs: object) -> int:
    uid = bot.emu.add_user(name, **kwargs)  # type: ignore[arg-type]
    bot.emu.join(GROUP, uid)
    await bot.settle()
    return uid


async def read_member(bot: Harness, user_id: int) -> MemberRecord:
    """Straight from the database file, through a unit of work of the test's own."""
    engine = make_engine(f"sqlite+aiosqlite:///{bot.directory / 'delibot.db'}")
    try:
        async with UnitOfWorkFactory(make_sessionmaker(engine))() as uow:
            found = await uow.chats.get_member(GROUP, user_id)
    finally:
        await engine.dispose()
    assert found is not None
    return found


async def test_a_silent_member_is_warned_by_mention_then_removed_and_may_rejoin(bot: Harness) -> None:
    uid = await join(bot, "张三-海淀区")
    joined_at = bot.clock.now()
    await bot.advance(470)
    assert warnings_to(bot, uid) == []
    await bot.advance(15)
    (warning,) = [m for m in bot.emu.sent(chat_id=GROUP) if uid in m.mentions]
    warned_at = (await read_member(bot, uid)).prune_warned_at
    assert warned_at is not None and (warned_at - joined_at).total_seconds() >= 480
    deadline = local_text(warned_at + timedelta(seconds=120), "Asia/Shanghai")
    assert "张三-海淀区" in warning.text and "说句话" in warning.text and deadline in warning.text
    await bot.advance(100)
    assert removed(bot) == [] and bot.emu.member(GROUP, uid).status == "member"
    await bot.advance(30)
    (ban,) = bot.emu.calls("banChatMember")
    assert ban.params["user_id"] == uid and (ban.at - warning.date).total_seconds() >= 120
    assert (ban.at - joined_at).total_seconds() >= 600
    (unban,) = bot.emu.calls("unbanChatMember")
    assert unban.params["only_if_banned"] is True
    assert bot.emu.member(GROUP, uid).status == "left"
    bot.emu.join(GROUP, uid)
    await bot.settle()
    assert bot.emu.member(GROUP, uid).status == "member"
    assert (await read_member(bot, uid)).status == "member"


async def test_a_member_who_speaks_after_the_warning_stays(bot: Harness) -> None:
    uid = await join(bot, "李四-朝阳区")
    await bot.advance(490)
    assert len(warnings_to(bot, uid)) == 1
    bot.emu.post(GROUP, uid, "我还在，谢谢提醒")
    await bot.settle()
    await bot.advance(300)
    assert removed(bot) == [] and bot.emu.member(GROUP, uid).status == "member"
    assert len(warnings_to(bot, uid)) == 1


async def test_with_a_capacity_only_the_longest_inactive_non_exempt_members_go(
    make_harness: Callable[..., Harness],
) -> None:
    harness = make_harness(config(pruning={"capacity": 10, "reserve": 2}))
    await harness.emu.start()
    harness.emu.create_group(chat_id=GROUP, title="科创中心建言群")
    async with harness as bot:
        # Telegram counts the bot too: the bot, a moderator and ten members make twelve
        await join(bot, "周主持-海淀区", user_id=MODERATOR)
        members = []
        for char in NAMES:
            bot.clock.advance(15)
            members.append(await join(bot, f"王{char}-海淀区"))
        await bot.advance(480)
        assert all(warnings_to(bot, uid) for uid in members)
        assert warnings_to(bot, MODERATOR) == []
        await bot.advance(130)
        assert sorted(removed(bot)) == sorted(members[:4])
        assert all(bot.emu.member(GROUP, uid).status == "member" for uid in [MODERATOR, *members[4:]])
        await bot.advance(130)
        assert sorted(removed(bot)) == sorted(members[:4])
        async with bot.rt.services.uow() as uow:
            audit = await uow.audit.list(chat_id=GROUP, action="pruned")
        assert sorted(a.subject_id for a in audit) == sorted(members[:4])
    await harness.emu.stop()


async def test_queued_applicants_get_freed_seats_in_order_and_a_noncompliant_name_is_declined(
    make_harness: Callable[..., Harness],
) -> None:
    harness = make_harness(config(pruning={"capacity": 4, "reserve": 2}))
    await harness.emu.start()
    harness.emu.create_group(chat_id=GROUP, title="科创中心建言群")
    async with harness as bot:
        silent = [await join(bot, "赵一-海淀区"), await join(bot, "钱二-海淀区")]
        talker = await join(bot, "孙三-海淀区")  # the group is full: the bot and three members
        applicants = [bot.emu.add_user(name) for name in ("王五-西城区", "小明", "陈六-东城区")]
        for uid in applicants:
            bot.emu.request_join(GROUP, uid)
            await bot.settle()
        for position, uid in enumerate(applicants, start=1):
            (queued,) = bot.emu.sent(chat_id=uid)
            assert "等候名单" in queued.text and f"第 {position} 位" in queued.text
        assert "小明" in bot.emu.sent(chat_id=applicants[1])[0].text  # told to rename before their turn
        assert bot.emu.calls("approveChatJoinRequest") == []
        for uid in applicants:
            bot.emu.private(uid, "/start")  # so the bot may write when their turn comes
        await bot.settle()
        await bot.restart()  # the waiting list survives a restart
        await bot.advance(300)
        bot.emu.post(GROUP, talker, "我在")
        await bot.settle()
        await bot.advance(190)  # the two silent members are warned
        assert removed(bot) == [] and bot.emu.calls("approveChatJoinRequest") == []
        await bot.advance(130)
        assert sorted(removed(bot)) == sorted(silent)
        approved = [c.params["user_id"] for c in bot.emu.calls("approveChatJoinRequest")]
        assert approved == [applicants[0], applicants[2]]
        assert [c.params["user_id"] for c in bot.emu.calls("declineChatJoinRequest")] == [applicants[1]]
        assert bot.emu.member(GROUP, applicants[0]).status == "member"
        assert bot.emu.member(GROUP, applicants[2]).status == "member"
        assert bot.emu.member(GROUP, applicants[1]).status == "left"
        declined = bot.emu.sent(chat_id=applicants[1])[-1].text
        assert "未能通过" in declined and "分隔符" in declined and "再次" in declined
        assert "通过" in bot.emu.sent(chat_id=applicants[0])[-1].text
    await harness.emu.stop()


async def test_a_join_request_with_room_is_approved_at_once_and_the_applicant_told(bot: Harness) -> None:
    uid = bot.emu.add_user("王五-西城区")
    bot.emu.request_join(GROUP, uid)
    await bot.settle()
    (told,) = bot.emu.sent(chat_id=uid)
    assert "已通过" in told.text
    assert [c.params["user_id"] for c in bot.emu.calls("approveChatJoinRequest")] == [uid]
    assert bot.emu.member(GROUP, uid).status == "member"


async def test_a_member_leaving_a_full_group_lets_the_first_in_line_in(
    make_harness: Callable[..., Harness],
) -> None:
    harness = make_harness(config(pruning={"capacity": 3}))
    await harness.emu.start()
    harness.emu.create_group(chat_id=GROUP, title="科创中心建言群")
    async with harness as bot:
        leaving = await join(bot, "赵一-海淀区")
        await join(bot, "钱二-海淀区")
        first, second = bot.emu.add_user("王五-西城区"), bot.emu.add_user("陈六-东城区")
        for uid in (first, second):
            bot.emu.request_join(GROUP, uid)
            await bot.settle()
        assert bot.emu.calls("approveChatJoinRequest") == []
        bot.emu.leave(GROUP, leaving)
        await bot.settle()
        assert [c.params["user_id"] for c in bot.emu.calls("approveChatJoinRequest")] == [first]
        assert bot.emu.member(GROUP, first).status == "member"
    await harness.emu.stop()


async def test_prune_shows_a_moderator_who_would_go_and_why_and_now_does_it(bot: Harness) -> None:
    await join(bot, "周主持-海淀区", user_id=MODERATOR)
    early = await join(bot, "张三-海淀区")
    early_at = bot.clock.now()
    bot.clock.advance(100)
    later = await join(bot, "李四-朝阳区")
    await bot.advance(390)  # the early member is warned now, the later one not yet
    bot.clock.advance(150)  # no job runs: the early member is due for removal, the later for a warning
    bot.emu.post(GROUP, MODERATOR, "/prune")
    await bot.settle()
    preview = bot.emu.sent(chat_id=GROUP)[-1].text
    removal, warning = preview.split("将提醒：")
    assert "张三-海淀区" in removal and "李四-朝阳区" in warning
    assert "10 分钟" in removal and local_text(early_at, "Asia/Shanghai") in removal
    assert "9 分钟" in warning
    assert removed(bot) == [] and warnings_to(bot, later) == []
    bot.emu.post(GROUP, MODERATOR, "/prune now")
    await bot.settle()
    assert "清退 1 人" in bot.emu.sent(chat_id=GROUP)[-1].text
    assert removed(bot) == [early]
    await bot.run_jobs()
    assert len(warnings_to(bot, later)) == 1
    async with bot.rt.services.uow() as uow:
        (entry,) = await uow.audit.list(chat_id=GROUP, action="pruned")
    assert entry.actor_id == MODERATOR and entry.subject_id == early and entry.reason == "inactive"


async def test_a_non_moderator_asking_to_prune_is_refused_and_nothing_changes(bot: Harness) -> None:
    silent = await join(bot, "张三-海淀区")
    other = await join(bot, "李四-朝阳区")
    await bot.advance(490)
    bot.clock.advance(150)
    bot.emu.post(GROUP, other, "/prune now")
    await bot.settle()
    assert bot.emu.sent(chat_id=GROUP)[-1].text == "抱歉，只有群主或管理员可以使用这个命令。"
    assert removed(bot) == [] and bot.emu.member(GROUP, silent).status == "member"
    assert (await read_member(bot, silent)).status == "member"


async def test_activity_noted_just_before_a_stop_is_on_disk_afterwards(bot: Harness) -> None:
    uid = await join(bot, "张三-海淀区")
    bot.clock.advance(200)  # no job runs, so nothing flushes on its interval
    spoke_at = bot.clock.now()
    bot.emu.post(GROUP, uid, "大家好")
    await bot.settle()
    await bot.stop()
    member = await read_member(bot, uid)
    assert member.last_active_at >= spoke_at and member.last_active_at > member.joined_at


async def test_a_restart_between_warning_and_removal_neither_repeats_the_warning_nor_skips_the_removal(
    bot: Harness,
) -> None:
    uid = await join(bot, "张三-海淀区")
    await bot.advance(490)
    assert len(warnings_to(bot, uid)) == 1
    await bot.restart()
    await bot.advance(60)
    assert removed(bot) == []
    await bot.advance(70)
    assert len(warnings_to(bot, uid)) == 1
    assert removed(bot) == [uid] and bot.emu.member(GROUP, uid).status == "left"
    async with bot.rt.services.uow() as uow:
        assert len(await uow.audit.list(chat_id=GROUP, action="pruned")) == 1
