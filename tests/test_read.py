"""Tests for analysis.cleaning.read: formats, encodings, header detection, source_row and readable errors."""

from __future__ import annotations

import gzip
from pathlib import Path

import pandas as pd
import pytest

from analysis.cleaning.read import QueryCountsReadError, read_counts, read_query_counts

FIXTURES = Path(__file__).parent / "fixtures"
MESSY = FIXTURES / "synthetic_counts_messy.csv"
CANONICAL = ["destination_state", "agency", "message_key", "period", "queries", "source_row"]


def test_messy_csv_header_below_title_lines_raw_strings_and_source_rows() -> None:
    frame = read_query_counts(MESSY)
    assert frame.columns.tolist() == CANONICAL
    # title (1), run date (2), blank (3), header (4); the comment line (9) is skipped
    assert frame["source_row"].tolist() == [5, 6, 7, 8, 10, 11, 12, 13, 14, 15, 16]
    first = frame.iloc[[0, 2, 3]]
    expected = pd.DataFrame(
        {
            "destination_state": ["N.Y.", " NY ", "Calif."],
            "agency": ["ICE ERO", "ICE HSI", "Police Department, City of Austin"],
            "message_key": ["dq", "r q", "RQG"],
            "period": ["Oct 2024", "2024-10", "10/2024"],
            "queries": ["1,040", "7", "3"],
            "source_row": [5, 7, 8],
        },
        index=[0, 2, 3],
    ).astype({c: "str" for c in CANONICAL[:-1]})
    pd.testing.assert_frame_equal(first, expected)
    assert frame.loc[4, "queries"] is pd.NA or pd.isna(frame.loc[4, "queries"])  # a blank count stays missing
    assert read_counts(MESSY).source_file == "tests/fixtures/synthetic_counts_messy.csv"


@pytest.mark.parametrize(
    "name", ["synthetic_counts_messy.tsv", "synthetic_counts_messy.csv.gz", "synthetic_counts_messy.xlsx"]
)
def test_other_formats_read_the_same_table(name: str) -> None:
    expected = read_query_counts(MESSY)
    frame = read_query_counts(FIXTURES / name)
    pd.testing.assert_frame_equal(frame, expected)


def test_xlsx_picks_the_first_sheet_with_a_header_or_the_named_one() -> None:
    assert read_counts(FIXTURES / "synthetic_counts_messy.xlsx").sheet == "Counts"
    assert read_counts(FIXTURES / "synthetic_counts_messy.xlsx", sheet="counts").sheet == "Counts"
    assert read_counts(FIXTURES / "synthetic_counts_messy.xlsx", sheet=1).sheet == "Counts"


def test_cp1252_with_semicolons() -> None:
    frame = read_query_counts(FIXTURES / "synthetic_counts_cp1252.csv")
    assert frame["destination_state"].tolist()[-2:] == ["Québec", "Ont."]
    assert frame["agency"].tolist()[-2] == "Sûreté du Québec"
    assert frame["agency"].tolist()[3] == "Police Department, City of Austin"  # a comma inside a ;-separated cell
    assert frame["source_row"].tolist() == [3, 4, 5, 6, 7, 8]


def test_utf8_bom_does_not_stick_to_the_first_header() -> None:
    frame = read_query_counts(FIXTURES / "synthetic_counts_bom.csv")
    assert frame.columns[0] == "destination_state"
    assert frame["source_row"].tolist() == [2, 3, 4, 5]


def test_parquet(tmp_path: Path) -> None:
    path = tmp_path / "counts.parquet"
    pd.DataFrame({"State": ["NY", None], "Count": [1040, 7], "Month": ["Oct 2024", "Nov 2024"]}).to_parquet(path)
    frame = read_query_counts(path)
    assert frame.columns.tolist() == ["destination_state", "queries", "period", "source_row"]
    assert frame["queries"].tolist() == ["1040", "7"]
    assert pd.isna(frame.loc[1, "destination_state"])
    assert frame["source_row"].tolist() == [1, 2]


@pytest.mark.parametrize(
    ("headers", "canonical"),
    [
        (["State", "Count"], ["destination_state", "queries"]),
        (["Destination State", "Queries"], ["destination_state", "queries"]),
        (["DEST ST", "# of Queries"], ["destination_state", "queries"]),
        (["Requesting Agency", "Total"], ["agency", "queries"]),
        (["Agency Name", "Number of Queries"], ["agency", "queries"]),
        (["Message Key", "Count"], ["message_key", "queries"]),
        (["MKE", "Count"], ["message_key", "queries"]),
        (["msg_type", "count"], ["message_key", "queries"]),
        (["Transaction", "Transactions"], ["message_key", "queries"]),
        (["Month", "Count"], ["period", "queries"]),
        (["Date", "Count"], ["period", "queries"]),
        (["PERIOD", "Count"], ["period", "queries"]),
        (["Requesting ORI", "Requesting State", "Count"], ["ori", "requesting_state", "queries"]),
    ],
)
def test_header_variants(tmp_path: Path, headers: list[str], canonical: list[str]) -> None:
    path = tmp_path / "h.csv"
    path.write_text(",".join(headers) + "\n" + ",".join(["x"] * len(headers)) + "\n")
    assert read_query_counts(path).columns.tolist() == [*canonical, "source_row"]


def test_extra_columns_are_kept_raw_and_duplicates_keep_their_names(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("State,Count,Total,Notes\nNY,5,5, checked \n")
    frame = read_query_counts(path)
    assert frame.columns.tolist() == ["destination_state", "queries", "Total", "Notes", "source_row"]
    assert frame.loc[0, "Notes"] == " checked "


def test_columns_override(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("Juris,Tot Qry,Count\nNY,5,9\n")
    frame = read_query_counts(path, columns={"Juris": "destination_state", "Tot Qry": "queries"})
    assert frame.columns.tolist() == ["destination_state", "queries", "Count", "source_row"]
    with pytest.raises(QueryCountsReadError, match="must be one of"):
        read_query_counts(path, columns={"Juris": "state"})
    with pytest.raises(QueryCountsReadError, match=r"x\.csv, row 1: columns: 'Tot Qty' is not a header of this file"):
        read_query_counts(path, columns={"Juris": "destination_state", "Tot Qty": "queries"})


def test_ragged_rows_keep_their_cells(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("State,Agency,Count\nNY,Police Department, City of Austin,5\nCA,ICE\n")
    frame = read_query_counts(path)
    assert frame.loc[0, "queries"] == " City of Austin" and frame.loc[0, "column_4"] == "5"
    assert pd.isna(frame.loc[1, "queries"])


def test_a_renamed_workbook_is_read_as_excel(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_bytes((FIXTURES / "synthetic_counts_messy.xlsx").read_bytes())
    assert len(read_query_counts(path)) == 11


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("missing.csv", None, r"missing\.csv: no such file"),
        ("nohead.csv", b"Just,some\nwords,here\n", r"nohead\.csv: no header row in the first 30 rows"),
        ("empty.csv", b"", r"empty\.csv: the file is empty \(0 bytes\)"),
        ("binary.csv", b"\x00\x01\x02garbage" * 20, r"binary\.csv: this is not a text file"),
        ("broken.xlsx", b"PK\x03\x04 not really a zip", r"broken\.xlsx: cannot open the workbook"),
        ("broken.csv.gz", b"\x1f\x8b\x08 truncated", r"broken\.csv\.gz: cannot decompress"),
        ("broken.parquet", b"PAR1 nope", r"broken\.parquet: cannot read the Parquet file"),
    ],
)
def test_unreadable_files_raise_one_error_naming_the_file(
    tmp_path: Path, name: str, content: bytes | None, message: str
) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(QueryCountsReadError, match=message) as info:
        read_query_counts(path)
    assert "\n" not in str(info.value)


def test_missing_sheet_lists_the_sheets() -> None:
    with pytest.raises(QueryCountsReadError, match=r"there is no sheet 'Nope'; sheets: Cover, Counts"):
        read_query_counts(FIXTURES / "synthetic_counts_messy.xlsx", sheet="Nope")


def test_broken_quoting_names_the_row(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_bytes(b'State,Count\nNY,5\n"CA,7\nTX,9\n')  # an unclosed quote would swallow the rest of the file
    with pytest.raises(QueryCountsReadError, match=r"x\.csv, row 3: a quote opened on this line is never closed"):
        read_query_counts(path)
    path.write_bytes(b'State,Count\nNY,5\n"C\nA",7\n')  # a closed quote may span lines
    assert read_query_counts(path)["destination_state"].tolist() == ["NY", "C\nA"]


def test_gzip_of_a_cp1252_file(tmp_path: Path) -> None:
    path = tmp_path / "x.txt.gz"
    path.write_bytes(gzip.compress("State\tCount\nQuébec\t5\n".encode("cp1252"), mtime=0))
    assert read_query_counts(path)["destination_state"].tolist() == ["Québec"]


def test_a_header_repeated_on_every_page_is_not_a_row(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("State,Count\nNY,5\nState,Count\nCA,7\n")
    frame = read_query_counts(path)
    assert frame["destination_state"].tolist() == ["NY", "CA"] and frame["source_row"].tolist() == [2, 4]


def test_wide_table_with_one_column_per_month(tmp_path: Path) -> None:
    path = tmp_path / "wide.csv"
    path.write_text("SYNTHETIC\nState,Agency,Oct 2024,Nov 2024,Total\nN.Y.,ICE,10,,10\nCalif.,HSI,1,2,3\n")
    frame = read_query_counts(path)
    expected = pd.DataFrame(
        {
            "destination_state": ["N.Y."] * 3 + ["Calif."] * 3,
            "agency": ["ICE"] * 3 + ["HSI"] * 3,
            "period": ["Oct 2024", "Nov 2024", "Total"] * 2,
            "queries": ["10", None, "10", "1", "2", "3"],
            "source_row": [3, 3, 3, 4, 4, 4],
            "source_column": ["C", "D", "E"] * 2,
        }
    ).astype({"destination_state": "str", "agency": "str", "period": "str", "queries": "str", "source_column": "str"})
    pd.testing.assert_frame_equal(frame, expected)


def test_raw_headers_and_period_grain_are_kept_beside_the_table(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("Title line\nDest. St,Query Month,# of Queries\nNY,2024-10-01,5\n")
    read = read_counts(path)
    assert read.headers == {"destination_state": "Dest. St", "period": "Query Month", "queries": "# of Queries"}
    assert read.period_grain == "month"
    assert read.table.attrs == {}  # nothing rides on the DataFrame
    path.write_text("State,Date,Count\nNY,2024-10-01,5\n")
    assert read_counts(path).period_grain == "auto"


@pytest.mark.parametrize(
    ("text", "fast"),
    [
        ("Title\n\nState,Count\nNY,5\n\n# comment\nState,Count\nCA,\"1,040\"\n  ,  \nTX,\n", True),
        ("State,Count\r\nNY,5\r\nCA,6", True),
        ("State,Count,,\nNY,5,,\nCA,6,,x\n", True),
        ("State,Count\n", True),
        ("State;Count\nNY;5\n#N/A;3\n", True),
        ("x\ny\nState,Month,Count\nNY, 2024-10-01 ,5\nNY,,\n,,\n", True),
        ("State,Count\nNY,5,\nCA,6\n", True),
        ("State,Agency,Count\nNY,\"multi\nline\",5\nCA,x,6\n", False),  # a quoted line break
        ("State,Count\nNY,5\nCA,6,7,8\n", False),  # a row longer than the first
        ("State,Count\rNY,5\rCA,6\r", False),  # old Mac line ends
        ("State,Oct 2024,Nov 2024\nNY,1,2\n", False),  # a wide table
    ],
)
def test_the_fast_text_reader_gives_the_row_by_row_result(tmp_path: Path, monkeypatch, text: str, fast: bool) -> None:
    from analysis.cleaning import read

    path = tmp_path / "x.csv"
    path.write_bytes(text.encode())
    assert (read._text_frame(path, path.read_bytes(), {}) is not None) == fast
    quick = read.read_counts(path)
    monkeypatch.setattr(read, "_text_frame", lambda *args: None)
    slow = read.read_counts(path)
    pd.testing.assert_frame_equal(quick.table, slow.table)
    assert (quick.headers, quick.period_grain, quick.sheet) == (slow.headers, slow.period_grain, slow.sheet)
