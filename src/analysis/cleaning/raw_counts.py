"""Build :class:`RawCounts` from the rows under a table's header: raw cell text under canonical column names.

Merged identity cells are filled down, blank, comment and repeated-header rows dropped, and a wide table (one count
column per period) is turned into one row per file row and period. Nothing is converted: cells stay the text a person
sees.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.cleaning.counts import parse_count
from analysis.cleaning.formats import QueryCountsReadError, is_blank
from analysis.cleaning.grid import Grid, nonblank
from analysis.cleaning.headers import (
    HEADER_SEARCH_ROWS,
    find_header,
    header_key,
    header_mapping,
    period_columns,
    period_grain_of_header,
)
from analysis.cleaning.periods import parse_period

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
      first-of-month dates; else ``"auto"`` (cleaning then decides from the column's values:
      :func:`analysis.cleaning.row_periods.resolve_grain`).
    - ``filled_down``: the merged cells copied into the rows they span.
    - ``encoding_note``: for a text file that is not UTF-8, the encoding it was read as and the lines that hold
      characters outside ASCII (what a wrong guess would change), e.g. ``not UTF-8: read as cp1252 ...``.
    """

    table: pd.DataFrame
    source_file: str | None = None
    sheet: str | None = None
    headers: Mapping[str, str] = field(default_factory=dict)
    period_grain: str = "auto"
    filled_down: tuple[FilledCell, ...] = ()
    encoding_note: str | None = None  # a text file that is not UTF-8: the fallback used and the lines it changed


def frame_from_grid(path: Path, grid: Grid, overrides: Mapping[str, str]) -> RawCounts:
    """The raw counts of a file's :class:`~analysis.cleaning.grid.Grid`: the header found among its first non-blank
    rows, the rows below it kept as text (a wide table turned long), ``filled_down`` the merged cells copied down."""
    rows, merged = nonblank(grid.rows), grid.merged
    at, wide = find_header(rows, overrides)
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
    mapping = header_mapping(header, overrides)
    counts = [p for p, c in mapping.items() if c == "queries"]
    if wide:
        counts = period_columns(header, mapping) + _total_columns(header, mapping)
    fill = {p for p, c in mapping.items() if c in _FILLED and p not in counts}
    body, filled = _fill_merged(rows[at + 1 :], merged or [], rows[at][0], fill, mapping)
    data = [
        (n, cells)
        for n, cells in body
        if not _is_comment(cells, counts) and [(c or "").strip() for c in cells] != header_text  # a header per page
    ]
    width = max([len(header)] + [len(cells) for _, cells in data])
    header = header + [None] * (width - len(header))
    mapping = header_mapping(header, overrides)
    records = [cells + [None] * (width - len(cells)) for _, cells in data]
    source_rows = [n for n, _ in data]
    if wide:
        starts = [parse_period(header[p].strip()) for p in period_columns(header, mapping)]  # type: ignore[union-attr]
        months = all(s.start == s.end and s.start.day == 1 for s in starts)  # "2024-10-01", "2024-11-01": Excel months
        raw = RawCounts(_long_from_wide(header, mapping, records, source_rows), period_grain="month" if months else "auto")
    else:
        table = pd.DataFrame(records, dtype="str") if records else pd.DataFrame(columns=range(width), dtype="str")
        raw = long_frame(path, header, rows[at][0], table, np.array(source_rows, dtype="int64"), overrides)
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


def long_frame(
    path: Path,
    header: list[str | None],
    header_row: int,
    table: pd.DataFrame,
    source_row: np.ndarray,
    overrides: Mapping[str, str],
) -> RawCounts:
    """The frame of a long table: ``table`` holds the data cells by position, as wide as ``header``."""
    _check_overrides_present(path, header, header_row, overrides)
    mapping = header_mapping(header, overrides)
    _check_repeated_headers(path, header, header_row, mapping)
    names = _column_names(header, mapping)
    frame = table.set_axis(names, axis=1).astype("str")
    # columns with neither a header nor data are layout, not content
    empty = [name for position, name in enumerate(names) if header[position] is None and frame[name].isna().all()]
    frame = frame.drop(columns=empty)
    frame["source_row"] = source_row
    headers = {mapping[p]: (header[p] or "").strip() for p in sorted(mapping)}
    grain = period_grain_of_header(headers["period"]) if "period" in headers else "auto"
    return RawCounts(frame, headers=headers, period_grain=grain)


def _check_repeated_headers(path: Path, header: list[str | None], header_row: int, mapping: dict[int, str]) -> None:
    """Refuse a header that repeats a column read as a canonical one ("Count" twice): the second would silently
    be dropped from clean.csv and the summary alike."""
    from analysis.cleaning.headers import header_key

    for position, canonical in sorted(mapping.items()):
        key = header_key(header[position] or "")
        twins = [p for p, cell in enumerate(header) if p != position and p not in mapping and key
                 and header_key(cell or "") == key]
        if twins:
            where = " and ".join(f"column {p + 1}" for p in [position, *twins])
            raise QueryCountsReadError(path, f"{where} are both headed {(header[position] or '').strip()!r}; "
                                       f"only one can be read as {canonical}: rename the other in a copy of the file",
                                       row=header_row)


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
    return not has_count(table, [p for p in counts if p < len(cells)])[0]


_NUMERIC_PROBLEMS = ("fractional", "negative", "too_large", "suppressed")  # counts, although not usable ones


def has_count(table: pd.DataFrame, positions: list[int]) -> np.ndarray:
    """Per row of ``table`` (cells by position), whether any of the count cells at ``positions`` is a number."""
    found = np.zeros(len(table), dtype=bool)
    for position in positions:
        parsed = parse_count(table[position].reset_index(drop=True))
        found |= (parsed["value"].notna() | parsed["problem"].isin(_NUMERIC_PROBLEMS)).to_numpy()
    return found


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
    periods = period_columns(header, mapping)
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
