"""Comparable rates and sentences from a researcher's own counts (analysis.findings.own_rates, analysis.publish.text.own_counts), on small
synthetic files: unequal coverage, an agency absent for one state, a block date inside the file, a Canadian and
an UNKNOWN destination."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from synthetic_compare import MONTHS, synthetic_rows
from whole_comparison import whole_comparison_settings

from analysis.findings import access_status, block_history, comparison_basics
from analysis.publish.text import own_counts as own_text
from analysis.cleaning.clean import clean_query_counts
from analysis.findings.own_rates import NOT_IN_FILE, compare_own_counts
from analysis.sources.tables import load_states

STATES = load_states()


@pytest.fixture(scope="module", autouse=True)
def events_read_once():
    """data/raw's ICE-access events, validated once for the module rather than on every call (speed only)."""
    events = access_status.load_ice_access_events()
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(access_status, "load_ice_access_events", lambda: events)
        yield


CANONICAL = {"Destination State": "destination_state", "Requesting Agency": "agency", "Message Key": "message_key",
             "Month": "period", "Queries": "queries"}


def _clean(raw: pd.DataFrame) -> pd.DataFrame:
    return clean_query_counts(raw.astype(str).rename(columns=CANONICAL), period_grain="month").clean


@pytest.fixture(scope="module")
def synthetic_result():
    clean = _clean(synthetic_rows())
    return clean, compare_own_counts(clean, STATES, kind="synthetic", label="user-supplied:synthetic.csv")


def _rate(result, usps, agency):
    return result.rates.set_index(["usps", "agency"]).loc[(usps, agency)]


def test_unequal_coverage_is_flagged_and_states_compared_over_common_months(synthetic_result):
    _, result = synthetic_result
    assert result.months == MONTHS
    assert result.coverage_differs == {"ICE": ("AK",), "HSI": ("AK",), "all": ("AK",)}
    assert result.basis["ICE"] == "common months" and result.common_months["ICE"] == ("2025-11", "2025-12")
    ak, tx = _rate(result, "AK", "ICE"), _rate(result, "TX", "ICE")
    assert int(ak["months"]) == 2 and int(tx["months"]) == 4
    assert float(ak["per_month"]) == 5.0  # 10 queries over its own 2 months, not over the file's 4
    assert float(tx["per_month"]) == 90.0
    # over the common months TX counts only its November and December rows
    assert int(tx["queries_common"]) == 180 and int(tx["queries_compared"]) == 180
    coverage = result.coverage.set_index("usps")
    assert coverage.loc["AK", "ice_months"] == "2 (2025-11 to 2025-12; no row: 2025-09; 2025-10)"
    assert bool(coverage.loc["AK", "coverage_differs"]) and not bool(coverage.loc["TX", "coverage_differs"])
    sentence = own_text.coverage_sentence(result)
    assert "No row: 2025-09, 2025-10 for AK." in sentence
    assert "compared over the 2 months they all have: 2025-11 to 2025-12" in sentence


def test_an_absent_agency_or_state_is_not_in_file_never_zero(synthetic_result):
    _, result = synthetic_result
    oregon_hsi = _rate(result, "OR", "HSI")
    assert oregon_hsi["status"] == NOT_IN_FILE
    assert pd.isna(oregon_hsi["queries"]) and pd.isna(oregon_hsi["per_100k_month"])
    assert pd.isna(oregon_hsi["per_100k_month_compared"])
    ny_ice = _rate(result, "NY", "ICE")  # in the file with 0 queries: a real 0
    assert ny_ice["status"] == "in file" and int(ny_ice["queries"]) == 0 and float(ny_ice["per_100k_month"]) == 0
    florida = result.rates[result.rates["usps"] == "FL"]
    assert (florida["status"] == NOT_IN_FILE).all() and florida["queries"].isna().all()
    hsi_open = result.groups.set_index(["agency", "group"]).loc[("HSI", comparison_basics.OPEN)]
    assert int(hsi_open["states"]) == 3 and "OR" not in hsi_open["state_list"]
    assert result.coverage.set_index("usps").loc["OR", "hsi_months"] == NOT_IN_FILE
    assert "HSI for OR" in own_text.not_in_file_sentence(result)
    absent = own_text.absent_sentence(result)
    assert "FL" in absent and "TX" not in absent and "OR" not in absent


def test_canadian_and_unknown_destinations_stay_out_of_per_capita_rates_with_a_note(synthetic_result):
    clean, result = synthetic_result
    outside = result.outside.set_index("destination")
    assert sorted(outside.index) == ["ON", "UNKNOWN"]
    assert outside.loc["ON", "queries"] == 28 and "Canadian" in outside.loc["ON", "reason"]
    assert "UNKNOWN" in outside.loc["UNKNOWN", "reason"]
    for code in ("ON", "UNKNOWN"):
        rows = result.rates[result.rates["usps"] == code]
        assert rows["per_100k_month"].isna().all() and (rows["group"] == "outside the comparison").all()
    assert not result.groups["state_list"].str.contains("ON|UNKNOWN").any()
    assert "40 queries (28 to ON and 12 to UNKNOWN)" in own_text.outside_sentence(result)
    # no query lost: the all-agency totals add up to the clean table
    in_file = result.rates[(result.rates["agency"] == "all") & (result.rates["status"] == "in file")]
    assert int(in_file["queries"].sum()) == int(clean["queries"].sum())


def test_a_file_spanning_a_block_date_gets_before_and_after(synthetic_result):
    _, result = synthetic_result
    wa_block = block_history.dated_block_starts()["WA"]
    assert _rate(result, "WA", "ICE")["group"] == comparison_basics.BLOCK_IN_FILE
    ice = result.before_after.set_index("agency").loc["ICE"]
    # The block's date as precise as its source: the month state officials gave, never its first day.
    assert ice["usps"] == "WA" and ice["block_date"] == "mid-November 2025" and f"{wa_block:%Y-%m}" == "2025-11"
    # 40 ICE queries a month in 2025-09 and 2025-10; 2025-11 holds the block; 0 in 2025-12
    assert ice["block_month"] == "2025-11" and int(ice["block_month_queries"]) == 40
    assert int(ice["before_months"]) == 2 and int(ice["before_queries"]) == 80 and float(ice["before_per_month"]) == 40
    assert int(ice["after_months"]) == 1 and int(ice["after_queries"]) == 0
    residents = int(STATES.set_index("usps").loc["WA", "population"])
    assert float(ice["before_per_100k_month"]) == pytest.approx(40 / residents * 100_000)
    sentence = own_text.before_after_sentence(result)
    assert sentence.startswith(f"WA: ICE queries per 100,000 residents a month, {40 / residents * 100_000:,.2f} in "
                               "the 2 whole months before its block (applied mid-November 2025")
    assert "2025-11, the month that holds the block, is in neither" in sentence
    for other in block_history.unconfirmed_applied_dates().get("WA", []):  # a weaker source's date is named, not used
        assert f"an unconfirmed account gives {other}" in sentence


def test_no_block_date_in_file_says_so():
    raw = synthetic_rows()
    raw = raw[raw["Month"] < "2025-11"]
    result = compare_own_counts(_clean(raw), STATES, kind="supplied", label="user-supplied:x.csv")
    assert result.before_after.empty
    assert "no before/after comparison" in own_text.before_after_sentence(result)
    assert not result.statistics.block_effects


def test_group_sentences_handle_one_and_many_states(synthetic_result):
    _, result = synthetic_result
    ice = own_text.group_sentence(result, "ICE")
    assert "the 2 states known to block ICE: median 0.00" in ice
    assert "the file's only state whose block began within the period, WA:" in ice
    assert "the 4 states not known to block ICE: median" in ice


BAD = re.compile(r"\(\)|  |\s[,.;:]|\{|\}|\bnan\b|<NA>|\bNone\b|\b1 months\b|\b1 states\b|\b1 queries\b")


@whole_comparison_settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    keep=st.sets(st.sampled_from(["NY", "IL", "WA", "TX", "CA", "OR", "AK", "Ontario", "Atlantis"]), min_size=1),
    months=st.sets(st.sampled_from(MONTHS), min_size=1),
    scale=st.integers(min_value=0, max_value=3),
    kind=st.sampled_from(["supplied", "published", "synthetic"]),
)
def test_sentences_read_cleanly_on_altered_data(keep, months, scale, kind):
    raw = synthetic_rows()
    raw = raw[raw["Destination State"].isin(keep) & raw["Month"].isin(months)]
    raw = raw.assign(Queries=raw["Queries"] * scale)
    clean = _clean(raw)
    assume(not clean.empty)
    result = compare_own_counts(clean, STATES, kind=kind, label="user-supplied:x.csv")
    sentences = [own_text.coverage_sentence(result), own_text.not_in_file_sentence(result),
                 own_text.absent_sentence(result),
                 own_text.outside_sentence(result), own_text.before_after_sentence(result),
                 *(own_text.group_sentence(result, a) for a in ("ICE", "HSI", "all")),
                 *own_text.limits(result, STATES)]
    for sentence in filter(None, sentences):
        assert not BAD.search(sentence), sentence
        assert sentence[0].isupper() or sentence[0].isdigit(), sentence
        assert sentence.endswith("."), sentence
    citable = own_text.citable(result, "x.csv")
    assert set(citable["kind"]) == {kind} and set(citable["bound"]) == {"exact"}
