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


def test_tile_text_takes_the_colour_with_the_higher_contrast_and_months_go_under_the_code():
    from analysis.publish.figures.tilegrid import contrast_ratio

    fig, ax = new_figure(6, 5)
    colours = {"dark": "#005A9C", "mid": "#4A94D0"}  # white on the mid blue would be 3.3:1, under 4.5
    draw_tile_map(ax, {"NY": "dark", "WA": "mid"}, colours, hatches={"mid": "//"}, sublabels={"WA": "2026-02"})
    texts = {t.get_gid(): t for t in ax.texts if t.get_gid()}
    assert texts["tile-NY"].get_color() == "#FFFFFF" and texts["tile-WA"].get_color() == "#222222"
    assert contrast_ratio(texts["tile-WA"].get_color(), "#4A94D0") >= 4.5
    assert texts["tile-label-WA"].get_text() == "2026-02" and "tile-label-NY" not in texts
    assert texts["tile-WA"].get_bbox_patch() is not None and texts["tile-NY"].get_bbox_patch() is None
