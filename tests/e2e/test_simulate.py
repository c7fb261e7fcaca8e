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
    # moderation: a flooder muted and warned
    assert "发言过于频繁" in text and "收到一次警告（1/3）" in text


def test_two_runs_with_the_same_seed_print_the_same_transcript() -> None:
    first, second = simulate(2, 7), simulate(2, 7)
    assert first == second
    assert simulate(2, 8) != first


def test_the_simulation_speaks_english_when_asked() -> None:
    text = simulate(1, 1, lang="en")
    assert "Simulation:" in text and "Transcript" in text
    assert "已收到您的建言" not in text
