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


def _drawn_texts(figure):
    from matplotlib.text import Text

    figure.canvas.draw()  # tick labels exist once drawn
    return [t for t in figure.findobj(Text) if t.get_visible() and t.get_text().strip()]


@pytest.mark.parametrize("with_items", [True, False])
def test_every_label_of_the_chart_is_drawn_with_the_projects_font_which_has_its_glyphs(with_items: bool):
    from matplotlib.ft2font import FT2Font
    from noto_cjk_sans_otc import FONT_PATH

    figure = charts.ranking_figure(ranking(with_items), "部门办理排行 2026-11-02 — 2026-11-08", LABELS)
    texts = _drawn_texts(figure)
    shown = "".join(t.get_text() for t in texts)
    assert ("市人才办" in shown and "按时答复率" in shown) if with_items else "本周无排名" in shown
    face = FT2Font(str(FONT_PATH))
    for text in texts:
        assert text.get_fontproperties().get_file() == str(FONT_PATH), text.get_text()
        missing = [c for c in text.get_text() if not c.isspace() and face.get_char_index(ord(c)) == 0]
        assert missing == [], (text.get_text(), missing)


def test_the_charts_period_is_the_captions():
    # the caption is the title: one string, so the two can never disagree
    figure = charts.ranking_figure(ranking(), "部门办理排行 2026-11-02 — 2026-11-08", LABELS)
    (axes,) = figure.axes
    assert axes.get_title() == "部门办理排行 2026-11-02 — 2026-11-08"
