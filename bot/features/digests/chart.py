"""The chart image sent with the weekly ranking: on-time share and satisfaction per department.

Drawn with ``matplotlib.figure.Figure`` and the Agg canvas, never pyplot, so it is headless and
safe to call from a worker thread. Department names, the title and the legend are in the group's
language, so every text is drawn in Noto Sans CJK, which the project installs itself (the
``noto-cjk-sans-otc`` package, SIL Open Font License): never whatever the host happens to have.
"""

from __future__ import annotations

import io
from functools import lru_cache

from matplotlib import font_manager
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from noto_cjk_sans_otc import FONT_PATH

from deliberation.ranking import Ranking

DEFAULT_LABELS = {"on_time": "on time", "satisfaction": "satisfaction", "empty": "no ranked department"}


@lru_cache(maxsize=1)
def cjk_font() -> font_manager.FontProperties:
    """The project's own CJK font, by file, so matplotlib never searches the host's fonts."""
    return font_manager.FontProperties(fname=str(FONT_PATH))


def ranking_chart_png(ranking: Ranking, title: str, labels: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    ranking_figure(ranking, title, labels).savefig(buffer, format="png")
    return buffer.getvalue()


def ranking_figure(ranking: Ranking, title: str, labels: dict[str, str]) -> Figure:
    """``labels`` holds the translated legend texts: ``on_time``, ``satisfaction`` and ``empty``.
    An unknown value (nothing settled, nothing rated) is drawn as an empty bar marked "—"."""
    font = cjk_font()
    texts = {**DEFAULT_LABELS, **labels}
    rows = list(reversed(ranking.ranked))  # best department at the top
    names = [r.name for r in rows]
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
                ax.text(100 * (v or 0.0) + 1, y, mark, va="center", fontproperties=_sized(font, "small"))
        ax.set_yticks(list(range(len(rows))), names, fontproperties=_sized(font, "medium"))
        ax.set_xlim(0, 112)
        ticks = range(0, 101, 20)
        ax.set_xticks(ticks, [f"{x}%" for x in ticks], fontproperties=_sized(font, "small"))
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.1), ncol=2, frameon=False,
                  prop=_sized(font, "small"))
    else:
        ax.set_xticks([])
        ax.set_yticks([])
        ax.set_axis_off()
        ax.text(0.5, 0.5, texts["empty"], ha="center", va="center", fontproperties=_sized(font, "large"))
    ax.set_title(title, fontproperties=_sized(font, "large"))
    fig.tight_layout()
    return fig


def _sized(font: font_manager.FontProperties, size: str) -> font_manager.FontProperties:
    prop = font.copy()
    prop.set_size(size)
    return prop
