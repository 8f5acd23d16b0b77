"""analysis.publish.figures.tilegrid: the tile layout covers every jurisdiction once, and the map draws one tile each."""

from __future__ import annotations

from analysis.publish.style import NEUTRAL, new_figure
from analysis.sources.tables import load_states
from analysis.publish.figures.tilegrid import draw_tile_map, load_tile_grid


def test_layout_has_one_tile_per_jurisdiction_and_no_overlaps():
    grid = load_tile_grid()
    assert sorted(grid["usps"]) == sorted(load_states()["usps"])
    assert not grid[["row", "col"]].duplicated().any()
    territories = set(grid.loc[grid["row"] == grid["row"].max(), "usps"])
    assert territories == {"AS", "GU", "MP", "PR", "VI"}


def test_map_fills_tiles_by_category_and_marks_some():
    fig, ax = new_figure(6, 5)
    colours = {"a": "#0072B2", "b": "#E69F00"}
    handles = draw_tile_map(ax, {"NY": "a", "CA": "b"}, colours, marked={"CA"}, mark_label="dot")
    fills = [p.get_facecolor() for p in ax.patches]
    assert len(fills) == len(load_tile_grid())
    as_hex = {"#{:02X}{:02X}{:02X}".format(*(round(c * 255) for c in f[:3])) for f in fills}
    assert as_hex == {"#0072B2", "#E69F00", NEUTRAL}
    assert [h.get_label() for h in handles] == ["a", "b", "dot"]
    labels = {t.get_text() for t in ax.texts}
    assert {"NY", "CA", "PR", "Territories"} <= labels
