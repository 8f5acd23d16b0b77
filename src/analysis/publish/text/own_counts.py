"""Sentences about a researcher's own counts (:class:`analysis.findings.own_rates.OwnComparison`), built from computed values;
each handles none, one and many states, and the citable ones carry their kind and bound."""

from __future__ import annotations

import pandas as pd

from analysis.findings import block_history, comparison_basics
from analysis.findings import per_state
from analysis.publish.caveats import QUERIES_NOT_PEOPLE
from analysis.publish.text.status_sentences import conflict_clause
from analysis.publish.text.wording import listed
from analysis.findings.own_rates import IN_FILE, NOT_IN_FILE, OwnComparison

AGENCY_WORDS = {"ICE": "ICE", "HSI": "HSI", "all": "All-agency"}
GROUP_WORDS = {
    comparison_basics.BLOCKED: ("state known to block ICE", "states known to block ICE"),
    per_state.BLOCK_IN_FILE: ("state whose block began within the period", "states whose block began within the period"),
    comparison_basics.OPEN: ("state not known to block ICE", "states not known to block ICE"),
}


def word(n: int, one: str, many: str) -> str:
    """``one`` when ``n`` is 1, else ``many`` (numbers are written by the caller).

    >>> word(1, "state", "states"), word(0, "state", "states")
    ('state', 'states')
    """
    return one if n == 1 else many


def count(n: int, one: str, many: str) -> str:
    """``1 state``, ``2 states``, ``1,200 queries``.

    >>> count(1, "state", "states"), count(1200, "query", "queries")
    ('1 state', '1,200 queries')
    """
    return f"{n:,} {word(n, one, many)}"


def month_range(months: tuple[str, ...]) -> str:
    """``2025-09 to 2025-12``, ``2025-09``, or ``no month``.

    >>> month_range(("2025-09", "2025-10")), month_range(("2025-09",)), month_range(())
    ('2025-09 to 2025-10', '2025-09', 'no month')
    """
    if not months:
        return "no month"
    return months[0] if len(months) == 1 else f"{months[0]} to {months[-1]}"


def month_span(months: tuple[str, ...]) -> str:
    """``2025-09 to 2025-12 (4 months)``, ``2025-09 (1 month)``, or ``no month``.

    >>> month_span(("2025-09", "2025-10")), month_span(("2025-09",)), month_span(())
    ('2025-09 to 2025-10 (2 months)', '2025-09 (1 month)', 'no month')
    """
    if not months:
        return "no month"
    return f"{month_range(months)} ({count(len(months), 'month', 'months')})"


def _rate(value: float) -> str:
    return f"{value:,.2f}"


def compared_states(result: OwnComparison) -> list[str]:
    """Jurisdictions in the file that have residents and a block-status group: the ones compared."""
    rates = result.rates
    mask = rates["agency"].eq("all") & rates["status"].eq(IN_FILE) & rates["residents"].notna()
    return sorted(rates.loc[mask & rates["group"].isin(GROUP_WORDS), "usps"])


def coverage_sentence(result: OwnComparison) -> str:
    """What the file covers, and whether (and how) the states' months differ."""
    states = compared_states(result)
    text = (f"The file has counts for {count(len(states), 'state', 'states')} with residents "
            f"(DC and territories count as states here), over {month_span(result.months)}.")
    if not result.coverage_differs:
        return text + (" Every one of them covers the same months." if len(states) > 1 else "")
    rates = result.rates[result.rates["agency"].eq("all")].set_index("usps")
    parts = [f"{c} ({count(int(rates.loc[c, 'months']), 'month', 'months')}, "
             f"{month_range(tuple(m for m in result.months if rates.loc[c, 'first_month'] <= m <= rates.loc[c, 'last_month']))})"
             for c in result.coverage_differs]
    n = len(result.coverage_differs)
    text += (f" {'One state covers' if n == 1 else f'{n} states cover'} fewer months than the file: "
             f"{listed(parts)}.")
    if result.basis == "common months":
        return text + (f" So every state is compared over the {count(len(result.common_months), 'month', 'months')} "
                       f"they all have: {month_range(result.common_months)}.")
    return text + " No month is common to every state, so each is compared over its own months and flagged."


def absent_sentence(result: OwnComparison) -> str:
    """The jurisdictions with residents that the file has no rows for at all: named, not counted as 0.

    >>> from analysis.findings.own_rates import compare_own_counts
    >>> counts = pd.DataFrame({"destination_state": ["NY"], "agency": ["ICE"], "queries": [3],
    ...     "period_start": pd.to_datetime(["2025-01-01"]), "period_end": pd.to_datetime(["2025-01-31"])})
    >>> from analysis.sources.tables import load_states
    >>> result = compare_own_counts(counts, load_states(), kind="supplied", label="x")
    >>> absent_sentence(result).split(":")[0]
    'Not in file (no rows at all, so no rate and no 0) for 55 jurisdictions'
    """
    rates = result.rates[result.rates["agency"].eq("all") & result.rates["residents"].notna()]
    absent = sorted(rates.loc[rates["status"].eq(NOT_IN_FILE), "usps"])
    if not absent:
        return ""
    return (f"Not in file (no rows at all, so no rate and no 0) for {count(len(absent), 'jurisdiction', 'jurisdictions')}: "
            f"{listed(absent)}.")


def not_in_file_sentence(result: OwnComparison) -> str:
    """Agencies the file has no rows for in a state that is in the file: named, never counted as 0."""
    rates = result.rates
    present = set(compared_states(result))
    parts = []
    for agency in ("ICE", "HSI"):
        missing = sorted(rates.loc[rates["agency"].eq(agency) & rates["status"].eq(NOT_IN_FILE)
                                   & rates["usps"].isin(present), "usps"])
        if missing:
            parts.append(f"{agency} for {listed(missing)}")
    if not parts:
        return ""
    return (f"The file has no rows of {listed(parts)}: shown as not in file, never as 0, and left out of that "
            "agency's medians.")


def outside_sentence(result: OwnComparison) -> str:
    """Destinations kept out of the per-capita rates (Canadian provinces, UNKNOWN, other places), with a reason."""
    if result.outside.empty:
        return ""
    parts = [f"{int(r.queries):,} to {r.destination}" for r in result.outside.itertuples()]
    total = int(result.outside["queries"].sum())
    return (f"{count(total, 'query', 'queries')} ({listed(parts)}) went to destinations with no U.S. "
            "population to divide by (a Canadian province, or a state the cleaner could not recognise): they stay "
            "in the file's totals and tables but get no per-capita rate.")


def _group_clause(row: pd.Series) -> str:
    one, many = GROUP_WORDS[row["group"]]
    n = int(row["states"])
    if n == 1:
        return f"the file's only {one}, {row['lowest_state']}: {_rate(row['median'])}"
    return (f"the {n} {many}: median {_rate(row['median'])} (from {_rate(row['lowest'])} in "
            f"{row['lowest_state']} to {_rate(row['highest'])} in {row['highest_state']})")


def group_sentence(result: OwnComparison, agency: str) -> str:
    """Medians and ranges of one agency's per-state monthly rate in each group, or why there is none."""
    rows = result.groups[result.groups["agency"].eq(agency)]
    if result.basis == "common months":
        n = len(result.common_months)
        over = f"over the {count(n, 'month', 'months')} every state covers, {month_range(result.common_months)}"
    else:
        over = f"over each state's own months, {month_range(result.months)}"
    words = AGENCY_WORDS[agency]
    if rows.empty:
        return f"{words} queries: no state in the file has residents and {words} rows, so there is no comparison."
    clauses = [_group_clause(r) for _, r in rows.iterrows()]
    absent = [GROUP_WORDS[g][1] for g in GROUP_WORDS if g not in set(rows["group"]) and g != per_state.BLOCK_IN_FILE]
    text = f"{words} queries per 100,000 residents a month, {over}: {'; '.join(clauses)}."
    if absent:
        text += f" No {listed(absent).replace('states', 'state', 1)} is in the file with {words} rows."
    return text


def before_after_sentence(result: OwnComparison) -> str:
    """ICE queries a day before and after each block date the file spans, or why there is no such comparison."""
    split = result.before_after
    if split.empty:
        return ("The file's periods do not cover both sides of any dated block (from the ICE-access events), so "
                "there is no before/after comparison.")
    out = []
    others = block_history.unconfirmed_applied_dates()
    for r in split[split["agency"].eq("ICE")].itertuples():
        text = (f"{r.usps}: ICE queries {r.before_per_day:,.1f} a day before its block, applied {r.block_date}"
                f"{conflict_clause(others.get(r.usps, []))}, and {r.after_per_day:,.1f} a day after")
        if r.spanning_queries:
            n = int(r.spanning_queries)
            text += (f"; {count(n, 'query', 'queries')} in a period that contains the date "
                     f"{word(n, 'is', 'are')} neither before nor after")
        out.append(text + ".")
    return " ".join(out)


def limits(result: OwnComparison, states: pd.DataFrame) -> list[str]:
    """What the comparison can and cannot say, with this file's numbers."""
    blocked = result.rates[result.rates["agency"].eq("all") & result.rates["group"].eq(comparison_basics.BLOCKED)
                           & result.rates["status"].eq(IN_FILE)]
    dates = block_history.block_dates(states)
    undated = sorted(dates.loc[~dates["start_published"] & dates["status"].eq("blocked"), "usps"])
    dated = [f"{r.usps} (applied {r.block_date})" for r in dates[dates["start_published"]].itertuples()]
    n = len(blocked)
    few = ("no state known to block ICE is in the file, so the comparison has no blocking side" if n == 0 else
           f"{count(n, 'state', 'states')} known to block ICE {word(n, 'is', 'are')} in the file, so that group's "
           "median rests on very few values; read the states side by side (the figure shows every one), not the "
           "medians as a trend")
    return [
        f"Few blocking states: {few}.",
        f"{QUERIES_NOT_PEOPLE.name}: one person can be looked up many times, and the file counts look-ups, not "
        "residents affected.",
        "No causal claim: states differ in size, agencies' work and how their records offices count; a lower rate "
        "in the blocking states is consistent with the blocks, and does not show they caused it.",
        "Block dates come from the project's sourced, dated ICE-access events: "
        + (f"dated blocks {listed(dated)}" if dated else "no block has a published start date")
        + (f"; {listed(undated)} {word(len(undated), 'has', 'have')} no published start date and "
           f"{word(len(undated), 'is', 'are')} taken as blocked throughout" if undated else "") + ".",
        "Residents are the denominator (Census estimates, not licensed drivers); rates are per month of the file's "
        "coverage, not per year, and the kind of every number is the kind of the file: "
        f"{result.kind}.",
    ]


def citable(result: OwnComparison, file_name: str) -> pd.DataFrame:
    """The sentences a reporter may quote, each with its kind, bound and sources (the file first)."""
    rows = [("coverage", coverage_sentence(result))]
    rows += [(f"{a.lower()}-by-group", group_sentence(result, a)) for a in ("ICE", "HSI", "all")]
    rows += [("before-after", before_after_sentence(result))]
    sources = ";".join(comparison_basics.source_id_list([result.rates]))
    return pd.DataFrame(
        [{"id": f"own-{i}", "sentence": s, "kind": result.kind, "bound": "exact",
          "bound_note": f"exact for {file_name} as supplied; not a national figure",
          "source_ids": ";".join(x for x in (result.label, sources) if x)} for i, s in rows if s]
    )
