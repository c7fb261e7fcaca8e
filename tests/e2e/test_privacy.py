"""个人信息 end to end: /privacy, /mydata, /forget through the real dispatcher and the emulator,
the retention pass, and a run whose logs hold no names and no message texts."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator, Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.cli import _parser
from bot.cli.export import main as export_command
from bot.cli.privacy import main as privacy_command
from emulator.harness import Harness
from storage.repositories.proposals import ProposalRepository
from tests.e2e.conftest import GROUP, MODERATOR, OTHER_GROUP, TALENT_OFFICIAL, config
from tests.scan import find_strings

pytestmark = pytest.mark.e2e

ZHANG, LI = "张三丰-海淀区", "李四光-朝阳区"
ZHANG_PARTS, LI_PARTS = ("张三丰", "海淀区"), ("李四光", "朝阳区")
IN_GROUP = "#人才 建议设立青年人才公寓，降低租房成本"
IN_OTHER = "#人才 建议开通人才服务热线，周末也能办理"
BY_LI = "#人才 建议为外地人才提供落户一站式服务"
ANSWER = "已纳入明年人才住房计划，首批五百套"
TOPICS = {"人才": ["人才", "招聘"], "创新": ["创新", "科技"], "转型": ["转型"]}


def two_groups(**overrides: Any) -> dict[str, Any]:
    return config(groups=[
        {"chat_id": GROUP, "title": "科创中心建言群", "topics": TOPICS},
        {"chat_id": OTHER_GROUP, "title": "人才发展建言群", "topics": TOPICS},
    ], **overrides)


@pytest.fixture
async def world(make_harness: Callable[..., Harness], db_url: str) -> AsyncIterator[Harness]:
    """Two groups on SQLite or PostgreSQL; the moderator and an official with private chats."""
    harness = make_harness(two_groups(database={"url": db_url}))
    await harness.emu.start()
    harness.emu.create_group(chat_id=GROUP, title="科创中心建言群")
    harness.emu.create_group(chat_id=OTHER_GROUP, title="人才发展建言群")
    async with harness:
        for uid, name in ((MODERATOR, "李版主-网信办"), (TALENT_OFFICIAL, "李主任-人才办")):
            harness.emu.add_user(name, user_id=uid)
            harness.emu.private(uid, "/start")
        await harness.settle()
        yield harness
    await harness.emu.stop()


async def member(bot: Harness, name: str, *chats: int) -> int:
    uid = bot.emu.add_user(name)
    for chat_id in chats:
        bot.emu.join(chat_id, uid)
    await bot.settle()
    return uid


async def propose(bot: Harness, chat_id: int, uid: int, text: str) -> tuple[int, int]:
    """(number, ack message id) of the proposal ``uid`` posts."""
    bot.emu.post(chat_id, uid, text)
    await bot.settle()
    ack = bot.emu.sent(chat_id=chat_id)[-1]
    async with bot.rt.services.uow() as uow:
        found = await uow.repo(ProposalRepository).find()
    (record,) = [p for p in found if p.ack_message_id == ack.message_id]
    return record.number, ack.message_id


async def private(bot: Harness, uid: int, text: str) -> list[str]:
    before = len(bot.emu.sent(chat_id=uid))
    bot.emu.private(uid, text)
    await bot.settle()
    return [m.text for m in bot.emu.sent(chat_id=uid)[before:]]


async def forget(bot: Harness, uid: int) -> str:
    await private(bot, uid, "/forget")
    ask = bot.emu.sent(chat_id=uid)[-1]
    assert [label for label, _ in ask.reply_markup[0]] == ["确认删除", "取消"]
    bot.emu.press(uid, uid, ask.message_id, text="确认删除")
    await bot.settle()
    await bot.advance(1)  # the outbox delivers the moderators' notice
    return next(m for m in bot.emu.sent(chat_id=uid) if m.message_id == ask.message_id).text


async def deliberation(bot: Harness) -> tuple[int, int, dict[str, int]]:
    """张三丰 proposes in both groups, 李四光 in one; each supports the other; 张三丰 is warned."""
    zhang = await member(bot, ZHANG, GROUP, OTHER_GROUP)
    li = await member(bot, LI, GROUP, OTHER_GROUP)
    bot.emu.join(GROUP, MODERATOR)
    numbers = {}
    numbers["zhang"], ack = await propose(bot, GROUP, zhang, IN_GROUP)
    numbers["zhang-other"], _ = await propose(bot, OTHER_GROUP, zhang, IN_OTHER)
    numbers["li"], li_ack = await propose(bot, GROUP, li, BY_LI)
    bot.emu.press(GROUP, li, ack, text="附议 (0)")
    bot.emu.press(GROUP, zhang, li_ack, text="附议 (0)")
    await bot.settle()
    posted = bot.emu.post(GROUP, zhang, "大家好")
    bot.emu.post(GROUP, MODERATOR, "/warn 刷屏", reply_to=posted)
    await bot.settle()
    await bot.advance(1)
    return zhang, li, numbers


async def test_privacy_says_what_is_kept_why_and_for_how_long(world: Harness) -> None:
    uid = await member(world, ZHANG, GROUP)
    (text,) = await private(world, uid, "/privacy")
    assert "姓名和单位" in text and "180 天" in text and "/mydata" in text and "/forget" in text
    world.emu.post(GROUP, uid, "/mydata")
    await world.settle()
    assert "请私聊我" in world.emu.sent(chat_id=GROUP)[-1].text
    assert world.emu.calls("sendDocument") == []


async def test_mydata_sends_a_summary_and_a_document_with_both_groups_and_nothing_of_others(
    world: Harness,
) -> None:
    zhang, li, numbers = await deliberation(world)
    summary, _ = await private(world, zhang, "/mydata")
    assert "2 个群" in summary and "建言：2 条" in summary and "附议：1 次" in summary
    (sent,) = [m for m in world.emu.sent(chat_id=zhang) if m.kind == "document"]
    assert sent.file is not None and sent.file.filename == f"mydata-{zhang}.json"
    document = json.loads(sent.file.data)
    mine = sorted([numbers["zhang"], numbers["zhang-other"]])
    assert sorted(p["number"] for p in document["proposals"]) == mine
    assert {p["text"] for p in document["proposals"]} == {IN_GROUP, IN_OTHER}
    assert [s["number"] for s in document["supports"]] == [numbers["li"]]
    assert [(a["action"], a["reason"]) for a in document["audit"]] == [("warn", "刷屏")]
    text = sent.file.data.decode()
    for other in (*LI_PARTS, BY_LI, str(li), str(MODERATOR)):
        assert other not in text


async def test_after_forget_the_database_holds_no_name_and_the_unit_only_on_the_proposals(
    world: Harness,
) -> None:
    zhang, _, numbers = await deliberation(world)
    done = await forget(world, zhang)
    assert "已删除" in done and "2 个群" in done
    uow = world.rt.services.uow
    assert await find_strings(uow, ZHANG_PARTS) == {("proposals", "author_unit", "海淀区")}
    assert {table for table, _, _ in await find_strings(uow, LI_PARTS)} >= {"members", "proposals"}
    async with uow() as session:
        proposals = {p.number: p for p in await session.repo(ProposalRepository).find()}
    assert sorted(proposals) == sorted(numbers.values())  # nothing renumbered, nothing gone
    assert (proposals[numbers["li"]].author_name, proposals[numbers["li"]].supports) == ("李四光", 0)
    assert proposals[numbers["zhang"]].supports == 1  # 李四光's support is his, and stays
    (notice,) = [m.text for m in world.emu.sent(chat_id=MODERATOR) if "个人信息" in m.text]
    assert notice == "一位成员的个人信息已按要求删除。"


async def test_later_messages_show_an_erased_author_as_a_member_of_their_unit(world: Harness) -> None:
    zhang, _, numbers = await deliberation(world)
    await forget(world, zhang)
    await private(world, TALENT_OFFICIAL, f"/answer {numbers['zhang']} {ANSWER}")
    answer = world.emu.sent(chat_id=GROUP)[-1]
    assert answer.text.startswith("一位成员，") and ANSWER in answer.text and zhang not in answer.mentions
    world.emu.post(GROUP, MODERATOR, f"/proposal {numbers['zhang']}")
    await world.settle()
    shown = world.emu.sent(chat_id=GROUP)[-1].text
    assert "一位成员（海淀区）" in shown and "张三丰" not in shown


async def test_a_group_with_the_anonymous_policy_keeps_not_even_the_unit(
    make_harness: Callable[..., Harness],
) -> None:
    bot = make_harness(config(privacy={"erased_authors": "anonymous"}))
    await bot.emu.start()
    bot.emu.create_group(chat_id=GROUP, title="科创中心建言群")
    async with bot:
        zhang = await member(bot, ZHANG, GROUP)
        await propose(bot, GROUP, zhang, IN_GROUP)
        await forget(bot, zhang)
        assert await find_strings(bot.rt.services.uow, ZHANG_PARTS) == set()
    await bot.emu.stop()


async def test_a_banned_member_who_erases_is_still_banned(world: Harness) -> None:
    zhang, _, _ = await deliberation(world)
    world.emu.post(GROUP, MODERATOR, f"/ban {zhang} 多次发广告")
    await world.settle()
    assert world.emu.member(GROUP, zhang).status == "kicked"
    assert "1 项" in await forget(world, zhang)
    assert world.emu.member(GROUP, zhang).status == "kicked"
    assert world.emu.calls("unbanChatMember") == []
    async with world.rt.services.uow() as uow:
        banned = await uow.chats.get_member(GROUP, zhang)
    assert banned is not None and (banned.status, banned.first_name) == ("kicked", "")
    assert {table for table, _, _ in await find_strings(world.rt.services.uow, ZHANG_PARTS)} == {"proposals"}


async def test_the_retention_pass_anonymises_members_who_left_longer_ago_than_departed_after(
    world: Harness,
) -> None:
    zhang = await member(world, ZHANG, GROUP)
    li = await member(world, LI, GROUP)
    await propose(world, GROUP, zhang, IN_GROUP)
    world.emu.leave(GROUP, zhang)
    await world.settle()
    await world.advance(timedelta(days=179))
    uow = world.rt.services.uow
    assert ("members", "first_name", "张三丰") in await find_strings(uow, ZHANG_PARTS)
    await world.advance(timedelta(days=2))
    assert await find_strings(uow, ZHANG_PARTS) == {("proposals", "author_unit", "海淀区")}
    async with uow() as session:
        assert (await session.chats.get_member(GROUP, li)) is not None  # left later: not yet due
        (entry,) = await session.audit.list(action="erasure")
    assert (entry.subject_id, entry.data["by"]) == (None, "retention")


async def test_the_logs_of_a_whole_run_hold_no_names_and_no_message_texts(
    world: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    # the level production runs at, and everything of our own down to DEBUG
    caplog.set_level(logging.INFO)
    for ours in ("delibot", "bot", "storage", "deliberation"):
        caplog.set_level(logging.DEBUG, logger=ours)
    zhang, _, numbers = await deliberation(world)
    await private(world, zhang, "/mydata")
    await private(world, TALENT_OFFICIAL, f"/answer {numbers['li']} {ANSWER}")
    await forget(world, zhang)
    await world.advance(timedelta(days=200))
    ours = [r for r in caplog.records if not r.name.startswith(("aiohttp.access", "emulator"))]
    logged = "\n".join(r.getMessage() for r in ours)
    # the run did log its steps, by id
    for step in (f"user_id={zhang}", "proposal recorded", "personal data exported", "erasure done"):
        assert step in logged
    for secret in (*ZHANG_PARTS, *LI_PARTS, "李版主", "李主任", IN_GROUP, IN_OTHER, BY_LI, ANSWER,
                   "大家好", "刷屏", "123456:TEST"):
        assert secret not in logged


def command_line(bot: Harness) -> Callable[[list[str]], Any]:
    """``delibot privacy ...`` as the operator types it, on the bot's clock."""
    return lambda argv: privacy_command(_parser().parse_args(argv), clock=bot.clock)


async def test_the_operator_exports_and_erases_a_member_from_the_command_line(
    world: Harness, tmp_path: Path
) -> None:
    zhang, _, numbers = await deliberation(world)
    path, out = str(world.directory / "config.toml"), tmp_path / "zhang.json"
    cli = command_line(world)
    assert await asyncio.to_thread(cli, ["privacy", "export", "--user", str(zhang), "--config", path,
                                         "--out", str(out)]) == 0
    document = json.loads(out.read_text(encoding="utf-8"))
    assert sorted(p["number"] for p in document["proposals"]) == sorted(
        [numbers["zhang"], numbers["zhang-other"]])
    forget_zhang = ["privacy", "forget", "--user", str(zhang), "--yes", "--config", path]
    assert await asyncio.to_thread(cli, forget_zhang) == 0
    assert await find_strings(world.rt.services.uow, ZHANG_PARTS) == {("proposals", "author_unit", "海淀区")}
    await world.advance(1)  # the running bot delivers the notice the command queued
    assert [m.text for m in world.emu.sent(chat_id=MODERATOR) if "个人信息" in m.text] == [
        "一位成员的个人信息已按要求删除。"]
    assert await asyncio.to_thread(cli, ["privacy", "forget", "--user", "-5", "--yes", "--config", path]) == 2


CONSULT = "/consult 人才 120s 人才公寓怎样分配更公平？\n今年新建人才公寓 200 套。"
ZHANG_OPINION = "建议按积分排序，向一线科研人员倾斜"
LI_OPINION = "#创新 建议给创新团队预留一部分房源"


async def consultation(bot: Harness) -> tuple[int, int, int, int]:
    """市人才办 asks the group; 张三丰 and 李四光 reply with opinions and support each other's."""
    bot.emu.add_member(GROUP, TALENT_OFFICIAL)
    zhang = await member(bot, ZHANG, GROUP, OTHER_GROUP)
    li = await member(bot, LI, GROUP)
    bot.emu.post(GROUP, TALENT_OFFICIAL, CONSULT)
    await bot.settle()
    post = next(m for m in bot.emu.sent(chat_id=GROUP) if m.text.startswith("📣 征求意见"))
    mine = bot.emu.post(GROUP, zhang, ZHANG_OPINION, reply_to=post.message_id)
    theirs = bot.emu.post(GROUP, li, LI_OPINION, reply_to=post.message_id)
    await bot.settle()
    bot.emu.react(GROUP, li, mine, "👍")
    bot.emu.react(GROUP, zhang, theirs, "👍")
    await bot.settle()
    return zhang, li, mine, theirs


async def test_mydata_holds_the_members_opinions_with_their_consultation_and_supports(world: Harness) -> None:
    zhang, li, _, _ = await consultation(world)
    summary, _ = await private(world, zhang, "/mydata")
    assert "征求意见中的意见：1 条" in summary
    (sent,) = [m for m in world.emu.sent(chat_id=zhang) if m.kind == "document"]
    assert sent.file is not None
    document = json.loads(sent.file.data)
    (opinion,) = document["opinions"]
    assert (opinion["topic"], opinion["question"], opinion["text"]) == ("人才", "人才公寓怎样分配更公平？",
                                                                       ZHANG_OPINION)
    assert (opinion["author_name"], opinion["author_unit"], opinion["supports"]) == ("张三丰", "海淀区", 1)
    (supported,) = document["opinion_supports"]
    assert supported["question"] == "人才公寓怎样分配更公平？" and supported["group"] == "科创中心建言群"
    for other in (*LI_PARTS, LI_OPINION, str(li), str(TALENT_OFFICIAL)):
        assert other not in sent.file.data.decode()


async def test_after_forget_the_opinion_stays_as_a_member_of_their_unit_in_the_summary_and_the_export(
    world: Harness, tmp_path: Path
) -> None:
    zhang, _, _, _ = await consultation(world)
    await forget(world, zhang)
    uow = world.rt.services.uow
    assert await find_strings(uow, ZHANG_PARTS) == {("consultation_opinions", "author_unit", "海淀区")}
    await world.advance(125)  # the consultation closes; the official gets the summary
    summary = "\n".join(m.text for m in world.emu.sent(chat_id=TALENT_OFFICIAL) if "共收到" in m.text)
    assert "共收到 2 条意见" in summary
    assert f"一位成员（海淀区）：{ZHANG_OPINION}（👍 1）" in summary  # 李四光's support is his, and stays
    assert f"李四光（朝阳区）：{LI_OPINION}（👍 0）" in summary  # 张三丰's support of it went
    assert "张三丰" not in summary
    out, path = tmp_path / "consultations.json", str(world.directory / "config.toml")
    args = _parser().parse_args(["export", "consultations", "--format", "json", "--out", str(out),
                                 "--config", path])
    assert await asyncio.to_thread(export_command, args) == 0
    [exported] = json.loads(out.read_text(encoding="utf-8"))["consultations"]
    authors = [(o["author_id"], o["author"]) for o in exported["opinions"]]
    assert authors[0] == (0, "一位成员（海淀区）") and authors[1][1] == "李四光（朝阳区）"
