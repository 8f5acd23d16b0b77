"""Per-state rates from a researcher's own query counts: queries per 100,000 residents by destination state and agency,
their spread within the blocking and the open states, and counts before and after a block date."""

from __future__ import annotations

import pandas as pd

from analysis.findings.access_status import ice_access_as_of
from analysis.findings.block_history import dated_block_starts
from analysis.findings.comparison_basics import BLOCK_IN_FILE, BLOCKED, OPEN, PER, DateLike, join_ids, to_day
from analysis.sources.tables import (
    load_states,  # noqa: F401 (the doctests use it)
    )



CLEAN_AGENCIES = {"ICE": ["ICE"], "HSI": ["HSI"], "all": None}  # None: every agency in the file


def _agency_rows(counts: pd.DataFrame, agencies: list[str] | None) -> pd.DataFrame:
    return counts if agencies is None else counts[counts["agency"].isin(agencies)]


def _days(periods: pd.DataFrame) -> int:
    """Days covered by the distinct (period_start, period_end) pairs, both ends included."""
    distinct = periods[["period_start", "period_end"]].drop_duplicates()
    return int(((distinct["period_end"] - distinct["period_start"]).dt.days + 1).sum())


def per_state_rates(counts: pd.DataFrame, states: pd.DataFrame, *, kind: str = "derived",
                    source_id: str = "user-supplied") -> pd.DataFrame:
    """Queries per 100,000 residents by destination state, from a cleaned counts table: ICE, HSI and all agencies.

    Every jurisdiction in ``states`` is a row (``in_file`` False and empty rates where the file has none of its
    rows); destination codes that are not a known jurisdiction are kept as extra rows so no query is lost. Block
    status is taken on the last day of the file's own period; ``group`` separates states whose known block date falls
    inside that period.

    >>> counts = pd.DataFrame({"destination_state": ["NY", "TX"], "agency": ["ICE", "HSI"], "queries": [10, 300],
    ...     "period_start": pd.Timestamp("2025-01-01"), "period_end": pd.Timestamp("2025-01-31")})
    >>> rates = per_state_rates(counts, load_states()).set_index("usps")
    >>> round(float(rates.loc["TX", "hsi_per_100k"]), 3), rates.loc["NY", "group"]
    (0.946, 'blocked ICE')
    """
    first, last = to_day(counts["period_start"].min()), to_day(counts["period_end"].max())
    access = ice_access_as_of(states, last).set_index("usps")
    known_start = dated_block_starts().reindex(states["usps"])
    in_span = known_start.notna() & (known_start > first) & (known_start <= last)

    dest = counts["destination_state"].fillna("(unknown)")
    counts = counts.assign(destination_state=dest)
    totals = {
        label: _agency_rows(counts, agencies).groupby("destination_state")["queries"].sum()
        for label, agencies in CLEAN_AGENCIES.items()
    }
    spans = counts.groupby("destination_state").agg(
        period_start=("period_start", "min"), period_end=("period_end", "max")
    )
    codes = list(states["usps"]) + sorted(set(spans.index) - set(states["usps"]))
    pop = states.set_index("usps")["population"].reindex(codes)
    out = pd.DataFrame({"usps": codes})
    out["name"] = states.set_index("usps")["name"].reindex(codes).to_numpy()
    out["in_file"] = out["usps"].isin(spans.index)
    blocked = access["ice_blocked"]
    out["group"] = [
        BLOCK_IN_FILE if bool(in_span.get(c, False)) else BLOCKED if bool(blocked.get(c, False)) else OPEN
        for c in codes
    ]
    out["basis"] = access["basis"].reindex(codes).fillna("not a known jurisdiction").to_numpy()
    out["period_start"] = spans["period_start"].reindex(codes).to_numpy()
    out["period_end"] = spans["period_end"].reindex(codes).to_numpy()
    out["residents"] = pop.astype("Int64").to_numpy()
    for label, series in totals.items():
        prefix = label.lower()
        queries = series.reindex(codes).astype("Int64")
        queries = queries.where(~out["in_file"].to_numpy() | queries.notna(), 0)  # in file, no rows of this agency
        out[f"{prefix}_queries"] = queries.to_numpy()
        out[f"{prefix}_per_100k"] = (queries.astype("Float64") / pop.astype("Float64") * PER).to_numpy()
    out["kind"] = kind
    population_ids = states.set_index("usps")["population_source_id"].reindex(codes)
    out["source_ids"] = [
        join_ids(source_id, *ids)
        for ids in zip(population_ids, access["source_ids"].reindex(codes), strict=True)
    ]
    return out


def distribution_by_group(rates: pd.DataFrame, column: str) -> pd.DataFrame:
    """Spread of one per-state rate within each group (blocked, open, block within the file's period): count, min,
    quartiles, max, and every state in order, so no group is reduced to its mean.

    >>> rates = pd.DataFrame({"usps": ["A", "B", "C"], "group": ["open to ICE"] * 3, "x": [1.0, 3.0, 2.0],
    ...     "in_file": True, "kind": "derived", "source_ids": "s"})
    >>> row = distribution_by_group(rates, "x").iloc[0]
    >>> row["states"], float(row["median"])
    ('A 1.0; C 2.0; B 3.0', 2.0)
    """
    data = rates[rates["in_file"] & rates[column].notna()]
    rows = []
    for group, part in data.groupby("group", sort=True):
        values = part[column].astype(float)
        ordered = part.assign(_v=values).sort_values(["_v", "usps"])
        rows.append(
            {
                "group": group,
                "metric": column,
                "states_in_file": len(part),
                "min": values.min(),
                "q1": values.quantile(0.25),
                "median": values.median(),
                "q3": values.quantile(0.75),
                "max": values.max(),
                "states": "; ".join(f"{u} {v:.1f}" for u, v in zip(ordered["usps"], ordered["_v"], strict=True)),
                "kind": part["kind"].iloc[0],
                "source_ids": join_ids(*part["source_ids"]),
            }
        )
    return pd.DataFrame(rows)


def rate_spread(rates: pd.DataFrame) -> pd.DataFrame:
    """:func:`distribution_by_group` of the ICE, HSI and all-agency rates of :func:`per_state_rates`, one block of
    rows per agency, in that order.

    >>> rates = pd.DataFrame({"usps": ["A", "B"], "group": "open to ICE", "ice_per_100k": [1.0, 2.0],
    ...     "hsi_per_100k": [3.0, 4.0], "all_per_100k": [4.0, 6.0], "in_file": True, "kind": "derived",
    ...     "source_ids": "s"})
    >>> rate_spread(rates)[["metric", "median"]].values.tolist()
    [['ice_per_100k', 1.5], ['hsi_per_100k', 3.5], ['all_per_100k', 5.0]]
    """
    return pd.concat([distribution_by_group(rates, f"{a}_per_100k") for a in ("ice", "hsi", "all")],
                     ignore_index=True)


def split_at(counts: pd.DataFrame, day: DateLike) -> pd.Series:
    """Label each row of a cleaned counts table ``before``, ``after`` or ``spanning`` a date: ``before`` when its
    period ends before the date, ``after`` when it starts on or after it, ``spanning`` otherwise.

    >>> rows = pd.DataFrame({"period_start": pd.to_datetime(["2025-10-01", "2025-11-01", "2025-12-01"]),
    ...     "period_end": pd.to_datetime(["2025-10-31", "2025-11-30", "2025-12-31"])})
    >>> split_at(rows, "2025-11-19").tolist()
    ['before', 'spanning', 'after']
    """
    cut = to_day(day)
    side = pd.Series("spanning", index=counts.index, dtype="str")
    side = side.mask(counts["period_end"] < cut, "before")
    return side.mask(counts["period_start"] >= cut, "after")


def before_after_block(counts: pd.DataFrame, states: pd.DataFrame, *, kind: str = "derived",
                       source_id: str = "user-supplied") -> pd.DataFrame:
    """Queries per day before and after each known block date that the file's periods span, per agency group.

    Rows whose period contains the block date are reported apart (``spanning_queries``), never split. Days count
    the distinct periods on each side for that state, so months with no rows for one agency count as zero queries.
    States whose block date is not published (IL, MA, MN) cannot be split and do not appear.

    >>> rows = pd.DataFrame({"destination_state": "WA", "agency": "ICE", "queries": [31, 15, 0],
    ...     "period_start": pd.to_datetime(["2025-10-01", "2025-11-01", "2025-12-01"]),
    ...     "period_end": pd.to_datetime(["2025-10-31", "2025-11-30", "2025-12-31"])})
    >>> split = before_after_block(rows, load_states()).set_index("agency")
    >>> split.loc["ICE", ["before_per_day", "spanning_queries", "after_per_day"]].astype(float).tolist()
    [1.0, 15.0, 0.0]
    """
    dated = dated_block_starts()
    rows = []
    for usps, start in dated.items():
        mine = counts[counts["destination_state"] == usps]
        if mine.empty:
            continue
        side = split_at(mine, start)
        if not ((side == "before").any() and (side == "after").any()):
            continue
        for label, agencies in CLEAN_AGENCIES.items():
            sub = _agency_rows(mine, agencies)
            sub_side = side.loc[sub.index]
            row = {"usps": usps, "block_date": to_day(start).strftime("%Y-%m-%d"), "agency": label}
            for name in ("before", "spanning", "after"):
                days = _days(mine[side == name])
                queries = int(sub.loc[sub_side == name, "queries"].sum())
                row[f"{name}_queries"] = queries
                row[f"{name}_days"] = days
                if name != "spanning":
                    row[f"{name}_per_day"] = queries / days if days else float("nan")
            rows.append(row)
    columns = ["usps", "block_date", "agency", "before_queries", "before_days", "before_per_day", "spanning_queries",
               "spanning_days", "after_queries", "after_days", "after_per_day"]
    out = pd.DataFrame(rows, columns=columns)
    ids = ice_access_as_of(states, "2262-01-01").set_index("usps")["source_ids"]
    return out.assign(kind=kind, source_ids=[join_ids(source_id, ids.get(u)) for u in out["usps"]])
