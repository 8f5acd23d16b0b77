"""``nlets-analysis aggregate-log``: aggregate row-level query logs (one row per query) into the canonical table."""

from __future__ import annotations

import argparse
import os
import sys
import time
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from analysis.guard import MANIFEST, Staging, write_refusal
from analysis.cli.common import as_given, parse_column_pairs

if TYPE_CHECKING:
    from analysis.cleaning.clean_result import CleanResult, CleanSummary

SAMPLE_BYTES = 1 << 20
OUTPUT_FILES: tuple[str, ...] = ("clean.csv", "rejects.csv", "audit.csv")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "aggregate-log",
        help="aggregate row-level query logs into queries per state × agency × message key × day or month",
        description="Read one or many query logs (CSV, CSV.gz or Parquet; files or glob patterns) with DuckDB in "
        "bounded memory, normalise states, agencies and message keys with the cleaning library, and write "
        "clean.csv, rejects.csv and audit.csv to OUTDIR (staged and moved in whole, run-manifest.json last). A file "
        "named twice in two ways is read once (a note says so); a timestamp outside 1990 to next year is rejected "
        "on its row.",
    )
    parser.add_argument("inputs", nargs="+", metavar="INPUT", help="log file or glob pattern (quote patterns)")
    parser.add_argument("--freq", choices=("day", "month"), default="day", help="period length (default: day)")
    parser.add_argument("-o", "--outdir", required=True, type=Path, help="folder for clean.csv, rejects.csv, audit.csv")
    parser.add_argument("--agency-map", metavar="FILE", help="CSV with raw_value,agency extending the agency mapping")
    parser.add_argument(
        "--memory-limit", default=None, metavar="SIZE",
        help="DuckDB memory limit, e.g. 512MB or 2GB; it spills to a temporary folder beyond it "
        "(default: DEFAULT_MEMORY_LIMIT of analysis.cleaning.querylog, 512MB)",
    )
    parser.add_argument(
        "--column", action="append", default=[], metavar="RAW=CANONICAL",
        help="name a column the detection misses, e.g. --column 'Txn Time=timestamp' (repeatable)",
    )


def run(args: argparse.Namespace) -> int:
    import duckdb

    from analysis.cleaning.querylog import DEFAULT_MEMORY_LIMIT, aggregate_query_log
    from analysis.cleaning.querylog_inputs import named_paths, unique_files

    try:
        columns = parse_column_pairs(args.column, "'Txn Time=timestamp'")
        files, twice = unique_files(named_paths(args.inputs))
        inputs = [*files, args.agency_map]
        refused = write_refusal("aggregate-log", inputs, args.outdir, [*OUTPUT_FILES, MANIFEST])
        if refused is not None:  # refuse before reading anything
            print(refused, file=sys.stderr)
            return 2
        progress = _Progress(files, sys.stderr) if sys.stderr.isatty() else None
        try:
            result = aggregate_query_log(
                files, freq=args.freq, agency_map=args.agency_map, columns=columns,
                memory_limit=args.memory_limit or DEFAULT_MEMORY_LIMIT, progress=progress,
            )
        finally:
            if progress is not None:
                progress.finish()  # end the progress line, also before an error message
        try:
            with Staging("aggregate-log", args.outdir, inputs) as stage:
                write_outputs(as_given(result, files), stage.folder)
                stage.commit()
        except OSError as exc:  # named by the folder, never by a staged temporary file
            print(f"nlets-analysis aggregate-log: {args.outdir}: cannot write ({exc.strerror or exc})",
                  file=sys.stderr)
            return 2
        if twice:  # the same file named in two ways is read once: say so in one line
            print("note: read once: " + "; ".join(f"{dropped} is {kept}" for dropped, kept in twice),
                  file=sys.stderr)
    except duckdb.InterruptException as exc:  # Ctrl-C inside a query: handled as any Ctrl-C
        raise KeyboardInterrupt from exc
    except (OSError, ValueError, duckdb.Error) as exc:
        print(f"nlets-analysis aggregate-log: {_one_line(exc)}", file=sys.stderr)
        return 2
    _print_summary(result.summary, args.outdir)
    return 0


def write_outputs(result: CleanResult, outdir: Path) -> None:
    """Write ``clean.csv``, ``rejects.csv`` and ``audit.csv`` (already in a deterministic order) to ``outdir``,
    formula-like cells neutralised (:mod:`analysis.safe_csv`)."""
    from analysis.safe_csv import write_csv

    outdir.mkdir(parents=True, exist_ok=True)
    for name, table in zip(OUTPUT_FILES, (result.clean, result.rejects, result.audit), strict=True):
        write_csv(table, outdir / name, date_format="%Y-%m-%d")



def _one_line(exc: BaseException) -> str:
    text = str(exc).strip()
    if isinstance(exc, OSError) and exc.filename and exc.strerror:
        text = f"{exc.filename}: {exc.strerror}"
    return text.splitlines()[0] if text else type(exc).__name__


def _print_summary(summary: CleanSummary, outdir: Path) -> None:
    print(f"rows read:     {summary.rows_in:,} in {summary.files} file(s)")
    print(f"rows clean:    {summary.rows_clean:,} in {summary.groups:,} groups")
    print(f"rows rejected: {summary.rows_rejected:,}")
    for reason, rows in summary.rejected_rows_by_reason.items():
        print(f"  {reason}: {rows:,}")
    print(f"wrote clean.csv, rejects.csv, audit.csv to {outdir}")


# --------------------------------------------------------------------------------------------------------------------
# progress


def estimate_rows(files: list[str]) -> float:
    """Approximate number of data rows in ``files``: exact for Parquet (footer), from a 1 MB sample for CSV/CSV.gz."""
    total = 0.0
    for path in files:
        size = os.path.getsize(path)
        if path.lower().endswith((".parquet", ".pq")):
            import pyarrow.parquet as pq

            total += pq.ParquetFile(path).metadata.num_rows
            continue
        with open(path, "rb") as handle:
            sample = handle.read(SAMPLE_BYTES)
        if sample[:2] == b"\x1f\x8b":  # gzip: lines per compressed byte, from the decompressed sample
            text = zlib.decompressobj(wbits=31).decompress(sample)
        else:
            text = sample
        lines = max(text.count(b"\n"), 1)
        total += lines * size / max(len(sample), 1)
    return total


class _Progress:
    """A one-line progress display on a terminal, e.g.
    ``reading  40% · ~4.0 M of ~10.0 M rows · 2.10 M rows/s · 00:00:07 elapsed``.

    The library reports the fraction of its one pass over the input done.
    """

    def __init__(self, files: list[str], stream: TextIO, clock: Callable[[], float] = time.monotonic):
        self._rows, self._stream, self._clock = estimate_rows(files), stream, clock
        self._started = clock()

    def __call__(self, fraction: float) -> None:
        elapsed = self._clock() - self._started
        done = min(1.0, fraction)
        rate = done * self._rows / elapsed if elapsed > 0 else 0.0
        clock = time.strftime("%H:%M:%S", time.gmtime(elapsed))
        self._stream.write(
            f"\rreading {done:4.0%} · ~{done * self._rows / 1e6:,.1f} M of ~{self._rows / 1e6:,.1f} M "
            f"rows · {rate / 1e6:,.2f} M rows/s · {clock} elapsed  "
        )
        self._stream.flush()

    def finish(self) -> None:
        self._stream.write("\n")
        self._stream.flush()
