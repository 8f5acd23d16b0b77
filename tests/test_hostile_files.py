"""Hostile input files (issue 28): each is made here by a small generator in ``tmp_path``, and each test asserts the
promise for it: the exact totals, one line and exit 2 (never a traceback, a MemoryError or a signal death), within
time and memory bounds. Every file is synthetic."""

from __future__ import annotations

import gzip
import os
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from analysis.cli import main

HEADER = "State,Agency,MKE,Period,Queries\n"


def counts_file(folder: Path, name: str, rows: list[str]) -> Path:
    """A tiny synthetic count table (one line per row, e.g. ``NY,ICE,DQ,Oct 2024,5``)."""
    path = folder / name
    path.write_text(HEADER + "".join(f"{r}\n" for r in rows), encoding="utf-8")
    return path


def xlsx_with_cell_at(path: Path, ref: str, *, dimension: str | None = None) -> Path:
    """A minimal valid .xlsx (a few KB) whose only sheet holds one number at ``ref``; ``dimension`` is what the
    sheet claims its used range is (a lie is allowed)."""
    sheet = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<dimension ref="{dimension or ref}"/><sheetData>'
        f'<row r="{"".join(c for c in ref if c.isdigit())}"><c r="{ref}"><v>1</v></c></row>'
        "</sheetData></worksheet>"
    )
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/'
            'workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.worksheet+xml"/></Types>'),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
            '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'),
        "xl/workbook.xml": (
            '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
            '2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
            '<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
            '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'),
        "xl/worksheets/sheet1.xml": sheet,
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return path


def gzip_bomb(path: Path, size: int) -> Path:
    """A gzip file of ``size`` zero bytes once decompressed (a few KB on disk per 10 MB)."""
    block = b"0" * (1 << 20)
    with gzip.open(path, "wb", compresslevel=9) as handle:
        handle.write(HEADER.encode())
        for _ in range(size // len(block)):
            handle.write(block)
    return path


def html_span_bomb(path: Path, rows: int = 400, cells: int = 200) -> Path:
    """A small HTML table whose cells ask for colspan 1000 each: rows × cells × 1000 places if laid out."""
    row = "<tr>" + '<td colspan="1000">1</td>' * cells + "</tr>"
    path.write_text("<html><body><table><tr><th>State</th><th>Queries</th></tr>" + row * rows + "</table></body>"
                    "</html>", encoding="utf-8")
    return path


def run_cli(argv: list[str], cwd: Path, *, env: dict[str, str] | None = None, timeout: float = 60,
            memory: int = 2 << 30) -> subprocess.CompletedProcess[str]:
    """The command in a new process with an address-space cap of ``memory`` bytes (Linux), so that a run that
    would need more fails the test instead of the machine."""
    def cap() -> None:
        import resource  # POSIX only: the cap is applied on Linux

        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

    return subprocess.run([sys.executable, "-m", "analysis.cli", *argv], cwd=cwd, capture_output=True, text=True,
                          timeout=timeout, check=False, preexec_fn=cap if sys.platform == "linux" else None,
                          env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path), **(env or {})})


def one_line_refusal(done: subprocess.CompletedProcess[str], *words: str) -> None:
    assert done.returncode == 2, (done.returncode, done.stderr[-2000:])
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr, done.stderr[-2000:]
    for word in words:
        assert word in done.stderr, done.stderr


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def refused_in_process(capsys: pytest.CaptureFixture[str], argv: list[str], *words: str) -> str:
    capsys.readouterr()
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert captured.err.count("\n") == 1 and "Traceback" not in captured.err, captured.err
    for word in words:
        assert word in captured.err, captured.err
    return captured.err


# --------------------------------------------------------------------------------------------------------------------
# exact numbers


def test_a_count_of_2_63_minus_1_is_kept_exactly(work, capsys) -> None:
    counts_file(work, "max.csv", [f"NY,ICE,DQ,Oct 2024,{2**63 - 1}"])
    assert main(["clean", "max.csv", "-o", "out"]) == 0
    assert f"{2**63 - 1:,} in = {2**63 - 1:,} clean" in capsys.readouterr().out
    clean = pd.read_csv(work / "out" / "clean.csv", dtype=str)
    assert clean["queries"].tolist() == [str(2**63 - 1)]


def test_counts_above_2_53_keep_every_digit(work) -> None:
    counts_file(work, "big.csv", [f"NY,ICE,DQ,Oct 2024,{2**53 + 1}", "TX,ICE,DQ,Oct 2024,"])
    assert main(["clean", "big.csv", "-o", "out"]) == 0
    assert pd.read_csv(work / "out" / "clean.csv", dtype=str)["queries"].tolist() == [str(2**53 + 1)]


def test_a_float_count_above_2_53_is_rejected_with_a_reason(work) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.table({"State": ["NY", "TX"], "Agency": ["ICE", "ICE"], "MKE": ["DQ", "DQ"],
                      "Period": ["Oct 2024", "Oct 2024"], "Queries": pa.array([2.0**60, 12.0])})
    pq.write_table(table, work / "floats.parquet")
    assert main(["clean", "floats.parquet", "-o", "out"]) == 0
    rejects = pd.read_csv(work / "out" / "rejects.csv", dtype=str)
    assert rejects[["reason", "detail"]].values.tolist() == [["bad_count", "too_large"]]
    assert pd.read_csv(work / "out" / "clean.csv")["queries"].tolist() == [12]


def test_sums_past_int64_are_exact_in_the_summary_and_audit(work, capsys) -> None:
    counts_file(work, "over.csv", [f"NY,ICE,DQ,Oct 2024,{2**62}", f"TX,ICE,DQ,Oct 2024,{2**62}"])
    assert main(["clean", "over.csv", "-o", "out"]) == 0
    out = capsys.readouterr().out
    assert f"queries:   {2**63:,} in = {2**63:,} clean + 0 rejected" in out and "-9,223" not in out
    audit = pd.read_csv(work / "out" / "audit.csv", dtype=str)
    assert audit.loc[audit["column"] == "agency", "queries"].tolist() == [str(2**63)]


def test_compare_refuses_totals_it_cannot_compute_exactly(work, capsys) -> None:
    counts_file(work, "max.csv", [f"NY,ICE,DQ,Oct 2024,{2**63 - 1}", "TX,ICE,DQ,Oct 2024,5"])
    refused_in_process(capsys, ["compare", "max.csv", "-o", "out", "--no-notebook"], "max.csv", "row 2",
                       "nothing written")
    assert not (work / "out").exists() or not any((work / "out").iterdir())


def _log_lines(keys: list[str]) -> list[str]:
    return [f"2025-03-0{1 + i % 3} 08:00:00,NY,ICE,{key}" for i, key in enumerate(keys)]


def test_aggregate_log_keeps_more_than_32767_distinct_keys_apart(work) -> None:
    import string

    keys = [a + b + f"{n:02d}" for a in string.ascii_uppercase for b in string.ascii_uppercase
            for n in range(100)][:40_000]
    rows = keys + keys[::7]  # some keys twice
    (work / "wide.csv").write_text("Timestamp,Dest State,Agency,MKE\n" + "\n".join(_log_lines(rows)) + "\n")
    assert main(["aggregate-log", "wide.csv", "-o", "out", "--freq", "month"]) == 0
    clean = pd.read_csv(work / "out" / "clean.csv", dtype={"message_key": str})
    got = clean.groupby("message_key")["queries"].sum()
    expected = pd.Series(rows).value_counts()
    assert len(got) == 40_000 and got.sort_index().equals(expected.sort_index().rename_axis("message_key")
                                                           .rename("queries").astype(got.dtype))


def test_aggregate_log_counts_each_file_once_however_named(work, capsys) -> None:
    (work / "d").mkdir()
    (work / "d" / "log.csv").write_text("Timestamp,Dest State,Agency,MKE\n" + "\n".join(_log_lines(["DQ"] * 5))
                                        + "\n")
    os.link(work / "d" / "log.csv", work / "d" / "hard.csv")
    (work / "soft.csv").symlink_to(work / "d" / "log.csv")
    capsys.readouterr()
    argv = ["aggregate-log", "d/log.csv", "./d/log.csv", "d/../d/log.csv", str(work / "d" / "log.csv"),
            "d/hard.csv", "soft.csv", "d/*.csv", "-o", "out"]
    assert main(argv) == 0
    captured = capsys.readouterr()
    assert "rows read:     5 in 1 file(s)" in captured.out
    assert captured.err.count("\n") == 1 and captured.err.startswith("note: read once:")
    assert "d/hard.csv is d/log.csv" in captured.err and "soft.csv is d/log.csv" in captured.err
    assert int(pd.read_csv(work / "out" / "clean.csv")["queries"].sum()) == 5


def test_aggregate_log_rejects_out_of_range_timestamps_row_by_row(work) -> None:
    bad = ["0", "-0044-03-15 12:00:00", "1850-01-01 00:00:00", "9999999-01-01 00:00:00",
           "2025-03-01T08:00:00+25:00", "2025-02-30 00:00:00", "3000-01-01 00:00:00"]
    good = ["2025-03-01 08:00:00", "2025-03-01T08:00:00+05:00", "03/01/2025 09:00"]
    lines = [f"{t},NY,ICE,DQ" for t in bad + good]
    (work / "ts.csv").write_text("Timestamp,Dest State,Agency,MKE\n" + "\n".join(lines) + "\n")
    assert main(["aggregate-log", "ts.csv", "-o", "out"]) == 0
    assert int(pd.read_csv(work / "out" / "clean.csv")["queries"].sum()) == len(good)
    rejects = pd.read_csv(work / "out" / "rejects.csv", dtype=str)
    assert sorted(rejects["timestamp"].str.lstrip("'")) == sorted(bad) and set(rejects["reason"]) == {"bad_period"}
    from analysis.cleaning.querylog_scan import timestamp_range

    detail = dict(zip(rejects["timestamp"].str.lstrip("'"), rejects["detail"], strict=True))
    first, last = timestamp_range()
    outside = f"timestamp outside {first} to {last}"
    assert first == "1990-01-01" and last.endswith("-12-31")
    assert detail["1850-01-01 00:00:00"] == detail["3000-01-01 00:00:00"] == outside
    assert detail["2025-02-30 00:00:00"] == detail["2025-03-01T08:00:00+25:00"] == "timestamp not recognised"


# --------------------------------------------------------------------------------------------------------------------
# no traceback, no crash, bounded


def test_parquet_with_list_struct_and_map_columns_is_read(work) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.table({
        "State": ["NY", "TX"], "Agency": ["ICE", "ICE"], "MKE": ["DQ", "DQ"], "Period": ["Oct 2024", "Oct 2024"],
        "Queries": [5, 7], "tags": pa.array([[1, 2], [3]]), "meta": pa.array([{"a": 1}, {"a": 2}]),
        "m": pa.array([[("k", 1)], [("j", 2)]], type=pa.map_(pa.string(), pa.int64())),
    })
    pq.write_table(table, work / "nested.parquet")
    assert main(["clean", "nested.parquet", "-o", "out"]) == 0
    assert pd.read_csv(work / "out" / "clean.csv")["queries"].tolist() == [5, 7]


def test_compare_on_canadian_provinces_only_is_one_line(work, capsys) -> None:
    counts_file(work, "canada.csv", ["ON,ICE,DQ,Oct 2024,5", "QC,ICE,DQ,Oct 2024,7"])
    refused_in_process(capsys, ["compare", "canada.csv", "-o", "out", "--no-notebook"], "no row names a US state",
                       "ON, QC")


def test_an_empty_file_says_it_is_empty(work, capsys) -> None:
    (work / "empty.csv").write_bytes(b"")
    refused_in_process(capsys, ["clean", "empty.csv", "-o", "out"], "empty.csv", "the file is empty")


@pytest.mark.parametrize("quote", ["", '"'])
def test_a_10_mb_line_is_reported_on_its_own_line(work, capsys, quote) -> None:
    good = "2025-03-01 08:00:00,NY,ICE,DQ\n"
    (work / "log.csv").write_text("Timestamp,Dest State,Agency,MKE\n" + good * 5 + "2025-03-01 08:00:00,NY,ICE,"
                                  + quote + "x" * 10_000_000 + quote + "\n" + good * 3)
    err = refused_in_process(capsys, ["aggregate-log", "log.csv", "-o", "out"], "log.csv, line 7:",
                             "a line of more than")
    assert "line 1" not in err and not (work / "out").exists()
    counts_file(work, "counts.csv", ["NY,ICE,DQ,Oct 2024,5", "TX,ICE,DQ,Oct 2024," + quote + "9" * 10_000_000 + quote,
                                     "CA,ICE,DQ,Oct 2024,7"])
    refused_in_process(capsys, ["clean", "counts.csv", "-o", "out"], "counts.csv, row 3:")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
@pytest.mark.parametrize("command", ["clean", "aggregate-log"])
def test_a_fifo_is_refused_not_waited_on(work, capsys, command) -> None:
    os.mkfifo(work / "fifo.csv")
    refused_in_process(capsys, [command, "fifo.csv", "-o", "out"], "fifo.csv", "not a regular file")


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero here")
def test_a_device_is_refused(work, capsys) -> None:
    refused_in_process(capsys, ["clean", "/dev/zero", "-o", "out"], "/dev/zero", "not a regular file")


@pytest.mark.slow  # a new process with a memory cap
def test_a_3kb_workbook_with_a_cell_at_xfd1048576_is_refused_not_aborted(work) -> None:
    book = xlsx_with_cell_at(work / "giant.xlsx", "XFD1048576", dimension="A1")
    assert book.stat().st_size < 3_000
    started = time.monotonic()
    done = run_cli(["clean", "giant.xlsx", "-o", "out"], work)
    one_line_refusal(done, "giant.xlsx", "1,048,576 rows × 16,384 columns", "NLETS_MAX_CELLS")
    assert time.monotonic() - started < 60


def test_the_workbook_check_counts_cells_not_the_stated_dimension(work) -> None:
    from analysis.cleaning.limits import check_workbook

    assert check_workbook(xlsx_with_cell_at(work / "ok.xlsx", "B3", dimension="A1:XFD1048576")) is None
    assert "spans" in check_workbook(xlsx_with_cell_at(work / "far.xlsx", "ZZ999999", dimension="A1"))


def test_a_shared_strings_bomb_is_refused(work, capsys, monkeypatch) -> None:
    book = xlsx_with_cell_at(work / "strings.xlsx", "A1")
    with zipfile.ZipFile(book, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/sharedStrings.xml", "<sst>" + "<si><t>a</t></si>" * 200_000 + "</sst>")
    monkeypatch.setenv("NLETS_MAX_CELLS", "100000")
    refused_in_process(capsys, ["clean", "strings.xlsx", "-o", "out"], "shared strings", "NLETS_MAX_CELLS")


def test_a_gzip_bomb_is_refused_while_it_inflates(work, capsys, monkeypatch) -> None:
    gzip_bomb(work / "bomb.csv.gz", 64 << 20)
    assert (work / "bomb.csv.gz").stat().st_size < 200_000
    monkeypatch.setenv("NLETS_MAX_BYTES", str(16 << 20))
    refused_in_process(capsys, ["clean", "bomb.csv.gz", "-o", "out"], "bomb.csv.gz", "more than 16,777,216 bytes",
                       "NLETS_MAX_BYTES")


def test_an_html_table_of_huge_spans_is_refused(work, capsys, monkeypatch) -> None:
    html_span_bomb(work / "span.html", rows=50, cells=100)
    monkeypatch.setenv("NLETS_MAX_CELLS", "1000000")
    refused_in_process(capsys, ["clean", "span.html", "-o", "out"], "span.html", "more than 1,000,000 cells")


@pytest.mark.slow  # the default limits, a new process with a 2 GB memory cap and a 60 s bound
def test_hostile_files_under_1_mb_end_within_60_s_and_2_gb(work) -> None:
    html_span_bomb(work / "span.html", rows=300, cells=200)
    for name in ("span.html",):
        started = time.monotonic()
        done = run_cli(["clean", name, "-o", "out"], work)
        one_line_refusal(done, name)
        assert time.monotonic() - started < 60


# --------------------------------------------------------------------------------------------------------------------
# read right or say so


def _book(path: Path, sheets: list[tuple[str, str, list[list[object]]]]) -> Path:
    """A workbook of (name, state: visible/hidden/veryHidden, rows) sheets, made with openpyxl."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for name, state, rows in sheets:
        sheet = book.create_sheet(name)
        sheet.sheet_state = state
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


TABLE = [["State", "Agency", "MKE", "Period", "Queries"], ["NY", "ICE", "DQ", "Oct 2024", 5]]
HIDDEN_TABLE = [["State", "Agency", "MKE", "Period", "Queries"], ["TX", "ICE", "DQ", "Oct 2024", 999]]


def test_the_first_visible_sheet_is_read_not_a_hidden_one(work) -> None:
    _book(work / "book.xlsx", [("old", "hidden", HIDDEN_TABLE), ("counts", "visible", TABLE)])
    assert main(["clean", "book.xlsx", "-o", "out"]) == 0
    assert pd.read_csv(work / "out" / "clean.csv")["queries"].tolist() == [5]
    assert main(["clean", "book.xlsx", "--sheet", "old", "-o", "hidden"]) == 0  # named: read
    assert pd.read_csv(work / "hidden" / "clean.csv")["queries"].tolist() == [999]


def test_a_workbook_whose_only_header_is_hidden_names_the_hidden_sheet(work, capsys) -> None:
    _book(work / "book.xlsx", [("notes", "visible", [["just words"]]), ("data", "veryHidden", HIDDEN_TABLE)])
    refused_in_process(capsys, ["clean", "book.xlsx", "-o", "out"], "hidden sheets: 'data'", "--sheet")


def test_a_file_that_is_not_utf8_says_how_it_was_read_and_which_lines(work, capsys) -> None:
    path = work / "latin.csv"
    path.write_bytes(("State,Agency,MKE,Period,Queries\nNY,José Police,DQ,Oct 2024,5\nTX,ICE,DQ,Oct 2024,7\n")
                     .encode("cp1252"))
    capsys.readouterr()
    assert main(["clean", "latin.csv", "-o", "out"]) == 0
    out = capsys.readouterr().out
    assert "encoding:  not UTF-8: read as cp1252" in out and "line 2 holds" in out
    assert "José Police" in (work / "out" / "audit.csv").read_text(encoding="utf-8")
    path.write_bytes(path.read_bytes().decode("cp1252").encode("utf-8"))  # the same file in UTF-8: nothing to say
    assert main(["clean", "latin.csv", "-o", "out"]) == 0
    assert "encoding:" not in capsys.readouterr().out


def test_a_repeated_count_header_is_refused_naming_both_columns(work, capsys) -> None:
    (work / "dup.csv").write_text("State,Agency,MKE,Period,Count,Count\nNY,ICE,DQ,Oct 2024,5,7\n")
    refused_in_process(capsys, ["clean", "dup.csv", "-o", "out"], "dup.csv", "column 5 and column 6",
                       "'Count'")


def _with_shared_strings(path: Path, xml: str) -> Path:
    book = xlsx_with_cell_at(path, "A1")
    with zipfile.ZipFile(book, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/sharedStrings.xml", xml)
    return book


LYING_SST = ('<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" '
             'uniqueCount="4000000000"><si><t>State</t></si></sst>')


def test_a_shared_strings_table_that_lies_about_its_size_is_refused(work) -> None:
    from analysis.cleaning.limits import check_workbook

    assert "states 4,000,000,000 strings but holds 1" in check_workbook(_with_shared_strings(work / "l.xlsx",
                                                                                               LYING_SST))
    honest = LYING_SST.replace('uniqueCount="4000000000"', 'uniqueCount="1"')
    assert check_workbook(_with_shared_strings(work / "h.xlsx", honest)) is None


@pytest.mark.slow  # a new process: calamine aborted the whole process on this file (SIGABRT, 96 GB asked for)
def test_a_small_shared_strings_bomb_does_not_abort_the_process(work) -> None:
    _with_shared_strings(work / "sst.xlsx", LYING_SST)
    done = run_cli(["clean", "sst.xlsx", "-o", "out"], work)
    one_line_refusal(done, "sst.xlsx", "shared-strings table")


# --------------------------------------------------------------------------------------------------------------------
# workbooks that cannot be checked before reading (.xls, .xlsb, .ods): read in a capped child process

_ODS_NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
           'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
           'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"')


def ods_book(path: Path, rows: list[list[object]]) -> Path:
    """A minimal OpenDocument spreadsheet with one sheet "Counts" (what LibreOffice saves, reduced)."""
    def cell(value: object) -> str:
        kind = f'office:value-type="float" office:value="{value}"' if isinstance(value, int) else \
            'office:value-type="string"'
        return f"<table:table-cell {kind}><text:p>{value}</text:p></table:table-cell>"

    body = "".join("<table:table-row>" + "".join(cell(v) for v in row) + "</table:table-row>" for row in rows)
    content = (f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {_ODS_NS} office:version="1.2">'
               f'<office:body><office:spreadsheet><table:table table:name="Counts">{body}</table:table>'
               "</office:spreadsheet></office:body></office:document-content>")
    manifest = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
                'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
                '<manifest:file-entry manifest:full-path="/" '
                'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
                '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
                "</manifest:manifest>")
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet",
                         compress_type=zipfile.ZIP_STORED)
        archive.writestr("META-INF/manifest.xml", manifest)
        archive.writestr("content.xml", content)
    return path


def test_an_ods_is_read_in_a_child_process_with_the_same_result(work, capsys) -> None:
    from analysis.cleaning.isolated import needs_isolation

    book = ods_book(work / "counts.ods", [["State", "Agency", "MKE", "Period", "Queries"],
                                          ["NY", "ICE", "DQ", "Oct 2024", 5], ["TX", "ICE", "DQ", "Oct 2024", 7]])
    assert needs_isolation(book) and not needs_isolation(_book(work / "x.xlsx", [("S", "visible", [["a"]])]))
    assert main(["clean", "counts.ods", "-o", "out"]) == 0
    clean = pd.read_csv(work / "out" / "clean.csv")
    assert clean["queries"].tolist() == [5, 7] and clean["source_row"].tolist() == [2, 3]


def test_the_cell_limit_holds_in_the_child_process(work, capsys, monkeypatch) -> None:
    ods_book(work / "wide.ods", [["State", "Agency", "MKE", "Period", "Queries"], ["NY", "ICE", "DQ", "Oct 2024", 5]])
    monkeypatch.setenv("NLETS_MAX_CELLS", "9")
    refused_in_process(capsys, ["clean", "wide.ods", "-o", "out"], "wide.ods", "2 rows × 5 columns",
                       "more than 9 cells", "NLETS_MAX_CELLS")


def test_an_xls_that_is_not_one_is_refused_in_one_line(work, capsys) -> None:
    (work / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"garbage" * 100)
    refused_in_process(capsys, ["clean", "old.xls", "-o", "out"], "old.xls", "cannot open the workbook")
    assert not (work / "out").exists()


@pytest.mark.skipif(sys.platform == "win32", reason="a reader killed by a signal is a POSIX notion")
@pytest.mark.parametrize(("death", "words"), [
    ("kill -ABRT $$", ("crashed (SIGABRT)",)),  # what calamine does on an allocation it cannot make
    ("kill -KILL $$", ("killed (SIGKILL)", "too much memory")),  # what the kernel does out of memory
    ("echo 'MemoryError' >&2; exit 1", ("more memory than it may use", "NLETS_MAX_BYTES")),
    ("echo 'pyo3_runtime.PanicException: capacity overflow' >&2; exit 1", ("PanicException: capacity overflow",)),
])
def test_a_workbook_reader_that_dies_is_a_one_line_refusal(work, capsys, monkeypatch, death, words) -> None:
    from analysis.cleaning import isolated

    reader = work / "dying-reader"
    reader.write_text(f"#!/bin/sh\n{death}\n")
    reader.chmod(0o755)
    monkeypatch.setattr(isolated.sys, "executable", os.fspath(reader))  # the child process, and only it, dies
    (work / "hostile.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    err = refused_in_process(capsys, ["clean", "hostile.xls", "-o", "out"], "hostile.xls",
                             "the workbook reader could not read this file", *words)
    assert "re-save it as .xlsx" in err and not (work / "out").exists()


TINY_XLS = Path(__file__).parent / "fixtures" / "tiny_counts.xls"  # made by fixtures/make_tiny_xls.py (xlwt)


def _patched_xls(path: Path, record: bytes, offset: int, fmt: str, *values: int) -> Path:
    """``tiny_counts.xls`` with the first BIFF record starting with the bytes ``record`` (its id and length) changed
    at ``offset`` bytes into its data: the file stays a valid OLE2 container, only its claims change."""
    import struct

    data = bytearray(TINY_XLS.read_bytes())
    at = data.find(record)
    assert at > 0, record
    struct.pack_into(fmt, data, at + 4 + offset, *values)
    path.write_bytes(bytes(data))
    return path


def test_a_tiny_xls_is_read_through_the_child_process(work) -> None:
    (work / "tiny.xls").write_bytes(TINY_XLS.read_bytes())
    assert main(["clean", "tiny.xls", "-o", "out"]) == 0
    assert pd.read_csv(work / "out" / "clean.csv")["queries"].tolist() == [5, 7]


@pytest.mark.slow  # a new process with a memory cap
@pytest.mark.parametrize(("record", "offset", "fmt", "values"), [
    (b"\xfd\x00\x0a\x00", 0, "<HH", (0xFFFF, 0xFFFF)),  # one text cell moved to row 65536, column 65536
    (b"\x00\x02\x0e\x00", 0, "<IIHH", (0, 0xFFFFFFF0, 0, 0xFFF0)),  # a sheet claiming 4 billion rows
])
def test_a_hostile_xls_is_a_one_line_refusal_not_an_abort(work, record, offset, fmt, values) -> None:
    _patched_xls(work / "hostile.xls", record, offset, fmt, *values)  # both aborted the process (SIGABRT) before
    started = time.monotonic()
    done = run_cli(["clean", "hostile.xls", "-o", "out"], work)
    one_line_refusal(done, "hostile.xls", "the workbook reader could not read this file", "memory")
    assert time.monotonic() - started < 60 and not (work / "out").exists()


def test_a_cell_over_the_limit_is_refused_whatever_limit_the_process_has(work, capsys) -> None:
    """A library that raised csv's process-wide cell limit (frictionless, scipy's arff reader do) changes nothing."""
    import csv

    counts_file(work, "counts.csv", ["NY,ICE,DQ,Oct 2024,5", "TX,ICE,DQ,Oct 2024," + "9" * 200_000,
                                     "CA,ICE,DQ,Oct 2024,7"])
    previous = csv.field_size_limit(sys.maxsize)
    try:
        refused_in_process(capsys, ["clean", "counts.csv", "-o", "out"], "counts.csv, row 3:")
        assert csv.field_size_limit() == sys.maxsize  # the process's own limit is put back
    finally:
        csv.field_size_limit(previous)
