"""Sentences about a researcher's own counts (:class:`analysis.findings.own_rates.OwnComparison`), built from computed
values; each handles none, one and many states, and the citable ones carry their kind and bound."""

from __future__ import annotations

import pandas as pd

from analysis.findings import block_history, comparison_basics
from analysis.findings.own_panel import ZERO_ASKED, gaps, month_list
from analysis.findings.own_rates import COMMON, IN_FILE, NOT_IN_FILE, OwnComparison
from analysis.publish.caveats import QUERIES_NOT_PEOPLE
from analysis.publish.text.status_sentences import conflict_clause
from analysis.publish.text.wording import listed
from analysis.sources import ice_access

AGENCY_WORDS = {"ICE": "ICE", "HSI": "HSI", "all": "All-agency"}
GROUP_WORDS = {
    comparison_basics.BLOCKED: ("state known to block ICE", "states known to block ICE"),
    comparison_basics.BLOCK_IN_FILE: ("state whose block began within the period", "states whose block began within the period"),
    comparison_basics.OPEN: ("state not known to block ICE", "states not known to block ICE"),
}
UNIT = "per 100,000 residents a month"


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


def month_span(months: tuple[str, ...]) -> str:
    """The months in words with their gaps and how many: ``2025-08 and 2025-10 to 2025-12 (4 months)``.

    >>> month_span(("2025-09", "2025-10")), month_span(("2025-09",)), month_span(())
    ('2025-09 to 2025-10 (2 months)', '2025-09 (1 month)', 'no month')
    """
    if not months:
        return "no month"
    return f"{month_list(months)} ({count(len(months), 'month', 'months')})"


def _rate(value: float) -> str:
    return f"{value:,.2f}"


def compared_states(result: OwnComparison) -> list[str]:
    """Jurisdictions in the file that have residents and a block-status group: the ones compared."""
    rates = result.rates
    mask = rates["agency"].eq("all") & rates["status"].eq(IN_FILE) & rates["residents"].notna()
    return sorted(rates.loc[mask & rates["group"].isin(GROUP_WORDS), "usps"])


def _no_row_months(result: OwnComparison, agency: str) -> dict[str, str]:
    rows = result.rates[result.rates["agency"].eq(agency) & result.rates["status"].eq(IN_FILE)]
    return {u: m for u, m in zip(rows["usps"], rows["missing_months"], strict=True) if m}


def coverage_sentence(result: OwnComparison) -> str:
    """What the file covers, with its gaps named, and over which months the states are compared."""
    states = compared_states(result)
    text = (f"The file has counts for {count(len(states), 'state', 'states')} with residents "
            f"(DC and territories count as states here), over {month_span(result.months)}.")
    missing = gaps(result.months)
    if missing:
        text += f" The file has no row at all for {month_list(missing)}."
    holes = _no_row_months(result, "all")
    if holes:
        text += " No row: " + "; ".join(f"{m.replace('; ', ', ')} for {u}" for u, m in sorted(holes.items())) + "."
    elif len(states) > 1:
        text += " Every one of them has a row for every month."
    if result.basis["all"] == COMMON:
        shared = result.common_months["all"]
        text += (f" So the states are compared over the {count(len(shared), 'month', 'months')} they all have: "
                 f"{month_list(shared)}.")
    elif result.coverage_differs["all"]:
        text += " No month is common to every state, so each is compared over its own months and flagged."
    return text


def keys_sentence(result: OwnComparison) -> str:
    """Which message keys were counted and which set aside, with their queries; or that the file has no key column.

    Empty when every row has a DMV key and all are counted."""
    use = result.panel.keys
    if not use.key_column:
        return "The file has no message-key column: every row is taken as a DMV query."
    table = use.table
    counted = [f"{k} {q:,}" for k, q in zip(table.loc[table["counted"], "message_key"],
                                            table.loc[table["counted"], "queries"], strict=True)]
    aside = table[~table["counted"]]
    if use.policy == "all":
        non_dmv = table[~table["dmv"]]
        text = f"Every message key is counted (--keys all): {listed(counted)} queries."
        if not non_dmv.empty:
            text += (f" {count(int(non_dmv['queries'].sum()), 'query', 'queries')} of them are under keys that are "
                     f"not DMV queries ({listed(non_dmv['message_key'].tolist())}), so the rates are not DMV rates.")
        return text
    text = f"Only DMV message keys are counted: {listed(counted)} queries."
    if aside.empty:
        return text
    parts = [f"{'no recognised key' if k == 'UNKNOWN' else k} {q:,}" for k, q in
             zip(aside["message_key"], aside["queries"], strict=True)]
    return (text + f" Set aside, not DMV queries or with no recognised key: {listed(parts)} "
            f"({count(use.set_aside_queries, 'query', 'queries')}; --keys all counts them).")


def missing_sentence(result: OwnComparison) -> str:
    """The one missing-data policy every table, figure and sentence of the comparison applies."""
    cells = result.panel.cells
    if result.panel.missing == "zero":
        n = int(cells["status"].eq(ZERO_ASKED).sum())
        return (f"As asked (--missing zero), a state, agency and month with no row counts as 0 queries for the "
                f"agencies the file has rows of: {count(n, 'cell', 'cells')} of the file were filled so.")
    return ("A state, agency and month with no row in the file is missing, never 0: it is left out of that state's "
            "rate and named (--missing zero counts it as 0, for files where absence means none).")


def partial_sentence(result: OwnComparison) -> str:
    """Months the file covers only in part: left out of every rate, with their queries."""
    partial = result.panel.partial
    if partial.empty:
        return ""
    parts = [f"{r.month} ({r.days} of {r.days_in_month} days, {r.queries:,} queries)" for r in partial.itertuples()]
    return (f"The file covers {listed(parts)} only in part: {word(len(parts), 'that month is', 'those months are')} "
            "left out of every monthly rate, and the queries stay in the file's totals.")


def absent_sentence(result: OwnComparison) -> str:
    """The jurisdictions with residents that the file has no rows for at all: named, not counted as 0.

    >>> from analysis.findings.own_rates import compare_own_counts
    >>> counts = pd.DataFrame({"destination_state": ["NY"], "agency": ["ICE"], "queries": [3], "message_key": "DQ",
    ...     "dmv": True, "period_start": pd.to_datetime(["2025-01-01"]), "period_end": pd.to_datetime(["2025-01-31"])})
    >>> from analysis.sources.tables import load_states
    >>> result = compare_own_counts(counts, load_states(), kind="supplied", label="x")
    >>> absent_sentence(result).split(":")[0]
    'Not in file (no rows at all, so no rate and no 0) for 55 jurisdictions'
    """
    rates = result.rates[result.rates["agency"].eq("all") & result.rates["residents"].notna()]
    absent = sorted(rates.loc[rates["status"].eq(NOT_IN_FILE), "usps"])
    if not absent:
        return ""
    return (f"Not in file (no rows at all, so no rate and no 0) for "
            f"{count(len(absent), 'jurisdiction', 'jurisdictions')}: {listed(absent)}.")


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


def over_words(result: OwnComparison, agency: str) -> str:
    """Over which months an agency's rates are compared, in words."""
    if result.basis[agency] == COMMON:
        shared = result.common_months[agency]
        return f"over the {count(len(shared), 'month', 'months')} every state has, {month_list(shared)}"
    return f"over each state's own months, {month_list(result.months)}"


def group_sentence(result: OwnComparison, agency: str) -> str:
    """Medians and ranges of one agency's per-state monthly rate in each group, or why there is none."""
    rows = result.groups[result.groups["agency"].eq(agency)]
    words = AGENCY_WORDS[agency]
    if rows.empty:
        return f"{words} queries: no state in the file has residents and {words} rows, so there is no comparison."
    clauses = [_group_clause(r) for _, r in rows.iterrows()]
    absent = [GROUP_WORDS[g][1] for g in GROUP_WORDS if g not in set(rows["group"]) and g != comparison_basics.BLOCK_IN_FILE]
    text = f"{words} queries {UNIT}, {over_words(result, agency)}: {'; '.join(clauses)}."
    if absent:
        text += f" No {listed(absent).replace('states', 'state', 1)} is in the file with {words} rows."
    return text


def before_after_sentence(result: OwnComparison) -> str:
    """ICE queries per 100,000 residents a month in the whole months before and after each block month the file
    holds, the block month apart; or why there is no such comparison."""
    split = result.before_after
    if split.empty:
        return ("The file holds no whole month on both sides of a dated block (from the ICE-access events), so "
                "there is no before/after comparison.")
    out = []
    others = block_history.unconfirmed_applied_dates()
    for r in split[split["agency"].eq("ICE")].itertuples():
        if pd.isna(r.before_per_100k_month) or pd.isna(r.after_per_100k_month):
            out.append(f"{r.usps}: the file has no ICE row on one side of its block (applied {r.block_date}), so "
                       "there is no before/after rate.")
            continue
        text = (f"{r.usps}: ICE queries {UNIT}, {_rate(r.before_per_100k_month)} in the "
                f"{count(r.before_months, 'whole month', 'whole months')} before its block (applied "
                f"{r.block_date}{conflict_clause(others.get(r.usps, []))}) and {_rate(r.after_per_100k_month)} in "
                f"the {count(r.after_months, 'month', 'months')} after; {r.block_month}, the month that holds the "
                "block, is in neither")
        skipped = [m for m in (r.before_no_row, r.after_no_row) if m]
        if skipped:
            text += f"; no row for {'; '.join(skipped)}"
        out.append(text + ".")
    return " ".join(out)


def limits(result: OwnComparison, states: pd.DataFrame) -> list[str]:
    """What the comparison can and cannot say, with this file's numbers."""
    blocked = result.rates[result.rates["agency"].eq("all") & result.rates["group"].eq(comparison_basics.BLOCKED)
                           & result.rates["status"].eq(IN_FILE)]
    dates = block_history.block_dates(states)
    undated = sorted(dates.loc[~dates["start_published"] & dates["status"].eq("blocked"), "usps"])
    dated = [f"{r.usps} (applied {ice_access.on_date(r.block_date, r.month_part)})"
             for r in dates[dates["start_published"]].itertuples()]
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
        "Residents are the denominator (Census estimates, not licensed drivers); every rate is per whole month of "
        f"the file's coverage, not per year, and the kind of every number is the kind of the file: {result.kind}.",
    ]


def citable(result: OwnComparison, file_name: str, extra: list[tuple[str, str]] | None = None) -> pd.DataFrame:
    """The sentences a reporter may quote, each with its kind, bound and sources (the file first); ``extra`` adds
    ``(id, sentence)`` pairs (the statistics)."""
    rows = [("coverage", coverage_sentence(result)), ("keys", keys_sentence(result))]
    rows += [(f"{a.lower()}-by-group", group_sentence(result, a)) for a in ("ICE", "HSI", "all")]
    rows += [("before-after", before_after_sentence(result)), *(extra or [])]
    sources = ";".join(comparison_basics.source_id_list([result.rates]))
    return pd.DataFrame(
        [{"id": f"own-{i}", "sentence": s, "kind": result.kind, "bound": "exact",
          "bound_note": f"exact for {file_name} as supplied; not a national figure",
          "source_ids": ";".join(x for x in (result.label, sources) if x)} for i, s in rows if s],
        columns=["id", "sentence", "kind", "bound", "bound_note", "source_ids"],
    )
