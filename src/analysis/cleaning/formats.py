"""Open a query-count file by what it contains, not by its name: sniff the format (zip, OLE2, HTML, gzip, Parquet,
text), decode text (UTF-8, UTF-16 with or without BOM, cp1252), split it into rows, and list the sheets of a workbook
or the tables of an HTML page as rows of cell text."""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import zipfile
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from analysis.cleaning.cell_values import is_nested, nested_text
from analysis.cleaning.encodings import SNIFF_BYTES, _utf16_without_bom, decode, encoding_note  # noqa: F401
from analysis.cleaning.isolated import needs_isolation, read_isolated
from analysis.cleaning.limits import check_workbook, gunzip, max_cells
from analysis.paths import relative_to_root


_DELIMITERS = (",", "\t", ";", "|")


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


def cell_text(value: Any) -> str | None:
    """The text a spreadsheet shows for a typed cell; ``None`` for an empty one.

    >>> cell_text(1040.0), cell_text(3.5), cell_text(dt.datetime(2024, 10, 1)), cell_text("")
    ('1040', '3.5', '2024-10-01', None)
    """
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, (bool, np.bool_)):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (float, np.floating)):  # above 2**53 a float is not the number typed: shown as a float
        exact = float(value).is_integer() and abs(float(value)) <= 2**53
        return str(int(value)) if exact else repr(float(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time(0) else value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    text = str(value)
    return text if text != "" else None


def is_blank(cell: str | None) -> bool:
    return cell is None or not cell.strip()


_SPREADSHEET_SUFFIXES = frozenset({".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"})


def sniff_format(path: Path, head: bytes) -> str:
    """What the file is, from its first bytes, whatever its name: a workbook (zip or OLE2), Parquet, gzip, an HTML
    table (what many older systems export as ".xls") or text (a CSV saved as ".xlsx", UTF-16 without a byte-order
    mark). A file named as a workbook whose bytes are neither a workbook nor text is an error naming the file."""
    if head.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        return "excel"
    if head.startswith(b"PAR1"):
        return "parquet"
    if head.startswith(b"\x1f\x8b"):
        return "gzip"
    text = _head_text(head)
    suffix = path.suffix.lower()
    if text is not None:
        start = text.lstrip().lower()
        if start.startswith("<") and ("<table" in start or "<html" in start):
            return "html"
        if start.startswith("<?xml") and "urn:schemas-microsoft-com:office:spreadsheet" in start:
            raise QueryCountsReadError(
                path, "an XML Spreadsheet 2003 file, which cannot be read here: open it in Excel and save it as .xlsx"
            )
        return "text"
    if suffix in _SPREADSHEET_SUFFIXES:
        raise QueryCountsReadError(
            path, f"named {suffix}, but the content is neither a workbook (.xlsx or .xls) nor an HTML table nor text"
        )
    return "parquet" if suffix == ".parquet" else "text"  # the readers name the problem


def _head_text(head: bytes) -> str | None:
    """The first bytes of a file decoded when they look like text (UTF-8, UTF-16 with or without a byte-order mark,
    cp1252), else None."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return head[: len(head) // 2 * 2].decode("utf-16", errors="ignore")
    encoding = _utf16_without_bom(head)
    if encoding is not None:
        return head[: len(head) // 2 * 2].decode(encoding, errors="ignore")
    controls = sum(head.count(byte) for byte in range(32) if byte not in (9, 10, 12, 13))  # NUL included
    if controls > len(head) // 100:
        return None
    return head.decode("utf-8", errors="ignore")


def _widths(head: str, delimiter: str, limit: int = 60) -> list[int]:
    """Cell counts of the first ``limit`` non-blank records of ``head`` read with ``delimiter`` (records, not lines:
    a quoted cell may hold a line break)."""
    widths: list[int] = []
    reader = csv.reader(io.StringIO(head, newline=""), delimiter=delimiter)
    try:
        for cells in reader:
            if any(cell.strip() for cell in cells):
                widths.append(len(cells))
            if len(widths) >= limit:
                break
    except csv.Error:  # the sample may end inside a quoted cell
        pass
    return widths


def pick_delimiter(text: str, preferred: str) -> str:
    """The delimiter that gives the most records of one width (more than one cell), ``preferred`` on a tie.

    >>> pick_delimiter('State,Agency,Note\\nNY,ICE,"a\\r|b"\\nTX,HSI,"c|d"\\n', ",")
    ','
    """
    head = text[:200_000]
    best, best_score = preferred, (-1, -1, False)
    for delimiter in _DELIMITERS:
        wide = [w for w in _widths(head, delimiter) if w > 1]
        if not wide:
            continue
        mode = max(set(wide), key=lambda w: (wide.count(w), w))
        score = (wide.count(mode), mode, delimiter == preferred)
        if score > best_score:
            best, best_score = delimiter, score
    return best


# The longest cell a text file may hold, in characters (csv's own default), set for each read: a library that raised
# the process-wide limit must not change which files the commands accept.
CELL_CHARS = 131_072


@contextmanager
def cell_limit() -> Iterator[None]:
    """Read with :data:`CELL_CHARS` as csv's cell limit, then put back whatever the process had."""
    previous = csv.field_size_limit(CELL_CHARS)
    try:
        yield
    finally:
        csv.field_size_limit(previous)


def text_rows(path: Path, data: bytes) -> list[tuple[int, list[str | None]]]:
    if b"\x00" in data[:4096] and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise QueryCountsReadError(path, "this is not a text file (it contains NUL bytes)")
    text = decode(data)
    name = path.name.lower().removesuffix(".gz")
    delimiter = pick_delimiter(text, "\t" if name.endswith((".tsv", ".tab")) else ",")
    rows: list[tuple[int, list[str | None]]] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    line = 0
    try:
        with cell_limit():
            for cells in reader:
                rows.append((line + 1, [cell if cell != "" else None for cell in cells]))
                line = reader.line_num
    except csv.Error as exc:
        raise QueryCountsReadError(path, f"cannot split the line into cells ({exc})", row=line + 1) from None
    if rows and any(cell and "\n" in cell for cell in rows[-1][1]) and not _closes_quotes(text, rows[-1][0], delimiter):
        raise QueryCountsReadError(path, "a quote opened on this line is never closed", row=rows[-1][0])
    return rows


def _closes_quotes(text: str, first_line: int, delimiter: str) -> bool:
    """Whether the record starting on ``first_line`` closes its quotes (a lenient reader takes the rest of the file)."""
    tail = "".join(text.splitlines(keepends=True)[first_line - 1 :])
    try:
        list(csv.reader(io.StringIO(tail, newline=""), delimiter=delimiter, strict=True))
    except csv.Error:
        return False
    return True

Rows = list[tuple[int, list[str | None]]]

# A sheet: numbered rows of cell text, and its vertically merged cells as (top row, bottom row, column position).
Sheet = tuple[Rows, list[tuple[int, int, int]]]


def excel_sheets(path: Path) -> tuple[list[str], Callable[[str], Sheet]]:
    """The workbook's sheet names and a loader of one sheet, read with calamine; a workbook with error cells
    ("#REF!", "#SPILL!", ...), which calamine reads as blank or refuses, is read with openpyxl instead."""
    refused = check_workbook(path)  # before any reader lays out a grid the file only claims
    if refused is not None:
        raise QueryCountsReadError(path, refused)
    if needs_isolation(path):  # .xls, .xlsb, .ods: no check before reading, so read in a capped child process
        names, hidden, load_isolated = read_isolated(path, QueryCountsReadError)
        load_isolated.hidden = frozenset(hidden)  # type: ignore[attr-defined]
        return names, load_isolated
    if _has_error_cells(path):
        return _openpyxl_sheets(path)
    from python_calamine import CalamineWorkbook, SheetTypeEnum, SheetVisibleEnum

    try:
        book = CalamineWorkbook.from_path(str(path))
        sheets = [s for s in book.sheets_metadata if s.typ == SheetTypeEnum.WorkSheet]
        names, hidden = [s.name for s in sheets], [s.name for s in sheets if s.visible != SheetVisibleEnum.Visible]
    except Exception as exc:  # calamine raises its own types for damaged workbooks
        raise QueryCountsReadError(path, f"cannot open the workbook ({type(exc).__name__}: {exc})") from None

    def load(name: str) -> Sheet:
        try:
            found = book.get_sheet_by_name(name)
            values = found.to_python(skip_empty_area=False)
            merged = found.merged_cell_ranges or []
        except Exception as exc:
            if "error value" in str(exc):  # an error cell the scan missed (an .xls, an odd attribute)
                return _openpyxl_sheets(path)[1](name)
            raise QueryCountsReadError(path, f"cannot read sheet {name!r} ({type(exc).__name__}: {exc})") from None
        rows = [(i + 1, [cell_text(v) for v in row]) for i, row in enumerate(values)]
        return rows, sorted((top + 1, bottom + 1, left) for (top, left), (bottom, _) in merged if bottom > top)

    load.hidden = frozenset(hidden)  # type: ignore[attr-defined]  # read only when asked for by name
    return names, load


def _has_error_cells(path: Path) -> bool:
    """Whether an .xlsx holds error cells (``t="e"`` in a worksheet's XML); read in pieces, never whole."""
    try:
        with zipfile.ZipFile(path) as archive:
            for name in archive.namelist():
                if not (name.startswith("xl/worksheets/") and name.endswith(".xml")):
                    continue
                with archive.open(name) as member:
                    tail = b""
                    while chunk := member.read(1 << 20):
                        piece = tail + chunk
                        if b't="e"' in piece or b"t='e'" in piece:
                            return True
                        tail = piece[-8:]
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error, RuntimeError, NotImplementedError):
        return False  # calamine names the problem
    return False


def _openpyxl_sheets(path: Path) -> tuple[list[str], Callable[[str], Sheet]]:
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, data_only=True)  # not read-only: that mode has no merged cells
    except Exception as exc:  # openpyxl raises many types for damaged workbooks
        raise QueryCountsReadError(path, f"cannot open the workbook ({type(exc).__name__}: {exc})") from None

    def load(name: str) -> Sheet:
        sheet = book[name]
        rows = [(i + 1, [cell_text(v) for v in values]) for i, values in enumerate(sheet.iter_rows(values_only=True))]
        merged = [(r.min_row, r.max_row, r.min_col - 1) for r in sheet.merged_cells.ranges if r.max_row > r.min_row]
        return rows, sorted(merged)

    load.hidden = frozenset(s.title for s in book.worksheets if s.sheet_state != "visible")  # type: ignore
    return [sheet.title for sheet in book.worksheets], load


class _HTMLTables(HTMLParser):
    """The tables of an HTML page as rows of cell text (whitespace collapsed, as a browser shows it), with
    ``colspan`` and ``rowspan`` laid out as a spreadsheet would: a spanned cell's other places are blank, and a
    ``rowspan`` is a vertically merged cell."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[Sheet] = []
        self._open: list[dict[str, Any]] = []  # tables being read (nested tables are read on their own)
        self._skip = 0  # inside <script> or <style>
        self._cells, self._limit = 0, max_cells()  # places laid out so far, spans included: bounded

    def _count(self, places: int) -> None:
        self._cells += places
        if self._cells > self._limit:
            raise ValueError(f"its tables span more than {self._limit:,} cells (the limit; raise it with "
                             "NLETS_MAX_CELLS)")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"script", "style"}:
            self._skip += 1
        elif tag == "table":
            self._open.append({"rows": [], "merged": [], "taken": {}, "row": None, "cell": None})
        elif not self._open:
            return
        elif tag == "tr":
            self._end_row()
            self._open[-1]["row"] = {}
        elif tag in {"td", "th"}:
            self._end_cell()
            if self._open[-1]["row"] is None:
                self._open[-1]["row"] = {}
            spans = {k: _span(v) for k, v in attrs if k in {"colspan", "rowspan"}}
            self._open[-1]["cell"] = ([], spans.get("colspan", 1), spans.get("rowspan", 1))
        elif tag == "br":
            self.handle_data(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in {"script", "style"}:
            self._skip = max(0, self._skip - 1)
        elif not self._open:
            return
        elif tag in {"td", "th"}:
            self._end_cell()
        elif tag == "tr":
            self._end_row()
        elif tag == "table":
            self._end_row()
            table = self._open.pop()
            self.tables.append((table["rows"], table["merged"]))

    def handle_data(self, data: str) -> None:
        if self._open and not self._skip and self._open[-1]["cell"] is not None:
            self._open[-1]["cell"][0].append(data)

    def _end_cell(self) -> None:
        table = self._open[-1]
        if table["cell"] is None:
            return
        parts, colspan, rowspan = table["cell"]
        table["cell"] = None
        row_number = len(table["rows"]) + 1
        column = table.get("next", 0)  # cells are laid out left to right: search on from the last one's end
        while table["taken"].get(column, 0) >= row_number or column in table["row"]:
            column += 1
        table["next"] = column + colspan
        table["row"][column] = " ".join("".join(parts).split()) or None
        table["width"] = max(table.get("width", 0), column + colspan)  # a span's other places stay blank
        if rowspan > 1:
            for extra in range(column, column + colspan):
                table["taken"][extra] = row_number + rowspan - 1
        if rowspan > 1:
            table["merged"].append((row_number, row_number + rowspan - 1, column))

    def _end_row(self) -> None:
        table = self._open[-1]
        self._end_cell()
        if table["row"] is None:
            return
        cells = table["row"]
        spanned, table["row"], table["next"], table["width"] = table.get("width", 0), None, 0, 0
        row_number = len(table["rows"]) + 1
        width = max([spanned - 1, *cells, *(c for c, last in table["taken"].items() if last >= row_number)],
                    default=-1) + 1
        self._count(width)
        table["rows"].append((row_number, [cells.get(c) for c in range(width)]))


def _span(value: str | None) -> int:
    try:
        return max(1, min(int(str(value).strip()), 1000))
    except ValueError:
        return 1


def html_sheets(path: Path, data: bytes) -> tuple[list[str], Callable[[str], Sheet]]:
    parser = _HTMLTables()
    try:
        parser.feed(decode(data))
        parser.close()
    except ValueError as exc:  # a table past the cell limit
        raise QueryCountsReadError(path, f"an HTML page: {exc}") from None
    if not parser.tables:
        raise QueryCountsReadError(path, "an HTML file without a <table>")
    names = [f"table {i + 1}" for i in range(len(parser.tables))]
    return names, lambda name: parser.tables[names.index(name)]


def parquet_frame(path: Path) -> pd.DataFrame:
    try:
        frame = pd.read_parquet(path)
    except Exception as exc:  # pyarrow raises several error types for damaged files
        raise QueryCountsReadError(path, f"cannot read the Parquet file ({type(exc).__name__}: {exc})") from None
    out = pd.DataFrame(index=frame.index)
    for column in frame.columns:
        if frame[column].dtype == object and frame[column].map(is_nested).any():  # a list, struct or map column
            frame[column] = frame[column].map(nested_text)  # kept as text, read like any other column
        codes, uniques = pd.factorize(frame[column], use_na_sentinel=True)
        texts = np.array([cell_text(v) for v in uniques] + [None], dtype=object)
        out[str(column)] = pd.Series(texts.take(np.where(codes < 0, len(uniques), codes)), dtype="str")
    return out


def text_bytes(path: Path, kind: str) -> bytes:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise QueryCountsReadError(path, f"cannot read the file ({exc.strerror})") from None
    if kind == "gzip":
        try:
            data = gunzip(data)  # bounded: a gzip bomb is refused while it inflates
        except ValueError as exc:
            raise QueryCountsReadError(path, f"the gzip file {exc}") from None
        except (OSError, EOFError, zlib.error) as exc:
            raise QueryCountsReadError(path, f"cannot decompress the gzip file ({exc})") from None
        if data.startswith((b"PK\x03\x04", b"PAR1")):
            raise QueryCountsReadError(path, "a compressed spreadsheet or Parquet file: decompress it first")
    encoding = _utf16_without_bom(data)
    if encoding is not None:  # UTF-16 without a byte-order mark: read on as UTF-8
        try:
            data = data.decode(encoding).encode("utf-8")
        except UnicodeDecodeError as exc:
            message = f"looks like {encoding.upper()} text without a byte-order mark, but byte {exc.start} is not"
            raise QueryCountsReadError(path, message) from None
    return data
