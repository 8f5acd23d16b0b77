"""Read a query-count file as received (CSV/TSV/TXT, gzip, Excel, Parquet) into raw strings with canonical headers.

Nothing is converted here: cells come back as the text a person sees, so that cleaning can report every raw
spelling. Each row keeps ``source_row``, the row (line) number shown by a spreadsheet or text editor, counting the
title and header lines above it.

Top to bottom: the format is sniffed and text decoded (:mod:`~analysis.cleaning.formats`), the file becomes a grid
of rows (:mod:`~analysis.cleaning.grid`), the header is found (:mod:`~analysis.cleaning.headers`) and the rows below
it become :class:`RawCounts` (:mod:`~analysis.cleaning.raw_counts`). A plain text file takes a faster road to the
same frame (:func:`_text_frame`).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.cleaning.formats import (
    QueryCountsReadError,
    SNIFF_BYTES,
    cell_limit,
    decode,
    encoding_note,
    is_blank,
    pick_delimiter,
    sniff_format,
    text_bytes,
)
from analysis.cleaning.grid import read_grid
from analysis.cleaning.limits import check_regular_file
from analysis.cleaning.headers import CANONICAL_COLUMNS, HEADER_SEARCH_ROWS, find_header, header_mapping
from analysis.cleaning.raw_counts import EXCEL_ERRORS, RawCounts, frame_from_grid, has_count, long_frame
from analysis.paths import relative_to_root
from analysis.safe_csv import undo as undo_formula_guard


def read_counts(
    path: str | Path, *, sheet: str | int | None = None, columns: Mapping[str, str] | None = None
) -> RawCounts:
    """Read a query-count file into raw strings under canonical column names, plus ``source_row``, with what the
    reader learned about the file (:class:`RawCounts`). Pass the result to :func:`analysis.clean_query_counts`.

    Reads CSV/TSV/TXT (delimiter and encoding detected: UTF-8 with or without BOM, UTF-16 with or without BOM,
    cp1252), gzip-compressed text, Excel (.xlsx/.xls via calamine, or openpyxl when there are error cells; ``sheet``
    by name or 0-based number, default: the first sheet with a header, preferring one with the raw names of
    ``columns``), HTML tables (often saved as .xls) and Parquet; the first bytes decide the format, not the name.
    The header may sit below title lines; header spellings are matched ignoring case, spaces and punctuation
    (``vocab/columns.csv``), and ``columns={raw: canonical}`` names any others. Other columns are kept as they are.
    Blank rows and rows whose first cell starts with ``#`` (comments) are skipped, unless the cell is a spreadsheet
    error ("#REF!") or the row has a count. Vertically merged identity cells are filled down (``filled_down``).

    ``source_row`` is the line (text) or row (spreadsheet) number a person sees, 1-based, counting title and header
    lines; for Parquet it is the 1-based record number. Raises :class:`QueryCountsReadError` naming the file (and
    row or column) when the file cannot be read.

    >>> import tempfile, pathlib
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "x.csv"
    >>> _ = f.write_text("Queries by state\\nDest. St,# of Queries\\nN.Y.,\\"1,040\\"\\n")
    >>> raw = read_counts(f)
    >>> raw.table
      destination_state queries  source_row
    0              N.Y.   1,040           3
    >>> raw.headers, raw.period_grain
    ({'destination_state': 'Dest. St', 'queries': '# of Queries'}, 'auto')
    """
    path = Path(path)
    overrides = _check_overrides(path, columns)
    refused = check_regular_file(path)
    if refused is not None:  # a FIFO or device would hang; an empty file has nothing to find a header in
        raise QueryCountsReadError(path, refused)
    try:
        with open(path, "rb") as handle:
            head = handle.read(SNIFF_BYTES)
    except FileNotFoundError:
        raise QueryCountsReadError(path, "no such file") from None
    except IsADirectoryError:
        raise QueryCountsReadError(path, "this is a folder, not a file") from None
    except OSError as exc:
        raise QueryCountsReadError(path, f"cannot open the file ({exc.strerror})") from None
    kind = sniff_format(path, head)
    data = text_bytes(path, kind) if kind in {"text", "gzip"} else None
    raw = _text_frame(path, data, overrides) if data is not None else None
    sheet_name = None
    if raw is None:
        grid = read_grid(path, kind, sheet, overrides)
        raw, sheet_name = frame_from_grid(path, grid, overrides), grid.sheet
    if kind in {"text", "gzip"}:
        raw = replace(raw, table=undo_formula_guard(raw.table))  # the "'" our CSV writer adds
    note = encoding_note(data) if data is not None else None
    return replace(raw, source_file=relative_to_root(path), sheet=sheet_name, encoding_note=note)


def read_query_counts(
    path: str | Path, *, sheet: str | int | None = None, columns: Mapping[str, str] | None = None
) -> pd.DataFrame:
    """The table of :func:`read_counts` alone: raw strings under canonical column names, plus ``source_row``. For a
    look at a file; to clean it, pass :func:`read_counts`'s result, which also says which file and sheet the rows
    came from, how its period column is headed and which merged cells were filled down.

    >>> import tempfile, pathlib
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "x.csv"
    >>> _ = f.write_text("Dest. St,# of Queries\\nN.Y.,\\"1,040\\"\\n")
    >>> read_query_counts(f)
      destination_state queries  source_row
    0              N.Y.   1,040           2
    """
    return read_counts(path, sheet=sheet, columns=columns).table


def _check_overrides(path: Path, columns: Mapping[str, str] | None) -> Mapping[str, str]:
    for raw, canonical in (columns or {}).items():
        if canonical not in CANONICAL_COLUMNS:
            raise QueryCountsReadError(
                path, f"columns={{{raw!r}: {canonical!r}}}: the target must be one of {', '.join(CANONICAL_COLUMNS)}"
            )
    return columns or {}


def _text_frame(path: Path, data: bytes, overrides: Mapping[str, str]) -> RawCounts | None:
    """The common case of a text file, read fast: the header is found among the first rows as usual, then the body
    is parsed by pandas' C reader as text (no conversion) and blank, comment and repeated-header rows are dropped
    with column operations. Returns None when the file needs the row-by-row reader, which gives the same frame
    and the precise errors: a line break inside a quoted cell, rows longer than the first, a wide table, no header,
    old Mac line ends, NUL bytes."""
    if b"\x00" in data[:4096] or data.count(b"\r") != data.count(b"\r\n"):
        return None
    text = decode(data)
    name = path.name.lower().removesuffix(".gz")
    delimiter = pick_delimiter(text, "\t" if name.endswith((".tsv", ".tab")) else ",")
    reader = csv.reader(io.StringIO(text[:1_000_000], newline=""), delimiter=delimiter)
    rows: list[tuple[int, list[str | None]]] = []
    ends: list[int] = []  # the last line of each row read so far
    line = 0
    try:
        with cell_limit():  # csv's cell limit as the file reader's, whatever the process has set
            for cells in reader:
                row = (line + 1, [cell if cell != "" else None for cell in cells])
                line = reader.line_num
                if not all(is_blank(c) for c in row[1]):
                    rows.append(row)
                    ends.append(line)
                    if len(rows) >= HEADER_SEARCH_ROWS:
                        break
    except csv.Error:
        return None
    at, wide = find_header(rows, overrides)
    if at < 0 or wide or (at == len(rows) - 1 and len(text) > 1_000_000):  # the header may be cut off
        return None
    header = rows[at][1]
    offset = 0
    for _ in range(ends[at]):
        found = text.find("\n", offset)
        offset = found + 1 if found >= 0 else len(text)
    body = text[offset:]
    del text
    expected = body.count("\n") + (not body.endswith("\n"))
    if body:
        try:
            table = pd.read_csv(
                io.StringIO(body), sep=delimiter, header=None, dtype=str, na_values=[""], keep_default_na=False,
                skip_blank_lines=False, engine="c", quotechar='"', doublequote=True,
            )
        except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError):
            return None
    else:
        table = pd.DataFrame()
    if len(table) != (expected if body else 0):  # a quoted line break: line numbers would be off
        return None
    width = max(len(header), table.shape[1])
    header = header + [None] * (width - len(header))
    table.columns = range(table.shape[1])
    for position in range(table.shape[1], width):
        table[position] = pd.Series(np.nan, index=table.index, dtype="str")
    blank = pd.DataFrame({p: table[p].isna() | (table[p].str.strip() == "") for p in table.columns})
    keep = ~blank.all(axis=1).to_numpy()
    if width:
        first = table[0].str.strip()
        comment = (first.str.startswith("#") & ~first.str.upper().isin(EXCEL_ERRORS)).to_numpy()
        if comment.any():  # a row with a count is data, whatever its first cell says
            counts = [p for p, c in header_mapping(header, overrides).items() if c == "queries"]
            comment = comment.copy()  # copy-on-write arrays are read-only
            comment[comment] = ~has_count(table.loc[comment], counts)
        keep &= ~comment
        header_text = [(c or "").strip() for c in header]
        repeated = (first == header_text[0]).to_numpy()
        for position in range(1, width):
            if not repeated.any():
                break
            repeated = repeated & (table[position].fillna("").str.strip() == header_text[position]).to_numpy()
        keep &= ~repeated
    source_row = np.arange(ends[at] + 1, ends[at] + 1 + len(table), dtype="int64")[keep]
    table = table.loc[keep].reset_index(drop=True)
    return long_frame(path, header, rows[at][0], table, source_row, overrides)
