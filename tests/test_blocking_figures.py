"""analysis.blocking_figures: notebook 02's charts carry the house frame, alt text with the numbers they show, and the
numbers drawn as their data; exported, their CSVs equal the committed ones."""

from __future__ import annotations

from pathlib import Path

import matplotlib.colors as mcolors
import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from analysis import blocking_figures, compare, own_counts
from analysis.export import export_figure
from analysis.figures import CAVEAT_NOTE, NEUTRAL, OKABE_ITO, frame_texts, source_line
from analysis.paths import project_root
from analysis.sources import load_state_level_figures, load_states

NOTEBOOK = "02_blocking_states"
STATES = load_states()
PERIOD_START, PERIOD_END = compare.disclosure_period()
FIXTURE = project_root() / "tests" / "fixtures" / "synthetic_per_state_counts.csv"


@pytest.fixture(scope="module")
def shielded() -> pd.DataFrame:
    later = compare.first_block_after(STATES, PERIOD_END)["block_effective_date"]
    return pd.concat([compare.residents_by_access(STATES, d) for d in (PERIOD_END, later)], ignore_index=True)


@pytest.fixture(scope="module")
def dates() -> pd.DataFrame:
    return compare.block_dates(STATES)


@pytest.fixture(scope="module")
def timeline() -> pd.DataFrame:
    return compare.block_timeline(STATES)


@pytest.fixture(scope="module")
def rates() -> pd.DataFrame:
    return compare.queries_per_100k_open(STATES)


@pytest.fixture(scope="module")
def wa() -> pd.DataFrame:
    return compare.state_figure_rates(load_state_level_figures(), STATES)


@pytest.fixture(scope="module")
def built(shielded, dates, timeline, rates, wa) -> dict[str, dict]:
    """The four published-data figures of notebook 02, by export name."""
    figures = [
        blocking_figures.shielded_share_figure(shielded, STATES),
        blocking_figures.block_timeline_figure(timeline, dates),
        blocking_figures.ice_block_map_figure(STATES),
        blocking_figures.washington_periods_figure(wa, STATES, rates),
    ]
    return {f["name"]: f for f in figures}


@pytest.fixture()
def reports(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "reports"
    monkeypatch.setenv("NLETS_REPORTS_DIR", str(folder))
    return folder


NAMES = ["fig02-shielded-share", "fig02-block-timeline", "fig02-ice-block-map", "fig02-washington-periods"]


def _texts(fig) -> dict[str, str]:
    """The frame's texts with the wrapping undone."""
    return {gid: " ".join(text.split()) for gid, text in frame_texts(fig).items()}


def _hex(colour) -> str:
    return mcolors.to_hex(colour).upper()


# ---- every figure -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_figure_has_the_house_frame_with_source_line_and_caveat(built, name):
    kwargs = built[name]
    texts = _texts(kwargs["fig"])
    assert {"title", "caveat-note", "source-line", "credit"} <= set(texts)
    assert texts["source-line"] == source_line(kwargs["source_ids"])
    assert CAVEAT_NOTE in texts["caveat-note"]
    assert kwargs["source_ids"] == sorted(kwargs["source_ids"]) and kwargs["source_ids"]
    assert set(kwargs["kinds"]) <= {"published", "derived"}


@pytest.mark.parametrize("name", NAMES)
def test_figure_exports_and_its_csv_equals_the_committed_one(built, name, reports):
    entry = export_figure(**built[name], notebook=NOTEBOOK)
    assert {f["format"] for f in entry["files"]} == {"png", "svg", "pdf", "csv"}
    written = (reports / "figures" / f"{name}.csv").read_bytes()
    assert written == (project_root() / "reports" / "figures" / f"{name}.csv").read_bytes()


# ---- who is shielded ----------------------------------------------------------------------------------------------


def test_shielded_share_draws_the_computed_shares(built, shielded):
    kwargs = built["fig02-shielded-share"]
    columns = ["as_of", "group", "jurisdictions", "usps", "residents", "share_of_total", "vintages", "kind",
               "source_ids"]
    expected = shielded.loc[shielded["group"] != "all", columns]
    assert_frame_equal(kwargs["data"], expected)
    bars = [p for p in kwargs["fig"].axes[0].patches]
    blue = [p for p in bars if _hex(p.get_facecolor()) == OKABE_ITO["blue"]]
    grey = [p for p in bars if _hex(p.get_facecolor()) == NEUTRAL]
    # Bottom bar is the later date: drawn order is the as-of dates reversed.
    blocked = shielded[shielded["group"] == compare.BLOCKED]["share_of_total"].to_numpy()[::-1] * 100
    assert [p.get_width() for p in blue] == pytest.approx(list(blocked))
    assert [p.get_x() for p in grey] == pytest.approx(list(blocked))
    assert [p.get_x() + p.get_width() for p in grey] == pytest.approx([100, 100])


def test_shielded_share_alt_text_and_title_carry_the_numbers(built, shielded):
    kwargs = built["fig02-shielded-share"]
    end = shielded[shielded["as_of"] == f"{PERIOD_END:%Y-%m-%d}"].set_index("group")
    later = shielded[shielded["as_of"] != f"{PERIOD_END:%Y-%m-%d}"].set_index("group")
    alt = kwargs["alt_text"]
    for share in (end.loc[compare.BLOCKED, "share_of_total"], end.loc[compare.OPEN, "share_of_total"],
                  later.loc[compare.BLOCKED, "share_of_total"]):
        assert f"{share * 100:.1f}%" in alt
    assert f"{end.loc[compare.BLOCKED, 'residents'] / 1e6:.1f} million" in alt
    assert end.loc[compare.BLOCKED, "usps"] in alt and "Washington" in alt
    assert _texts(kwargs["fig"])["title"].startswith(f"{end.loc[compare.BLOCKED, 'share_of_total']:.1%} ")
    assert "13.2%" in alt and "15.6%" in alt  # the published data, for the record


# ---- block dates --------------------------------------------------------------------------------------------------


def test_timeline_marks_dated_undated_and_in_progress_blocks(built, timeline):
    ax = built["fig02-block-timeline"]["fig"].axes[0]
    markers = [line for line in ax.lines if line.get_marker() in ("o", "D")]
    filled = [m for m in markers if m.get_marker() == "o" and m.get_markerfacecolor() != "white"]
    hollow = [m for m in markers if m.get_marker() == "o" and m.get_markerfacecolor() == "white"]
    diamonds = [m for m in markers if m.get_marker() == "D"]
    blocked = timeline["status"] == "blocked"
    assert len(filled) == int((blocked & timeline["date_known"]).sum()) == 2  # NY, WA
    assert len(hollow) == int((blocked & ~timeline["date_known"]).sum()) == 3  # IL, MA, MN
    assert len(diamonds) == int((~blocked).sum()) == 1  # OR


def test_timeline_alt_text_lists_every_block_and_data_is_the_timeline(built, timeline):
    kwargs = built["fig02-block-timeline"]
    for row in timeline.itertuples():
        assert f"{row.name}: {row.date_text}" in kwargs["alt_text"]
    assert_frame_equal(kwargs["data"].drop(columns=["start_date", "known_by"]),
                       timeline.drop(columns=["start_date", "known_by"]))
    assert kwargs["data"]["known_by"].tolist() == timeline["known_by"].dt.strftime("%Y-%m-%d").tolist()
    assert _texts(kwargs["fig"])["title"] == "Only New York's block is known to cover the whole disclosure year"


# ---- the map ------------------------------------------------------------------------------------------------------


def test_map_data_is_the_access_categories_and_alt_text_names_the_blocking_states(built):
    kwargs = built["fig02-ice-block-map"]
    categories = compare.access_categories(STATES, PERIOD_END)
    assert_frame_equal(kwargs["data"], categories)
    alt = kwargs["alt_text"]
    assert "blocked ICE, date not published: IL MA MN" in alt
    assert "blocked ICE, date published: NY" in alt
    assert f"Dots mark the {int(categories['licence_for_all'].sum())} jurisdictions" in alt
    others = int((categories["category"] == "no individual report").sum())
    assert f"; {others} others with no individual report." in alt


def test_map_fills_each_tile_with_its_category_colour(built):
    ax = built["fig02-ice-block-map"]["fig"].axes[0]
    categories = compare.access_categories(STATES, PERIOD_END).set_index("usps")["category"]
    colours = blocking_figures.map_colours(categories.reset_index())
    tiles = {t.get_text(): p for t, p in zip([t for t in ax.texts if t.get_text() in categories.index], ax.patches)}
    assert len(tiles) == len(categories)
    for usps, patch in tiles.items():
        assert _hex(patch.get_facecolor()) == colours[categories[usps]].upper(), usps


def test_map_colours_every_later_block_green():
    categories = pd.DataFrame({"category": ["blocked later (2026-01-01)", "no individual report",
                                            "blocked later (2025-11-19)"]})
    colours = blocking_figures.map_colours(categories)
    assert list(colours)[2:4] == ["blocked later (2026-01-01)", "blocked later (2025-11-19)"]
    assert colours["blocked later (2026-01-01)"] == OKABE_ITO["bluish green"]
    assert "blocked later" not in " ".join(blocking_figures.map_colours(categories.iloc[[1]]))


# ---- Washington ---------------------------------------------------------------------------------------------------


def test_washington_periods_draws_both_periods_and_names_the_counts(built, wa, rates):
    kwargs = built["fig02-washington-periods"]
    w = wa.iloc[0]
    widths = sorted(p.get_width() for p in kwargs["fig"].axes[0].patches)
    assert widths == [int(w["days"]), (PERIOD_END - PERIOD_START).days + 1]
    data = kwargs["data"]
    assert data[["period_start", "period_end"]].values.tolist() == [
        [f"{PERIOD_START:%Y-%m-%d}", f"{PERIOD_END:%Y-%m-%d}"], [w["period_start"], w["period_end"]]]
    alt = kwargs["alt_text"]
    for agency in ("ICE", "HSI"):
        assert f"{rates.set_index('agency').loc[agency, 'queries']:,}" in alt
    assert f"{w['queries']:,}" in alt and "2025-11-19" in alt
    assert "wyden-press-release-2025-11-12" in kwargs["source_ids"]


# ---- a researcher's own counts ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def own_rates() -> pd.DataFrame:
    own = own_counts.load(FIXTURE, kind="synthetic")
    return compare.per_state_rates(own.clean, STATES, kind=own.kind, source_id=own.label)


def test_own_counts_figure_plots_every_state_in_the_file(own_rates, reports):
    kwargs = blocking_figures.own_counts_figure(own_rates, FIXTURE.name, "synthetic")
    shown = own_rates[own_rates["in_file"] & own_rates["residents"].notna()]
    assert len(kwargs["data"]) == len(shown)
    assert set(kwargs["data"]["usps"]) == set(shown["usps"])
    for ax in kwargs["fig"].axes[:3]:
        assert len(ax.collections[0].get_offsets()) == len(shown)
    texts = _texts(kwargs["fig"])
    assert "user-supplied file" in texts["caveat-note"] and CAVEAT_NOTE in texts["caveat-note"]
    assert "synthetic-label" in texts and kwargs["kinds"] == ["synthetic"]
    assert f"{len(shown)} jurisdictions in {FIXTURE.name}" in kwargs["alt_text"]
    export_figure(**kwargs, notebook=NOTEBOOK)
    assert (reports / "figures" / "fig02-own-counts-per-state.csv").exists()


def test_own_counts_shown_orders_groups_and_rates():
    rates = pd.DataFrame({"usps": ["A", "B", "C", "D"], "in_file": [True, True, True, False],
                          "residents": [1, 1, None, 1], "ice_per_100k": [2.0, 0.0, 1.0, 5.0],
                          "group": [compare.OPEN, compare.BLOCKED, compare.OPEN, compare.OPEN]})
    shown = blocking_figures.own_counts_shown(rates)
    assert shown["usps"].tolist() == ["A", "B"]  # C has no residents, D is not in the file; open drawn first
