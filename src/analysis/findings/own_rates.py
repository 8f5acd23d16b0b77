"""Comparable rates from a researcher's own per-state counts, all from one panel (:mod:`analysis.findings.own_panel`):
months of coverage, queries per month and per 100,000 residents a month, the blocking states against the rest over
the months they share, and before/after a block.

Tables in, tables out (no matplotlib, no prose). A state, agency or month the file has no row for is missing
(``<NA>``), never 0, unless the caller says absence means none (``missing="zero"``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property

import pandas as pd

from analysis.findings import access_status, block_history, comparison_basics
from analysis.findings.own_before_after import before_after_months
from analysis.findings.own_panel import AGENCIES, NO_ROW, OwnPanel, own_panel
from analysis.findings.own_statistics import OwnStatistics, own_statistics
from analysis.cleaning.normalize import UNKNOWN, state_info
from analysis.sources.tables import KINDS

IN_FILE, NOT_IN_FILE = "in file", "not in file"
GROUP_ORDER = (comparison_basics.BLOCKED, comparison_basics.BLOCK_IN_FILE, comparison_basics.OPEN)
COMMON, OWN = "common months", "own months"


@dataclass(frozen=True)
class OwnComparison:
    """What :func:`compare_own_counts` returns.

    - ``panel``: the :class:`~analysis.findings.own_panel.OwnPanel` every number here comes from.
    - ``statistics`` (a property, computed on first use): :class:`~analysis.findings.own_statistics.OwnStatistics`
      (intervals, tests, the block's difference-in-differences), from the same panel and months.
    - ``rates``: one row per jurisdiction (every row of ``states.csv`` plus any other destination in the file) and
      agency (``ICE``, ``HSI``, ``all``): months with a count, queries, per month, per 100,000 residents a month
      (over its own months and over the months compared), ``status`` ``in file`` / ``not in file``, the months
      with no row (``missing_months``).
    - ``coverage``: months present per jurisdiction x agency, as text (``7 (2025-07 to 2026-01)`` or ``not in file``).
    - ``groups``: per agency and group, the states compared, median, lowest and highest rate.
    - ``outside``: destinations kept out of the per-capita rates, with their queries and the reason.
    - ``before_after``: :func:`analysis.findings.own_before_after.before_after_months` (empty when the file
      holds no whole month on both sides of a dated block).
    - ``months``: every calendar month the panel covers; ``common_months``: per agency, the months every compared
      state has a count for (``common_periods``: the same as the panel's periods); ``basis``: per agency,
      ``common months`` when the states' months differ and they share some, else ``own months``; ``coverage_differs``: per agency, the states whose months differ.
    """

    panel: OwnPanel
    rates: pd.DataFrame
    coverage: pd.DataFrame
    groups: pd.DataFrame
    outside: pd.DataFrame
    before_after: pd.DataFrame
    months: tuple[str, ...]
    common_months: Mapping[str, tuple[str, ...]]
    common_periods: Mapping[str, tuple[str, ...]]
    coverage_differs: Mapping[str, tuple[str, ...]]
    basis: Mapping[str, str]
    kind: str
    label: str

    @cached_property
    def statistics(self) -> OwnStatistics:
        """Intervals, permutation tests and the block's difference-in-differences
        (:func:`analysis.findings.own_statistics.own_statistics`), from the same panel and months as the rates;
        computed on first use (the model fits take seconds)."""
        periods = {a: self.common_periods[a] if self.basis[a] == COMMON else None for a in AGENCIES}
        return own_statistics(self.panel, self.rates, self.before_after, periods)

    def tables(self) -> dict[str, pd.DataFrame]:
        """Every table of the comparison by file stem: what ``compare`` writes to ``DIR/tables/`` and notebook 02
        exports, the same frames the page and figures show."""
        return {
            "own-rates": self.rates, "own-coverage": self.coverage, "own-groups": self.groups,
            "own-outside": self.outside, "own-before-after": self.before_after, "own-panel": self.panel.cells,
            "own-keys": self.panel.keys.table, "own-intervals": self.statistics.intervals,
            "own-median-test": self.statistics.median_test_table(),
            "own-block-effects": self.statistics.block_effects_table(),
        }


def _outside_reason(code: str, countries: dict[str, str]) -> str:
    if code == UNKNOWN:
        return "destination state not recognised (UNKNOWN): no population to divide by"
    if countries.get(code) == "CA":
        return "Canadian province: no U.S. population to divide by"
    return "not a U.S. state, DC or territory: no population to divide by"


def state_groups(access: pd.DataFrame, starts: pd.Series, first_month: str, last_month: str) -> pd.Series:
    """Each jurisdiction's block-status group over the months ``first_month``..``last_month``: a dated block (in
    ``starts``, :func:`analysis.findings.block_history.dated_block_starts`) that began after the first day
    (:data:`analysis.findings.comparison_basics.BLOCK_IN_FILE`), else blocked ICE on the last day (``access``,
    :func:`analysis.findings.access_status.ice_access_as_of` on that day), else open.
    """
    first = pd.Timestamp(f"{first_month}-01")
    last = pd.Timestamp(f"{last_month}-01") + pd.offsets.MonthEnd(0)
    in_span = {c for c, s in starts.items() if first < s <= last}
    return pd.Series({c: comparison_basics.BLOCK_IN_FILE if c in in_span
                      else comparison_basics.BLOCKED if bool(b) else comparison_basics.OPEN
                      for c, b in zip(access["usps"], access["ice_blocked"], strict=True)}, dtype="str")


def _compared_periods(cells: pd.DataFrame, compared: list[str]) -> tuple[dict, dict, dict]:
    """Per agency: the periods every compared state with a count of that agency has, the states whose periods
    differ from the agency's union, and the basis."""
    common, differs, basis = {}, {}, {}
    counted = cells[cells["queries"].notna() & cells["usps"].isin(compared)]
    for agency in AGENCIES:
        sets = counted[counted["agency"].eq(agency)].groupby("usps")["period"].agg(frozenset)
        union = frozenset().union(*sets) if len(sets) else frozenset()
        shared = frozenset.intersection(*sets) if len(sets) else frozenset()
        differs[agency] = tuple(sorted(u for u, s in sets.items() if s != union))
        common[agency] = tuple(sorted(shared))
        basis[agency] = COMMON if differs[agency] and shared else OWN
    return common, differs, basis


def _check(kind: str, label: str) -> None:
    if kind not in KINDS:
        raise ValueError(f"kind {kind!r} is not one of {', '.join(KINDS)}")
    if not isinstance(label, str) or not label.strip() or ";" in label:
        raise ValueError(f"label {label!r}: a non-empty source id without ';', e.g. 'user-supplied:counts.csv'")


def compare_own_counts(
    counts: pd.DataFrame, states: pd.DataFrame, *, kind: str, label: str, keys: str = "dmv",
    missing: str = "no-row", key_column: bool = True,
) -> OwnComparison:
    """Compare the blocking states with the rest on a cleaned counts table (:func:`analysis.clean_query_counts`).

    ``kind`` is what the file's numbers are (one of :data:`analysis.sources.tables.KINDS`: ``supplied`` for a
    researcher's own file, ``published`` for one its publisher released, ``synthetic`` for made-up counts); every
    number carries it. ``label`` is the source id they carry in ``source_ids`` (``user-supplied:<file name>``).
    ``keys``, ``missing`` and ``key_column`` are those of :func:`analysis.findings.own_panel.own_panel`. An unknown
    kind, key policy or missing policy is refused (``ValueError``).

    >>> from analysis.sources.tables import load_states
    >>> counts = pd.DataFrame({"destination_state": ["NY", "TX", "TX"], "agency": ["ICE", "ICE", "HSI"],
    ...     "message_key": "DQ", "dmv": True, "queries": [0, 300, 60],
    ...     "period_start": pd.to_datetime(["2025-01-01"] * 3), "period_end": pd.to_datetime(["2025-01-31"] * 3)})
    >>> result = compare_own_counts(counts, load_states(), kind="synthetic", label="user-supplied:x.csv")
    >>> r = result.rates.set_index(["usps", "agency"])
    >>> r.loc[("NY", "HSI"), "status"], int(r.loc[("TX", "ICE"), "months"]), r.loc[("CA", "all"), "status"]
    ('not in file', 1, 'not in file')
    """
    _check(kind, label)
    if counts.empty:
        raise ValueError("the file has no clean rows to compare (see its rejects)")
    panel = own_panel(counts, keys=keys, missing=missing, key_column=key_column)
    cells = panel.cells
    if cells.empty:
        raise ValueError(_nothing_counted(panel))
    months = panel.months
    events = access_status.events_or_raw()
    access = access_status.ice_access_as_of(states, pd.Timestamp(f"{months[-1]}-01") + pd.offsets.MonthEnd(0), events)
    starts = block_history.dated_block_starts(events)
    groups = state_groups(access, starts, months[0], months[-1])
    with_people = set(states.loc[states["population"].notna(), "usps"])
    in_file = sorted(set(cells["usps"]))
    compared = [c for c in in_file if c in with_people and groups.get(c) in GROUP_ORDER]
    common, differs, basis = _compared_periods(cells, compared)
    rates = _rates(panel, states, access.set_index("usps")["source_ids"], groups, common, basis, differs, kind,
                   label)
    info = state_info().set_index("code")
    countries = info["country"].to_dict()
    totals = cells[cells["agency"].eq("all")].groupby("usps")["queries"].sum()
    outside = pd.DataFrame([{"destination": c, "queries": int(totals[c]), "reason": _outside_reason(c, countries)}
                            for c in in_file if c not in with_people],
                           columns=["destination", "queries", "reason"]).astype({"queries": "int64"})
    split = before_after_months(panel, states, starts, kind=kind, label=label, events=events)
    return OwnComparison(
        panel=panel, rates=rates, coverage=coverage_table(rates), groups=group_spread(rates, basis),
        outside=outside, before_after=split, months=months,
        common_months={a: _months_of(panel, p) for a, p in common.items()}, common_periods=common,
        coverage_differs=differs,
        basis=basis, kind=kind, label=label,
    )


def _nothing_counted(panel: OwnPanel) -> str:
    if panel.keys.set_aside_queries:
        return (f"no DMV message key in the file ({panel.keys.set_aside_queries:,} queries under other keys): "
                "say --keys all to count every key")
    return "no whole month in the file to compare (see the partial months)"


def _months_of(panel: OwnPanel, periods: tuple[str, ...]) -> tuple[str, ...]:
    chosen = panel.periods[panel.periods["period"].isin(periods)]
    spans = [pd.period_range(a, b, freq="M").strftime("%Y-%m") for a, b in
             zip(chosen["first_month"], chosen["last_month"], strict=True)]
    return tuple(sorted({m for s in spans for m in s}))


def _rates(panel: OwnPanel, states: pd.DataFrame, access_ids: pd.Series, groups: pd.Series, common: dict,
           basis: dict, differs: dict, kind: str, label: str) -> pd.DataFrame:
    cells = panel.cells
    counted = cells[cells["queries"].notna()]
    own = counted.groupby(["usps", "agency"]).agg(
        queries=("queries", "sum"), months=("months", "sum"), first_month=("first_month", "min"),
        last_month=("last_month", "max"))
    in_common = pd.concat([counted[counted["agency"].eq(a) & counted["period"].isin(p)] for a, p in common.items()])
    shared = in_common.groupby(["usps", "agency"]).agg(queries_common=("queries", "sum"),
                                                       months_common=("months", "sum"))
    no_row = cells[cells["status"].eq(NO_ROW)].groupby(["usps", "agency"])["period"].agg(
        lambda p: "; ".join(sorted(p)))
    codes = list(states["usps"]) + sorted(set(cells["usps"]) - set(states["usps"]))
    named = states.set_index("usps")
    other_names = state_info().set_index("code")["name"].to_dict()
    grid = pd.MultiIndex.from_product([codes, AGENCIES], names=["usps", "agency"])
    rates = pd.DataFrame(index=grid).join(own).join(shared).reset_index()
    rates["name"] = [named["name"].get(c, other_names.get(c, c)) for c in rates["usps"]]
    rates["group"] = rates["usps"].map(groups).fillna("outside the comparison").astype("str")
    rates["status"] = pd.Series(IN_FILE, index=rates.index, dtype="str").mask(rates["queries"].isna(), NOT_IN_FILE)
    rates["residents"] = rates["usps"].map(named["population"]).astype("Int64")
    for column in ("queries", "months", "queries_common", "months_common"):
        rates[column] = rates[column].astype("Int64")
    has_common = rates["months_common"].notna() & rates["residents"].notna()
    rates["months_common"] = rates["months_common"].where(has_common)
    rates["queries_common"] = rates["queries_common"].where(has_common)
    rates["missing_months"] = [no_row.get((u, a), "") for u, a in zip(rates["usps"], rates["agency"], strict=True)]
    rates["per_month"] = rates["queries"].astype("Float64") / rates["months"].astype("Float64")
    people = rates["residents"].astype("Float64")
    rates["per_100k_month"] = comparison_basics.per_100k_month(
        rates["queries"].astype("Float64"), rates["months"].astype("Float64"), people)
    rates["per_100k_month_common"] = comparison_basics.per_100k_month(
        rates["queries_common"].astype("Float64"), rates["months_common"].astype("Float64"), people)
    use_common = rates["agency"].map(lambda a: basis[a] == COMMON).astype(bool)
    rates["per_100k_month_compared"] = rates["per_100k_month_common"].where(use_common, rates["per_100k_month"])
    rates["queries_compared"] = rates["queries_common"].where(use_common, rates["queries"])
    rates["months_compared"] = rates["months_common"].where(use_common, rates["months"])
    rates["basis"] = rates["agency"].map(basis).astype("str")
    rates["coverage_differs"] = [u in differs[a] for u, a in zip(rates["usps"], rates["agency"], strict=True)]
    rates["kind"] = kind
    population_ids = named["population_source_id"]
    rates["source_ids"] = [comparison_basics.join_ids(label, population_ids.get(c), access_ids.get(c))
                           for c in rates["usps"]]
    columns = ["usps", "name", "group", "agency", "status", "months", "first_month", "last_month", "missing_months",
               "queries", "residents", "per_month", "per_100k_month", "months_common", "queries_common",
               "per_100k_month_common", "basis", "months_compared", "queries_compared", "per_100k_month_compared",
               "coverage_differs", "kind", "source_ids"]
    return rates[columns].astype({"first_month": "str", "last_month": "str"})


def coverage_table(rates: pd.DataFrame) -> pd.DataFrame:
    """Months with a count per jurisdiction x agency, wide, as text (with the months that have no row); jurisdictions
    with no rows at all are left out.

    >>> rates = pd.DataFrame({"usps": ["A", "A"], "name": "a", "group": "g", "agency": ["ICE", "HSI"],
    ...     "status": ["in file", "not in file"], "months": pd.array([2, pd.NA], "Int64"),
    ...     "first_month": ["2025-01", pd.NA], "last_month": ["2025-03", pd.NA], "missing_months": ["2025-02", ""],
    ...     "coverage_differs": False})
    >>> import numpy as np
    >>> coverage_table(rates).iloc[0].tolist()
    ['A', 'a', 'g', '2 (2025-01 to 2025-03; no row: 2025-02)', 'not in file', np.False_]
    """
    text = []
    for s, m, a, b, gap in zip(rates["status"], rates["months"], rates["first_month"], rates["last_month"],
                               rates["missing_months"], strict=True):
        if s == NOT_IN_FILE:
            text.append(NOT_IN_FILE)
            continue
        span = a if a == b else f"{a} to {b}"
        text.append(f"{m} ({span}{'; no row: ' + gap if gap else ''})")
    long = rates.assign(text=text)
    keep = long.groupby("usps", sort=False)["status"].transform(lambda s: (s == IN_FILE).any())
    long = long[keep]
    wide = long.pivot(index="usps", columns="agency", values="text")
    agencies = [a for a in AGENCIES if a in wide.columns]
    wide = wide[agencies].rename(columns={a: f"{a.lower()}_months" for a in agencies})
    differs = long.groupby("usps", sort=False)["coverage_differs"].any().astype(bool)
    first = long.drop_duplicates("usps").set_index("usps")[["name", "group"]].assign(coverage_differs=differs)
    out = first.join(wide).reset_index()
    return out[["usps", "name", "group", *wide.columns, "coverage_differs"]]


def group_spread(rates: pd.DataFrame, basis: Mapping[str, str]) -> pd.DataFrame:
    """Per agency and group, the jurisdictions compared (in the file, with residents and a rate), the median, the
    lowest and highest rate and which state has each.

    >>> rates = pd.DataFrame({"usps": ["A", "B", "C"], "group": comparison_basics.OPEN, "agency": "ICE",
    ...     "per_100k_month_compared": pd.array([1.0, 3.0, 2.0], "Float64"), "kind": "synthetic"})
    >>> row = group_spread(rates, {"ICE": "own months"}).iloc[0]
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
                "basis": basis.get(agency, OWN), "kind": part["kind"].iloc[0], "bound": "exact",
            })
    columns = ["agency", "group", "states", "median", "lowest", "lowest_state", "highest", "highest_state",
               "state_list", "basis", "kind", "bound"]
    return pd.DataFrame(rows, columns=columns)
