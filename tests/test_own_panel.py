"""The panel every number of a comparison comes from (analysis.findings.own_panel) and the traps of real researcher
files, each with a known answer: month dates under a header that is not "Month", non-DMV message keys, an agency
absent for some states, rows that stop after a block, a daily file, and the properties that must hold on any file."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from whole_comparison import whole_comparison_settings

from analysis.cleaning.clean import clean_query_counts
from analysis.findings import access_status
from analysis.findings.own_panel import NO_ROW, ZERO_ASKED, gaps, key_use, month_list, own_panel
from analysis.findings.own_rates import compare_own_counts
from analysis.publish.text import own_counts as own_text
from analysis.sources.tables import load_states

STATES = load_states()
RESIDENTS = STATES.set_index("usps")["population"]
MONTHS = ("2025-08", "2025-09", "2025-10", "2025-11", "2025-12", "2026-01")
# Made-up ICE queries a month: WA's block was applied 2025-11-18, so 2025-11 holds it.
ICE = {"WA": [300, 310, 290, 150, 20, 10], "TX": [900, 880, 910, 905, 890, 900], "AZ": [200, 210, 190, 205, 200, 195],
       "OR": [120, 125, 118, 121, 119, 122], "NY": [0, 0, 0, 0, 0, 0]}


@pytest.fixture(scope="module", autouse=True)
def events_read_once():
    """data/raw's ICE-access events, validated once for the module (speed only)."""
    events = access_status.load_ice_access_events()
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(access_status, "load_ice_access_events", lambda: events)
        yield


def _raw(period_header: str = "Month", excel: bool = False) -> pd.DataFrame:
    rows = []
    for state, counts in ICE.items():
        for month, n in zip(MONTHS, counts, strict=True):
            cell = (pd.Timestamp(f"{month}-01") - pd.Timestamp("1899-12-30")).days if excel else month
            rows.append((state, "ICE", "DQ", cell, n))
            if state != "AZ":  # HSI in every state but Arizona
                rows.append((state, "HSI", "DQ", cell, n // 2 + 7))
    return pd.DataFrame(rows, columns=["State", "Agency", "Message Key", period_header, "Queries"])


def _clean(raw: pd.DataFrame, **options) -> pd.DataFrame:
    names = {"State": "destination_state", "Agency": "agency", "Message Key": "message_key", "Queries": "queries"}
    period = next(c for c in raw.columns if c not in names)
    from analysis.cleaning.raw_counts import RawCounts

    table = raw.astype(str).rename(columns={**names, period: "period"})
    return clean_query_counts(RawCounts(table, headers={"period": period}), **options).clean


def _compare(clean: pd.DataFrame, **options):
    return compare_own_counts(clean, STATES, kind="synthetic", label="user-supplied:x.csv", **options)


def _rate(result, usps: str, agency: str = "ICE") -> pd.Series:
    return result.rates.set_index(["usps", "agency"]).loc[(usps, agency)]


def test_excel_month_dates_under_a_period_header_are_months_not_days():
    month_header = _compare(_clean(_raw("Month")))
    period_header = _compare(_clean(_raw("Period", excel=True)))
    expected = sum(ICE["AZ"]) / 6 / RESIDENTS["AZ"] * 100_000
    assert float(_rate(month_header, "AZ")["per_100k_month"]) == pytest.approx(expected)
    assert float(_rate(period_header, "AZ")["per_100k_month"]) == pytest.approx(expected)
    assert int(_rate(period_header, "AZ")["months"]) == 6
    pd.testing.assert_frame_equal(month_header.rates, period_header.rates)


def test_non_dmv_keys_are_set_aside_reported_and_counted_only_when_asked():
    raw = _raw()
    criminal = raw[raw["State"].eq("AZ")].assign(**{"Message Key": "IQ", "Queries": 5000})
    clean = _clean(pd.concat([raw, criminal], ignore_index=True))
    dmv_only = _compare(clean)
    assert float(_rate(dmv_only, "AZ")["per_100k_month"]) == pytest.approx(
        float(_rate(_compare(_clean(raw)), "AZ")["per_100k_month"]))
    keys = dmv_only.panel.keys.table.set_index("message_key")
    assert not keys.loc["IQ", "counted"] and int(keys.loc["IQ", "queries"]) == 30_000
    assert dmv_only.panel.keys.set_aside_queries == 30_000
    assert "Set aside, not DMV queries or with no recognised key: IQ 30,000" in own_text.keys_sentence(dmv_only)
    every_key = _compare(clean, keys="all")
    assert int(_rate(every_key, "AZ")["queries"]) == sum(ICE["AZ"]) + 30_000
    assert "--keys all" in own_text.keys_sentence(every_key) and "not DMV rates" in own_text.keys_sentence(every_key)


def test_a_file_without_a_key_column_is_taken_as_dmv_and_says_so():
    raw = _raw().drop(columns=["Message Key"])
    result = _compare(_clean(raw), key_column=False)
    assert int(_rate(result, "TX")["queries"]) == sum(ICE["TX"])
    assert own_text.keys_sentence(result) == "The file has no message-key column: every row is taken as a DMV query."


def test_a_file_with_only_non_dmv_keys_is_refused_in_one_line():
    raw = _raw().assign(**{"Message Key": "IQ"})
    with pytest.raises(ValueError, match="no DMV message key in the file .* say --keys all"):
        _compare(_clean(raw))


def test_an_absent_agency_is_missing_everywhere_never_zero():
    result = _compare(_clean(_raw()))
    hsi = _rate(result, "AZ", "HSI")
    assert hsi["status"] == "not in file" and pd.isna(hsi["queries"]) and pd.isna(hsi["per_100k_month_compared"])
    cells = result.panel.cells
    assert cells[(cells["usps"] == "AZ") & (cells["agency"] == "HSI")]["status"].eq(NO_ROW).all()
    for table in result.tables().values():  # no table prints a 0 for Arizona's HSI
        if {"usps", "agency", "queries"} <= set(table.columns):
            row = table[(table["usps"] == "AZ") & (table["agency"] == "HSI")]
            assert row["queries"].isna().all()
    zero = _compare(_clean(_raw()), missing="zero")
    assert int(_rate(zero, "AZ", "HSI")["queries"]) == 0  # asked: absence means none


def test_rows_that_stop_after_a_block_are_missing_on_every_page_unless_asked():
    raw = _raw()
    stopped = raw[~(raw["State"].eq("WA") & raw["Agency"].eq("ICE") & (raw["Month"] > "2025-11"))]
    result = _compare(_clean(stopped))
    wa = _rate(result, "WA")
    assert int(wa["months"]) == 4 and wa["missing_months"] == "2025-12; 2026-01"
    # rates over the months with a row: the same absence gives the same answer in every table
    assert float(wa["per_month"]) == pytest.approx(sum(ICE["WA"][:4]) / 4)
    split = result.before_after.set_index("agency").loc["ICE"]
    assert int(split["after_months"]) == 0 and pd.isna(split["after_per_100k_month"])
    assert split["after_no_row"] == "2025-12; 2026-01"
    assert "no ICE row on one side" in own_text.before_after_sentence(result)
    zero = _compare(_clean(stopped), missing="zero")
    split = zero.before_after.set_index("agency").loc["ICE"]
    assert int(split["after_months"]) == 2 and float(split["after_per_100k_month"]) == 0.0
    filled = zero.panel.cells[zero.panel.cells["status"] == ZERO_ASKED]
    assert len(filled[(filled["usps"] == "WA") & (filled["agency"] == "ICE")]) == 2
    assert "As asked (--missing zero)" in own_text.missing_sentence(zero)


def test_before_after_is_by_whole_months_with_the_block_month_apart():
    result = _compare(_clean(_raw()))
    ice = result.before_after.set_index("agency").loc["ICE"]
    assert ice["block_month"] == "2025-11" and int(ice["block_month_queries"]) == 150
    assert int(ice["before_months"]) == 3 and int(ice["after_months"]) == 2
    assert float(ice["before_per_100k_month"]) == pytest.approx(900 / 3 / RESIDENTS["WA"] * 100_000)
    assert float(ice["after_per_100k_month"]) == pytest.approx(30 / 2 / RESIDENTS["WA"] * 100_000)


def test_a_daily_file_is_summed_into_months_and_a_partial_month_is_named_and_left_out():
    days = pd.date_range("2025-09-01", "2025-10-15", freq="D")
    raw = pd.DataFrame({"State": "TX", "Agency": "ICE", "Message Key": "DQ",
                        "Date": days.strftime("%Y-%m-%d"), "Queries": 10})
    raw = pd.concat([raw, raw.assign(State="NY")], ignore_index=True)
    result = _compare(_clean(raw))
    assert result.months == ("2025-09",)
    assert int(_rate(result, "TX")["queries"]) == 300 and float(_rate(result, "TX")["per_month"]) == 300
    partial = result.panel.partial.iloc[0]
    assert (partial["month"], int(partial["days"]), int(partial["days_in_month"])) == ("2025-10", 15, 31)
    assert int(partial["queries"]) == 300  # both states' 15 days, kept in the totals, out of the rates
    assert "2025-10 (15 of 31 days, 300 queries) only in part" in own_text.partial_sentence(result)


def test_gaps_are_named_in_words():
    result = _compare(_clean(_raw()[lambda r: r["Month"] != "2025-10"]))
    assert result.months == ("2025-08", "2025-09", "2025-11", "2025-12", "2026-01")
    sentence = own_text.coverage_sentence(result)
    assert "over 2025-08 to 2025-09 and 2025-11 to 2026-01 (5 months)" in sentence
    assert "The file has no row at all for 2025-10." in sentence
    assert month_list(("2025-08", "2025-10", "2025-11", "2025-12")) == "2025-08 and 2025-10 to 2025-12"
    assert gaps(("2025-08", "2025-10")) == ("2025-09",)


def test_unknown_kind_label_key_or_missing_policy_is_refused():
    clean = _clean(_raw())
    with pytest.raises(ValueError, match="kind 'real'"):
        compare_own_counts(clean, STATES, kind="real", label="user-supplied:x.csv")
    with pytest.raises(ValueError, match="label"):
        compare_own_counts(clean, STATES, kind="supplied", label="")
    with pytest.raises(ValueError, match="keys="):
        own_panel(clean, keys="some")
    with pytest.raises(ValueError, match="missing="):
        own_panel(clean, missing="maybe")
    with pytest.raises(ValueError, match="keys="):
        key_use(clean, keys="none")


CLEAN = _clean(_raw())
_BASELINE: dict[str, pd.DataFrame] = {}


def _rates(clean: pd.DataFrame, **options) -> pd.DataFrame:
    return _compare(clean, **options).rates


def _baseline() -> pd.DataFrame:
    """The rates of the unaltered file, computed once."""
    if "rates" not in _BASELINE:
        _BASELINE["rates"] = _rates(CLEAN)
    return _BASELINE["rates"]


@whole_comparison_settings()
@given(st.randoms(use_true_random=False))
def test_row_order_changes_nothing(random):
    order = list(range(len(CLEAN)))
    random.shuffle(order)
    pd.testing.assert_frame_equal(_rates(CLEAN.iloc[order].reset_index(drop=True)), _baseline())


@whole_comparison_settings()
@given(st.integers(min_value=1, max_value=len(CLEAN) - 1))
def test_a_file_split_in_two_and_rejoined_gives_the_same_rates(cut):
    rejoined = pd.concat([CLEAN.iloc[:cut], CLEAN.iloc[cut:]], ignore_index=True)
    pd.testing.assert_frame_equal(_rates(rejoined), _baseline())


@whole_comparison_settings()
@given(st.lists(st.tuples(st.sampled_from(sorted(ICE)), st.sampled_from(MONTHS), st.integers(0, 10**6),
                          st.sampled_from(["IQ", "QH", "FQ"])), min_size=1, max_size=8))
def test_non_dmv_rows_added_change_no_dmv_rate(extra):
    added = pd.DataFrame(extra, columns=["State", "Month", "Queries", "Message Key"]).assign(Agency="ICE")
    clean = _clean(pd.concat([_raw(), added[_raw().columns]], ignore_index=True))
    columns = ["usps", "agency", "queries", "per_100k_month", "per_100k_month_compared"]
    pd.testing.assert_frame_equal(_rates(clean)[columns], _baseline()[columns])


@whole_comparison_settings()
@given(st.sampled_from(sorted(ICE)), st.sampled_from(MONTHS))
def test_an_explicit_zero_row_equals_absence_under_missing_zero(state, month):
    raw = _raw()
    cell = raw["State"].eq(state) & raw["Agency"].eq("ICE") & raw["Month"].eq(month)
    zeroed = raw.assign(Queries=raw["Queries"].mask(cell, 0))
    absent = raw[~cell]
    columns = ["usps", "agency", "months", "queries", "per_month", "per_100k_month", "per_100k_month_compared"]
    pd.testing.assert_frame_equal(_rates(_clean(zeroed), missing="zero")[columns],
                                  _rates(_clean(absent), missing="zero")[columns])
