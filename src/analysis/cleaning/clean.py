"""Clean a query-count table: one canonical tidy table, the rows that could not be used, and an audit of mappings.

No query is lost: every input row lands in exactly one of ``.clean`` or ``.rejects``, and the parseable counts of
the two add up to those of the input. Unknown states, agencies and message keys are kept as ``UNKNOWN`` (so national
totals stay whole) and show in ``.audit``; subtotal rows are rejected as ``subtotal`` and checked against the rows
they close; exact duplicate rows are listed in ``.duplicates`` and kept.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from analysis.cleaning.clean_audit import filled_audit, find_duplicates, value_audit
from analysis.cleaning.clean_result import CLEAN_SCHEMA, REJECT_REASONS, CleanResult, CleanSummary
from analysis.cleaning.counts import parse_count
from analysis.cleaning.normalize import (
    UNKNOWN,
    message_key_attributes,
    normalize_agency,
    normalize_message_key,
    normalize_state,
)
from analysis.cleaning.raw_counts import RawCounts
from analysis.cleaning.read import read_counts
from analysis.cleaning.row_periods import resolve_grain, row_periods
from analysis.cleaning.subtotals import (
    IDENTITY_COLUMNS,
    find_subtotals,
    is_error_value,
    subtotal_detail,
    text_cells,
    unmarked,
)
from analysis.safe_csv import write_csv


def clean_query_counts(
    df: RawCounts | pd.DataFrame,
    *,
    period: Any = None,
    agency_map: pd.DataFrame | str | Path | None = None,
    period_grain: str = "auto",
    fiscal_year_start: int | None = None,
) -> CleanResult:
    """Clean a query-count file as read by :func:`analysis.cleaning.read.read_counts` (or a table of raw cells)
    into a :class:`CleanResult`.

    ``df`` (its ``table``) needs a ``queries`` column; ``destination_state``, ``agency``, ``message_key`` and
    ``period`` (or ``period_start``/``period_end``) are used when present, and a missing one counts as blank.
    ``period`` gives the period of rows that have none (e.g. ``"FY2025"`` for a file without a period column).
    ``agency_map`` (DataFrame or CSV path with ``raw_value,agency``) extends or overrides the agency vocabulary.
    ``period_grain`` says what a single date in the period column (``2024-10-01``, an Excel serial or a datetime;
    Excel stores a month so) stands for: ``"day"``, ``"month"`` (its calendar month) or ``"auto"`` (the default).
    Under ``"auto"`` it is decided once for the whole column, from all its rows
    (:func:`analysis.cleaning.row_periods.resolve_grain`): months when the header says Month or a wide table's
    period headers are all first-of-month dates; else months when every single date in the column falls on the 1st
    of a month, there are at least two distinct ones, and each series (rows sharing state, agency, message key and
    any other dimension) has at most one row per month; days when some fall on other days than the 1st. A column
    whose only single date is one first-of-month date, one mixing dates not on the 1st with whole months
    (``Oct 2024``), or one where a series has two rows in a month is refused (ValueError) until ``period_grain`` is
    given.
    So under ``"auto"`` a row's period may depend on the other rows of the file; with ``"day"`` or ``"month"`` it
    never does. ``.period_grain`` and ``.grain_reason`` of the result say what was done. ``fiscal_year_start`` (a
    month, 1-12) is the month the file's fiscal years start in: by default October, the federal year (FY2025 =
    2024-10-01..2025-09-30); 7 for a state year starting in July (FY2025 = 2024-07-01..2025-06-30). It applies to
    ``FY``/``SFY`` values, bare years under a "Fiscal Year" header and ``period``; ``FFY`` stays federal. Without
    ``source_row``, rows are numbered from 1. The input is not modified. Cleaning ``.clean`` again returns the same
    ``.clean``.

    >>> raw = pd.DataFrame({"destination_state": ["N.Y.", "calif.", "Grand Total"],
    ...                     "agency": ["ICE ERO", "HSI", None], "message_key": ["dq", "r q", None],
    ...                     "period": ["Oct 2024"] * 3, "queries": ["1,040", "7", "1047"]})
    >>> result = clean_query_counts(raw)
    >>> result.clean[["destination_state", "agency", "message_key", "queries", "source_row"]]
      destination_state agency message_key  queries  source_row
    0                NY    ICE          DQ     1040           1
    1                CA    HSI          RQ        7           2
    >>> result.rejects[["source_row", "reason"]].to_dict("records"), result.rejects.loc[0, "detail"]
    ([{'source_row': 3, 'reason': 'subtotal'}], 'agrees: 2 rows above sum to 1,047 (rows 1-2)')
    """
    read = df if isinstance(df, RawCounts) else RawCounts(df) if isinstance(df, pd.DataFrame) else None
    if read is None:
        raise TypeError(f"clean_query_counts needs what read_counts returns or a DataFrame, not {type(df).__name__}")
    df = read.table
    if "queries" not in df:
        raise ValueError(f"the table has no 'queries' column (columns: {', '.join(map(str, df.columns))})")
    raw = df.reset_index(drop=True)
    n = len(raw)
    if "source_row" in raw:
        source_row = pd.to_numeric(raw["source_row"], errors="coerce")
        if source_row.isna().any():
            raise ValueError("source_row must be a whole number on every row")
        source_row = source_row.astype("int64").to_numpy()
    else:
        source_row = np.arange(1, n + 1, dtype="int64")

    counts = parse_count(raw["queries"]).reset_index(drop=True)
    header = read.headers.get("period")
    grain = resolve_grain(read, period_grain, fiscal_year_start=fiscal_year_start)
    periods = row_periods(raw, period, grain.grain, fiscal_year_start, header).reset_index(drop=True)
    present = counts["value"].notna().tolist()
    values = counts["value"].fillna(0).to_numpy(dtype="int64").tolist()
    count_list = [v if ok else None for v, ok in zip(values, present, strict=True)]
    is_sub, subtotals = find_subtotals(raw, count_list, periods)

    reason = np.full(n, None, dtype=object)
    detail = np.full(n, None, dtype=object)
    count_problem = counts["problem"].to_numpy(dtype=object, na_value=None)
    period_problem = periods["problem"].to_numpy(dtype=object, na_value=None)
    spreadsheet_error, error_detail = _spreadsheet_errors(raw)
    tests = [
        ("subtotal", is_sub, None),
        ("spreadsheet_error", spreadsheet_error, error_detail),
        ("missing_count", count_problem == "missing", None),
        ("suppressed", count_problem == "suppressed", None),
        ("bad_count", pd.notna(count_problem), count_problem),
        ("missing_period", period_problem == "missing", None),
        ("bad_period", pd.notna(period_problem), period_problem),
    ]
    for name, mask, details in tests:
        take = np.asarray(mask, dtype=bool) & (reason == None)  # noqa: E711 - elementwise on an object array
        reason[take] = name
        if details is not None:
            detail[take] = details[take]
    for record in subtotals.itertuples():
        detail[record.source_row] = subtotal_detail(record, source_row)
    subtotals = subtotals.drop(columns=["blocked_row", "guessed", "how", "span"])
    # a total over suppressed rows counts queries no row shows: say how many of its rows were suppressed
    before = np.concatenate([[0], np.cumsum(reason == "suppressed")])
    subtotals["suppressed_rows"] = [
        0 if pd.isna(first) else int(before[int(last) + 1] - before[int(first)])
        for first, last in zip(subtotals["first_row"], subtotals["last_row"], strict=True)
    ]
    if len(subtotals):
        position = subtotals["source_row"].to_numpy()
        subtotals["source_row"] = source_row[position]
        for column in ("first_row", "last_row"):
            subtotals[column] = [None if pd.isna(v) else int(source_row[int(v)]) for v in subtotals[column]]
    subtotals = subtotals.astype(
        {"source_row": "int64", "label": "str", "queries": "Int64", "rows_closed": "int64", "first_row": "Int64",
         "last_row": "Int64", "sum_of_rows": "Int64", "agrees": "boolean", "suppressed_rows": "int64"}
        | ({"source_column": "str"} if "source_column" in subtotals else {})
    )
    keep = reason == None  # noqa: E711

    clean = _clean_frame(raw, keep, counts, periods, agency_map, source_row)
    rejects = raw.loc[~keep].copy()
    rejects["source_row"] = source_row[~keep]
    rejects["reason"] = pd.Series(reason[~keep], index=rejects.index, dtype="str")
    rejects["detail"] = pd.Series(detail[~keep], index=rejects.index, dtype="str")
    if read.source_file:
        rejects.insert(0, "source_file", read.source_file)
    rejects = rejects.reset_index(drop=True)
    duplicates = find_duplicates(raw, source_row, counts["value"])
    audit = value_audit(raw, clean, keep, periods)
    if read.filled_down:
        audit = pd.concat([audit, filled_audit(read.filled_down, clean)], ignore_index=True)
    summary = _summary(read, clean, rejects, counts, reason, subtotals, duplicates)
    return CleanResult(clean, rejects, audit, subtotals, duplicates, summary, grain.grain, grain.reason)


def _spreadsheet_errors(frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Rows with a spreadsheet error value in an identity or count column, and per row which ("agency: #REF!")."""
    n = len(frame)
    found, detail = np.zeros(n, dtype=bool), np.full(n, None, dtype=object)
    for column in [c for c in (*IDENTITY_COLUMNS, "queries") if c in frame]:
        codes, uniques = pd.factorize(text_cells(frame, column), use_na_sentinel=True)
        bad = np.array([is_error_value(v) for v in uniques] + [False], dtype=bool)
        codes = np.where(codes < 0, len(uniques), codes)
        hit = bad[codes]
        if not hit.any():
            continue
        text = np.array([f"{column}: {str(v).strip()}" for v in uniques] + [""], dtype=object)[codes[hit]]
        detail[hit] = [t if d is None else f"{d}; {t}" for d, t in zip(detail[hit], text, strict=True)]
        found |= hit
    return found, detail


def _clean_frame(
    raw: pd.DataFrame,
    keep: np.ndarray,
    counts: pd.DataFrame,
    periods: pd.DataFrame,
    agency_map: pd.DataFrame | str | Path | None,
    source_row: np.ndarray,
) -> pd.DataFrame:
    rows = raw.loc[keep]
    # the agency's name decides; a file with only an agency-type column ("State", "Federal") falls back to it
    agency = "agency_type" if "agency" not in rows and "agency_type" in rows else "agency"
    # footnote markers ("Ohio¹", "ICE*", "Texas (a)") are not part of a name
    keys = normalize_message_key(unmarked(text_cells(rows, "message_key"))).reset_index(drop=True)
    attributes = {k: message_key_attributes(k) for k in keys.unique()}
    clean = pd.DataFrame(
        {
            "destination_state": normalize_state(unmarked(text_cells(rows, "destination_state"))).to_numpy(),
            "agency": normalize_agency(unmarked(text_cells(rows, agency)), agency_map).to_numpy(),
            "message_key": keys.to_numpy(),
            "record_type": keys.map({k: a[0] for k, a in attributes.items()}).to_numpy(),
            "dmv": keys.map({k: a[1] for k, a in attributes.items()}).to_numpy(dtype=bool),
            "period_start": periods.loc[keep, "period_start"].to_numpy(),
            "period_end": periods.loc[keep, "period_end"].to_numpy(),
            "queries": counts.loc[keep, "value"].to_numpy(dtype="int64"),
        }
    )
    if "requesting_state" in rows:
        clean["requesting_state"] = normalize_state(unmarked(text_cells(rows, "requesting_state"))).to_numpy()
    if "ori" in rows:
        clean["ori"] = rows["ori"].astype("str").str.strip().str.upper().to_numpy()
    if "agency_type" in rows:  # kept as the file has it, beside the agency its name gives
        clean["agency_type"] = rows["agency_type"].astype("str").str.strip().to_numpy()
    if "source_column" in rows:  # wide tables: the spreadsheet column each count came from
        clean["source_column"] = rows["source_column"].astype("str").to_numpy()
    clean["source_row"] = source_row[keep]
    return CLEAN_SCHEMA.validate(clean, lazy=True)


def _summary(
    read: RawCounts,
    clean: pd.DataFrame,
    rejects: pd.DataFrame,
    counts: pd.DataFrame,
    reason: np.ndarray,
    subtotals: pd.DataFrame,
    duplicates: pd.DataFrame,
) -> CleanSummary:
    from analysis.cleaning.counts import exact_sum

    value = counts["value"].fillna(0).astype("int64").to_numpy()
    rejected = reason != None  # noqa: E711
    rows_by_reason = {r: int((reason == r).sum()) for r in REJECT_REASONS if (reason == r).any()}
    # exact Python ints: counts that each fit in 64 bits can add up to more
    queries_by_reason = {r: exact_sum(value[reason == r]) for r in rows_by_reason}
    queries_in, queries_clean = exact_sum(value), exact_sum(clean["queries"])
    queries_rejected = exact_sum(value[rejected])
    agrees = subtotals["agrees"]
    return CleanSummary(
        source_file=read.source_file,
        sheet=read.sheet,
        encoding_note=read.encoding_note,
        rows_in=len(read.table),
        rows_clean=len(clean),
        rows_rejected=len(rejects),
        rejected_rows_by_reason=rows_by_reason,
        queries_in=queries_in,
        queries_clean=queries_clean,
        queries_rejected=queries_rejected,
        rejected_queries_by_reason=queries_by_reason,
        queries_in_excluding_subtotals=queries_in - queries_by_reason.get("subtotal", 0),
        balanced=queries_in == queries_clean + queries_rejected and len(read.table) == len(clean) + len(rejects),
        subtotal_rows=len(subtotals),
        subtotals_agree=int((agrees == True).sum()),  # noqa: E712 - nullable boolean
        subtotals_disagree=int((agrees == False).sum()),  # noqa: E712
        subtotals_unchecked=int(agrees.isna().sum()),
        duplicate_rows=len(duplicates),
        duplicate_queries=exact_sum(duplicates["queries"]),
        unknown_state_rows=int((clean["destination_state"] == UNKNOWN).sum()),
        unknown_agency_rows=int((clean["agency"] == UNKNOWN).sum()),
        unknown_message_key_rows=int((clean["message_key"] == UNKNOWN).sum()),
        subtotals_with_suppressed=int((subtotals["suppressed_rows"] > 0).sum()),
        suppressed_rows_in_subtotals=int(subtotals["suppressed_rows"].sum()),
    )


def clean_file(
    path: str | Path,
    *,
    sheet: str | int | None = None,
    period: Any = None,
    agency_map: pd.DataFrame | str | Path | None = None,
    columns: Mapping[str, str] | None = None,
    period_grain: str = "auto",
    fiscal_year_start: int | None = None,
) -> CleanResult:
    """Read a file with :func:`analysis.cleaning.read.read_counts` and clean it with :func:`clean_query_counts`.

    >>> import tempfile, pathlib
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "x.csv"
    >>> _ = f.write_text("State,Count\\nNY,5\\nTexas,abc\\n")
    >>> result = clean_file(f, period="FY2025")
    >>> result.summary.rows_clean, result.summary.rejected_rows_by_reason
    (1, {'bad_count': 1})
    """
    return clean_query_counts(
        read_counts(path, sheet=sheet, columns=columns), period=period, agency_map=agency_map, period_grain=period_grain, fiscal_year_start=fiscal_year_start
    )


OUTPUT_FILES: tuple[str, ...] = ("clean.csv", "rejects.csv", "audit.csv", "subtotals.csv", "duplicates.csv")


def write_result(result: CleanResult, outdir: str | Path) -> list[Path]:
    """Write ``clean.csv``, ``rejects.csv``, ``audit.csv``, ``subtotals.csv`` and ``duplicates.csv`` into ``outdir``
    (created if needed); the same result gives byte-identical files. Returns the paths written. Cells a spreadsheet
    would run as formulas are written with a ``'`` in front (:mod:`analysis.safe_csv`).

    >>> import tempfile
    >>> result = clean_query_counts(pd.DataFrame({"destination_state": ["NY"], "queries": ["5"]}), period="2025")
    >>> [p.name for p in write_result(result, tempfile.mkdtemp())]
    ['clean.csv', 'rejects.csv', 'audit.csv', 'subtotals.csv', 'duplicates.csv']
    """
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    tables = (result.clean, result.rejects, result.audit, result.subtotals, result.duplicates)
    return [
        write_csv(table, outdir / name, date_format="%Y-%m-%d")
        for name, table in zip(OUTPUT_FILES, tables, strict=True)
    ]
