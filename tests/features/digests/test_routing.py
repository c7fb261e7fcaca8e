"""Digests at the dispatcher: proposals made in the group, then the digest job at 08:30 local
(the clock starts on Monday 2026-11-02, 08:00 in Asia/Shanghai): each official gets their own
digest once, and on the ranking day the ranking and its chart go to officials and moderators."""

from __future__ import annotations

from datetime import timedelta

from tests.fakes import Call, effects
from tests.features.conftest import (
    GROUP,
    INNOVATION_OFFICIAL,
    MODERATOR,
    TALENT_OFFICIAL,
    MakeScene,
    config,
)

HALF_HOUR = timedelta(minutes=30)
# the practice's deadlines and inactivity, so within a test only digests are due
QUIET = {"handling": {"reply_due": "5d", "yellow_after": "5d", "red_after": "15d", "urge_after": "30d"},
         "pruning": {"inactive_after": "30d", "warn_before": "3d"}}


def digests(calls: list[Call], chat_id: int) -> list[Call]:
    return [c for c in calls if c.chat_id == chat_id and "每日摘要" in c.text]


async def test_each_official_gets_exactly_their_own_digest_once_at_the_digest_hour(
        make_scene: MakeScene) -> None:
    scene = await make_scene(config(digest={"at": "08:30", "weekly_ranking": "sun"}, **QUIET))
    zhang, li = await scene.regular("张三-海淀区"), await scene.regular("李四-朝阳区")
    await scene.feed(scene.tg.says(GROUP, zhang, "#人才 建议为引进的青年人才提供三年租房补贴"))
    await scene.feed(scene.tg.says(GROUP, li, "#创新 建议在园区设立共享实验室，降低初创企业的研发成本"))
    assert digests(effects(await scene.later(timedelta(minutes=29))), TALENT_OFFICIAL) == []
    calls = effects(await scene.later(timedelta(minutes=1)))
    (talent,) = digests(calls, TALENT_OFFICIAL)
    (innovation,) = digests(calls, INNOVATION_OFFICIAL)
    assert talent.text.startswith("<b>📋 每日摘要 2026-11-02</b>")
    assert "租房补贴" in talent.text and "张三" in talent.text and "共享实验室" not in talent.text
    assert "共享实验室" in innovation.text and "李四" in innovation.text and "租房补贴" not in innovation.text
    assert talent["parse_mode"] == "HTML" and len(talent.text) <= 4096
    assert digests(effects(await scene.later(timedelta(minutes=5))), TALENT_OFFICIAL) == []


async def test_on_the_ranking_day_officials_and_moderators_get_the_ranking_and_its_chart(
        make_scene: MakeScene) -> None:
    scene = await make_scene(config(digest={"at": "08:30", "weekly_ranking": "mon"}, **QUIET))
    author = await scene.regular("张三-海淀区")
    for n, text in enumerate(("人才公寓", "租房补贴", "落户服务"), start=1):
        await scene.feed(scene.tg.says(GROUP, author, f"#人才 建议完善青年人才的{text}政策措施"))
        await scene.feed(scene.tg.writes(scene.talent_official, f"/answer {n} 已纳入明年计划"))
    calls = effects(await scene.later(timedelta(days=7) + HALF_HOUR))  # the next Monday, 08:30
    for chat_id in (TALENT_OFFICIAL, INNOVATION_OFFICIAL, MODERATOR):
        (table,) = [c for c in calls if c.chat_id == chat_id and c.text.startswith("<b>🏆 部门办理排行")]
        assert "1. <b>市人才办</b>：收到 3，按时回复 100%，办结 3（办结率 100%）" in table.text
        (chart,) = [c for c in calls if c.chat_id == chat_id and c.method == "sendPhoto"]
        assert chart["photo"]["data"].startswith(b"\x89PNG") and "部门办理排行" in chart.text
    later = effects(await scene.later(timedelta(days=1)))
    assert not any(c.method == "sendPhoto" for c in later)
