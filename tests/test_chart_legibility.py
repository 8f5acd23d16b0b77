"""Chart text is at least 12 px where the image is shown: each SVG's smallest font size, scaled to the width it is
displayed at (a landscape chart from 641 px wide, the width above which pages serve it; a portrait chart from 320
px, the narrowest phone), for the committed charts in both languages and for the charts as drawn now."""

from __future__ import annotations

import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from analysis.publish.style import LANDSCAPE, PORTRAIT, house_style

ROOT = Path(__file__).parents[1]
REPORTS = ROOT / "reports"
MIN_PX = 12.0
LANDSCAPE_PX = 641  # pages serve the portrait chart at 640 px and below (analysis.publish.site_shared.PHONE_MEDIA)
PORTRAIT_PX = 320
SVG = "{http://www.w3.org/2000/svg}"
COMMITTED = sorted((REPORTS / "figures").glob("*.svg")) + sorted((REPORTS / "es" / "figures").glob("*.svg"))


def display_px(name: str) -> int:
    """The narrowest width, in CSS pixels, a chart's image is shown at."""
    return PORTRAIT_PX if name.endswith("-portrait.svg") else LANDSCAPE_PX


def smallest_text_px(svg: str, width_px: float) -> float:
    """The smallest font size of any drawn text in ``svg`` (SVG source) when the image is shown ``width_px`` wide.

    >>> doc = ('<svg xmlns="http://www.w3.org/2000/svg" width="576pt" viewBox="0 0 576 400">'
    ...        '<text style="font-size: 11px">a</text><text style="font-size: 15px">b</text></svg>')
    >>> round(smallest_text_px(doc, 641), 2)
    12.24
    """
    root = ET.fromstring(svg)
    view_width = float(root.get("viewBox").split()[2])
    sizes = []
    for node in root.iter():
        if node.tag not in (f"{SVG}text", f"{SVG}tspan") or not "".join(node.itertext()).strip():
            continue
        found = re.search(r"font-size:\s*([\d.]+)px", node.get("style", "")) or re.search(
            r"font:[^;]*?([\d.]+)px", node.get("style", ""))
        if found:
            sizes.append(float(found.group(1)))
    if not sizes:
        raise ValueError("no text with a font size in the SVG")
    return min(sizes) * width_px / view_width


def test_the_measure_fails_small_text():
    doc = ('<svg xmlns="http://www.w3.org/2000/svg" width="576pt" viewBox="0 0 576 400">'
           '<text style="font-size: 8.5px">note</text></svg>')
    assert smallest_text_px(doc, LANDSCAPE_PX) < MIN_PX
    assert smallest_text_px(doc, 1100) > MIN_PX


def test_each_layouts_type_floor_is_12_px_at_its_display_width():
    for layout, px in ((LANDSCAPE, LANDSCAPE_PX), (PORTRAIT, PORTRAIT_PX)):
        assert layout.min_pt * px / (layout.width_in * 72) >= MIN_PX, layout.name


def test_there_are_committed_charts_in_both_languages():
    assert len(COMMITTED) >= 24 and any("/es/" in p.as_posix() for p in COMMITTED)


@pytest.mark.parametrize("path", COMMITTED, ids=[p.relative_to(REPORTS).as_posix() for p in COMMITTED])
def test_committed_chart_text_is_at_least_12_px(path):
    px = smallest_text_px(path.read_text(encoding="utf-8"), display_px(path.name))
    assert px >= MIN_PX, f"{path.name}: smallest text {px:.1f} px at {display_px(path.name)} px wide"


@pytest.fixture(scope="module")
def drawn(tmp_path_factory) -> list[Path]:
    """Every published chart drawn now, landscape and portrait, English and Spanish, as SVG in a temporary folder."""
    sys.path.insert(0, str(ROOT / "tests"))
    from synthetic_tables import shielded_for

    from analysis.findings import block_history, rates_per_100k, state_figures
    from analysis.findings.breakdown import breakdown_table
    from analysis.publish.figures import block_timeline, breakdown, ice_block_map, shielded_share, washington_periods
    from analysis.sources.tables import load_state_level_figures, load_states

    states = load_states()
    table = breakdown_table()
    specs = [
        breakdown.share_waffle_figure(table),
        breakdown.daily_rates_figure(table),
        block_timeline.block_timeline_figure(block_history.block_timeline(states), block_history.block_dates(states)),
        shielded_share.shielded_share_figure(shielded_for(states), states),
        washington_periods.washington_periods_figure(state_figures.state_figure_rates(load_state_level_figures(),
                                                                                      states), states,
                                                     rates_per_100k.queries_per_100k_open(states)),
        ice_block_map.ice_block_map_figure(states),
    ]
    folder = tmp_path_factory.mktemp("svg")
    paths = []
    for spec in specs:
        for variant in (spec, *spec.translations):
            for suffix, fig in (("", variant.fig), ("-portrait", variant.portrait)):
                path = folder / f"{variant.language}-{spec.name}{suffix}.svg"
                with house_style():  # live text, as the exporter writes it
                    fig.savefig(path, format="svg")
                paths.append(path)
    return paths


def test_chart_text_as_drawn_now_is_at_least_12_px(drawn):
    assert len(drawn) == 24
    small = {p.name: round(smallest_text_px(p.read_text(encoding="utf-8"), display_px(p.name)), 1) for p in drawn}
    assert {name: px for name, px in small.items() if px < MIN_PX} == {}
