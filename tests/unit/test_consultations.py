"""The consultation rules: asking, collecting, grouping by topic, reminding, closing, concluding."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from deliberation.consultations import (
    ConsultationError,
    Due,
    Opinion,
    PollResult,
    Schedule,
    State,
    check_conclusion,
    due,
    find_tag,
    opinion_body,
    parse_closes,
    parse_request,
    reminder_at,
    summarize,
)

NOW = datetime(2026, 11, 2, 1, 0, tzinfo=UTC)  # 09:00 in Shanghai
TZ = ZoneInfo("Asia/Shanghai")
TOPICS = {"人才": ("人才", "招聘"), "创新": ("创新", "科技"), "转型": ("转型",)}


def opinion(n: int, text: str, supports: int = 0, minutes: int = 0) -> Opinion:
    return Opinion(n, 100 + n, f"成员{n}", text, f"https://t.me/c/1/{n}", supports,
                   NOW + timedelta(minutes=minutes))


def test_a_request_has_a_topic_a_closing_time_a_question_a_background_and_a_poll() -> None:
    request = parse_request("#人才 3d 人才公寓怎样分配？\n新建 200 套。\n投票：积分 | 摇号 ｜ 推荐", NOW, TZ)
    assert request.topic == "人才" and request.closes_at == NOW + timedelta(days=3)
    assert request.question == "人才公寓怎样分配？" and request.background == "新建 200 套。"
    assert request.options == ("积分", "摇号", "推荐")


def test_a_date_closes_at_the_end_of_that_local_day() -> None:
    assert parse_closes("2026-11-05", NOW, TZ) == datetime(2026, 11, 5, 16, 0, tzinfo=UTC)
    assert parse_closes("11-01", NOW, TZ) == datetime(2027, 11, 1, 16, 0, tzinfo=UTC)  # the next one


@pytest.mark.parametrize(
    ("args", "code"),
    [
        ("", "usage"), ("人才 3d", "usage"), ("人才 明天 问题", "bad_closes"),
        ("人才 13-40 问题", "bad_closes"), ("人才 30s 问题", "too_soon"), ("人才 100d 问题", "too_far"),
        ("人" * 33 + " 3d 问题", "topic_too_long"),
        ("人才 3d " + "问" * 3001, "text_too_long"),
        ("人才 3d " + "问" * 301 + "\n投票：甲 | 乙", "poll_question_too_long"),
        ("人才 3d 问题\n投票：甲", "poll_options_count"),
        ("人才 3d 问题\npoll: " + " | ".join("abcdefghijk"), "poll_options_count"),
        ("人才 3d 问题\n投票：甲 | " + "乙" * 101, "poll_option_too_long"),
        ("人才 3d 问题\n投票：甲 | 甲", "poll_option_repeated"),
    ],
)
def test_a_bad_request_is_refused_with_its_reason(args: str, code: str) -> None:
    with pytest.raises(ConsultationError) as refused:
        parse_request(args, NOW, TZ)
    assert refused.value.code == code


@pytest.mark.parametrize(
    ("text", "number"),
    [("#征求意见3 我的意见", 3), ("＃意见12 好", 12), ("看 #consult7", 7), ("#Consult 8 ok", 8),
     ("#人才 建议", None), ("没有标签", None)],
)
def test_a_message_names_its_consultation_by_tag(text: str, number: int | None) -> None:
    assert find_tag(text) == number


def test_a_reply_too_short_to_say_anything_is_not_an_opinion() -> None:
    assert opinion_body("+") is None and opinion_body("#征求意见3 ") is None
    assert opinion_body("  建议公开摇号  ") == "建议公开摇号"
    assert opinion_body("很长" * 2000) == ("很长" * 2000)[:2000]


def test_opinions_are_grouped_by_the_topic_they_mention_first_most_supported_first() -> None:
    opinions = [
        opinion(1, "建议多举办招聘会", supports=1),
        opinion(2, "科技企业需要人才公寓", supports=0),  # 科技 comes before 人才 in the text
        opinion(3, "人才公寓按积分分配", supports=5, minutes=2),
        opinion(4, "希望过程公开透明"),
        opinion(5, "人才补贴要及时发放", supports=5, minutes=1),
    ]
    summary = summarize(opinions, TOPICS, PollResult((("积分", 2), ("摇号", 1)), 3))
    assert summary.count == 5 and summary.poll is not None and summary.poll.voters == 3
    assert [(g.topic, [o.id for o in g.opinions]) for g in summary.groups] == [
        ("人才", [5, 3, 1]), ("创新", [2]), (None, [4])]


def test_no_opinions_make_an_empty_summary() -> None:
    assert summarize([], TOPICS).groups == ()


def schedule(hours: float, *, reminded: bool = False, state: State = State.OPEN) -> Schedule:
    return Schedule(1, state, NOW, NOW + timedelta(hours=hours), reminded)


def test_the_reminder_is_a_day_before_or_a_quarter_of_a_short_consultation_before() -> None:
    assert reminder_at(NOW, NOW + timedelta(days=3)) == NOW + timedelta(days=2)
    assert reminder_at(NOW, NOW + timedelta(hours=4)) == NOW + timedelta(hours=3)


def test_a_consultation_is_reminded_once_then_closed_once_its_time_came() -> None:
    assert due([schedule(4)], NOW + timedelta(hours=2)) == []
    assert due([schedule(4)], NOW + timedelta(hours=3)) == [(1, Due.REMIND)]
    assert due([schedule(4, reminded=True)], NOW + timedelta(hours=3, minutes=59)) == []
    assert due([schedule(4, reminded=True)], NOW + timedelta(hours=4)) == [(1, Due.CLOSE)]
    # closing late needs no reminder any more; a closed one is left alone
    assert due([schedule(4)], NOW + timedelta(days=1)) == [(1, Due.CLOSE)]
    assert due([schedule(4, state=State.CLOSED)], NOW + timedelta(days=1)) == []


@pytest.mark.parametrize(
    ("state", "actor", "text", "code"),
    [(State.CLOSED, 2, "结论", "not_yours"), (State.OPEN, 1, "结论", "still_open"),
     (State.CONCLUDED, 1, "结论", "already_concluded"), (State.CLOSED, 1, "  ", "conclusion_empty"),
     (State.CLOSED, 1, "长" * 3001, "conclusion_too_long"), (State.DRAFT, 1, "结论", "unknown")],
)
def test_only_its_official_concludes_a_closed_consultation_once(state: State, actor: int, text: str,
                                                                code: str) -> None:
    with pytest.raises(ConsultationError) as refused:
        check_conclusion(state, 1, actor, text)
    assert refused.value.code == code


def test_the_conclusion_is_kept_as_written() -> None:
    assert check_conclusion(State.CLOSED, 1, 1, " 按积分分配。 ") == "按积分分配。"
