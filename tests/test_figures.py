"""The house style: font, palette, frame texts, and labels for bounds, modelled and synthetic numbers."""

from __future__ import annotations

from pathlib import Path

import matplotlib
import pytest
from matplotlib import font_manager
from matplotlib.colors import to_hex

from analysis.findings import breakdown
from analysis.publish.figures import breakdown as breakdown_figures
from analysis.publish.style import (
    CAVEAT_NOTE,
    GROUP_COLOURS,
    HOUSE_RC,
    NEUTRAL,
    OKABE_ITO,
    frame,
    frame_texts,
    house_style,
    new_figure,
    source_line,
)

SOURCE = "wyden-press-release-2025-11-12"
# Okabe & Ito's published hex values, typed independently of the module under test.
OKABE_ITO_REFERENCE = {"#000000", "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7"}


def test_palette_is_okabe_ito():
    assert set(OKABE_ITO.values()) == OKABE_ITO_REFERENCE


def test_colour_cycle_uses_only_the_colour_blind_safe_palette():
    cycle = {to_hex(c["color"]).upper() for c in HOUSE_RC["axes.prop_cycle"]}
    assert cycle <= OKABE_ITO_REFERENCE and len(cycle) == 8


def test_group_colours_are_palette_colours_or_the_neutral():
    assert set(GROUP_COLOURS.values()) <= OKABE_ITO_REFERENCE | {NEUTRAL}
    assert len(set(GROUP_COLOURS.values())) == len(GROUP_COLOURS)


def test_font_is_available_offline():
    with house_style():
        path = font_manager.findfont(font_manager.FontProperties(family=["sans-serif"]), fallback_to_default=False)
    assert Path(path).name == "DejaVuSans.ttf"


def test_house_style_does_not_leak_into_global_settings():
    before = matplotlib.rcParams["svg.hashsalt"]
    new_figure()
    with house_style():
        assert matplotlib.rcParams["svg.hashsalt"] == "nlets-analysis"
    assert matplotlib.rcParams["svg.hashsalt"] == before


def test_figure_uses_agg_canvas():
    fig, _ = new_figure()
    assert type(fig.canvas).__name__ == "FigureCanvasAgg"


def test_frame_puts_title_source_line_caveat_and_credit_on_the_figure():
    fig, _ = new_figure()
    frame(fig, title="A title", subtitle="A subtitle", source_ids=[SOURCE])
    texts = frame_texts(fig)
    assert texts["title"] == "A title" and texts["subtitle"] == "A subtitle"
    assert texts["source-line"] == "Source: Office of U.S. Senator Ron Wyden, 2025-11-12."
    assert texts["caveat-note"] == CAVEAT_NOTE == "Counts are queries, not people."
    # what a newspaper prints: "Source: …" then "Chart: …", no build command or folder
    assert texts["credit"] == "Chart: nlets-analysis."
    assert "bounds-note" not in texts and "modelled-label" not in texts


def test_credit_line_names_the_chart_maker_in_each_language():
    from analysis.publish.style import credit_line

    assert (credit_line("en"), credit_line("es")) == ("Chart: nlets-analysis.", "Gráfico: nlets-analysis.")
    fig, _ = new_figure()
    frame(fig, title="T", source_ids=[SOURCE], lang="es")
    assert frame_texts(fig)["credit"] == credit_line("es")


def test_frame_text_stays_inside_the_figure_and_clear_of_the_plot():
    fig, ax = new_figure(8, 5)
    frame(fig, title="A long title " * 8, subtitle="A long subtitle " * 8, source_ids=[SOURCE],
          bounds_note="A long bounds note " * 10)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    plot = ax.get_position()
    for text in fig.texts:
        box = text.get_window_extent(renderer).transformed(fig.transFigure.inverted())
        assert 0 <= box.x0 and box.x1 <= 1 and 0 <= box.y0 and box.y1 <= 1, text.get_gid()
        assert box.y0 >= plot.y1 or box.y1 <= plot.y0, text.get_gid()


def test_bounds_modelled_and_synthetic_labels():
    fig, _ = new_figure()
    frame(fig, title="T", source_ids=[SOURCE], bounds_note="The total is a floor.",
          kinds=["derived", "modelled", "synthetic"], modelled_note="the per-state split is estimated")
    texts = frame_texts(fig)
    assert texts["bounds-note"] == "The total is a floor."
    assert texts["modelled-label"] == "Modelled numbers shown: the per-state split is estimated"
    assert texts["synthetic-label"].startswith("SYNTHETIC TEST DATA")


def test_source_line_lists_several_sources_once_each():
    line = source_line([SOURCE, "reuters-2025-11-12", SOURCE])
    assert line.startswith("Sources: Office of U.S. Senator Ron Wyden") and line.count("Wyden") == 1
    assert "Reuters" in line


def test_unknown_source_refused():
    with pytest.raises(KeyError, match="unknown source ids"):
        source_line(["nope"])


def test_notebook_01_figures_use_the_house_colours():
    table = breakdown.breakdown_table()
    spec = breakdown_figures.daily_rates_figure(table)
    bars = spec.fig.axes[0].patches
    assert [to_hex(b.get_facecolor()).upper() for b in bars] == [
        GROUP_COLOURS["ICE"], GROUP_COLOURS["HSI"], GROUP_COLOURS["ICE + HSI"]]
    line = frame_texts(spec.fig)["source-line"]
    assert line.startswith("Sources: Office of U.S. Senator Ron Wyden") and "Reuters" in line
