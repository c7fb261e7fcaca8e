"""`delibot simulate`: the README's main job shows the whole loop, the same way every time."""

from __future__ import annotations

import argparse
import contextlib
import io

import pytest

from emulator.simulation.cli import main

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def simulate(days: int, seed: int, lang: str | None = None) -> str:
    out = io.StringIO()
    args = argparse.Namespace(days=days, seed=seed, config=None, lang=lang, db=None)
    with contextlib.redirect_stdout(out):
        assert main(args) == 0
    return out.getvalue()


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
    assert "您的建言 #1 已由市人才办答复" in text
    # deadline cards, a daily digest, a weekly ranking with its chart
    assert "🟨 黄牌" in text and "🟥 红牌" in text and "督办" in text
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


def test_two_runs_with_the_same_seed_print_the_same_transcript() -> None:
    first, second = simulate(2, 7), simulate(2, 7)
    assert first == second
    assert simulate(2, 8) != first


def test_the_simulation_speaks_english_when_asked() -> None:
    text = simulate(1, 1, lang="en")
    assert "Simulation:" in text and "Transcript" in text
    assert "已收到您的建言" not in text
