"""Comparable rates from a researcher's own per-state counts: months of coverage, queries per month and per 100,000
residents per month, the blocking states against the rest over common months, and before/after a block.

Tables in, tables out (no matplotlib, no prose). A state or agency the file has no rows for is ``not in file``: its
months, queries and rates are missing (``<NA>``), never 0.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis.findings import access_status, block_history, comparison_basics
from analysis.findings import per_state
from analysis.cleaning.normalize import UNKNOWN, state_info

AGENCIES = ("ICE", "HSI", "all")
IN_FILE, NOT_IN_FILE = "in file", "not in file"
GROUP_ORDER = (comparison_basics.BLOCKED, per_state.BLOCK_IN_FILE, comparison_basics.OPEN)


@dataclass(frozen=True)
class OwnComparison:
    """What :func:`compare_own_counts` returns.

    - ``rates``: one row per jurisdiction (every row of ``states.csv`` plus any other destination in the file) and
      agency (``ICE``, ``HSI``, ``all``): coverage, queries, per month, per 100,000 residents per month (own months
      and common months), ``status`` ``in file`` / ``not in file``.
    - ``coverage``: months present per jurisdiction x agency, as text (``7 (2025-07 to 2026-01)`` or ``not in file``).
    - ``groups``: per agency and group, the states compared, median, lowest and highest rate.
    - ``outside``: destinations kept out of the per-capita rates, with their queries and the reason.
    - ``before_after``: :func:`analysis.findings.per_state.before_after_block` (empty when the file spans no block date).
    - ``months``: every calendar month the file covers; ``common_months``: those every compared state has.
    - ``basis``: ``common months`` when the states are compared over their common months, else ``own months``.
    """

    rates: pd.DataFrame
    coverage: pd.DataFrame
    groups: pd.DataFrame
    outside: pd.DataFrame
    before_after: pd.DataFrame
    months: tuple[str, ...]
    common_months: tuple[str, ...]
    coverage_differs: tuple[str, ...]
    partial_months: bool
    basis: str
    kind: str
    label: str


def _agency_rows(counts: pd.DataFrame, agency: str) -> pd.DataFrame:
    return counts if agency == "all" else counts[counts["agency"] == agency]


def period_months(counts: pd.DataFrame) -> pd.DataFrame:
    """The calendar months each distinct (period_start, period_end) covers, one row per period and month (``YYYY-MM``).

    >>> p = pd.DataFrame({"period_start": pd.to_datetime(["2025-01-01"]), "period_end": pd.to_datetime(["2025-03-31"])})
    >>> period_months(p)["month"].tolist()
    ['2025-01', '2025-02', '2025-03']
    """
    periods = counts[["period_start", "period_end"]].drop_duplicates().reset_index(drop=True)
    start, end = periods["period_start"], periods["period_end"]
    n = ((end.dt.year - start.dt.year) * 12 + end.dt.month - start.dt.month + 1).astype("int64")
    repeated = periods.loc[periods.index.repeat(n)].reset_index(drop=True)
    step = repeated.groupby(["period_start", "period_end"]).cumcount()
    months = repeated["period_start"].dt.to_period("M") + step.to_numpy()
    return repeated.assign(month=months.dt.strftime("%Y-%m").astype("str"))


def _whole_months(counts: pd.DataFrame) -> bool:
    periods = counts[["period_start", "period_end"]].drop_duplicates()
    starts_first = periods["period_start"].dt.day.eq(1)
    ends_last = periods["period_end"].dt.is_month_end
    return bool((starts_first & ends_last).all())


def _month_sets(counts: pd.DataFrame, months: pd.DataFrame) -> pd.Series:
    """Per (destination_state, agency label), the set of months its rows cover."""
    parts = []
    for agency in AGENCIES:
        rows = _agency_rows(counts, agency)[["destination_state", "period_start", "period_end"]].drop_duplicates()
        merged = rows.merge(months, on=["period_start", "period_end"])
        parts.append(merged.assign(agency=agency)[["destination_state", "agency", "month"]])
    both = pd.concat(parts, ignore_index=True).drop_duplicates()
    return both.groupby(["destination_state", "agency"])["month"].agg(lambda m: tuple(sorted(m)))


def _queries_within(counts: pd.DataFrame, months: pd.DataFrame, allowed: set[str]) -> pd.DataFrame:
    """Queries per (destination_state, agency label) from rows whose months all lie in ``allowed``."""
    inside = months.assign(ok=months["month"].isin(allowed)).groupby(["period_start", "period_end"])["ok"].all()
    ok = inside[inside].reset_index()[["period_start", "period_end"]]
    kept = counts.merge(ok, on=["period_start", "period_end"])
    out = []
    for agency in AGENCIES:
        sums = _agency_rows(kept, agency).groupby("destination_state")["queries"].sum()
        out.append(pd.DataFrame({"destination_state": sums.index, "agency": agency, "queries": sums.to_numpy()}))
    return pd.concat(out, ignore_index=True)


def _outside_reason(code: str, countries: dict[str, str]) -> str:
    if code == UNKNOWN:
        return "destination state not recognised (UNKNOWN): no population to divide by"
    if countries.get(code) == "CA":
        return "Canadian province: no U.S. population to divide by"
    return "not a U.S. state, DC or territory: no population to divide by"


def _groups(access: pd.Series, first: pd.Timestamp, last: pd.Timestamp, events: pd.DataFrame) -> pd.Series:
    starts = block_history.dated_block_starts(events)
    in_span = {c for c, s in starts.items() if first < s <= last}
    return pd.Series({c: per_state.BLOCK_IN_FILE if c in in_span
                      else comparison_basics.BLOCKED if bool(b) else comparison_basics.OPEN
                      for c, b in access.items()})


def compare_own_counts(
    counts: pd.DataFrame, states: pd.DataFrame, *, kind: str, label: str
) -> OwnComparison:
    """Compare the blocking states with the rest on a cleaned counts table (:func:`analysis.clean_query_counts`).

    >>> from analysis.sources.tables import load_states
    >>> counts = pd.DataFrame({"destination_state": ["NY", "TX", "TX"], "agency": ["ICE", "ICE", "HSI"],
    ...     "queries": [0, 300, 60], "period_start": pd.to_datetime(["2025-01-01"] * 3),
    ...     "period_end": pd.to_datetime(["2025-01-31"] * 3)})
    >>> result = compare_own_counts(counts, load_states(), kind="synthetic", label="user-supplied:x.csv")
    >>> r = result.rates.set_index(["usps", "agency"])
    >>> r.loc[("NY", "HSI"), "status"], int(r.loc[("TX", "ICE"), "months"]), r.loc[("CA", "all"), "status"]
    ('not in file', 1, 'not in file')
    """
    if counts.empty:
        raise ValueError("the file has no clean rows to compare (see its rejects)")
    keys = ["destination_state", "agency", "period_start", "period_end"]
    counts = counts[[*keys, "queries"]].assign(destination_state=counts["destination_state"].fillna(UNKNOWN))
    counts = counts.groupby(keys, dropna=False, sort=True)["queries"].sum().reset_index()  # small from here on
    months = period_months(counts)
    sets = _month_sets(counts, months)
    all_months = tuple(sorted(months["month"].unique()))
    with_people = set(states.loc[states["population"].notna(), "usps"])
    in_file = sorted(set(counts["destination_state"]))
    compared = [c for c in in_file if c in with_people]
    common = set(all_months)
    for code in compared:
        common &= set(sets.get((code, "all"), ()))
    common_months = tuple(sorted(common))
    differs = tuple(c for c in compared if sets.get((c, "all"), ()) != all_months)
    basis = "common months" if common_months and differs else "own months"
    basis_months = common_months if basis == "common months" else all_months
    first = pd.Timestamp(f"{basis_months[0]}-01") if basis_months else counts["period_start"].min()
    last = (pd.Timestamp(f"{basis_months[-1]}-01") + pd.offsets.MonthEnd(0)) if basis_months else counts[
        "period_end"].max()
    events = access_status.events_or_raw()
    access = access_status.ice_access_as_of(states, last, events).set_index("usps")
    groups = _groups(access["ice_blocked"], first, last, events)

    totals = pd.concat([_agency_rows(counts, a).groupby("destination_state")["queries"].sum().rename(a)
                        for a in AGENCIES], axis=1)
    in_common = _queries_within(counts, months, common).set_index(["destination_state", "agency"])["queries"]
    codes = list(states["usps"]) + sorted(set(in_file) - set(states["usps"]))
    named = states.set_index("usps")
    population = named["population"]
    info = state_info().set_index("code")
    countries, other_names = info["country"].to_dict(), info["name"].to_dict()
    population_ids = named["population_source_id"]
    access_ids = access["source_ids"]
    rows = []
    for code in codes:
        for agency in AGENCIES:
            got = sets.get((code, agency))
            residents = population.get(code)
            has_people = residents is not None and pd.notna(residents)
            row = {
                "usps": code,
                "name": named["name"].get(code, other_names.get(code, code)),
                "group": groups.get(code, "outside the comparison"),
                "agency": agency,
                "status": IN_FILE if got else NOT_IN_FILE,
                "months": len(got) if got else pd.NA,
                "first_month": got[0] if got else pd.NA,
                "last_month": got[-1] if got else pd.NA,
                "queries": int(totals.at[code, agency]) if got else pd.NA,
                "residents": int(residents) if has_people else pd.NA,
                "common_months": len(common_months) if got and has_people else pd.NA,
                "queries_common_months": int(in_common.get((code, agency), 0)) if got and has_people else pd.NA,
                "coverage_differs": code in differs,
            }
            rows.append(row)
    rates = pd.DataFrame(rows).astype({"months": "Int64", "queries": "Int64", "residents": "Int64",
                                       "common_months": "Int64", "queries_common_months": "Int64",
                                       "first_month": "str", "last_month": "str"})
    rates["per_month"] = rates["queries"].astype("Float64") / rates["months"].astype("Float64")
    rates["per_100k_month"] = rates["per_month"] / rates["residents"].astype("Float64") * comparison_basics.PER
    no_common = rates["common_months"].fillna(0).eq(0)
    common_rate = (rates["queries_common_months"].astype("Float64") / rates["common_months"].astype("Float64")
                   / rates["residents"].astype("Float64") * comparison_basics.PER)
    rates["per_100k_month_common"] = common_rate.mask(no_common.to_numpy())
    rates["per_100k_month_compared"] = (
        rates["per_100k_month_common"] if basis == "common months" else rates["per_100k_month"])
    rates["kind"] = kind
    rates["source_ids"] = [comparison_basics.join_ids(label, population_ids.get(c), access_ids.get(c)) for c in rates["usps"]]

    outside_rows = [{"destination": c, "queries": int(totals.at[c, "all"]), "reason": _outside_reason(c, countries)}
                    for c in in_file if c not in with_people]
    outside = pd.DataFrame(outside_rows, columns=["destination", "queries", "reason"]).astype({"queries": "int64"})
    split = per_state.before_after_block(counts, states, kind=kind, source_id=label)
    return OwnComparison(
        rates=rates, coverage=coverage_table(rates), groups=group_spread(rates, basis), outside=outside,
        before_after=split, months=all_months, common_months=common_months, coverage_differs=differs,
        partial_months=not _whole_months(counts), basis=basis, kind=kind, label=label,
    )


def coverage_table(rates: pd.DataFrame) -> pd.DataFrame:
    """Months present per jurisdiction x agency, wide, as text; jurisdictions with no rows at all are left out.

    >>> rates = pd.DataFrame({"usps": ["A", "A"], "name": "a", "group": "g", "agency": ["ICE", "HSI"],
    ...     "status": ["in file", "not in file"], "months": pd.array([2, pd.NA], "Int64"),
    ...     "first_month": ["2025-01", pd.NA], "last_month": ["2025-02", pd.NA], "coverage_differs": False})
    >>> import numpy as np
    >>> coverage_table(rates).iloc[0].tolist()
    ['A', 'a', 'g', '2 (2025-01 to 2025-02)', 'not in file', np.False_]
    """
    text = [NOT_IN_FILE if s == NOT_IN_FILE else f"{m} ({a})" if a == b else f"{m} ({a} to {b})"
            for s, m, a, b in zip(rates["status"], rates["months"], rates["first_month"], rates["last_month"],
                                  strict=True)]
    long = rates.assign(text=text)
    keep = long.groupby("usps", sort=False)["status"].transform(lambda s: (s == IN_FILE).any())
    long = long[keep]
    wide = long.pivot(index="usps", columns="agency", values="text")
    agencies = [a for a in AGENCIES if a in wide.columns]
    wide = wide[agencies].rename(columns={a: f"{a.lower()}_months" for a in agencies})
    first = long.drop_duplicates("usps").set_index("usps")[["name", "group", "coverage_differs"]]
    out = first.join(wide).reset_index()
    return out[["usps", "name", "group", *wide.columns, "coverage_differs"]]


def group_spread(rates: pd.DataFrame, basis: str) -> pd.DataFrame:
    """Per agency and group, the jurisdictions compared (in the file, with residents and a rate), the median, the
    lowest and highest rate and which state has each.

    >>> rates = pd.DataFrame({"usps": ["A", "B", "C"], "group": comparison_basics.OPEN, "agency": "ICE",
    ...     "per_100k_month_compared": pd.array([1.0, 3.0, 2.0], "Float64"), "kind": "synthetic"})
    >>> row = group_spread(rates, "own months").iloc[0]
    >>> int(row["states"]), float(row["median"]), row["lowest_state"], row["highest_state"]
    (3, 2.0, 'A', 'B')
    """
    column = "per_100k_month_compared"
    data = rates[rates[column].notna() & rates["group"].isin(GROUP_ORDER)]
    rows = []
    for agency in AGENCIES:
        for group in GROUP_ORDER:
            part = data[(data["agency"] == agency) & (data["group"] == group)]
            if part.empty:
                continue
            values = part[column].astype(float)
            ordered = part.assign(_v=values).sort_values(["_v", "usps"])
            rows.append({
                "agency": agency, "group": group, "states": len(part), "median": float(values.median()),
                "lowest": float(ordered["_v"].iloc[0]), "lowest_state": ordered["usps"].iloc[0],
                "highest": float(ordered["_v"].iloc[-1]), "highest_state": ordered["usps"].iloc[-1],
                "state_list": "; ".join(f"{u} {v:,.2f}" for u, v in zip(ordered["usps"], ordered["_v"], strict=True)),
                "basis": basis, "kind": part["kind"].iloc[0], "bound": "exact",
            })
    columns = ["agency", "group", "states", "median", "lowest", "lowest_state", "highest", "highest_state",
               "state_list", "basis", "kind", "bound"]
    return pd.DataFrame(rows, columns=columns)
