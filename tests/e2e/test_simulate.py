"""`delibot simulate`: the README's main job shows the whole loop, the same way every time, and
the same week in either language."""

from __future__ import annotations

import argparse
import contextlib
import functools
import io
import random
import re

import pytest

from bot.i18n import Translator
from emulator.simulation.cli import BUILT_IN, INNOVATION, MODERATOR, TALENT, main
from emulator.simulation.script import (
    ADOPT_NOTE,
    ANSWERS,
    CLARIFICATION,
    CONCLUSION,
    CONSULT,
    DRAFTS,
    FAQ_ADD,
    OPINIONS,
    PROGRESS,
    PROPOSALS,
    REVIEW_NOTE,
    RUMOUR,
    cast_for,
)

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

ENTRY = re.compile(r"^\d\d-\d\d \d\d:\d\d  ")
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]+")


def run(days: int, seed: int, lang: str | None = None) -> str:
    out = io.StringIO()
    args = argparse.Namespace(days=days, seed=seed, config=None, lang=lang, db=None)
    with contextlib.redirect_stdout(out):
        assert main(args) == 0
    return out.getvalue()


simulate = functools.cache(run)  # a week takes a while: the tests read the same weeks


def entries(text: str) -> list[str]:
    """The transcript's entries, each with its continuation lines."""
    found: list[str] = []
    for line in text.split("\n---")[1].splitlines()[1:]:
        if ENTRY.match(line):
            found.append(line)
        elif found and line.startswith(" " * 8):
            found[-1] += "\n" + line.strip()
    return found


def shape(entry: str) -> str:
    """When an entry happened and what it was (someone's words, the bot's, an action), not its words."""
    what = entry.split(" | ", 1)[1]
    kind = "bot" if what.startswith("🤖") else "action" if what.startswith("⚙") else "person"
    return f"{entry[:11]} {kind}"


def figures(text: str) -> list[str]:
    """Every number in the summary, in order: the counts, the cards, the ranking's percentages."""
    summary = text.rsplit("\n---", 1)[1]
    return re.findall(r"\d+(?:\.\d+)?%?", summary)


def quoted_words() -> list[str]:
    """What the bot may quote in any language: people's names and units (the cast's, and the
    catalogue's example name), the configured group, departments and topics, the proposals and the
    answers the officials wrote, and what people wrote for a consultation, a FAQ entry and a
    correction (questions, opinions, conclusions, clarifications: the bot quotes them as given)."""
    leader = BUILT_IN["departments"][0].get("leaders", [None])[0]
    office = (BUILT_IN.get("supervision") or {}).get("members", [None])[0]
    cast = cast_for(random.Random(1), MODERATOR, (TALENT, "talent"), INNOVATION, "en",
                    leader_id=leader, office_id=office)
    names = [p.name for p in cast.everyone()] + [" ".join(filter(None, n)) for _, *n in cast.fixers]
    t = Translator().bind("en")
    names += [f"{t('names-example-name')}-{t('names-example-unit')}"]
    words = names + [part for name in names for part in name.split("-")]
    group = BUILT_IN["groups"][0]
    words += [group["title"], *group["topics"]] + [d["name"] for d in BUILT_IN["departments"]]
    words += [text for texts in PROPOSALS.values() for text in texts] + ANSWERS
    topics = list(group["topics"])
    written = [CONSULT.format(topic=topic) for topic in topics] + OPINIONS + [CONCLUSION, RUMOUR]
    written += [FAQ_ADD.split(" = ", 1)[1], "公积金", CLARIFICATION.split(" ", 1)[1]]
    # the accountability ladder: interim replies, drafts under review, the leader's notes, the office
    written += [*DRAFTS, REVIEW_NOTE, ADOPT_NOTE, *(p.split("{date}")[0] for p in PROGRESS),
                *(p.split("{date}")[1] for p in PROGRESS), BUILT_IN["supervision"]["office"]]
    # each line of a multi-line command on its own, the command word and duration left out
    words += [part for text in written for line in text.splitlines()
              for part in (line, line.split(" ", 3)[-1], *line.split("：", 1)[-1].split(" | ")) if part]
    return sorted(set(words), key=len, reverse=True)


def test_a_week_shows_every_part_of_the_loop() -> None:
    text = simulate(7, 1)
    # real names: a restriction, its lifting, a removal after grace
    assert "⚙ 设为只读：小明" in text and "⚙ 恢复发言：王小明-海淀区" in text
    assert "阿强 未在期限内改为实名，已被移出本群" in text and "⚙ 移出：阿强" in text
    # pruning: a warning and a removal; a join request waiting for a seat
    assert "已较长时间没有在群里发言" in text and "不活跃 2 人" in text
    assert "⚙ 批准入群" in text and "⚙ 拒绝入群申请：路人甲" in text
    # proposals acknowledged with their number; an answer posted back in the group
    assert "已收到您的建言，编号第 1 号" in text
    assert "您的建言 #3 已由市人才办办结答复" in text
    # the ladder: an interim reply with a promise later kept, one missed, a review sent back and
    # approved, an adoption, a red card at the leader and an urge notice in the office's name
    assert "市人才办已回复您的建言 #1" in text and "您的建言 #1 已由市人才办办结答复" in text
    assert "建言 #2（市人才办）承诺 2026-11-03 前办结，期限已过仍未办结" in text
    assert "私聊·赵副市长-市政府 | 🤖 Delibot: 🟥 红牌督办：建言 #2" in text
    assert "待审核的办结答复：建言 #5" in text and "草稿被退回修改" in text and "已审核同意" in text
    assert "您的建言 #1 已被采纳为优秀建言" in text
    assert "私聊·赵副市长-市政府 | 🤖 Delibot: 🟥 红牌督办：建言 #4" in text
    assert "私聊·刘科长-市政务公开办 | 🤖 Delibot: 抄送：" in text
    assert "📮 催办通知单（市政务公开办公室）" in text
    # deadline cards, a daily digest, a weekly ranking with its chart
    assert "🟨 黄牌警示" in text and "🟥 红牌督办" in text and "已超过 2 天未答复" in text
    assert "📋 每日摘要" in text
    assert "🏆 部门办理排行" in text and "[photo]" in text
    # moderation: a flooder muted and warned; a rumour corrected and pinned
    assert "发言过于频繁" in text and "收到一次警告（1/3）" in text
    assert "📢 官方澄清" in text and "⚙ 置顶了一条消息" in text
    # the FAQ grows by command and answers a question
    assert "已添加问答" in text and "| 🤖 Delibot: 公积金提取请登录" in text
    # a consultation from opening to conclusion: posted with its poll, reminded, closed once,
    # summarised for the official, concluded and pinned
    assert "📣 征求意见 #征求意见1" in text and "住房保障 / 资金补贴 / 办事便利 [poll]" in text
    assert "⏰ 征求意见 #征求意见1" in text and "⚙ 结束投票" in text and "⚙ 取消置顶" in text
    assert text.count("征求意见已结束，共收到 5 条意见") == 1
    assert "📊 征求意见 #征求意见1" in text and "投票结果（" in text
    assert "📌 征求意见 #征求意见1 结论" in text
    # both reach the officials' digest
    assert "🗳 征求意见（1 项）" in text and "📢 官方澄清（1 条）" in text


def test_button_presses_are_the_pressers_actions_in_time_order() -> None:
    lines = entries(simulate(7, 1))
    assert "11-02 11:30  科创中心建言群 | 王小明-海淀区 按下「我已改名」" in lines
    renamed = lines.index("11-02 11:30  科创中心建言群 | 王小明-海淀区 按下「我已改名」")
    assert "已符合实名要求" in lines[renamed + 3]  # after the press: rights back, tag, thanks
    supports = [line for line in lines if "按下「附议" in line]  # the label shows the count seen
    assert len(supports) == 17 and "按下「附议 (0)」" in supports[0] and "按下「附议 (1)」" in supports[1]
    # a rating press follows a request for a rating, by the person it asked (the answer approved
    # last, under review, is still waiting for its rating when the week ends)
    asked = [i for i, line in enumerate(lines) if "请评价这次答复：" in line]
    ratings = []
    for i, following in zip(asked, [*asked[1:], len(lines)], strict=True):
        rated = ("按下「满意」", "按下「基本满意」", "按下「不满意」")
        presses = [line for line in lines[i + 1 : following] if any(r in line for r in rated)]
        if presses:
            ratings.append(presses[0].rsplit("「", 1)[1])
    assert ratings == ["满意」", "基本满意」"] and len(asked) == 3


def test_both_languages_play_the_same_week() -> None:
    chinese, english = simulate(7, 1), simulate(7, 1, lang="en")
    assert figures(english) == figures(chinese)
    assert "satisfaction 75%" in english and "满意度 75%" in chinese
    assert [shape(e) for e in entries(english)] == [shape(e) for e in entries(chinese)]
    assert english.count(" pressed “") == chinese.count(" 按下「") == 22
    assert "pressed “Satisfied”" in english and "pressed “Mostly satisfied”" in english


def test_private_chats_speak_the_simulations_language() -> None:
    allowed = quoted_words()
    left = {}
    for entry in entries(simulate(7, 1, lang="en")):
        where, what = entry[13:].split(" | ", 1)
        if where.startswith("private · ") and what.startswith("🤖"):
            for word in allowed:
                what = what.replace(word, "")
            if CJK.search(what):
                left[entry] = CJK.findall(what)
    assert left == {}
    chinese_private = [e for e in entries(simulate(7, 1)) if e[13:].startswith("私聊·") and "🤖" in e]
    assert any(CJK.search(e.split("Delibot: ", 1)[1]) for e in chinese_private)


def test_two_runs_with_the_same_seed_print_the_same_transcript() -> None:
    first = run(2, 7)
    assert run(2, 7) == first
    assert run(2, 8) != first


def test_the_simulation_speaks_english_when_asked() -> None:
    text = simulate(7, 1, lang="en")
    assert "Simulation:" in text and "Transcript" in text
    assert "已收到您的建言" not in text and "请评价这次答复" not in text
