"""analysis.compare: the as-of rule for ICE access, shares, rates, block dates and a researcher's per-state counts."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pandas.testing import assert_frame_equal

from analysis import compare
from analysis.paths import project_root
from analysis.sources import disclosure_value, load_states

STATES = load_states()
POP = STATES.set_index("usps")["population"].astype(int)


def tiny_states() -> pd.DataFrame:
    """Four made-up jurisdictions: A blocked since 2020-01-01, B blocked (date not published), C blocked from
    2025-11-19, D never blocked."""
    return pd.DataFrame(
        {
            "usps": ["AA", "BB", "CC", "DD"],
            "name": ["A", "B", "C", "D"],
            "population": pd.array([100, 200, 300, 400], dtype="Int64"),
            "population_date": pd.to_datetime(["2024-07-01"] * 3 + ["2020-04-01"]),
            "population_vintage": ["est"] * 3 + ["census"],
            "population_source_id": ["pop-est"] * 3 + ["pop-census"],
            "nlets_ice_block": ["blocked", "blocked", "blocked", "no report"],
            "block_effective_date": pd.to_datetime(["2020-01-01", None, "2025-11-19", None]),
            "block_status_as_of": pd.to_datetime(["2025-11-12"] * 3 + [None]),
            "block_source_id": ["src-a", "src-b", "src-c", None],
            "blocked_per_nlets_oct_2025": [True, True, False, False],
        }
    )


def month_rows(state: str, agency: str, months: dict[str, int]) -> pd.DataFrame:
    """Cleaned-counts rows for one state and agency, one per month ``YYYY-MM: queries``."""
    starts = pd.to_datetime([f"{m}-01" for m in months])
    return pd.DataFrame(
        {
            "destination_state": state,
            "agency": agency,
            "period_start": starts,
            "period_end": starts + pd.offsets.MonthEnd(0),
            "queries": pd.array(list(months.values()), dtype="int64"),
        }
    )


# ---- the as-of rule -----------------------------------------------------------------------------------------------


def blocked_on(states: pd.DataFrame, day: str) -> list[str]:
    access = compare.ice_access_as_of(states, day)
    return sorted(access.loc[access["ice_blocked"], "usps"])


def test_open_set_during_the_disclosure_period_is_everyone_but_the_four():
    assert blocked_on(STATES, "2025-09-30") == ["IL", "MA", "MN", "NY"]
    assert blocked_on(STATES, "2024-10-01") == ["IL", "MA", "MN", "NY"]


def test_washington_joins_on_its_block_date_not_before():
    assert "WA" not in blocked_on(STATES, "2025-11-18")
    assert "WA" in blocked_on(STATES, "2025-11-19")


def test_new_york_counts_from_its_published_date():
    assert "NY" not in blocked_on(STATES, "2019-12-13")
    assert "NY" in blocked_on(STATES, "2019-12-14")


def test_undated_blocks_are_assumed_and_flagged():
    access = compare.ice_access_as_of(STATES, "2019-01-01").set_index("usps")
    assert sorted(access.index[access["assumed"]]) == ["IL", "MA", "MN"]
    assert access.loc[["IL", "MA", "MN"], "ice_blocked"].all()
    assert access.loc["IL", "basis"].startswith("block start date not published")


def test_oregon_in_progress_and_unclear_states_are_open():
    access = compare.ice_access_as_of(STATES, "2026-01-31").set_index("usps")
    assert not access.loc[["OR", "AR", "ID", "MT", "TX"], "ice_blocked"].any()
    assert access.loc["OR", "basis"] == "block in progress, no date; open"


def test_as_of_rule_on_a_literal_frame():
    access = compare.ice_access_as_of(tiny_states(), dt.date(2025, 11, 19))
    expected = pd.DataFrame({"usps": ["AA", "BB", "CC", "DD"], "ice_blocked": [True, True, True, False],
                             "assumed": [False, True, False, False]})
    assert_frame_equal(access[["usps", "ice_blocked", "assumed"]], expected)
    assert access.loc[3, "basis"] == "no block reported; open by the letters' account"


@settings(max_examples=40, deadline=None)
@given(st.dates(dt.date(2015, 1, 1), dt.date(2027, 12, 31)), st.dates(dt.date(2015, 1, 1), dt.date(2027, 12, 31)))
def test_blocked_set_only_grows_with_time(a, b):
    early, late = sorted([a, b])
    assert set(blocked_on(STATES, str(early))) <= set(blocked_on(STATES, str(late)))


# ---- block dates --------------------------------------------------------------------------------------------------


def test_block_dates_say_not_published_and_whether_the_year_was_covered():
    dates = compare.block_dates(STATES).set_index("usps")
    assert dates.loc[["IL", "MA", "MN"], "effective_date"].eq("not published").all()
    assert dates.loc["NY", "effective_date"] == "2019-12-14"
    # WA's block began 2025-11-19, after the period; OR's had not begun.
    assert dates.loc[["NY", "WA", "OR"], "covered_whole_period"].tolist() == [True, False, False]
    assert dates.loc[["IL", "MA", "MN"], "covered_whole_period"].isna().all()
    assert dates.loc[["NY", "WA"], "in_force_by_period_end"].tolist() == [True, False]
    assert (dates["period_start"] == "2024-10-01").all() and (dates["period_end"] == "2025-09-30").all()
    assert set(dates.index) == {"IL", "MA", "MN", "NY", "OR", "WA"}


def test_block_covering_part_of_a_period_is_not_whole():
    dates = compare.block_dates(tiny_states(), period=("2025-01-01", "2025-12-31")).set_index("usps")
    assert dates.loc[["AA", "CC"], "covered_whole_period"].tolist() == [True, False]
    assert pd.isna(dates.loc["BB", "covered_whole_period"])
    assert dates.loc["CC", "in_force_by_period_end"]


def test_timeline_places_undated_blocks_at_the_month_nlets_named_them():
    timeline = compare.block_timeline(STATES).set_index("usps")
    assert timeline.loc["NY", "known_by"] == pd.Timestamp("2019-12-14")
    assert timeline.loc["WA", "known_by"] == pd.Timestamp("2025-11-19")
    assert (timeline.loc[["IL", "MA", "MN"], "known_by"] == pd.Timestamp("2025-10-01")).all()
    assert not timeline.loc[["IL", "MA", "MN", "OR"], "date_known"].any()
    assert timeline.loc["OR", "date_text"] == "in progress, no date"
    assert list(timeline.index) == ["NY", "IL", "MA", "MN", "OR", "WA"]  # by date


# ---- shares and rates ---------------------------------------------------------------------------------------------


def test_shielded_residents_and_shares():
    table = compare.residents_by_access(STATES, "2025-09-30").set_index("group")
    blocked = int(POP[["IL", "MA", "MN", "NY"]].sum())
    assert table.loc["blocked ICE", "residents"] == blocked
    assert table.loc["all", "residents"] == int(POP.sum())
    assert table.loc["blocked ICE", "residents"] + table.loc["open to ICE", "residents"] == int(POP.sum())
    assert table.loc["blocked ICE", "share_of_total"] == pytest.approx(blocked / POP.sum())
    assert table.loc["blocked ICE", "usps"] == "IL MA MN NY"
    assert table.loc["open to ICE", "jurisdictions"] == 52
    assert "2020 Island Areas Census count (2020-04-01)" in table.loc["open to ICE", "vintages"]
    assert (table["kind"] == "derived").all()
    assert "census-pep-vintage-2024" in table.loc["blocked ICE", "source_ids"].split(";")


def test_shares_on_a_literal_frame():
    table = compare.residents_by_access(tiny_states(), "2025-01-01").set_index("group")
    assert table["share_of_total"].to_dict() == {"blocked ICE": 0.3, "open to ICE": 0.7, "all": 1.0}
    assert table.loc["open to ICE", "vintages"] == "1 \u00d7 census (2020-04-01); 1 \u00d7 est (2024-07-01)"


def test_population_vintages_name_the_island_areas():
    vintages = compare.population_vintages(STATES).set_index("population_date")
    assert vintages.loc["2020-04-01", "usps"] == "AS GU MP VI"
    assert vintages.loc["2024-07-01", "jurisdictions"] == 52
    assert vintages["residents"].sum() == POP.sum()


def test_open_state_rates_use_published_counts_and_carry_their_assumption():
    table = compare.queries_per_100k_open(STATES).set_index("agency")
    open_residents = int(POP.drop(["IL", "MA", "MN", "NY"]).sum())
    for agency, metric in (("ICE", compare.ICE_METRIC), ("HSI", compare.HSI_METRIC)):
        queries = disclosure_value(metric)
        assert table.loc[agency, "queries"] == queries
        assert table.loc[agency, "open_residents"] == open_residents
        assert table.loc[agency, "per_100k_open_residents"] == pytest.approx(queries / open_residents * 100_000)
        assert table.loc[agency, "per_100k_all_residents"] == pytest.approx(queries / POP.sum() * 100_000)
        assert "not any one state's rate" in table.loc[agency, "assumption"]
    assert table.loc["ICE", "assumption"].startswith("Assumes the states that had blocked ICE (IL MA MN NY)")
    assert "the start dates of IL MA MN are not published" in table.loc["ICE", "assumption"]
    assert compare.vintage_note(STATES) in table.loc["HSI", "assumption"]
    assert "that IL MA MN NY received none of HSI's queries" in table.loc["HSI", "assumption"]
    assert "does not say whether they also blocked HSI" in table.loc["HSI", "assumption"]
    assert (table["open_as_of"] == "2025-09-30").all()


def test_open_state_rates_are_modelled_ceilings_because_they_rest_on_an_assumption_that_can_only_overstate():
    """No per-state split was published, so the open-state rate rests on an assumption (the blocking states
    received none of the queries): kind ``modelled``, not ``derived``. Every query that did go to a blocking state
    comes off the open states' count, so the true average can only be lower: bound ``at most`` for ICE and, all the
    more since the blocks may not cover HSI, for HSI. The assumption sentence says both."""
    table = compare.queries_per_100k_open(STATES).set_index("agency")
    assert table["kind"].tolist() == ["modelled", "modelled"]
    assert table["bound"].tolist() == ["at most", "at most"]
    for agency in ("ICE", "HSI"):
        assert "so this is a ceiling" in table.loc[agency, "assumption"]


def test_policy_overlap_lists_licence_states_still_open():
    overlap = compare.policy_overlap(STATES).set_index("usps")
    still_open = set(overlap.index[overlap["still_open_to_ice"]])
    licence = set(STATES.loc[STATES["dl_regardless_of_status"] == "yes", "usps"])
    assert still_open == licence - {"IL", "MA", "MN", "NY"}
    assert "WA" in still_open  # its block began after the period
    assert overlap.loc["CA", "letter_2025_11_12"] and overlap.loc["CA", "licence_for_all"]
    assert not overlap.loc["AZ", "licence_for_all"] and overlap.loc["AZ", "letter_2025_11_12"]
    assert "WA" not in set(compare.policy_overlap(STATES, "2025-12-01").query("still_open_to_ice")["usps"])


def test_map_categories_follow_the_as_of_rule():
    cats = compare.access_categories(STATES, "2025-09-30").set_index("usps")["category"]
    assert cats[["IL", "MA", "MN"]].eq("blocked ICE, date not published").all()
    assert cats["NY"] == "blocked ICE, date published"
    assert cats["WA"] == "blocked later (2025-11-19)"
    assert cats["OR"] == "block in progress"
    assert cats[["AR", "ID", "MT"]].eq("unclear (low-confidence report)").all()
    assert cats["CA"] == "not blocked, per the letters" and cats["TX"] == "no individual report"
    after = compare.access_categories(STATES, "2025-11-19").set_index("usps")["category"]
    assert after["WA"] == "blocked ICE, date published"


def test_vintage_note_names_the_island_areas():
    assert compare.vintage_note(STATES).endswith("2020 Island Areas Census count for 2020-04-01 (AS GU MP VI)")
    assert compare.vintage_note(tiny_states()) == "est for 2024-07-01 (AA BB CC); census for 2020-04-01 (DD)"


# ---- a researcher's own counts ------------------------------------------------------------------------------------


def test_per_state_rates_every_state_visible_and_no_query_lost():
    counts = pd.concat(
        [
            month_rows("TX", "ICE", {"2025-01": 313, "2025-02": 0}),
            month_rows("TX", "CBP", {"2025-01": 50}),
            month_rows("NY", "HSI", {"2025-01": 20}),
            month_rows("UNKNOWN", "ICE", {"2025-01": 7}),
        ],
        ignore_index=True,
    )
    rates = compare.per_state_rates(counts, STATES, kind="synthetic", source_id="user-supplied:x.csv").set_index("usps")
    assert len(rates) == len(STATES) + 1 and "UNKNOWN" in rates.index
    assert rates["all_queries"].sum() == counts["queries"].sum()
    assert rates.loc["TX", "ice_queries"] == 313 and rates.loc["TX", "all_queries"] == 363
    assert rates.loc["TX", "ice_per_100k"] == pytest.approx(313 / POP["TX"] * 100_000)
    assert rates.loc["NY", "ice_queries"] == 0  # in the file, no ICE rows
    assert rates.loc["NY", "group"] == "blocked ICE"
    assert not rates.loc["CA", "in_file"] and pd.isna(rates.loc["CA", "all_queries"])
    assert pd.isna(rates.loc["UNKNOWN", "all_per_100k"])
    assert rates.loc["TX", "period_end"] == pd.Timestamp("2025-02-28")
    assert (rates["kind"] == "synthetic").all()
    assert "user-supplied:x.csv" in rates.loc["TX", "source_ids"].split(";")


def test_block_inside_the_files_period_gets_its_own_group():
    counts = month_rows("WA", "ICE", {"2025-10": 30, "2025-11": 10, "2025-12": 0})
    rates = compare.per_state_rates(counts, STATES).set_index("usps")
    assert rates.loc["WA", "group"] == compare.BLOCK_IN_FILE
    assert rates.loc["OR", "group"] == compare.OPEN


def test_distribution_shows_every_state_per_group():
    rates = pd.DataFrame({"usps": ["AA", "BB", "CC", "DD"], "group": ["open", "open", "open", "blocked"],
                          "x": [4.0, 1.0, 2.0, 0.0], "in_file": [True, True, True, True], "kind": "derived",
                          "source_ids": ["s", "s", "t", "s"]})
    dist = compare.distribution_by_group(rates, "x").set_index("group")
    assert dist.loc["open", "states"] == "BB 1.0; CC 2.0; AA 4.0"
    assert dist.loc["open", "median"] == 2.0 and dist.loc["open", "states_in_file"] == 3
    assert dist.loc["blocked", "max"] == 0.0
    assert dist.loc["open", "source_ids"] == "s;t"


@pytest.mark.parametrize(
    ("start", "end", "side"),
    [("2025-11-01", "2025-11-18", "before"), ("2025-11-19", "2025-11-30", "after"),
     ("2025-11-01", "2025-11-19", "spanning"), ("2025-11-01", "2025-11-30", "spanning")],
)
def test_split_at_edges(start, end, side):
    rows = pd.DataFrame({"period_start": [pd.Timestamp(start)], "period_end": [pd.Timestamp(end)]})
    assert compare.split_at(rows, "2025-11-19").tolist() == [side]


def test_before_after_per_day_with_the_spanning_month_apart():
    counts = pd.concat(
        [
            month_rows("WA", "ICE", {"2025-09": 60, "2025-10": 62, "2025-11": 20, "2025-12": 0}),
            month_rows("WA", "CBP", {"2025-09": 30, "2025-10": 31, "2025-11": 30, "2025-12": 31}),
            month_rows("IL", "ICE", {"2025-09": 0, "2025-12": 0}),  # undated block: cannot be split
            month_rows("NY", "ICE", {"2025-09": 0}),  # dated, but the file does not span it
        ],
        ignore_index=True,
    )
    split = compare.before_after_block(counts, STATES).set_index("agency")
    assert set(split["usps"]) == {"WA"}
    ice = split.loc["ICE"]
    assert (ice["before_queries"], ice["before_days"], ice["spanning_queries"], ice["after_days"]) == (122, 61, 20, 31)
    assert ice["before_per_day"] == pytest.approx(2.0)
    assert ice["after_per_day"] == 0.0
    assert split.loc["all", "before_queries"] == 183 and split.loc["all", "after_per_day"] == pytest.approx(1.0)
    assert split.loc["ICE", "block_date"] == "2025-11-19"


def test_fixture_file_spans_washingtons_block():
    raw = pd.read_csv(project_root() / "tests" / "fixtures" / "synthetic_per_state_counts.csv", dtype=str)
    months = sorted(raw["Month"].unique())
    assert months[0] < "2025-11" < months[-1]
    assert set(raw["Destination State"]) == set(STATES["usps"])


# ---- published state-level figures --------------------------------------------------------------------------------


def test_washington_rates_per_day_and_per_100k():
    from analysis.sources import load_state_level_figures

    figures = load_state_level_figures()
    wa = compare.state_figure_rates(figures, STATES)
    assert wa["figure_id"].tolist() == ["S01"]  # out-of-scope and case-count rows get no rate
    row = wa.iloc[0]
    published = int(figures.set_index("figure_id").loc["S01", "value"])
    days = (pd.Timestamp("2025-11-30") - pd.Timestamp("2025-01-01")).days + 1
    assert (row["queries"], row["days"], row["calendar_months"]) == (published, days, 11)
    assert row["per_day"] == pytest.approx(published / days)
    assert row["per_100k_residents"] == pytest.approx(published / POP["WA"] * 100_000)
    assert row["source_ids"] == "census-pep-vintage-2024;urbanist-2026-01-12"


def test_state_figures_scope_keeps_every_figure_and_marks_the_one_given_a_rate():
    from analysis.sources import load_state_level_figures

    figures = load_state_level_figures()
    scope = compare.state_figures_scope(figures, compare.state_figure_rates(figures, STATES))
    assert scope["figure_id"].tolist() == figures["figure_id"].tolist()
    assert scope.loc[scope["used_here"], "figure_id"].tolist() == ["S01"]
    assert str(scope["value"].dtype) == "Int64" and scope["value"].isna().sum() == figures["value"].isna().sum()
    assert "source_ids" in scope.columns and "source_id" not in scope.columns
    nothing_used = compare.state_figures_scope(figures, figures.iloc[:0])
    assert not nothing_used["used_here"].any()


# ---- the second as-of date and the spread of own-count rates ------------------------------------------------------


def test_first_block_after_a_day_is_the_earliest_later_start():
    assert compare.first_block_after(STATES, "2025-09-30")["usps"] == "WA"
    assert compare.first_block_after(tiny_states(), "2019-01-01")["usps"] == "AA"  # BB has no date: never picked
    assert compare.first_block_after(tiny_states(), "2020-01-01")["usps"] == "CC"  # strictly after the day
    with pytest.raises(ValueError, match="no published block began after 2025-11-19"):
        compare.first_block_after(tiny_states(), "2025-11-19")


def test_rate_spread_stacks_the_three_agency_rates():
    rates = pd.DataFrame({"usps": ["AA", "BB"], "group": ["open", "blocked"], "ice_per_100k": [1.0, 0.0],
                          "hsi_per_100k": [2.0, 3.0], "all_per_100k": [5.0, 4.0], "in_file": True, "kind": "derived",
                          "source_ids": "s"})
    spread = compare.rate_spread(rates)
    assert spread["metric"].tolist() == ["ice_per_100k"] * 2 + ["hsi_per_100k"] * 2 + ["all_per_100k"] * 2
    assert_frame_equal(spread.iloc[2:4].reset_index(drop=True), compare.distribution_by_group(rates, "hsi_per_100k"))
