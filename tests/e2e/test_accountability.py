"""The accountability loop end to end (issue 16): interim replies with promises, promise cards,
escalation out of the department, review before publishing, rework, adoption, supervision."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.timefmt import local
from deliberation.handling import State
from emulator.harness import Harness
from storage.repositories.handling import HandlingRepository
from tests.e2e.conftest import BASE, GROUP, INNOVATION_OFFICIAL, MODERATOR, TALENT_OFFICIAL, config

pytestmark = pytest.mark.e2e

LEADER, OFFICE, SUPERVISOR = 444444, 555555, 666666
PROPOSAL = "#人才 建议设立青年人才公寓，帮助高校毕业生留在本市工作"
ANSWER = "已纳入明年人才住房计划，首批五百套"
TZ = "Asia/Shanghai"


def accountable(*, review: bool = False, **overrides: Any) -> dict[str, Any]:
    departments = [dict(d) for d in BASE["departments"]]
    departments[0].update(leaders=[LEADER], review=review)
    return config(
        handling={"promise_grace": "0s", "promise_red_after": "60s"},
        departments=departments,
        supervision={"office": "市政务公开办公室", "members": [OFFICE], "supervisors": [SUPERVISOR]},
        **overrides,
    )


async def _started(make_harness: Callable[..., Harness], cfg: dict[str, Any]) -> Harness:
    harness = make_harness(cfg)
    await harness.emu.start()
    harness.emu.create_group(chat_id=GROUP, title="科创中心建言群")
    await harness.start()
    for uid, name in ((TALENT_OFFICIAL, "李主任"), (INNOVATION_OFFICIAL, "王局长"), (MODERATOR, "管理员"),
                      (LEADER, "赵副市长"), (OFFICE, "公开办小刘"), (SUPERVISOR, "监督员老周")):
        harness.emu.add_user(name, user_id=uid)
        harness.emu.private(uid, "/start")
    await harness.settle()
    return harness


@pytest.fixture
async def loop(make_harness: Callable[..., Harness]) -> AsyncIterator[Harness]:
    harness = await _started(make_harness, accountable())
    yield harness
    await harness.stop()
    await harness.emu.stop()


@pytest.fixture
async def reviewed(make_harness: Callable[..., Harness]) -> AsyncIterator[Harness]:
    harness = await _started(make_harness, accountable(review=True))
    yield harness
    await harness.stop()
    await harness.emu.stop()


async def _propose(bot: Harness, name: str = "张三-海淀区") -> int:
    author = bot.emu.add_user(name)
    bot.emu.join(GROUP, author)
    await bot.settle()
    bot.emu.post(GROUP, author, PROPOSAL)
    await bot.settle()
    await bot.advance(1)
    return author


async def _ask(bot: Harness, uid: int, text: str) -> str:
    bot.emu.private(uid, text)
    await bot.settle()
    await bot.advance(1)  # what the outbox queued is delivered too
    return bot.emu.sent(chat_id=uid)[-1].text


def _count(bot: Harness, uid: int, *words: str) -> int:
    return sum(all(w in m.text for w in words) for m in bot.emu.sent(chat_id=uid))


async def _case(bot: Harness, number: int = 1) -> Any:
    async with bot.rt.services.uow() as uow:
        return await uow.repo(HandlingRepository).get(number)


def _today(bot: Harness) -> str:
    return local(bot.clock.now(), TZ).strftime("%Y-%m-%d")


async def _until_promise_passes(bot: Harness, extra: float = 1) -> None:
    """To the end of today (local time), when a promise for today runs out, and ``extra`` past."""
    midnight = local(bot.clock.now(), TZ).replace(hour=0, minute=0, second=0) + timedelta(days=1)
    await bot.advance((midnight.astimezone(UTC) - bot.clock.now()).total_seconds() + extra)


async def test_an_interim_reply_with_a_promise_stops_the_yellow_card_and_only_the_answer_is_rated(
    loop: Harness,
) -> None:
    await _propose(loop)
    said = await _ask(loop, TALENT_OFFICIAL, f"/progress 1 {_today(loop)} 已受理，正在办理，预计今天办结")
    interim = loop.emu.sent(chat_id=GROUP)[-1]
    assert "已回复" in interim.text and "承诺办结时间" in interim.text and not interim.reply_markup
    assert "已回复建言 #1 的办理进度" in said
    case = await _case(loop)
    assert case.state is State.ACCEPTED and case.promised_by is not None and case.on_time is True
    await loop.advance(120)  # past yellow_after (50s) and red_after (150s) is not reached
    assert _count(loop, TALENT_OFFICIAL, "黄牌") == 0
    await _ask(loop, TALENT_OFFICIAL, f"/answer 1 {ANSWER}")
    final = loop.emu.sent(chat_id=GROUP)[-1]
    assert ANSWER in final.text
    assert [label for label, _ in final.reply_markup[0]] == ["满意", "基本满意", "不满意"]
    assert (await _case(loop)).state is State.ANSWERED


async def test_a_promise_that_passes_earns_its_card_once_and_the_red_one_reaches_the_leader(
    loop: Harness,
) -> None:
    await _propose(loop)
    await _ask(loop, TALENT_OFFICIAL, f"/progress 1 {_today(loop)} 已受理，正在协调")
    await _until_promise_passes(loop)
    assert _count(loop, TALENT_OFFICIAL, "黄牌警示", "承诺", "期限已过") == 1
    assert _count(loop, LEADER, "牌") == 0
    await loop.restart()
    await loop.advance(1)
    assert _count(loop, TALENT_OFFICIAL, "黄牌警示", "承诺") == 1
    await loop.advance(60)
    await loop.restart()
    await loop.advance(1)
    assert _count(loop, TALENT_OFFICIAL, "红牌督办", "承诺") == 1
    assert _count(loop, LEADER, "红牌督办", "承诺") == 1 and _count(loop, MODERATOR, "红牌督办") == 1
    assert _count(loop, TALENT_OFFICIAL, "黄牌警示", "未答复") == 0  # the reply cards stopped


async def test_an_extension_needs_a_later_date_and_is_recorded_and_shown(loop: Harness) -> None:
    await _propose(loop)
    today = local(loop.clock.now(), TZ).date()
    await _ask(loop, TALENT_OFFICIAL, f"/progress 1 {today + timedelta(days=3)} 已受理")
    refused = await _ask(loop, TALENT_OFFICIAL, f"/progress 1 {today + timedelta(days=2)} 提前")
    assert "须晚于原承诺的日期" in refused
    later = today + timedelta(days=10)
    await _ask(loop, TALENT_OFFICIAL, f"/progress 1 {later:%m-%d} 涉及多个部门，需要协调")
    posted = loop.emu.sent(chat_id=GROUP)[-1].text
    assert f"延至 {later}" in posted and "涉及多个部门" in posted
    history = await _ask(loop, TALENT_OFFICIAL, "/history 1")
    assert f"延期至 {later}（市人才办），理由：涉及多个部门，需要协调" in history
    assert "承诺" in await _ask(loop, TALENT_OFFICIAL, "/queue")
    assert "不是有效的日期" in await _ask(loop, TALENT_OFFICIAL, "/progress 1 下周 再议")


async def test_a_red_card_reaches_the_leader_and_the_urge_notice_the_office_each_once_across_restarts(
    loop: Harness,
) -> None:
    await _propose(loop)
    await loop.advance(60)
    assert _count(loop, TALENT_OFFICIAL, "黄牌警示") == 1 and _count(loop, LEADER, "牌") == 0
    await loop.advance(100)
    await loop.restart()
    await loop.advance(1)
    assert _count(loop, LEADER, "红牌督办", "/answer 1") == 1 and _count(loop, OFFICE, "红牌") == 0
    await loop.advance(150)
    await loop.restart()
    await loop.advance(1)
    urged = [m.text for m in loop.emu.sent(chat_id=OFFICE) if "催办通知单" in m.text]
    assert len(urged) == 1 and "抄送" in urged[0] and "市政务公开办公室" in urged[0]
    assert _count(loop, TALENT_OFFICIAL, "催办通知单（市政务公开办公室）") == 1
    assert _count(loop, LEADER, "催办通知单") == 1 and _count(loop, LEADER, "红牌督办") == 1
    assert _count(loop, INNOVATION_OFFICIAL, "牌") == 0


async def test_a_review_departments_answer_waits_for_a_leader_and_a_returned_draft_goes_back(
    reviewed: Harness,
) -> None:
    bot = reviewed
    await _propose(bot)
    in_group = len(bot.emu.sent(chat_id=GROUP))
    assert "送分管领导审核" in await _ask(bot, TALENT_OFFICIAL, f"/answer 1 {ANSWER}")
    assert len(bot.emu.sent(chat_id=GROUP)) == in_group
    draft = bot.emu.sent(chat_id=LEADER)[-1]
    assert ANSWER in draft.text and [label for label, _ in draft.reply_markup[0]] == ["同意发布", "退回修改"]

    bot.emu.press(LEADER, LEADER, draft.message_id, text="退回修改")
    await bot.settle()
    assert "退回修改的意见" in bot.emu.sent(chat_id=LEADER)[-1].text
    await _ask(bot, LEADER, "请写明首批房源的开放时间")
    returned = bot.emu.sent(chat_id=TALENT_OFFICIAL)[-1].text
    assert "退回修改" in returned and "请写明首批房源的开放时间" in returned
    assert len(bot.emu.sent(chat_id=GROUP)) == in_group

    await _ask(bot, TALENT_OFFICIAL, f"/answer 1 {ANSWER}，明年三月开放申请")
    second = bot.emu.sent(chat_id=LEADER)[-1]
    bot.emu.press(LEADER, LEADER, second.message_id, text="同意发布")
    await bot.settle()
    await bot.advance(1)
    posted = bot.emu.sent(chat_id=GROUP)[-1]
    assert "明年三月开放申请" in posted.text and posted.reply_markup
    assert "已审核同意" in bot.emu.sent(chat_id=TALENT_OFFICIAL)[-1].text
    history = await _ask(bot, TALENT_OFFICIAL, "/history 1")
    assert "（赵副市长 审核同意）" in history and "退回修改：请写明首批房源的开放时间" in history
    assert (await _case(bot)).state is State.ANSWERED


async def test_an_unsatisfied_rating_is_rework_and_a_second_one_reaches_the_leader(loop: Harness) -> None:
    author = await _propose(loop)
    await _ask(loop, author, "/start")  # the bot can ask only someone who opened a chat with it
    await _ask(loop, TALENT_OFFICIAL, f"/answer 1 {ANSWER}")
    loop.emu.press(GROUP, author, loop.emu.sent(chat_id=GROUP)[-1].message_id, text="不满意")
    await loop.settle()
    await loop.advance(1)
    assert "还缺什么" in loop.emu.sent(chat_id=author)[-1].text
    assert (await _case(loop)).state is State.ACCEPTED
    assert "已转给承办部门" in await _ask(loop, author, "没有说明申请条件")
    assert "没有说明申请条件" in loop.emu.sent(chat_id=TALENT_OFFICIAL)[-1].text
    assert _count(loop, LEADER, "不满意") == 0

    await _ask(loop, TALENT_OFFICIAL, "/answer 1 申请条件：本市高校应届毕业生")
    rework = loop.emu.sent(chat_id=GROUP)[-1]
    assert "整改后重新答复" in rework.text
    loop.emu.press(GROUP, author, rework.message_id, text="不满意")
    await loop.settle()
    await loop.advance(1)
    assert _count(loop, LEADER, "第 2 次对答复不满意") == 1
    assert "整改答复（市人才办）" in await _ask(loop, TALENT_OFFICIAL, "/history 1")


async def test_a_leader_adopts_a_proposal_once_and_the_author_is_told_in_the_group(loop: Harness) -> None:
    await _propose(loop)
    member = loop.emu.add_user("李四-朝阳区")
    loop.emu.join(GROUP, member)
    await loop.settle()
    assert "分管领导" in await _ask(loop, member, "/adopt 1")
    assert "已采纳" in await _ask(loop, LEADER, "/adopt 1 列入明年重点工作")
    told = loop.emu.sent(chat_id=GROUP)[-1].text
    assert "采纳为优秀建言" in told and "列入明年重点工作" in told
    assert "已经被采纳过了" in await _ask(loop, MODERATOR, "/adopt 1")
    assert "/adopt 编号" in await _ask(loop, LEADER, "/adopt")
    assert "采纳为优秀建言：列入明年重点工作" in await _ask(loop, LEADER, "/history 1")


async def test_a_months_supervision_form_and_report_go_out_once(loop: Harness) -> None:
    await _propose(loop)
    await _ask(loop, TALENT_OFFICIAL, f"/answer 1 {ANSWER}")
    first_of_month = datetime(2026, 12, 1, 8, 31, tzinfo=local(loop.clock.now(), TZ).tzinfo)
    await loop.advance((first_of_month.astimezone(UTC) - loop.clock.now()).total_seconds())
    form = [m for m in loop.emu.sent(chat_id=SUPERVISOR) if m.reply_markup]
    assert [m.text.split("：")[0] for m in form] == ["市人才办", "区科技局"]
    assert "收到 1" in form[0].text and [label for label, _ in form[0].reply_markup[0]] == list("12345")
    pressed = loop.emu.press(SUPERVISOR, SUPERVISOR, form[0].message_id, text="4")
    await loop.settle()
    assert "4 分" in loop.emu.callback_answers(pressed)[0]["text"]
    stranger = loop.emu.press(SUPERVISOR, TALENT_OFFICIAL, form[0].message_id, text="5")
    await loop.settle()
    assert "问政监督员" in loop.emu.callback_answers(stranger)[0]["text"]

    await loop.advance(timedelta(days=7))
    await loop.restart()
    await loop.advance(timedelta(days=1))
    for uid in (OFFICE, LEADER):
        reports = [m.text for m in loop.emu.sent(chat_id=uid) if "月度报告" in m.text]
        assert len(reports) == 1 and "2026-11" in reports[0]
        assert "平均 4.0 分（1 人评分）" in reports[0] and "无人评分" in reports[0]
    late = loop.emu.press(SUPERVISOR, SUPERVISOR, form[1].message_id, text="3")
    await loop.settle()
    assert "不能再评分" in loop.emu.callback_answers(late)[0]["text"]
    assert len([m for m in loop.emu.sent(chat_id=SUPERVISOR) if m.reply_markup]) == 2


async def test_help_shows_each_role_its_commands(loop: Harness) -> None:
    assert "/progress 编号 日期 内容" in await _ask(loop, TALENT_OFFICIAL, "/help")
    leader = await _ask(loop, LEADER, "/help")
    assert "分管领导" in leader and "/adopt 编号" in leader and "/progress" not in leader
    assert "问政监督员" in await _ask(loop, SUPERVISOR, "/help")
    assert "/adopt" in await _ask(loop, MODERATOR, "/help")


@pytest.mark.parametrize(("exempt", "may_post"), [(False, False), (True, True)])
async def test_officials_follow_the_real_name_rule_in_groups_unless_exempted(
    make_harness: Callable[..., Harness], exempt: bool, may_post: bool,
) -> None:
    bot = await _started(make_harness, accountable(nickname={"grace": "120s", "exempt_officials": exempt}))
    bot.emu.join(GROUP, TALENT_OFFICIAL)  # 李主任: no unit in the name
    await bot.settle()
    state = bot.emu.member(GROUP, TALENT_OFFICIAL)
    assert (state.status == "member" or bool(state.permissions.get("can_send_messages"))) is may_post
    await bot.stop()
    await bot.emu.stop()
