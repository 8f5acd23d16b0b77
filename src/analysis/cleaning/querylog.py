"""Aggregate row-level Nlets query logs (one row per query) into the canonical clean table, in bounded memory.

A year of Nlets DMV traffic is over 290 million rows, far more than pandas can hold on a laptop. Embedded DuckDB
reads the log once, streaming:

1. **A sample** (a few MB: small blocks spread evenly over each CSV file, from its first line to its last; the head
   of a compressed CSV; rows from row groups spread over a Parquet file) gives the distinct raw destination states,
   agencies and message keys. Only these values go through the cleaning library's normalisers, the same functions
   ``clean_query_counts`` uses, so the rules exist once and nowhere in SQL. They become small tables (value maps):
   raw value → its row id and the integer code of its clean value.
2. **The scan** joins each row's raw values to the maps, parses its timestamp, truncates it to the day or month
   and counts rows in grouping sets: per ``period × state code × agency code × key code`` (the clean set); the rows
   with a value the maps lack, on the *raw* strings of their unmapped values (the fallback); the rows without a
   usable timestamp, per file and raw values (``.rejects``); and the rows per mapped raw value (``.audit``).
3. **The fallback's raw values** (none when the sample saw every value, a few rare spellings usually) then go
   through the same normalisers, and their rows are added to the clean groups.

The result does not depend on the sample: a value it missed costs a group of the fallback set, not a wrong count
(tests check the tables byte for byte against the two-pass reader's with whole, sparse and empty samples, on logs
in shuffled, state-sorted and several-file form). Memory depends on it a little: the fallback groups on raw strings,
so a sample that saw few values (a log sorted by state and a compressed file's head) makes that set larger; it
stays within ``memory_limit`` and spills beyond it. Spreading the sample over a plain file makes a missed value one
with fewer rows than the gap between two blocks (``SAMPLE_SPACING``, 64 KB ≈ 1,400 log rows).

Why not one pass grouped on (period, raw state, raw agency, raw key) and re-aggregated? On a messy synthetic log
that key has ~5 M distinct values per 10 M rows, and DuckDB 2.0.1 ran out of memory on 100 M rows at limits of
256, 384 and 512 MB, while the clean set's key (a date and three 2-byte codes) fits in a few MB. The two-pass reader
before issue 17 built the maps from a first full scan instead of a sample; the sample saves that scan.

DuckDB settings (the reason memory stays bounded whatever the input size):

- ``memory_limit`` (default ``"512MB"``): DuckDB's buffer pool; beyond it, operators spill. At 256MB the
  grouping sets outgrew it on a shuffled 100 M-row log: 27.5 s against 22.1 s at 512MB, for 0.02 GB less peak RSS;
- ``temp_directory``: a fresh temporary folder (deleted afterwards) receives the spill;
- ``preserve_insertion_order = false``: lets scans and aggregations stream without keeping row order;
- ``threads``: the number of cores this process may use.

Timestamps are a per-row field, not a period label, so they are parsed in SQL (ISO 8601 ``2025-03-14 08:15:00``,
``2025-03-14T08:15:00Z``, ``2025-03-14``, and US ``03/14/2025 08:15[:00]``) and truncated to the day or month. A zone
suffix is dropped, not applied: the day is the one written in the log.
"""

from __future__ import annotations

import glob
import os
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import numpy as np
import pandas as pd

from analysis.paths import relative_to_root

if TYPE_CHECKING:
    import duckdb

    from analysis.cleaning.clean import CleanResult

__all__ = ["aggregate_query_log", "LOG_COLUMNS", "DEFAULT_MEMORY_LIMIT"]

Freq = Literal["day", "month"]
DEFAULT_MEMORY_LIMIT = "512MB"
LOG_COLUMNS = ("timestamp", "destination_state", "agency", "message_key")
US_TIMESTAMP_FORMATS = (  # US forms as logs print them; ISO 8601 needs none of these
    "%m/%d/%Y %H:%M:%S", "%m/%d/%Y %H:%M", "%m/%d/%Y %I:%M:%S %p", "%m/%d/%Y %I:%M %p", "%m/%d/%Y",
    "%Y-%m-%d %I:%M:%S %p", "%Y-%m-%d %I:%M %p",
)
CLEAN_COLUMNS = [
    "destination_state", "agency", "message_key", "record_type", "dmv", "period_start", "period_end", "queries",
    "source_row",
]  # those of clean_query_counts; source_row is 0 here: a row of .clean stands for many log rows
REJECT_COLUMNS = ["source_file", "source_row", *LOG_COLUMNS, "raw_line", "reason", "detail", "rows", "queries"]
AUDIT_COLUMNS = ["column", "raw_value", "clean_value", "rows", "queries"]

# Timestamp headers of log exports (compared as ``analysis.cleaning.read`` compares headers). Count tables have no such column:
# there "Date" names a period, which a log header falls back to only when none of these is present.
_TIMESTAMP_HEADERS = (
    "timestamp", "time stamp", "query timestamp", "datetime", "date time", "query date time", "query datetime",
    "query time", "transaction time", "transaction date time", "request time", "event time", "created at",
    "time", "ts", "query date", "transaction date", "date",
)
_CANONICAL_ALIASES = {
    "date": "timestamp", "time": "timestamp", "datetime": "timestamp", "state": "destination_state", "ori": "agency",
}


def map_log_columns(names: Iterable[str], columns: Mapping[str, str] | None = None) -> dict[str, str]:
    """Map a log's header names to the canonical log columns; return ``{canonical: raw header}``.

    State, agency and message-key headers are recognised by the counts reader's vocabulary
    (``analysis.cleaning.read.header_aliases``, ``vocab/columns.csv``), an ORI column standing in for the agency when there is
    no agency name; timestamp headers by ``_TIMESTAMP_HEADERS``, else any header naming a date or a time.
    ``columns={raw: canonical}`` overrides the detection. Raises ``ValueError`` listing the headers when a column is
    missing.

    >>> map_log_columns(["Query Timestamp", "Dest. St", "ORI", "MKE"])
    {'timestamp': 'Query Timestamp', 'destination_state': 'Dest. St', 'agency': 'ORI', 'message_key': 'MKE'}
    """
    from analysis.cleaning.read import header_key, header_aliases

    names = list(names)
    found: dict[str, str] = {}
    for raw, canonical in (columns or {}).items():
        canonical = _CANONICAL_ALIASES.get(canonical, canonical)
        if canonical not in LOG_COLUMNS:
            raise ValueError(f"columns={{{raw!r}: {canonical!r}}}: the target must be one of {', '.join(LOG_COLUMNS)}")
        if raw not in names:
            raise ValueError(f"columns= names {raw!r}, which is not among the headers {names}")
        found[canonical] = raw
    free = [name for name in names if name not in found.values()]
    keys = {name: header_key(name) for name in free}
    # (canonical, rank, position): a lower rank wins, then the leftmost header
    candidates: list[tuple[str, int, int, str]] = []
    aliases = header_aliases()
    for position, name in enumerate(free):
        key, vocab = keys[name], aliases.get(keys[name])
        if key in _TIMESTAMP_HEADERS:
            candidates.append(("timestamp", _TIMESTAMP_HEADERS.index(key), position, name))
        elif vocab in ("destination_state", "agency", "message_key"):
            candidates.append((vocab, 0, position, name))
        elif vocab == "ori":
            candidates.append(("agency", 1, position, name))
        elif vocab in ("period", "period_start") or "time" in key or "date" in key:
            candidates.append(("timestamp", len(_TIMESTAMP_HEADERS), position, name))
    for canonical, _, _, name in sorted(candidates):
        if canonical not in found and name not in found.values():
            found[canonical] = name
    missing = [c for c in LOG_COLUMNS if c not in found]
    if missing:
        raise ValueError(
            f"no {' / '.join(missing)} column among the headers {names}; name it with columns={{raw header: canonical}}"
        )
    return {c: found[c] for c in LOG_COLUMNS}


# ------------------------------------------------------------------------------------------------------------------
# Input files
# ------------------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Source:
    path: str
    kind: Literal["csv", "parquet"]
    mapping: tuple[tuple[str, str], ...]  # (canonical, raw header)
    timestamp_type: str


def expand_paths(paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]]) -> list[str]:
    """Files named by a path, a glob pattern, or a list of either, in a stable order; each must exist.

    >>> expand_paths([])
    Traceback (most recent call last):
    ...
    ValueError: no input files given
    """
    items = [paths] if isinstance(paths, (str, os.PathLike)) else list(paths)
    if not items:
        raise ValueError("no input files given")
    files: list[str] = []
    for item in items:
        text = os.fspath(item)
        if glob.has_magic(text):
            matched = sorted(glob.glob(text))
            if not matched:
                raise FileNotFoundError(f"{text}: no file matches this pattern")
            files.extend(matched)
        elif os.path.isdir(text):
            raise FileNotFoundError(f"{text}: this is a folder; name its files, e.g. '{os.path.join(text, '*.csv')}'")
        elif not os.path.isfile(text):
            raise FileNotFoundError(f"{text}: no such file")
        else:
            files.append(text)
    return list(dict.fromkeys(files))


def _kind(path: str) -> Literal["csv", "parquet"]:
    return "parquet" if path.lower().endswith((".parquet", ".pq")) else "csv"


def _sql_str(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _scan(kind: str, files: list[str], *, with_filename: bool = False, rejects: str = "scan") -> str:
    listing = "[" + ", ".join(_sql_str(f) for f in files) + "]"
    name = ", filename = true" if with_filename else ""
    if kind == "parquet":
        return f"read_parquet({listing}{name})"
    # Every field as text: a log's bad timestamps must reach the rejects, not stop the read. Lines that do not split
    # into the header's columns are set aside into the scan's rejects tables, which feed .rejects.
    # Not ignore_errors: measured with DuckDB 2.0.1, it also dropped a valid quoted line of a second file.
    return (
        f"read_csv({listing}, header = true, all_varchar = true, store_rejects = true, "
        f"rejects_table = 'rejects_{rejects}', rejects_scan = 'scans_{rejects}'{name})"
    )


def _describe(con: duckdb.DuckDBPyConnection, path: str, columns: Mapping[str, str] | None) -> _Source:
    import duckdb

    kind = _kind(path)
    try:
        described = con.execute(f"DESCRIBE SELECT * FROM {_scan(kind, [path])}").fetchall()
    except duckdb.Error as exc:
        raise ValueError(f"{path}: cannot be read as {kind.upper()}: {_first_line(exc)}") from None
    types = {name: str(dtype) for name, dtype, *_ in described}
    try:
        mapping = map_log_columns(types, columns)
    except ValueError as exc:
        raise ValueError(f"{path}: {exc}") from None
    return _Source(path, kind, tuple(mapping.items()), types[mapping["timestamp"]])


def _first_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


# ------------------------------------------------------------------------------------------------------------------
# SQL
# ------------------------------------------------------------------------------------------------------------------

def _timestamp_sql(column: str, dtype: str) -> str:
    """SQL turning the raw timestamp column into a TIMESTAMP, NULL when missing or unparseable."""
    if dtype.startswith(("TIMESTAMP", "DATE")):
        return f"CAST({column} AS TIMESTAMP)"
    text = f"CAST({column} AS VARCHAR)"
    formats = "[" + ", ".join(_sql_str(f) for f in US_TIMESTAMP_FORMATS) + "]"
    # try_cast covers ISO 8601 with or without time, 'T' and zone suffix; coalesce only tries the US forms on misses.
    return f"coalesce(TRY_CAST({text} AS TIMESTAMP), try_strptime(trim({text}), {formats}))"


def _select_sql(kind: str, files: list[str], mapping: dict[str, str], ts_type: str, rejects: str) -> str:
    ts = _timestamp_sql(_ident(mapping["timestamp"]), ts_type)
    dims = ", ".join(f"CAST({_ident(mapping[c])} AS VARCHAR) AS {c}" for c in LOG_COLUMNS[1:])
    many = len(files) > 1
    filename = "filename AS source_file" if many else f"{_sql_str(files[0])} AS source_file"
    scan = _scan(kind, files, with_filename=many, rejects=rejects)
    ts_raw = f"CAST({_ident(mapping['timestamp'])} AS VARCHAR)"
    return f"SELECT {ts} AS ts, {ts_raw} AS ts_raw, {dims}, {filename} FROM {scan}"


def _union_sql(sources: list[_Source], *, rejects: str) -> str:
    """Every file as (ts, ts_raw, destination_state, agency, message_key, source_file); one scan per header layout."""
    layouts: dict[tuple[str, tuple[tuple[str, str], ...], str], list[str]] = {}
    for s in sources:
        layouts.setdefault((s.kind, s.mapping, s.timestamp_type), []).append(s.path)
    return "\nUNION ALL\n".join(
        _select_sql(kind, files, dict(mapping), ts_type, rejects)
        for (kind, mapping, ts_type), files in layouts.items()
    )


def _one_pass_sql(sources: list[_Source], freq: Freq) -> str:
    """The single scan: each row's raw values joined to the sampled value maps (``map_<column>``: raw, rid, code),
    its timestamp parsed and truncated, and the rows counted in six grouping sets, told apart by ``grp``:

    - ``clean``: ``period_start`` × the three clean codes (10 bytes a key). Rows with an unmapped value or no
      usable timestamp land in groups with a NULL, which are not read;
    - ``fallback``: the rows with a value the maps lack (``um``), by period, the codes of their mapped values and
      the *raw* strings of their unmapped ones (``fb_*``), to be normalised afterwards. All other rows share one
      group (``um`` false, every other column NULL), so the set costs little when the sample covered the input;
    - ``bad``: the rows without a usable timestamp, by file and raw values, for ``.rejects`` (as before);
    - ``rid_*``: rows per mapped raw value of each column (the map's row ``rid``), for ``.audit``.

    Separate sets rather than one wide key: measured on 10 M rows, one GROUP BY over the codes *and* the reject
    columns (NULL on good rows but 16 bytes each in every hash-table row) spilled 400 MB at a 256MB limit; narrow
    sets do not spill. ``ts_raw`` must stay referenced: were TRY_CAST the column's only use, DuckDB 2.0 would push
    it into the CSV reader as a plain cast, and the first bad timestamp would stop the read.
    """
    cols = LOG_COLUMNS[1:]
    bad = "u.ts IS NULL"
    unmapped = " OR ".join(f"m_{c}.code IS NULL" for c in cols)
    inner = ",\n".join([
        f"CAST(date_trunc('{freq}', u.ts) AS DATE) AS period_start",
        *(f"m_{c}.code AS code_{c}, m_{c}.rid AS rid_{c}" for c in cols),
        f"({unmapped}) AS um",
        *(f"CASE WHEN m_{c}.code IS NULL THEN u.{c} END AS fb_{c}" for c in cols),
        f"CASE WHEN {bad} THEN u.source_file END AS bad_file",
        f"CASE WHEN {bad} THEN u.ts_raw END AS bad_timestamp",
        *(f"CASE WHEN {bad} THEN u.{c} END AS raw_{c}" for c in cols),
    ])
    outer = ", ".join([
        "CASE WHEN um THEN period_start END AS um_period",
        *(f"CASE WHEN um THEN code_{c} END AS um_code_{c}" for c in cols),
    ])
    joins = "\n".join(f"LEFT JOIN map_{c} m_{c} ON m_{c}.raw IS NOT DISTINCT FROM u.{c}" for c in cols)
    sets = {
        "clean": ["period_start", *(f"code_{c}" for c in cols)],
        "fallback": ["um", "um_period", *(f"um_code_{c}" for c in cols), *(f"fb_{c}" for c in cols)],
        "bad": ["bad_file", "bad_timestamp", *(f"raw_{c}" for c in cols)],
        **{f"rid_{c}": [f"rid_{c}"] for c in cols},
    }
    grp = " ".join(f"WHEN GROUPING({columns[0]}) = 0 THEN '{name}'" for name, columns in sets.items())
    every = list(dict.fromkeys(column for columns in sets.values() for column in columns))
    return f"""
        SELECT CASE {grp} END AS grp, {", ".join(every)}, CAST(count(*) AS BIGINT) AS n
        FROM (
            SELECT *, {outer}
            FROM (
                SELECT {inner}
                FROM ({_union_sql(sources, rejects="scan")}) u
                {joins}
            )
        )
        GROUP BY GROUPING SETS ({", ".join("(" + ", ".join(columns) + ")" for columns in sets.values())})
    """


# ------------------------------------------------------------------------------------------------------------------
# The sample behind the value maps
# ------------------------------------------------------------------------------------------------------------------

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


def _sample_sql(con: duckdb.DuckDBPyConnection, sources: list[_Source], workdir: Path) -> str:
    """SQL listing (destination_state, agency, message_key) for the sampled rows of every file."""
    import duckdb

    selects = []
    for i, s in enumerate(sources):
        mapping = dict(s.mapping)
        dims = ", ".join(f"CAST({_ident(mapping[c])} AS VARCHAR) AS {c}" for c in LOG_COLUMNS[1:])
        if s.kind == "parquet":
            con.register(f"sample_{i}", _parquet_sample(s.path, [mapping[c] for c in LOG_COLUMNS[1:]]))
            relation = f"sample_{i}"
        else:
            source, limit = s.path, ""
            if s.path.lower().endswith(_COMPRESSED):
                limit = f" LIMIT {SAMPLE_HEAD_ROWS}"
            else:
                sample = _csv_sample_bytes(s.path)
                if sample is not None:  # a scratch copy of input lines for DuckDB's reader (not a table we write)
                    source = str(workdir / f"sample-{i}.lines")
                    Path(source).write_bytes(sample)
            relation = (f"(SELECT * FROM read_csv({_sql_str(source)}, header = true, all_varchar = true, "
                        f"ignore_errors = true){limit})")
        selects.append(f"SELECT {dims} FROM {relation}")
        try:  # an unreadable sample (an odd block) only means an empty one: the fallback then does the work
            con.execute(f"DESCRIBE {selects[-1]}").fetchall()
        except duckdb.Error:
            selects[-1] = f"SELECT {', '.join(f'NULL::VARCHAR AS {c}' for c in LOG_COLUMNS[1:])} WHERE false"
    sets = ", ".join(f"({c})" for c in LOG_COLUMNS[1:])
    flags = ", ".join(f"GROUPING({c}) = 0 AS is_{c}" for c in LOG_COLUMNS[1:])
    return f"""
        SELECT {flags}, {", ".join(LOG_COLUMNS[1:])}
        FROM ({" UNION ALL ".join(selects)})
        GROUP BY GROUPING SETS ({sets})
    """


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


# ------------------------------------------------------------------------------------------------------------------
# Normalisation of distinct values
# ------------------------------------------------------------------------------------------------------------------

def _value_maps(
    distinct: pd.DataFrame, normalisers: dict[str, Callable[[pd.Series], pd.Series]]
) -> dict[str, pd.DataFrame]:
    """Per column: the sampled distinct raw values (``raw``, missing included), their position ``rid`` (what the
    audit sets group on), their normalised value ``clean``, and ``code``, the position of that value among the
    column's sorted clean values (what the clean set groups on)."""
    maps = {}
    for column, normalise in normalisers.items():
        raw = distinct.loc[distinct[f"is_{column}"], column].reset_index(drop=True).astype("str")
        clean = _normalised(raw, normalise)
        values = sorted(clean.unique())
        maps[column] = pd.DataFrame({
            "raw": raw, "rid": pd.RangeIndex(len(raw)).astype("int32"), "clean": clean,
            "code": clean.map({v: i for i, v in enumerate(values)}).astype("int16"),
        })
    return maps


def _normalised(raw: pd.Series, normalise: Callable[[pd.Series], pd.Series]) -> pd.Series:
    return pd.Series(normalise(raw), index=raw.index, dtype="str") if len(raw) else pd.Series([], dtype="str")


def _packing(frames: list[pd.DataFrame], sizes: list[int]) -> tuple[int, list[int]] | None:
    """How to pack (period_start, three codes) into one int64 whose order is the order of the four keys: the first
    day and each code's width in bits (as many as its column's number of values needs); None if 62 bits are too few."""
    bits = [max(1, int(size).bit_length()) for size in sizes]
    days = [f["period_start"].to_numpy(dtype="datetime64[D]").astype("int64") for f in frames if len(f)]
    if not days:
        return 0, bits
    first, last = min(int(d.min()) for d in days), max(int(d.max()) for d in days)
    return (first, bits) if (last - first).bit_length() + sum(bits) <= 62 else None


def _pack(groups: pd.DataFrame, columns: list[str], first: int, bits: list[int]) -> np.ndarray:
    key = groups["period_start"].to_numpy(dtype="datetime64[D]").astype("int64") - first
    for column, width in zip(columns, bits):
        key = (key << width) | groups[column].to_numpy(dtype="int64")
    return key


def _unpack(packed: np.ndarray, n: np.ndarray, columns: list[str], first: int, bits: list[int],
            dtype: object) -> pd.DataFrame:
    out = {}
    for column, width in reversed(list(zip(columns, bits))):
        out[column] = packed & ((1 << width) - 1)
        packed = packed >> width
    period = (packed + first).astype("datetime64[D]").astype(dtype)
    return pd.DataFrame({"period_start": period, **{c: out[c] for c in columns}, "n": n})


def _add_in(sorted_groups: pd.DataFrame, extra: pd.DataFrame, sizes: list[int]) -> pd.DataFrame:
    """``extra``'s groups added to ``sorted_groups`` (unique and sorted on period_start and the three codes), the
    result sorted the same way. ``extra`` is the fallback's few groups: each is added to its equal in the sorted
    groups (a binary search of the packed keys) or inserted in its place, so the many sorted groups are not grouped
    again.

    >>> frame = pd.DataFrame({"period_start": pd.to_datetime(["2025-01-01", "2025-01-02"]),
    ...                       "a": [0, 1], "b": [2, 0], "c": [3, 3], "n": [2, 5]})
    >>> extra = pd.DataFrame({"period_start": pd.to_datetime(["2025-01-02", "2025-01-01", "2025-01-02"]),
    ...                       "a": [1, 1, 1], "b": [0, 0, 0], "c": [3, 3, 3], "n": [1, 7, 1]})
    >>> _add_in(frame, extra, [2, 3, 4])[["a", "b", "c", "n"]].values.tolist()
    [[0, 2, 3, 2], [1, 0, 3, 7], [1, 0, 3, 7]]
    """
    columns = [c for c in sorted_groups.columns if c not in ("period_start", "n")]
    packing = _packing([sorted_groups, extra], sizes)
    if packing is None:  # too many days and values for one int64: group the four columns
        both = pd.concat([sorted_groups, extra[sorted_groups.columns]], ignore_index=True)
        return both.groupby(["period_start", *columns], as_index=False)["n"].sum()
    first, bits = packing
    keys, n = _pack(sorted_groups, columns, first, bits), sorted_groups["n"].to_numpy(dtype="int64").copy()
    extra_keys, inverse = np.unique(_pack(extra, columns, first, bits), return_inverse=True)
    extra_n = np.bincount(inverse.ravel(), weights=extra["n"].to_numpy(dtype="int64"),
                          minlength=len(extra_keys)).astype("int64")
    at = np.searchsorted(keys, extra_keys)
    found = at < len(keys)
    found[found] = keys[at[found]] == extra_keys[found]
    n[at[found]] += extra_n[found]
    keys = np.insert(keys, at[~found], extra_keys[~found])
    n = np.insert(n, at[~found], extra_n[~found])
    return _unpack(keys, n, columns, first, bits, sorted_groups["period_start"].dtype)


def _normalisers(agency_map: object) -> dict[str, Callable[[pd.Series], pd.Series]]:
    from analysis.cleaning.normalize import normalize_agency, normalize_message_key, normalize_state

    return {
        "destination_state": normalize_state,
        "agency": lambda s: normalize_agency(s, agency_map=agency_map),
        "message_key": normalize_message_key,
    }


# ------------------------------------------------------------------------------------------------------------------
# Progress
# ------------------------------------------------------------------------------------------------------------------

class _ProgressPoller:
    """Calls ``callback(start + share × fraction done)`` every ``interval`` seconds while ``con`` runs a query."""

    def __init__(self, con: duckdb.DuckDBPyConnection, callback: Callable[[float], None], start: float = 0.0,
                 share: float = 1.0, interval: float = 0.5):
        self._con, self._callback, self._interval = con, callback, interval
        self._start, self._share = start, share
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="querylog-progress", daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(self._interval):
            pct = self._con.query_progress()
            if pct >= 0:
                self._callback(self._start + self._share * min(pct, 100.0) / 100.0)

    def __enter__(self) -> _ProgressPoller:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


# ------------------------------------------------------------------------------------------------------------------
# Public function
# ------------------------------------------------------------------------------------------------------------------

def default_threads() -> int:
    """The number of cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def aggregate_query_log(
    paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    *,
    freq: Freq = "day",
    agency_map: pd.DataFrame | str | os.PathLike[str] | None = None,
    columns: Mapping[str, str] | None = None,
    memory_limit: str = DEFAULT_MEMORY_LIMIT,
    threads: int | None = None,
    temp_directory: str | os.PathLike[str] | None = None,
    progress: Callable[[float], None] | None = None,
) -> CleanResult:
    """Aggregate row-level query logs to queries per ``destination_state × agency × message_key × period``.

    Args:
        paths: a CSV (plain or ``.gz``) or Parquet file, a glob pattern, or a list of either. Files may have
            different headers; each is mapped on its own.
        freq: ``"day"`` or ``"month"``: the period each timestamp is truncated to.
        agency_map: extends or overrides the built-in agency mapping, as for ``clean_query_counts``.
        columns: ``{raw header: canonical}`` overriding the header detection; canonical names are
            ``timestamp``, ``destination_state``, ``agency``, ``message_key``.
        memory_limit: DuckDB's memory limit (e.g. ``"256MB"``, ``"2GB"``); DuckDB spills beyond it. With the
            default, peak RSS measured 0.48 GB at 10 M log rows and 0.70 GB at 100 M, shuffled or sorted by
            state; 256MB was 5 s slower on the shuffled 100 M-row log for 0.02 GB less (docs/performance.md).
        threads: DuckDB threads; default, the cores available to this process.
        temp_directory: folder in which a working folder (removed afterwards) receives DuckDB's spill; default,
            the system's temporary folder.
        progress: called about twice a second, from a helper thread, with the fraction (0-1) of the work done:
            the fraction of the one pass over the input read.

    Returns:
        A ``CleanResult`` with the contract of ``clean_query_counts``:

        - ``.clean``: the columns and pandera schema of ``clean_query_counts``; ``queries`` is the number of log
          rows in the group; ``source_row`` is 0 (a group stands for many rows; file rows count from 1); sorted by
          period, state, agency, key.
        - ``.rejects``: rows without a usable timestamp (``missing_period`` when blank, ``bad_period`` when not
          recognised) and CSV lines DuckDB cannot split into the header's columns (``bad_line``, with
          ``source_row`` = the line number and ``raw_line``). A log of 290 M rows cannot list its rejected rows one
          by one, so timestamp rejects are *aggregated*: one row per file and distinct raw (timestamp, state,
          agency, key), with ``rows`` = ``queries`` = the number of log rows it stands for.
        - ``.audit``: one row per column and distinct raw value among the rows in ``.clean``: ``column``,
          ``raw_value``, ``clean_value``, ``rows``, ``queries``. Unknown states and agencies show here as ``UNKNOWN``.
        - ``.subtotals``, ``.duplicates``: empty; a log has no subtotal rows, and two identical rows are two queries.
        - ``.summary``: the keys of ``clean_query_counts``'s summary, counted in log rows, plus ``files`` and
          ``groups``. rows in = clean + rejected: every parsed row is counted once in each grouping set (checked),
          and lines that do not parse are rejected one by one.

    Raises:
        FileNotFoundError: a path or pattern names no file.
        ValueError: a file cannot be read or lacks a required column; the message names the file.

    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "log.csv").write_text(
    ...     "Timestamp,Dest State,Agency,MKE\\n"
    ...     "2025-03-01 08:00:00,N.Y.,ICE ERO,dq\\n"
    ...     "2025-03-01 09:30:00,ny,ICE,DQ\\n"
    ...     "not a time,NY,ICE,DQ\\n")
    >>> result = aggregate_query_log(folder / "log.csv")
    >>> result.clean[["destination_state", "agency", "message_key", "queries"]].to_dict("records")
    [{'destination_state': 'NY', 'agency': 'ICE', 'message_key': 'DQ', 'queries': 2}]
    >>> str(result.clean.loc[0, "period_start"].date())
    '2025-03-01'
    >>> result.rejects[["timestamp", "reason", "rows"]].to_dict("records")
    [{'timestamp': 'not a time', 'reason': 'bad_period', 'rows': 1}]
    """
    import duckdb

    if freq not in ("day", "month"):
        raise ValueError(f"freq must be 'day' or 'month', not {freq!r}")
    files = expand_paths(paths)
    normalisers = _normalisers(agency_map)
    workdir = Path(tempfile.mkdtemp(prefix="nlets-querylog-", dir=temp_directory))
    try:
        con = duckdb.connect(config={
            "memory_limit": memory_limit,
            "temp_directory": str(workdir / "spill"),
            "preserve_insertion_order": False,
            "threads": threads or default_threads(),
        })
    except duckdb.Error as exc:
        shutil.rmtree(workdir, ignore_errors=True)
        raise ValueError(f"memory_limit={memory_limit!r}, threads={threads!r}: {_first_line(exc)}") from None
    try:
        if progress is not None:  # DuckDB tracks progress only with the bar enabled; we poll it instead of printing
            con.execute("SET enable_progress_bar = true; SET enable_progress_bar_print = false")
        sources = [_describe(con, f, columns) for f in files]
        maps = _value_maps(_sample(con, sources, workdir), normalisers)
        for column, frame in maps.items():
            con.register(f"map_{column}", frame[["raw", "rid", "code"]])
        # The schema's imports (pandera, ~0.2 s) happen while DuckDB scans, which releases the GIL; joined at once
        # after the scan, so no two threads import at the same time.
        warm = threading.Thread(target=_warm_schema, name="nlets-querylog-schema", daemon=True)
        warm.start()
        try:
            _run(con, f"CREATE TEMP TABLE tallies AS {_one_pass_sql(sources, freq)}", files, progress)
        finally:
            warm.join()
        cols = LOG_COLUMNS[1:]
        known = " AND ".join(f"code_{c} IS NOT NULL" for c in cols)
        codes = ", ".join(f"code_{c}" for c in cols)
        # Codes are ranks of the sorted clean values, so ordering on them orders on the values.
        tallies = con.execute(f"SELECT period_start, {codes}, n FROM tallies WHERE grp = 'clean' "
                              f"AND period_start IS NOT NULL AND {known} ORDER BY period_start, {codes}").fetchdf()
        fallback = con.execute(f"SELECT um_period, {', '.join(f'um_code_{c}, fb_{c}' for c in cols)}, n "
                               f"FROM tallies WHERE grp = 'fallback' AND um").fetchdf()
        bad = con.execute(f"SELECT bad_file, bad_timestamp, {', '.join(f'raw_{c}' for c in cols)}, n FROM tallies "
                          f"WHERE grp = 'bad' AND bad_file IS NOT NULL").fetchdf()
        per_value = {c: con.execute(f"SELECT rid_{c} AS rid, n FROM tallies WHERE grp = 'rid_{c}' "
                                    f"AND rid_{c} IS NOT NULL").fetchdf() for c in cols}
        bad_lines = _bad_lines(con) if any(s.kind == "csv" for s in sources) else None
    finally:
        con.close()
        shutil.rmtree(workdir, ignore_errors=True)
    good, values, seen = _merge(maps, tallies, fallback, per_value, normalisers)
    # Each row read is in one group of each set: the counts per value of every column, the clean set and the
    # timestamp rejects must all add up to the same number of rows.
    rows_read = {c: int(seen[c]["rows"].sum()) for c in cols}
    if len(set(rows_read.values())) != 1 or int(good["n"].sum()) + int(bad["n"].sum()) != rows_read[cols[0]]:
        raise RuntimeError(f"{_names(files)}: the counts do not add up ({rows_read}, {int(good['n'].sum()):,} clean, "
                           f"{int(bad['n'].sum()):,} rejected); please report this")
    clean = _clean(good, values, freq)
    rejects = _rejects(bad, bad_lines)
    shown = {f: relative_to_root(f) for f in rejects["source_file"].unique()}  # as the counts reader shows files
    rejects["source_file"] = rejects["source_file"].map(shown)
    audit = _audit(seen, rejects)
    return _result(clean, rejects, audit, files)


def _names(files: list[str]) -> str:
    return files[0] if len(files) == 1 else f"one of {len(files)} files ({', '.join(files[:3])}, ...)"


def _run(
    con: duckdb.DuckDBPyConnection, sql: str, files: list[str], progress: Callable[[float], None] | None,
) -> None:
    """Run the scan; DuckDB errors become a ValueError naming the file(s)."""
    import duckdb

    try:
        if progress is None:
            con.execute(sql)
            return
        with _ProgressPoller(con, progress):
            con.execute(sql)
        progress(1.0)  # DuckDB's estimate can stop short of 100 % when a scan ends
    except duckdb.Error as exc:
        raise ValueError(f"{_names(files)}: {_first_line(exc)}") from None


def _sample(con: duckdb.DuckDBPyConnection, sources: list[_Source], workdir: Path) -> pd.DataFrame:
    """The distinct raw values of the sample (``is_<column>`` flags and the three columns); empty when the sample
    cannot be read, which only hands all the work to the fallback."""
    import duckdb

    try:
        return con.execute(_sample_sql(con, sources, workdir)).fetchdf()
    except duckdb.Error:
        return pd.DataFrame({**{f"is_{c}": pd.Series(dtype="bool") for c in LOG_COLUMNS[1:]},
                             **{c: pd.Series(dtype="str") for c in LOG_COLUMNS[1:]}})


def _merge(
    maps: dict[str, pd.DataFrame], tallies: pd.DataFrame, fallback: pd.DataFrame,
    per_value: dict[str, pd.DataFrame], normalisers: dict[str, Callable[[pd.Series], pd.Series]],
) -> tuple[pd.DataFrame, dict[str, list[str]], dict[str, pd.DataFrame]]:
    """The clean groups (period_start, the three columns as codes, n), sorted; per column the sorted clean values
    the codes point into; and per column every raw value read with its clean value and rows (``raw``, ``clean``,
    ``rows``; timestamp rejects included).

    The fallback's raw values go through the same normalisers as the sample's; the clean values of both are then
    ranked together, so the sampled codes are renumbered, and the fallback's good rows are added to the clean set
    (their groups can coincide with sampled ones: a missed spelling of NY is still NY)."""
    good = tallies.rename(columns={f"code_{c}": c for c in maps})
    extra = fallback[fallback["um_period"].notna()].rename(columns={"um_period": "period_start"})
    values: dict[str, list[str]] = {}
    seen: dict[str, pd.DataFrame] = {}
    for column, frame in maps.items():
        unmapped = fallback[fallback[f"um_code_{column}"].isna()]
        rows = unmapped.groupby(unmapped[f"fb_{column}"].astype("str"), dropna=False)["n"].sum()
        raw = pd.Series(rows.index, dtype="str")
        late = pd.DataFrame({"raw": raw, "clean": _normalised(raw, normalisers[column]),
                             "rows": rows.to_numpy(dtype="int64")})
        counted = frame.merge(per_value[column], on="rid", how="left")
        sampled = pd.DataFrame({"raw": counted["raw"], "clean": counted["clean"],
                                "rows": counted["n"].fillna(0).astype("int64")})
        seen[column] = pd.concat([sampled, late], ignore_index=True) if len(late) else sampled
        values[column] = sorted(set(frame["clean"]) | set(late["clean"]))
        position = {v: i for i, v in enumerate(values[column])}
        renumber = np.array([position[v] for v in sorted(set(frame["clean"]))] or [0], dtype="int64")
        good[column] = renumber[good[column].to_numpy(dtype="int64")] if len(good) else good[column].astype("int64")
        if len(extra):
            coded = extra[f"um_code_{column}"]
            late_codes = extra[f"fb_{column}"].astype("str").map(dict(zip(late["raw"], late["clean"]))).map(position)
            extra[column] = np.where(coded.notna(), renumber[coded.fillna(0).to_numpy(dtype="int64")], late_codes)
    # Renumbering keeps the order (the sampled values keep their ranks among all values), so good is still sorted;
    # the fallback's good rows are added into it.
    if len(extra):
        good = _add_in(good[["period_start", *maps, "n"]], extra[["period_start", *maps, "n"]],
                       [len(values[c]) for c in maps])
    return good, values, seen


def _bad_lines(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """CSV lines the scan could not split into the header's columns: one row per file and line."""
    return con.execute("""
        SELECT s.file_path AS source_file, CAST(e.line AS BIGINT) AS source_row, any_value(e.csv_line) AS raw_line,
               'bad_line' AS reason, string_agg(DISTINCT e.error_message, '; ') AS detail, CAST(1 AS BIGINT) AS "rows"
        FROM rejects_scan e JOIN scans_scan s USING (scan_id, file_id)
        GROUP BY s.file_path, e.line
        ORDER BY source_file, source_row
    """).fetchdf()


def _clean(groups: pd.DataFrame, values: dict[str, list[str]], freq: Freq) -> pd.DataFrame:
    """The canonical table from the sorted clean groups (period_start, the three columns as codes into ``values``,
    n), validated by ``CLEAN_SCHEMA``. Text columns are built by one Arrow ``take`` of the few values each."""
    from analysis.cleaning.normalize import message_key_attributes

    def take(texts: list[str], codes: pd.Series) -> pd.Series:
        return pd.Series(pd.array(texts, dtype="str").take(codes.to_numpy(dtype="int64")), dtype="str")

    start = pd.to_datetime(groups["period_start"]).astype("datetime64[ns]")  # the schema's unit
    attributes = [message_key_attributes(key) for key in values["message_key"]]
    keys = groups["message_key"]
    out = pd.DataFrame({
        "destination_state": take(values["destination_state"], groups["destination_state"]),
        "agency": take(values["agency"], groups["agency"]),
        "message_key": take(values["message_key"], keys),
        "record_type": take([record_type for record_type, _ in attributes], keys),
        "dmv": np.array([dmv for _, dmv in attributes] or [False], dtype="bool")[keys.to_numpy(dtype="int64")],
        "period_start": start,
        "period_end": start if freq == "day" else start + pd.offsets.MonthEnd(0),
        "queries": groups["n"].astype("int64"),
        "source_row": 0,
    })[CLEAN_COLUMNS]
    return _validated(out, [groups[c] for c in LOG_COLUMNS[1:]], start)


def _warm_schema() -> None:
    """Import ``CLEAN_SCHEMA`` and let pandera load its backends, by validating an empty table with its columns.
    Any error is left for the real validation to raise."""
    try:
        from analysis.cleaning.clean import CLEAN_SCHEMA

        CLEAN_SCHEMA.validate(pd.DataFrame(columns=CLEAN_COLUMNS), lazy=True)
    except Exception:  # noqa: BLE001 - only a warm-up
        pass


def _validated(out: pd.DataFrame, codes: list[pd.Series], start: pd.Series) -> pd.DataFrame:
    """``out`` checked by ``CLEAN_SCHEMA`` on one row per distinct value instead of every row.

    Every check of the schema is on one value or one row, and each column of ``out`` is a function of a code
    column, of ``period_start`` or of ``queries``: the first row of each state, agency and key code (record_type
    and dmv follow the key), of each period (period_end follows it) and the row with the fewest queries show the
    schema every distinct value and every distinct (period_start, period_end) pair. A schema with a uniqueness rule,
    or a table whose dtypes the schema would change, is validated whole."""
    from analysis.cleaning.clean import CLEAN_SCHEMA

    if len(out) == 0 or CLEAN_SCHEMA.unique or any(c.unique for c in CLEAN_SCHEMA.columns.values()):
        return CLEAN_SCHEMA.validate(out, lazy=True)
    rows = [np.array([int(np.argmin(out["queries"].to_numpy()))])]
    days = start.to_numpy(dtype="datetime64[D]").astype("int64")
    for key in [*(c.to_numpy(dtype="int64") for c in codes), days - days.min()]:
        first = np.full(int(key.max()) + 1, len(key), dtype="int64")
        first[key[::-1]] = np.arange(len(key) - 1, -1, -1)  # the last write wins: each value's first row
        rows.append(first[first < len(key)])
    sample = out.iloc[np.unique(np.concatenate(rows))]
    checked = CLEAN_SCHEMA.validate(sample, lazy=True)
    if not checked.dtypes.equals(out.dtypes):
        return CLEAN_SCHEMA.validate(out, lazy=True)
    return out


def _rejects(bad: pd.DataFrame, bad_lines: pd.DataFrame | None) -> pd.DataFrame:
    """Rows without a usable timestamp, aggregated by file and raw values; then the CSV lines that did not parse."""
    blank = bad["bad_timestamp"].isna() | (bad["bad_timestamp"].astype("str").str.strip() == "")
    blank = blank.to_numpy(dtype="bool")
    timestamps = pd.DataFrame({  # Series, not arrays: the text columns stay in Arrow, uncopied
        "source_file": bad["bad_file"],
        "timestamp": bad["bad_timestamp"],
        **{c: bad[f"raw_{c}"] for c in LOG_COLUMNS[1:]},
        "reason": pd.Series(np.where(blank, "missing_period", "bad_period"), index=bad.index, dtype="str"),
        "detail": pd.Series(np.where(blank, "blank timestamp", "timestamp not recognised"), index=bad.index,
                            dtype="str"),
        "rows": bad["n"],
    })
    order = ["source_file", "reason", "timestamp", *LOG_COLUMNS[1:]]
    timestamps = timestamps.sort_values(order, na_position="first", ignore_index=True)
    frames = [timestamps, bad_lines] if bad_lines is not None and len(bad_lines) else [timestamps]
    out = pd.concat(frames, ignore_index=True) if len(frames) > 1 else timestamps
    out = out.reindex(columns=REJECT_COLUMNS)
    out["queries"] = out["rows"]
    return out.astype({
        **{c: "str" for c in ("source_file", *LOG_COLUMNS, "raw_line", "reason", "detail")},
        "source_row": "Int64", "rows": "int64", "queries": "int64",
    })


def _audit(maps: dict[str, pd.DataFrame], rejects: pd.DataFrame) -> pd.DataFrame:
    """One row per column and distinct raw value among the rows in ``.clean``, ordered like ``clean_query_counts``:
    the rows of each raw value (the scan's per-value counts and the fallback's) less those rejected for their
    timestamp."""
    missing = "\x00missing"  # a key for NaN in the dict below
    parts = []
    for column, frame in maps.items():
        rejected = rejects.loc[rejects["reason"] != "bad_line"].groupby(
            rejects[column].fillna(missing), dropna=False)["rows"].sum()
        rows = frame["rows"] - frame["raw"].fillna(missing).map(rejected).fillna(0).astype("int64")
        part = pd.DataFrame({"column": column, "raw_value": frame["raw"], "clean_value": frame["clean"],
                             "rows": rows, "queries": rows})
        parts.append(part[part["rows"] > 0].sort_values("raw_value", na_position="first"))
    return pd.concat(parts, ignore_index=True)[AUDIT_COLUMNS].astype(
        {"column": "str", "raw_value": "str", "clean_value": "str", "rows": "int64", "queries": "int64"}
    )


def _result(clean: pd.DataFrame, rejects: pd.DataFrame, audit: pd.DataFrame, files: list[str]) -> CleanResult:
    """A ``CleanResult`` whose summary has the keys of ``clean_query_counts``'s, counted in log rows."""
    from analysis.cleaning.clean import CleanResult, CleanSummary
    from analysis.cleaning.normalize import UNKNOWN

    by_reason = {str(k): int(v) for k, v in rejects.groupby("reason")["rows"].sum().items()}
    rows_clean, rows_rejected = int(clean["queries"].sum()), sum(by_reason.values())
    unknown = {c: int(clean.loc[clean[c] == UNKNOWN, "queries"].sum()) for c in LOG_COLUMNS[1:]}
    summary = CleanSummary(
        source_file=relative_to_root(files[0]) if len(files) == 1 else f"{len(files)} files",
        sheet=None,
        files=len(files),
        rows_in=rows_clean + rows_rejected,
        rows_clean=rows_clean,
        rows_rejected=rows_rejected,
        rejected_rows_by_reason=by_reason,
        queries_in=rows_clean + rows_rejected,
        queries_clean=rows_clean,
        queries_rejected=rows_rejected,
        rejected_queries_by_reason=dict(by_reason),
        queries_in_excluding_subtotals=rows_clean + rows_rejected,
        balanced=True,  # by construction: each row is in exactly one group of each grouping set (checked above)
        groups=len(clean),
        # Count tables' subtotal and duplicate checks do not apply to a log: every row is one query.
        subtotal_rows=0, subtotals_agree=0, subtotals_disagree=0, subtotals_unchecked=0,
        duplicate_rows=0, duplicate_queries=0,
        unknown_state_rows=unknown["destination_state"],
        unknown_agency_rows=unknown["agency"],
        unknown_message_key_rows=unknown["message_key"],
    )
    subtotals = pd.DataFrame({
        "source_row": pd.Series(dtype="int64"), "label": pd.Series(dtype="str"), "queries": pd.Series(dtype="Int64"),
        "rows_closed": pd.Series(dtype="int64"), "first_row": pd.Series(dtype="Int64"),
        "last_row": pd.Series(dtype="Int64"), "sum_of_rows": pd.Series(dtype="Int64"),
        "agrees": pd.Series(dtype="boolean"),
    })
    duplicates = pd.DataFrame({
        "source_row": pd.Series(dtype="int64"), "duplicate_of": pd.Series(dtype="int64"),
        "queries": pd.Series(dtype="Int64"),
    })
    return CleanResult(clean, rejects, audit, subtotals=subtotals, duplicates=duplicates, summary=summary)
