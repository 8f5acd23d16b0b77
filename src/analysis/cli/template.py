"""``nlets-analysis template -o FILE``: an empty query-counts file with the canonical headers, for an agency or a
researcher to fill in, that ``nlets-analysis clean`` reads without hand work.

The file has the header row and one example row whose first cell starts with ``#`` and whose count cell holds words;
the reader skips such rows (a ``#`` row with a number in its count cell is data), so the example can stay in the
returned file. CSV by default; Excel when FILE ends in ``.xlsx``.
"""

from __future__ import annotations

import argparse
import os
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
    """Write the template to ``path`` (CSV, or Excel for ``.xlsx``) and return it: written under a temporary name
    beside ``path`` and renamed over it (:func:`analysis.guard.write_file`), so a link of that name is replaced,
    never written through, and Ctrl-C leaves no half-written file.

    >>> import tempfile
    >>> out = write_template(Path(tempfile.mkdtemp()) / "counts.csv")
    >>> out.read_text().splitlines()[0]
    'destination_state,requesting_state,agency,ori,message_key,period_start,period_end,queries'
    """
    from analysis.guard import write_file

    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise ValueError(f"{_shown(Path(path.name))}: the file name must end in {' or '.join(SUFFIXES)}")
    path.parent.mkdir(parents=True, exist_ok=True)
    return write_file(path, _write_csv if suffix == ".csv" else _write_xlsx)


def _write_csv(path: Path) -> None:
    import pandas as pd

    from analysis.safe_csv import write_csv

    write_csv(pd.DataFrame([EXAMPLE_ROW], columns=list(TEMPLATE_COLUMNS), dtype="str"), path)


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
    from analysis.guard import force_refusal

    path: Path = args.output
    shown = _shown(path)
    try:
        refused = force_refusal("template", path)
        if refused is not None:
            print(refused, file=sys.stderr)
            return 2
        if os.path.lexists(path) and not args.force:
            print(f"nlets-analysis template: {shown} exists; use --force to overwrite", file=sys.stderr)
            return 2
        if path.is_dir():
            print(f"nlets-analysis template: {shown} is a folder; give a file name ending in .csv or .xlsx",
                  file=sys.stderr)
            return 2
        write_template(path)
    except ValueError as exc:
        print(f"nlets-analysis template: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"nlets-analysis template: {shown}: cannot write ({exc.strerror or exc})", file=sys.stderr)
        return 2
    print(f"wrote {shown}: fill one row per destination state, agency (with ORI), message key and "
          f"month; then check it with: nlets-analysis clean {shown} -o OUTDIR; next step: "
          f"nlets-analysis compare {shown} -o DIR")
    return 0


def _shown(path: Path, limit: int = 120) -> str:
    """``path`` as typed, shortened in the middle when very long (a 300-character name stays one readable line).

    >>> _shown(Path("a" * 200 + ".csv"))[:5], len(_shown(Path("a" * 200 + ".csv")))
    ('aaaaa', 120)
    """
    text = os.fspath(path)
    if len(text) <= limit:
        return text
    half = (limit - 1) // 2
    return text[:half] + "…" + text[-(limit - 1 - half):]
