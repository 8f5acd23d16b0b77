"""``nlets-analysis build``: rebuild data/processed/, the notebooks' outputs and reports/ (what ``make report`` runs)."""

from __future__ import annotations

import argparse
import os
import sys


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "build",
        help="validate data/raw, rebuild data/processed, execute the notebooks, write reports/",
        description="Validate data/raw (checksums, schemas), rebuild data/processed, execute every numbered notebook "
        "in place, and write reports/ (figures, tables, manifest, index page).",
    )
    parser.add_argument("--only", metavar="NAME", help="execute only this notebook (file name or number, e.g. 02)")
    parser.add_argument(
        "--check",
        action="store_true",
        help="rebuild in a temporary copy and fail if any output differs from the committed files",
    )


def run(args: argparse.Namespace) -> int:
    from analysis import paths
    from analysis.pipeline import build
    from analysis.sources.tables import RawDataError

    if paths.checkout_root() is None:  # installed, run inside a checkout: it and its notebooks' kernels use that one
        os.environ["NLETS_PROJECT_ROOT"] = os.fspath(paths.project_root())
    try:
        if args.check:
            diffs = build.check(args.only)
            if diffs:
                print("[check] the rebuild differs from the committed files:", file=sys.stderr)
                for line in diffs:
                    print(f"  {line}", file=sys.stderr)
                return 1
            print("[check] the rebuild is byte-for-byte identical to the committed files")
            return 0
        build.run(args.only)
    except (build.BuildError, RawDataError) as exc:
        print(f"nlets-analysis build: {exc}", file=sys.stderr)
        return 2
    return 0
