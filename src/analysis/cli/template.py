"""``nlets-analysis template -o FILE``: an empty query-counts file with the canonical headers, for an agency or a
researcher to fill in, that ``nlets-analysis clean`` reads without hand work.

The file has the header row and one example row whose first cell starts with ``#`` and whose count cell holds words;
the reader skips such rows (a ``#`` row with a number in its count cell is data), so the example can stay in the
returned file. CSV by default; Excel when FILE ends in ``.xlsx``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


# The columns asked for in docs/records-request.md, in the order a records office would fill them.
TEMPLATE_COLUMNS: tuple[str, ...] = (
    "destination_state",
    "requesting_state",
    "agency",
    "ori",
    "message_key",
    "period_start",
    "period_end",
    "queries",
)

# One filled-in row, shown commented out. Made up: it is not a real count or ORI. Its count cell holds words, not a
# number: the reader never takes a row with a count for a comment, so a number here would be read as data.
EXAMPLE_ROW: tuple[str, ...] = (
    "# example (delete or keep; rows starting with # are ignored): WA",
    "DC",
    "U.S. Immigration and Customs Enforcement",
    "DCXXXXXXX",
    "DQ",
    "2025-10-01",
    "2025-10-31",
    "a whole number, e.g. 1234",
)
SUFFIXES = (".csv", ".xlsx")


def write_template(path: Path) -> Path:
    """Write the template to ``path`` (CSV, or Excel for ``.xlsx``) and return it.

    >>> import tempfile
    >>> out = write_template(Path(tempfile.mkdtemp()) / "counts.csv")
    >>> out.read_text().splitlines()[0]
    'destination_state,requesting_state,agency,ori,message_key,period_start,period_end,queries'
    """
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise ValueError(f"{path.name}: the file name must end in {' or '.join(SUFFIXES)}")
    path.parent.mkdir(parents=True, exist_ok=True)
    if suffix == ".csv":
        import pandas as pd

        from analysis.safe_csv import write_csv

        write_csv(pd.DataFrame([EXAMPLE_ROW], columns=list(TEMPLATE_COLUMNS), dtype="str"), path)
    else:
        _write_xlsx(path)
    return path


def _write_xlsx(path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = "query_counts"
    sheet.append(list(TEMPLATE_COLUMNS))
    sheet.append(list(EXAMPLE_ROW))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for cell in sheet[2]:
        cell.font = Font(italic=True, color="777777")
    for column, width in zip("ABCDEFGH", (18, 18, 40, 12, 13, 13, 13, 10), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A2"
    book.save(path)


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "template",
        help="write an empty query-counts file (CSV or XLSX) with the headers 'clean' reads without hand work",
        description="Write an empty query-counts file with the canonical headers ("
        + ", ".join(TEMPLATE_COLUMNS)
        + ") and one example row starting with '#', which the cleaner ignores. CSV, or Excel when FILE ends in "
        ".xlsx. See docs/records-request.md for what each column holds.",
    )
    parser.add_argument(
        "-o", "--output", required=True, type=Path, metavar="FILE", help="file to write (.csv or .xlsx)"
    )
    parser.add_argument("--force", action="store_true", help="overwrite FILE if it exists")


def run(args: argparse.Namespace) -> int:
    from analysis.paths import relative_to_root

    path: Path = args.output
    if path.exists() and not args.force:
        print(f"nlets-analysis template: {relative_to_root(path)} exists; use --force to overwrite", file=sys.stderr)
        return 2
    try:
        write_template(path)
    except ValueError as exc:
        print(f"nlets-analysis template: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"nlets-analysis template: {relative_to_root(path)}: cannot write ({exc.strerror})", file=sys.stderr)
        return 2
    print(f"wrote {relative_to_root(path)}: fill one row per destination state, agency (with ORI), message key and "
          f"month; then check it with: nlets-analysis clean {relative_to_root(path)} -o OUTDIR; next step: "
          f"nlets-analysis compare {relative_to_root(path)} -o DIR")
    return 0
