"""``nlets-analysis clean``: clean one query-count file into clean.csv, rejects.csv and audit.csv, and say what
happened to every row and query."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from analysis.guard import Staging, incomplete_note, input_note, write_refusal
from analysis.cli.common import add_reading_options, as_given, reading_arguments


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "clean",
        help="clean a query-count file (CSV, TSV, gzip, Excel, Parquet) into clean.csv, rejects.csv, audit.csv",
        description="Read a per-state / per-agency query-count file as received, map its spellings to the canonical "
        "table, and write clean.csv, rejects.csv, audit.csv (plus subtotals.csv and duplicates.csv) to OUTDIR. "
        "Exit 0 when the file was read (even with rejects), 2 when it cannot be read or OUTDIR is refused (inside "
        "the project's reports/ or data/, an output would replace an input, or a link is planted in it): nothing "
        "is written then. The files are staged inside OUTDIR and renamed in, with run-manifest.json written last; "
        "files an earlier run listed and this one does not write are removed, nothing else in OUTDIR is touched.",
    )
    parser.add_argument("input", type=Path, metavar="INPUT", help="the file to clean")
    parser.add_argument("-o", "--outdir", required=True, type=Path, help="folder for the output CSV files")
    add_reading_options(parser)


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())


def run(args: argparse.Namespace) -> int:
    from analysis.cleaning.clean import OUTPUT_FILES, clean_file, write_result
    from analysis.guard import MANIFEST
    from analysis.paths import relative_to_root
    from analysis.cleaning.read import QueryCountsReadError

    inputs = [args.input, args.agency_map]
    refused = write_refusal("clean", inputs, args.outdir, [*OUTPUT_FILES, MANIFEST])
    if refused is not None:  # refuse before reading anything
        print(refused, file=sys.stderr)
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
    earlier = incomplete_note(args.outdir, [*OUTPUT_FILES, MANIFEST])
    try:
        with Staging("clean", args.outdir, inputs) as stage:
            staged = write_result(result, stage.folder)
            commit = stage.commit()
    except OSError as exc:
        print(f"nlets-analysis clean: {args.outdir}: cannot write ({exc.strerror or exc})", file=sys.stderr)
        return 2
    written = [args.outdir / path.name for path in staged]  # in the library's order, as typed
    lines = [result.format_summary()]
    summary = result.summary
    if summary.rows_in and summary.rejected_rows_by_reason.get("missing_period") == summary.rows_in:
        lines.append("hint: the file has no period; give it with --period, e.g. --period FY2025")
    source = input_note(args.input, OUTPUT_FILES)  # a clean.csv read back from an interrupted run's folder
    lines += [f"note: {source}"] if source else []
    lines += [f"note: before this run, {earlier}; this run wrote a complete set"] if earlier else []
    lines.append("wrote " + ", ".join(os.fspath(p) for p in written))  # as typed, like the input
    lines += [f"removed {args.outdir / name} (written by an earlier run, not by this one)" for name in commit.removed]
    lines += [f"kept {args.outdir / name} (an earlier run wrote it; changed since, so left alone)"
              for name in commit.kept]
    print("\n".join(lines))  # a closed pipe (| head -1) is handled once, in analysis.cli.main
    return 0
