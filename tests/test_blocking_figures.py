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


# ---- key numbers ----------------------------------------------------------------------------------------------------

CITABLE = pd.read_csv(project_root() / "reports" / "tables" / "citable_numbers.csv", dtype=str, keep_default_na=False)
BOUNDS = {"exact", "at least", "at most", "approximate"}


def _numbers(kwargs) -> dict[str, dict]:
    return {n["id"]: n for n in kwargs["key_numbers"]}


@pytest.mark.parametrize("name", NAMES)
def test_figure_key_numbers_have_unique_ids_valid_kinds_and_bounds(built, name):
    kwargs = built[name]
    numbers = kwargs["key_numbers"]
    assert len(numbers) >= 4
    ids = [n["id"] for n in numbers]
    assert len(ids) == len(set(ids)) and all(ids)
    for n in numbers:
        assert set(n) == {"id", "label", "value", "formatted", "bound", "kind"}
        assert n["bound"] in BOUNDS and n["kind"] in {"published", "derived"}
        assert n["label"].strip() and n["formatted"].strip()
    assert {n["kind"] for n in numbers} <= set(kwargs["kinds"])
    if any(n["bound"] != "exact" for n in numbers):
        assert kwargs.get("bounds_note")


@pytest.mark.parametrize("name", NAMES)
def test_figure_key_numbers_reusing_a_citable_id_match_that_row(built, name):
    citable = CITABLE.set_index("id")
    shared = [n for n in built[name]["key_numbers"] if n["id"] in citable.index]
    for n in shared:
        row = citable.loc[n["id"]]
        assert float(n["value"]) == pytest.approx(float(row["value"]), rel=1e-12), n["id"]
        assert (n["formatted"], n["bound"], n["kind"]) == (row["formatted_value"], row["bound"], row["kind"]), n["id"]
    # Every notebook-02 citable number drawn on one of these figures is listed under its citable id.
    expected = {"fig02-shielded-share": {"02-residents-in-blocking-states-share"},
                "fig02-ice-block-map": {"02-licence-for-all-states-open-to-ice"},
                "fig02-washington-periods": {"02-wa-federal-queries-per-day", "ice-queries", "hsi-queries"},
                "fig02-block-timeline": set()}
    assert {n["id"] for n in shared} == expected[name]


@pytest.mark.parametrize("name", NAMES)
def test_figure_key_numbers_and_bounds_note_reach_the_manifest(built, name, reports):
    entry = export_figure(**built[name], notebook=NOTEBOOK)
    assert entry["key_numbers"] == built[name]["key_numbers"]
    assert entry["bounds_note"] == built[name].get("bounds_note")
    if entry["bounds_note"]:
        assert _texts(built[name]["fig"])["bounds-note"] == " ".join(entry["bounds_note"].split())
    else:
        assert "bounds-note" not in _texts(built[name]["fig"])


def test_shielded_share_key_numbers_equal_the_residents_table(built, shielded):
    numbers = _numbers(built["fig02-shielded-share"])
    end = shielded[shielded["as_of"] == f"{PERIOD_END:%Y-%m-%d}"].set_index("group")
    later = shielded[shielded["as_of"] != f"{PERIOD_END:%Y-%m-%d}"].set_index("group")
    assert numbers["02-residents-in-blocking-states"]["value"] == end.loc[compare.BLOCKED, "residents"]
    assert numbers["02-residents-in-blocking-states"]["formatted"] == f"{end.loc[compare.BLOCKED, 'residents']:,}"
    assert numbers["02-residents-in-blocking-states-share"]["value"] == end.loc[compare.BLOCKED, "share_of_total"]
    assert numbers["02-residents-open-to-ice-share"]["value"] == end.loc[compare.OPEN, "share_of_total"]
    assert numbers["02-residents-in-blocking-states-after-wa-block"]["value"] == later.loc[compare.BLOCKED,
                                                                                           "residents"]
    after_share = numbers["02-residents-in-blocking-states-share-after-wa-block"]
    assert after_share["value"] == later.loc[compare.BLOCKED, "share_of_total"] and after_share["formatted"] == "15.6%"
    assert end.loc[compare.BLOCKED, "usps"] in numbers["02-residents-in-blocking-states"]["label"]
    assert {n["kind"] for n in numbers.values()} == {"derived"}
    assert {n["bound"] for n in numbers.values()} == {"exact"}


def test_shielded_share_and_map_name_the_assumption_they_rest_on(built):
    for name in ("fig02-shielded-share", "fig02-ice-block-map"):
        note = built[name]["bounds_note"]
        assert note.startswith("Illinois, Massachusetts and Minnesota have no published block start date")
        assert f"counted as blocked on {PERIOD_END:%Y-%m-%d}" in note and "Oct 2025" in note
    assert built["fig02-block-timeline"].get("bounds_note") is None
    assert built["fig02-washington-periods"].get("bounds_note") is None


def test_no_bounds_note_when_every_block_counted_has_a_published_date(shielded):
    dated = STATES.assign(block_effective_date=STATES["block_effective_date"].where(
        ~STATES["nlets_ice_block"].eq("blocked") | STATES["block_effective_date"].notna(), pd.Timestamp("2020-01-01")))
    assert blocking_figures.assumed_blocks_note(dated, PERIOD_END, "x") is None
    assert blocking_figures.assumed_blocks_note(STATES, PERIOD_END, "x") is not None
    kwargs = blocking_figures.ice_block_map_figure(dated)
    assert kwargs["bounds_note"] is None and "bounds-note" not in _texts(kwargs["fig"])


def test_timeline_key_numbers_are_the_published_dates_and_coverage_counts(built, timeline, dates):
    numbers = _numbers(built["fig02-block-timeline"])
    dated = timeline[timeline["date_known"] & timeline["status"].eq("blocked")]
    for row in dated.itertuples():
        n = numbers[f"02-{row.usps.lower()}-block-start-date"]
        assert n["value"] == n["formatted"] == f"{row.start_date:%Y-%m-%d}" and n["kind"] == "published"
    assert {numbers[f"02-{u}-block-start-date"]["value"] for u in ("ny", "wa")} == {"2019-12-14", "2025-11-19"}
    covered = dates["covered_whole_period"]
    assert numbers["02-blocks-covering-whole-disclosure-year"]["value"] == int(covered.eq(True).fillna(False).sum())
    assert numbers["02-blocks-start-date-not-published"]["value"] == int(
        (dates["effective_date"] == "not published").sum()) == 3
    assert numbers["02-blocks-in-progress"]["value"] == int((dates["status"] == "in progress").sum())
    assert numbers["02-nlets-named-undated-blocks-month"] == {
        "id": "02-nlets-named-undated-blocks-month", "label": numbers["02-nlets-named-undated-blocks-month"]["label"],
        "value": f"{compare.nlets_named_month():%Y-%m}", "formatted": f"{compare.nlets_named_month():%b %Y}",
        "bound": "exact", "kind": "published"}


def test_map_key_numbers_count_the_jurisdictions_by_category(built):
    kwargs = built["fig02-ice-block-map"]
    numbers = _numbers(kwargs)
    categories = kwargs["data"]
    per_category = {n["label"].split(", ", 1)[1].split(": ")[0]: n["value"]
                    for i, n in numbers.items() if i.startswith("02-jurisdictions-")}
    assert per_category == categories["category"].value_counts().to_dict()
    assert sum(per_category.values()) == len(categories) == len(STATES)
    assert numbers["02-states-named-by-nlets-as-blocking"]["value"] == int(STATES["blocked_per_nlets_oct_2025"].sum())
    assert numbers["02-states-named-by-nlets-as-blocking"]["kind"] == "published"
    assert numbers["02-licence-for-all-jurisdictions"]["value"] == int(categories["licence_for_all"].sum())
    still_open = compare.policy_overlap(STATES)["still_open_to_ice"].sum()
    assert numbers["02-licence-for-all-states-open-to-ice"]["value"] == int(still_open) == 17
    assert numbers["02-jurisdictions-blocked-ice-date-not-published"]["label"].endswith(": IL MA MN")


def test_washington_key_numbers_are_its_count_rates_and_block_date(built, wa, rates):
    numbers = _numbers(built["fig02-washington-periods"])
    w = wa.iloc[0]
    assert numbers["02-wa-federal-queries"]["value"] == w["queries"] == 2_671_776
    assert numbers["02-wa-federal-queries"]["formatted"] == "2,671,776"
    assert numbers["02-wa-federal-queries"]["kind"] == "published"
    assert numbers["02-wa-federal-queries-per-day"]["value"] == w["per_day"]
    assert numbers["02-wa-federal-queries-per-100k-residents"]["value"] == w["per_100k_residents"]
    assert numbers["02-wa-federal-queries-per-100k-residents"]["formatted"] == f"{w['per_100k_residents']:,.0f}"
    assert {numbers[i]["kind"] for i in ("02-wa-federal-queries-per-day",
                                        "02-wa-federal-queries-per-100k-residents")} == {"derived"}
    block = compare.block_dates(STATES).set_index("usps").loc["WA", "effective_date"]
    assert numbers["02-wa-block-start-date"]["value"] == block == "2025-11-19"
    for agency in ("ICE", "HSI"):
        assert numbers[f"{agency.lower()}-queries"]["value"] == rates.set_index("agency").loc[agency, "queries"]
    # The derived rates drawn in the subtitle are labelled as derived in the entry's kinds.
    assert built["fig02-washington-periods"]["kinds"] == ["derived", "published"]


def test_own_counts_key_numbers_are_the_group_medians(own_rates):
    kwargs = blocking_figures.own_counts_figure(own_rates, FIXTURE.name, "synthetic")
    numbers = _numbers(kwargs)
    shown = kwargs["data"]
    assert numbers["02-own-counts-jurisdictions"]["value"] == len(shown)
    spread = compare.rate_spread(own_rates)
    ice = spread[spread["metric"] == "ice_per_100k"].set_index("group")
    medians = {i: n for i, n in numbers.items() if "median" in i}
    assert len(medians) == len(ice) >= 2
    for group, row in ice.iterrows():
        n = numbers[f"02-own-counts-ice-per-100k-median-{blocking_figures._slug(group)}"]
        assert n["value"] == pytest.approx(float(row["median"])) and n["kind"] == "synthetic"
