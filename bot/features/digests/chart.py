"""The chart image sent with the weekly ranking: on-time share and satisfaction per department.

Drawn with ``matplotlib.figure.Figure`` and the Agg canvas, never pyplot, so it is headless and
safe to call from a worker thread. Department names are Chinese, so a CJK font is looked up once
among the installed ones; without one the bars are labelled with department ids instead of
drawing empty boxes.
"""

from __future__ import annotations

import io
import warnings
from functools import lru_cache

from matplotlib import font_manager
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from deliberation.ranking import Ranking

CJK_FAMILIES = (
    "Noto Sans CJK SC", "Noto Sans SC", "Noto Sans CJK JP", "Noto Serif CJK SC", "Source Han Sans SC",
    "Source Han Sans CN", "WenQuanYi Zen Hei", "WenQuanYi Micro Hei", "Droid Sans Fallback",
    "AR PL UMing CN", "AR PL UKai CN", "Microsoft YaHei", "SimHei", "PingFang SC", "Heiti SC",
)
DEFAULT_LABELS = {"on_time": "on time", "satisfaction": "satisfaction", "empty": "no ranked department"}


@lru_cache(maxsize=1)
def cjk_font() -> font_manager.FontProperties | None:
    """The first installed CJK font, by file so matplotlib never searches (nor warns) again."""
    by_name: dict[str, str] = {}
    # regular faces first, so a family is not drawn in its bold or light file
    for f in sorted(font_manager.fontManager.ttflist, key=lambda f: (f.style != "normal", f.weight != 400)):
        by_name.setdefault(f.name, f.fname)
    for family in CJK_FAMILIES:
        if family in by_name:
            return font_manager.FontProperties(fname=by_name[family])
    for name, fname in sorted(by_name.items()):
        if "CJK" in name:
            return font_manager.FontProperties(fname=fname)
    return None


def chart_texts(
    ranking: Ranking, title: str, labels: dict[str, str], cjk: bool
) -> tuple[str, list[str], dict[str, str]]:
    """Title, bar labels (best department at the top) and legend texts; without a CJK font every
    text that is not ASCII falls back to its ASCII form."""
    rows = list(reversed(ranking.ranked))
    texts = {**DEFAULT_LABELS, **labels}
    if cjk:
        return title, [r.name for r in rows], texts
    start, end = ranking.period_start.date(), ranking.period_end.date()
    texts = {k: v if v.isascii() else DEFAULT_LABELS.get(k, k) for k, v in texts.items()}
    return (
        title if title.isascii() else f"{start} - {end}",
        [r.name if r.name.isascii() else r.department_id for r in rows],
        texts,
    )


def ranking_chart_png(ranking: Ranking, title: str, labels: dict[str, str]) -> bytes:
    """``labels`` holds the translated legend texts: ``on_time``, ``satisfaction`` and ``empty``.
    An unknown value (nothing settled, nothing rated) is drawn as an empty bar marked "—"."""
    font = cjk_font()
    heading, names, texts = chart_texts(ranking, title, labels, font is not None)
    rows = list(reversed(ranking.ranked))
    fig = Figure(figsize=(7, 1.6 + 0.5 * max(len(rows), 2)), dpi=100)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    if rows:
        series = (
            (+0.2, [r.on_time_share for r in rows], "#2a7ab9", texts["on_time"]),
            (-0.2, [r.satisfaction for r in rows], "#e0a526", texts["satisfaction"]),
        )
        for offset, values, color, label in series:
            ys = [i + offset for i in range(len(rows))]
            ax.barh(ys, [100 * (v or 0.0) for v in values], height=0.4, color=color, label=label)
            for y, v in zip(ys, values, strict=True):
                mark = "—" if v is None else f"{100 * v:.0f}%"
                ax.text(100 * (v or 0.0) + 1, y, mark, va="center", fontsize="small")
        ax.set_yticks(list(range(len(rows))), names, fontproperties=_sized(font, "medium"))
        ax.set_xlim(0, 112)
        ax.set_xticks(range(0, 101, 20))
        ax.xaxis.set_major_formatter("{x:.0f}%")
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.1), ncol=2, frameon=False,
                  prop=_sized(font, "small"))
    else:
        ax.set_axis_off()
        ax.text(0.5, 0.5, texts["empty"], ha="center", va="center", fontproperties=_sized(font, "large"))
    ax.set_title(heading, fontproperties=_sized(font, "large"))
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        # a glyph a font lacks is drawn as a box with a UserWarning: never fail a digest for it
        warnings.simplefilter("ignore", UserWarning)
        fig.tight_layout()
        fig.savefig(buffer, format="png")
    return buffer.getvalue()


def _sized(font: font_manager.FontProperties | None, size: str) -> font_manager.FontProperties:
    prop = font.copy() if font is not None else font_manager.FontProperties()
    prop.set_size(size)
    return prop
