"""The check tables of a clean run beside its clean rows and rejects: the value audit and the duplicate rows.

The audit has one row per column and distinct raw value of the clean rows (and one per merged cell the reader filled
down); the duplicates are the rows that repeat an earlier row exactly.
"""

from __future__ import annotations

from dataclasses import astuple

import numpy as np
import pandas as pd

from analysis.cleaning.counts import exact_group_sums, exact_sum
from analysis.cleaning.raw_counts import FilledCell
from analysis.cleaning.subtotals import row_ranges

def value_audit(raw: pd.DataFrame, clean: pd.DataFrame, keep: np.ndarray, periods: pd.DataFrame) -> pd.DataFrame:
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
        sizes = pd.Series(queries).groupby(group, sort=True).size()
        sums = pd.DataFrame({"size": sizes, "sum": exact_group_sums(queries, group)})  # never wraps at 2**63
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
    wide = audit["queries"].dtype == object  # a sum above 2**63 - 1 stays an exact Python int
    return audit.drop(columns="_order").reset_index(drop=True).astype(
        {"column": "str", "raw_value": "str", "clean_value": "str", "rows": "int64",
         "queries": object if wide else "int64"}
    )


def filled_audit(filled: tuple[FilledCell, ...], clean: pd.DataFrame) -> pd.DataFrame:
    """Audit rows for the merged cells the reader filled down (``RawCounts.filled_down``): ``column`` is
    ``filled_down``, ``raw_value`` the merged cell's text, ``clean_value`` where it came from and which file rows
    got it ("destination_state from row 5 into rows 6-7"), ``rows`` the file rows filled, ``queries`` their clean
    queries."""
    table = pd.DataFrame([astuple(f) for f in filled], columns=["column", "source_row", "from_row", "value"])
    parts = []
    for (column, from_row, value), group in table.groupby(["column", "from_row", "value"], sort=False):
        rows = sorted(set(group["source_row"].astype(int)))
        queries = exact_sum(clean.loc[clean["source_row"].isin(rows), "queries"])
        into = f"{'row' if len(rows) == 1 else 'rows'} {row_ranges(rows)}"
        parts.append(("filled_down", value, f"{column} from row {from_row} into {into}", len(rows), queries))
    wide = any(part[-1] > 2**63 - 1 for part in parts)  # a sum above int64 stays an exact Python int
    return pd.DataFrame(parts, columns=["column", "raw_value", "clean_value", "rows", "queries"]).astype(
        {"column": "str", "raw_value": "str", "clean_value": "str", "rows": "int64",
         "queries": object if wide else "int64"}
    )


def find_duplicates(frame: pd.DataFrame, source_row: np.ndarray, counts: pd.Series) -> pd.DataFrame:
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
