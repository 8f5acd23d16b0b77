"""Read a query-count file as received (CSV/TSV/TXT, gzip, Excel, Parquet) into raw strings with canonical headers.

Nothing is converted here: cells come back as the text a person sees, so that cleaning can report every raw
spelling. Each row keeps ``source_row``, the row (line) number shown by a spreadsheet or text editor, counting the
title and header lines above it.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import gzip
import io
import re
import zlib
from collections.abc import Mapping
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from analysis.normalize import parse_period
from analysis.paths import relative_to_root

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
_DELIMITERS = (",", "\t", ";", "|")
_EXCEL_ERRORS = frozenset({"#N/A", "#VALUE!", "#REF!", "#DIV/0!", "#NAME?", "#NUM!", "#NULL!"})


class QueryCountsReadError(ValueError):
    """A file that cannot be read as query counts; ``str()`` names the file and, where known, the row and column."""

    def __init__(self, path: str | Path, message: str, *, row: int | None = None, column: str | None = None):
        self.path, self.message, self.row, self.column = Path(path), message, row, column
        super().__init__(str(self))

    def __str__(self) -> str:
        where = [relative_to_root(self.path)]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column {self.column!r}")
        return f"{', '.join(where)}: {self.message}"


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
    table, one count column per period)."""
    best, best_score, best_wide = -1, 1, False
    for index, (_, cells) in enumerate(rows[:HEADER_SEARCH_ROWS]):
        mapping = _header_mapping(cells, overrides)
        found = set(mapping.values())
        wide = bool(found & _ROW_KEYS) and len(_period_columns(cells, mapping)) >= 2
        score = len(found | {"period", "queries"}) if wide else len(found) if "queries" in found else 0
        if score > best_score:
            best, best_score, best_wide = index, score, wide
    return best, best_wide


# --------------------------------------------------------------------------------------------------------------------
# cell text


def cell_text(value: Any) -> str | None:
    """The text a spreadsheet shows for a typed cell; ``None`` for an empty one.

    >>> cell_text(1040.0), cell_text(3.5), cell_text(dt.datetime(2024, 10, 1)), cell_text("")
    ('1040', '3.5', '2024-10-01', None)
    """
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, (bool, np.bool_)):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (float, np.floating)):
        return str(int(value)) if float(value).is_integer() else repr(float(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time(0) else value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    text = str(value)
    return text if text != "" else None


def _is_blank(cell: str | None) -> bool:
    return cell is None or not cell.strip()


# --------------------------------------------------------------------------------------------------------------------
# formats


def _sniff_format(path: Path, head: bytes) -> str:
    if head.startswith(b"PK\x03\x04"):
        return "excel"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "excel"
    if head.startswith(b"PAR1"):
        return "parquet"
    if head.startswith(b"\x1f\x8b"):
        return "gzip"
    suffix = path.suffix.lower()
    if suffix in {".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"}:
        return "excel"
    if suffix == ".parquet":
        return "parquet"
    return "text"


def _decode(data: bytes) -> str:
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:  # the five bytes cp1252 leaves undefined
        return data.decode("latin-1")


def _pick_delimiter(text: str, preferred: str) -> str:
    sample = [line for line in text[:200_000].splitlines()[:60] if line.strip()]
    best, best_score = preferred, (-1, -1, False)
    for delimiter in _DELIMITERS:
        try:
            widths = [len(cells) for cells in csv.reader(sample, delimiter=delimiter)]
        except csv.Error:
            continue
        wide = [w for w in widths if w > 1]
        if not wide:
            continue
        mode = max(set(wide), key=lambda w: (wide.count(w), w))
        score = (wide.count(mode), mode, delimiter == preferred)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _text_rows(path: Path, data: bytes) -> list[tuple[int, list[str | None]]]:
    if b"\x00" in data[:4096] and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise QueryCountsReadError(path, "this is not a text file (it contains NUL bytes)")
    text = _decode(data)
    name = path.name.lower().removesuffix(".gz")
    delimiter = _pick_delimiter(text, "\t" if name.endswith((".tsv", ".tab")) else ",")
    rows: list[tuple[int, list[str | None]]] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    line = 0
    try:
        for cells in reader:
            rows.append((line + 1, [cell if cell != "" else None for cell in cells]))
            line = reader.line_num
    except csv.Error as exc:
        raise QueryCountsReadError(path, f"cannot split the line into cells ({exc})", row=line + 1) from None
    if rows and any(cell and "\n" in cell for cell in rows[-1][1]) and not _closes_quotes(text, rows[-1][0], delimiter):
        raise QueryCountsReadError(path, "a quote opened on this line is never closed", row=rows[-1][0])
    return rows


def _text_frame(path: Path, data: bytes, overrides: Mapping[str, str]) -> pd.DataFrame | None:
    """The common case of a text file, read fast: the header is found among the first rows as usual, then the body
    is parsed by pandas' C reader as text (no conversion) and blank, comment and repeated-header rows are dropped
    with column operations. Returns None when the file needs the row-by-row reader, which gives the same frame
    and the precise errors: a line break inside a quoted cell, rows longer than the first, a wide table, no header,
    old Mac line ends, NUL bytes."""
    if b"\x00" in data[:4096] or data.count(b"\r") != data.count(b"\r\n"):
        return None
    text = _decode(data)
    name = path.name.lower().removesuffix(".gz")
    delimiter = _pick_delimiter(text, "\t" if name.endswith((".tsv", ".tab")) else ",")
    reader = csv.reader(io.StringIO(text[:1_000_000], newline=""), delimiter=delimiter)
    rows: list[tuple[int, list[str | None]]] = []
    ends: list[int] = []  # the last line of each row read so far
    line = 0
    try:
        for cells in reader:
            row = (line + 1, [cell if cell != "" else None for cell in cells])
            line = reader.line_num
            if not all(_is_blank(c) for c in row[1]):
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
        keep &= ~(first.str.startswith("#") & ~first.str.upper().isin(_EXCEL_ERRORS)).to_numpy()
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


def _closes_quotes(text: str, first_line: int, delimiter: str) -> bool:
    """Whether the record starting on ``first_line`` closes its quotes (a lenient reader takes the rest of the file)."""
    tail = "".join(text.splitlines(keepends=True)[first_line - 1 :])
    try:
        list(csv.reader(io.StringIO(tail, newline=""), delimiter=delimiter, strict=True))
    except csv.Error:
        return False
    return True


def _excel_rows(path: Path, sheet: str | int | None) -> tuple[list[tuple[int, list[str | None]]], str]:
    try:
        book = pd.read_excel(
            path, sheet_name=None, header=None, dtype=object, engine="calamine", na_filter=False
        )
    except Exception as exc:  # calamine raises its own types for damaged workbooks
        raise QueryCountsReadError(path, f"cannot open the workbook ({type(exc).__name__}: {exc})") from None
    names = list(book)
    if sheet is not None:
        if isinstance(sheet, int) and not isinstance(sheet, bool):
            if not 0 <= sheet < len(names):
                raise QueryCountsReadError(path, f"there is no sheet number {sheet}; sheets: {', '.join(names)}")
            chosen = [names[sheet]]
        else:
            wanted = str(sheet).strip().lower()
            exact = [n for n in names if n == sheet] or [n for n in names if n.strip().lower() == wanted]
            if not exact:
                raise QueryCountsReadError(path, f"there is no sheet {sheet!r}; sheets: {', '.join(names)}")
            chosen = exact[:1]
    else:
        chosen = names
    for name in chosen:
        frame = book[name]
        rows = [(i + 1, [cell_text(v) for v in values]) for i, values in enumerate(frame.itertuples(index=False))]
        if sheet is not None or _find_header(_nonblank(rows), {})[0] >= 0:
            return rows, name
    return ([], names[0]) if names else ([], "")


def _nonblank(rows: list[tuple[int, list[str | None]]]) -> list[tuple[int, list[str | None]]]:
    return [(n, cells) for n, cells in rows if not all(_is_blank(c) for c in cells)]


def _parquet_frame(path: Path) -> pd.DataFrame:
    try:
        frame = pd.read_parquet(path)
    except Exception as exc:  # pyarrow raises several error types for damaged files
        raise QueryCountsReadError(path, f"cannot read the Parquet file ({type(exc).__name__}: {exc})") from None
    out = pd.DataFrame(index=frame.index)
    for column in frame.columns:
        codes, uniques = pd.factorize(frame[column], use_na_sentinel=True)
        texts = np.array([cell_text(v) for v in uniques] + [None], dtype=object)
        out[str(column)] = pd.Series(texts.take(np.where(codes < 0, len(uniques), codes)), dtype="str")
    return out


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


def _is_comment(cells: list[str | None]) -> bool:
    first = cells[0].strip() if cells and cells[0] else ""
    return first.startswith("#") and first.upper() not in _EXCEL_ERRORS


def _frame_from_rows(
    path: Path, rows: list[tuple[int, list[str | None]]], overrides: Mapping[str, str]
) -> pd.DataFrame:
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
    data = [
        (n, cells)
        for n, cells in rows[at + 1 :]
        if not _is_comment(cells) and [(c or "").strip() for c in cells] != header_text  # a header repeated per page
    ]
    width = max([len(header)] + [len(cells) for _, cells in data])
    header = header + [None] * (width - len(header))
    mapping = _header_mapping(header, overrides)
    records = [cells + [None] * (width - len(cells)) for _, cells in data]
    source_rows = [n for n, _ in data]
    if wide:
        frame = _long_from_wide(header, mapping, records, source_rows)
        starts = [parse_period(header[p].strip()) for p in _period_columns(header, mapping)]  # type: ignore[union-attr]
        if all(s.start == s.end and s.start.day == 1 for s in starts):  # "2024-10-01", "2024-11-01": Excel months
            frame.attrs["period_grain"] = "month"
        return frame
    table = pd.DataFrame(records, dtype="str") if records else pd.DataFrame(columns=range(width), dtype="str")
    return _long_frame(path, header, rows[at][0], table, np.array(source_rows, dtype="int64"), overrides)


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
) -> pd.DataFrame:
    """The frame of a long table: ``table`` holds the data cells by position, as wide as ``header``."""
    _check_overrides_present(path, header, header_row, overrides)
    mapping = _header_mapping(header, overrides)
    names = _column_names(header, mapping)
    frame = table.set_axis(names, axis=1).astype("str")
    # columns with neither a header nor data are layout, not content
    empty = [name for position, name in enumerate(names) if header[position] is None and frame[name].isna().all()]
    frame = frame.drop(columns=empty)
    frame["source_row"] = source_row
    frame.attrs["headers"] = {mapping[p]: (header[p] or "").strip() for p in sorted(mapping)}
    if "period" in frame.attrs["headers"]:
        frame.attrs["period_grain"] = period_grain_of_header(frame.attrs["headers"]["period"])
    return frame


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


def _long_from_wide(
    header: list[str | None], mapping: dict[int, str], records: list[list[str | None]], source_rows: list[int]
) -> pd.DataFrame:
    """One row per (file row, period column) of a wide table; a row-total column ("Total") becomes rows whose period
    is "Total", which cleaning recognises as subtotals. ``source_column`` is the spreadsheet column letter."""
    periods = _period_columns(header, mapping)
    totals = [p for p, canonical in mapping.items() if canonical in {"queries", "period"}]
    kept = [p for p in range(len(header)) if p not in periods and p not in totals]
    names = _column_names([header[p] for p in kept], {i: mapping[p] for i, p in enumerate(kept) if p in mapping})
    rows = []
    for cells, source_row in zip(records, source_rows, strict=True):
        fixed = [cells[p] for p in kept]
        for p in periods + totals:
            rows.append([*fixed, (header[p] or "").strip(), cells[p], source_row, _column_letter(p)])
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


def _grid(path: Path, kind: str, sheet: str | int | None) -> tuple[list[tuple[int, list[str | None]]], str | None]:
    """The file as numbered rows of cell text, and the sheet read (Excel only)."""
    if kind == "excel":
        return _excel_rows(path, sheet)
    if kind == "parquet":
        raw = _parquet_frame(path)
        cells = raw.astype(object).where(raw.notna(), None)
        return [(0, list(raw.columns))] + [(i + 1, list(v)) for i, v in enumerate(cells.itertuples(index=False))], None
    data = _text_bytes(path, kind)
    return _text_rows(path, data), None


def _text_bytes(path: Path, kind: str) -> bytes:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise QueryCountsReadError(path, f"cannot read the file ({exc.strerror})") from None
    if kind == "gzip":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError, zlib.error) as exc:
            raise QueryCountsReadError(path, f"cannot decompress the gzip file ({exc})") from None
        if data.startswith((b"PK\x03\x04", b"PAR1")):
            raise QueryCountsReadError(path, "a compressed spreadsheet or Parquet file: decompress it first")
    return data


def read_query_counts(
    path: str | Path, *, sheet: str | int | None = None, columns: Mapping[str, str] | None = None
) -> pd.DataFrame:
    """Read a query-count file into raw strings under canonical column names, plus ``source_row``.

    Reads CSV/TSV/TXT (delimiter and encoding detected: UTF-8 with or without BOM, UTF-16, cp1252), gzip-compressed
    text, Excel (.xlsx/.xls via calamine; ``sheet`` by name or 0-based number, default: the first sheet with a
    header) and Parquet. The header may sit below title lines; header spellings are matched ignoring case, spaces
    and punctuation (``vocab/columns.csv``), and ``columns={raw: canonical}`` names any others. Other columns are
    kept as they are. Blank rows and rows whose first cell starts with ``#`` (comments) are skipped.

    ``source_row`` is the line (text) or row (spreadsheet) number a person sees, 1-based, counting title and header
    lines; for Parquet it is the 1-based record number. ``frame.attrs`` holds ``source_file``, ``sheet`` (Excel),
    ``headers`` (canonical column → the header text in the file) and ``period_grain`` (``"month"`` when the period
    header says "Month", or a wide table's period headers are all first-of-month dates; else ``"auto"``), which
    :func:`analysis.clean_query_counts` uses to read ``2024-10-01`` as October rather than one day. Raises
    :class:`QueryCountsReadError` naming the file (and row or column) when the file cannot be read.

    >>> import tempfile, pathlib
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "x.csv"
    >>> _ = f.write_text("Queries by state\\nDest. St,# of Queries\\nN.Y.,\\"1,040\\"\\n")
    >>> read_query_counts(f)
      destination_state queries  source_row
    0              N.Y.   1,040           3
    """
    path = Path(path)
    overrides = _check_overrides(path, columns)
    try:
        with open(path, "rb") as handle:
            head = handle.read(8)
    except FileNotFoundError:
        raise QueryCountsReadError(path, "no such file") from None
    except IsADirectoryError:
        raise QueryCountsReadError(path, "this is a folder, not a file") from None
    except OSError as exc:
        raise QueryCountsReadError(path, f"cannot open the file ({exc.strerror})") from None
    kind = _sniff_format(path, head)
    frame = _text_frame(path, _text_bytes(path, kind), overrides) if kind in {"text", "gzip"} else None
    sheet_name = None
    if frame is None:
        rows, sheet_name = _grid(path, kind, sheet)
        frame = _frame_from_rows(path, rows, overrides)
    frame.attrs["source_file"] = relative_to_root(path)
    if sheet_name is not None:
        frame.attrs["sheet"] = sheet_name
    return frame
