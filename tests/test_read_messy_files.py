"""Tests for analysis.cleaning.read on files as offices send them: decoration rows around the data, spreadsheet error values,
merged cells, files whose content disagrees with their name, and ``columns=`` choosing the sheet and header. Every
fixture is synthetic and built here."""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis.cleaning import formats, read
from analysis.cleaning.clean import clean_file
from analysis.cleaning.counts import parse_count
from analysis.cleaning.raw_counts import EXCEL_ERRORS, FilledCell
from analysis.cleaning.read import QueryCountsReadError, read_counts, read_query_counts

FIXTURES = Path(__file__).parent / "fixtures"
HEADER = ["State", "Agency", "Msg Type", "Month", "Count"]


def write_xlsx(path: Path, rows: list[list], merges: tuple[str, ...] = (), sheet: str = "Counts") -> None:
    """A workbook with one sheet; a cell whose text is a spreadsheet error value is written as an error cell."""
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = sheet
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            if value is None:
                continue
            cell = ws.cell(row=r, column=c, value=value)
            if isinstance(value, str) and value in EXCEL_ERRORS:
                cell.data_type = "e"
    for span in merges:
        ws.merge_cells(span)
    book.save(path)


# --------------------------------------------------------------------------------------------------------------------
# no row vanishes: decorations around and among the rows


DECORATIONS = {
    "blank": [],
    "comment": ["# SYNTHETIC file, counts made up"],
    "footnote": ["* Counts under 10 are not suppressed in this synthetic file"],
    "source": ["Source: SYNTHETIC records office export"],
    "superscript": ["¹ Includes queries from task forces"],
    "page": ["Page 2 of 3"],
    "page header": HEADER,
}
STATE = st.sampled_from(["NY", "N.Y.", "Calif.", "Ohio¹", "Texas (a)", "# late entry", *sorted(EXCEL_ERRORS)])
COUNT = st.one_of(st.integers(0, 9_999).map(str), st.integers(1_000, 99_999).map(lambda n: f"{n:,}"),
                  st.sampled_from(["#N/A", "#DIV/0!", "", "n/a"]))


@st.composite
def decorated_files(draw) -> tuple[list[list[str]], list[tuple[int, str]]]:
    """A title block, the header, then data rows with decorations in between and after; returns the rows and, for
    each data row, its line number and count."""
    rows: list[list[str]] = [["Nlets queries by state - SYNTHETIC, not real data"], ["Run date: 11/01/2025"], []]
    rows.append(HEADER)
    data = []
    for _ in range(draw(st.integers(1, 12))):
        for kind in draw(st.lists(st.sampled_from(sorted(DECORATIONS)), max_size=2)):
            rows.append(list(DECORATIONS[kind]))
        state, count = draw(STATE), draw(COUNT)
        if state.startswith("# ") and parse_count(count).value is None:
            count = "5"  # a "#" row without a count is a comment by definition; with one it is data
        rows.append([state, draw(st.sampled_from(["ICE", "HSI", "Austin PD"])), "DQ", "Oct 2024", count])
        data.append((len(rows), count))
    for kind in draw(st.lists(st.sampled_from(["footnote", "source", "blank", "comment"]), max_size=3)):
        rows.append(list(DECORATIONS[kind]))
    return rows, data


def check_every_data_row_lands_once(path: Path, data: list[tuple[int, str]]) -> None:
    result = clean_file(path, period="Oct 2024")
    landed = pd.concat([result.clean["source_row"], result.rejects["source_row"]]).tolist()
    for line, _ in data:
        assert landed.count(line) == 1, f"row {line} landed {landed.count(line)} times"
    counted = [c for _, c in data if parse_count(c).value is not None]
    expected = sum(parse_count(c).value for c in counted)
    rejected = int(parse_count(result.rejects["queries"])["value"].fillna(0).sum()) if len(result.rejects) else 0
    assert int(result.clean["queries"].sum()) + rejected == expected
    assert result.summary.balanced and result.summary.queries_in == expected


@given(decorated_files())
def test_no_row_with_a_count_vanishes_among_decorations_in_a_csv(table) -> None:
    rows, data = table
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "counts.csv"
        text = io.StringIO()
        csv.writer(text, lineterminator="\n").writerows(rows)
        path.write_text(text.getvalue(), encoding="utf-8")
        check_every_data_row_lands_once(path, data)


@given(decorated_files())
def test_no_row_with_a_count_vanishes_among_decorations_in_a_workbook(table) -> None:
    rows, data = table
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "counts.xlsx"
        write_xlsx(path, [[int(v) if v.isdigit() else v for v in row] for row in rows])
        check_every_data_row_lands_once(path, data)


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_error_values_in_the_first_cell_are_rows_not_comments(tmp_path: Path, suffix: str) -> None:
    codes = sorted(EXCEL_ERRORS)
    rows = [["State", "Count"], *([code, 3] for code in codes), ["# note: not a row"], ["NY", 4]]
    path = tmp_path / f"errors{suffix}"
    if suffix == ".csv":
        path.write_text("\n".join(",".join(map(str, row)) for row in rows) + "\n")
    else:
        write_xlsx(path, rows)
    raw = read_query_counts(path)
    assert raw["destination_state"].tolist() == [*codes, "NY"]
    assert raw["source_row"].tolist() == [*range(2, 2 + len(codes)), 2 + len(codes) + 1]
    result = clean_file(path, period="FY2025")
    assert result.rejects["reason"].tolist() == ["spreadsheet_error"] * len(codes)
    assert result.rejects["detail"].tolist() == [f"destination_state: {code}" for code in codes]
    assert result.summary.rejected_queries_by_reason == {"spreadsheet_error": 3 * len(codes)}


def test_a_comment_marker_row_with_a_count_is_data(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "x.csv"
    path.write_text("State,Count\nNY,5\n# added by hand,7\n# a real comment\n#,\n")
    quick = read_query_counts(path)
    monkeypatch.setattr(read, "_text_frame", lambda *args: None)
    slow = read_query_counts(path)
    pd.testing.assert_frame_equal(quick, slow)
    assert quick["queries"].tolist() == ["5", "7"] and quick["source_row"].tolist() == [2, 3]


def test_a_workbook_with_error_cells_reads_as_calamine_would_read_it_without(monkeypatch) -> None:
    expected = read_query_counts(FIXTURES / "synthetic_counts_messy.xlsx")
    monkeypatch.setattr(formats, "_has_error_cells", lambda path: True)  # the openpyxl reader
    pd.testing.assert_frame_equal(read_query_counts(FIXTURES / "synthetic_counts_messy.xlsx"), expected)


# --------------------------------------------------------------------------------------------------------------------
# merged cells


def test_vertically_merged_cells_are_filled_down_and_audited(tmp_path: Path) -> None:
    path = tmp_path / "merged.xlsx"
    rows = [
        ["Queries by state and agency (SYNTHETIC)"],
        ["State", "Agency", "Count"],
        ["Texas", "ICE", 10],
        [None, "HSI", 5],
        [None, "Austin PD", 2],
        ["Ohio", "ICE", 7],
        [None, None, None],      # a blank row inside a merge stays out
        [None, "HSI", 30],       # a count merged over two rows is not copied
        [None, "CBP", None],
    ]
    write_xlsx(path, rows, merges=("A1:C1", "A3:A5", "A6:A9", "C8:C9"))
    read = read_counts(path)
    raw = read.table
    assert raw["destination_state"].tolist() == ["Texas", "Texas", "Texas", "Ohio", "Ohio", "Ohio"]
    assert raw["queries"].fillna("<blank>").tolist() == ["10", "5", "2", "7", "30", "<blank>"]
    assert read.filled_down == (
        FilledCell("destination_state", 4, 3, "Texas"),
        FilledCell("destination_state", 5, 3, "Texas"),
        FilledCell("destination_state", 8, 6, "Ohio"),
        FilledCell("destination_state", 9, 6, "Ohio"),
    )
    audit = clean_file(path, period="FY2025").audit
    filled = audit[audit["column"] == "filled_down"].reset_index(drop=True)
    expected = pd.DataFrame({
        "column": ["filled_down"] * 2, "raw_value": ["Texas", "Ohio"],
        "clean_value": ["destination_state from row 3 into rows 4-5", "destination_state from row 6 into rows 8-9"],
        "rows": [2, 2], "queries": [7, 30],
    }).astype({"column": "str", "raw_value": "str", "clean_value": "str", "rows": "int64", "queries": "int64"})
    pd.testing.assert_frame_equal(filled, expected)


# --------------------------------------------------------------------------------------------------------------------
# the content decides, not the name


HTML = """<!DOCTYPE html><html><head><meta charset="utf-8"><style>td { color: red }</style></head><body>
<table><tr><td colspan="3">Nlets queries - SYNTHETIC</td></tr>
<tr><th>State</th><th>Agency</th><th>Count</th></tr>
<tr><td rowspan="2">New&nbsp;York</td><td>ICE  ERO</td><td>1,040</td></tr>
<tr><td>HSI</td><td>7</td></tr>
<tr><td>Qu&eacute;bec</td><td>RCMP<br>Ottawa</td><td>3</td></tr>
</table></body></html>"""


def test_an_html_table_saved_as_xls_is_read_as_a_table(tmp_path: Path) -> None:
    path = tmp_path / "export.xls"
    path.write_text(HTML, encoding="utf-8")
    read = read_counts(path)
    raw = read.table
    expected = pd.DataFrame({
        "destination_state": ["New York", "New York", "Québec"], "agency": ["ICE ERO", "HSI", "RCMP Ottawa"],
        "queries": ["1,040", "7", "3"], "source_row": [3, 4, 5],
    }).astype({"destination_state": "str", "agency": "str", "queries": "str"})
    pd.testing.assert_frame_equal(raw, expected)
    assert read.filled_down[0].source_row == 4


def test_an_html_page_with_two_tables_takes_the_one_with_a_header(tmp_path: Path) -> None:
    path = tmp_path / "report.xls"
    path.write_text("<html><table><tr><td>Menu</td></tr></table>"
                    "<table><tr><td>State</td><td>Count</td></tr><tr><td>NY</td><td>5</td></tr></table></html>")
    read = read_counts(path)
    assert read.table["destination_state"].tolist() == ["NY"] and read.sheet == "table 2"
    with pytest.raises(QueryCountsReadError, match=r"report\.xls: there is no table number 5; tables: table 1, "):
        read_query_counts(path, sheet=5)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("saved-as.xlsx", "State,Count\nNY,5\nQuébec,7\n".encode()),
        ("saved-as.xls", "State\tCount\nNY\t5\nQuébec\t7\n".encode("cp1252")),
        ("saved-as.parquet", b"State;Count\nNY;5\nQu\xe9bec;7\n"),
        ("utf16le.csv", "State,Count\nNY,5\nQuébec,7\n".encode("utf-16-le")),
        ("utf16be.txt", "State\tCount\nNY\t5\nQuébec\t7\n".encode("utf-16-be")),
        ("utf16le.xlsx", "State,Count\r\nNY,5\r\nQuébec,7\r\n".encode("utf-16-le")),
    ],
)
def test_text_is_read_as_text_whatever_the_name(tmp_path: Path, name: str, content: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    raw = read_query_counts(path)
    assert raw["destination_state"].tolist() == ["NY", "Québec"] and raw["queries"].tolist() == ["5", "7"]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("noise.xlsx", bytes(range(256)) * 8, r"noise\.xlsx: named \.xlsx, but the content is neither a workbook"),
        ("old.xls", b'<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet">',
         r"old\.xls: an XML Spreadsheet 2003 file"),
        ("empty.xls", b"<html><body>No data</body></html>", r"empty\.xls: an HTML file without a <table>"),
        ("half.csv", ("State,Count\n" + "NY,5\n" * 500).encode("utf-16-le") + b"\x00\xd8A\x00",  # a lone surrogate
         r"half\.csv: looks like UTF-16-LE text without a byte-order mark"),
    ],
)
def test_content_that_cannot_be_read_is_one_error_naming_the_file(
    tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(QueryCountsReadError, match=message) as info:
        read_query_counts(path)
    assert "\n" not in str(info.value)


# --------------------------------------------------------------------------------------------------------------------
# columns= chooses the sheet and the header row


def test_column_names_choose_the_sheet(tmp_path: Path) -> None:
    path = tmp_path / "book.xlsx"
    book = openpyxl.Workbook()
    summary = book.active
    summary.title = "Summary"
    for row in (["State", "Total"], ["All states", 12]):
        summary.append(row)
    detail = book.create_sheet("Detail")
    for row in (["Juris", "Agency", "Tot Qry"], ["NY", "ICE", 5], ["CA", "HSI", 7]):
        detail.append(row)
    book.save(path)
    assert read_counts(path).sheet == "Summary"
    read = read_counts(path, columns={"Juris": "destination_state", "Tot Qry": "queries"})
    assert read.sheet == "Detail" and read.table["queries"].tolist() == ["5", "7"]


def test_column_names_choose_the_header_row(tmp_path: Path) -> None:
    path = tmp_path / "two-headers.csv"
    path.write_text("State,Agency,Count\nJuris,Agency Name,Tot Qry\nNY,ICE,5\n")
    assert read_query_counts(path)["destination_state"].tolist() == ["Juris", "NY"]  # the first header wins
    raw = read_query_counts(path, columns={"Juris": "destination_state", "Tot Qry": "queries"})
    assert raw["destination_state"].tolist() == ["NY"] and raw["source_row"].tolist() == [3]
