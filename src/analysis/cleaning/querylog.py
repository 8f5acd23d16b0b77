"""Aggregate row-level Nlets query logs (one row per query) into the canonical clean table, in bounded memory.

A year of Nlets DMV traffic is over 290 million rows, far more than pandas can hold on a laptop. Embedded DuckDB
reads the log once, streaming:

1. **A sample** (a few MB: small blocks spread evenly over each CSV file, from its first line to its last; the head
   of a compressed CSV; rows from row groups spread over a Parquet file) gives the distinct raw destination states,
   agencies and message keys. Only these values go through the cleaning library's rules, those
   ``clean_query_counts`` applies (``cleaning/value_rules``), so the rules exist once and nowhere in SQL. They
   become small tables (value maps): raw value → its row id and the integer code of its clean value. None of this
   needs pandas, which imports in a helper thread meanwhile and while the scan runs.
2. **The scan** joins each row's raw values to the maps, parses its timestamp, truncates it to the day or month
   and counts rows in grouping sets: per ``period × state code × agency code × key code`` (the clean set), where
   the rare rows group on what they need kept besides: the *raw* strings of the values the maps lack (the
   fallback), and for a row without a usable timestamp its file and raw values (``.rejects``); and the rows per
   mapped raw value (``.audit``). The rare rows are then read apart from the clean groups.
3. **The fallback's raw values** (none when the sample saw every value, a few rare spellings usually) then go
   through the same rules, and their rows join the clean groups in one more query (the codes renumbered).

The result does not depend on the sample: a value it missed costs a group of the fallback set, not a wrong count
(tests check the tables byte for byte against the two-pass reader's with whole, sparse and empty samples, on logs
in shuffled, state-sorted and several-file form). Memory depends on it a little: the fallback groups on raw strings,
so a sample that saw few values (a log sorted by state and a compressed file's head) makes that set larger; it
stays within ``memory_limit`` and spills beyond it. Spreading the sample over a plain file makes a missed value one
with fewer rows than the gap between two blocks (``SAMPLE_SPACING``, 64 KB ≈ 1,400 log rows).

Why not one pass grouped on (period, raw state, raw agency, raw key) and re-aggregated? On a messy synthetic log
that key has ~5 M distinct values per 10 M rows, and DuckDB 2.0.1 ran out of memory on 100 M rows at limits of
256, 384 and 512 MB, while the clean set's key (a date and three 4-byte codes: a log may hold far more than 32,767
distinct values of a column) fits in a few MB. The two-pass reader before issue 17 built the maps from a first full
scan instead of a sample; the sample saves that scan.

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

import importlib
import os
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from analysis.cleaning.querylog_inputs import LOG_COLUMNS, expand_paths
from analysis.cleaning.querylog_maps import column_normalisers, load_columns, load_maps, value_maps
from analysis.cleaning.querylog_sample import sample_values, write_csv_samples
from analysis.cleaning.querylog_scan import (
    Freq, bad_groups_sql, bad_values_sql, clean_groups_sql, describe_source, first_line, long_line_message,
    one_pass_sql, read_bad_lines, split_tallies_sql,
)
from analysis.paths import relative_to_root

if TYPE_CHECKING:
    import duckdb
    import pandas as pd

    from analysis.cleaning.clean_result import CleanResult

__all__ = ["aggregate_query_log", "LOG_COLUMNS", "DEFAULT_MEMORY_LIMIT"]

DEFAULT_MEMORY_LIMIT = "512MB"
# What the work after the scan needs, and the work before it does not: imported in a helper thread while DuckDB,
# which releases the GIL, reads each file's header and sample and starts the scan (pandas alone takes 0.6 s).
_LATER_MODULES = ("pandas", "analysis.cleaning.querylog_values", "analysis.cleaning.querylog_tables")


def _import_meanwhile(modules: Iterable[str]) -> threading.Thread:
    """A started thread importing ``modules``; an import that fails is left for the caller's own import to raise."""
    def run() -> None:
        for module in modules:
            try:
                importlib.import_module(module)
            except Exception:  # noqa: BLE001 - raised again, in the caller's thread, where it is used
                return

    thread = threading.Thread(target=run, name="nlets-querylog-imports", daemon=True)
    thread.start()
    return thread


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
            default, peak RSS measured 0.44-0.46 GB at 10 M log rows of one year (640,677 clean groups),
            shuffled or sorted by state, 0.59 GB at 100 M shuffled, and 0.47-0.50 GB at 10 M rows of three years
            (1.85 M clean groups): the clean table itself adds to it. 256MB was 5 s slower on the shuffled 100 M-row
            log for 0.02 GB less, before the rare rows joined the clean set (docs/performance.md).
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
    if freq not in ("day", "month"):
        raise ValueError(f"freq must be 'day' or 'month', not {freq!r}")
    files = expand_paths(paths)
    workdir = Path(tempfile.mkdtemp(prefix="nlets-querylog-", dir=temp_directory))
    imports = None
    try:
        samples = write_csv_samples(files, workdir)
        import duckdb  # noqa: F401 - before the imports thread starts: the two imports would contend for the GIL
        imports = _import_meanwhile(_LATER_MODULES)
        return _aggregate(files, workdir, samples, imports, freq=freq, agency_map=agency_map, columns=columns,
                          memory_limit=memory_limit, threads=threads, progress=progress)
    finally:
        if imports is not None:
            imports.join()  # at once on success; on an error, no import is left running as the interpreter stops
        shutil.rmtree(workdir, ignore_errors=True)


def _aggregate(
    files: list[str], workdir: Path, samples: dict[str, Path], imports: threading.Thread, *, freq: Freq,
    agency_map: pd.DataFrame | str | os.PathLike[str] | None, columns: Mapping[str, str] | None, memory_limit: str,
    threads: int | None, progress: Callable[[float], None] | None,
) -> CleanResult:
    """:func:`aggregate_query_log` on the expanded ``files``, with a working folder (``samples``: the files in it
    holding the samples already read), while ``imports`` loads what follows the scan."""
    import duckdb

    try:
        con = duckdb.connect(config={
            "memory_limit": memory_limit,
            "temp_directory": str(workdir / "spill"),
            "preserve_insertion_order": False,
            "threads": threads or default_threads(),
        })
    except duckdb.Error as exc:
        raise ValueError(f"memory_limit={memory_limit!r}, threads={threads!r}: {first_line(exc)}") from None
    try:
        # DuckDB tracks progress only with the bar enabled (we poll it instead of printing); off, it does not track
        # it at all, nor draw a bar on a terminal
        con.execute(f"SET enable_progress_bar = {str(progress is not None).lower()}; SET enable_progress_bar_print = false")
        # memory freed by each finished task goes back to the system beyond 16 MB (DuckDB keeps 128 MB by default);
        # with DuckDB imported before pandas, the largest peak RSS of 7 whole runs at 10 M rows: 0.52 to 0.50 GB
        con.execute("SET allocator_flush_threshold = '16MB'")
        sources = [describe_source(con, f, columns) for f in files]
        if agency_map is not None:  # read with pandas
            imports.join()
        normalisers = column_normalisers(agency_map)
        maps = value_maps(sample_values(con, sources, samples), normalisers)
        load_maps(con, maps, workdir)
        _run(con, f"CREATE TEMP TABLE tallies AS {one_pass_sql(sources, freq)}", files, progress)
        _return_bulk_frees(con)
        scanned = dict(con.execute("SELECT grp, CAST(sum(n) AS BIGINT) FROM tallies GROUP BY grp").fetchall())
        con.execute(split_tallies_sql())
        imports.join()
        from analysis.cleaning import querylog_tables as tables
        from analysis.cleaning import querylog_values as values

        cols = LOG_COLUMNS[1:]
        fallback = con.execute(f"SELECT um_period, {', '.join(f'um_code_{c}, fb_{c}' for c in cols)}, n "
                               f"FROM tallies WHERE grp = 'fallback' AND um").fetchdf()
        bad = tables.arrow_frame(con, bad_groups_sql())
        rejected = con.execute(bad_values_sql()).fetchdf()
        per_value = {c: con.execute(f"SELECT rid_{c} AS rid, n FROM tallies WHERE grp = 'rid_{c}' "
                                    f"AND rid_{c} IS NOT NULL").fetchdf() for c in cols}
        recodings, seen = values.merge_fallback(maps, fallback, per_value, normalisers)
        for column, recoding in recodings.items():  # for clean_groups_sql
            load_columns(con, workdir, f"recode_{column}", {
                "old": ("INTEGER", list(range(len(recoding.sampled)))), "new": ("INTEGER", recoding.sampled)})
            load_columns(con, workdir, f"late_{column}", {
                "raw": ("VARCHAR", [raw for raw, _ in recoding.late]), "new": ("INTEGER", [n for _, n in recoding.late])})
        good = con.execute(clean_groups_sql()).fetchdf()
        bad_lines = read_bad_lines(con) if any(s.kind == "csv" for s in sources) else None
    finally:
        con.close()
    # Each row read is in one group of each of the scan's sets, so each set counts the same rows; and those rows must
    # all come out again: in the counts per value of every column, and as clean groups or timestamp rejects.
    rows_read = {c: int(seen[c]["rows"].sum()) for c in cols}
    counts = {*scanned.values(), *rows_read.values(), int(good["n"].sum()) + int(bad["n"].sum())}
    if len(counts) != 1 or len(scanned) not in (0, 1 + len(cols)):  # an empty log has no groups
        raise RuntimeError(f"{_names(files)}: the counts do not add up (scanned {scanned}, read {rows_read}, "
                           f"{int(good['n'].sum()):,} clean, {int(bad['n'].sum()):,} rejected); please report this")
    clean = tables.clean_table(good, {c: r.values for c, r in recodings.items()}, freq)
    rejects = tables.rejects_table(bad, bad_lines)
    shown = {f: relative_to_root(f) for f in rejects["source_file"].unique()}  # as the counts reader shows files
    rejects["source_file"] = rejects["source_file"].map(shown)
    audit = tables.audit_table(seen, rejected)
    return tables.clean_result(clean, rejects, audit, files)


def _return_bulk_frees(con: duckdb.DuckDBPyConnection) -> None:
    """From here on, DuckDB gives memory freed in bulk back to the system beyond 16 MB (by default it keeps up to
    512 MB). After the scan only: set before it, the setting slowed the scan by 0.4-0.5 s on a three-year log of 10 M
    rows. With the clean set split out of the scan's table and ``.clean`` built without copies, the largest peak RSS
    of 7 runs on that log went from 0.61 to 0.49 GB. A DuckDB without the setting keeps its default."""
    import duckdb

    try:
        con.execute("SET allocator_bulk_deallocation_flush_threshold = '16MB'")
    except duckdb.Error:
        pass


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
        located = (long_line_message(f, exc) for f in files)
        raise ValueError(next((m for m in located if m), None) or f"{_names(files)}: {first_line(exc)}") from None
