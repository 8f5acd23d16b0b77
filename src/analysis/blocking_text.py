"""Notebook 02's prose: Markdown sentences and the citable numbers, built from the computed tables of
:mod:`analysis.compare`, never typed.

Each function takes the tables the notebook shows (``shielded`` from :func:`~analysis.compare.residents_by_access`
on two as-of dates, ``dates`` from :func:`~analysis.compare.block_dates`, ``rates`` from
:func:`~analysis.compare.queries_per_100k_open`, ``overlap`` from :func:`~analysis.compare.policy_overlap`, ``wa``
from :func:`~analysis.compare.state_figure_rates`, ``scope`` from :func:`~analysis.compare.state_figures_scope`),
so the words always match the tables beside them. Dates come from the tables themselves.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pandas as pd

from analysis import compare
from analysis.breakdown import format_number, with_bound


def listed(items: Iterable[str]) -> str:
    """Items joined for prose: 'A', 'A and B', 'A, B and C'.

    >>> listed(["A"]), listed(["A", "B"]), listed(["A", "B", "C"]), listed([])
    ('A', 'A and B', 'A, B and C', '')
    """
    items = list(items)
    return " and ".join([", ".join(items[:-1]), items[-1]]) if len(items) > 1 else "".join(items)


def as_of_groups(shielded: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The residents table on its first as-of date (the end of the disclosure year) and on its last (after the next
    block), each indexed by group (blocked ICE, open to ICE, all).

    >>> from analysis.sources import load_states
    >>> states = load_states()
    >>> shielded = pd.concat([compare.residents_by_access(states, d) for d in ("2025-09-30", "2025-11-19")])
    >>> end, later = as_of_groups(shielded)
    >>> end.loc[compare.BLOCKED, "usps"], later.loc[compare.BLOCKED, "usps"]
    ('IL MA MN NY', 'IL MA MN NY WA')
    """
    days = list(dict.fromkeys(shielded["as_of"]))
    return tuple(shielded[shielded["as_of"] == day].set_index("group") for day in (days[0], days[-1]))


def _period(table: pd.DataFrame) -> tuple[str, str]:
    """A table's own ``period_start`` and ``period_end`` (one period per table)."""
    return str(table["period_start"].iloc[0]), str(table["period_end"].iloc[0])


# ---- who is shielded --------------------------------------------------------------------------------------------


def shielded_summary(shielded: pd.DataFrame, states: pd.DataFrame) -> str:
    """How many residents the blocking jurisdictions held at the end of the disclosure year, the share left open,
    the share after the next block, and what the populations are.

    >>> from analysis.sources import load_states
    >>> states = load_states()
    >>> shielded = pd.concat([compare.residents_by_access(states, d) for d in ("2025-09-30", "2025-11-19")])
    >>> shielded_summary(shielded, states).split(",")[0]
    '**Derived.** On 2025-09-30'
    """
    end, later = as_of_groups(shielded)
    blocked_row, open_row, all_row = (end.loc[g] for g in (compare.BLOCKED, compare.OPEN, "all"))
    later_blocked = later.loc[compare.BLOCKED]
    next_block = compare.first_block_after(states, blocked_row["as_of"])
    return (
        f"**Derived.** On {blocked_row['as_of']}, the last day of the disclosure year, the "
        f"{blocked_row['jurisdictions']} jurisdictions that had blocked ICE ({blocked_row['usps']}) were home to "
        f"**{blocked_row['residents']:,} residents, {blocked_row['share_of_total']:.1%}** of the "
        f"{all_row['residents']:,} in the 50 states, DC and the territories. ICE could still query the DMV records of "
        f"the other {open_row['jurisdictions']} jurisdictions ({open_row['share_of_total']:.1%} of residents). With "
        f"{next_block['name']}'s block on {later_blocked['as_of']}, the shielded share rises to "
        f"{later_blocked['share_of_total']:.1%}.\n\n"
        f"Populations: {compare.vintage_note(states)}; none is for the disclosure year itself. No sourced "
        f"licensed-driver count exists in `data/raw/`, so residents stand in for the people whose records are on file."
    )


# ---- block dates ------------------------------------------------------------------------------------------------


def covered_groups(dates: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The rows of ``dates`` whose block covered the whole period (``known``), may have (``unknown``: no published
    start date), began after its start (``after``), or was in progress (``in_progress``).

    >>> from analysis.sources import load_states
    >>> groups = covered_groups(compare.block_dates(load_states()))
    >>> {k: v["usps"].tolist() for k, v in groups.items()}
    {'known': ['NY'], 'unknown': ['IL', 'MA', 'MN'], 'after': ['WA'], 'in_progress': ['OR']}
    """
    blocked = dates["status"] == "blocked"
    return {
        "known": dates[dates["covered_whole_period"].eq(True).fillna(False)],
        "unknown": dates[dates["covered_whole_period"].isna()],
        "after": dates[blocked & dates["covered_whole_period"].eq(False).fillna(False)],
        "in_progress": dates[dates["status"] == "in progress"],
    }


def in_progress_sentence(names: list[str], as_of: list[str] | None = None) -> str:
    """'Oregon's block was in progress[ on D, with no date].', or the plural for several states; '' for none.

    >>> in_progress_sentence(["Oregon"], ["2025-11-12"]), in_progress_sentence(["A", "B"])
    ("Oregon's block was in progress on 2025-11-12, with no date.", 'The blocks of A and B were in progress.')
    """
    if not names:
        return ""
    when = f" on {listed(dict.fromkeys(as_of))}, with no date" if as_of else ""
    if len(names) == 1:
        return f"{names[0]}'s block was in progress{when}."
    return f"The blocks of {listed(names)} were in progress{when.replace('no date', 'no dates')}."


def block_dates_summary(dates: pd.DataFrame) -> str:
    """Which blocks covered the whole disclosure year, which may have (no published start date), which began after
    it and which were in progress.

    >>> from analysis.sources import load_states
    >>> print(block_dates_summary(compare.block_dates(load_states())).split(". ")[1])
    New York's block (in force since 2019-12-14) covered all of it
    """
    start, end = _period(dates)
    g = covered_groups(dates)
    progress = g["in_progress"]
    return (
        f"**Published dates, derived coverage.** The disclosure year ran {start} to {end}. "
        f"{listed(g['known']['name'])}'s block (in force since {listed(g['known']['effective_date'])}) covered all "
        f"of it. For {listed(g['unknown']['name'])} the start date is **not published**, so whether their blocks "
        f"covered the whole year is unknown. {listed(g['after']['name'])}'s block began on "
        f"{listed(g['after']['effective_date'])}, after the period: its residents were open to ICE throughout the "
        f"year the counts describe. "
        + in_progress_sentence(list(progress["name"]), list(progress["status_as_of"]))
    ).strip()


# ---- exposure in the open states --------------------------------------------------------------------------------


def open_rate(row: Any) -> str:
    """An open-jurisdiction rate of :func:`~analysis.compare.queries_per_100k_open` (a row, as from
    ``itertuples``) in whole queries with its bound in words, rounded in the safe direction (up, for a ceiling).

    >>> from types import SimpleNamespace
    >>> open_rate(SimpleNamespace(per_100k_open_residents=97.2, bound="at most"))
    'at most 98'
    """
    return with_bound(format_number(row.per_100k_open_residents, 0, row.bound), row.bound)


def open_rate_paragraphs(rates: pd.DataFrame) -> list[str]:
    """One paragraph per agency: its queries per 100,000 residents of the open jurisdictions with its kind and bound
    (a modelled ceiling), the published count and residents behind it, the all-residents rate, and the assumption it
    rests on.

    >>> from analysis.sources import load_states
    >>> rates = compare.queries_per_100k_open(load_states())
    >>> open_rate_paragraphs(rates)[0].split(": 292")[0]
    '**ICE: at most 98 queries per 100,000 residents of the open jurisdictions** (modelled, a ceiling)'
    """
    return [
        f"**{row.agency}: {open_rate(row)} queries per 100,000 residents of the open jurisdictions** "
        f"({row.kind}, a ceiling): {row.queries:,} published queries in {row.period_start} to {row.period_end} over "
        f"{row.open_residents:,} residents ({format_number(row.per_100k_all_residents)} per 100,000 if spread over "
        f"all {row.all_residents:,}, for comparison only). *Assumption:* {row.assumption}"
        for row in rates.itertuples()
    ]


# ---- policy overlap ---------------------------------------------------------------------------------------------


def overlap_groups(overlap: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The licence-for-all jurisdictions (``licence``), those still open to ICE (``still_open``), and of those the
    ones that did and did not get the 2025-11-12 letters (``with_letter``, ``without_letter``).

    >>> from analysis.sources import load_states
    >>> groups = overlap_groups(compare.policy_overlap(load_states()))
    >>> len(groups["licence"]), len(groups["still_open"]), len(groups["with_letter"])
    (21, 17, 9)
    """
    still_open = overlap[overlap["still_open_to_ice"]]
    return {
        "licence": overlap[overlap["licence_for_all"]],
        "still_open": still_open,
        "with_letter": still_open[still_open["letter_2025_11_12"]],
        "without_letter": still_open[~still_open["letter_2025_11_12"]],
    }


def policy_overlap_summary(overlap: pd.DataFrame, dates: pd.DataFrame) -> str:
    """How many licence-for-all jurisdictions had not blocked ICE on the overlap's date, their residents and names,
    who got the letters, and why the later-blocking and in-progress states are among them.

    >>> from analysis.sources import load_state_level_figures, load_states
    >>> states = load_states()
    >>> text = policy_overlap_summary(compare.policy_overlap(states), compare.block_dates(states))
    >>> text.split(" on ")[0].split(", ")[1]
    '**17 had not blocked ICE**'
    """
    g = overlap_groups(overlap)
    still_open, without_letter = g["still_open"], g["without_letter"]
    open_codes = set(still_open["usps"])
    after = covered_groups(dates)["after"]
    after = after[after["usps"].isin(open_codes)]
    progress = still_open[still_open["block_status"] == "in progress"]
    return (
        f"**Derived from published facts.** Of the {len(g['licence'])} jurisdictions that license drivers regardless "
        f"of immigration status, **{len(still_open)} had not blocked ICE** on {overlap['open_as_of'].iloc[0]} "
        f"({still_open['residents'].sum():,} residents): {', '.join(still_open['name'])}. "
        f"{len(g['with_letter'])} of them got the 2025-11-12 letters; {len(without_letter)} did not "
        f"({', '.join(without_letter['name'])}). "
        + " ".join(f"{r.name} is among the open ones because its block began only on {r.effective_date}."
                   for r in after.itertuples())
        + (" " + in_progress_sentence(list(progress["name"])) if len(progress) else "")
        + " The licence list comes from trackers (NILC's own table was not retrieved), and 'not listed' is not a "
        "legal finding."
    )


# ---- one state's own count --------------------------------------------------------------------------------------


def state_count_summary(wa: pd.DataFrame, states: pd.DataFrame, rates: pd.DataFrame) -> str:
    """The one state with a published count of its own (Washington, the first row of ``wa``): the count, its rates,
    when ICE was cut off, and why it cannot be set against the national ICE and HSI counts in ``rates``.

    >>> from analysis.sources import load_state_level_figures, load_states
    >>> states = load_states()
    >>> wa = compare.state_figure_rates(load_state_level_figures(), states)
    >>> state_count_summary(wa, states, compare.queries_per_100k_open(states)).split(" by ")[0]
    '**Published:** 2,671,776 queries of Washington Department of Licensing data'
    """
    w = wa.iloc[0]
    cut = compare.block_dates(states).set_index("usps").loc[w["state"], "effective_date"]
    national = rates.set_index("agency")
    ice_q, hsi_q = (national.loc[a, "queries"] for a in ("ICE", "HSI"))
    start, end = _period(rates)
    return (
        f"**Published:** {w['queries']:,} queries of {w['name']} Department of Licensing data by *all federal "
        f"agencies*, through ACCESS/Nlets, {w['period_start']} to {w['period_end']} ({w['calendar_months']} calendar "
        f"months, {w['days']} days). **Derived:** about **{w['per_day']:,.0f} a day**, or "
        f"**{w['per_100k_residents']:,.0f} per 100,000 {w['name']} residents** (population on {w['residents_date']}). "
        f"ICE was cut off on {cut}, {(pd.Timestamp(w['period_end']) - pd.Timestamp(cut)).days} days before the period "
        f"ended.\n\n"
        f"**Why it cannot be set against the national ICE ({ice_q:,}) and HSI ({hsi_q:,}) counts.** It counts every "
        f"federal agency (CBP, FBI and others, not ICE alone; no split by agency was published); it covers "
        f"{w['period_start']} to {w['period_end']}, not the disclosure year {start} to {end}; it is one state's "
        f"records, while the national counts have no per-state split to set it against. Dividing one by the other "
        f"would mix agencies, periods and geography. Like every count here, it counts queries, not people."
    )


def out_of_scope_note(scope: pd.DataFrame) -> str:
    """The state-level figures that are not about Nlets DMV queries, each named once with the reason.

    >>> from analysis.sources import load_state_level_figures
    >>> figures = load_state_level_figures()
    >>> scope = compare.state_figures_scope(figures, figures.iloc[:0])
    >>> out_of_scope_note(scope).split("; ")[0]
    '**Out of scope, named so they are not mixed in:** WA daps searches on ice account (DAPS, not Nlets)'
    """
    out_of_scope = scope[scope["scope"] != "in scope"]
    return (
        "**Out of scope, named so they are not mixed in:** "
        + "; ".join(dict.fromkeys(f"{r.state} {r.metric.replace('_', ' ')} ({r.scope.removeprefix('out of scope: ')})"
                                  for r in out_of_scope.itertuples()))
        + ". Other in-scope Washington figures count single cases or have no exact value, so they get no rate."
    )


# ---- a researcher's own counts ----------------------------------------------------------------------------------


def before_after_summary(split: pd.DataFrame, kind: str) -> str:
    """ICE queries per day before and after each block date the file spans (from
    :func:`~analysis.compare.before_after_block`), or why there is no such comparison.

    >>> split = pd.DataFrame({"usps": ["WA"], "block_date": ["2025-11-19"], "agency": ["ICE"],
    ...     "before_per_day": [1.0], "after_per_day": [0.0], "spanning_queries": [15]})
    >>> print(before_after_summary(split, "synthetic").replace(" (15", "\\n(15"))
    **Synthetic, from the file.** WA: ICE queries 1.0 a day before its block (2025-11-19) and 0.0 a day after
    (15 queries in periods that span the date are left out).
    """
    if split.empty:
        return "*The file's periods do not span any published block date, so there is no before/after comparison.*"
    ice_split = split[split["agency"] == "ICE"]
    return "**" + kind.capitalize() + ", from the file.** " + " ".join(
        f"{r.usps}: ICE queries {r.before_per_day:,.1f} a day before its block ({r.block_date}) and "
        f"{r.after_per_day:,.1f} a day after ({r.spanning_queries:,} queries in periods that span the date are "
        f"left out)." for r in ice_split.itertuples())


# ---- limits and citable numbers ---------------------------------------------------------------------------------


def limits(states: pd.DataFrame, shielded: pd.DataFrame, dates: pd.DataFrame, wa: pd.DataFrame) -> str:
    """The notebook's limits as a Markdown list: queries not people, whose queries Nlets carries, no per-state
    split, other years, unpublished block dates and the one state's count.

    >>> from analysis.sources import load_state_level_figures, load_states
    >>> states = load_states()
    >>> shielded = compare.residents_by_access(states, "2025-09-30")
    >>> wa = compare.state_figure_rates(load_state_level_figures(), states)
    >>> limits(states, shielded, compare.block_dates(states), wa).splitlines()[4].split(";")[0]
    '- **Block dates.** Published only for New York and Washington'
    """
    end_groups, _ = as_of_groups(shielded)
    start, end = _period(dates)
    dated = dates[dates["effective_date"] != "not published"].query("status == 'blocked'")
    unknown = covered_groups(dates)["unknown"]
    reported = states["block_status_as_of"].dropna()
    return (
        "- **Queries, not people.** Every count is of DMV queries. Repeat look-ups of one person are not removed; no "
        "count of people, licences or vehicles was published.\n"
        "- **Federal and out-of-state users only.** Police rarely use Nlets to query their own state's records, so the "
        "national total leaves out most in-state access.\n"
        "- **No per-state split in the disclosure.** The ICE and HSI counts are national. Rates per 100,000 residents "
        f"of the open jurisdictions assume that {end_groups.loc[compare.BLOCKED, 'usps']} received none of ICE's "
        "queries (nor HSI's); they are modelled averages, not any state's rate, and ceilings: any query that went to "
        "those states lowers them. Whether those states also blocked HSI is not stated.\n"
        f"- **Other years.** Populations: {compare.vintage_note(states)}, not counts for the disclosure year "
        f"({start} to {end}); no licensed-driver figure is sourced, so residents are the denominator.\n"
        f"- **Block dates.** Published only for {listed(dated['name'])}; {listed(unknown['name'])} are assumed "
        f"blocked throughout. Block status is a snapshot reported {reported.min():%Y-%m-%d} to "
        f"{reported.max():%Y-%m-%d}.\n"
        f"- **{wa.iloc[0]['name']}'s count** covers all federal agencies, another period and one state: it is shown, "
        "not compared."
    )


def citable_numbers(
    shielded: pd.DataFrame, rates: pd.DataFrame, overlap: pd.DataFrame, wa: pd.DataFrame
) -> list[dict[str, Any]]:
    """Notebook 02's rows for :func:`analysis.export.write_citable_numbers`: the share of residents in the blocking
    states, ICE's and HSI's queries per 100,000 open-state residents, the licence-for-all states still open to ICE,
    and Washington's federal queries per day; each with a sentence generated from its value.

    The per-100,000 rates take their kind and bound from :func:`~analysis.compare.queries_per_100k_open` (modelled,
    at most), are printed in whole queries rounded up, and their sentences state the assumption beside the number.

    >>> from analysis.sources import load_state_level_figures, load_states
    >>> states = load_states()
    >>> shielded = compare.residents_by_access(states, "2025-09-30")
    >>> wa = compare.state_figure_rates(load_state_level_figures(), states)
    >>> rows = citable_numbers(shielded, compare.queries_per_100k_open(states), compare.policy_overlap(states), wa)
    >>> [(r["id"], r["formatted_value"]) for r in rows][:2]
    [('02-residents-in-blocking-states-share', '13.2%'), ('02-ice-queries-per-100k-open-residents', '98')]
    """
    def ids(*tables: pd.DataFrame) -> list[str]:
        return compare.source_id_list(tables)

    end_groups, _ = as_of_groups(shielded)
    blocked_row, all_row = end_groups.loc[compare.BLOCKED], end_groups.loc["all"]
    g = overlap_groups(overlap)
    still_open, licence = g["still_open"], g["licence"]
    open_rates = rates.set_index("agency")
    w = wa.iloc[0]
    numbers = [
        {"id": "02-residents-in-blocking-states-share", "value": blocked_row["share_of_total"],
         "formatted_value": f"{blocked_row['share_of_total']:.1%}", "bound": "exact", "kind": "derived",
         "sentence": f"{blocked_row['share_of_total']:.1%} of U.S. residents ({blocked_row['residents']:,}) lived in "
                     f"the states Nlets said blocked ICE's DMV queries ({blocked_row['usps']}), as of "
                     f"{blocked_row['as_of']} (populations: {all_row['vintages']}).",
         "source_ids": ids(shielded)},
    ]
    blocked_codes = blocked_row["usps"]
    unless = {
        "ICE": "it is the average itself only if those states received none of ICE's queries",
        "HSI": "it assumes those states received none of HSI's queries, but whether they blocked HSI is not stated, "
               "so the true figure may be lower",
    }
    for agency in ("ICE", "HSI"):
        r = open_rates.loc[agency]
        bound = r["bound"]
        formatted = format_number(r["per_100k_open_residents"], 0, bound)
        numbers.append({
            "id": f"02-{agency.lower()}-queries-per-100k-open-residents", "value": r["per_100k_open_residents"],
            "formatted_value": formatted, "bound": bound, "kind": r["kind"],
            "sentence": f"{agency} ran {with_bound(formatted, bound)} DMV queries through Nlets per 100,000 residents "
                        f"of the states that had not blocked ICE, {r['period_start']} to {r['period_end']}: a "
                        f"modelled average over those states, not a per-state figure, and a ceiling, because some "
                        f"queries may have gone to the blocking states ({blocked_codes}); {unless[agency]}.",
            "source_ids": ids(rates)})
    numbers += [
        {"id": "02-licence-for-all-states-open-to-ice", "value": len(still_open),
         "formatted_value": str(len(still_open)), "bound": "exact", "kind": "derived",
         "sentence": f"{len(still_open)} of the {len(licence)} jurisdictions that license drivers regardless of "
                     f"immigration status had not blocked ICE's Nlets DMV queries as of "
                     f"{overlap['open_as_of'].iloc[0]}.",
         "source_ids": ids(overlap)},
        {"id": "02-wa-federal-queries-per-day", "value": w["per_day"], "formatted_value": f"{w['per_day']:,.0f}",
         "bound": "exact", "kind": "derived",
         "sentence": f"Federal agencies queried {w['name']} DOL data through ACCESS/Nlets about {w['per_day']:,.0f} "
                     f"times a day from {w['period_start']} to {w['period_end']} ({w['queries']:,} queries, all "
                     f"federal agencies).",
         "source_ids": ids(wa)},
    ]
    return numbers
