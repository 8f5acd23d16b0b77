"""Bounds on what reading one file may cost, counted while streaming and never taken from the file's own claims.

A hostile or broken file must be refused in one line, not end the process: a 3 KB workbook whose one cell sits at
XFD1048576 asks for a grid of 17 billion cells; a gzip bomb or a shared-strings bomb inflates to many gigabytes; a
FIFO or a device never ends. The defaults below can be raised with environment variables (e.g. for a very large
workbook on a large machine):

- ``NLETS_MAX_CELLS`` (default 50,000,000): cells of the rectangle a sheet or HTML table spans (rows × columns);
- ``NLETS_MAX_BYTES`` (default 2,000,000,000): bytes a compressed file or a workbook's XML decompresses to.
"""

from __future__ import annotations

import os
import re
import stat
import zipfile
import zlib
from pathlib import Path

__all__ = ["MAX_BYTES", "MAX_CELLS", "check_regular_file", "check_workbook", "gunzip", "max_bytes", "max_cells"]

MAX_CELLS = 50_000_000
MAX_BYTES = 2_000_000_000
_CHUNK = 1 << 20
_CELL_REF = re.compile(rb"<(?:\w+:)?c\b[^>]*?\br=\"([A-Z]{1,3})([0-9]{1,7})\"")
_ROW_REF = re.compile(rb"<(?:\w+:)?row\b[^>]*?\br=\"([0-9]{1,7})\"")
_TAG = re.compile(rb"<(?:\w+:)?(c|row|si)\b")
_UNIQUE_COUNT = re.compile(rb"<(?:\w+:)?sst\b[^>]*?\buniqueCount=\"([0-9]+)\"")
_CLAIM_SLACK = 1000  # a stated count of shared strings may exceed the strings held by this much (damaged files)


def max_cells() -> int:
    """The cell limit: ``$NLETS_MAX_CELLS`` or :data:`MAX_CELLS`."""
    return _setting("NLETS_MAX_CELLS", MAX_CELLS)


def max_bytes() -> int:
    """The decompressed-bytes limit: ``$NLETS_MAX_BYTES`` or :data:`MAX_BYTES`."""
    return _setting("NLETS_MAX_BYTES", MAX_BYTES)


def _setting(name: str, default: int) -> int:
    text = os.environ.get(name, "").replace(",", "").replace("_", "").strip()
    return int(text) if text.isdigit() and int(text) > 0 else default


def check_regular_file(path: Path) -> str | None:
    """Why ``path`` cannot be read as a file (a pipe, socket or device, which would hang or never end; an empty
    file), or None when it is a regular file with some bytes.

    >>> check_regular_file(Path("/dev/null"))
    'not a regular file (a pipe, socket or device); save the data to a file first'
    """
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return None  # the open that follows names the problem
    if not stat.S_ISREG(mode) and not stat.S_ISDIR(mode):
        return "not a regular file (a pipe, socket or device); save the data to a file first"
    if stat.S_ISREG(mode) and os.stat(path).st_size == 0:
        return "the file is empty (0 bytes)"
    return None


def gunzip(data: bytes, limit: int | None = None) -> bytes:
    """``data`` decompressed (gzip, several members allowed), refusing with ``ValueError`` once the output passes
    ``limit`` bytes (default :func:`max_bytes`): counted while decompressing, never allocated first.

    >>> import gzip
    >>> gunzip(gzip.compress(b"abc"))
    b'abc'
    >>> gunzip(gzip.compress(b"0" * 1000), limit=100)
    Traceback (most recent call last):
    ...
    ValueError: decompresses to more than 100 bytes (the limit; raise it with NLETS_MAX_BYTES)
    """
    limit = max_bytes() if limit is None else limit
    out = bytearray()
    while data:
        inflater = zlib.decompressobj(wbits=31)
        while data:
            out += inflater.decompress(data, _CHUNK)
            data = inflater.unconsumed_tail
            if len(out) > limit:
                raise ValueError(f"decompresses to more than {limit:,} bytes (the limit; raise it with "
                                 "NLETS_MAX_BYTES)")
            if inflater.eof:
                break
        if not inflater.eof:
            raise EOFError("the compressed data ends early")
        data = inflater.unused_data.lstrip(b"\x00")
    return bytes(out)


def check_workbook(path: Path) -> str | None:
    """Why the .xlsx at ``path`` is refused before a reader lays it out, or None: a sheet spanning more than
    :func:`max_cells` cells (rows × columns, from the cell and row positions in its XML, not from its stated
    dimension), more shared strings than cells allowed, a shared-strings table stating more strings than it holds
    (calamine would set aside room for the claim and abort), or XML decompressing past :func:`max_bytes`. A file that is
    not a zip is left to the reader, which names the problem."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        return None
    cells_limit, bytes_limit = max_cells(), max_bytes()
    total = 0
    with archive:
        for info in archive.infolist():
            name = info.filename
            sheet = name.startswith("xl/worksheets/") and name.endswith(".xml")
            if not (sheet or name == "xl/sharedStrings.xml"):
                continue
            try:
                rows, columns, count, size, claimed = _scan(archive, name, bytes_limit - total)
            except (zipfile.BadZipFile, OSError, EOFError, zlib.error, RuntimeError, NotImplementedError):
                return None  # damaged: the reader names it
            total += size
            if total > bytes_limit:
                return (f"the workbook's XML decompresses to more than {bytes_limit:,} bytes (the limit; raise it "
                        "with NLETS_MAX_BYTES)")
            if sheet and rows * columns > cells_limit:
                return (f"{name.rsplit('/', 1)[-1].removesuffix('.xml')} spans {rows:,} rows × {columns:,} columns, "
                        f"more than {cells_limit:,} cells (the limit; raise it with NLETS_MAX_CELLS)")
            if not sheet and claimed > count + _CLAIM_SLACK:  # calamine sets aside room for the claim up front
                return (f"the workbook's shared-strings table states {claimed:,} strings but holds {count:,} "
                        "(a damaged or hostile file; open and re-save it in a spreadsheet program)")
            if not sheet and count > cells_limit:
                return (f"the workbook holds {count:,} shared strings, more than {cells_limit:,} (the limit; raise it "
                        "with NLETS_MAX_CELLS)")
    return None


def _scan(archive: zipfile.ZipFile, name: str, budget: int) -> tuple[int, int, int, int, int]:
    """(last row, last column, tags counted, bytes read, stated uniqueCount) of one XML member, read in pieces;
    stops past ``budget``."""
    last_row = last_column = count = size = claimed = 0
    row_tags = cells_in_row = widest = 0
    tail = b""
    with archive.open(name) as member:
        while chunk := member.read(_CHUNK):
            size += len(chunk)
            piece = tail + chunk
            cut = max(piece.rfind(b"<"), 0) if len(chunk) == _CHUNK else len(piece)
            body, tail = piece[:cut], piece[cut:]
            for match in _CELL_REF.finditer(body):
                last_column = max(last_column, _column_number(match[1]))
                last_row = max(last_row, int(match[2]))
            if size == len(chunk) and (stated := _UNIQUE_COUNT.search(body)):  # the first piece holds <sst>
                claimed = int(stated[1])
            for match in _ROW_REF.finditer(body):
                last_row = max(last_row, int(match[1]))
            for match in _TAG.finditer(body):
                if match[1] == b"row":
                    row_tags += 1
                    widest, cells_in_row = max(widest, cells_in_row), 0
                else:
                    count += 1
                    cells_in_row += match[1] == b"c"
            if size > budget or len(tail) > _CHUNK:
                break
    widest = max(widest, cells_in_row)
    return max(last_row, row_tags), max(last_column, widest, 1), count, size, claimed


def _column_number(letters: bytes) -> int:
    """``b"A"`` → 1, ``b"XFD"`` → 16384."""
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number
