"""analysis.blocking_text: notebook 02's sentences carry the computed values (and change with them), and its
citable numbers match the committed citable_numbers.csv."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from analysis import blocking_text, compare
from analysis.export import notebook_path, write_citable_numbers
from analysis.paths import project_root
from analysis.sources import load_state_level_figures, load_states

STATES = load_states()
PERIOD_START, PERIOD_END = compare.disclosure_period()
NOTEBOOK = "02_blocking_states"


def tiny_states() -> pd.DataFrame:
    """Four made-up jurisdictions: AA blocked since 2020-01-01, BB blocked (date not published), CC blocked from
    2025-11-19, DD never blocked."""
    return pd.DataFrame(
        {
            "usps": ["AA", "BB", "CC", "DD"],
            "name": ["A", "B", "C", "D"],
            "population": pd.array([100, 200, 300, 400], dtype="Int64"),
            "population_date": pd.to_datetime(["2024-07-01"] * 4),
            "population_vintage": ["est"] * 4,
            "population_source_id": ["census-pep-vintage-2024"] * 4,
            "nlets_ice_block": ["blocked", "blocked", "blocked", "no report"],
            "block_effective_date": pd.to_datetime(["2020-01-01", None, "2025-11-19", None]),
            "block_status_as_of": pd.to_datetime(["2025-11-12"] * 3 + [None]),
            "block_source_id": ["usatoday-2019-12-20", "dailybeast-2025-11", "seattlephi-2026-01", None],
            "blocked_per_nlets_oct_2025": [True, True, False, False],
        }
    )


def shielded_for(states: pd.DataFrame) -> pd.DataFrame:
    later = compare.first_block_after(states, PERIOD_END)["block_effective_date"]
    return pd.concat([compare.residents_by_access(states, d) for d in (PERIOD_END, later)], ignore_index=True)


@pytest.fixture(scope="module")
def tables() -> dict[str, pd.DataFrame]:
    wa = compare.state_figure_rates(load_state_level_figures(), STATES)
    return {
        "shielded": shielded_for(STATES),
        "dates": compare.block_dates(STATES),
        "rates": compare.queries_per_100k_open(STATES),
        "overlap": compare.policy_overlap(STATES),
        "wa": wa,
        "scope": compare.state_figures_scope(load_state_level_figures(), wa),
    }


@pytest.mark.parametrize(("items", "text"), [([], ""), (["A"], "A"), (["A", "B"], "A and B"),
                                             (["A", "B", "C"], "A, B and C")])
def test_listed(items, text):
    assert blocking_text.listed(items) == text


# ---- who is shielded ----------------------------------------------------------------------------------------------


def test_shielded_summary_carries_the_computed_values(tables):
    text = blocking_text.shielded_summary(tables["shielded"], STATES)
    end, later = blocking_text.as_of_groups(tables["shielded"])
    blocked = end.loc[compare.BLOCKED]
    assert f"On {PERIOD_END:%Y-%m-%d}, the last day" in text
    assert f"**{blocked['residents']:,} residents, {blocked['share_of_total']:.1%}**" in text
    assert f"of the {end.loc['all', 'residents']:,} in the 50 states" in text
    assert f"other {end.loc[compare.OPEN, 'jurisdictions']} jurisdictions" in text
    assert f"rises to {later.loc[compare.BLOCKED, 'share_of_total']:.1%}." in text
    assert compare.vintage_note(STATES) in text


def test_shielded_summary_follows_the_data():
    text = blocking_text.shielded_summary(shielded_for(tiny_states()), tiny_states())
    assert "the 2 jurisdictions that had blocked ICE (AA BB) were home to **300 residents, 30.0%** of the 1,000" in text
    assert "other 2 jurisdictions (70.0% of residents)" in text
    assert "With C's block on 2025-11-19, the shielded share rises to 60.0%." in text


def test_as_of_groups_split_the_two_dates(tables):
    end, later = blocking_text.as_of_groups(tables["shielded"])
    assert set(end["as_of"]) == {f"{PERIOD_END:%Y-%m-%d}"} and set(later["as_of"]) == {"2025-11-19"}
    assert list(end.index) == [compare.BLOCKED, compare.OPEN, "all"]


# ---- block dates --------------------------------------------------------------------------------------------------


def test_block_dates_summary_names_each_kind_of_block(tables):
    text = blocking_text.block_dates_summary(tables["dates"])
    assert f"The disclosure year ran {PERIOD_START:%Y-%m-%d} to {PERIOD_END:%Y-%m-%d}." in text
    assert "New York's block (in force since 2019-12-14) covered all of it." in text
    assert "For Illinois, Massachusetts and Minnesota the start date is **not published**" in text
    assert "Washington's block began on 2025-11-19, after the period" in text
    assert text.endswith("Oregon's block was in progress on 2025-11-12, with no date.")


def test_block_dates_summary_without_a_block_in_progress_ends_cleanly(tables):
    dates = tables["dates"]
    text = blocking_text.block_dates_summary(dates[dates["status"] != "in progress"])
    assert text.endswith("throughout the year the counts describe.") and "Oregon" not in text


def test_in_progress_sentence_singular_and_plural():
    assert blocking_text.in_progress_sentence([]) == ""
    assert blocking_text.in_progress_sentence(["Oregon"]) == "Oregon's block was in progress."
    assert blocking_text.in_progress_sentence(["A", "B"], ["2025-01-01", "2025-01-01"]) == (
        "The blocks of A and B were in progress on 2025-01-01, with no dates.")


# ---- exposure and overlap -----------------------------------------------------------------------------------------


def test_open_rate_paragraphs_one_per_agency_with_its_numbers(tables):
    rates = tables["rates"]
    paragraphs = blocking_text.open_rate_paragraphs(rates)
    assert len(paragraphs) == len(rates) == 2
    for text, row in zip(paragraphs, rates.itertuples(), strict=True):
        assert text.startswith(f"**{row.agency}: at most {math.ceil(row.per_100k_open_residents)} queries per 100,000")
        assert f"{row.queries:,} published queries" in text
        assert f"over {row.open_residents:,} residents" in text
        assert f"({row.per_100k_all_residents:,.0f} per 100,000 if spread over all {row.all_residents:,}, for " in text
        assert text.endswith(f"*Assumption:* {row.assumption}")


def test_open_rate_paragraphs_say_modelled_ceiling_beside_the_number(tables):
    """The rates rest on an assumption (blocking states received none of the queries), so the prose labels them
    modelled, not derived, and as ceilings, rounded up so "at most" stays true."""
    for text in blocking_text.open_rate_paragraphs(tables["rates"]):
        head = text.split("*Assumption:*")[0]
        assert "** (modelled, a ceiling): " in head and "derived" not in head
        assert "*Assumption:* Assumes" in text


def test_open_rate_rounds_a_ceiling_up():
    row = pd.DataFrame({"per_100k_open_residents": [97.2], "bound": ["at most"]}).iloc[0]
    assert blocking_text.open_rate(row) == "at most 98"  # 97 would understate the ceiling


def test_policy_overlap_summary_counts_and_names_the_open_licence_states(tables):
    overlap = tables["overlap"]
    text = blocking_text.policy_overlap_summary(overlap, tables["dates"])
    still_open = overlap[overlap["still_open_to_ice"]]
    assert f"Of the {int(overlap['licence_for_all'].sum())} jurisdictions" in text
    assert f"**{len(still_open)} had not blocked ICE** on {PERIOD_END:%Y-%m-%d}" in text
    assert f"({still_open['residents'].sum():,} residents): {', '.join(still_open['name'])}." in text
    with_letter = int(still_open["letter_2025_11_12"].sum())
    assert f"{with_letter} of them got the 2025-11-12 letters; {len(still_open) - with_letter} did not" in text
    assert "Washington is among the open ones because its block began only on 2025-11-19." in text
    assert "Oregon's block was in progress." in text


# ---- one state's count --------------------------------------------------------------------------------------------


def test_state_count_summary_carries_the_count_rates_and_cut_off(tables):
    w = tables["wa"].iloc[0]
    text = blocking_text.state_count_summary(tables["wa"], STATES, tables["rates"])
    assert text.startswith(f"**Published:** {w['queries']:,} queries of {w['name']} Department of Licensing data")
    assert f"about **{w['per_day']:,.0f} a day**" in text
    assert f"**{w['per_100k_residents']:,.0f} per 100,000 {w['name']} residents**" in text
    assert f"({w['calendar_months']} calendar months, {w['days']} days)" in text
    days_left = (pd.Timestamp(w["period_end"]) - pd.Timestamp("2025-11-19")).days
    assert f"ICE was cut off on 2025-11-19, {days_left} days before the period ended." in text
    rates = tables["rates"].set_index("agency")
    assert f"national ICE ({rates.loc['ICE', 'queries']:,}) and HSI ({rates.loc['HSI', 'queries']:,}) counts" in text


def test_out_of_scope_note_names_each_out_of_scope_figure_once(tables):
    scope = tables["scope"]
    text = blocking_text.out_of_scope_note(scope)
    out = scope[scope["scope"] != "in scope"]
    for row in out.itertuples():
        assert f"{row.state} {row.metric.replace('_', ' ')} ({row.scope.removeprefix('out of scope: ')})" in text
    assert text.count("daps searches on ice account per month") == 1  # two rows, named once
    for metric in scope.loc[scope["scope"] == "in scope", "metric"]:
        assert metric.replace("_", " ") not in text


# ---- own counts ---------------------------------------------------------------------------------------------------


def test_before_after_summary_without_a_split_says_so():
    empty = pd.DataFrame(columns=["usps", "block_date", "agency", "before_per_day", "after_per_day"])
    assert "do not span any published block date" in blocking_text.before_after_summary(empty, "derived")


def test_before_after_summary_reports_ice_only():
    split = pd.DataFrame({"usps": ["WA", "WA"], "block_date": "2025-11-19", "agency": ["ICE", "HSI"],
                          "before_per_day": [12.5, 99.0], "after_per_day": [0.0, 98.0], "spanning_queries": [1200, 7]})
    text = blocking_text.before_after_summary(split, "derived")
    assert text.startswith("**Derived, from the file.** WA: ICE queries 12.5 a day before its block (2025-11-19)")
    assert "0.0 a day after (1,200 queries" in text and "99.0" not in text


# ---- limits and citable numbers -----------------------------------------------------------------------------------


def test_limits_list_carries_the_computed_facts(tables):
    text = blocking_text.limits(STATES, tables["shielded"], tables["dates"], tables["wa"])
    lines = text.splitlines()
    assert len(lines) == 6 and all(line.startswith("- **") for line in lines)
    assert "assume that IL MA MN NY received none of ICE's queries" in text
    assert "they are modelled averages, not any state's rate, and ceilings" in text
    assert f"({PERIOD_START:%Y-%m-%d} to {PERIOD_END:%Y-%m-%d})" in text
    reported = STATES["block_status_as_of"].dropna()
    assert f"reported {reported.min():%Y-%m-%d} to {reported.max():%Y-%m-%d}." in text
    assert "Published only for New York and Washington; Illinois, Massachusetts and Minnesota are assumed" in text
    assert lines[-1].startswith("- **Washington's count**")


@pytest.fixture(scope="module")
def citable(tables) -> list[dict]:
    return blocking_text.citable_numbers(tables["shielded"], tables["rates"], tables["overlap"], tables["wa"])


def test_citable_numbers_appear_in_their_sentences(citable):
    assert [r["id"] for r in citable] == [
        "02-residents-in-blocking-states-share", "02-ice-queries-per-100k-open-residents",
        "02-hsi-queries-per-100k-open-residents", "02-licence-for-all-states-open-to-ice",
        "02-wa-federal-queries-per-day",
    ]
    for row in citable:
        bound = "" if row["bound"] == "exact" else f"{row['bound']} "
        assert f"{bound}{row['formatted_value']}" in row["sentence"], row["id"]
        assert row["source_ids"]


MODELLED = ["02-ice-queries-per-100k-open-residents", "02-hsi-queries-per-100k-open-residents"]


def test_citable_arithmetic_on_published_numbers_is_derived_and_exact(citable):
    for row in citable:
        if row["id"] not in MODELLED:
            assert (row["kind"], row["bound"]) == ("derived", "exact"), row["id"]


@pytest.mark.parametrize("number_id", MODELLED)
def test_citable_open_state_rates_are_modelled_ceilings_with_the_assumption_in_the_sentence(citable, number_id):
    """No per-state split was published: the open-state rate assumes the blocking states received none of the
    queries, so it is modelled (not derived), and a ceiling (any query to a blocking state lowers it; for HSI the
    blocks may not apply at all). The sentence carries the assumption, and the whole-number value is rounded up."""
    row = next(r for r in citable if r["id"] == number_id)
    assert (row["kind"], row["bound"]) == ("modelled", "at most")
    assert row["formatted_value"] == str(math.ceil(row["value"]))
    assert "modelled average" in row["sentence"] and "a ceiling" in row["sentence"]
    assert "(IL MA MN NY)" in row["sentence"] and "received none of" in row["sentence"]
    if number_id.startswith("02-hsi"):
        assert "whether they blocked HSI is not stated" in row["sentence"]


def test_citable_values_are_the_computed_ones(citable, tables):
    values = {r["id"]: r["value"] for r in citable}
    end, _ = blocking_text.as_of_groups(tables["shielded"])
    assert values["02-residents-in-blocking-states-share"] == end.loc[compare.BLOCKED, "share_of_total"]
    rates = tables["rates"].set_index("agency")
    assert values["02-ice-queries-per-100k-open-residents"] == rates.loc["ICE", "per_100k_open_residents"]
    assert values["02-licence-for-all-states-open-to-ice"] == int(tables["overlap"]["still_open_to_ice"].sum())
    assert values["02-wa-federal-queries-per-day"] == tables["wa"].iloc[0]["per_day"]


def test_citable_rows_equal_the_committed_ones(citable, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("NLETS_REPORTS_DIR", str(tmp_path))
    written = write_citable_numbers(citable, NOTEBOOK)
    committed = pd.read_csv(project_root() / "reports" / "tables" / "citable_numbers.csv", dtype=str,
                            keep_default_na=False)
    mine = committed[committed["notebook"] == notebook_path(NOTEBOOK)].reset_index(drop=True)
    pd.testing.assert_frame_equal(written.reset_index(drop=True), mine)
