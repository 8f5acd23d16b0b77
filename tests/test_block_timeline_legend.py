"""The block timeline's key is a legend (one symbol and a short label per kind of mark, in each language), and the
marks on one row never overlap on the drawn chart: marks close in time are stacked above and below the row."""

from __future__ import annotations

import itertools

import matplotlib.dates as mdates
import pandas as pd
import pytest
from matplotlib.lines import Line2D

from analysis.findings import block_history
from analysis.publish.figures import block_timeline
from analysis.publish.style import LANDSCAPE, PORTRAIT, frame_texts, new_figure
from analysis.sources.tables import load_states

STATES = load_states()
VARIANTS = [(layout, lang) for layout in (LANDSCAPE, PORTRAIT) for lang in ("en", "es")]


@pytest.fixture(scope="module")
def charts() -> dict[tuple[str, str], object]:
    """The timeline as drawn in each layout and language, by (layout name, language)."""
    spec = block_timeline.block_timeline_figure(block_history.block_timeline(STATES), block_history.block_dates(STATES))
    return {(layout.name, s.language): (s.fig if layout is LANDSCAPE else s.portrait)
            for s in (spec, *spec.translations) for layout in (LANDSCAPE, PORTRAIT)}


def _mark_boxes(fig) -> dict[int, list[tuple[float, float, float, float]]]:
    """Each event mark's box on the rendered figure, in pixels (x0, y0, x1, y1), by the row it belongs to."""
    fig.canvas.draw()
    rows: dict[int, list[tuple[float, float, float, float]]] = {}
    for line in fig.axes[0].lines:
        if line.get_gid() != "event-mark":
            continue
        half = (line.get_markersize() + line.get_markeredgewidth()) / 2 * fig.dpi / 72
        (x,), (y,) = line.get_xdata(orig=False), line.get_ydata(orig=False)
        px, py = line.get_transform().transform((x, y))
        rows.setdefault(round(y), []).append((px - half, py - half, px + half, py + half))
    return rows


def _overlaps(boxes: list[tuple[float, float, float, float]]) -> list[tuple]:
    return [(a, b) for a, b in itertools.combinations(boxes, 2)
            if a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]]


@pytest.mark.parametrize(("layout", "lang"), VARIANTS, ids=[f"{lo.name}-{la}" for lo, la in VARIANTS])
def test_no_two_marks_on_a_row_overlap(charts, layout, lang):
    rows = _mark_boxes(charts[(layout.name, lang)])
    assert sum(len(b) for b in rows.values()) >= 10  # the marks were found
    assert {row: _overlaps(boxes) for row, boxes in rows.items() if _overlaps(boxes)} == {}


def test_new_yorks_law_and_cut_days_apart_are_stacked_not_overlapping(charts):
    """New York's law (2019-12-14) and its cut from the DMV's own system (reported 2019-12-20) are days apart: drawn
    on the row they would overlap, so one is lifted off it."""
    order = list(block_history.block_dates(STATES).sort_values("usps", ascending=False)["usps"])
    for fig in charts.values():
        ny = sorted(_mark_boxes(fig)[order.index("NY")])
        early = [b for b in ny if b[0] < ny[0][2] + 20]
        assert len(early) == 2 and abs(early[0][1] - early[1][1]) > 5  # pixels apart vertically


def test_the_overlap_check_finds_marks_drawn_on_top_of_each_other():
    fig, ax = new_figure()
    day = pd.Timestamp("2025-11-12")
    for marker in ("o", "x"):
        ax.plot(day, 0, marker=marker, markersize=7, linestyle="none", gid="event-mark")
    ax.set_xlim(day - pd.Timedelta(days=400), day + pd.Timedelta(days=400))
    assert _overlaps(_mark_boxes(fig)[0])


def test_stacking_keeps_each_mark_on_its_date():
    fig, ax = new_figure()
    day = pd.Timestamp("2025-11-12")
    ax.set_xlim(day - pd.Timedelta(days=400), day + pd.Timedelta(days=400))
    ax.set_ylim(-1, 1)
    block_timeline._draw_marks(ax, [(day, 0, "reported"), (day, 0, "other"), (day, 0, "legal")])
    assert not _overlaps(_mark_boxes(fig)[0])
    assert {float(line.get_xdata(orig=False)[0]) for line in ax.lines} == {mdates.date2num(day)}

@pytest.mark.parametrize(("layout", "lang"), VARIANTS, ids=[f"{lo.name}-{la}" for lo, la in VARIANTS])
def test_the_key_is_a_legend_with_a_symbol_and_a_short_label_per_mark(charts, layout, lang):
    fig = charts[(layout.name, lang)]
    (legend,) = fig.legends
    labels = [" ".join(t.get_text().split()) for t in legend.get_texts()]
    handles = legend.legend_handles
    assert len(labels) == len(handles) == 5  # band, first report, in progress, law or rule, cut (no dated dot)
    assert all(isinstance(h, Line2D) for h in handles)
    assert all(len(label) <= 90 for label in labels)
    drawn_markers = {line.get_marker() for line in fig.axes[0].lines if line.get_gid() == "event-mark"}
    assert drawn_markers <= {h.get_marker() for h in handles}
    subtitle = " ".join(frame_texts(fig)["subtitle"].split())
    assert not any(word in subtitle for word in ("Filled dot", "Open dot", "Punto lleno", "Rombo", "Diamond"))


def test_the_spanish_legend_is_spanish(charts):
    english = {t.get_text() for t in charts[("landscape", "en")].legends[0].get_texts()}
    spanish = [t.get_text() for t in charts[("landscape", "es")].legends[0].get_texts()]
    assert not english & set(spanish)
    assert any("Bloqueo" in s or "bloqueo" in s for s in spanish)


@pytest.mark.parametrize(("layout", "lang"), VARIANTS, ids=[f"{lo.name}-{la}" for lo, la in VARIANTS])
def test_every_text_and_the_legend_stay_inside_the_figure(charts, layout, lang):
    from matplotlib.text import Text

    fig = charts[(layout.name, lang)]
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    width, height = fig.bbox.width, fig.bbox.height
    outside = [t.get_text() for t in fig.findobj(Text) if t.get_text().strip() and t.get_visible()
               and (lambda b: b.x0 < -0.5 or b.x1 > width + 0.5 or b.y0 < -0.5 or b.y1 > height + 0.5)(
                   t.get_window_extent(renderer))]
    assert outside == []
