"""The breakdown of the October 2025 disclosure: values, bounds, the consistency check and the citable sentences."""

from __future__ import annotations

import re
from decimal import Decimal

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis.findings import breakdown
from analysis.publish import prose
from analysis.publish import tables
from analysis.publish.text import breakdown as breakdown_text
from analysis.findings.breakdown import BreakdownError, breakdown_table, check_breakdown
from analysis.publish.citable_numbers import CitableNumber
from analysis.publish.text.breakdown import citable_numbers
from analysis.sources.tables import load_disclosure_figures


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    return breakdown_table().set_index("group")


def _figures_with(metric: str, **changes: object) -> pd.DataFrame:
    """The published figures with one line changed (the raw files are never edited)."""
    figures = load_disclosure_figures()
    row = figures["metric"] == metric
    for column, value in changes.items():
        figures[column] = figures[column].astype(object)
        figures.loc[row, column] = value
    return figures


def test_groups_in_order(table):
    assert list(table.index) == ["ICE", "HSI", "ICE + HSI", "All other requesters", "All requesters"]


def test_counts(table):
    assert table.loc["ICE", "count"] == 292_114
    assert table.loc["HSI", "count"] == 605_116
    assert table.loc["ICE + HSI", "count"] == 897_230
    assert table.loc["All other requesters", "count"] == 289_102_770
    assert table.loc["All requesters", "count"] == 290_000_000


def test_other_is_a_floor(table):
    assert table.loc["All other requesters", "count"] >= 289_102_770
    assert table.loc["All other requesters", "bound"] == "at least"


def test_ice_share_is_a_ceiling_of_about_a_tenth_of_a_percent(table):
    share = table.loc["ICE", "share_of_total"]
    assert share * 100 <= 0.1008
    assert share * 100 == pytest.approx(0.10073, abs=1e-5)
    assert table.loc["ICE", "share_bound"] == "at most"


def test_period_is_365_days(table):
    assert set(table["days"]) == {365}
    assert set(table["period_start"]) == {"2024-10-01"} and set(table["period_end"]) == {"2025-09-30"}


def test_daily_and_hourly_rates(table):
    assert table.loc["ICE", "per_day"] == pytest.approx(800.3, abs=0.05)
    assert table.loc["HSI", "per_day"] == pytest.approx(1657.85, abs=0.01)
    assert table.loc["ICE", "per_hour"] == pytest.approx(292_114 / 8760)
    assert table.loc["All requesters", "per_day"] == pytest.approx(794_520.55, abs=0.01)


def test_one_in_n_and_per_10000(table):
    assert table.loc["ICE", "one_in_n"] == pytest.approx(992.76, abs=0.01)
    assert table.loc["ICE", "one_in_n_bound"] == "at least"
    assert table.loc["ICE", "per_10000"] == pytest.approx(10.07, abs=0.01)
    assert table.loc["All requesters", "per_10000"] == 10_000


def test_bounds_and_kinds(table):
    assert table["bound"].to_dict() == {
        "ICE": "exact", "HSI": "exact", "ICE + HSI": "exact",
        "All other requesters": "at least", "All requesters": "at least",
    }
    assert table["share_bound"].to_dict() == {
        "ICE": "at most", "HSI": "at most", "ICE + HSI": "at most",
        "All other requesters": "at least", "All requesters": "exact",
    }
    assert table["kind"].to_dict() == {
        "ICE": "published", "HSI": "published", "ICE + HSI": "derived",
        "All other requesters": "derived", "All requesters": "published",
    }


def test_every_line_has_its_source(table):
    assert table.loc["ICE", "source_ids"] == "wyden-press-release-2025-11-12"
    assert all(table["source_ids"].str.len() > 0)


def test_an_exact_total_makes_every_number_exact():
    exact = breakdown_table(_figures_with("dmv_queries_via_nlets_total", bound="exact")).set_index("group")
    assert set(exact["bound"]) == {"exact"} and set(exact["share_bound"]) == {"exact"}


def test_part_above_total_is_refused():
    figures = _figures_with("dmv_queries_via_nlets_by_hsi", value=300_000_000)
    with pytest.raises(BreakdownError, match=r"line 'HSI': count must be at most the total \(290,000,000\), found 300,000,000"):
        breakdown_table(figures)


def test_parts_above_total_together_are_refused():
    figures = _figures_with("dmv_queries_via_nlets_total", value=800_000)
    with pytest.raises(BreakdownError, match=r"line 'ICE \+ HSI': count must be at most the total \(800,000\), found 897,230"):
        breakdown_table(figures)


def test_missing_line_is_refused():
    figures = load_disclosure_figures()
    figures = figures[figures["metric"] != "dmv_queries_via_nlets_by_ice"]
    with pytest.raises(BreakdownError, match="lack the ICE line"):
        breakdown_table(figures)


def test_different_periods_are_refused():
    figures = _figures_with("dmv_queries_via_nlets_by_ice", period_start=pd.Timestamp("2024-01-01"))
    with pytest.raises(BreakdownError, match="different periods"):
        breakdown_table(figures)


def test_check_names_the_line_when_shares_do_not_sum():
    bad = breakdown_table()
    bad.loc[bad["group"] == "ICE", "share_of_total"] = 0.5
    with pytest.raises(BreakdownError, match=r"line 'All requesters': sum of the ICE, HSI and other shares must be 1"):
        check_breakdown(bad)


def test_check_names_the_line_when_parts_do_not_add_up():
    bad = breakdown_table()
    bad.loc[bad["group"] == "All other requesters", "count"] = 1
    bad.loc[bad["group"] == "All other requesters", "share_of_total"] = 1 / 290_000_000
    with pytest.raises(BreakdownError, match=r"line 'All requesters': count must be ICE \+ HSI \+ all other requesters = 897,231, found 290,000,000"):
        check_breakdown(bad)


def test_check_names_the_line_when_a_rate_is_wrong():
    bad = breakdown_table()
    bad.loc[bad["group"] == "HSI", "per_day"] = 1.0
    with pytest.raises(BreakdownError, match=r"line 'HSI': per_day must be 1657\.8"):
        check_breakdown(bad)


def test_safe_rounding_keeps_bounds_true():
    assert prose.format_share(0.0010072758, "at most") == "0.101%"  # 0.10% would understate a ceiling
    assert prose.format_number(992.76, 0, "at least") == "992"
    assert prose.format_number(30.94, 0, "at most") == "31"


def test_formatted_table_says_the_bounds_in_words():
    shown = tables.format_breakdown(breakdown_table())
    assert shown.loc["ICE", "Share of all queries"] == "at most 0.101%"
    assert shown.loc["All other requesters", "Queries"] == "at least 289,102,770"
    assert shown.loc["ICE", "1 in N"] == "at most 1 in 992"


@pytest.fixture(scope="module")
def citable() -> dict[str, CitableNumber]:
    return {r.id: r for r in citable_numbers(breakdown_table())}


def test_citable_sentence_for_ice(citable):
    assert citable["ice-queries"].sentence == (
        "ICE ran 292,114 DMV queries through Nlets in the year to Sept. 30, 2025 — at most 0.101% of all DMV "
        "queries made through the system."
    )
    assert citable["ice-queries"].kind == "published"
    assert citable["ice-share"].bound == "at most"


def test_citable_numbers_appear_in_their_sentences(citable):
    for id_, row in citable.items():
        assert row.formatted_value.removeprefix("1 in ") in row.sentence, id_


def test_citable_bounded_numbers_say_so(citable):
    words = {"at least": r"at least|more than", "at most": r"at most|No more than"}
    for id_, row in citable.items():
        if row.bound in words:
            assert re.search(words[row.bound], row.sentence), id_


def test_citable_rows_carry_sources_and_full_citations(citable):
    assert all("https://" in r.citations for r in citable.values())
    assert citable["ice-queries"].citations.startswith("Office of U.S. Senator Ron Wyden")
    assert citable["ice-hsi-queries"].short_citation == "Office of U.S. Senator Ron Wyden, 2025-11-12"
    assert list(citable) == sorted(citable)


def test_citable_rows_say_what_their_value_counts_and_when(citable):
    """A share is a fraction of all queries (0.001 is 0.1%), a count is in queries; the period is the table's."""
    assert (citable["ice-share"].unit, citable["ice-queries"].unit) == (
        "share of all DMV queries through Nlets (fraction)", "DMV queries")
    assert citable["ice-per-day"].period == "2024-10-01 to 2025-09-30"
    assert citable["governors-sent-letters"].period == "2025-11-12"


def test_citable_sentences_follow_the_data():
    figures = _figures_with("dmv_queries_via_nlets_by_ice", value=300_000)
    rows = {r.id: r for r in citable_numbers(breakdown_table(figures))}
    assert rows["ice-queries"].sentence.startswith("ICE ran 300,000 DMV queries")
    assert rows["ice-per-day"].formatted_value == "822"


def test_waffle_squares_add_up():
    squares = breakdown.waffle_squares(breakdown_table())
    assert squares["squares"].sum() == 10_000
    assert squares.set_index("group")["squares"].to_dict() == {"ICE": 10, "HSI": 21, "All other requesters": 9969}



@given(st.floats(min_value=0, max_value=1e9, allow_nan=False), st.integers(min_value=0, max_value=4))
def test_safe_rounding_never_breaks_a_bound(value, decimals):
    assert prose.round_safe(value, decimals, "at most") >= Decimal(repr(value))
    assert prose.round_safe(value, decimals, "at least") <= Decimal(repr(value))


def test_ice_hsi_note_follows_the_counts():
    assert "cannot include all of HSI's queries" in breakdown_text.ice_hsi_note(breakdown_table())
    swapped = breakdown_table(_figures_with("dmv_queries_via_nlets_by_ice", value=700_000))
    assert "so it could include them" in breakdown_text.ice_hsi_note(swapped)
