"""The October 2025 Nlets disclosure broken down by requester: ICE, HSI, both, everyone else, and the total.

Everything is computed from ``data/raw/disclosure_figures.csv``. The published total is only a floor ("over" a round
number), so every derived number carries a bound:

* ``bound``: of the count and its per-day and per-hour rates (``other`` = total − ICE − HSI is ``at least``);
* ``share_bound``: of the share of the total and the per-10,000 rate (ICE/HSI shares are ``at most``);
* ``one_in_n_bound``: of "1 in N" (N = total ÷ count is ``at least`` for ICE/HSI).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from analysis.publish.prose import format_count_words
from analysis.sources.tables import load_disclosure_figures

METRICS = {
    "ICE": "dmv_queries_via_nlets_by_ice",
    "HSI": "dmv_queries_via_nlets_by_hsi",
    "All requesters": "dmv_queries_via_nlets_total",
}

COMBINED_METRIC = "dmv_queries_via_nlets_by_ice_and_hsi_combined"  # a published rounding of ICE + HSI

GROUPS = ["ICE", "HSI", "ICE + HSI", "All other requesters", "All requesters"]

COLUMNS = [
    "group", "count", "bound", "kind", "share_of_total", "share_bound", "per_10000", "one_in_n", "one_in_n_bound",
    "per_day", "per_hour", "period_start", "period_end", "days", "source_ids", "note",
]

COLUMN_DESCRIPTIONS = {
    "group": "requester group",
    "count": "DMV queries through Nlets in the period",
    "bound": "bound of count, per_day and per_hour: exact, or at least (the published total is a floor)",
    "kind": "published (as disclosed) or derived (our arithmetic on published counts)",
    "share_of_total": "count / published total, as a fraction",
    "share_bound": "bound of share_of_total and per_10000: at most for ICE and HSI, because the total is a floor",
    "per_10000": "queries per 10,000 of all DMV queries through Nlets",
    "one_in_n": "N in '1 in N queries' (published total / count)",
    "one_in_n_bound": "bound of one_in_n",
    "per_day": "count / days",
    "per_hour": "count / (days x 24)",
    "period_start": "first day of the disclosure year as stored in data/raw (the source gives only 'the year prior to')",
    "period_end": "last day of the disclosure year",
    "days": "days in the period, both ends included",
    "source_ids": "ids in data/raw/sources.csv, separated by ';'",
    "note": "what the row does and does not say",
}

FLIP_BOUND = {"exact": "exact", "at least": "at most", "at most": "at least", "approximate": "approximate"}

_NOTES = {
    "ICE": "Reported count. It is smaller than HSI's, so it cannot include all of HSI's queries; whether the two "
           "overlap is not stated.",
    "HSI": "Reported count (Homeland Security Investigations).",
    "ICE + HSI": "Sum of the two reported counts; not a published number.",
    "All other requesters": "Published total minus ICE minus HSI; a floor because the total is.",
    "All requesters": "Published total; the exact total was not released.",
}


class BreakdownError(ValueError):
    """The disclosure figures are inconsistent (a part exceeds the total, shares do not sum, …)."""


def sum_bound(*bounds: str) -> str:
    kinds = set(bounds) - {"exact"}
    if not kinds:
        return "exact"
    return kinds.pop() if len(kinds) == 1 and "approximate" not in kinds else "approximate"


def _figure_rows(figures: pd.DataFrame) -> dict[str, pd.Series]:
    by_metric = figures.set_index("metric")
    rows = {}
    for group, metric in METRICS.items():
        if metric not in by_metric.index:
            raise BreakdownError(f"disclosure figures lack the {group} line ({metric})")
        row = by_metric.loc[metric]
        if pd.isna(row["value"]):
            raise BreakdownError(f"{group} line ({metric}): no published value")
        rows[group] = row
    periods = {(r["period_start"], r["period_end"]) for r in rows.values()}
    if len(periods) != 1:
        raise BreakdownError(f"ICE, HSI and the total cover different periods: {sorted(map(str, periods))}")
    return rows


def period_days(start: pd.Timestamp, end: pd.Timestamp) -> int:
    """Days from ``start`` to ``end``, both included.

    >>> period_days(pd.Timestamp("2024-10-01"), pd.Timestamp("2025-09-30"))
    365
    """
    return (end - start).days + 1


def breakdown_table(figures: pd.DataFrame | None = None) -> pd.DataFrame:
    """The breakdown by requester group, one row each for ``GROUPS``, columns ``COLUMNS``; checked with
    :func:`check_breakdown` before it is returned. ``figures`` defaults to the published disclosure figures.

    >>> table = breakdown_table().set_index("group")
    >>> int(table.loc["All other requesters", "count"]), table.loc["All other requesters", "bound"]
    (289102770, 'at least')
    >>> round(float(table.loc["ICE", "per_day"]), 1), table.loc["ICE", "share_bound"]
    (800.3, 'at most')
    """
    figures = load_disclosure_figures() if figures is None else figures
    rows = _figure_rows(figures)
    ice, hsi, total = rows["ICE"], rows["HSI"], rows["All requesters"]
    start, end = ice["period_start"], ice["period_end"]
    days = period_days(start, end)
    t_value, t_bound = int(total["value"]), total["bound"]
    both_bound = sum_bound(ice["bound"], hsi["bound"])

    def source(*parts: pd.Series) -> str:
        return ";".join(dict.fromkeys(p["source_id"] for p in parts))

    # (group, count, count bound, kind, share bound, source ids)
    lines = [
        ("ICE", int(ice["value"]), ice["bound"], ice["kind"], sum_bound(ice["bound"], FLIP_BOUND[t_bound]), source(ice)),
        ("HSI", int(hsi["value"]), hsi["bound"], hsi["kind"], sum_bound(hsi["bound"], FLIP_BOUND[t_bound]), source(hsi)),
        ("ICE + HSI", int(ice["value"]) + int(hsi["value"]), both_bound, "derived",
         sum_bound(both_bound, FLIP_BOUND[t_bound]), source(ice, hsi)),
        # other = T − k, so its share 1 − k/T moves with T: it is bounded the same way as the total's count.
        ("All other requesters", t_value - int(ice["value"]) - int(hsi["value"]), sum_bound(t_bound, FLIP_BOUND[both_bound]),
         "derived", sum_bound(t_bound, FLIP_BOUND[both_bound]), source(total, ice, hsi)),
        ("All requesters", t_value, t_bound, total["kind"], "exact", source(total)),
    ]
    table = pd.DataFrame(lines, columns=["group", "count", "bound", "kind", "share_bound", "source_ids"])
    table["count"] = table["count"].astype("int64")
    table["share_of_total"] = table["count"] / t_value
    table["per_10000"] = table["share_of_total"] * 10_000
    table["one_in_n"] = t_value / table["count"].where(table["count"] > 0)
    table["one_in_n_bound"] = table["share_bound"].map(FLIP_BOUND)
    table["per_day"] = table["count"] / days
    table["per_hour"] = table["count"] / (days * 24)
    table["period_start"] = start.strftime("%Y-%m-%d")
    table["period_end"] = end.strftime("%Y-%m-%d")
    table["days"] = days
    table["note"] = table["group"].map(_NOTES)
    table.loc[table["group"] == "All requesters", "note"] = (
        f"Published as '{total['qualifier']} {format_count_words(t_value)}'; the exact total was not released."
        if t_bound != "exact" else "Published total.")
    rounded = figures.loc[figures["metric"] == COMBINED_METRIC]
    if len(rounded) and pd.notna(rounded["value"].iloc[0]):
        r = rounded.iloc[0]
        table.loc[table["group"] == "ICE + HSI", "note"] += (
            f" Published elsewhere, rounded, as '{r['qualifier']} {int(r['value']):,}' ({r['source_id']}).")
        table.loc[table["group"] == "ICE + HSI", "source_ids"] += f";{r['source_id']}"
    table = table[COLUMNS]
    check_breakdown(table)
    return table


def check_breakdown(table: pd.DataFrame) -> None:
    """Raise :class:`BreakdownError` naming the line, the expected and the found value when the breakdown is
    inconsistent: a negative count or a part above the total, parts not adding up, shares not summing to 1, or
    rates that do not match the counts.

    >>> check_breakdown(breakdown_table())
    >>> bad = breakdown_table().assign(count=lambda t: t["count"].where(t["group"] != "HSI", 10**9))
    >>> check_breakdown(bad)
    Traceback (most recent call last):
    ...
    analysis.findings.breakdown.BreakdownError: line 'HSI': count must be at most the total (290,000,000), found 1,000,000,000
    """
    missing = [g for g in GROUPS if g not in set(table["group"])]
    if missing:
        raise BreakdownError(f"breakdown lacks the lines {missing}")
    t = table.set_index("group")
    count = t["count"].astype("int64")
    total = int(count["All requesters"])

    def fail(line: str, what: str, expected: str, found: str) -> None:
        raise BreakdownError(f"line {line!r}: {what} must be {expected}, found {found}")

    for group in GROUPS:
        if count[group] < 0:
            fail(group, "count", "zero or more", f"{count[group]:,}")
        if count[group] > total:
            fail(group, "count", f"at most the total ({total:,})", f"{count[group]:,}")
    if count["ICE + HSI"] != count["ICE"] + count["HSI"]:
        fail("ICE + HSI", "count", f"ICE + HSI = {count['ICE'] + count['HSI']:,}", f"{count['ICE + HSI']:,}")
    parts = count["ICE + HSI"] + count["All other requesters"]
    if parts != total:
        fail("All requesters", "count", f"ICE + HSI + all other requesters = {parts:,}", f"{total:,}")
    share_sum = float(t.loc[["ICE", "HSI", "All other requesters"], "share_of_total"].sum())
    if not math.isclose(share_sum, 1.0, rel_tol=1e-9):
        fail("All requesters", "sum of the ICE, HSI and other shares", "1", repr(float(share_sum)))
    for group in GROUPS:
        expected_share = count[group] / total
        if not math.isclose(t.loc[group, "share_of_total"], expected_share, rel_tol=1e-9):
            fail(group, "share_of_total", repr(float(expected_share)), repr(float(t.loc[group, "share_of_total"])))
        expected_day = count[group] / t.loc[group, "days"]
        if not math.isclose(t.loc[group, "per_day"], expected_day, rel_tol=1e-9):
            fail(group, "per_day", repr(float(expected_day)), repr(float(t.loc[group, "per_day"])))


def waffle_squares(table: pd.DataFrame, units: int = 10_000) -> pd.DataFrame:
    """Whole squares per group for a waffle of ``units`` squares (ICE, HSI, all other requesters), by largest
    remainder so they add up to ``units``; with the exact per-``units`` value beside each.

    >>> waffle_squares(breakdown_table())[["group", "squares"]].values.tolist()
    [['ICE', 10], ['HSI', 21], ['All other requesters', 9969]]
    """
    parts = table.set_index("group").loc[["ICE", "HSI", "All other requesters"]]
    exact = parts["share_of_total"] * units
    squares = np.floor(exact).astype("int64")
    short = units - int(squares.sum())
    order = (exact - squares).sort_values(ascending=False, kind="stable").index[:short]
    squares[order] += 1
    return pd.DataFrame({
        "group": parts.index,
        "squares": squares.to_numpy(),
        "exact_per_10000": (parts["share_of_total"] * 10_000).to_numpy(),
        "bound": parts["share_bound"].to_numpy(),
        "queries": parts["count"].to_numpy(),
        "queries_per_square": int(parts["count"].sum()) / units,
    })
