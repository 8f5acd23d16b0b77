"""Subcommands of ``nlets-analysis``; each module has ``register(subparsers)`` and ``run(args) -> int``."""

from __future__ import annotations

import argparse
import dataclasses
import os
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any


if TYPE_CHECKING:
    from analysis.cleaning.clean_result import CleanResult


def as_given(result: CleanResult, inputs: Iterable[str | os.PathLike[str]]) -> CleanResult:
    """``result`` with its input files named as typed on the command line (``data/in.csv``, not the absolute path)
    in ``rejects.source_file`` and the summary; the library names them relative to the project root."""
    from analysis.paths import relative_to_root

    names = {relative_to_root(p): os.fspath(p) for p in inputs}
    rejects = result.rejects
    if "source_file" in rejects:
        renamed = rejects["source_file"].map(names).fillna(rejects["source_file"]).astype(rejects["source_file"].dtype)
        rejects = rejects.assign(source_file=renamed)
    summary = result.summary
    if isinstance(summary.source_file, str):
        summary = dataclasses.replace(summary, source_file=names.get(summary.source_file, summary.source_file))
    return dataclasses.replace(result, rejects=rejects, summary=summary)


def parse_column_pairs(pairs: list[str], example: str) -> dict[str, str]:
    """``--column RAW=CANONICAL`` options as ``{raw: canonical}``; ``example`` shows the form in the error message.

    >>> parse_column_pairs(["Tot Qry=queries"], "'Tot Qry=queries'")
    {'Tot Qry': 'queries'}
    """
    columns = {}
    for pair in pairs:
        raw, sep, canonical = pair.rpartition("=")
        if not sep or not raw:
            raise ValueError(f"--column {pair!r}: expected RAW=CANONICAL, e.g. {example}")
        columns[raw] = canonical.strip()
    return columns




# How a query-count file is read: one option set for every command that reads one (clean, compare), so that a file
# that `clean` reads right is read the same way by `compare`.
READING_OPTIONS = ("--sheet", "--column", "--period", "--period-grain", "--fiscal-year-start", "--agency-map")


def add_reading_options(parser: argparse.ArgumentParser) -> None:
    """Add :data:`READING_OPTIONS` to a subcommand's parser."""
    parser.add_argument("--sheet", metavar="S", help="Excel sheet name (default: the first sheet with a header)")
    parser.add_argument(
        "--column", action="append", default=[], metavar="RAW=CANONICAL",
        help="name a column the header detection misses, e.g. --column 'Tot Qry=queries' (repeatable)",
    )
    parser.add_argument(
        "--period", metavar="P", help="period of rows that have none, e.g. FY2025, 'Oct 2024', 2024-10-01..2025-09-30"
    )
    parser.add_argument(
        "--period-grain", choices=["auto", "month", "day"], default="auto",
        help="read single dates (2024-10-01, Excel dates) as months or days; auto: months when the header says Month, "
        "or when every date falls on the 1st of a month with one per month in each series; days when some fall on "
        "other days; a single date, or dates not on the 1st beside months like 'Oct 2024', needs this option",
    )
    parser.add_argument(
        "--fiscal-year-start", type=int, choices=range(1, 13), metavar="MM",
        help="month the file's fiscal years start in (default 10, the federal year: FY25 = Oct 2024-Sep 2025); "
        "7 for a July year: FY25 = Jul 2024-Jun 2025. FFY stays federal",
    )
    parser.add_argument("--agency-map", metavar="FILE", type=Path,
                        help="CSV with raw_value,agency extending the agency mapping")


def reading_arguments(args: argparse.Namespace) -> dict[str, Any]:
    """The keyword arguments of :func:`analysis.cleaning.clean.clean_file` that :func:`add_reading_options` gave.

    >>> parser = argparse.ArgumentParser(); add_reading_options(parser)
    >>> sorted(reading_arguments(parser.parse_args(["--column", "Tot=queries", "--period-grain", "month"])).items())
    ... # doctest: +NORMALIZE_WHITESPACE
    [('agency_map', None), ('columns', {'Tot': 'queries'}), ('fiscal_year_start', None), ('period', None),
     ('period_grain', 'month'), ('sheet', None)]
    """
    return {
        "sheet": args.sheet,
        "period": args.period,
        "agency_map": args.agency_map,
        "columns": parse_column_pairs(args.column, "'Tot Qry=queries'"),
        "period_grain": args.period_grain,
        "fiscal_year_start": args.fiscal_year_start,
    }


def reading_words(args: argparse.Namespace) -> list[str]:
    """The reading options as typed, for a credit line: file names only, never a machine path.

    >>> reading_words(argparse.Namespace(sheet=None, column=["Tot=queries"], period="FY2025", period_grain="month",
    ...     fiscal_year_start=None, agency_map=Path("/home/me/map.csv")))
    ["--column 'Tot=queries'", '--period FY2025', '--period-grain month', '--agency-map map.csv']
    """
    words = [f"--sheet {args.sheet}"] if args.sheet is not None else []
    words += [f"--column '{pair}'" for pair in args.column]
    words += [f"--period {args.period}"] if args.period is not None else []
    words += [f"--period-grain {args.period_grain}"] if args.period_grain != "auto" else []
    words += [f"--fiscal-year-start {args.fiscal_year_start}"] if args.fiscal_year_start is not None else []
    words += [f"--agency-map {Path(args.agency_map).name}"] if args.agency_map is not None else []
    return words


# How a cleaned file is compared (compare only: they choose rows and read absences, not how the file is read).
COMPARISON_OPTIONS = ("--keys", "--missing")


def add_comparison_options(parser: argparse.ArgumentParser) -> None:
    """Add :data:`COMPARISON_OPTIONS` to a subcommand's parser."""
    parser.add_argument(
        "--keys", choices=["dmv", "all"], default="dmv",
        help="message keys counted: dmv (default: DMV keys only; other keys are set aside and reported) or all",
    )
    parser.add_argument(
        "--missing", choices=["no-row", "zero"], default="no-row",
        help="a state, agency and month with no row: no-row (default: missing, never 0) or zero (absence means "
        "none, e.g. an export after a cut-off)",
    )
