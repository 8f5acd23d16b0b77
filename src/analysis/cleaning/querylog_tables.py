"""The tables a query log aggregates to: ``.clean`` (validated), ``.rejects``, ``.audit`` and the ``CleanResult``."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from analysis.cleaning.clean_result import CLEAN_COLUMNS as RESULT_COLUMNS
from analysis.cleaning.querylog_inputs import LOG_COLUMNS
from analysis.paths import relative_to_root

if TYPE_CHECKING:
    import duckdb

    from analysis.cleaning.clean_result import CleanResult
    from analysis.cleaning.querylog_scan import Freq

__all__ = ["AUDIT_COLUMNS", "CLEAN_COLUMNS", "REJECT_COLUMNS", "arrow_frame", "audit_table", "clean_result",
           "clean_table", "rejects_table"]

# a clean table's columns, then source_row as clean_query_counts gives it: 0 here, for a row of .clean stands for many
# log rows
CLEAN_COLUMNS = [*RESULT_COLUMNS, "source_row"]
REJECT_COLUMNS = ["source_file", "source_row", *LOG_COLUMNS, "raw_line", "reason", "detail", "rows", "queries"]
AUDIT_COLUMNS = ["column", "raw_value", "clean_value", "rows", "queries"]


def clean_table(groups: pd.DataFrame, values: dict[str, list[str]], freq: Freq) -> pd.DataFrame:
    """The canonical table from the sorted clean groups (period_start, the three columns as codes into ``values``,
    n), checked against the clean table's rules. Text columns are built by one Arrow ``take`` of the few values each.

    On a large table the cost is fresh memory: at 1.85 M groups, building it took 0.67-0.88 s in a whole run, most
    of it the system's time to give the process new pages, against 0.13 s when repeated in the same process. So
    every array is made once and none is copied: the codes index as DuckDB gives them (int32, and period_start
    already in nanoseconds), the DataFrame keeps its columns apart instead of copying those of one dtype into one
    block, ``source_row`` is untouched zero pages, and the four text columns are taken two at a time (Arrow releases
    the GIL): 0.24-0.39 s (docs/performance.md). pandas' copy-on-write keeps period_start and period_end, one
    Series for daily periods, apart when either is changed."""
    from analysis.cleaning.normalize import message_key_attributes

    codes = {c: groups[c].to_numpy() for c in LOG_COLUMNS[1:]}

    def take(texts: list[str], column: str) -> pd.Series:
        return pd.Series(pd.array(texts, dtype="str").take(codes[column]), dtype="str", copy=False)

    start = pd.to_datetime(groups["period_start"]).astype("datetime64[ns]")  # the schema's unit, as the SQL gives it
    attributes = [message_key_attributes(key) for key in values["message_key"]]
    texts = {
        "destination_state": (values["destination_state"], "destination_state"),
        "agency": (values["agency"], "agency"),
        "message_key": (values["message_key"], "message_key"),
        "record_type": ([record_type for record_type, _ in attributes], "message_key"),
    }
    with ThreadPoolExecutor(2) as pool:  # Arrow's take releases the GIL
        taken = dict(zip(texts, pool.map(lambda job: take(*job), texts.values())))
    out = pd.DataFrame({
        **taken,
        "dmv": np.array([dmv for _, dmv in attributes] or [False], dtype="bool")[codes["message_key"]],
        "period_start": start,
        "period_end": start if freq == "day" else start + pd.offsets.MonthEnd(0),
        "queries": groups["n"].astype("int64"),
        "source_row": np.zeros(len(groups), dtype="int64"),
    }, columns=CLEAN_COLUMNS, copy=False)
    return _validated(out, list(codes.values()), start)


def _validated(out: pd.DataFrame, codes: list[np.ndarray] | list[pd.Series], start: pd.Series) -> pd.DataFrame:
    """``out`` checked against the clean table's rules on one row per distinct value instead of every row.

    Every rule is on one value or one row, and each column of ``out`` is a function of a code column, of
    ``period_start`` or of ``queries``: the first row of each state, agency and key code (record_type and dmv follow
    the key), of each run of equal periods (period_end follows it) and the row with the fewest queries show the
    rules every distinct value and every distinct (period_start, period_end) pair. Those rows are checked by
    :func:`~analysis.cleaning.clean_rules.first_broken_rule`, which needs no pandera (0.5 s to import); a table
    that breaks a rule, or whose dtypes the schema would change, goes through ``CLEAN_SCHEMA`` whole, which raises
    or converts as for any clean table. Finding the rows allocates a byte a row, not eight."""
    from analysis.cleaning.clean_rules import first_broken_rule

    if len(out):
        rows = [np.array([int(np.argmin(out["queries"].to_numpy()))])]
        rows += [np.flatnonzero(~pd.Series(key, copy=False).duplicated().to_numpy()) for key in codes]
        days = start.to_numpy()
        rows += [np.array([0]), np.flatnonzero(days[1:] != days[:-1]) + 1]  # each run of one period starts a row
        if first_broken_rule(out.iloc[np.unique(np.concatenate(rows))]) is None:
            return out
    from analysis.cleaning.clean_result import CLEAN_SCHEMA

    return CLEAN_SCHEMA.validate(out, lazy=True)


def arrow_frame(con: duckdb.DuckDBPyConnection, sql: str) -> pd.DataFrame:
    """The result of ``sql`` as a DataFrame, through Arrow: its text columns become pandas' ``str`` without a Python
    object per value (on a 5 M-row log's 33,049 timestamp rejects, 55 ms instead of 85)."""
    import pyarrow as pa

    text = pd.api.types.pandas_dtype("str")
    return con.sql(sql).to_arrow_table().to_pandas(types_mapper={pa.string(): text, pa.large_string(): text}.get)


def rejects_table(bad: pd.DataFrame, bad_lines: pd.DataFrame | None) -> pd.DataFrame:
    """Rows without a usable timestamp, aggregated by file and raw values, in the order of ``bad`` (sorted by the
    SQL, :func:`~analysis.cleaning.querylog_scan.bad_groups_sql`, which also says which raw timestamps are blank
    and which read as a date, so fell outside the accepted range); then the CSV lines that did not parse."""
    from analysis.cleaning.querylog_scan import timestamp_range

    first, last = timestamp_range()
    blank = bad["blank"].to_numpy(dtype="bool")
    kind = np.where(blank, 0, np.where(bad["parses"].to_numpy(dtype="bool"), 1, 2))  # an index into the lists below
    reasons = pd.array(["missing_period", "bad_period", "bad_period"], dtype="str").take(kind)
    details = pd.array(["blank timestamp", f"timestamp outside {first} to {last}", "timestamp not recognised"],
                       dtype="str").take(kind)
    timestamps = pd.DataFrame({  # Series, not arrays: the text columns stay in Arrow, uncopied
        "source_file": bad["bad_file"],
        "timestamp": bad["bad_timestamp"],
        **{c: bad[f"raw_{c}"] for c in LOG_COLUMNS[1:]},
        "reason": pd.Series(reasons, index=bad.index),
        "detail": pd.Series(details, index=bad.index),
        "rows": bad["n"],
    })
    frames = [timestamps, bad_lines] if bad_lines is not None and len(bad_lines) else [timestamps]
    out = pd.concat(frames, ignore_index=True) if len(frames) > 1 else timestamps
    out = out.reindex(columns=REJECT_COLUMNS)
    out["queries"] = out["rows"]
    return out.astype({
        **{c: "str" for c in ("source_file", *LOG_COLUMNS, "raw_line", "reason", "detail")},
        "source_row": "Int64", "rows": "int64", "queries": "int64",
    })


def audit_table(maps: dict[str, pd.DataFrame], rejected: pd.DataFrame) -> pd.DataFrame:
    """One row per column and distinct raw value among the rows in ``.clean``, ordered like ``clean_query_counts``:
    the rows of each raw value (the scan's per-value counts and the fallback's) less those rejected for their
    timestamp (``rejected``: per raw value of each column, as :func:`~analysis.cleaning.querylog_scan.
    bad_values_sql` counts them)."""
    missing = "\x00missing"  # a key for NaN in the dict below
    parts = []
    for column, frame in maps.items():
        counts = rejected.loc[rejected[f"is_{column}"].to_numpy(dtype="bool")]
        less = pd.Series(counts["n"].to_numpy(dtype="int64"), index=counts[column].fillna(missing))
        rows = frame["rows"] - frame["raw"].fillna(missing).map(less).fillna(0).astype("int64")
        part = pd.DataFrame({"column": column, "raw_value": frame["raw"], "clean_value": frame["clean"],
                             "rows": rows, "queries": rows})
        parts.append(part[part["rows"] > 0].sort_values("raw_value", na_position="first"))
    return pd.concat(parts, ignore_index=True)[AUDIT_COLUMNS].astype(
        {"column": "str", "raw_value": "str", "clean_value": "str", "rows": "int64", "queries": "int64"}
    )


def clean_result(clean: pd.DataFrame, rejects: pd.DataFrame, audit: pd.DataFrame, files: list[str]) -> CleanResult:
    """A ``CleanResult`` whose summary has the keys of ``clean_query_counts``'s, counted in log rows."""
    from analysis.cleaning.clean_result import CleanResult, CleanSummary
    from analysis.cleaning.normalize import UNKNOWN

    by_reason = {str(k): int(v) for k, v in rejects.groupby("reason")["rows"].sum().items()}
    rows_clean, rows_rejected = int(clean["queries"].sum()), sum(by_reason.values())
    unknown = {c: int(clean.loc[clean[c] == UNKNOWN, "queries"].sum()) for c in LOG_COLUMNS[1:]}
    summary = CleanSummary(
        source_file=relative_to_root(files[0]) if len(files) == 1 else f"{len(files)} files",
        sheet=None,
        files=len(files),
        rows_in=rows_clean + rows_rejected,
        rows_clean=rows_clean,
        rows_rejected=rows_rejected,
        rejected_rows_by_reason=by_reason,
        queries_in=rows_clean + rows_rejected,
        queries_clean=rows_clean,
        queries_rejected=rows_rejected,
        rejected_queries_by_reason=dict(by_reason),
        queries_in_excluding_subtotals=rows_clean + rows_rejected,
        balanced=True,  # by construction: each row is in exactly one group of each grouping set (checked above)
        groups=len(clean),
        # Count tables' subtotal and duplicate checks do not apply to a log: every row is one query.
        subtotal_rows=0, subtotals_agree=0, subtotals_disagree=0, subtotals_unchecked=0,
        duplicate_rows=0, duplicate_queries=0,
        unknown_state_rows=unknown["destination_state"],
        unknown_agency_rows=unknown["agency"],
        unknown_message_key_rows=unknown["message_key"],
    )
    subtotals = pd.DataFrame({
        "source_row": pd.Series(dtype="int64"), "label": pd.Series(dtype="str"), "queries": pd.Series(dtype="Int64"),
        "rows_closed": pd.Series(dtype="int64"), "first_row": pd.Series(dtype="Int64"),
        "last_row": pd.Series(dtype="Int64"), "sum_of_rows": pd.Series(dtype="Int64"),
        "agrees": pd.Series(dtype="boolean"),
    })
    duplicates = pd.DataFrame({
        "source_row": pd.Series(dtype="int64"), "duplicate_of": pd.Series(dtype="int64"),
        "queries": pd.Series(dtype="Int64"),
    })
    return CleanResult(clean, rejects, audit, subtotals=subtotals, duplicates=duplicates, summary=summary)
