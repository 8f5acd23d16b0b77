"""Tests for the subtotal checks of analysis.cleaning.clean: wide tables column by column, group subtotals, footnote markers,
spreadsheet error values, and "differs" only when a subtotal differs. All fixtures are synthetic."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from analysis.cleaning.clean import clean_file, clean_query_counts
from analysis.cleaning.counts import parse_count
from analysis.cleaning.raw_counts import EXCEL_ERRORS
from analysis.cleaning.read import read_query_counts

COLUMNS = ("destination_state", "agency", "message_key", "period", "queries")


def frame(rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=list(COLUMNS), dtype="str")


def verdicts(result) -> list[tuple[int, object, str]]:
    details = dict(zip(result.rejects["source_row"], result.rejects["detail"], strict=True))
    return [(int(r), a if pd.notna(a) else None, details[r])
            for r, a in zip(result.subtotals["source_row"], result.subtotals["agrees"], strict=True)]


# --------------------------------------------------------------------------------------------------------------------
# wide tables: column by column


WIDE = (
    "SYNTHETIC wide table, not real data\n"
    "State,Agency,Oct 2024,Nov 2024,Dec 2024,Total\n"
    "NY,ICE,10,20,30,60\n"
    "NY,HSI,1,2,3,6\n"
    "NY Total,,11,22,34,67\n"   # December is off by one
    "Grand Total,,11,22,33,66\n"
)


def test_a_wide_total_row_is_checked_column_by_column(tmp_path: Path) -> None:
    path = tmp_path / "wide.csv"
    path.write_text(WIDE)
    result = clean_file(path)
    subtotals = result.subtotals.set_index(["source_row", "source_column"])
    expected = pd.DataFrame(
        {"source_row": [5, 5, 5, 6, 6, 6], "source_column": ["C", "D", "E", "C", "D", "E"],
         "sum_of_rows": pd.array([11, 22, 33, 11, 22, 33], dtype="Int64"),
         "agrees": pd.array([True, True, False, True, True, True], dtype="boolean")}
    ).astype({"source_column": "str"}).set_index(["source_row", "source_column"])
    pd.testing.assert_frame_equal(subtotals.loc[expected.index, ["sum_of_rows", "agrees"]], expected)
    details = result.rejects.set_index(["source_row", "source_column"])["detail"]
    assert details[(5, "E")] == "differs: 2 rows above sum to 33 (rows 3-4, column E)"
    assert details[(5, "C")] == "agrees: 2 rows above sum to 11 (rows 3-4, column C)"
    assert details[(3, "F")] == "agrees: 3 cells of its row sum to 60 (columns C-E)"
    assert int(result.clean["queries"].sum()) == 66  # the six detail cells, nothing twice


def test_a_pivot_grand_total_column_is_a_checked_total_not_a_month_or_agency(tmp_path: Path) -> None:
    path = tmp_path / "pivot.csv"
    path.write_text("State,Oct 2024,Nov 2024,Grand Total\nNY,3,4,7\nCA,1,1,3\nGrand Total,4,5,9\n")
    raw = read_query_counts(path)
    assert "Grand Total" not in raw.columns and "agency" not in raw.columns
    assert raw.loc[raw["source_column"] == "D", "period"].unique().tolist() == ["Grand Total"]
    result = clean_file(path)
    assert int(result.clean["queries"].sum()) == 9 and result.clean["source_column"].isin(["B", "C"]).all()
    column_d = result.subtotals[result.subtotals["source_column"] == "D"]
    assert column_d["agrees"].tolist() == [True, False, True]  # CA's row total says 3, its months 2
    assert result.summary.balanced


def test_a_blank_key_file_row_of_a_wide_table_is_a_subtotal_as_a_whole(tmp_path: Path) -> None:
    path = tmp_path / "wide.csv"
    path.write_text("State,Agency,Oct 2024,Nov 2024,Dec 2024\nCA,ICE,5,5,5\nCA,HSI,1,1,1\nCA,,6,6,7\n")
    result = clean_file(path)
    # two of three cells equal the rows above, so the whole file row is a subtotal, and December differs
    assert result.rejects["reason"].tolist() == ["subtotal"] * 3
    assert result.subtotals["agrees"].tolist() == [True, True, False]
    path.write_text("State,Agency,Oct 2024,Nov 2024,Dec 2024\nCA,ICE,5,5,5\nCA,HSI,1,1,1\nCA,,6,2,2\n")
    result = clean_file(path)  # one coincidence in three is a data row with a missing agency
    assert result.rejects.empty and result.clean["agency"].tolist()[-3:] == ["UNKNOWN"] * 3


# --------------------------------------------------------------------------------------------------------------------
# group subtotals and report totals


def test_group_subtotals_close_their_group_and_the_report_total_everything() -> None:
    raw = frame([
        ("TX", "ICE", "DQ", "Oct 2024", "10"),
        ("TX", "HSI", "DQ", "Oct 2024", "5"),
        ("TX", "Subtotal – Federal agencies", "", "", "15"),
        ("TX", "Texas DPS", "DQ", "Oct 2024", "3"),
        ("TX", "Austin PD", "DQ", "Oct 2024", "4"),
        ("TX", "Subtotal – State agencies", "", "", "7"),
        ("Total for report:", "", "", "", "22"),
    ])
    result = clean_query_counts(raw)
    assert verdicts(result) == [
        (3, True, "agrees: 2 rows above sum to 15 (rows 1-2)"),
        (6, True, "agrees: 2 rows above sum to 7 (rows 4-5)"),
        (7, True, "agrees: 4 rows above sum to 22 (rows 1-5)"),
    ]
    assert int(result.clean["queries"].sum()) == 22


def test_repeated_unnamed_sub_totals_each_close_their_own_group() -> None:
    raw = frame([
        ("NY", "ICE", "DQ", "Oct 2024", "10"), ("NY", "HSI", "DQ", "Oct 2024", "5"), ("Sub-total", "", "", "", "15"),
        ("CA", "ICE", "DQ", "Oct 2024", "3"), ("CA", "HSI", "DQ", "Oct 2024", "4"), ("Sub-total", "", "", "", "8"),
        ("Grand Total", "", "", "", "22"),
    ])
    assert verdicts(clean_query_counts(raw)) == [
        (3, True, "agrees: 2 rows above sum to 15 (rows 1-2)"),
        (6, False, "differs: 2 rows above sum to 7 (rows 4-5)"),
        (7, True, "agrees: 4 rows above sum to 22 (rows 1-5)"),
    ]


def test_a_group_label_that_names_no_state_closes_the_rows_back_to_the_previous_group() -> None:
    raw = frame([
        ("NY", "ICE", "DQ", "Oct 2024", "10"), ("NJ", "ICE", "DQ", "Oct 2024", "5"), ("NJ Total", "", "", "", "5"),
        ("Northeast Subtotal", "", "", "", "15"), ("OH", "ICE", "DQ", "Oct 2024", "2"),
        ("Midwest Subtotal", "", "", "", "2"),
    ])
    assert [v[1] for v in verdicts(clean_query_counts(raw))] == [True, True, True]


def test_a_group_label_that_does_not_add_up_cannot_be_checked_rather_than_differs() -> None:
    raw = frame([("NY", "ICE", "DQ", "Oct 2024", "10"), ("NJ", "ICE", "DQ", "Oct 2024", "5"),
                 ("NJ Total", "", "", "", "5"), ("Northeast Total", "", "", "", "14")])
    assert verdicts(clean_query_counts(raw))[-1] == (
        4, None, "cannot be checked: its label names no value of its column, and the 2 rows above sum to 15 (rows 1-2)"
    )


# --------------------------------------------------------------------------------------------------------------------
# footnote markers


def test_footnote_markers_are_stripped_before_normalising() -> None:
    raw = frame([
        ("Ohio¹", "ICE*", "DQ", "Oct 2024", "10"), ("Ohio¹", "HSI", "DQ", "Oct 2024", "5"),
        ("Ohio Total", "", "", "", "15"),
        ("Texas (a)", "ICE", "DQ", "Oct 2024", "3"), ("Texas [1]", "HSI", "DQ", "Oct 2024", "4"),
        ("Texas Total†", "", "", "", "7"),
        ("Nevada*", "ICE", "DQ", "Oct 2024", "1"), ("New York (NY)", "ICE", "DQ", "Oct 2024", "1"),
    ])
    result = clean_query_counts(raw)
    assert result.clean["destination_state"].tolist() == ["OH", "OH", "TX", "TX", "NV", "NY"]
    assert result.clean["agency"].tolist()[0] == "ICE"
    assert [v[1] for v in verdicts(result)] == [True, True]
    audit = result.audit[result.audit["column"] == "destination_state"]
    assert "Ohio¹" in audit["raw_value"].tolist()  # the audit keeps the raw spelling


# --------------------------------------------------------------------------------------------------------------------
# spreadsheet error values


def test_error_values_are_rejected_with_their_count_and_never_make_a_subtotal_differ() -> None:
    raw = frame([
        ("NY", "ICE", "DQ", "Oct 2024", "10"),
        ("#REF!", "ICE", "DQ", "Oct 2024", "5"),   # a state that was a broken formula
        ("NY", "HSI", "DQ", "Oct 2024", "3"),
        ("NY Total", "", "", "", "18"),
        ("#SPILL!", "", "", "", "4"),               # blank keys, but not a subtotal: an error
        ("TX", "ICE", "#N/A", "Oct 2024", "#DIV/0!"),
    ])
    result = clean_query_counts(raw)
    rejects = result.rejects[["source_row", "reason", "detail"]]
    expected = pd.DataFrame({
        "source_row": [2, 4, 5, 6],
        "reason": ["spreadsheet_error", "subtotal", "spreadsheet_error", "spreadsheet_error"],
        "detail": ["destination_state: #REF!",
                   "cannot be checked: 1 rows above sum to 3 (rows 3-3); row 2 next to them has a spreadsheet error "
                   "value",
                   "destination_state: #SPILL!", "message_key: #N/A; queries: #DIV/0!"],
    }).astype({"source_row": "int64", "reason": "str", "detail": "str"})
    pd.testing.assert_frame_equal(rejects, expected)
    assert result.subtotals["agrees"].isna().all() and result.summary.subtotals_disagree == 0
    assert result.summary.rejected_queries_by_reason["spreadsheet_error"] == 9
    assert result.summary.balanced


def test_an_error_value_outside_the_walked_column_does_not_stop_a_subtotal() -> None:
    raw = frame([("NY", "ICE", "DQ", "Oct 2024", "10"), ("NY", "#N/A", "DQ", "Oct 2024", "5"),
                 ("NY Total", "", "", "", "15")])
    result = clean_query_counts(raw)
    assert result.subtotals["agrees"].tolist() == [True]
    assert result.rejects["reason"].tolist() == ["spreadsheet_error", "subtotal"]


def test_every_error_value_is_recognised() -> None:
    raw = frame([(code, "ICE", "DQ", "Oct 2024", "7") for code in sorted(EXCEL_ERRORS)])
    result = clean_query_counts(raw)
    assert result.rejects["reason"].eq("spreadsheet_error").all() and len(result.rejects) == 15
    assert result.summary.queries_rejected == 7 * 15


# --------------------------------------------------------------------------------------------------------------------
# property: correct subtotals of any style agree, and only wrong ones differ


LABELS = {
    "state": lambda s: f"{s} Total", "state_marked": lambda s: f"{s} Total*", "blank": lambda s: s,
    "sub": lambda s: "Sub-total", "group": lambda s: f"Subtotal – Region {s}",
}


@st.composite
def blocks(draw) -> tuple[list[tuple], list[bool]]:
    """Blocks of rows, one state each (written with a footnote marker or not), each closed by a subtotal in one of
    several styles whose count is right or off by some amount; then a report total. Returns the rows and, per
    subtotal in order, whether it should agree."""
    states = draw(st.lists(st.sampled_from(["NY", "CA", "TX", "Ohio", "Minn."]), min_size=1, max_size=4, unique=True))
    rows, expected, everything = [], [], 0
    for state in states:
        marker = draw(st.sampled_from(["", "¹", "*", " (a)", " [2]"]))
        counts = draw(st.lists(st.integers(10, 900), min_size=2, max_size=4))
        agencies = draw(st.permutations(["ICE", "HSI", "CBP", "Austin PD"]))[: len(counts)]
        rows += [(state + marker, agency, "DQ", "Oct 2024", f"{n:,}") for agency, n in zip(agencies, counts)]
        style = draw(st.sampled_from(sorted(LABELS)))
        # a blank-key row that equals nothing is a data row, not a wrong subtotal: those are always right here
        off = 0 if style == "blank" else draw(st.sampled_from([0, 0, 1, 100]))
        label = LABELS[style](state)
        rows.append((label, "", "", "", str(sum(counts) + off)) if style != "blank"
                    else (state + marker, "", "", "", str(sum(counts) + off)))
        expected.append(off == 0)
        everything += sum(counts)
    rows.append(("Total for report:", "", "", "", str(everything)))
    return rows, expected


@given(blocks())
def test_a_subtotal_differs_only_when_it_differs(table) -> None:
    rows, expected = table
    result = clean_query_counts(frame(rows))
    agrees = result.subtotals["agrees"].tolist()
    assert [bool(a) for a in agrees[:-1]] == expected
    assert all("differs" in d for a, d in zip(agrees, result.rejects.set_index("source_row").loc[
        result.subtotals["source_row"], "detail"], strict=True) if a is False)
    assert agrees[-1] is True or bool(agrees[-1]) is True  # the report total closes every detail row
    counts = parse_count(frame(rows)["queries"])["value"]
    assert result.summary.queries_in == int(counts.sum()) and result.summary.balanced


def test_a_wide_file_of_correct_totals_has_no_differences(tmp_path: Path) -> None:
    rng = np.random.default_rng(7)
    months = ["Oct 2024", "Nov 2024", "Dec 2024", "Jan 2025"]
    lines, grand = ["State,Agency," + ",".join(months) + ",Grand Total"], np.zeros(4, int)
    for state in ["NY", "Ohio¹", "Texas (a)"]:
        block = rng.integers(0, 500, size=(3, 4))
        for agency, values in zip(["ICE", "HSI", "CBP"], block):
            lines.append(f"{state},{agency}," + ",".join(map(str, values)) + f",{values.sum()}")
        total = block.sum(axis=0)
        lines.append(f"{state.split('(')[0].strip()} Total,," + ",".join(map(str, total)) + f",{total.sum()}")
        grand += total
    lines.append("Grand Total,," + ",".join(map(str, grand)) + f",{grand.sum()}")
    path = tmp_path / "wide.csv"
    path.write_text("\n".join(lines) + "\n")
    result = clean_file(path)
    assert result.subtotals["agrees"].all() and result.summary.subtotals_disagree == 0
    assert int(result.clean["queries"].sum()) == int(grand.sum())


def test_formula_text_in_a_key_cell_is_data_not_a_sum_label():
    """'@SUM(1)' in an ORI column is the text of a formula, not a "Sum" label: the row is a count like any other."""
    raw = pd.DataFrame(
        [("WA", '=HYPERLINK("x")', "@SUM(1)", "DQ", "2025-01", "10"), ("OR", "ICE", "X", "DQ", "2025-01", "5")],
        columns=["destination_state", "agency", "ori", "message_key", "period", "queries"], dtype="str",
    )
    result = clean_query_counts(raw)
    assert result.rejects.empty
    assert result.clean["queries"].tolist() == [10, 5]
