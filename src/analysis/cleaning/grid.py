"""A query-count file as a grid: numbered rows of cell text, from the sheet or table picked, with its merged cells.

Text files are split into rows, a workbook's sheet or an HTML page's table is picked (by ``sheet=``, else the first
with a header), and Parquet records are numbered from 1 under a row 0 of column names.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from analysis.cleaning.formats import (
    QueryCountsReadError,
    Rows,
    Sheet,
    excel_sheets,
    html_sheets,
    is_blank,
    parquet_frame,
    text_bytes,
    text_rows,
)
from analysis.cleaning.headers import find_header, override_hits


@dataclass(frozen=True)
class Grid:
    """A file as numbered rows of cell text, ``(row number, cells)``; the sheet read (Excel; an HTML page's table
    when it has several) and the vertically merged cells, ``(top row, bottom row, column position)``."""

    rows: Rows
    sheet: str | None = None
    merged: list[tuple[int, int, int]] = field(default_factory=list)


def read_grid(path: Path, kind: str, sheet: str | int | None, overrides: Mapping[str, str]) -> Grid:
    """The file (of the format ``kind`` that :func:`~analysis.cleaning.formats.sniff_format` found) as a
    :class:`Grid`."""
    if kind in {"excel", "html"}:
        names, load = excel_sheets(path) if kind == "excel" else html_sheets(path, text_bytes(path, kind))
        (rows, merged), name = _pick_sheet(path, names, load, sheet, overrides, "sheet" if kind == "excel" else "table")
        return Grid(rows, name if kind == "excel" or len(names) > 1 else None, merged)
    if kind == "parquet":
        raw = parquet_frame(path)
        cells = raw.astype(object).where(raw.notna(), None)
        rows = [(0, list(raw.columns))] + [(i + 1, list(v)) for i, v in enumerate(cells.itertuples(index=False))]
        return Grid(rows)
    data = text_bytes(path, kind)
    return Grid(text_rows(path, data))


def _pick_sheet(
    path: Path,
    names: list[str],
    load: Callable[[str], Sheet],
    sheet: str | int | None,
    overrides: Mapping[str, str],
    kind: str = "sheet",
) -> tuple[Sheet, str]:
    """The sheet asked for (by name, exact else ignoring case, or 0-based number); by default the first visible
    sheet whose header holds every raw name of ``columns=``, else the first visible sheet with a header. Hidden
    sheets are read only when named; a workbook whose visible sheets have no header is refused, naming them."""
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
    hidden = getattr(load, "hidden", frozenset())  # hidden sheets are read only when named with sheet=
    for name in (n for n in names if n not in hidden):
        grid = load(name)
        rows = nonblank(grid[0])
        at, _ = find_header(rows, overrides)
        if at < 0:
            continue
        if override_hits(rows[at][1], overrides) == len(overrides):
            return grid, name
        first = first or (grid, name)
    if first is not None:
        return first
    if hidden:
        raise QueryCountsReadError(path, f"no visible {kind} has a header row; hidden {kind}s: "
                                   f"{', '.join(repr(n) for n in names if n in hidden)} (read one with --sheet NAME)")
    return (([], []), names[0]) if names else (([], []), "")


def nonblank(rows: list[tuple[int, list[str | None]]]) -> list[tuple[int, list[str | None]]]:
    """The rows with at least one cell that is not blank (where a header is looked for)."""
    return [(n, cells) for n, cells in rows if not all(is_blank(c) for c in cells)]
