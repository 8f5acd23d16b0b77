"""Clean a query-count table: one canonical tidy table, the rows that could not be used, and an audit of mappings.

No query is lost: every input row lands in exactly one of ``.clean`` or ``.rejects``, and the parseable counts of
the two add up to those of the input. Unknown states, agencies and message keys are kept as ``UNKNOWN`` (so national
totals stay whole) and show in ``.audit``; subtotal rows are rejected as ``subtotal`` and checked against the rows
they close; exact duplicate rows are listed in ``.duplicates`` and kept.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, astuple, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pandera.pandas as pa

from analysis.cleaning.normalize import (
    AGENCIES,
    RECORD_TYPES,
    UNKNOWN,
    _words,
    message_key_attributes,
    normalize_agency,
    normalize_message_key,
    normalize_state,
    parse_count,
    state_info,
)
from analysis.cleaning.periods import check_fiscal_year_start, parse_period
from analysis.cleaning.read import FilledCell, RawCounts, read_counts
from analysis.cleaning.subtotals import (
    IDENTITY_COLUMNS,
    find_subtotals,
    is_error_value,
    row_ranges,
    subtotal_detail,
    text_cells,
    unmarked,
)
from analysis.safe_csv import write_csv

CLEAN_COLUMNS: tuple[str, ...] = (
    "destination_state",
    "agency",
    "message_key",
    "record_type",
    "dmv",
    "period_start",
    "period_end",
    "queries",
)
OPTIONAL_COLUMNS: tuple[str, ...] = ("requesting_state", "ori", "agency_type", "source_column")
# Reject reasons, in the order they are tested: a row gets the first that applies.
REJECT_REASONS: tuple[str, ...] = (
    "subtotal", "spreadsheet_error", "missing_count", "suppressed", "bad_count", "missing_period", "bad_period"
)


def _schema() -> pa.DataFrameSchema:
    states = sorted([*state_info()["code"], UNKNOWN])
    columns = {
        "destination_state": pa.Column(str, pa.Check.isin(states)),
        "agency": pa.Column(str, pa.Check.isin(sorted(AGENCIES))),
        "message_key": pa.Column(str, pa.Check.str_matches(r"^(?:[A-Z][A-Z0-9]{1,3}|UNKNOWN)$")),
        "record_type": pa.Column(str, pa.Check.isin(sorted(RECORD_TYPES))),
        "dmv": pa.Column(bool),
        "period_start": pa.Column("datetime64[ns]"),
        "period_end": pa.Column("datetime64[ns]"),
        "queries": pa.Column("int64", pa.Check.ge(0)),
        "requesting_state": pa.Column(str, pa.Check.isin(states), required=False),
        "ori": pa.Column(str, nullable=True, required=False),
        "agency_type": pa.Column(str, nullable=True, required=False),
        "source_column": pa.Column(str, required=False),
        "source_row": pa.Column("int64", pa.Check.ge(0)),
    }
    checks = [pa.Check(lambda df: df["period_end"] >= df["period_start"], name="period_end >= period_start")]
    return pa.DataFrameSchema(columns, checks=checks, coerce=True, strict=True)


CLEAN_SCHEMA = _schema()


@dataclass(frozen=True)
class CleanSummary:
    """What a clean run counted: rows and queries in, clean and rejected (by reason), whether they balance, the
    subtotal and duplicate checks and the values kept as UNKNOWN. ``files`` and ``groups`` are set for row-level
    logs (:func:`analysis.aggregate_query_log`), where every row is one query."""

    source_file: str | None
    sheet: str | None
    rows_in: int
    rows_clean: int
    rows_rejected: int
    rejected_rows_by_reason: Mapping[str, int]
    queries_in: int
    queries_clean: int
    queries_rejected: int
    rejected_queries_by_reason: Mapping[str, int]
    queries_in_excluding_subtotals: int
    balanced: bool
    subtotal_rows: int
    subtotals_agree: int
    subtotals_disagree: int
    subtotals_unchecked: int
    duplicate_rows: int
    duplicate_queries: int
    unknown_state_rows: int
    unknown_agency_rows: int
    unknown_message_key_rows: int
    subtotals_with_suppressed: int = 0
    suppressed_rows_in_subtotals: int = 0
    files: int | None = None
    groups: int | None = None


@dataclass(frozen=True)
class CleanResult:
    """What :func:`clean_query_counts` returns.

    - ``clean``: the canonical table (see ``CLEAN_SCHEMA``), one row per usable input row, in input order.
    - ``rejects``: the unusable input rows, unchanged, with ``reason`` (one of ``REJECT_REASONS``) and ``detail``.
    - ``audit``: one row per column and distinct raw value of the clean rows: ``column``, ``raw_value``,
      ``clean_value``, ``rows``, ``queries``.
    - ``subtotals``: each subtotal row with the rows it closes and whether their sum agrees with it.
    - ``duplicates``: rows that repeat an earlier row exactly (all raw cells equal), with the row they repeat.
    - ``summary``: counts of rows and queries in, clean and rejected (by reason); subtotals; duplicates; unknowns.
    """

    clean: pd.DataFrame
    rejects: pd.DataFrame
    audit: pd.DataFrame
    subtotals: pd.DataFrame = field(repr=False)
    duplicates: pd.DataFrame = field(repr=False)
    summary: CleanSummary = field(repr=False)

    def summary_table(self) -> pd.DataFrame:
        """The summary as a two-column table (``measure``, ``value``), rejected counts expanded by reason."""
        rows = []
        for key, value in asdict(self.summary).items():
            if value is None and key in ("files", "groups"):
                continue
            if isinstance(value, dict):
                rows += [(f"{key}: {reason}", count) for reason, count in value.items()]
            else:
                rows.append((key, value))
        return pd.DataFrame(rows, columns=["measure", "value"]).astype({"measure": "str", "value": "str"})

    def format_summary(self) -> str:
        """A few lines for people: rows and queries in, clean and rejected by reason; subtotals; duplicates."""
        s = self.summary

        def by_reason(counts: dict[str, int]) -> str:
            return ", ".join(f"{reason} {n:,}" for reason, n in counts.items()) or "none"

        lines = []
        if s.source_file:
            lines.append(s.source_file + (f" (sheet {s.sheet!r})" if s.sheet else ""))
        lines += [
            f"rows:      {s.rows_in:,} in = {s.rows_clean:,} clean + {s.rows_rejected:,} rejected",
            f"  rejected rows by reason: {by_reason(s.rejected_rows_by_reason)}",
            f"queries:   {s.queries_in:,} in = {s.queries_clean:,} clean + {s.queries_rejected:,} rejected"
            + ("" if s.balanced else "  ** DOES NOT BALANCE **"),
            f"  rejected queries by reason: {by_reason(s.rejected_queries_by_reason)}",
            f"  outside subtotal rows: {s.queries_in_excluding_subtotals:,} in = {s.queries_clean:,} clean + "
            f"{s.queries_in_excluding_subtotals - s.queries_clean:,} rejected",
            f"subtotals: {_rows(s.subtotal_rows)}; {s.subtotals_agree:,} agree with the rows they close, "
            f"{s.subtotals_disagree:,} differ, {s.subtotals_unchecked:,} could not be checked",
            f"duplicates: {_rows(s.duplicate_rows)} {'repeats' if s.duplicate_rows == 1 else 'repeat'} "
            "an earlier row exactly "
            f"({s.duplicate_queries:,} queries; kept, not merged)",
            f"unknown (kept as UNKNOWN): state {_rows(s.unknown_state_rows)}, agency "
            f"{_rows(s.unknown_agency_rows)}, message key {_rows(s.unknown_message_key_rows)}",
        ]
        if s.subtotals_with_suppressed:
            n = s.subtotals_with_suppressed
            lines.append(
                f"note: {n:,} {'subtotal includes' if n == 1 else 'subtotals include'} suppressed values "
                f"({_rows(s.suppressed_rows_in_subtotals)}): such a total counts queries no clean row shows"
            )
        return "\n".join(lines)


# --------------------------------------------------------------------------------------------------------------------
# helpers


def _rows(n: int) -> str:
    return f"{n:,} row" if n == 1 else f"{n:,} rows"


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


def _period_reading(header: str | None, fiscal_year_start: int | None) -> dict[str, Any]:
    """How to read a period column, from its header: under "Fiscal Year" / "FY" a bare year (``2025``,
    ``2024-25``) is a fiscal year ("FFY", "Federal Fiscal Year": always the federal one; "SFY", "State Fiscal
    Year": needs ``fiscal_year_start``); under any other header but a year or quarter one, or none, a five-digit
    number is an Excel serial day (``45658`` is 2025-01-01).

    >>> _period_reading("Fiscal Year", None), _period_reading("Month", 7)
    ({'fiscal_year_start': None, 'bare_year': 'FY'}, {'fiscal_year_start': 7, 'excel_dates': True})
    """
    words = set(_words(header or "").split())
    if words & {"FISCAL", "FY", "FFY", "SFY"}:
        bare = "FFY" if words & {"FFY", "FEDERAL"} else "SFY" if words & {"SFY", "STATE"} else "FY"
        return {"fiscal_year_start": fiscal_year_start, "bare_year": bare}
    excel = not words & {"YEAR", "YEARS", "YR", "CY", "QUARTER", "QTR"}
    return {"fiscal_year_start": fiscal_year_start, "excel_dates": excel}


def _periods(
    frame: pd.DataFrame,
    period: Any,
    grain: str = "auto",
    fiscal_year_start: int | None = None,
    header: str | None = None,
) -> pd.DataFrame:
    """period_start, period_end, problem for each row, from the period column(s) or the ``period`` argument; with
    ``grain="month"`` a single day in the period column stands for its calendar month. ``header`` is the period
    column's header in the file (see :func:`_period_reading`); ``fiscal_year_start`` is the month fiscal years
    start in (default: October, the federal year)."""
    fiscal_year_start = check_fiscal_year_start(fiscal_year_start)
    default = None
    if period is not None:
        default = parse_period(period, fiscal_year_start=fiscal_year_start)
        if default.problem is not None:
            raise ValueError(f"period={period!r}: cannot read it as a period ({default.problem})")
    if "period" in frame:
        parsed = parse_period(frame["period"], **_period_reading(header, fiscal_year_start))
        if grain == "month":
            parsed = _days_to_months(parsed)
    elif "period_start" in frame or "period_end" in frame:
        dates = {"fiscal_year_start": fiscal_year_start, "excel_dates": True}
        starts = parse_period(frame["period_start"] if "period_start" in frame else frame["period_end"], **dates)
        ends = parse_period(frame["period_end"] if "period_end" in frame else frame["period_start"], **dates)
        parsed = pd.DataFrame({"period_start": starts["period_start"], "period_end": ends["period_end"]})
        problems = starts["problem"].fillna(ends["problem"])
        reversed_ = problems.isna() & (parsed["period_end"] < parsed["period_start"])
        problems = problems.mask(reversed_, "reversed")
        parsed.loc[problems.notna().to_numpy(), ["period_start", "period_end"]] = pd.NaT
        parsed["problem"] = problems.astype("str")
    else:
        parsed = pd.DataFrame(
            {"period_start": pd.NaT, "period_end": pd.NaT, "problem": "missing"}, index=frame.index
        ).astype({"period_start": "datetime64[s]", "period_end": "datetime64[s]", "problem": "str"})
    if default is not None:
        fill = (parsed["problem"] == "missing").to_numpy()
        parsed.loc[fill, "period_start"] = pd.Timestamp(default.start)
        parsed.loc[fill, "period_end"] = pd.Timestamp(default.end)
        parsed.loc[fill, "problem"] = np.nan
    return parsed


def _days_to_months(parsed: pd.DataFrame) -> pd.DataFrame:
    """Each single-day period as the calendar month it falls in (a month stored as an Excel date reads 2024-10-01).
    Decided per cell, so a row's period never depends on the other rows of the file."""
    days = (parsed["problem"].isna() & (parsed["period_start"] == parsed["period_end"])).to_numpy()
    if not days.any():
        return parsed
    widened = parsed.copy()
    starts = parsed.loc[days, "period_start"]
    dtype = parsed["period_end"].dtype
    widened.loc[days, "period_start"] = (starts - pd.to_timedelta(starts.dt.day - 1, unit="D")).astype(dtype)
    widened.loc[days, "period_end"] = (starts + pd.offsets.MonthEnd(0)).astype(dtype)
    return widened


PERIOD_GRAINS: tuple[str, ...] = ("auto", "month", "day")


def _grain(read: RawCounts, period_grain: str) -> str:
    if period_grain not in PERIOD_GRAINS:
        raise ValueError(f"period_grain={period_grain!r}: must be one of {', '.join(PERIOD_GRAINS)}")
    if period_grain == "auto":
        return "month" if read.period_grain == "month" else "day"
    return period_grain


def _duplicates(frame: pd.DataFrame, source_row: np.ndarray, counts: pd.Series) -> pd.DataFrame:
    """Rows equal in every raw cell (source_row aside) to an earlier row."""
    cells = frame.drop(columns=["source_row"], errors="ignore").astype("str").fillna("\x00missing")
    later = cells.duplicated(keep="first").to_numpy()
    if not later.any():
        return pd.DataFrame(
            {"source_row": pd.Series(dtype="int64"), "duplicate_of": pd.Series(dtype="int64"),
             "queries": pd.Series(dtype="Int64")}
        )
    group = cells.groupby(list(cells.columns), sort=False, dropna=False).ngroup().to_numpy()
    first = pd.Series(source_row).groupby(group).transform("first").to_numpy()
    return pd.DataFrame(
        {"source_row": source_row[later], "duplicate_of": first[later], "queries": counts.to_numpy()[later]}
    ).astype({"source_row": "int64", "duplicate_of": "int64", "queries": "Int64"})


def _audit(raw: pd.DataFrame, clean: pd.DataFrame, keep: np.ndarray, periods: pd.DataFrame) -> pd.DataFrame:
    """One row per column and distinct raw value among the clean rows, with its clean value, rows and queries."""
    parts = []
    kept = raw.loc[keep]
    queries = clean["queries"].to_numpy()
    kept_periods = periods.loc[keep]
    # periods as text once per distinct (start, end) pair
    start_codes, starts = pd.factorize(kept_periods["period_start"], use_na_sentinel=False)
    end_codes, ends = pd.factorize(kept_periods["period_end"], use_na_sentinel=False)
    pair_codes, pairs = pd.factorize(start_codes.astype("int64") * max(len(ends), 1) + end_codes)
    period_text = pd.Series(
        [f"{starts[p // max(len(ends), 1)]:%Y-%m-%d}..{ends[p % max(len(ends), 1)]:%Y-%m-%d}" for p in pairs],
        dtype="str",
    )
    audited = ("destination_state", "agency", "message_key", "requesting_state", "period", "period_start", "period_end")
    for column in (c for c in audited if c in kept):
        # group by integer codes of (raw value, clean value), in order of first appearance
        raw_codes, raw_values = pd.factorize(kept[column].astype("str"), use_na_sentinel=False)
        if column in clean:
            clean_codes, clean_values = pd.factorize(clean[column].astype("str"), use_na_sentinel=False)
            clean_values = pd.Series(clean_values, dtype="str")
        else:
            clean_codes, clean_values = pair_codes, period_text
        width = max(len(clean_values), 1)
        group, combined = pd.factorize(raw_codes.astype("int64") * width + clean_codes)
        sums = pd.Series(queries).groupby(group, sort=True).agg(["size", "sum"])
        part = pd.DataFrame(
            {
                "column": column,
                "raw_value": pd.Series(raw_values, dtype="str").take(combined // width).to_numpy(),
                "clean_value": clean_values.take(combined % width).to_numpy(),
                "rows": sums["size"].to_numpy(),
                "queries": sums["sum"].to_numpy(),
            }
        )
        parts.append(part)
    columns = ["column", "raw_value", "clean_value", "rows", "queries"]
    if not parts:
        return pd.DataFrame(columns=columns)
    audit = pd.concat(parts, ignore_index=True)[columns]
    order = {c: i for i, c in enumerate(audit["column"].unique())}
    audit = audit.assign(_order=audit["column"].map(order)).sort_values(
        ["_order", "raw_value"], na_position="first", kind="stable"
    )
    return audit.drop(columns="_order").reset_index(drop=True).astype(
        {"column": "str", "raw_value": "str", "clean_value": "str", "rows": "int64", "queries": "int64"}
    )


# --------------------------------------------------------------------------------------------------------------------
# public API


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

    ``df`` (its ``table``) needs a ``queries`` column; ``destination_state``, ``agency``, ``message_key`` and ``period`` (or
    ``period_start``/``period_end``) are used when present, and a missing one counts as blank. ``period`` gives the
    period of rows that have none (e.g. ``"FY2025"`` for a file without a period column). ``agency_map`` (DataFrame
    or CSV path with ``raw_value,agency``) extends or overrides the agency vocabulary. ``period_grain`` says what a
    single date in the period column (``2024-10-01``, as Excel stores months) stands for: ``"day"``, ``"month"`` (its
    calendar month) or ``"auto"`` (the default: ``"month"`` when the reader found a header like "Month" or a wide
    table's period headers all on the 1st, else ``"day"``). It never depends on the
    other rows. ``fiscal_year_start`` (a month, 1-12) is the month the file's fiscal years start in: by default
    October, the federal year (FY2025 = 2024-10-01..2025-09-30); 7 for a state year starting in July (FY2025 =
    2024-07-01..2025-06-30). It applies to ``FY``/``SFY`` values, bare years under a "Fiscal Year" header and
    ``period``; ``FFY`` stays federal. Without ``source_row``, rows
    are numbered from 1. The input is not modified. Cleaning ``.clean`` again returns the same ``.clean``.

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
    periods = _periods(raw, period, _grain(read, period_grain), fiscal_year_start, header).reset_index(drop=True)
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
    duplicates = _duplicates(raw, source_row, counts["value"])
    audit = _audit(raw, clean, keep, periods)
    if read.filled_down:
        audit = pd.concat([audit, _filled_audit(read.filled_down, clean)], ignore_index=True)
    summary = _summary(read, clean, rejects, counts, reason, subtotals, duplicates)
    return CleanResult(clean, rejects, audit, subtotals, duplicates, summary)


def _filled_audit(filled: tuple[FilledCell, ...], clean: pd.DataFrame) -> pd.DataFrame:
    """Audit rows for the merged cells the reader filled down (``RawCounts.filled_down``): ``column`` is
    ``filled_down``, ``raw_value`` the merged cell's text, ``clean_value`` where it came from and which file rows
    got it ("destination_state from row 5 into rows 6-7"), ``rows`` the file rows filled, ``queries`` their clean
    queries."""
    table = pd.DataFrame([astuple(f) for f in filled], columns=["column", "source_row", "from_row", "value"])
    parts = []
    for (column, from_row, value), group in table.groupby(["column", "from_row", "value"], sort=False):
        rows = sorted(set(group["source_row"].astype(int)))
        queries = int(clean.loc[clean["source_row"].isin(rows), "queries"].sum())
        into = f"{'row' if len(rows) == 1 else 'rows'} {row_ranges(rows)}"
        parts.append(("filled_down", value, f"{column} from row {from_row} into {into}", len(rows), queries))
    return pd.DataFrame(parts, columns=["column", "raw_value", "clean_value", "rows", "queries"]).astype(
        {"column": "str", "raw_value": "str", "clean_value": "str", "rows": "int64", "queries": "int64"}
    )


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
    value = counts["value"].fillna(0).astype("int64").to_numpy()
    rejected = reason != None  # noqa: E711
    rows_by_reason = {r: int((reason == r).sum()) for r in REJECT_REASONS if (reason == r).any()}
    queries_by_reason = {r: int(value[reason == r].sum()) for r in rows_by_reason}
    queries_in, queries_clean = int(value.sum()), int(clean["queries"].sum())
    queries_rejected = int(value[rejected].sum())
    agrees = subtotals["agrees"]
    return CleanSummary(
        source_file=read.source_file,
        sheet=read.sheet,
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
        duplicate_queries=int(duplicates["queries"].fillna(0).sum()),
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
