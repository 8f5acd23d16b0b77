"""The SQL of the one pass over a query log: each file described, its rows read and counted in grouping sets."""

from __future__ import annotations

import gzip
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from analysis.cleaning.querylog_inputs import LOG_COLUMNS, map_log_columns

if TYPE_CHECKING:
    import duckdb
    import pandas as pd

__all__ = [
    "Freq", "US_TIMESTAMP_FORMATS", "WHITESPACE", "LogSource", "bad_groups_sql", "bad_values_sql", "clean_groups_sql",
    "describe_source", "first_line", "long_line_message", "one_pass_sql", "parsed_sql", "per_column_sql",
    "read_bad_lines", "source_kind", "split_tallies_sql", "sql_ident", "sql_str",
]

Freq = Literal["day", "month"]
US_TIMESTAMP_FORMATS = (  # US forms as logs print them; ISO 8601 needs none of these
    "%m/%d/%Y %H:%M:%S", "%m/%d/%Y %H:%M", "%m/%d/%Y %I:%M:%S %p", "%m/%d/%Y %I:%M %p", "%m/%d/%Y",
    "%Y-%m-%d %I:%M:%S %p", "%Y-%m-%d %I:%M %p",
)


@dataclass(frozen=True)
class LogSource:
    """One input file: its format, its log columns' headers and the type DuckDB reads its timestamps as."""

    path: str
    kind: Literal["csv", "parquet"]
    mapping: tuple[tuple[str, str], ...]  # (canonical, raw header)
    timestamp_type: str


def source_kind(path: str) -> Literal["csv", "parquet"]:
    """How a log file is read, by its name: Parquet, or CSV (plain or compressed)."""
    return "parquet" if path.lower().endswith((".parquet", ".pq")) else "csv"


def sql_str(text: str) -> str:
    """``text`` as an SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


def sql_ident(name: str) -> str:
    """``name`` as a quoted SQL identifier."""
    return '"' + name.replace('"', '""') + '"'


def _scan(kind: str, files: list[str], *, with_filename: bool = False, rejects: str = "scan") -> str:
    listing = "[" + ", ".join(sql_str(f) for f in files) + "]"
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


def describe_source(con: duckdb.DuckDBPyConnection, path: str, columns: Mapping[str, str] | None) -> LogSource:
    import duckdb

    kind = source_kind(path)
    try:
        described = con.execute(f"DESCRIBE SELECT * FROM {_scan(kind, [path])}").fetchall()
    except duckdb.Error as exc:
        raise ValueError(long_line_message(path, exc) or f"{path}: cannot be read as {kind.upper()}: "
                         f"{first_line(exc)}") from None
    types = {name: str(dtype) for name, dtype, *_ in described}
    try:
        mapping = map_log_columns(types, columns)
    except ValueError as exc:
        raise ValueError(f"{path}: {exc}") from None
    return LogSource(path, kind, tuple(mapping.items()), types[mapping["timestamp"]])


_MAX_LINE = re.compile(r"Maximum line size of ([0-9]+) bytes exceeded")


def long_line_message(path: str, exc: BaseException) -> str | None:
    """For DuckDB's "Maximum line size exceeded" (which names line 1 whatever the line), the one-line message naming
    the file and the line that is too long, found by reading the file in pieces; None for any other error.

    >>> import tempfile, pathlib
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "log.csv"
    >>> _ = f.write_bytes(b"a,b\\n1,2\\n" + b"x" * 30 + b"\\n")
    >>> long_line_message(str(f), ValueError("Maximum line size of 20 bytes exceeded"))  # doctest: +ELLIPSIS
    '.../log.csv, line 3: a line of more than 20 bytes, longer than a log line may be (a damaged file or not a log)'
    """
    found = _MAX_LINE.search(str(exc))
    if found is None:
        return None
    limit = int(found[1])
    opener = gzip.open if path.lower().endswith(".gz") else open
    try:
        with opener(path, "rb") as handle:
            for number, line in enumerate(iter(lambda: handle.readline(limit + 1), b""), start=1):
                if len(line.rstrip(b"\r\n")) > limit:
                    return (f"{path}, line {number}: a line of more than {limit:,} bytes, longer than a log line "
                            "may be (a damaged file or not a log)")
    except (OSError, EOFError):
        return None
    return None


def first_line(exc: BaseException) -> str:
    """The first line of an error's message, for a one-line ValueError."""
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


FIRST_YEAR = 1990  # a log timestamp before this year, or after next year, is rejected on its row


def timestamp_range() -> tuple[str, str]:
    """The dates a log timestamp may fall on, inclusive: 1 January :data:`FIRST_YEAR` to 31 December of next year.
    An epoch, a BC date or a year 9999 is rejected on its own row (reason ``bad_period``), never stopping the log."""
    import datetime as dt

    return f"{FIRST_YEAR}-01-01", f"{dt.date.today().year + 1}-12-31"


def _in_range_sql(column: str) -> str:
    """SQL keeping the TIMESTAMP ``column`` when it falls within :func:`timestamp_range`, else NULL: a plain CASE
    on a column already parsed below it. (A scalar subquery here, ``(SELECT CASE ... FROM (SELECT parsed AS t))``,
    was decorrelated by DuckDB 2.0 into a GROUP BY on every distinct timestamp and a join back: about 1 CPU-s per
    million rows, half the scan.)"""
    first, last = timestamp_range()
    return (f"CASE WHEN {column} >= TIMESTAMP '{first}' AND {column} < TIMESTAMP '{last}' + INTERVAL 1 DAY "
            f"THEN {column} END")


ZONE_OFFSET_SQL = "regexp_matches(trim({text}), '[+-](1[5-9]|[2-9][0-9]):?[0-9]{{2}}$')"  # beyond ±14:00


def _offset_guard(text: str) -> str:
    """SQL true for every timestamp that can end in a zone offset which :data:`ZONE_OFFSET_SQL` tests, and false
    for the plain timestamps that make up a log: a ``+``, or a ``-`` after a ``:`` (a negative offset follows a
    time, and DuckDB parses no time without a colon). A CASE on it runs the regular expression only on those rows
    (an ``AND`` does not short-circuit in DuckDB 2.0): measured on 5 M log rows, the regular expression on every
    row cost about 0.8 CPU-s, the guard 0.2 (docs/performance.md)."""
    return f"(contains({text}, '+') OR {text} LIKE '%:%-%')"


def _us_guard(text: str) -> str:
    """SQL true for every text one of :data:`US_TIMESTAMP_FORMATS` can read: each has a ``/`` or an ``%p`` (AM or
    PM, in any case), so a text with neither a ``/`` nor an ``m`` cannot match. The forms are tried only on those
    rows: ``try_strptime`` on a text it cannot read costs about 8 µs, and a log's rejected rows are 1 % of it
    (docs/performance.md)."""
    return f"(contains({text}, '/') OR contains({text}, 'M') OR contains({text}, 'm'))"


def parsed_sql(column: str, dtype: str, *, guarded: bool = True) -> str:
    """SQL turning the raw timestamp column into a TIMESTAMP whatever its date, NULL when missing, unparseable or
    with a zone offset beyond ±14:00 (:func:`_in_range_sql` adds the range). ``guarded=False`` gives the same
    result without the guards that skip work on most rows (for the tests that check they change nothing)."""
    if dtype.startswith(("TIMESTAMP", "DATE")):
        return f"TRY_CAST({column} AS TIMESTAMP)"
    text = f"CAST({column} AS VARCHAR)"
    formats = "[" + ", ".join(sql_str(f) for f in US_TIMESTAMP_FORMATS) + "]"
    offset, us = ZONE_OFFSET_SQL.format(text=text), f"try_strptime(trim({text}), {formats})"
    if guarded:
        offset = f"CASE WHEN {_offset_guard(text)} THEN {offset} ELSE false END"
        us = f"CASE WHEN {_us_guard(text)} THEN {us} END"
    # try_cast covers ISO 8601 with or without time, 'T' and zone suffix; coalesce tries the US forms on misses.
    return f"CASE WHEN {offset} THEN NULL ELSE coalesce(TRY_CAST({text} AS TIMESTAMP), {us}) END"


def _select_sql(kind: str, files: list[str], mapping: dict[str, str], ts_type: str, rejects: str) -> str:
    """One layout's rows as (ts, ts_raw, the three columns, source_file): the timestamp parsed in an inner
    projection, NULL when missing, unparseable, with a zone offset beyond ±14:00 or outside :func:`timestamp_range`."""
    raw = sql_ident(mapping["timestamp"])
    dims = ", ".join(f"CAST({sql_ident(mapping[c])} AS VARCHAR) AS {c}" for c in LOG_COLUMNS[1:])
    many = len(files) > 1
    filename = "filename AS source_file" if many else f"{sql_str(files[0])} AS source_file"
    scan = _scan(kind, files, with_filename=many, rejects=rejects)
    inner = (f"SELECT {parsed_sql(raw, ts_type)} AS parsed_ts, CAST({raw} AS VARCHAR) AS ts_raw, {dims}, {filename} "
             f"FROM {scan}")
    names = ", ".join(LOG_COLUMNS[1:])
    return f"SELECT {_in_range_sql('parsed_ts')} AS ts, ts_raw, {names}, source_file FROM ({inner})"


def _union_sql(sources: list[LogSource], *, rejects: str) -> str:
    """Every file as (ts, ts_raw, destination_state, agency, message_key, source_file); one scan per header layout."""
    layouts: dict[tuple[str, tuple[tuple[str, str], ...], str], list[str]] = {}
    for s in sources:
        layouts.setdefault((s.kind, s.mapping, s.timestamp_type), []).append(s.path)
    return "\nUNION ALL\n".join(
        _select_sql(kind, files, dict(mapping), ts_type, rejects)
        for (kind, mapping, ts_type), files in layouts.items()
    )


# What a rare row keeps in its ``rare`` JSON list, in this order (:func:`one_pass_sql` writes it,
# :func:`split_tallies_sql` reads it): the file and raw timestamp of a row without a usable timestamp, and each
# column's raw value when that row has no usable timestamp or the maps lack the value.
RARE_FIELDS = ("bad_file", "bad_timestamp", *(f"raw_{c}" for c in LOG_COLUMNS[1:]))


def _rare_field(name: str) -> str:
    """SQL reading the field ``name`` of :data:`RARE_FIELDS` from a rare row's JSON."""
    return f"rare->>{RARE_FIELDS.index(name)}"


def one_pass_sql(sources: list[LogSource], freq: Freq) -> str:
    """The single scan: each row's raw values joined to the sampled value maps (``map_<column>``: raw, rid, code),
    its timestamp parsed and truncated, and the rows counted in four grouping sets, told apart by ``grp``:

    - ``clean``: ``period_start`` × the three clean codes × ``rare``. ``rare`` is NULL on every row with a usable
      timestamp and mapped values, so those rows group on a date and three codes. The others, a log's rare rows,
      keep in ``rare`` what the work after the scan needs of them (:func:`split_tallies_sql`), as JSON: for a row
      without a usable timestamp, its file, raw timestamp and three raw values (``.rejects``); for a row with a
      value the maps lack, that raw value (to be normalised afterwards; the other columns by their codes);
    - ``rid_*``: rows per mapped raw value of each column (the map's row ``rid``), for ``.audit``.

    The rare rows join the clean set rather than sets of their own: measured in one process on 5 M log rows (six
    alternating runs), the two sets they had (rows without a usable timestamp, rows with an unmapped value), each
    hashing every row, took 0.4 of the scan's 1.5 s. The key grows by one text column, NULL on all but the rare
    rows; before, one GROUP BY over the codes and eight such columns (16 bytes each in every hash-table row)
    spilled 400 MB at a 256MB limit on 10 M rows. With ``rare``, peak RSS at 100 M rows measured 0.59 GB at the
    default limit (not measured at 256MB). ``ts_raw`` must stay referenced: were TRY_CAST the column's only use,
    DuckDB 2.0 would push it into the CSV reader as a plain cast, and the first bad timestamp would stop the read.
    """
    cols = LOG_COLUMNS[1:]
    bad = "u.ts IS NULL"
    unmapped = " OR ".join(f"m_{c}.code IS NULL" for c in cols)
    kept = {
        "bad_file": f"CASE WHEN {bad} THEN u.source_file END", "bad_timestamp": f"CASE WHEN {bad} THEN u.ts_raw END",
        **{f"raw_{c}": f"CASE WHEN {bad} OR m_{c}.code IS NULL THEN u.{c} END" for c in cols},
    }
    inner = ",\n".join([
        f"CAST(date_trunc('{freq}', u.ts) AS DATE) AS period_start",
        *(f"m_{c}.code AS code_{c}, m_{c}.rid AS rid_{c}" for c in cols),
        f"CASE WHEN {bad} OR {unmapped} THEN CAST(to_json(list_value({', '.join(kept[f] for f in RARE_FIELDS)})) "
        "AS VARCHAR) END AS rare",
    ])
    joins = "\n".join(f"LEFT JOIN map_{c} m_{c} ON m_{c}.raw IS NOT DISTINCT FROM u.{c}" for c in cols)
    sets = {
        "clean": ["period_start", *(f"code_{c}" for c in cols), "rare"],
        **{f"rid_{c}": [f"rid_{c}"] for c in cols},
    }
    grp = " ".join(f"WHEN GROUPING({columns[0]}) = 0 THEN '{name}'" for name, columns in sets.items())
    every = list(dict.fromkeys(column for columns in sets.values() for column in columns))
    return f"""
        SELECT CASE {grp} END AS grp, {", ".join(every)}, CAST(count(*) AS BIGINT) AS n
        FROM (
            SELECT {inner}
            FROM ({_union_sql(sources, rejects="scan")}) u
            {joins}
        )
        GROUP BY GROUPING SETS ({", ".join("(" + ", ".join(columns) + ")" for columns in sets.values())})
    """


def split_tallies_sql() -> str:
    """SQL splitting the scan's ``tallies`` (:func:`one_pass_sql`) in two tables. ``clean_set`` (period_start, the
    three codes, n): the clean set's groups without rare rows, most of the scan's groups, in a narrow table of 5
    columns, so that DuckDB can free the scan's table (10 columns). And ``tallies`` again, with the ``rid_*`` sets
    and the rare rows read out of their JSON into the two sets the work after the scan reads, told apart by ``grp``:

    - ``fallback``: the rows with a value the maps lack (``um`` true), one row per period (``um_period``, NULL
      without a usable timestamp), codes of their mapped values (``um_code_*``) and raw strings of their unmapped
      ones (``fb_*``);
    - ``bad``: the rows without a usable timestamp, one row per file (``bad_file``), raw timestamp
      (``bad_timestamp``) and raw values (``raw_*``), for ``.rejects``.

    A ``DELETE`` from ``tallies`` would free nothing."""
    cols = LOG_COLUMNS[1:]
    codes = ", ".join(f"code_{c}" for c in cols)
    rare = "grp = 'clean' AND rare IS NOT NULL"
    fallback = {"um_period": "period_start"}  # name: expression
    for c in cols:
        raw = _rare_field(f"raw_{c}")
        fallback |= {f"um_code_{c}": f"code_{c}", f"fb_{c}": f"CASE WHEN code_{c} IS NULL THEN {raw} END"}
    bad = ", ".join(["'bad' AS grp", *(f"{_rare_field(name)} AS {name}" for name in RARE_FIELDS)])
    return f"""
        CREATE TEMP TABLE clean_set AS
            SELECT period_start, {codes}, n FROM tallies WHERE grp = 'clean' AND rare IS NULL;
        CREATE TEMP TABLE other_sets AS
            SELECT grp, {", ".join(f"rid_{c}" for c in cols)}, n FROM tallies WHERE grp <> 'clean'
            UNION ALL BY NAME
            SELECT 'fallback' AS grp, true AS um, {", ".join(f"{e} AS {name}" for name, e in fallback.items())},
                   CAST(sum(n) AS BIGINT) AS n
            FROM tallies WHERE {rare} AND ({" OR ".join(f"code_{c} IS NULL" for c in cols)})
            GROUP BY {", ".join(fallback)}
            UNION ALL BY NAME
            SELECT {bad}, n FROM tallies WHERE {rare} AND period_start IS NULL;
        DROP TABLE tallies;
        ALTER TABLE other_sets RENAME TO tallies;
    """


def clean_groups_sql() -> str:
    """SQL of the clean groups (period_start as a TIMESTAMP_NS, the unit of ``.clean``; the three columns' new
    codes; n), sorted, from ``clean_set`` (:func:`split_tallies_sql`), the fallback set in ``tallies`` and the tables
    ``recode_<column>`` (a sampled code's ``old`` and ``new`` code) and ``late_<column>`` (a raw value of the fallback
    and its ``new`` code): the scan's clean set with its codes renumbered, and the fallback's rows with a usable
    timestamp, each column's code renumbered when it was mapped and looked up by its raw value when not, grouped,
    then added to the clean groups they coincide with (a missed spelling of NY is still NY). The renumbering keeps
    distinct codes distinct, so the clean set needs no second GROUP BY: a FULL JOIN to the fallback's few groups
    adds them (on a 5 M-row log, grouping both again took 110 of the query's 135 ms). Codes are ranks of the sorted
    clean values, so ordering on them orders on the values."""
    cols = LOG_COLUMNS[1:]
    known = " AND ".join(f"code_{c} IS NOT NULL" for c in cols)
    sampled = ", ".join(f"r_{c}.new AS {c}" for c in cols)
    fell_back = ", ".join(f"coalesce(r_{c}.new, l_{c}.new) AS {c}" for c in cols)
    clean_joins = " ".join(f"JOIN recode_{c} r_{c} ON r_{c}.old = t.code_{c}" for c in cols)
    fallback_joins = " ".join(
        f"LEFT JOIN recode_{c} r_{c} ON r_{c}.old = t.um_code_{c} "
        f"LEFT JOIN late_{c} l_{c} ON t.um_code_{c} IS NULL AND l_{c}.raw IS NOT DISTINCT FROM t.fb_{c}"
        for c in cols)
    names = ", ".join(cols)
    keys = ["period_start", *cols]
    return f"""
        WITH sampled AS (
            SELECT t.period_start, {sampled}, t.n FROM clean_set t {clean_joins}
            WHERE t.period_start IS NOT NULL AND {known}
        ), late AS (
            SELECT period_start, {names}, sum(n) AS n FROM (
                SELECT t.um_period AS period_start, {fell_back}, t.n FROM tallies t {fallback_joins}
                WHERE t.grp = 'fallback' AND t.um AND t.um_period IS NOT NULL
            ) GROUP BY period_start, {names}
        )
        SELECT CAST(coalesce(s.period_start, l.period_start) AS TIMESTAMP_NS) AS period_start,
               {", ".join(f"coalesce(s.{k}, l.{k}) AS {k}" for k in cols)},
               CAST(coalesce(s.n, 0) + coalesce(l.n, 0) AS BIGINT) AS n
        FROM sampled s FULL JOIN late l ON {" AND ".join(f"s.{k} = l.{k}" for k in keys)}
        ORDER BY {", ".join(keys)}
    """


# The characters Python's ``str.strip()`` removes (those for which ``str.isspace()`` holds; a test checks): a raw
# timestamp of only these, or none, is blank (reason missing_period), as a blank cell is in a count table.
WHITESPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
    "\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)


def bad_groups_sql() -> str:
    """SQL of the scan's timestamp rejects (file, raw timestamp, the three raw values, n), sorted as ``.rejects``
    lists them (file, reason, timestamp, values; NULL first), each with ``blank`` (the raw timestamp is missing or
    only :data:`WHITESPACE`: reason missing_period, which sorts after bad_period) and ``parses`` (it reads as a date,
    so it was rejected for its range). Both are worked out once per distinct raw timestamp, as the scan parsed it:
    a log's rejected rows share a few bad timestamps (7 among 33,049 groups of a 5 M-row log), and the US forms
    cost about 8 µs a text they cannot read."""
    cols = ", ".join(f"b.raw_{c}" for c in LOG_COLUMNS[1:])
    blank_chars = " || ".join(f"chr({ord(c)})" for c in WHITESPACE)
    values = ", ".join(f"{c} NULLS FIRST" for c in cols.split(", "))
    return f"""
        WITH b AS (SELECT * FROM tallies WHERE grp = 'bad' AND bad_file IS NOT NULL),
        t AS (
            SELECT bad_timestamp, coalesce(trim(bad_timestamp, {blank_chars}) = '', true) AS blank,
                   {parsed_sql('bad_timestamp', 'VARCHAR')} IS NOT NULL AS parses
            FROM (SELECT DISTINCT bad_timestamp FROM b)
        )
        SELECT b.bad_file, b.bad_timestamp, {cols}, b.n, t.blank, t.parses
        FROM b JOIN t ON b.bad_timestamp IS NOT DISTINCT FROM t.bad_timestamp
        ORDER BY b.bad_file, t.blank, b.bad_timestamp NULLS FIRST, {values}
    """


def per_column_sql(relation: str, sources: dict[str, str], aggregates: str = "") -> str:
    """SQL grouping ``relation`` by each of the three log columns alone: rows of ``is_<column>`` flags (a row's
    value is that of the one column whose flag is set), the three columns (``sources``: each one's expression in
    ``relation``) and ``aggregates``, if any. The shape :func:`~analysis.cleaning.querylog_maps.value_maps` and
    ``.audit`` read."""
    cols = LOG_COLUMNS[1:]
    flags = ", ".join(f"GROUPING({sources[c]}) = 0 AS is_{c}" for c in cols)
    values = ", ".join(f"{sources[c]} AS {c}" for c in cols)
    return f"""
        SELECT {flags}, {values}{f", {aggregates}" if aggregates else ""}
        FROM {relation}
        GROUP BY GROUPING SETS ({", ".join(f"({sources[c]})" for c in cols)})
    """


def bad_values_sql() -> str:
    """SQL of the rows rejected for their timestamp per raw value of each column (:func:`per_column_sql`, with
    ``n``); for ``.audit``, which counts only the rows in ``.clean``."""
    return per_column_sql("tallies WHERE grp = 'bad' AND bad_file IS NOT NULL",
                          {c: f"raw_{c}" for c in LOG_COLUMNS[1:]}, "CAST(sum(n) AS BIGINT) AS n")


def read_bad_lines(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """CSV lines the scan could not split into the header's columns: one row per file and line."""
    return con.execute("""
        SELECT s.file_path AS source_file, CAST(e.line AS BIGINT) AS source_row, any_value(e.csv_line) AS raw_line,
               'bad_line' AS reason, string_agg(DISTINCT e.error_message, '; ') AS detail, CAST(1 AS BIGINT) AS "rows"
        FROM rejects_scan e JOIN scans_scan s USING (scan_id, file_id)
        GROUP BY s.file_path, e.line
        ORDER BY source_file, source_row
    """).fetchdf()
