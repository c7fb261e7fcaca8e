"""征求意见 end to end, with durations in seconds: posted and pinned with its poll, replies collected
and counted, a reminder, the close once across a restart, the summary to the official, the
conclusion pinned."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from emulator.harness import Harness
from emulator.records import SentMessage
from storage.repositories.proposals import ProposalRepository
from tests.e2e.conftest import GROUP, MODERATOR, OTHER_GROUP, TALENT_OFFICIAL, config

pytestmark = pytest.mark.e2e

CONSULT = (
    "/consult 人才 120s 人才公寓怎样分配更公平？\n"
    "今年新建人才公寓 200 套，分配办法向全体成员征求意见。\n"
    "投票：按积分排序 | 公开摇号 | 单位推荐"
)


async def _member(bot: Harness, name: str) -> int:
    uid = bot.emu.add_user(name)
    bot.emu.join(GROUP, uid)
    await bot.settle()
    return uid


def _post(bot: Harness) -> SentMessage:
    return next(m for m in bot.emu.sent(chat_id=GROUP) if m.text.startswith("📣 征求意见"))


def _poll_message(bot: Harness) -> SentMessage:
    return next(m for m in bot.emu.sent(chat_id=GROUP) if m.kind == "poll")


@pytest.fixture
async def official(bot: Harness) -> Harness:
    bot.emu.add_user("李主任-市人才办", user_id=TALENT_OFFICIAL, started=True)
    bot.emu.add_member(GROUP, TALENT_OFFICIAL)
    return bot


async def _open(bot: Harness, text: str = CONSULT) -> str:
    bot.emu.post(GROUP, TALENT_OFFICIAL, text)
    await bot.settle()
    return bot.emu.sent(chat_id=GROUP)[-1].text


async def test_a_consultation_is_posted_pinned_with_its_poll_and_the_official_is_told(
    official: Harness,
) -> None:
    confirmation = await _open(official)
    post, poll = _post(official), _poll_message(official)
    assert "#征求意见1" in post.text and "#人才" in post.text and "人才公寓怎样分配更公平？" in post.text
    assert "背景：今年新建人才公寓 200 套" in post.text
    assert official.emu.pinned(GROUP) == [post.message_id]
    assert poll.reply_to == post.message_id
    shown = official.emu.poll(GROUP, poll.message_id)
    assert shown is not None
    assert [o["text"] for o in shown["options"]] == ["按积分排序", "公开摇号", "单位推荐"]
    assert "已在「科创中心建言群」发布征求意见 #征求意见1" in confirmation


async def test_replies_and_tagged_messages_are_collected_once_each_and_are_not_proposals(
    official: Harness,
) -> None:
    await _open(official)
    post = _post(official)
    zhang, li = await _member(official, "张三-海淀区"), await _member(official, "李四-朝阳区")
    reply = official.emu.post(GROUP, zhang, "#人才 建议按积分排序，向一线科研人员倾斜",
                              reply_to=post.message_id)
    tagged = official.emu.post(GROUP, li, "#征求意见1 建议公开摇号，过程全程直播")
    official.emu.post(GROUP, li, "大家早上好")  # neither a reply nor tagged: chatter
    await official.settle()
    assert official.emu.reactions(GROUP, reply) == {official.emu.bot_id: ["✍"]}
    assert official.emu.reactions(GROUP, tagged) == {official.emu.bot_id: ["✍"]}
    official.emu.edit(GROUP, reply, "#人才 建议按积分排序，向一线科研人员和青年倾斜")
    await official.settle()
    assert len(official.emu.calls("setMessageReaction")) == 2  # each acknowledged once
    async with official.rt.services.uow() as uow:
        assert await uow.repo(ProposalRepository).find() == []
    assert not [m for m in official.emu.sent(chat_id=GROUP) if "已收到您的建言" in m.text]


async def test_the_close_happens_once_across_a_restart_and_the_summary_reaches_the_official(
    official: Harness,
) -> None:
    await _open(official)
    post, poll = _post(official), _poll_message(official)
    zhang, li, wang = [await _member(official, n) for n in ("张三-海淀区", "李四-朝阳区", "王五-西城区")]
    first = official.emu.post(GROUP, zhang, "建议按积分排序，向一线科研人员倾斜", reply_to=post.message_id)
    second = official.emu.post(GROUP, li, "#创新 建议给创新团队预留一部分房源", reply_to=poll.message_id)
    official.emu.post(GROUP, wang, "#征求意见1 人才公寓应当靠近产业园区")
    await official.settle()
    official.emu.react(GROUP, wang, second, "👍")
    official.emu.react(GROUP, zhang, second, "👍")
    official.emu.react(GROUP, li, second, "👍")  # the author's own reaction is no support
    official.emu.vote(GROUP, zhang, poll.message_id, 0)
    official.emu.vote(GROUP, li, poll.message_id, 1)
    official.emu.vote(GROUP, wang, poll.message_id, 0)
    await official.settle()

    await official.advance(95)  # the reminder comes a quarter before the close
    reminders = [m for m in official.emu.sent(chat_id=GROUP) if m.text.startswith("⏰")]
    assert len(reminders) == 1 and "已收到 3 条意见" in reminders[0].text
    assert reminders[0].reply_to == post.message_id
    await official.advance(30)
    await official.restart()
    await official.advance(30)

    closed = [m for m in official.emu.sent(chat_id=GROUP) if m.text.startswith("征求意见已结束")]
    assert len(closed) == 1 and "共收到 3 条意见" in closed[0].text
    assert len([m for m in official.emu.sent(chat_id=GROUP) if m.text.startswith("⏰")]) == 1
    assert official.emu.pinned(GROUP) == []
    assert (official.emu.poll(GROUP, poll.message_id) or {})["is_closed"] is True
    assert len(official.emu.calls("stopPoll")) == 1
    summary = "\n".join(m.text for m in official.emu.sent(chat_id=TALENT_OFFICIAL))
    assert "共收到 3 条意见" in summary
    assert "按积分排序：2 票" in summary and "公开摇号：1 票" in summary and "（3 人参与）" in summary
    people = summary.index("【#人才】"), summary.index("【#创新】")
    assert people[0] < people[1]
    # authors as proposals show theirs: the name, the unit in brackets
    assert "李四（朝阳区）：#创新 建议给创新团队预留一部分房源（👍 2）" in summary
    assert "/conclude 1" in summary
    links = [m.html for m in official.emu.sent(chat_id=TALENT_OFFICIAL) if "共收到" in m.text]
    assert f"/{first}" in links[0] and f"/{second}" in links[0]  # each opinion with its link


async def test_the_official_publishes_the_conclusion_which_is_pinned(official: Harness) -> None:
    await _open(official, "/consult 人才 60s 人才公寓怎样分配更公平？")
    early = await _say_private(official, TALENT_OFFICIAL, "/conclude 1 按积分排序")
    assert "尚未结束" in early
    await official.advance(61)
    other = await _member(official, "张三-海淀区")
    official.emu.add_user("张三-海淀区", user_id=other, started=True)
    assert "只有发起人可以发布结论" in await _say_private(official, other, "/conclude 1 我来总结")
    done = await _say_private(official, TALENT_OFFICIAL, "/conclude 1 人才公寓将按积分排序分配，向一线倾斜。")
    assert "已在群里发布并置顶" in done
    conclusion = official.emu.sent(chat_id=GROUP)[-1]
    assert conclusion.text.startswith("📌 征求意见 #征求意见1 结论") and "向一线倾斜" in conclusion.text
    assert conclusion.reply_to == _post(official).message_id
    assert official.emu.pinned(GROUP) == [conclusion.message_id]
    assert "已经发布过结论" in await _say_private(official, TALENT_OFFICIAL, "/conclude 1 再来一次")


async def _say_private(bot: Harness, uid: int, text: str) -> str:
    bot.emu.private(uid, text)
    await bot.settle()
    return bot.emu.sent(chat_id=uid)[-1].text


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("/consult 人才 3d 问题？\n投票：" + "长" * 101 + " | 短", "每个选项最多 100 字"),
        ("/consult 人才 3d 问题？\n投票：" + " | ".join(f"选项{i}" for i in range(11)),
         "投票有 11 个选项：Telegram 要求 2–10 个"),
        ("/consult 人才 3d 问题？\n投票：唯一选项", "投票有 1 个选项"),
        ("/consult 人才 3d " + "问" * 301 + "\n投票：甲 | 乙", "Telegram 要求 1–300 字"),
        ("/consult 人才 明天 问题？", "无法识别截止时间“明天”"),
        ("/consult 人才 10s 问题？", "至少持续 1 分钟"),
        ("/consult 人才", "用法：/consult 话题 截止 内容"),
    ],
)
async def test_bad_input_gets_a_clear_message_and_nothing_is_posted(
    official: Harness, line: str, expected: str,
) -> None:
    answer = await _open(official, line)
    assert expected in answer
    assert official.emu.calls("sendPoll") == [] and official.emu.pinned(GROUP) == []
    assert not [m for m in official.emu.sent(chat_id=GROUP) if m.text.startswith("📣")]


async def test_a_member_may_not_open_a_consultation(bot: Harness) -> None:
    uid = await _member(bot, "张三-海淀区")
    bot.emu.post(GROUP, uid, CONSULT)
    await bot.settle()
    assert "只有部门工作人员和本群管理员可以发起征求意见" in bot.emu.sent(chat_id=GROUP)[-1].text
    assert bot.emu.pinned(GROUP) == []


async def test_in_private_the_official_chooses_the_group(make_harness: Callable[..., Harness]) -> None:
    other = {"chat_id": OTHER_GROUP, "title": "城市更新议事群", "topics": {"人才": ["人才"]}}
    groups = [*config()["groups"], other]
    harness = make_harness(config(groups=groups))
    await harness.emu.start()
    harness.emu.create_group(chat_id=GROUP, title="科创中心建言群")
    harness.emu.create_group(chat_id=OTHER_GROUP, title="城市更新议事群")
    async with harness:
        harness.emu.add_user("陈主任", user_id=MODERATOR, started=True)
        harness.emu.private(MODERATOR, "/consult 人才 1h 人才公寓怎样分配更公平？")
        await harness.settle()
        prompt = harness.emu.sent(chat_id=MODERATOR)[-1]
        labels = [label for row in prompt.reply_markup for label, _ in row]
        assert labels == ["科创中心建言群", "城市更新议事群"]
        data = prompt.reply_markup[1][0][1]
        harness.emu.press(MODERATOR, MODERATOR, prompt.message_id, data=data)
        await harness.settle()
        posts = [m for m in harness.emu.sent() if m.text.startswith("📣")]
        assert [m.chat_id for m in posts] == [OTHER_GROUP]
        assert harness.emu.pinned(OTHER_GROUP) == [posts[0].message_id]
        chosen = next(m for m in harness.emu.sent(chat_id=MODERATOR) if m.message_id == prompt.message_id)
        assert "城市更新议事群" in chosen.text and chosen.reply_markup == []  # no second choice
    await harness.emu.stop()
