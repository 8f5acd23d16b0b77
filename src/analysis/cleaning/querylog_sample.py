"""The sample of a query log behind its value maps: small blocks spread over each file, and their distinct values."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from analysis.cleaning.querylog_inputs import LOG_COLUMNS
from analysis.cleaning.querylog_scan import LogSource, per_column_sql, source_kind, sql_ident, sql_str

if TYPE_CHECKING:
    import duckdb

__all__ = ["sample_values", "write_csv_samples"]

# A plain CSV is sampled in SAMPLE_BLOCK_BYTES blocks, one per SAMPLE_SPACING bytes of file (at least SAMPLE_MIN_BLOCKS,
# at most SAMPLE_MAX_BLOCKS), spread evenly from the first line to the last, so that a log sorted by any column still
# shows nearly every value; a file smaller than SAMPLE_WHOLE_BYTES is read whole (its maps are then exact). A
# compressed CSV cannot be read at an offset: its first SAMPLE_HEAD_ROWS rows are the sample. A Parquet file gives
# SAMPLE_BATCH_ROWS rows from each of up to SAMPLE_MAX_BLOCKS row groups, spread evenly.
SAMPLE_BLOCK_BYTES = 2048
SAMPLE_SPACING = 65_536
SAMPLE_MIN_BLOCKS, SAMPLE_MAX_BLOCKS = 64, 16_384
SAMPLE_WHOLE_BYTES = 4_000_000
SAMPLE_HEAD_ROWS = 200_000
SAMPLE_BATCH_ROWS = 2048
_COMPRESSED = (".gz", ".gzip", ".zst", ".zstd")


def _csv_sample_bytes(path: str) -> bytes | None:
    """The header line and whole lines from blocks spread over a plain CSV file; None when the file is small
    enough to be read whole. A block may start inside a quoted field that holds a line break: its first line is
    then misread, which costs at most a value the maps do not need (the sample is never counted)."""
    size = os.path.getsize(path)
    if size <= SAMPLE_WHOLE_BYTES:
        return None
    blocks = max(SAMPLE_MIN_BLOCKS, min(SAMPLE_MAX_BLOCKS, size // SAMPLE_SPACING))
    with open(path, "rb", buffering=0) as handle:
        header = handle.readline()
        body = size - len(header)
        parts = [header]
        for i in range(blocks):
            offset = len(header) + body * i // blocks
            handle.seek(max(len(header), offset - 1))  # from the byte before: a block starting on a line keeps it
            block = handle.read(SAMPLE_BLOCK_BYTES)
            first, last = block.find(b"\n"), block.rfind(b"\n")
            if 0 <= first < last:
                parts.append(block[first + 1:last + 1])
    return b"".join(parts)


def write_csv_samples(files: list[str], workdir: Path) -> dict[str, Path]:
    """The sample blocks of each plain CSV file large enough to be sampled (:func:`_csv_sample_bytes`), written to
    ``workdir`` one file at a time (a scratch copy of input lines for DuckDB's reader, not a table we write); which
    file holds which sample. Read before another thread competes for the GIL: each of a few thousand reads lets go of
    it, and waited to get it back from the thread importing pandas (measured on 5 M rows: 0.6 s instead of 0.15 s).
    Not a memory map: the pages the kernel maps around each block count in the process's peak RSS (0.23 GB more at
    10 M rows)."""
    written = {}
    for i, path in enumerate(files):
        if source_kind(path) == "csv" and not path.lower().endswith(_COMPRESSED):
            try:
                sample = _csv_sample_bytes(path)
            except OSError:  # left for the reader, which names the file
                continue
            if sample is not None:
                written[path] = workdir / f"sample-{i}.lines"
                written[path].write_bytes(sample)
    return written


def _sample_selects(con: duckdb.DuckDBPyConnection, sources: list[LogSource], samples: dict[str, Path]) -> list[str]:
    """One SELECT of (destination_state, agency, message_key) per file, over its sampled rows."""
    selects = []
    for i, s in enumerate(sources):
        mapping = dict(s.mapping)
        dims = ", ".join(f"CAST({sql_ident(mapping[c])} AS VARCHAR) AS {c}" for c in LOG_COLUMNS[1:])
        if s.kind == "parquet":
            con.register(f"sample_{i}", _parquet_sample(s.path, [mapping[c] for c in LOG_COLUMNS[1:]]))
            relation = f"sample_{i}"
        else:
            source, limit = s.path, ""
            if s.path.lower().endswith(_COMPRESSED):
                limit = f" LIMIT {SAMPLE_HEAD_ROWS}"
            elif s.path in samples:  # else small enough to read whole
                source = str(samples[s.path])
            relation = (f"(SELECT * FROM read_csv({sql_str(source)}, header = true, all_varchar = true, "
                        f"ignore_errors = true){limit})")
        selects.append(f"SELECT {dims} FROM {relation}")
    return selects


def _distinct_sql(selects: list[str]) -> str:
    """SQL listing the distinct values of each column among the rows of ``selects``."""
    return per_column_sql(f"({' UNION ALL '.join(selects)})", {c: c for c in LOG_COLUMNS[1:]})


def _parquet_sample(path: str, columns: list[str]):
    """Up to SAMPLE_BATCH_ROWS rows of the given columns from each of up to SAMPLE_MAX_BLOCKS row groups, spread
    evenly over the file, as an Arrow table."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    parquet = pq.ParquetFile(path)
    groups = parquet.num_row_groups
    picks = sorted({g * groups // min(groups, SAMPLE_MAX_BLOCKS) for g in range(min(groups, SAMPLE_MAX_BLOCKS))})
    batches = [next(parquet.iter_batches(batch_size=SAMPLE_BATCH_ROWS, row_groups=[g], columns=columns), None)
               for g in picks]
    batches = [b for b in batches if b is not None]
    if not batches:
        return pa.table({c: pa.array([], pa.string()) for c in columns})
    return pa.Table.from_batches(batches)


def sample_values(
    con: duckdb.DuckDBPyConnection, sources: list[LogSource], samples: dict[str, Path],
) -> list[tuple[bool, bool, bool, str | None, str | None, str | None]]:
    """The distinct raw values of the sample, as rows of ``is_<column>`` flags and the three columns (a value is
    that of the one column whose flag is set); none when the sample cannot be read, which only hands all the work
    to the fallback. Plain rows: the sample needs no pandas, which is imported meanwhile. ``samples``: the files
    holding the samples of plain CSV files (:func:`write_csv_samples`); a plain CSV not among them is read whole."""
    import duckdb

    selects = _sample_selects(con, sources, samples)
    try:
        return con.execute(_distinct_sql(selects)).fetchall()
    except duckdb.Error:  # an unreadable sample (an odd block) only means an empty one: the fallback does its work
        pass
    empty = f"SELECT {', '.join(f'NULL::VARCHAR AS {c}' for c in LOG_COLUMNS[1:])} WHERE false"
    readable = []
    for select in selects:
        try:
            con.execute(f"DESCRIBE {select}").fetchall()
            readable.append(select)
        except duckdb.Error:
            readable.append(empty)
    try:
        return con.execute(_distinct_sql(readable)).fetchall()
    except duckdb.Error:
        return []
