"""``nlets-analysis clean``: clean one query-count file into clean.csv, rejects.csv and audit.csv, and say what
happened to every row and query."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from analysis.guard import overwritten_input, refusal
from analysis.cli.common import add_reading_options, as_given, reading_arguments


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "clean",
        help="clean a query-count file (CSV, TSV, gzip, Excel, Parquet) into clean.csv, rejects.csv, audit.csv",
        description="Read a per-state / per-agency query-count file as received, map its spellings to the canonical "
        "table, and write clean.csv, rejects.csv, audit.csv (plus subtotals.csv and duplicates.csv) to OUTDIR. "
        "Exit 0 when the file was read (even with rejects), 2 when it cannot be read or when an output would "
        "replace an input (nothing is written then).",
    )
    parser.add_argument("input", type=Path, metavar="INPUT", help="the file to clean")
    parser.add_argument("-o", "--outdir", required=True, type=Path, help="folder for the output CSV files")
    add_reading_options(parser)


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())


def run(args: argparse.Namespace) -> int:
    from analysis.cleaning.clean import OUTPUT_FILES, clean_file, write_result
    from analysis.paths import relative_to_root
    from analysis.cleaning.read import QueryCountsReadError

    clash = overwritten_input([args.input, args.agency_map], args.outdir, OUTPUT_FILES)
    if clash is not None:  # an input is never written: refuse before reading anything
        print(refusal("clean", clash), file=sys.stderr)
        return 2
    try:
        result = clean_file(args.input, **reading_arguments(args))
    except QueryCountsReadError as exc:
        print(f"nlets-analysis clean: {_one_line(exc)}", file=sys.stderr)
        return 2
    except ValueError as exc:  # a bad --period, --agency-map or --column
        print(f"nlets-analysis clean: {relative_to_root(args.input)}: {_one_line(exc)}", file=sys.stderr)
        return 2
    result = as_given(result, [args.input])
    try:
        written = write_result(result, args.outdir)
    except OSError as exc:
        print(f"nlets-analysis clean: {relative_to_root(args.outdir)}: cannot write ({exc.strerror})", file=sys.stderr)
        return 2
    lines = [result.format_summary()]
    summary = result.summary
    if summary.rows_in and summary.rejected_rows_by_reason.get("missing_period") == summary.rows_in:
        lines.append("hint: the file has no period; give it with --period, e.g. --period FY2025")
    lines.append("wrote " + ", ".join(os.fspath(p) for p in written))  # as typed, like the input
    try:
        print("\n".join(lines))
        sys.stdout.flush()
    except BrokenPipeError:  # e.g. piped into `head`: the files are written, so this is still a success
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0
