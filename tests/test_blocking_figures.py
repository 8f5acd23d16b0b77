"""Notebook 02's charts (analysis.publish.figures: shielded_share, block_timeline, ice_block_map, washington_periods)
carry the house frame, alt text with the numbers they show, and the numbers drawn as their data;
exported, their CSVs equal the committed ones."""

from __future__ import annotations

from pathlib import Path

import matplotlib.colors as mcolors
import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from analysis.publish.figures import (
    block_timeline, ice_block_map, own_counts, shielded_share, washington_periods,
)
from analysis.publish.text import blocking_citable, overlap_sentences, status_sentences
from analysis.findings import access_status, block_history, comparison_basics, policy_overlap, rates_per_100k
from analysis.findings import state_figures
from analysis.publish.citable_numbers import citable_frame
from analysis.publish.export_figures import export_figure
from analysis.publish.style import CAVEAT_NOTE, NEUTRAL, OKABE_ITO, frame_texts, source_line
from analysis.paths import project_root
from analysis.sources.tables import load_state_level_figures, load_states
from analysis.sources import ice_access
from colour_vision import VISIONS, delta_e_2000, lab, lightness, worst_pair
from synthetic_tables import prose_problems, scenarios, shielded_for

NOTEBOOK = "02_blocking_states"
STATES = load_states()
PERIOD_START, PERIOD_END = comparison_basics.disclosure_period()
END = f"{PERIOD_END:%Y-%m-%d}"
ASSUMED = ["IL", "MA", "MN", "NY"]  # assumed blocked on the period's last day (reported by 2025-11-12)
SCENARIOS = scenarios()


@pytest.fixture(scope="module")
def shielded() -> pd.DataFrame:
    return shielded_for(STATES)


@pytest.fixture(scope="module")
def dates() -> pd.DataFrame:
    return block_history.block_dates(STATES)


@pytest.fixture(scope="module")
def timeline() -> pd.DataFrame:
    return block_history.block_timeline(STATES)


@pytest.fixture(scope="module")
def rates() -> pd.DataFrame:
    return rates_per_100k.queries_per_100k_open(STATES)


@pytest.fixture(scope="module")
def wa() -> pd.DataFrame:
    return state_figures.state_figure_rates(load_state_level_figures(), STATES)


@pytest.fixture(scope="module")
def built(shielded, dates, timeline, rates, wa) -> dict[str, dict]:
    """The four published-data figures of notebook 02, by export name."""
    figures = [
        shielded_share.shielded_share_figure(shielded, STATES),
        block_timeline.block_timeline_figure(timeline, dates),
        ice_block_map.ice_block_map_figure(STATES),
        washington_periods.washington_periods_figure(wa, STATES, rates),
    ]
    return {f.name: f for f in figures}


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
    texts = _texts(kwargs.fig)
    assert {"title", "caveat-note", "source-line", "credit"} <= set(texts)
    assert texts["source-line"] == source_line(kwargs.source_ids)
    assert texts["caveat-note"].strip()
    if name == "fig02-washington-periods":  # the one that draws query counts says what they count
        assert CAVEAT_NOTE in texts["caveat-note"]
    assert kwargs.source_ids == sorted(kwargs.source_ids) and kwargs.source_ids
    assert set(kwargs.kinds) <= {"published", "derived"}


@pytest.fixture(scope="module")
def exported(built, tmp_path_factory) -> tuple[Path, dict[str, dict]]:
    """Each figure exported once into a scratch reports folder: the folder and the manifest entries by name."""
    folder = tmp_path_factory.mktemp("exported") / "reports"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("NLETS_REPORTS_DIR", str(folder))
        entries = {name: export_figure(built[name], notebook=NOTEBOOK) for name in NAMES}
    return folder, entries


@pytest.mark.slow  # renders every figure in every format
@pytest.mark.parametrize("name", NAMES)
def test_figure_exports_and_its_csv_equals_the_committed_one(exported, name):
    folder, entries = exported
    assert {f["format"] for f in entries[name]["files"]} == {"png", "svg", "pdf", "csv"}
    written = (folder / "figures" / f"{name}.csv").read_bytes()
    assert written == (project_root() / "reports" / "figures" / f"{name}.csv").read_bytes()




# ---- who is shielded ----------------------------------------------------------------------------------------------


def test_shielded_share_draws_the_computed_shares(built, shielded):
    kwargs = built["fig02-shielded-share"]
    columns = ["as_of", "group", "jurisdictions", "usps", "assumed", "residents", "share_of_total", "vintages", "kind",
               "source_ids"]
    expected = shielded.loc[shielded["group"].isin([comparison_basics.BLOCKED, comparison_basics.OPEN]), columns]
    assert_frame_equal(kwargs.data, expected)
    assert "all" not in set(kwargs.data["group"]) and "territories" not in set(kwargs.data["group"])
    bars = [p for p in kwargs.fig.axes[0].patches]
    blue = [p for p in bars if _hex(p.get_facecolor()) == OKABE_ITO["blue"]]
    grey = [p for p in bars if _hex(p.get_facecolor()) == NEUTRAL]
    # Bottom bar is the later date: drawn order is the as-of dates reversed.
    blocked = shielded[shielded["group"] == comparison_basics.BLOCKED]["share_of_total"].to_numpy()[::-1] * 100
    assert len(blocked) == 2
    assert [p.get_width() for p in blue] == pytest.approx(list(blocked))
    assert [p.get_x() for p in grey] == pytest.approx(list(blocked))
    # Shares of the 50 states and DC only: each bar fills 100%.
    assert [p.get_x() + p.get_width() for p in grey] == pytest.approx([100, 100])


def test_shielded_share_alt_text_and_title_carry_the_numbers(built, shielded):
    kwargs = built["fig02-shielded-share"]
    end = shielded[shielded["as_of"] == END].set_index("group")
    later = shielded[shielded["as_of"] != END].set_index("group")
    alt = kwargs.alt_text
    for share in (end.loc[comparison_basics.BLOCKED, "share_of_total"], end.loc[comparison_basics.OPEN, "share_of_total"],
                  later.loc[comparison_basics.BLOCKED, "share_of_total"]):
        assert f"{share * 100:.1f}%" in alt
    assert f"{end.loc[comparison_basics.BLOCKED, 'residents'] / 1e6:.1f} million" in alt
    assert end.loc[comparison_basics.BLOCKED, "usps"] in alt and "Washington" in alt
    assert "counted as blocking ICE (an assumption" in alt
    texts = _texts(kwargs.fig)
    assert texts["title"].startswith(f"{end.loc[comparison_basics.BLOCKED, 'share_of_total']:.1%} ")
    assert "applied in mid-November 2025" in texts["subtitle"] and "Territories are not in the totals" in texts["subtitle"]
    assert "2025-11-18" not in texts["subtitle"]  # the day is not published (fact-check finding 1)
    assert "13.4%" in alt and "15.7%" in alt  # the published data, for the record


# ---- block dates --------------------------------------------------------------------------------------------------


def test_timeline_marks_applied_reported_legal_and_in_progress_events(built, dates, timeline):
    ax = built["fig02-block-timeline"].fig.axes[0]
    markers = [line for line in ax.lines if line.get_marker() in ("o", "D", "s")]
    filled = [m for m in markers if m.get_marker() == "o" and m.get_markerfacecolor() != "white"]
    hollow = [m for m in markers if m.get_marker() == "o" and m.get_markerfacecolor() == "white"]
    diamonds = [m for m in markers if m.get_marker() == "D"]
    squares = [m for m in markers if m.get_marker() == "s"]
    groups = status_sentences.covered_groups(dates)
    # WA's block is published to the month: a pale band over November, no dot on a day (fact-check finding 1).
    bands = [line for line in ax.lines if line.get_linewidth() == 9]
    assert len(filled) + len(bands) == int(dates["start_published"].sum()) == 1 and len(bands) == 1
    assert len(hollow) == len(groups["unknown"]) == 4  # IL, MA, MN, NY: reported, start not published
    assert len(diamonds) == len(groups["in_progress"]) == 1  # OR
    confirmed = timeline[timeline["tier"].ne("weak")]
    assert len(squares) == int(confirmed["event"].isin(["law_effective", "rule_effective"]).sum()) == 3  # NY, MA x2


def test_timeline_alt_text_lists_every_block_and_data_is_the_confirmed_timeline(built, timeline, dates):
    kwargs = built["fig02-block-timeline"]
    for row in dates.itertuples():
        events = timeline[(timeline["usps"] == row.usps) & timeline["tier"].ne("weak")].sort_values("start")
        assert f"{row.name}: {block_timeline.timeline_label(events)}" in kwargs.alt_text
    confirmed = timeline[timeline["tier"].ne("weak") & timeline["agencies"].str.contains("ICE")]
    assert_frame_equal(kwargs.data, confirmed.assign(start=confirmed["start"].dt.strftime("%Y-%m-%d")))
    assert not set(kwargs.data["source_ids"]) & {"seattlephi-2026-01"}  # weak: in the table, not on the chart
    assert "mid-November 2025" in kwargs.alt_text and "2025-11-18" not in kwargs.alt_text
    # Factcheck #8: "no block is known to have covered the whole year" invited "no state blocked ICE all year".
    predate = ("No Nlets-specific start date before the year is published for any block; New York's statutory bar "
               "(in force since 2019-12-14) and Massachusetts' rule (in force since 2023-06-30) predate the year")
    assert _texts(kwargs.fig)["title"] == predate
    assert f" {predate}." in kwargs.alt_text
    assert (" No se ha publicado ninguna fecha de inicio específica de Nlets anterior al año para ningún bloqueo; la "
            "prohibición legal de Nueva York (en vigor desde el 2019-12-14) y la norma de Massachusetts (en vigor "
            "desde el 2023-06-30) son anteriores al año.") in kwargs.alt_text_es
    assert "whole disclosure year" not in _texts(kwargs.fig)["title"]


# ---- the map ------------------------------------------------------------------------------------------------------


def test_map_data_is_the_access_categories_and_alt_text_names_the_blocking_states(built):
    kwargs = built["fig02-ice-block-map"]
    categories = access_status.access_categories(STATES, PERIOD_END)
    assert_frame_equal(kwargs.data, categories)
    alt = kwargs.alt_text
    assert "assumed blocked (start date not published): IL MA MN NY" in alt
    assert "blocked later (applied mid-November 2025): WA" in alt
    assert "block in progress" not in alt and "reported open" not in alt  # both reports are of 2025-11-12
    assert "no individual report" not in alt.split(": ", 1)[1].split(";")[0]
    assert f"Dots mark the {int(categories['licence_for_all'].sum())} jurisdictions" in alt
    others = int((categories["category"] == "no individual report").sum())
    assert f"; {others} jurisdictions with no individual report." in alt
    title = _texts(kwargs.fig)["title"]
    counts = categories["status"].value_counts()
    assert "reported open" not in counts  # the letters (2025-11-12) say nothing of 2025-09-30
    assert title == (f"{counts['assumed blocked']} states counted as blocking ICE's DMV queries; "
                     f"{counts['blocked later']} blocked later; {counts['no report']} with no report")
    assert counts.sum() == len(STATES)  # so the title counts every jurisdiction


def test_map_fills_each_tile_with_its_category_colour(built):
    ax = built["fig02-ice-block-map"].fig.axes[0]
    categories = access_status.access_categories(STATES, PERIOD_END).set_index("usps")["category"]
    colours = ice_block_map.map_colours(categories.reset_index())
    tiles = {t.get_text(): p for t, p in zip([t for t in ax.texts if t.get_text() in categories.index], ax.patches)}
    assert len(tiles) == len(categories)
    for usps, patch in tiles.items():
        assert _hex(patch.get_facecolor()) == colours[categories[usps]].upper(), usps


def test_map_colours_put_dated_categories_in_legend_order():
    categories = pd.DataFrame({"category": ["blocked later (applied 2026-01-01)", "no individual report",
                                            "blocked later (applied 2025-11-19)", "unknown since 2025-11-12",
                                            "blocked (applied 2020-01-01)"]})
    colours = ice_block_map.map_colours(categories)
    assert list(colours) == [
        "blocked (applied 2020-01-01)", "assumed blocked (start date not published)",
        "blocked later (applied 2026-01-01)", "blocked later (applied 2025-11-19)", "block in progress",
        "reported open by the letters", "unknown since 2025-11-12", "no individual report"]
    assert colours["blocked (applied 2020-01-01)"] == colours["assumed blocked (start date not published)"] \
        == ice_block_map.BLOCKING_BLUE
    assert colours["blocked later (applied 2026-01-01)"] == ice_block_map.BLOCKED_LATER_COLOUR
    assert not any(c.startswith("blocked") and "later" in c
                   for c in ice_block_map.map_colours(categories.iloc[[1]]))


# ---- Washington ---------------------------------------------------------------------------------------------------


def test_washington_periods_draws_both_periods_and_names_the_counts(built, wa, rates):
    kwargs = built["fig02-washington-periods"]
    w = wa.iloc[0]
    ax = kwargs.fig.axes[0]
    assert not [p for p in ax.patches if p.get_width() > 0], "no bars: a bar's length reads as a count"
    spans = sorted(tuple(line.get_xdata()) for line in ax.lines if line.get_gid() == "period")
    assert [(pd.Timestamp(a), pd.Timestamp(b)) for a, b in spans] == [
        (PERIOD_START, PERIOD_END), (pd.Timestamp(w["period_start"]), pd.Timestamp(w["period_end"]))]
    assert ax.get_xlabel() == "period each count covers"
    data = kwargs.data
    assert data[["period_start", "period_end"]].values.tolist() == [
        [f"{PERIOD_START:%Y-%m-%d}", END], [w["period_start"], w["period_end"]]]
    alt = kwargs.alt_text
    for agency in ("ICE", "HSI"):
        assert f"{rates.set_index('agency').loc[agency, 'queries']:,}" in alt
    cut = block_history.dated_block_starts()[w["state"]]
    assert f"{w['queries']:,}" in alt and cut == pd.Timestamp("2025-11-01")
    # Only the month is published: a shaded band over November, never a dashed line on a day.
    assert "A shaded band marks the month" in alt and "mid-November 2025 (the day is not published)" in alt
    assert f"{cut:%Y-%m-%d}" not in alt and "franja sombreada" in kwargs.alt_text_es
    assert "wyden-press-release-2025-11-12" in kwargs.source_ids


# ---- key numbers ----------------------------------------------------------------------------------------------------

BOUNDS = {"exact", "at least", "at most", "approximate"}


@pytest.fixture(scope="module")
def citable(shielded, rates, wa) -> pd.DataFrame:
    """The citable rows a figure's key numbers may share an id with: notebook 02's as computed now (the committed
    citable_numbers.csv is compared with them in test_blocking_text), and notebook 01's ice-queries and hsi-queries as
    committed."""
    committed = pd.read_csv(project_root() / "reports" / "tables" / "citable_numbers.csv", dtype=str,
                            keep_default_na=False)
    ours = citable_frame(blocking_citable.citable_numbers(shielded, rates, policy_overlap.policy_overlap(STATES), wa))
    others = committed[committed["id"].isin(["ice-queries", "hsi-queries"])]
    assert len(others) == 2
    return pd.concat([others, ours], ignore_index=True).set_index("id")


def _numbers(kwargs) -> dict[str, dict]:
    return {n["id"]: n for n in kwargs.key_numbers}


@pytest.mark.parametrize("name", [
    "fig02-shielded-share", "fig02-ice-block-map", "fig02-washington-periods",
    "fig02-block-timeline",
])
def test_figure_key_numbers_have_unique_ids_valid_kinds_and_bounds(built, name):
    kwargs = built[name]
    numbers = kwargs.key_numbers
    assert len(numbers) >= 4
    ids = [n["id"] for n in numbers]
    assert len(ids) == len(set(ids)) and all(ids)
    for n in numbers:
        assert set(n) == {"id", "label", "label_es", "value", "formatted", "bound", "kind"}
        assert n["bound"] in BOUNDS and n["kind"] in {"published", "derived"}
        assert n["label"].strip() and n["formatted"].strip()
        assert prose_problems(n["label"]) == [], n["label"]
    assert {n["kind"] for n in numbers} <= set(kwargs.kinds)
    if any(n["bound"] != "exact" for n in numbers):
        assert kwargs.bounds_note


@pytest.mark.parametrize("name", [
    "fig02-shielded-share", "fig02-block-timeline", "fig02-ice-block-map",
    "fig02-washington-periods",
])
def test_figure_key_numbers_reusing_a_citable_id_match_that_row(built, name, citable):
    shared = [n for n in built[name].key_numbers if n["id"] in citable.index]
    # Every citable number drawn on one of these figures is listed under its citable id.
    expected = {"fig02-shielded-share": {"02-residents-in-blocking-states-share"},
                "fig02-ice-block-map": {"02-licence-for-all-states-reported-open"},
                "fig02-washington-periods": {"02-wa-federal-queries-per-day", "ice-queries", "hsi-queries"},
                "fig02-block-timeline": set()}
    assert {n["id"] for n in shared} == expected[name]
    for n in shared:
        row = citable.loc[n["id"]]
        assert float(n["value"]) == pytest.approx(float(row["value"]), rel=1e-12), n["id"]
        assert (n["formatted"], n["bound"], n["kind"]) == (row["formatted_value"], row["bound"], row["kind"]), n["id"]


@pytest.mark.slow  # renders every figure in every format
@pytest.mark.parametrize("name", NAMES)
def test_figure_key_numbers_and_bounds_note_reach_the_manifest(built, exported, name):
    entry = exported[1][name]
    assert entry["key_numbers"] == built[name].key_numbers
    assert entry["bounds_note"] == built[name].bounds_note
    if entry["bounds_note"]:
        assert _texts(built[name].fig)["bounds-note"] == " ".join(entry["bounds_note"].split())
    else:
        assert "bounds-note" not in _texts(built[name].fig)


def test_shielded_share_key_numbers_equal_the_residents_table(built, shielded):
    numbers = _numbers(built["fig02-shielded-share"])
    end = shielded[shielded["as_of"] == END].set_index("group")
    later = shielded[shielded["as_of"] != END].set_index("group")
    assert numbers["02-residents-in-blocking-states"]["value"] == end.loc[comparison_basics.BLOCKED, "residents"]
    assert numbers["02-residents-in-blocking-states"]["formatted"] == f"{end.loc[comparison_basics.BLOCKED, 'residents']:,}"
    assert numbers["02-residents-in-blocking-states-share"]["value"] == end.loc[comparison_basics.BLOCKED, "share_of_total"]
    assert numbers["02-residents-not-known-to-block-share"]["value"] == end.loc[comparison_basics.OPEN, "share_of_total"]
    assert numbers["02-residents-in-blocking-states-after-wa-block"]["value"] == later.loc[comparison_basics.BLOCKED,
                                                                                           "residents"]
    after_share = numbers["02-residents-in-blocking-states-share-after-wa-block"]
    assert after_share["value"] == later.loc[comparison_basics.BLOCKED, "share_of_total"] and after_share["formatted"] == "15.7%"
    assert end.loc[comparison_basics.BLOCKED, "usps"] in numbers["02-residents-in-blocking-states"]["label"]
    assert "counted as blocking" in numbers["02-residents-in-blocking-states"]["label"]
    assert {n["kind"] for n in numbers.values()} == {"derived"}
    assert {n["bound"] for n in numbers.values()} == {"exact"}


def test_shielded_share_and_map_name_the_assumption_they_rest_on(built):
    for name in ("fig02-shielded-share", "fig02-ice-block-map"):
        note = built[name].bounds_note
        assert note.startswith(f"IL, MA, MN and NY are counted as blocking on {END} on an assumption: their blocks "
                               "were reported by 2025-11-12, and when they began is not published.")
    assert built["fig02-block-timeline"].bounds_note is None
    assert built["fig02-washington-periods"].bounds_note is None


def test_no_bounds_note_when_every_block_counted_has_a_published_date(use_events):
    states, events = SCENARIOS["dated blocks only"]
    assert ice_block_map.assumed_blocks_note(STATES, PERIOD_END, "x") is not None  # data/raw's events
    use_events(events)
    assert ice_block_map.assumed_blocks_note(states, PERIOD_END, "x") is None
    kwargs = ice_block_map.ice_block_map_figure(states)
    assert kwargs.bounds_note is None and "bounds-note" not in _texts(kwargs.fig)
    use_events(SCENARIOS["tiny"][1])
    assert ice_block_map.assumed_blocks_note(states, PERIOD_END, "So.").startswith("BB is counted as blocking")


def test_timeline_key_numbers_are_the_published_dates_and_coverage_counts(built, dates):
    numbers = _numbers(built["fig02-block-timeline"])
    groups = status_sentences.covered_groups(dates)
    for row in dates[dates["start_published"]].itertuples():
        n = numbers[f"02-{row.usps.lower()}-block-applied-date"]
        words = ice_access.date_text(row.block_date, None if pd.isna(row.month_part) else row.month_part)
        assert n["value"] == n["formatted"] == words and n["kind"] == "published"
    assert numbers["02-wa-block-applied-date"]["value"] == "mid-November 2025"
    assert "the day is not" in numbers["02-wa-block-applied-date"]["label"]
    assert numbers["02-blocks-reported-date"]["value"] == min(groups["unknown"]["block_date"]) == "2025-11-12"
    assert numbers["02-blocks-reported-date"]["kind"] == "published"
    assert numbers["02-blocks-covering-whole-disclosure-year"]["value"] == len(groups["known"]) == 0
    assert numbers["02-blocks-covering-whole-disclosure-year"]["label"] == (
        "Blocks with a published Nlets-specific start date before the disclosure year (New York's statutory bar (in "
        "force since 2019-12-14) and Massachusetts' rule (in force since 2023-06-30) predate the year)")
    assert numbers["02-blocks-start-date-not-published"]["value"] == len(groups["unknown"]) == 4
    assert numbers["02-blocks-in-progress"]["value"] == len(groups["in_progress"]) == 1


def test_map_key_numbers_count_the_jurisdictions_by_category(built):
    kwargs = built["fig02-ice-block-map"]
    numbers = _numbers(kwargs)
    categories = kwargs.data
    per_category = {n["label"].split(", ", 1)[1].split(": ")[0]: n["value"]
                    for i, n in numbers.items() if i.startswith("02-jurisdictions-")}
    assert per_category == categories["category"].value_counts().to_dict()
    assert sum(per_category.values()) == len(categories) == len(STATES)
    events = access_status.load_ice_access_events()
    named = set(events.loc[events["event"] == "named_by_nlets", "jurisdiction"])
    assert numbers["02-states-named-by-nlets-as-blocking"]["value"] == len(named) == 4
    assert numbers["02-states-named-by-nlets-as-blocking"]["kind"] == "published"
    assert numbers["02-licence-for-all-jurisdictions"]["value"] == int(categories["licence_for_all"].sum())
    reported_open = overlap_sentences.overlap_groups(policy_overlap.policy_overlap(STATES))["reported_open"]
    assert numbers["02-licence-for-all-states-reported-open"]["value"] == len(reported_open) == 9
    assert numbers["02-jurisdictions-assumed-blocked-start-date-not-published"]["label"].endswith(": IL MA MN NY")


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
    block = block_history.block_dates(STATES).set_index("usps").loc["WA", "block_date"]
    assert block == "2025-11" and numbers["02-wa-block-applied-date"]["value"] == "mid-November 2025"
    for agency in ("ICE", "HSI"):
        assert numbers[f"{agency.lower()}-queries"]["value"] == rates.set_index("agency").loc[agency, "queries"]
    # The derived rates drawn in the subtitle are labelled as derived in the entry's kinds.
    assert built["fig02-washington-periods"].kinds == ["derived", "published"]


# ---- every figure's words on altered tables (SYNTHETIC) ------------------------------------------------------------


def synthetic_figure(name: str, figure: str) -> dict:
    states, events = SCENARIOS[name]
    if figure == "fig02-shielded-share":
        return shielded_share.shielded_share_figure(shielded_for(states, events), states)
    if figure == "fig02-ice-block-map":
        return ice_block_map.ice_block_map_figure(states)
    if figure == "fig02-block-timeline":
        return block_timeline.block_timeline_figure(block_history.block_timeline(states, events),
                                                    block_history.block_dates(states, events=events))
    raise AssertionError(figure)


def figure_words(kwargs: dict) -> dict[str, str]:
    words = {f"frame {gid}": text for gid, text in _texts(kwargs.fig).items() if gid != "source-line"}
    words |= {"alt text": kwargs.alt_text, "title": kwargs.title, "description": kwargs.description}
    words |= {f"key number {n['id']}": n["label"] for n in kwargs.key_numbers}
    if kwargs.bounds_note:
        words["bounds note"] = kwargs.bounds_note
    return words


FIGURES = ["fig02-shielded-share", "fig02-ice-block-map", "fig02-block-timeline"]


@pytest.mark.parametrize(("name", "figure"), [
    pytest.param(n, f, id=f"{n}-{f}") for n in SCENARIOS for f in FIGURES])
def test_figure_words_on_altered_tables_are_clean_prose(name, figure, use_events):
    use_events(SCENARIOS[name][1])
    kwargs = synthetic_figure(name, figure)
    words = figure_words(kwargs)
    assert len(words) >= 6
    for where, text in words.items():
        assert text.strip(), where
        assert prose_problems(text) == [], (where, text)


def test_shielded_share_on_altered_tables_follows_the_data(use_events):
    states, events = SCENARIOS["tiny"]
    use_events(events)
    kwargs = shielded_share.shielded_share_figure(shielded_for(states, events), states)
    assert _texts(kwargs.fig)["title"].startswith("30.0% ")
    assert "As of 2025-09-30, 30.0%" in kwargs.alt_text and "with State CC, the share counted as blocking is 60.0%" \
        in kwargs.alt_text
    assert kwargs.bounds_note.startswith(f"BB is counted as blocking on {END} on an assumption: its block")
    assert _numbers(kwargs)["02-residents-in-blocking-states-after-cc-block"]["value"] == 600


def test_shielded_share_words_only_claim_an_assumption_or_nlets_when_the_data_does(use_events):
    states, events = SCENARIOS["dated blocks only"]
    use_events(events)
    kwargs = shielded_share.shielded_share_figure(shielded_for(states, events), states)
    assert "assumption" not in kwargs.alt_text
    assert "Nlets said" not in _texts(kwargs.fig)["title"]


def test_timeline_title_for_several_covering_blocks_reads_right():
    states, events = SCENARIOS["dated blocks only"]
    kwargs = block_timeline.block_timeline_figure(block_history.block_timeline(states, events),
                                                  block_history.block_dates(states, events=events))
    title = _texts(kwargs.fig)["title"]
    assert "State AA" in title and "State BB" in title and "BB' " not in title


def test_map_title_counts_one_state_in_the_singular(use_events):
    states, events = SCENARIOS["several in progress"]
    use_events(events)
    assert _texts(ice_block_map.ice_block_map_figure(states).fig)["title"].startswith(
        "1 state counted as blocking")


# ---- charts that cannot be misread ----------------------------------------------------------------------------------

ALL_MAP_CLASSES = pd.DataFrame({"category": ["blocked (applied 2020-01-01)", "assumed blocked (start date not published)",
                                             "blocked later (applied mid-November 2025)", "block in progress",
                                             "reported open by the letters", "unknown since 2025-11-12",
                                             "no individual report"]})


def _distinct(colours: dict[str, str]) -> dict[str, str]:
    """One class per fill colour (blocked and assumed blocked share one on purpose: both are blocking)."""
    first: dict[str, str] = {}
    for name, colour in colours.items():
        first.setdefault(colour, name)
    return {name: colour for colour, name in first.items()}


@pytest.mark.parametrize("vision", VISIONS)
def test_map_classes_stay_apart_in_colour_blind_vision_and_greyscale(vision):
    colours = ice_block_map.map_colours(ALL_MAP_CLASSES)
    fills = _distinct(colours)
    assert len(fills) == 6
    difference, a, b = worst_pair(fills, vision)
    assert difference >= 5.5, f"{vision}: {a} and {b} differ by only {difference:.1f} (CIEDE2000)"
    if vision == "greyscale":
        lightness_ = sorted(lightness(c) for c in fills.values())
        assert min(y - x for x, y in zip(lightness_, lightness_[1:])) >= 9, lightness_


@pytest.mark.parametrize("vision", VISIONS)
def test_blocking_states_are_the_most_visible_class_on_the_map(vision):
    colours = ice_block_map.map_colours(ALL_MAP_CLASSES)
    against_page = {c: delta_e_2000(lab(colour, vision), lab("#FFFFFF", vision)) for c, colour in colours.items()}
    blocking = against_page["assumed blocked (start date not published)"]
    others = {c: d for c, d in against_page.items() if not c.startswith(("blocked (", "assumed blocked"))}
    assert blocking > max(others.values()) + 10, (vision, against_page)


def test_a_block_after_the_day_shown_is_hatched_and_lighter_than_one_in_force(built):
    ax = built["fig02-ice-block-map"].fig.axes[0]
    tiles = {t.get_text(): p for t, p in zip([t for t in ax.texts if len(t.get_text()) == 2], ax.patches)}
    assert tiles["WA"].get_hatch() and not tiles["IL"].get_hatch()
    assert lightness(_hex(tiles["WA"].get_facecolor())) - lightness(_hex(tiles["IL"].get_facecolor())) >= 15
    legend = {" ".join(t.get_text().split()): h
              for t, h in zip(ax.get_legend().get_texts(), ax.get_legend().legend_handles)}
    assert legend["blocked later (applied mid-November 2025)"].get_hatch()


def test_no_individual_report_is_a_blank_tile_not_the_open_colour(built):
    kwargs = built["fig02-ice-block-map"]
    texts = _texts(kwargs.fig)
    categories = access_status.access_categories(STATES, PERIOD_END)
    counts = categories["status"].value_counts()
    n_open = int(counts.get("reported open", 0))
    assert (f"{n_open} reported open; " if n_open else "") + f"{counts['no report']} with no report" in texts["title"]
    assert ("reported open" in texts["title"]) == ("'Reported open'" in texts["subtitle"]) == (n_open > 0)
    # Not "either way": the 2025-11-12 letters named the five blocking states (third December check).
    assert "speaks of that jurisdiction alone" in texts["caveat-note"] and "either way" not in texts["caveat-note"]
    colours = ice_block_map.map_colours(categories)
    assert colours["no individual report"] == "#FFFFFF" != colours["reported open by the letters"]


def _shows_query_counts(kwargs: dict) -> bool:
    """A chart shows query counts when one of its key numbers is a number of queries (not a date)."""
    return any("quer" in n["label"].lower() and isinstance(n["value"], (int, float)) for n in kwargs.key_numbers)


@pytest.mark.parametrize("name", NAMES)
def test_queries_not_people_only_on_charts_that_show_query_counts(built, name):
    kwargs = built[name]
    words = " ".join(_texts(kwargs.fig).values()).lower()
    assert ("queries, not people" in words) == _shows_query_counts(kwargs), name


def test_queries_not_people_on_notebook_01_charts_that_count_queries():
    from analysis.findings import breakdown
    from analysis.publish.figures import breakdown as breakdown_figures

    table = breakdown.breakdown_table()
    for kwargs in (breakdown_figures.daily_rates_figure(table), breakdown_figures.share_waffle_figure(table)):
        assert _shows_query_counts(kwargs)
        assert "queries, not people" in " ".join(_texts(kwargs.fig).values()).lower()


@pytest.mark.parametrize("name", NAMES)
def test_portrait_variant_is_narrow_with_large_type_and_the_same_frame(built, name):
    from analysis.publish.style import PORTRAIT, smallest_text_pt

    kwargs = built[name]
    portrait = kwargs.portrait
    assert portrait.get_size_inches()[0] == PORTRAIT.width_in < kwargs.fig.get_size_inches()[0]
    assert smallest_text_pt(portrait) >= PORTRAIT.min_pt
    assert PORTRAIT.min_pt * 340 / (PORTRAIT.width_in * 72) >= 12  # 340 px: the chart's width on a 390 px phone
    same = {k: v for k, v in _texts(portrait).items() if k != "subtitle"}
    assert same == {k: v for k, v in _texts(kwargs.fig).items() if k != "subtitle"}


def test_waffle_portrait_counts_out_ice_and_hsi_in_large_squares():
    """On a phone the 10,000-square waffle is replaced by 100 squares of 1 in 100, the first enlarged into 100
    squares of 1 in 10,000: ICE's and HSI's squares are each about 1/10 of the chart's width."""
    from analysis.findings import breakdown
    from analysis.publish.figures import breakdown as breakdown_figures
    from analysis.publish.style import GROUP_COLOURS

    table = breakdown.breakdown_table()
    kwargs = breakdown_figures.share_waffle_figure(table)
    ax = kwargs.portrait.axes[0]
    squares = breakdown.waffle_squares(table).set_index("group")["squares"]
    for group in ("ICE", "HSI"):
        drawn = [p for p in ax.patches if _hex(p.get_facecolor()) == GROUP_COLOURS[group].upper()
                 and p.get_width() > 0.85]
        assert len(drawn) == squares[group], group
        assert drawn[0].get_width() / (ax.get_xlim()[1] - ax.get_xlim()[0]) > 0.08


@pytest.mark.parametrize("vision", VISIONS)
def test_every_other_chart_palette_stays_apart_in_colour_blind_vision_and_greyscale(vision):
    from analysis.publish.style import GROUP_COLOURS

    palettes = {
        "fig01 groups": {g: GROUP_COLOURS[g] for g in ("ICE", "HSI", "ICE + HSI", "All other requesters")},
        "shielded share": {"blocking": OKABE_ITO["blue"], "rest": NEUTRAL},
        "own counts": own_counts.GROUP_COLOURS,
    }
    for name, colours in palettes.items():
        difference, a, b = worst_pair(colours, vision)
        assert difference >= 5.5, f"{name}, {vision}: {a} and {b} differ by only {difference:.1f} (CIEDE2000)"
