"""Daily digests and the weekly ranking, end to end: stored data in, exactly one digest out.

The manual clock starts on Monday 2026-11-02 at 00:00 UTC, 08:00 in Asia/Shanghai; the digest
hour is 08:30 local.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from bot.cli.digest import main as digest_main
from bot.features.digests.jobs import run_digests
from bot.jobs.outbox import _deliver
from emulator.harness import Harness
from emulator.records import SentMessage
from storage.models import Card, Claim, OutboxMessage, Proposal, ProposalDepartment
from tests.e2e.conftest import GROUP, INNOVATION_OFFICIAL, MODERATOR, TALENT_OFFICIAL, config

pytestmark = pytest.mark.e2e

MESSAGE_IDS = itertools.count(50_000)
HALF_HOUR = timedelta(minutes=30)  # 08:00 -> 08:30 local
NOT_TODAY = {"at": "08:30", "weekly_ranking": "sun"}  # the ranking is not due on Monday


# the practice's deadlines, so no deadline card is due during a test and only digests are sent
DEADLINES = {"reply_due": "5d", "yellow_after": "5d", "red_after": "15d", "urge_after": "30d"}


def digest_config(**overrides: Any) -> dict[str, Any]:
    return config(handling=DEADLINES, **{"digest": NOT_TODAY, **overrides})


@pytest.fixture
async def started(make_harness: Any) -> AsyncIterator[Callable[..., Awaitable[Harness]]]:
    """Start a bot with its group and officials who opened a private chat; stopped afterwards."""
    running: list[Harness] = []

    async def start(cfg: dict[str, Any], *officials: int) -> Harness:
        harness: Harness = make_harness(cfg)
        running.append(harness)
        await harness.emu.start()
        harness.emu.create_group(chat_id=GROUP, title="科创中心建言群")
        await harness.start()
        for uid in officials:
            open_private(harness, uid)
        return harness

    yield start
    for harness in running:
        await harness.stop()
        await harness.emu.stop()


def open_private(harness: Harness, uid: int, name: str = "工作人员") -> None:
    """The person exists in Telegram and has opened a private chat with the bot (no update)."""
    if uid not in harness.emu.world.users:
        harness.emu.add_user(name, user_id=uid)
    harness.emu.world.users[uid].opened_private = True


async def add_proposal(
    harness: Harness, text: str, topics: tuple[str, ...], departments: tuple[str, ...],
    at: datetime | None = None, card: int = 0, **values: Any,
) -> int:
    """A proposal as the proposals feature stores it, written straight into the database."""
    at = at or harness.clock.now() - timedelta(hours=1)
    async with harness.rt.services.uow() as uow:
        row = Proposal(
            chat_id=GROUP, message_id=next(MESSAGE_IDS), author_id=900_001,
            author_name=values.pop("author_name", "张三"), author_unit="海淀区", text=text,
            topics=list(topics), dup_key=text[:32], created_at=at, updated_at=at,
            state=values.pop("state", "submitted"), **values,
        )
        uow.session.add(row)
        await uow.session.flush()
        for dept in departments:
            uow.session.add(ProposalDepartment(number=row.number, department_id=dept, assigned_at=at))
        for level in range(1, card + 1):
            uow.session.add(Card(number=row.number, level=level, issued_at=at, age_seconds=0))
        await uow.commit()
        return row.number


def digests(harness: Harness, chat_id: int) -> list[SentMessage]:
    return [m for m in harness.emu.sent(chat_id=chat_id) if "每日摘要" in m.text or "📭" in m.text]


async def count(harness: Harness, model: Any, *where: Any) -> int:
    async with harness.rt.services.uow() as uow:
        return int(await uow.session.scalar(select(func.count()).select_from(model).where(*where)) or 0)


async def test_two_officials_in_two_departments_each_receive_exactly_their_own_digest(started) -> None:
    bot = await started(digest_config(), TALENT_OFFICIAL, INNOVATION_OFFICIAL)
    await add_proposal(bot, "建议增加青年人才公寓供给", ("人才",), ("talent",))
    await add_proposal(bot, "建议设立科技创新券，支持小微企业", ("创新",), ("innovation",))
    await add_proposal(bot, "建议推动老旧厂房数字化转型", ("转型",), ("innovation",),
                       at=bot.clock.now() - timedelta(days=9), card=1)
    now = bot.clock.now()
    await add_proposal(bot, "建议简化人才落户手续", ("人才",), ("talent",), state="answered",
                       at=now - timedelta(days=4), answered_at=now - timedelta(days=2))
    await bot.advance(HALF_HOUR)
    (talent,) = digests(bot, TALENT_OFFICIAL)
    (innovation,) = digests(bot, INNOVATION_OFFICIAL)
    assert "青年人才公寓" in talent.text and "科技创新券" not in talent.text and "厂房" not in talent.text
    assert "待评价" in talent.text and "人才落户手续 — 答复后 2 天" in talent.text
    assert "科技创新券" in innovation.text and "人才" not in innovation.text
    assert "老旧厂房数字化转型 — 已等 9 天 🟨 黄牌警示" in innovation.text
    assert "2026-11-02" in talent.text and "科创中心建言群" in talent.text
    await bot.advance(timedelta(minutes=5))
    assert len(digests(bot, TALENT_OFFICIAL)) == len(digests(bot, INNOVATION_OFFICIAL)) == 1


async def test_proposals_posted_in_the_group_reach_the_officials_of_their_topics(started) -> None:
    bot = await started(digest_config(), TALENT_OFFICIAL, INNOVATION_OFFICIAL)
    zhang = bot.emu.add_user("张三-海淀区")
    li = bot.emu.add_user("李四-朝阳区")
    for uid in (zhang, li):
        bot.emu.join(GROUP, uid)
    await bot.settle()
    bot.emu.post(GROUP, zhang, "#人才 建议为引进的青年人才提供三年租房补贴")
    bot.emu.post(GROUP, li, "#创新 建议在园区设立共享实验室，降低初创企业的研发成本")
    await bot.settle()
    await bot.advance(HALF_HOUR)
    (talent,) = digests(bot, TALENT_OFFICIAL)
    (innovation,) = digests(bot, INNOVATION_OFFICIAL)
    assert "租房补贴" in talent.text and "张三" in talent.text and "共享实验室" not in talent.text
    assert "共享实验室" in innovation.text and "李四" in innovation.text and "租房补贴" not in innovation.text


async def test_server_errors_and_a_rate_limit_still_give_each_official_exactly_one_digest(started) -> None:
    bot = await started(digest_config(), TALENT_OFFICIAL, INNOVATION_OFFICIAL)
    await add_proposal(bot, "建议增加青年人才公寓供给", ("人才",), ("talent",))
    bot.emu.fail_next(2, status=500, method="sendMessage")
    bot.emu.rate_limit_next(retry_after=3, method="sendMessage")
    await bot.advance(HALF_HOUR)
    refused = [c.error_code for c in bot.emu.calls("sendMessage") if not c.ok]
    assert sorted(refused) == [429, 500, 500]
    assert len(digests(bot, TALENT_OFFICIAL)) == len(digests(bot, INNOVATION_OFFICIAL)) == 1
    await bot.advance(timedelta(minutes=2))
    assert len(digests(bot, TALENT_OFFICIAL)) == len(digests(bot, INNOVATION_OFFICIAL)) == 1


async def test_a_restart_after_the_first_recipient_delivers_the_rest_and_no_duplicate(started) -> None:
    bot = await started(digest_config(), TALENT_OFFICIAL, INNOVATION_OFFICIAL)
    await add_proposal(bot, "建议增加青年人才公寓供给", ("人才",), ("talent",))
    bot.clock.advance(HALF_HOUR)
    await run_digests(bot.rt.services, bot.rt.bot, deliver=False)  # queued, then the process "dies"
    async with bot.rt.services.uow() as uow:
        queued = await uow.outbox.due(bot.clock.now())
    assert sorted(r.chat_id for r in queued) == [TALENT_OFFICIAL, INNOVATION_OFFICIAL]
    await _deliver(bot.rt.services, bot.rt.bot, queued[0])
    await bot.restart()
    await bot.advance(timedelta(minutes=1))
    assert len(digests(bot, TALENT_OFFICIAL)) == len(digests(bot, INNOVATION_OFFICIAL)) == 1
    assert await count(bot, Claim, Claim.job == "digest") == 1


async def test_an_official_without_a_private_chat_gets_the_digest_in_the_fallback_chat(started) -> None:
    officials_chat = -1005550000001
    cfg = digest_config(digest={**NOT_TODAY, "fallback_chat_id": officials_chat})
    bot = await started(cfg, TALENT_OFFICIAL)
    bot.emu.create_group(chat_id=officials_chat, title="部门工作群")
    bot.emu.add_user("赵主任", user_id=INNOVATION_OFFICIAL)  # never wrote to the bot
    await add_proposal(bot, "建议设立科技创新券，支持小微企业", ("创新",), ("innovation",))
    await bot.advance(HALF_HOUR)
    assert len(digests(bot, TALENT_OFFICIAL)) == 1
    (redirected,) = digests(bot, officials_chat)
    assert "科技创新券" in redirected.text


async def test_moderators_are_told_when_an_official_cannot_be_reached_and_there_is_no_fallback(
    started,
) -> None:
    bot = await started(digest_config(), TALENT_OFFICIAL, MODERATOR)
    bot.emu.add_user("赵主任", user_id=INNOVATION_OFFICIAL)  # never wrote to the bot
    await bot.advance(HALF_HOUR)
    await bot.advance(timedelta(minutes=1))
    assert len(digests(bot, TALENT_OFFICIAL)) == 1 and digests(bot, INNOVATION_OFFICIAL) == []
    told = [m for m in bot.emu.sent(chat_id=MODERATOR) if "每日摘要无法发给" in m.text]
    assert len(told) == 1 and INNOVATION_OFFICIAL in told[0].mentions


async def test_a_hundred_officials_are_served_without_telegram_ever_answering_429(started) -> None:
    officials = list(range(700_001, 700_101))
    departments = [
        {"id": f"d{n}", "name": f"第{n}办", "officials": officials[n * 10:(n + 1) * 10],
         "topics": [("人才", "创新", "转型")[n % 3]]}
        for n in range(10)
    ]
    cfg = digest_config(departments=departments, digest={"at": "08:30", "weekly_ranking": "mon"})
    bot = await started(cfg, *officials)
    await add_proposal(bot, "建议增加青年人才公寓供给", ("人才",), ("d0", "d3"))
    await bot.advance(HALF_HOUR)
    for official in officials:
        assert len(digests(bot, official)) == 1, official
    assert bot.emu.stats.too_many_requests == 0
    assert len(bot.emu.sent()) >= 2 * len(officials)  # the digest and the week's ranking


async def test_the_weekly_ranking_orders_departments_by_the_stated_method_with_a_chart(started) -> None:
    departments = [
        {"id": "talent", "name": "市人才办", "officials": [TALENT_OFFICIAL], "topics": ["人才"]},
        {"id": "innovation", "name": "区科技局", "officials": [INNOVATION_OFFICIAL], "topics": ["创新"]},
        {"id": "transform", "name": "市转型办", "officials": [444444], "topics": ["转型"]},
        {"id": "office", "name": "区政务办", "officials": [555555], "topics": ["转型"]},
    ]
    cfg = digest_config(departments=departments, digest={"at": "08:30", "weekly_ranking": "mon"})
    bot = await started(cfg, TALENT_OFFICIAL, INNOVATION_OFFICIAL, 444444, 555555, MODERATOR)
    week = bot.clock.now() - timedelta(days=6)  # inside the previous seven local days
    quick, slow = timedelta(hours=2), timedelta(days=2)  # both within reply_due (5 days)
    for n in range(3):
        at = week + timedelta(hours=n)
        await add_proposal(bot, f"人才建议{n}号", ("人才",), ("talent",), at=at, state="answered",
                           answered_at=at + slow, rating="satisfied")
        await add_proposal(bot, f"转型建议{n}号", ("转型",), ("transform",), at=at, state="answered",
                           answered_at=at + quick, rating="unsatisfied" if n == 0 else None)
        await add_proposal(bot, f"创新建议{n}号", ("创新",), ("innovation",), at=at)  # never answered
    await add_proposal(bot, "政务建议", ("转型",), ("office",), at=week)
    await bot.advance(HALF_HOUR)
    (table, *_rest) = [m.text for m in bot.emu.sent(chat_id=TALENT_OFFICIAL) if "部门办理排行" in m.text]
    rows = [line for line in table.splitlines() if line[:2] in ("1.", "2.", "3.")]
    assert [r.split("：")[0] for r in rows] == ["1. 市转型办", "2. 市人才办", "3. 区科技局"]
    assert "统计口径" in table and "区政务办：1 件" in table and "不满意榜" in table
    for chat_id in (TALENT_OFFICIAL, INNOVATION_OFFICIAL, MODERATOR):
        photos = [m for m in bot.emu.sent(chat_id=chat_id) if m.kind == "photo"]
        assert len(photos) == 1 and photos[0].file is not None and photos[0].file.size > 1000
        assert "部门办理排行" in photos[0].text
    await bot.advance(timedelta(days=1))
    assert len([m for m in bot.emu.sent(chat_id=TALENT_OFFICIAL) if m.kind == "photo"]) == 1


async def test_chinese_text_with_a_script_tag_survives_escaping_intact(started) -> None:
    bot = await started(digest_config(), TALENT_OFFICIAL)
    text = '建议<script>alert("人才")</script>在园区 & 社区增设人才驿站'
    await add_proposal(bot, text, ("人才",), ("talent",), author_name="<b>王五</b>")
    await bot.advance(HALF_HOUR)
    (digest,) = digests(bot, TALENT_OFFICIAL)
    assert text in digest.text and "<b>王五</b>" in digest.text


async def test_a_run_missed_at_08_30_is_sent_when_the_bot_starts_at_10_00(started) -> None:
    bot = await started(digest_config(), TALENT_OFFICIAL)
    await add_proposal(bot, "建议增加青年人才公寓供给", ("人才",), ("talent",))
    await bot.stop()
    bot.clock.advance(timedelta(hours=2))  # down from 08:00 to 10:00
    await bot.start()
    await bot.advance(timedelta(seconds=5))
    (first,) = digests(bot, TALENT_OFFICIAL)
    assert "11-01 10:00 — 11-02 10:00" in first.text and "人才公寓" in first.text
    await bot.advance(timedelta(hours=22, minutes=30))  # the next day at 08:30
    second = digests(bot, TALENT_OFFICIAL)[1:]
    assert len(second) == 1 and "11-02 10:00 — 11-03 08:30" in second[0].text


async def test_the_digest_hour_is_scheduled_in_the_configured_timezone(bot: Harness) -> None:
    calls: list[tuple[Any, ...]] = []

    class Scheduler:
        def add_job(self, func: Any, trigger: str, **kwargs: Any) -> None:
            calls.append((func, trigger, kwargs))

    for hook in bot.rt.services.hooks.schedule:
        hook(Scheduler(), bot.rt.jobs)
    (found,) = [(f, kw) for f, trigger, kw in calls if trigger == "cron" and kw.get("args") == ["digests"]]
    func, kwargs = found
    assert func == bot.rt.jobs.run_named
    assert (kwargs["hour"], kwargs["minute"], kwargs["timezone"]) == (8, 30, ZoneInfo("Asia/Shanghai"))
    assert [j.every for j in bot.rt.jobs.jobs if j.name == "digests"] == [timedelta(minutes=1)]


async def test_digest_preview_prints_every_digest_and_sends_nothing(started, capsys) -> None:
    bot = await started(digest_config(), TALENT_OFFICIAL, INNOVATION_OFFICIAL)
    await add_proposal(bot, "建议增加青年人才公寓供给 & 配套", ("人才",), ("talent",))
    await add_proposal(bot, "建议设立科技创新券", ("创新",), ("innovation",))
    bot.clock.advance(HALF_HOUR)
    sent_before = len(bot.emu.calls("sendMessage"))
    args = argparse.Namespace(command="digest", preview=True, config=str(bot.directory / "config.toml"))
    assert await asyncio.to_thread(digest_main, args, clock=bot.clock) == 0
    out = capsys.readouterr().out
    assert f"digest for {TALENT_OFFICIAL} (talent)" in out and f"digest for {INNOVATION_OFFICIAL}" in out
    assert "建议增加青年人才公寓供给 & 配套" in out and "科技创新券" in out
    assert "<b>" not in out and "&amp;" not in out
    assert len(bot.emu.calls("sendMessage")) == sent_before
    assert await count(bot, OutboxMessage, OutboxMessage.kind.in_(["digest", "ranking"])) == 0
    assert await count(bot, Claim, Claim.job.in_(["digest", "ranking"])) == 0

