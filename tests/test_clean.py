"""Tests for analysis.cleaning.clean: the clean/rejects/audit contract and each invariant of issue 4."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pandas as pd
import pandera.errors
import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis.cleaning.clean import clean_file, clean_query_counts, write_result
from analysis.cleaning.clean_result import CLEAN_SCHEMA, REJECT_REASONS, CleanResult
from analysis.cleaning.counts import parse_count
from analysis.cleaning.read import read_query_counts

FIXTURES = Path(__file__).parent / "fixtures"
OCT = (pd.Timestamp("2024-10-01"), pd.Timestamp("2024-10-31"))


COLUMNS = ("destination_state", "agency", "message_key", "period", "queries")


def frame(rows: list[tuple], columns: tuple[str, ...] = COLUMNS) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=list(columns), dtype="str")


def parseable_sum(values: pd.Series) -> int:
    return int(parse_count(values)["value"].fillna(0).sum())


# --------------------------------------------------------------------------------------------------------------------
# the clean table


def test_clean_table_on_a_tiny_frame() -> None:
    raw = frame([("N.Y.", "ICE ERO", "dq", "Oct 2024", "1,040"), ("Minn.", "ICE HSI", "r q g", "2024-10", "7")])
    expected = pd.DataFrame(
        {
            "destination_state": ["NY", "MN"],
            "agency": ["ICE", "HSI"],
            "message_key": ["DQ", "RQ"],
            "record_type": ["driver", "vehicle"],
            "dmv": [True, True],
            "period_start": [OCT[0]] * 2,
            "period_end": [OCT[1]] * 2,
            "queries": np.array([1040, 7], dtype="int64"),
            "source_row": np.array([1, 2], dtype="int64"),
        }
    ).astype({"destination_state": "str", "agency": "str", "message_key": "str", "record_type": "str",
              "period_start": "datetime64[ns]", "period_end": "datetime64[ns]"})
    result = clean_query_counts(raw)
    pd.testing.assert_frame_equal(result.clean, expected)
    assert result.rejects.empty and isinstance(result, CleanResult)


def test_optional_columns_are_normalised_and_kept() -> None:
    raw = frame([("NY", "ICE", "DQ", "Oct 2024", "5", "Wash.", " wa0000000 ")],
                ("destination_state", "agency", "message_key", "period", "queries", "requesting_state", "ori"))
    clean = clean_query_counts(raw).clean
    assert clean.loc[0, "requesting_state"] == "WA" and clean.loc[0, "ori"] == "WA0000000"
    assert clean.columns[-1] == "source_row"


def test_unknowns_are_kept_not_rejected_and_shown_in_the_audit() -> None:
    raw = frame([("Atlantis", "Acme Corp", "???", "Oct 2024", "3")])
    result = clean_query_counts(raw)
    assert result.clean.loc[0, ["destination_state", "agency", "message_key"]].tolist() == ["UNKNOWN"] * 3
    assert result.rejects.empty
    audit = result.audit.set_index("column")
    assert audit.loc["destination_state", "raw_value"] == "Atlantis"
    assert audit.loc["destination_state", "clean_value"] == "UNKNOWN"
    assert result.summary.unknown_agency_rows == 1


def test_audit_counts_rows_and_queries_per_raw_value() -> None:
    raw = frame([("N.Y.", "ICE", "DQ", "Oct 2024", "5"), ("N.Y.", "ICE", "DQ", "Oct 2024", "7"),
                 ("new york", "ICE", "DQ", "Oct 2024", "1")])
    audit = clean_query_counts(raw).audit
    expected = pd.DataFrame(
        {"column": ["destination_state", "destination_state"], "raw_value": ["N.Y.", "new york"],
         "clean_value": ["NY", "NY"], "rows": [2, 1], "queries": [12, 1]}
    ).astype({"column": "str", "raw_value": "str", "clean_value": "str"})
    pd.testing.assert_frame_equal(audit[audit["column"] == "destination_state"].reset_index(drop=True), expected)
    assert set(audit["column"]) == {"destination_state", "agency", "message_key", "period"}


# --------------------------------------------------------------------------------------------------------------------
# rejects


def test_reject_reasons_with_details() -> None:
    raw = frame(
        [
            ("NY", "ICE", "DQ", "Oct 2024", ""),
            ("NY", "ICE", "DQ", "Oct 2024", "1.5"),
            ("NY", "ICE", "DQ", "Oct 2024", "-3"),
            ("NY", "ICE", "DQ", "Oct 2024", "lots"),
            ("NY", "ICE", "DQ", "", "4"),
            ("NY", "ICE", "DQ", "someday", "5"),
        ]
    )
    rejects = clean_query_counts(raw).rejects
    expected = pd.DataFrame(
        {"reason": ["missing_count", "bad_count", "bad_count", "bad_count", "missing_period", "bad_period"],
         "detail": [np.nan, "fractional", "negative", "not_a_number", np.nan, "unparseable"]}
    ).astype("str")
    pd.testing.assert_frame_equal(rejects[["reason", "detail"]], expected)
    pd.testing.assert_frame_equal(rejects[raw.columns.tolist()], raw)  # unchanged
    assert rejects["source_row"].tolist() == [1, 2, 3, 4, 5, 6]
    assert set(rejects["reason"]) <= set(REJECT_REASONS)


def test_rejects_name_their_file() -> None:
    result = clean_file(FIXTURES / "synthetic_counts_messy.csv")
    assert (result.rejects["source_file"] == "tests/fixtures/synthetic_counts_messy.csv").all()
    assert result.rejects.set_index("source_row")["reason"].to_dict() == {
        10: "missing_count", 11: "bad_count", 12: "bad_count", 13: "bad_period", 14: "bad_count", 16: "subtotal"
    }


# --------------------------------------------------------------------------------------------------------------------
# periods


def test_period_argument_for_files_without_a_period_column() -> None:
    raw = frame([("NY", "5")], ("destination_state", "queries"))
    clean = clean_query_counts(raw, period="FY2025").clean
    assert (clean.loc[0, "period_start"], clean.loc[0, "period_end"]) == (pd.Timestamp("2024-10-01"), pd.Timestamp("2025-09-30"))
    rejects = clean_query_counts(raw).rejects
    assert rejects["reason"].tolist() == ["missing_period"]


def test_period_argument_fills_only_blank_period_cells() -> None:
    raw = frame([("NY", "ICE", "DQ", "", "5"), ("NY", "ICE", "DQ", "Nov 2024", "6")])
    clean = clean_query_counts(raw, period="Oct 2024").clean
    assert clean["period_start"].dt.month.tolist() == [10, 11]


def test_a_bad_period_argument_is_an_error() -> None:
    with pytest.raises(ValueError, match="period='whenever'"):
        clean_query_counts(frame([("NY", "5")], ("destination_state", "queries")), period="whenever")


def periods_of(clean: pd.DataFrame) -> pd.DataFrame:
    return clean[["period_start", "period_end", "source_row"]].reset_index(drop=True)


def expected_periods(spans: list[tuple[str, str]], rows: list[int]) -> pd.DataFrame:
    return pd.DataFrame(
        {"period_start": pd.to_datetime([a for a, _ in spans]).astype("datetime64[ns]"),
         "period_end": pd.to_datetime([b for _, b in spans]).astype("datetime64[ns]"),
         "source_row": np.array(rows, dtype="int64")}
    )


def test_first_of_month_dates_are_months_under_a_month_header(tmp_path: Path) -> None:
    path = tmp_path / "months.csv"
    path.write_text("State,Month,Count\nNY,2024-10-01,1\nNY,2024-11-01,2\n")
    expected = expected_periods([("2024-10-01", "2024-10-31"), ("2024-11-01", "2024-11-30")], [2, 3])
    pd.testing.assert_frame_equal(periods_of(clean_file(path).clean), expected)


def test_one_row_month_file_is_a_month_and_a_daily_date_file_is_days(tmp_path: Path) -> None:
    month, date = tmp_path / "month.csv", tmp_path / "date.csv"
    month.write_text("State,Month,Count\nNY,2024-10-01,1\n")
    date.write_text("State,Date,Count\nNY,2024-10-01,1\nNY,2024-10-02,2\n")
    pd.testing.assert_frame_equal(periods_of(clean_file(month).clean),
                                  expected_periods([("2024-10-01", "2024-10-31")], [2]))
    days = expected_periods([("2024-10-01", "2024-10-01"), ("2024-10-02", "2024-10-02")], [2, 3])
    pd.testing.assert_frame_equal(periods_of(clean_file(date).clean), days)


def test_a_row_has_the_same_period_in_a_subset_as_in_the_whole_file_for_a_given_grain(tmp_path: Path) -> None:
    # under period_grain="auto" the grain comes from the whole column's values; a grain given explicitly makes each
    # row's period its own
    first_days = "NY,2024-10-01,1\nNY,2024-11-01,2\n"
    bodies = [first_days, first_days + "CA,Oct 2024,3\nCA,2024-10-15,4\n"]
    for (number, body), header, grain in itertools.product(
        enumerate(bodies), ("Month", "Date", "Period"), ("month", "day")
    ):
        path = tmp_path / f"{header}{number}.csv"
        path.write_text(f"State,{header},Count\n{body}")
        raw = read_query_counts(path)
        whole = periods_of(clean_query_counts(raw, period_grain=grain).clean)
        for rows in ([0], [1], [0, 1], [1, 0], [0, 2], [3], [2, 3]):
            if max(rows) >= len(raw):
                continue
            part = periods_of(clean_query_counts(raw.iloc[rows], period_grain=grain).clean)
            pd.testing.assert_frame_equal(part, whole.iloc[rows].reset_index(drop=True))


def test_wide_table_with_first_of_month_date_headers_has_months(tmp_path: Path) -> None:
    path = tmp_path / "wide.csv"
    path.write_text("State,2024-10-01,2024-11-01\nNY,1,2\n")
    expected = expected_periods([("2024-10-01", "2024-10-31"), ("2024-11-01", "2024-11-30")], [2, 2])
    pd.testing.assert_frame_equal(periods_of(clean_file(path).clean), expected)


def test_period_grain_argument() -> None:
    raw = frame([("NY", "2024-10-01", "1"), ("NY", "Oct 2024", "2"), ("NY", "2024-10-01..2024-12-31", "3")],
                ("destination_state", "period", "queries"))
    days = expected_periods([("2024-10-01", "2024-10-01"), ("2024-10-01", "2024-10-31"),
                             ("2024-10-01", "2024-12-31")], [1, 2, 3])
    months = expected_periods([("2024-10-01", "2024-10-31")] * 2 + [("2024-10-01", "2024-12-31")], [1, 2, 3])
    with pytest.raises(ValueError, match=r"^column 'period' holds one date \(2024-10-01\): say --period-grain"):
        clean_query_counts(raw)  # one first-of-month date: a day or a month? only the user knows
    pd.testing.assert_frame_equal(periods_of(clean_query_counts(raw, period_grain="day").clean), days)
    pd.testing.assert_frame_equal(periods_of(clean_query_counts(raw, period_grain="month").clean), months)
    with pytest.raises(ValueError, match="period_grain='week'"):
        clean_query_counts(raw, period_grain="week")


def test_a_table_without_queries_is_refused() -> None:
    with pytest.raises(ValueError, match="no 'queries' column"):
        clean_query_counts(pd.DataFrame({"state": ["NY"]}))


# --------------------------------------------------------------------------------------------------------------------
# subtotals


def test_labelled_totals_are_rejected_and_checked() -> None:
    raw = frame(
        [
            ("NY", "ICE", "DQ", "Oct 2024", "10"),
            ("NY", "HSI", "DQ", "Oct 2024", "5"),
            ("New York Total", "", "", "", "15"),
            ("CA", "ICE", "DQ", "Oct 2024", "4"),
            ("CA Subtotal", "", "", "", "5"),
            ("Grand Total", "", "", "", "19"),
        ]
    )
    result = clean_query_counts(raw)
    assert result.clean["source_row"].tolist() == [1, 2, 4]
    subtotals = result.subtotals
    assert subtotals["source_row"].tolist() == [3, 5, 6]
    assert subtotals["agrees"].tolist() == [True, False, True]
    assert subtotals["sum_of_rows"].tolist() == [15, 4, 19]
    assert subtotals["rows_closed"].tolist() == [2, 1, 3]
    assert result.rejects["detail"].tolist()[1] == "differs: 1 rows above sum to 4 (rows 4-4)"
    assert (result.summary.subtotals_agree, result.summary.subtotals_disagree) == (2, 1)


@pytest.mark.parametrize("label", ["Total", "TOTAL", "Grand Total", "Subtotal", "Sub-total", "All states", "Totals"])
def test_total_label_spellings(label: str) -> None:
    raw = frame([("NY", "ICE", "DQ", "Oct 2024", "10"), (label, "", "", "", "10")])
    assert clean_query_counts(raw).rejects["reason"].tolist() == ["subtotal"]


def test_a_name_starting_with_total_in_a_full_row_is_not_a_subtotal() -> None:
    raw = frame([("NY", "Total Protection Services", "DQ", "Oct 2024", "3"), ("NY", "ICE", "DQ", "Oct 2024", "3")])
    result = clean_query_counts(raw)
    assert result.rejects.empty and result.clean["agency"].tolist() == ["UNKNOWN", "ICE"]


def test_total_in_a_non_identity_column_does_not_make_a_subtotal() -> None:
    raw = pd.DataFrame(
        {"destination_state": ["NY", "CA"], "agency": ["ICE", "ICE"], "message_key": ["DQ", "DQ"],
         "period": ["Oct 2024", "Oct 2024"], "queries": ["5", "7"], "Notes": ["", "Total"]}, dtype="str"
    )
    result = clean_query_counts(raw)
    expected = pd.DataFrame(
        {"destination_state": ["NY", "CA"], "queries": np.array([5, 7], dtype="int64"),
         "source_row": np.array([1, 2], dtype="int64")}
    ).astype({"destination_state": "str"})
    pd.testing.assert_frame_equal(result.clean[["destination_state", "queries", "source_row"]], expected)
    assert result.rejects.empty and result.subtotals.empty


@pytest.mark.parametrize(
    ("column", "label"), [("Scope", "All"), ("Scope", "Total"), ("requesting_state", "All"), ("requesting_state", "Sum")]
)
def test_a_label_constant_down_its_column_is_not_a_subtotal(column: str, label: str) -> None:
    raw = frame([("NY", "ICE", "DQ", "Oct 2024", "5"), ("CA", "HSI", "RQ", "Oct 2024", "7")]).assign(**{column: label})
    result = clean_query_counts(raw)
    expected = pd.DataFrame(
        {"destination_state": ["NY", "CA"], "agency": ["ICE", "HSI"], "queries": np.array([5, 7], dtype="int64")}
    ).astype({"destination_state": "str", "agency": "str"})
    pd.testing.assert_frame_equal(result.clean[["destination_state", "agency", "queries"]], expected)
    assert result.rejects.empty and result.summary.rejected_rows_by_reason == {}


def test_a_label_in_a_varying_identity_column_is_still_a_subtotal() -> None:
    raw = frame([("NY", "ICE", "DQ", "Oct 2024", "5"), ("NY", "HSI", "DQ", "Oct 2024", "7"),
                 ("NY", "All", "DQ", "Oct 2024", "12")])
    result = clean_query_counts(raw)
    expected = pd.DataFrame({"source_row": [3], "reason": ["subtotal"],
                             "detail": ["agrees: 2 rows above sum to 12 (rows 1-2)"]}).astype(
        {"source_row": "int64", "reason": "str", "detail": "str"})
    pd.testing.assert_frame_equal(result.rejects[["source_row", "reason", "detail"]], expected)


def test_blank_key_row_equal_to_the_rows_it_closes_is_a_subtotal() -> None:
    raw = frame(
        [
            ("NY", "ICE", "DQ", "Oct 2024", "10"),
            ("NY", "ICE", "RQ", "Oct 2024", "5"),
            ("NY", "ICE", "", "", "15"),   # closes NY × ICE
            ("NY", "HSI", "DQ", "Oct 2024", "3"),
            ("NY", "", "", "", "18"),       # closes NY
            ("", "", "", "", "18"),         # closes everything
        ]
    )
    result = clean_query_counts(raw)
    assert result.rejects["source_row"].tolist() == [3, 5, 6]
    assert (result.rejects["reason"] == "subtotal").all()
    assert result.subtotals["agrees"].tolist() == [True, True, True]


def test_blank_key_row_that_sums_nothing_is_kept_as_unknown() -> None:
    raw = frame([("NY", "ICE", "DQ", "Oct 2024", "10"), ("NY", "ICE", "", "Oct 2024", "4")])
    result = clean_query_counts(raw)
    assert result.rejects.empty
    assert result.clean["message_key"].tolist() == ["DQ", "UNKNOWN"]


def test_blank_key_row_equal_to_one_neighbour_is_a_data_row() -> None:
    raw = frame([("NY", "ICE", "DQ", "Oct 2024", "5"), ("NY", "ICE", "", "Oct 2024", "5"),
                 ("CA", "HSI", "RQ", "Oct 2024", "3"), ("CA", "", "RQ", "Oct 2024", "3"),
                 ("CA", "HSI", "RQ", "Nov 2024", "9")])
    result = clean_query_counts(raw)
    expected = pd.DataFrame(
        {"destination_state": ["NY", "NY", "CA", "CA", "CA"], "agency": ["ICE", "ICE", "HSI", "UNKNOWN", "HSI"],
         "message_key": ["DQ", "UNKNOWN", "RQ", "RQ", "RQ"], "queries": np.array([5, 5, 3, 3, 9], dtype="int64"),
         "source_row": np.array([1, 2, 3, 4, 5], dtype="int64")}
    ).astype({"destination_state": "str", "agency": "str", "message_key": "str"})
    pd.testing.assert_frame_equal(
        result.clean[["destination_state", "agency", "message_key", "queries", "source_row"]], expected
    )
    assert result.rejects.empty and result.subtotals.empty


def test_blank_key_row_closing_two_rows_is_a_subtotal() -> None:
    raw = frame([("NY", "ICE", "DQ", "Oct 2024", "5"), ("NY", "ICE", "RQ", "Oct 2024", "2"),
                 ("NY", "ICE", "", "Oct 2024", "7")])
    result = clean_query_counts(raw)
    expected = pd.DataFrame({"source_row": [3], "reason": ["subtotal"],
                             "detail": ["agrees: 2 rows above sum to 7 (rows 1-2)"]}).astype(
        {"source_row": "int64", "reason": "str", "detail": "str"})
    pd.testing.assert_frame_equal(result.rejects[["source_row", "reason", "detail"]], expected)


def test_subtotal_above_the_rows_it_closes() -> None:
    raw = frame([("NY", "", "", "", "15"), ("NY", "ICE", "DQ", "Oct 2024", "10"), ("NY", "HSI", "DQ", "Oct 2024", "5")])
    result = clean_query_counts(raw)
    assert result.rejects["source_row"].tolist() == [1]
    assert result.rejects.loc[0, "detail"] == "agrees: 2 rows below sum to 15 (rows 2-3)"


# --------------------------------------------------------------------------------------------------------------------
# duplicates


def test_exact_duplicates_are_flagged_not_merged() -> None:
    raw = frame([("NY", "ICE", "DQ", "Oct 2024", "5"), ("NY", "ICE", "DQ", "Oct 2024", "5"),
                 ("N.Y.", "ICE", "DQ", "Oct 2024", "5")])
    result = clean_query_counts(raw)
    assert len(result.clean) == 3 and result.clean["queries"].sum() == 15
    expected = pd.DataFrame({"source_row": [2], "duplicate_of": [1], "queries": pd.array([5], dtype="Int64")})
    pd.testing.assert_frame_equal(result.duplicates, expected)
    assert (result.summary.duplicate_rows, result.summary.duplicate_queries) == (1, 5)


# --------------------------------------------------------------------------------------------------------------------
# invariants on the messy fixture and on generated tables


def check_invariants(raw: pd.DataFrame, result: CleanResult) -> None:
    rows = pd.concat([result.clean["source_row"], result.rejects["source_row"]]).sort_values().tolist()
    expected_rows = raw["source_row"].tolist() if "source_row" in raw else list(range(1, len(raw) + 1))
    assert rows == sorted(expected_rows)  # every row in exactly one of clean / rejects
    queries_in = parseable_sum(raw["queries"])
    assert queries_in == int(result.clean["queries"].sum()) + parseable_sum(result.rejects["queries"])
    assert result.summary.balanced
    assert result.summary.queries_in == queries_in
    assert sum(result.summary.rejected_rows_by_reason.values()) == len(result.rejects)
    for column in ("destination_state", "agency", "message_key"):
        part = result.audit[result.audit["column"] == column]
        if column in raw:
            assert part["rows"].sum() == len(result.clean) and part["queries"].sum() == result.clean["queries"].sum()
    CLEAN_SCHEMA.validate(result.clean)


def test_invariants_on_the_messy_fixture() -> None:
    raw = pd.read_csv(FIXTURES / "synthetic_counts_messy.csv", skiprows=3, dtype=str, keep_default_na=False)
    result = clean_file(FIXTURES / "synthetic_counts_messy.csv")
    check_invariants(read_query_counts(FIXTURES / "synthetic_counts_messy.csv"), result)
    assert result.summary.queries_in == 2 * 2109  # the detail rows plus the grand total that repeats them
    assert len(raw) == 12 and result.summary.rows_in == 11  # the comment line is not a row


def test_cleaning_the_clean_table_changes_nothing() -> None:
    result = clean_file(FIXTURES / "synthetic_counts_messy.xlsx")
    again = clean_query_counts(result.clean)
    pd.testing.assert_frame_equal(again.clean, result.clean)
    assert again.rejects.empty


def test_input_is_not_modified() -> None:
    raw = frame([("N.Y.", "ICE", "dq", "Oct 2024", "1,040"), ("Total", "", "", "", "1,040")])
    copy = raw.copy()
    clean_query_counts(raw)
    pd.testing.assert_frame_equal(raw, copy)


STATES = st.sampled_from(["NY", "N.Y.", " ny ", "Calif.", "Minn.", "Atlantis", "", "Total", "Grand Total"])
AGENCY = st.sampled_from(["ICE", "ICE ERO", "HSI", "Austin PD", "Acme", ""])
KEY = st.sampled_from(["DQ", "dq", "r q", "RQG", "", "zz"])
PERIOD = st.sampled_from(["Oct 2024", "2024-11", "FY2025", "", "never"])
COUNT = st.one_of(st.integers(0, 10_000).map(str), st.integers(1000, 99_999).map(lambda n: f"{n:,}"),
                  st.sampled_from(["", "1.5", "-3", "abc"]))
ROWS = st.lists(st.tuples(STATES, AGENCY, KEY, PERIOD, COUNT), max_size=25)


@given(ROWS)
def test_invariants_hold_on_generated_tables(rows: list[tuple]) -> None:
    raw = frame(rows)
    result = clean_query_counts(raw)
    check_invariants(raw, result)
    again = clean_query_counts(result.clean)
    pd.testing.assert_frame_equal(again.clean, result.clean)


@given(st.lists(st.tuples(STATES.filter(lambda s: "otal" not in s and s), AGENCY.filter(bool), KEY.filter(bool),
                          PERIOD.filter(bool), COUNT), max_size=15), st.randoms(use_true_random=False))
def test_row_order_does_not_change_the_clean_rows(rows: list[tuple], rnd) -> None:
    """Without subtotal candidates (no labels, no blank keys) any order gives the same clean rows. Files with
    subtotals are only order-independent within their blocks: see the next test."""
    raw = frame(rows)
    raw["source_row"] = np.arange(1, len(raw) + 1)
    order = list(range(len(raw)))
    rnd.shuffle(order)
    first = clean_query_counts(raw).clean.sort_values("source_row").reset_index(drop=True)
    second = clean_query_counts(raw.iloc[order]).clean.sort_values("source_row").reset_index(drop=True)
    pd.testing.assert_frame_equal(first, second)


@st.composite
def blocked_tables(draw) -> tuple[list[list[tuple]], tuple | None]:
    """Blocks of data rows, one state each, each closed by a subtotal row (labelled "NY Total" or a blank-key row,
    agreeing or not), perhaps with one data row whose message key is blank; and perhaps a grand total. Counts of
    full rows are >= 10 and blank-key data rows < 10, so a blank-key data row can never equal two or more rows."""
    states = draw(st.lists(st.sampled_from(["NY", "CA", "TX", "WA", "Minn."]), min_size=1, max_size=4, unique=True))
    blocks, everything = [], 0
    for state in states:
        rows = [
            (state, draw(st.sampled_from(["ICE", "HSI", "Austin PD"])), draw(st.sampled_from(["DQ", "RQ", "rqg"])),
             "Oct 2024", draw(st.one_of(st.integers(10, 5000).map(str), st.sampled_from(["", "1.5"]))))
            for _ in range(draw(st.integers(2, 5)))
        ]
        if draw(st.booleans()):
            rows.append((state, draw(st.sampled_from(["ICE", "HSI"])), "", "Oct 2024", str(draw(st.integers(0, 9)))))
        total = parseable_sum(pd.Series([r[4] for r in rows]))
        everything += total
        count = str(total + draw(st.sampled_from([0, 0, 1, 100])))
        closing = (f"{state} Total", "", "", "", count) if draw(st.booleans()) else (state, "", "", "", count)
        blocks.append([*rows, closing])
    grand = ("Grand Total", "", "", "", str(everything + draw(st.sampled_from([0, 7])))) if draw(st.booleans()) else None
    return blocks, grand


def _table(blocks: list[list[tuple]], grand: tuple | None) -> pd.DataFrame:
    return frame([row for block in blocks for row in block] + ([grand] if grand else []))


@given(blocked_tables(), st.randoms(use_true_random=False))
def test_row_order_within_blocks_does_not_change_the_result(table, rnd) -> None:
    """Subtotals are positional: a blank-key row is a subtotal because it equals the rows next to it, and a label
    row closes the rows above it. So the order that can change without changing the result is the order of the data
    rows inside each block, and the order of whole blocks (each with its subtotal last). Shuffling both keeps the
    clean rows, every row's reject reason, each subtotal's verdict (rows closed, sum, agrees) and the summary; only
    the positions reported (first_row/last_row, the detail text, duplicate_of) follow the new order."""
    blocks, grand = table
    raw = _table(blocks, grand)
    raw["source_row"] = np.arange(1, len(raw) + 1)
    numbered, at = [], 0
    for block in blocks:
        numbered.append(list(range(at, at + len(block))))
        at += len(block)
    shuffled = []
    for rows in rnd.sample(numbered, len(numbered)):
        shuffled += rnd.sample(rows[:-1], len(rows) - 1) + [rows[-1]]
    order = shuffled + ([at] if grand else [])
    first, second = clean_query_counts(raw), clean_query_counts(raw.iloc[order])

    def by_row(table: pd.DataFrame, columns: list[str] | None = None) -> pd.DataFrame:
        return (table if columns is None else table[columns]).sort_values("source_row").reset_index(drop=True)

    pd.testing.assert_frame_equal(by_row(first.clean), by_row(second.clean))
    pd.testing.assert_frame_equal(by_row(first.rejects, ["source_row", "reason"]),
                                  by_row(second.rejects, ["source_row", "reason"]))
    verdict = ["source_row", "label", "queries", "rows_closed", "sum_of_rows", "agrees"]
    pd.testing.assert_frame_equal(by_row(first.subtotals, verdict), by_row(second.subtotals, verdict))
    assert first.summary == second.summary
    # every block's closing row and the grand total are recognised, whatever the order
    closing = {block[-1][0] for block in blocks}
    labelled = {row for row in closing if row.endswith("Total")}
    assert set(first.subtotals["label"]) - {"(blank key)", "Grand Total"} == labelled
    assert len(first.subtotals) >= len(labelled) + bool(grand)


# --------------------------------------------------------------------------------------------------------------------
# schema and output files


def test_schema_refuses_a_bad_clean_table() -> None:
    clean = clean_query_counts(frame([("NY", "ICE", "DQ", "Oct 2024", "5")])).clean
    with pytest.raises(pandera.errors.SchemaErrors):
        CLEAN_SCHEMA.validate(clean.assign(agency="Martians"), lazy=True)
    with pytest.raises(pandera.errors.SchemaErrors):
        CLEAN_SCHEMA.validate(clean.assign(queries=-1), lazy=True)


def test_summary_table_lists_every_measure() -> None:
    result = clean_file(FIXTURES / "synthetic_counts_messy.csv")
    table = result.summary_table().set_index("measure")["value"]
    assert table["rows_in"] == "11" and table["rejected_rows_by_reason: bad_count"] == "3"
    assert table["queries_in_excluding_subtotals"] == "2109" and table["balanced"] == "True"


def test_write_result_is_deterministic(tmp_path: Path) -> None:
    result = clean_file(FIXTURES / "synthetic_counts_messy.csv")
    first = write_result(result, tmp_path / "a")
    second = write_result(clean_file(FIXTURES / "synthetic_counts_messy.csv"), tmp_path / "b")
    assert [p.name for p in first] == ["clean.csv", "rejects.csv", "audit.csv", "subtotals.csv", "duplicates.csv"]
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes()
    assert (tmp_path / "a" / "clean.csv").read_text().splitlines()[1] == (
        "NY,ICE,DQ,driver,True,2024-10-01,2024-10-31,1040,5"
    )


def test_wide_table_row_totals_are_subtotals(tmp_path: Path) -> None:
    path = tmp_path / "wide.csv"
    path.write_text("State,Agency,Oct 2024,Nov 2024,Total\nN.Y.,ICE,10,,10\nCalif.,HSI,1,2,4\n")
    result = clean_file(path)
    assert result.clean[["destination_state", "queries", "source_row", "source_column"]].values.tolist() == [
        ["NY", 10, 2, "C"], ["CA", 1, 3, "C"], ["CA", 2, 3, "D"]
    ]
    assert result.rejects["reason"].tolist() == ["missing_count", "subtotal", "subtotal"]
    assert result.subtotals["agrees"].tolist() == [True, False]
    raw = read_query_counts(path)
    check_invariants(raw, result)
    assert len(raw) == 6


def test_a_blank_key_zero_row_does_not_close_rows_that_have_no_count():
    """Two rows whose counts are blank add up to nothing: a blank-key row of 0 beside them is data, in any order."""
    rows = [("TX", "HSI", "DQ", "Oct 2024", ""), ("TX", "HSI", "DQ", "Oct 2024", ""),
            ("TX", "HSI", "", "Oct 2024", "0"), ("TX", "ICE", "DQ", "Oct 2024", "10")]
    for order in (rows, rows[2:3] + rows[:2] + rows[3:]):
        result = clean_query_counts(frame(order))
        assert result.subtotals.empty
        assert int(result.clean["queries"].sum()) == 10
        assert len(result.rejects) == 2
