"""Tests for analysis.safe_csv: no written cell runs as a spreadsheet formula, and reading undoes exactly the guard.
Every table and file here is synthetic: made-up agencies, ORIs and counts."""

from __future__ import annotations

import csv
import doctest
import io
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from analysis import safe_csv
from analysis.cleaning.clean import clean_file, write_result
from analysis.cleaning.read import read_query_counts
from analysis.safe_csv import FORMULA_START, neutralise, read_csv, undo, write_csv

NUMBER = r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?"


def cells(path: Path) -> list[str]:
    """Every cell of a CSV file as a spreadsheet would receive it (header included)."""
    with open(path, newline="", encoding="utf-8") as handle:
        return [cell for row in csv.reader(handle) for cell in row]


def formula_like(cell: str) -> bool:
    """A text cell a spreadsheet would run: starts with a formula character and is not a plain number."""
    return cell.startswith(FORMULA_START) and not pd.Series([cell], dtype="str").str.fullmatch(NUMBER).iat[0]


def test_doctests() -> None:
    assert doctest.testmod(safe_csv).failed == 0


# --------------------------------------------------------------------------------------------------------------------
# neutralise and undo


def test_text_cells_starting_a_formula_get_a_quote() -> None:
    raw = pd.Series(
        ['=HYPERLINK("http://x.test","click")', "+cmd|' /C calc'!A0", "@SUM(A1:A9)", "-2+3", "\tTAB", "\rCR", "-"],
        dtype="str",
        name="agency",
    )
    got = neutralise(pd.DataFrame({"agency": raw}))["agency"]
    pd.testing.assert_series_equal(got, "'" + raw)


def test_numbers_are_left_alone() -> None:
    table = pd.DataFrame(
        {
            "text": pd.Series(["-2", "-0.5", "+3", "1e-3", "-1E5", "12"], dtype="str"),
            "ints": [-2, -1, 0, 1, 2, 3],
            "floats": [-0.5, -1.0, np.nan, 1.5, 2.0, 3.0],
            "nullable": pd.array([-1, None, 2, 3, 4, 5], dtype="Int64"),
            "flags": [True, False, True, False, True, False],
            "dates": pd.date_range("2024-10-01", periods=6),
        }
    )
    pd.testing.assert_frame_equal(neutralise(table), table)


def test_plain_text_and_missing_values_are_left_alone() -> None:
    table = pd.DataFrame({"agency": pd.Series(["ICE", "O'Brien", " =spaced", None, "#comment"], dtype="str")})
    pd.testing.assert_frame_equal(neutralise(table), table)


def test_header_cells_and_object_and_category_columns() -> None:
    table = pd.DataFrame(
        {
            "=cmd": ["a", "b"],
            "mixed": pd.Series(["=1+1", 7], dtype=object),
            "kind": pd.Categorical(["@x", "ICE"]),
        }
    )
    got = neutralise(table)
    assert got.columns.tolist() == ["'=cmd", "mixed", "kind"]
    assert got["mixed"].tolist() == ["'=1+1", 7] and got["mixed"].dtype == object
    assert got["kind"].tolist() == ["'@x", "ICE"] and isinstance(got["kind"].dtype, pd.CategoricalDtype)
    pd.testing.assert_frame_equal(undo(got), table)


def test_the_input_is_not_modified() -> None:
    table = pd.DataFrame({"agency": pd.Series(["=x", "ICE"], dtype="str")})
    copy = table.copy()
    neutralise(table)
    undo(table)
    pd.testing.assert_frame_equal(table, copy)


def test_undo_removes_only_the_quote_writing_adds() -> None:
    table = pd.DataFrame({"c": pd.Series(["'=x", "'-2+3", "'@a", "'\tb", "''=y", "'quoted", "'", "'2", "-2"],
                                         dtype="str")})
    expected = pd.Series(["=x", "-2+3", "@a", "\tb", "'=y", "'quoted", "'", "'2", "-2"], dtype="str", name="c")
    pd.testing.assert_series_equal(undo(table)["c"], expected)


def test_a_cell_that_already_had_a_quote_comes_back_unchanged() -> None:
    table = pd.DataFrame({"c": pd.Series(["'=x", "''-y", "=x"], dtype="str")})
    assert neutralise(table)["c"].tolist() == ["''=x", "'''-y", "'=x"]
    pd.testing.assert_frame_equal(undo(neutralise(table)), table)


# --------------------------------------------------------------------------------------------------------------------
# write_csv and read_csv


def test_write_csv_bytes(tmp_path: Path) -> None:
    table = pd.DataFrame({"agency": ["=SUM(1)", "ICE", "-"], "queries": [-3, 5, 0]})
    write_csv(table, tmp_path / "t.csv")
    assert (tmp_path / "t.csv").read_bytes() == b"agency,queries\n'=SUM(1),-3\nICE,5\n'-,0\n"
    assert [p.name for p in tmp_path.iterdir()] == ["t.csv"]  # no temporary file left


def test_a_table_without_formula_cells_is_written_as_before(tmp_path: Path) -> None:
    table = pd.DataFrame({"state": ["NY", "CA"], "rate": [-1.25, 3.0], "day": pd.to_datetime(["2024-10-01"] * 2)})
    write_csv(table, tmp_path / "new.csv", date_format="%Y-%m-%d")
    table.to_csv(tmp_path / "old.csv", index=False, lineterminator="\n", date_format="%Y-%m-%d")
    assert (tmp_path / "new.csv").read_bytes() == (tmp_path / "old.csv").read_bytes()


text_cells = st.one_of(
    st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), min_size=1),
    st.sampled_from(["=1+1", "-2", "-0.5", "-2+3", "'=x", "''@y", "+cmd|' /C calc'!A0", "@SUM(A1)", "\tx", "\r"]),
    st.none(),
)


@given(st.lists(st.tuples(text_cells, text_cells, st.integers(-10**12, 10**12)), min_size=1, max_size=8))
def test_round_trip_and_no_formula_cell_property(rows: list[tuple[str | None, str | None, int]]) -> None:
    table = pd.DataFrame(rows, columns=["agency", "=note", "queries"]).astype({"agency": "str", "=note": "str"})
    with tempfile.TemporaryDirectory() as folder:
        path = write_csv(table, Path(folder) / "t.csv")
        assert not any(formula_like(cell) for cell in cells(path))
        back = read_csv(path, dtype={"agency": "str", "'=note": "str"}, keep_default_na=False, na_values=[""])
    pd.testing.assert_frame_equal(back, table)


# --------------------------------------------------------------------------------------------------------------------
# the outputs of cleaning


def write_counts(path: Path, agencies: list[str], oris: list[str], notes: list[str]) -> Path:
    """A synthetic count file: a title line, a comment row, then one row per agency."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["=HYPERLINK(\"http://x.test\") synthetic title"])
    writer.writerow(["State", "Agency", "ORI", "MKE", "Month", "Queries", "-Notes"])
    writer.writerow(["# =comment row, skipped", "", "", "", "", "", "=1+1"])
    for i, (agency, ori, note) in enumerate(zip(agencies, oris, notes, strict=True)):
        count = "abc" if i % 3 == 2 else str(i + 1)  # every third row is a reject
        writer.writerow(["NY" if i % 2 else "Texas", agency, ori, "DQ", "Oct 2024", count, note])
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


formula_text = st.from_regex(r"[=+\-@\t\r'][A-Za-z0-9 =+\-@|()!\"'.:]{0,12}", fullmatch=True)


@given(st.lists(st.tuples(st.one_of(formula_text, st.just("ICE")), formula_text, formula_text), min_size=1,
                max_size=6))
def test_no_formula_cell_in_clean_rejects_or_audit_property(rows: list[tuple[str, str, str]]) -> None:
    agencies, oris, notes = (list(column) for column in zip(*rows, strict=True))
    with tempfile.TemporaryDirectory() as folder:
        source = write_counts(Path(folder) / "=in.csv", agencies, oris, notes)
        written = write_result(clean_file(source), Path(folder) / "out")
        for path in written:
            bad = [cell for cell in cells(path) if formula_like(cell)]
            assert not bad, f"{path.name}: {bad}"


def test_cleaning_a_written_clean_csv_changes_nothing(tmp_path: Path) -> None:
    source = write_counts(
        tmp_path / "in.csv",
        agencies=['=HYPERLINK("http://x.test")', "ICE", "@SUM(A1)", "+cmd|x"],
        oris=["=CMD|X", "-5", "@ORI", "'=Q"],  # the third row is a reject
        notes=["-2+3", "n", "=1", "x"],
    )
    first = clean_file(source)
    write_result(first, tmp_path / "out")
    again = clean_file(tmp_path / "out" / "clean.csv")
    # the reader drops a guarding "'" in any CSV it reads, whoever wrote it: "'=Q" was meant as the text "=Q"
    assert first.clean["ori"].tolist() == ["=CMD|X", "-5", "=Q"]
    assert "'=CMD|X" in (tmp_path / "out" / "clean.csv").read_text()
    pd.testing.assert_frame_equal(again.clean.drop(columns="source_row"), first.clean.drop(columns="source_row"))
    reread = read_query_counts(tmp_path / "out" / "rejects.csv")  # a reject's raw cells come back as they were
    assert reread["agency"].tolist() == ["@SUM(A1)"] and reread["-Notes"].tolist() == ["=1"]
    assert "'-Notes" in (tmp_path / "out" / "rejects.csv").read_text().splitlines()[0]  # header cells too
