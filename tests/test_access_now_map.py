"""analysis.publish.figures.access_now_map: the tile map of each jurisdiction's ICE status as of its own last report,
drawn from the then-and-now table; and what both tile maps owe a reader: every tile's text readable and inside its
tile, dots clear of the letters, a title that counts every jurisdiction."""

from __future__ import annotations

import re
from pathlib import Path

import matplotlib.colors as mcolors
import pandas as pd
import pytest
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from matplotlib.text import Text

from analysis.findings import access_now, access_status
from analysis.publish.export_figures import export_figure
from analysis.publish.figures import access_now_map, ice_block_map
from analysis.publish.figures.tilegrid import contrast_ratio
from analysis.publish.style import frame_texts
from analysis.sources import ice_access
from analysis.sources.tables import load_states
from test_spanish_figures import ENGLISH_WORDS, KEPT_AS_WRITTEN, _joined, _numbers, _svg_texts

STATES = load_states()
NOTEBOOK = "02_blocking_states"


@pytest.fixture(scope="module")
def then_now() -> pd.DataFrame:
    return access_now.status_then_and_now(STATES)


@pytest.fixture(scope="module")
def now_spec(then_now):
    return access_now_map.access_now_map_figure(then_now)


@pytest.fixture(scope="module")
def then_spec():
    return ice_block_map.ice_block_map_figure(STATES)


def _hex(colour) -> str:
    return mcolors.to_hex(colour).upper()


def _tiles(fig) -> dict[str, tuple[Rectangle, list[Text]]]:
    """Each jurisdiction's tile and the texts drawn on it (its code, and the month where there is one)."""
    ax = fig.axes[0]
    boxes = {p.get_gid().removeprefix("tile-box-"): p for p in ax.patches if (p.get_gid() or "").startswith("tile-box-")}
    texts: dict[str, list[Text]] = {}
    for text in ax.texts:
        gid = text.get_gid() or ""
        if gid.startswith("tile-"):
            texts.setdefault(gid.removeprefix("tile-label-").removeprefix("tile-"), []).append(text)
    return {code: (box, texts[code]) for code, box in boxes.items()}


def _all_variants(spec) -> list:
    """The landscape and portrait figures of a spec and of its Spanish translation."""
    return [fig for s in (spec, *spec.translations) for fig in (s.fig, s.portrait)]


# ---- one computation: the map's classes are the table's --------------------------------------------------------


def test_each_tile_is_coloured_by_the_then_and_now_tables_status_now(now_spec, then_now):
    data = now_spec.data.set_index("usps")
    table = then_now.set_index("usps")
    assert list(data.index) == list(table.index) and len(data) == 56
    assert data["status_now"].equals(table["status_now"]) and data["status_then"].equals(table["status_then"])
    for fig in _all_variants(now_spec):
        tiles = _tiles(fig)
        assert set(tiles) == set(table.index)
        for code, (box, _) in tiles.items():
            expected = access_now_map.NOW_CLASSES[table.loc[code, "status_now"]][2]
            assert _hex(box.get_facecolor()) == expected.upper(), code


def test_each_tile_prints_its_code_and_the_months_of_the_last_reports_are_listed_under_the_map(now_spec, then_now):
    # the months are listed under the map in both layouts (at 11 pt a month does not fit in a tile)
    months = then_now["last_report"].str[:7]
    for fig in (now_spec.fig, now_spec.translations[0].fig, now_spec.portrait):
        assert all([t.get_text() for t in texts] == [code] for code, (_, texts) in _tiles(fig).items())
        title = " ".join(fig.axes[0].get_legend().get_title().get_text().split())
        assert all(month in title for month in set(months)), title
    english = " ".join(now_spec.fig.axes[0].get_legend().get_title().get_text().split())
    if months.nunique() == 1:
        assert f"{months.iloc[0]}, all {len(months)}." in english


def test_the_classes_are_what_access_now_yields_settlement_and_review_included(now_spec):
    data = now_spec.data.set_index("usps")
    assert set(data.loc[["FL", "IN", "IA", "OH"], "category"]) == {"agreed to support DHS's access (settlement)"}
    assert data.loc["DE", "category"] == "access under review"
    assert data.loc["WA", "category"] == "blocked" and data.loc["WA", "status_then"] == ice_access.LATER
    legend = [" ".join(t.get_text().split()) for t in now_spec.fig.axes[0].get_legend().get_texts()]
    assert legend == list(access_now_map.now_colours(now_spec.data))


# ---- titles count every jurisdiction ----------------------------------------------------------------------------


def _title_counts(title: str) -> list[int]:
    return [int(n) for n in re.findall(r"(?<![\d-])(\d+)(?![\d-])", " ".join(title.split()))]


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_now_map_title_counts_all_56_jurisdictions(now_spec, lang):
    spec = now_spec if lang == "en" else now_spec.translations[0]
    total, *parts = _title_counts(frame_texts(spec.fig)["title"])
    assert total == sum(parts) == len(STATES) == 56


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_2025_09_30_map_title_counts_all_56_jurisdictions(then_spec, lang):
    spec = then_spec if lang == "en" else then_spec.translations[0]
    assert sum(_title_counts(frame_texts(spec.fig)["title"])) == len(STATES) == 56


# ---- every tile readable: contrast, fit, dots clear of the letters -----------------------------------------------


def test_every_class_colour_gives_tile_text_a_contrast_of_at_least_4_5():
    fills = {colour for _, _, colour in access_now_map.NOW_CLASSES.values()}
    categories = pd.DataFrame({"category": ["blocked (applied 2025-01-01)", "blocked later (applied 2026-01-01)",
                                            "unknown since 2025-11-12", "block in progress", "no individual report",
                                            "reported open by the letters"]})
    fills |= set(ice_block_map.map_colours(categories).values())
    from analysis.publish.figures.tilegrid import _text_colour

    for fill in fills:
        assert contrast_ratio(_text_colour(fill), fill) >= 4.5, fill


@pytest.mark.parametrize("which", ["now", "then"])
def test_tile_text_meets_contrast_and_fits_its_tile_at_every_size(now_spec, then_spec, which):
    spec = now_spec if which == "now" else then_spec
    for fig in _all_variants(spec):
        renderer = fig.canvas.get_renderer()
        for code, (box, texts) in _tiles(fig).items():
            tile = box.get_window_extent(renderer)
            for text in texts:
                fill = _hex(box.get_facecolor())
                assert contrast_ratio(_hex(text.get_color()), fill) >= 4.5, (code, fill, text.get_color())
                if text.get_bbox_patch() is not None:  # on a hatched tile the letters sit on the plain fill
                    assert _hex(text.get_bbox_patch().get_facecolor()) == fill
                ink = text.get_window_extent(renderer)
                assert tile.x0 <= ink.x0 and ink.x1 <= tile.x1 and tile.y0 <= ink.y0 and ink.y1 <= tile.y1, (
                    f"{code}: {text.get_text()!r} runs out of its tile")
            others = [t.get_window_extent(renderer) for t in texts]
            assert not any(a.overlaps(b) for i, a in enumerate(others) for b in others[i + 1:]), code


def test_licence_dots_sit_clear_of_the_letters_on_both_layouts(then_spec):
    for fig in (then_spec.fig, then_spec.portrait):
        renderer = fig.canvas.get_renderer()
        tiles = _tiles(fig)
        dots = [line for line in fig.axes[0].lines if (line.get_gid() or "").startswith("tile-mark-")]
        assert len(dots) == int(then_spec.data["licence_for_all"].sum()) > 0
        for dot in dots:
            code = dot.get_gid().removeprefix("tile-mark-")
            x, y = fig.axes[0].transData.transform((dot.get_xdata()[0], dot.get_ydata()[0]))
            radius = dot.get_markersize() / 2 * fig.dpi / 72
            letters = tiles[code][1][0].get_window_extent(renderer)
            assert y - radius > letters.y1 or x + radius < letters.x0 or x - radius > letters.x1, code
            assert isinstance(dot, Line2D)


# ---- exported as the other figures are, in both languages --------------------------------------------------------


@pytest.fixture(scope="module")
def exported(now_spec, tmp_path_factory) -> tuple[Path, dict]:
    folder = tmp_path_factory.mktemp("now-map") / "reports"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("NLETS_REPORTS_DIR", str(folder))
        entry = export_figure(now_spec, notebook=NOTEBOOK)
    return folder, entry


def test_exported_in_both_languages_with_phone_variants_and_the_same_csv(exported):
    folder, entry = exported
    assert entry["name"] == "fig02-ice-access-now-map" and entry["language"] == "en"
    (twin,) = entry["translations"]
    assert twin["language"] == "es" and entry["title_es"] == twin["title"] != entry["title"]
    english = sorted(f["path"] for f in entry["files"])
    assert english == sorted(f"figures/fig02-ice-access-now-map{s}" for s in
                             (".png", ".svg", ".pdf", ".csv", "-portrait.png", "-portrait.svg"))
    assert sorted(f["path"] for f in twin["files"]) == [f"es/{p}" for p in english]
    csv = "figures/fig02-ice-access-now-map.csv"
    assert (folder / "es" / csv).read_bytes() == (folder / csv).read_bytes()
    written = pd.read_csv(folder / csv, dtype=str, keep_default_na=False)
    table = access_now.status_then_and_now(STATES)
    assert written["status_now"].tolist() == table["status_now"].tolist()


@pytest.mark.parametrize("variant", ["", "-portrait"])
def test_the_spanish_svg_has_the_same_numbers_and_no_english(exported, variant):
    folder, _ = exported
    name = f"fig02-ice-access-now-map{variant}.svg"
    en, es = _svg_texts(folder / "figures" / name), _svg_texts(folder / "es" / "figures" / name)
    assert _numbers(es) == _numbers(en)
    assert "56" in _numbers(es)
    for group, lines in es.items():
        if group == "source-line":
            continue
        text = _joined(lines)
        for kept in KEPT_AS_WRITTEN:
            text = text.replace(kept, " ")
        english = [w for w in re.findall(r"[^\W\d_]+", text)
                   if w.lower() in ENGLISH_WORDS - {"a", "no"} and not w.isupper()]
        assert not english, f"{name} ({group or 'plot'}): English words {english}"


def test_the_legend_clears_the_map_and_the_notes_below_it_in_every_variant(now_spec):
    for fig in _all_variants(now_spec):
        renderer = fig.canvas.get_renderer()
        legend = fig.axes[0].get_legend().get_window_extent(renderer)
        note = next(t for t in fig.texts if t.get_gid() == "caveat-note").get_window_extent(renderer)
        tiles = [box.get_window_extent(renderer) for box, _ in _tiles(fig).values()]
        assert legend.y0 > note.y1, "the legend runs into the note"
        assert legend.y1 <= min(t.y0 for t in tiles), "the legend runs into the map"
