"""Read a query-count file as received (CSV/TSV/TXT, gzip, Excel, Parquet) into raw strings with canonical headers.

Nothing is converted here: cells come back as the text a person sees, so that cleaning can report every raw
spelling. Each row keeps ``source_row``, the row (line) number shown by a spreadsheet or text editor, counting the
title and header lines above it.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from analysis.cleaning.formats import (
    QueryCountsReadError,
    Rows,
    SNIFF_BYTES,
    Sheet,
    decode,
    excel_sheets,
    html_sheets,
    is_blank,
    parquet_frame,
    pick_delimiter,
    sniff_format,
    text_bytes,
    text_rows,
)
from analysis.cleaning.normalize import parse_count
from analysis.cleaning.periods import parse_period
from analysis.paths import relative_to_root
from analysis.safe_csv import undo as undo_formula_guard

CANONICAL_COLUMNS: tuple[str, ...] = (
    "destination_state",
    "agency",
    "message_key",
    "period",
    "period_start",
    "period_end",
    "queries",
    "ori",
    "requesting_state",
)
HEADER_SEARCH_ROWS = 30
# Error values a spreadsheet shows in a cell (the classic seven, then those of newer Excel versions): data, not
# comment markers, although they start with "#".
EXCEL_ERRORS = frozenset({
    "#N/A", "#VALUE!", "#REF!", "#DIV/0!", "#NAME?", "#NUM!", "#NULL!",
    "#SPILL!", "#CALC!", "#FIELD!", "#BLOCKED!", "#CONNECT!", "#BUSY!", "#UNKNOWN!", "#GETTING_DATA",
})
# Header of a wide table's row-total column ("Total", "Grand Total", "Row Total", "Sum of Count"): a total of the
# period columns, not a period, state or agency column.
_TOTAL_HEADER = re.compile(r"^(?:(?:grand|row|sub) )?totals?(?: (?:queries|count|transactions))?$|^sum of \w+$")


@dataclass(frozen=True)
class FilledCell:
    """One vertically merged cell the reader copied into a row it spans: ``value`` of ``column`` from row
    ``from_row`` into row ``source_row``."""

    column: str
    source_row: int
    from_row: int
    value: str


@dataclass(frozen=True)
class RawCounts:
    """A query-count file as read: the raw cells (``table``, all text, canonical headers, ``source_row``) and what
    the reader learned about the file on the way, which :func:`analysis.clean_query_counts` uses.

    - ``source_file``: the file as named relative to the project (or as given); ``sheet``: the sheet read (Excel).
    - ``headers``: canonical column → the header text in the file.
    - ``period_grain``: ``"month"`` when the period header says "Month", or a wide table's period headers are all
      first-of-month dates; else ``"auto"``.
    - ``filled_down``: the merged cells copied into the rows they span.
    """

    table: pd.DataFrame
    source_file: str | None = None
    sheet: str | None = None
    headers: Mapping[str, str] = field(default_factory=dict)
    period_grain: str = "auto"
    filled_down: tuple[FilledCell, ...] = ()


# --------------------------------------------------------------------------------------------------------------------
# headers


def header_key(text: Any) -> str:
    """A header cell reduced to what identifies it: lower case, no punctuation, single spaces, '#' read as number.

    >>> header_key("  # of Queries "), header_key("DEST. ST")
    ('number of queries', 'dest st')
    """
    text = str(text).lower().replace("#", " number ").replace("&", " and ")
    text = re.sub(r"[.'`]", "", text)
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


@lru_cache(maxsize=1)
def header_aliases() -> dict[str, str]:
    """Normalised header text → canonical column, from ``vocab/columns.csv``.

    >>> header_aliases()[header_key("# of Queries")], header_aliases()[header_key("DEST. ST")]
    ('queries', 'destination_state')
    """
    with resources.files("analysis").joinpath("vocab", "columns.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    aliases: dict[str, str] = {}
    for row in rows:
        key = header_key(row["header"])
        if aliases.setdefault(key, row["canonical"]) != row["canonical"]:
            raise ValueError(f"vocab/columns.csv: header {row['header']!r} maps to two columns")
    return aliases


def _header_mapping(cells: list[str | None], overrides: Mapping[str, str]) -> dict[int, str]:
    """Position → canonical name for the header cells that name a canonical column (first one wins)."""
    aliases = header_aliases()
    override_keys = {header_key(raw): canonical for raw, canonical in overrides.items()}
    mapping: dict[int, str] = {}
    taken = set(override_keys.values()) & {override_keys.get(header_key(c or "")) for c in cells}
    for position, cell in enumerate(cells):
        key = header_key(cell or "")
        if key in override_keys:
            mapping[position] = override_keys[key]
        elif key in aliases and aliases[key] not in taken:
            mapping[position] = aliases[key]
            taken.add(aliases[key])
    return mapping


_ROW_KEYS = frozenset({"destination_state", "agency", "message_key", "ori", "requesting_state"})


def _period_columns(cells: list[str | None], mapping: dict[int, str]) -> list[int]:
    """Positions of header cells that are periods themselves ("Oct 2024", "FY2025"): a wide table's month columns."""
    return [
        position
        for position, cell in enumerate(cells)
        if position not in mapping and cell and cell.strip() and parse_period(cell.strip()).problem is None
    ]


def _find_header(rows: list[tuple[int, list[str | None]]], overrides: Mapping[str, str]) -> tuple[int, bool]:
    """Index (into ``rows``) of the header and whether the table is wide, or (-1, False).

    Among the first rows: the one naming most canonical columns, which must include the count column and one other
    (long table), or at least one row key (state, agency, ...) and two period headers such as "Oct 2024" (wide
    table, one count column per period). With ``columns={raw: canonical}`` a row holding more of the raw names
    wins first."""
    best, best_rank, best_wide = -1, (-1, 0), False
    for index, (_, cells) in enumerate(rows[:HEADER_SEARCH_ROWS]):
        mapping = _header_mapping(cells, overrides)
        found = set(mapping.values())
        wide = bool(found & _ROW_KEYS) and len(_period_columns(cells, mapping)) >= 2
        score = len(found | {"period", "queries"}) if wide else len(found) if "queries" in found else 0
        rank = (_override_hits(cells, overrides), score)
        if score > 1 and rank > best_rank:
            best, best_rank, best_wide = index, rank, wide
    return best, best_wide


def _override_hits(cells: list[str | None], overrides: Mapping[str, str]) -> int:
    """How many of the raw header names given as ``columns={raw: canonical}`` are cells of this row."""
    if not overrides:
        return 0
    present = {header_key(cell) for cell in cells if cell}
    return sum(header_key(raw) in present for raw in overrides)


# --------------------------------------------------------------------------------------------------------------------
# cell text


# --------------------------------------------------------------------------------------------------------------------
# formats


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
    at, wide = _find_header(rows, overrides)
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
            counts = [p for p, c in _header_mapping(header, overrides).items() if c == "queries"]
            comment = comment.copy()  # copy-on-write arrays are read-only
            comment[comment] = ~_has_count(table.loc[comment], counts)
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
    return _long_frame(path, header, rows[at][0], table, source_row, overrides)


def _pick_sheet(
    path: Path,
    names: list[str],
    load: Callable[[str], Sheet],
    sheet: str | int | None,
    overrides: Mapping[str, str],
    kind: str = "sheet",
) -> tuple[Sheet, str]:
    """The sheet asked for (by name, exact else ignoring case, or 0-based number); by default the first sheet
    whose header holds every raw name of ``columns=``, else the first sheet with a header."""
    if sheet is not None:
        if isinstance(sheet, int) and not isinstance(sheet, bool):
            if not 0 <= sheet < len(names):
                raise QueryCountsReadError(path, f"there is no {kind} number {sheet}; {kind}s: {', '.join(names)}")
            return load(names[sheet]), names[sheet]
        wanted = str(sheet).strip().lower()
        exact = [n for n in names if n == sheet] or [n for n in names if n.strip().lower() == wanted]
        if not exact:
            raise QueryCountsReadError(path, f"there is no {kind} {sheet!r}; {kind}s: {', '.join(names)}")
        return load(exact[0]), exact[0]
    first: tuple[Sheet, str] | None = None
    for name in names:
        grid = load(name)
        rows = _nonblank(grid[0])
        at, _ = _find_header(rows, overrides)
        if at < 0:
            continue
        if _override_hits(rows[at][1], overrides) == len(overrides):
            return grid, name
        first = first or (grid, name)
    if first is not None:
        return first
    return (([], []), names[0]) if names else (([], []), "")


def _nonblank(rows: list[tuple[int, list[str | None]]]) -> list[tuple[int, list[str | None]]]:
    return [(n, cells) for n, cells in rows if not all(is_blank(c) for c in cells)]


# --------------------------------------------------------------------------------------------------------------------
# assembling the frame


def _unique_names(names: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        out.append(name if seen[name] == 1 else f"{name}_{seen[name]}")
    return out


def _column_names(header: list[str | None], mapping: dict[int, str]) -> list[str]:
    names = []
    for position, cell in enumerate(header):
        if position in mapping:
            names.append(mapping[position])
        elif cell is not None and cell.strip() == "source_row":
            names.append("original_source_row")  # a file we wrote ourselves: keep its row numbers apart
        else:
            names.append(cell.strip() if cell and cell.strip() else f"column_{position + 1}")
    return _unique_names(names)


def _is_comment(cells: list[str | None], counts: list[int]) -> bool:
    """A comment row: its first cell starts with "#" (and is no spreadsheet error such as "#N/A") and none of its
    count cells (positions ``counts``) holds a number. A row with a count is never a comment."""
    first = cells[0].strip() if cells and cells[0] else ""
    if not first.startswith("#") or first.upper() in EXCEL_ERRORS:
        return False
    table = pd.DataFrame([cells], dtype="str")
    return not _has_count(table, [p for p in counts if p < len(cells)])[0]


_NUMERIC_PROBLEMS = ("fractional", "negative", "too_large", "suppressed")  # counts, although not usable ones


def _has_count(table: pd.DataFrame, positions: list[int]) -> np.ndarray:
    """Per row of ``table`` (cells by position), whether any of the count cells at ``positions`` is a number."""
    found = np.zeros(len(table), dtype=bool)
    for position in positions:
        parsed = parse_count(table[position].reset_index(drop=True))
        found |= (parsed["value"].notna() | parsed["problem"].isin(_NUMERIC_PROBLEMS)).to_numpy()
    return found


def _frame_from_rows(
    path: Path,
    rows: list[tuple[int, list[str | None]]],
    overrides: Mapping[str, str],
    merged: list[tuple[int, int, int]] | None = None,
) -> RawCounts:
    rows = _nonblank(rows)
    at, wide = _find_header(rows, overrides)
    if at < 0:
        raise QueryCountsReadError(
            path,
            f"no header row in the first {HEADER_SEARCH_ROWS} rows: need a count column (e.g. 'Count', 'Queries', "
            "'Total') and a state, agency, message key or period column, or one column per period ('Oct 2024', ...); "
            "name yours with columns={raw: canonical}",
        )
    header = rows[at][1]
    _check_overrides_present(path, header, rows[at][0], overrides)
    header_text = [(c or "").strip() for c in header]
    mapping = _header_mapping(header, overrides)
    counts = [p for p, c in mapping.items() if c == "queries"]
    if wide:
        counts = _period_columns(header, mapping) + _total_columns(header, mapping)
    fill = {p for p, c in mapping.items() if c in _FILLED and p not in counts}
    body, filled = _fill_merged(rows[at + 1 :], merged or [], rows[at][0], fill, mapping)
    data = [
        (n, cells)
        for n, cells in body
        if not _is_comment(cells, counts) and [(c or "").strip() for c in cells] != header_text  # a header per page
    ]
    width = max([len(header)] + [len(cells) for _, cells in data])
    header = header + [None] * (width - len(header))
    mapping = _header_mapping(header, overrides)
    records = [cells + [None] * (width - len(cells)) for _, cells in data]
    source_rows = [n for n, _ in data]
    if wide:
        starts = [parse_period(header[p].strip()) for p in _period_columns(header, mapping)]  # type: ignore[union-attr]
        months = all(s.start == s.end and s.start.day == 1 for s in starts)  # "2024-10-01", "2024-11-01": Excel months
        raw = RawCounts(_long_from_wide(header, mapping, records, source_rows), period_grain="month" if months else "auto")
    else:
        table = pd.DataFrame(records, dtype="str") if records else pd.DataFrame(columns=range(width), dtype="str")
        raw = _long_frame(path, header, rows[at][0], table, np.array(source_rows, dtype="int64"), overrides)
    kept = set(source_rows)
    return replace(raw, filled_down=tuple(f for f in filled if f.source_row in kept))


# Columns whose vertically merged cells are filled down: what identifies a row, never a count.
_FILLED = frozenset({
    "destination_state", "agency", "message_key", "period", "period_start", "period_end", "ori", "requesting_state"
})


def _fill_merged(
    rows: list[tuple[int, list[str | None]]],
    merged: list[tuple[int, int, int]],
    header_row: int,
    positions: set[int],
    mapping: dict[int, str],
) -> tuple[list[tuple[int, list[str | None]]], list[FilledCell]]:
    """The data rows with each vertically merged identity cell (a state spanning rows 5-7) copied into the rows it
    spans, and one record per cell filled."""
    where = {n: k for k, (n, _) in enumerate(rows)}
    rows = list(rows)
    filled: list[FilledCell] = []
    for top, bottom, position in merged:
        if top <= header_row or position not in positions or top not in where:
            continue
        anchor = rows[where[top]][1]
        value = anchor[position] if position < len(anchor) else None
        if is_blank(value):
            continue
        for n in range(top + 1, bottom + 1):
            if n not in where:
                continue  # a blank row inside the merge: nothing to label
            k = where[n]
            cells = list(rows[k][1]) + [None] * (position + 1 - len(rows[k][1]))
            if not is_blank(cells[position]):
                continue
            cells[position] = value
            rows[k] = (n, cells)
            filled.append(FilledCell(mapping[position], n, top, value))
    return rows, filled


def _check_overrides_present(path: Path, header: list[str | None], row: int, overrides: Mapping[str, str]) -> None:
    present = {header_key(cell or "") for cell in header}
    for raw in overrides:
        if header_key(raw) not in present:
            found = ", ".join(repr(c.strip()) for c in header if c and c.strip())
            message = f"columns: {raw!r} is not a header of this file (headers: {found})"
            raise QueryCountsReadError(path, message, row=row)


def _long_frame(
    path: Path,
    header: list[str | None],
    header_row: int,
    table: pd.DataFrame,
    source_row: np.ndarray,
    overrides: Mapping[str, str],
) -> RawCounts:
    """The frame of a long table: ``table`` holds the data cells by position, as wide as ``header``."""
    _check_overrides_present(path, header, header_row, overrides)
    mapping = _header_mapping(header, overrides)
    names = _column_names(header, mapping)
    frame = table.set_axis(names, axis=1).astype("str")
    # columns with neither a header nor data are layout, not content
    empty = [name for position, name in enumerate(names) if header[position] is None and frame[name].isna().all()]
    frame = frame.drop(columns=empty)
    frame["source_row"] = source_row
    headers = {mapping[p]: (header[p] or "").strip() for p in sorted(mapping)}
    grain = period_grain_of_header(headers["period"]) if "period" in headers else "auto"
    return RawCounts(frame, headers=headers, period_grain=grain)


def period_grain_of_header(text: str) -> str:
    """``"month"`` when a period column's header says it holds months ("Month", "Query Month", "MONTH_YEAR"), else
    ``"auto"`` (each cell decides: ``2024-10-01`` is a day, ``Oct 2024`` a month).

    >>> period_grain_of_header("Month"), period_grain_of_header("Date"), period_grain_of_header("Period")
    ('month', 'auto', 'auto')
    """
    return "month" if {"month", "months", "mo", "mon"} & set(header_key(text).split()) else "auto"


def _column_letter(position: int) -> str:
    """Spreadsheet column name of a 0-based position: 0 -> A, 26 -> AA."""
    letters = ""
    position += 1
    while position:
        position, rest = divmod(position - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _total_columns(header: list[str | None], mapping: dict[int, str]) -> list[int]:
    """Positions of a wide table's row-total columns: the count or period header ("Total", "Total Queries") and any
    other total header ("Grand Total" of a pivot table, "Row Total"), which is never a period or agency column."""
    named = {p for p, canonical in mapping.items() if canonical in {"queries", "period"}}
    other = {p for p, cell in enumerate(header) if p not in mapping and cell and _TOTAL_HEADER.match(header_key(cell))}
    return sorted(named | other)


def _total_label(cell: str | None, canonical: str | None) -> str:
    """The period text of a row-total column's cells: "Grand Total" or "Total", a label cleaning knows."""
    if canonical == "period":
        return (cell or "").strip()
    return "Grand Total" if header_key(cell or "").startswith("grand") else "Total"


def _long_from_wide(
    header: list[str | None], mapping: dict[int, str], records: list[list[str | None]], source_rows: list[int]
) -> pd.DataFrame:
    """One row per (file row, period column) of a wide table; a row-total column ("Total") becomes rows whose period
    is "Total" (or "Grand Total"), which cleaning recognises as subtotals. ``source_column`` is the spreadsheet column
    letter."""
    periods = _period_columns(header, mapping)
    totals = _total_columns(header, mapping)
    kept = [p for p in range(len(header)) if p not in periods and p not in totals]
    names = _column_names([header[p] for p in kept], {i: mapping[p] for i, p in enumerate(kept) if p in mapping})
    labels = {p: (header[p] or "").strip() for p in periods}
    labels |= {p: _total_label(header[p], mapping.get(p)) for p in totals}
    rows = []
    for cells, source_row in zip(records, source_rows, strict=True):
        fixed = [cells[p] for p in kept]
        for p in periods + totals:
            rows.append([*fixed, labels[p], cells[p], source_row, _column_letter(p)])
    columns = [*names, "period", "queries", "source_row", "source_column"]
    frame = pd.DataFrame(rows, columns=columns).astype({c: "str" for c in columns if c != "source_row"})
    empty = [name for p, name in zip(kept, names, strict=True) if header[p] is None and frame[name].isna().all()]
    return frame.drop(columns=empty).astype({"source_row": "int64"})


def _check_overrides(path: Path, columns: Mapping[str, str] | None) -> Mapping[str, str]:
    for raw, canonical in (columns or {}).items():
        if canonical not in CANONICAL_COLUMNS:
            raise QueryCountsReadError(
                path, f"columns={{{raw!r}: {canonical!r}}}: the target must be one of {', '.join(CANONICAL_COLUMNS)}"
            )
    return columns or {}


def _grid(
    path: Path, kind: str, sheet: str | int | None, overrides: Mapping[str, str]
) -> tuple[Rows, str | None, list[tuple[int, int, int]]]:
    """The file as numbered rows of cell text, the sheet read (Excel; an HTML page's table when it has several)
    and its vertically merged cells."""
    if kind in {"excel", "html"}:
        names, load = excel_sheets(path) if kind == "excel" else html_sheets(path, text_bytes(path, kind))
        (rows, merged), name = _pick_sheet(path, names, load, sheet, overrides, "sheet" if kind == "excel" else "table")
        return rows, name if kind == "excel" or len(names) > 1 else None, merged
    if kind == "parquet":
        raw = parquet_frame(path)
        cells = raw.astype(object).where(raw.notna(), None)
        rows = [(0, list(raw.columns))] + [(i + 1, list(v)) for i, v in enumerate(cells.itertuples(index=False))]
        return rows, None, []
    data = text_bytes(path, kind)
    return text_rows(path, data), None, []


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
    raw = _text_frame(path, text_bytes(path, kind), overrides) if kind in {"text", "gzip"} else None
    sheet_name = None
    if raw is None:
        rows, sheet_name, merged = _grid(path, kind, sheet, overrides)
        raw = _frame_from_rows(path, rows, overrides, merged)
    if kind in {"text", "gzip"}:
        raw = replace(raw, table=undo_formula_guard(raw.table))  # the "'" our CSV writer adds
    return replace(raw, source_file=relative_to_root(path), sheet=sheet_name)


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
