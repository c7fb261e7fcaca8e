from __future__ import annotations

import struct
from datetime import UTC, datetime, timedelta

import pytest

from bot.features.digests import chart as charts
from deliberation.policy import Department
from deliberation.ranking import HandledItem, weekly_ranking

START = datetime(2026, 11, 2, tzinfo=UTC)
END = START + timedelta(days=7)
DEPTS = [Department("talent", "市人才办"), Department("science", "市科委"), Department("water", "Water")]
LABELS = {"on_time": "按时答复率", "satisfaction": "满意度", "empty": "本周无排名"}
PNG = b"\x89PNG\r\n\x1a\n"


def ranking(with_items: bool = True):
    items = [
        HandledItem(dept, n, "建议", START + timedelta(hours=n), START + timedelta(days=n % 4 + 1),
                    n % 3 != 0, ("satisfied", "basic", "unsatisfied")[n % 3])
        for n, dept in enumerate(["talent", "science", "water"] * 4, start=1)
    ]
    return weekly_ranking(items if with_items else [], DEPTS, START, END)


def png_size(data: bytes) -> tuple[int, int]:
    assert data.startswith(PNG)
    return struct.unpack(">II", data[16:24])


def test_the_ranking_chart_is_a_png_image():
    width, height = png_size(charts.ranking_chart_png(ranking(), "部门办理排行", LABELS))
    assert width > 300 and height > 150


def test_a_week_without_ranked_departments_still_gives_an_image():
    assert png_size(charts.ranking_chart_png(ranking(with_items=False), "部门办理排行", LABELS))


@pytest.mark.parametrize("cjk", [True, False])
def test_chinese_labels_are_kept_only_when_a_cjk_font_can_draw_them(cjk: bool):
    title, names, legend = charts.chart_texts(ranking(), "部门办理排行", LABELS, cjk=cjk)
    if cjk:
        assert (title, legend["on_time"]) == ("部门办理排行", "按时答复率")
        assert sorted(names) == ["Water", "市人才办", "市科委"]
    else:
        assert title.isascii() and legend["on_time"].isascii() and legend["satisfaction"].isascii()
        assert sorted(names) == ["Water", "science", "talent"]


def test_without_a_cjk_font_the_chart_draws_ascii_labels_without_warnings(monkeypatch):
    monkeypatch.setattr(charts, "cjk_font", lambda: None)
    assert charts.ranking_chart_png(ranking(), "部门办理排行", LABELS).startswith(PNG)


def test_with_a_font_found_the_chart_draws_the_translated_labels_in_it(monkeypatch):
    font = charts.font_manager.FontProperties(fname=charts.font_manager.findfont("DejaVu Sans"))
    monkeypatch.setattr(charts, "cjk_font", lambda: font)
    assert charts.ranking_chart_png(ranking(), "部门办理排行", LABELS).startswith(PNG)

