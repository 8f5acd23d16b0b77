"""Notebook 02's prose: Markdown sentences and the citable numbers, built from the computed tables of
:mod:`analysis.findings.blocking`, never typed.

Each function takes the tables the notebook shows (``shielded`` from :func:`~analysis.findings.blocking.residents_by_access`
on two as-of dates, ``dates`` from :func:`~analysis.findings.blocking.block_dates`, ``rates`` from
:func:`~analysis.findings.blocking.queries_per_100k_open`, ``overlap`` from :func:`~analysis.findings.blocking.policy_overlap`, ``wa``
from :func:`~analysis.findings.state_figures.state_figure_rates`, ``scope`` from :func:`~analysis.findings.state_figures.state_figures_scope`),
so the words always match the tables beside them. Dates come from the tables themselves.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pandas as pd

from analysis.findings import blocking as compare
from analysis.findings import state_figures  # noqa: F401 (the doctests use it)
from analysis.publish.caveats import MOSTLY_FEDERAL, NO_PER_STATE_SPLIT, QUERIES_NOT_PEOPLE
from analysis.publish.text import spanish as es
from analysis.publish.prose import format_number, with_bound


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

    >>> from analysis.sources.tables import load_states
    >>> states = load_states()
    >>> shielded = pd.concat([compare.residents_by_access(states, d) for d in ("2025-09-30", "2025-11-19")])
    >>> end, later = as_of_groups(shielded)
    >>> end.loc[compare.BLOCKED, "usps"], later.loc[compare.BLOCKED, "usps"]
    ('IL MA MN NY', 'IL MA MN NY WA')
    """
    days = list(dict.fromkeys(shielded["as_of"]))
    return tuple(shielded[shielded["as_of"] == day].set_index("group") for day in (days[0], days[-1]))


def _period(table: pd.DataFrame) -> tuple[str, str]:
    """A table's own ``period_start`` and ``period_end`` (one period per table); the disclosure year for a table
    with no rows."""
    if table.empty:
        return tuple(f"{d:%Y-%m-%d}" for d in compare.disclosure_period())  # type: ignore[return-value]
    return str(table["period_start"].iloc[0]), str(table["period_end"].iloc[0])


# ---- who is shielded --------------------------------------------------------------------------------------------


def plural(n: int, one: str, many: str) -> str:
    """'1 state', '2 states'.

    >>> plural(1, "state", "states"), plural(0, "state", "states")
    ('1 state', '0 states')
    """
    return f"{n} {one if n == 1 else many}"


def assumption_sentence(codes: str, as_of: str, reported_by: str) -> str:
    """The assumption behind counting blocks reported later as in force on ``as_of``; '' when none rests on it.

    >>> assumption_sentence("IL MN", "2025-09-30", "2025-11-12")
    'IL and MN are counted as blocking on 2025-09-30 on an assumption: their blocks were reported by 2025-11-12, and when they began is not published.'
    >>> assumption_sentence("", "2025-09-30", "")
    ''
    """
    names = codes.split()
    if not names:
        return ""
    their = "its block was" if len(names) == 1 else "their blocks were"
    reported_by = listed(reported_by.split()) if " " in reported_by.strip() else reported_by
    verb = "is" if len(names) == 1 else "are"
    return (f"{listed(names)} {verb} counted as blocking on {as_of} on an assumption: {their} reported by "
            f"{reported_by}, and when {'it' if len(names) == 1 else 'they'} began is not published.")


def _be(n: int) -> str:
    return "was" if n == 1 else "were"


def shielded_summary(shielded: pd.DataFrame, states: pd.DataFrame) -> str:
    """How many U.S. residents (50 states and DC) the blocking states held at the end of the disclosure year and after
    the next block, with the assumption the first figure rests on, and the territories beside them. Everything comes
    from the two tables given: the next block is the jurisdiction that joins the blocking group on the second date.

    >>> from analysis.sources.tables import load_states
    >>> states = load_states()
    >>> shielded = pd.concat([compare.residents_by_access(states, d) for d in ("2025-09-30", "2025-11-18")])
    >>> shielded_summary(shielded, states).split(" On ")[0]
    '**Derived, on an assumption.**'
    """
    end, later = as_of_groups(shielded)
    blocked_row, open_row, all_row = (end.loc[g] for g in (compare.BLOCKED, compare.OPEN, "all"))
    later_blocked = later.loc[compare.BLOCKED]
    territories = end.loc["territories"] if "territories" in end.index else None
    assumed = str(blocked_row["assumed"])
    n_blocked, n_open = int(blocked_row["jurisdictions"]), int(open_row["jurisdictions"])
    label = "**Derived, on an assumption.**" if assumed else "**Derived.**"
    if n_blocked:
        blocked_text = (f"the {plural(n_blocked, 'state', 'states')} counted as blocking ICE ({blocked_row['usps']}) "
                        f"{_be(n_blocked)} home to **{blocked_row['residents']:,} residents, "
                        f"{blocked_row['share_of_total']:.1%}** of the {all_row['residents']:,} in the 50 states and DC.")
    else:
        blocked_text = (f"no state is known to have blocked ICE; the 50 states and DC had {all_row['residents']:,} "
                        "residents.")
    text = (
        f"{label} On {blocked_row['as_of']}, the last day of the disclosure year, {blocked_text} "
        f"{assumption_sentence(assumed, blocked_row['as_of'], str(blocked_row['assumed_reported_by']))} "
        + (f"ICE is not known to have been blocked from the records of the other "
           f"{plural(n_open, 'jurisdiction', 'jurisdictions')} ({open_row['share_of_total']:.1%} of residents)."
           if n_blocked and n_open else "")
    )
    joined = sorted(set(str(later_blocked["usps"]).split()) - set(str(blocked_row["usps"]).split()))
    if later_blocked["as_of"] != blocked_row["as_of"] and joined:
        names = listed(states.set_index("usps").loc[joined, "name"])
        whose = f"{names}'s block" if len(joined) == 1 else f"the blocks of {names}"
        text += (f" With {whose} (applied {later_blocked['as_of']}), the share counted as blocking is "
                 f"{later_blocked['share_of_total']:.1%} on {later_blocked['as_of']}.")
    if territories is not None and territories["jurisdictions"]:
        n = int(territories["jurisdictions"])
        text += (f" The {plural(n, 'territory', 'territories')} ({territories['usps']}, "
                 f"{territories['residents']:,} residents) {'is' if n == 1 else 'are'} shown beside these totals, "
                 f"not in them.")
    return " ".join(text.split()) + (
        f"\n\nPopulations: {compare.vintage_note(states)}. No sourced licensed-driver count exists in `data/raw/`, so "
        "residents stand in for the people whose records are on file."
    )


# ---- block dates ------------------------------------------------------------------------------------------------


def covered_groups(dates: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The rows of ``dates`` whose block covered the whole period (``known``), may have (``unknown``: only a report,
    no start date), began after its start (``after``), or was in progress (``in_progress``).

    >>> from analysis.sources.tables import load_states
    >>> groups = covered_groups(compare.block_dates(load_states()))
    >>> {k: v["usps"].tolist() for k, v in groups.items()}
    {'known': [], 'unknown': ['IL', 'MA', 'MN', 'NY'], 'after': ['WA'], 'in_progress': ['OR']}
    """
    blocked = dates["status"] == "blocked"
    covered = dates["covered_whole_period"]
    return {
        "known": dates[blocked & covered.eq(True).fillna(False)],
        "unknown": dates[blocked & covered.isna()],
        "after": dates[blocked & covered.eq(False).fillna(False)],
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


def legal_basis_sentence(rows: pd.DataFrame) -> str:
    """The laws or rules in force beside the reported blocks, each with what its date is; '' for none.

    >>> rows = pd.DataFrame({"name": ["New York", "Illinois"], "law_or_rule": ["law effective 2019-12-14", ""]})
    >>> legal_basis_sentence(rows)
    'Legal basis on record: New York, law effective 2019-12-14 (a law barring disclosure to immigration enforcement is not the day Nlets stopped answering ICE).'
    """
    with_law = rows[rows["law_or_rule"].fillna("") != ""]
    if with_law.empty:
        return ""
    parts = "; ".join(f"{r.name}, {r.law_or_rule}" for r in with_law.itertuples())
    return (f"Legal basis on record: {parts} (a law barring disclosure to immigration enforcement is not the day "
            "Nlets stopped answering ICE).")


def conflict_clause(other_dates: list[str]) -> str:
    """' (a weak source gives 2025-11-19)' beside a confirmed date, or '' when no source disagrees.

    >>> conflict_clause(["2025-11-19"]), conflict_clause([])
    (' (an unconfirmed account gives 2025-11-19)', '')
    """
    return f" (an unconfirmed account gives {listed(other_dates)})" if other_dates else ""


def block_dates_summary(dates: pd.DataFrame) -> str:
    """Which blocks are known to have covered the whole disclosure year, which may have (reported, no start date),
    which began after it and which were in progress, each date with what it means.

    >>> from analysis.sources.tables import load_states
    >>> print(block_dates_summary(compare.block_dates(load_states())).split(". ")[1])
    No block on ICE's Nlets queries is known to have covered all of it
    """
    start, end = _period(dates)
    g = covered_groups(dates)
    known, unknown, after, progress = g["known"], g["unknown"], g["after"], g["in_progress"]
    parts = [f"**Published dates, derived coverage.** The disclosure year ran {start} to {end}."]
    if known.empty:
        parts.append("No block on ICE's Nlets queries is known to have covered all of it.")
    else:
        parts.append(f"{listed(known['name'])} blocked ICE before it began "
                     f"({listed(f'{r.date_meaning} {r.block_date}' for r in known.itertuples())}).")
    if len(unknown):
        reported = listed(dict.fromkeys(unknown["block_date"]))
        one = len(unknown) == 1
        parts.append(f"{listed(unknown['name'])} {_be(len(unknown))} reported blocked by {reported}; when "
                     f"{'that block' if one else 'those blocks'} began is **not published**, so whether "
                     f"{'it' if one else 'they'} covered the year is unknown.")
        parts.append(legal_basis_sentence(unknown))
    conflicts = compare.unconfirmed_applied_dates()
    for r in after.itertuples():
        parts.append(f"{r.name}'s block was applied on {r.block_date}{conflict_clause(conflicts.get(r.usps, []))}, "
                     "after the period: ICE could query its records throughout the year the counts describe.")
    parts.append(in_progress_sentence(list(progress["name"]), list(progress["block_date"])))
    return " ".join(p for p in parts if p)


# ---- exposure in the open states --------------------------------------------------------------------------------


def open_rate(row: Any) -> str:
    """An open-jurisdiction rate of :func:`~analysis.findings.blocking.queries_per_100k_open` (a row, as from
    ``itertuples``) in whole queries with its bound in words, rounded in the safe direction (up, for a ceiling).

    >>> from types import SimpleNamespace
    >>> open_rate(SimpleNamespace(per_100k_open_residents=97.2, bound="at most"))
    'at most 98'
    """
    return with_bound(format_number(row.per_100k_open_residents, 0, row.bound), row.bound)


def open_rate_paragraphs(rates: pd.DataFrame) -> list[str]:
    """One paragraph per agency: its queries per 100,000 residents of the states and DC not known to block ICE, with
    its kind and bound (a modelled ceiling), the published count and residents behind it, the all-residents rate,
    and the assumption it rests on.

    >>> from analysis.sources.tables import load_states
    >>> rates = compare.queries_per_100k_open(load_states())
    >>> open_rate_paragraphs(rates)[0].split(": 292")[0]
    '**ICE: at most 99 queries per 100,000 residents of the states and DC not known to block ICE** (modelled, a ceiling)'
    """
    return [
        f"**{row.agency}: {open_rate(row)} queries per 100,000 residents of the states and DC not known to block "
        f"ICE** ({row.kind}, a ceiling): {row.queries:,} published queries in {row.period_start} to {row.period_end} "
        f"over {row.open_residents:,} residents ({format_number(row.per_100k_all_residents)} per 100,000 if spread "
        f"over all {row.all_residents:,} residents of the 50 states and DC, for comparison only). *Assumption:* "
        f"{row.assumption}"
        for row in rates.itertuples()
    ]


# ---- policy overlap ---------------------------------------------------------------------------------------------


def overlap_groups(overlap: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The licence-for-all jurisdictions (``licence``) split by what is on record for ICE: ``named`` (among the
    states Nlets said it knew to block ICE), ``reported_open`` (the 2025-11-12 letters said ICE still had access),
    ``later`` (a block applied after the date), ``in_progress``, and ``no_report`` (nothing on record, which is not
    a finding that ICE had access).

    >>> from analysis.sources.tables import load_states
    >>> groups = overlap_groups(compare.policy_overlap(load_states()))
    >>> {k: len(v) for k, v in groups.items()}
    {'licence': 21, 'named': 4, 'blocked': 0, 'reported_open': 9, 'later': 1, 'in_progress': 1, 'no_report': 6}
    """
    licence = overlap[overlap["licence_for_all"]]
    named = licence[licence["named_by_nlets"]]
    rest = licence[~licence["named_by_nlets"]]
    on_record = ["reported open", "blocked later", "in progress", "blocked", "assumed blocked"]
    return {
        "licence": licence,
        "named": named,
        "blocked": rest[rest["status"].isin(["blocked", "assumed blocked"])],
        "reported_open": rest[rest["status"] == "reported open"],
        "later": rest[rest["status"] == "blocked later"],
        "in_progress": rest[rest["status"] == "in progress"],
        "no_report": rest[~rest["status"].isin(on_record)],
    }


def licence_jurisdictions(licence: pd.DataFrame) -> str:
    """'the 21 jurisdictions that license drivers regardless of immigration status (19 states and DC, on NCSL's
    list, and Puerto Rico)': the count split by kind, because NCSL's list covers states and DC only.

    >>> rows = pd.DataFrame({"name": ["A", "District of Columbia", "Puerto Rico"],
    ...                      "jurisdiction_type": ["state", "district", "territory"]})
    >>> licence_jurisdictions(rows)
    "the 3 jurisdictions that license drivers regardless of immigration status (1 state and DC, on NCSL's list, and Puerto Rico)"
    >>> licence_jurisdictions(rows.iloc[:1])
    "the 1 jurisdiction that licenses drivers regardless of immigration status (1 state, on NCSL's list)"
    """
    n = len(licence)
    types = licence["jurisdiction_type"]
    on_list = [plural(int((types == "state").sum()), "state", "states")] if (types == "state").any() else []
    on_list += ["DC"] if (types == "district").any() else []
    territories = list(licence.loc[types == "territory", "name"])
    inner = (f"{' and '.join(on_list)}, on NCSL's list" if on_list else "")
    inner = ", and ".join(p for p in (inner, listed(territories)) if p)
    verb = "licenses" if n == 1 else "license"
    return (f"the {plural(n, 'jurisdiction', 'jurisdictions')} that {verb} drivers regardless of immigration status"
            + (f" ({inner})" if inner else ""))


def licence_jurisdictions_es(licence: pd.DataFrame) -> str:
    """The Spanish counterpart of :func:`licence_jurisdictions`.

    >>> rows = pd.DataFrame({"name": ["A", "District of Columbia", "Puerto Rico"], "usps": ["AL", "DC", "PR"],
    ...                      "jurisdiction_type": ["state", "district", "territory"]})
    >>> licence_jurisdictions_es(rows)
    'las 3 jurisdicciones que otorgan licencias de conducir sin importar el estatus migratorio (1 estado y DC, en la lista de NCSL, y Puerto Rico)'
    """
    n = len(licence)
    types = licence["jurisdiction_type"]
    n_states = int((types == "state").sum())
    on_list = [f"{n_states:,} {'estado' if n_states == 1 else 'estados'}"] if n_states else []
    on_list += ["DC"] if (types == "district").any() else []
    inner = f"{' y '.join(on_list)}, en la lista de NCSL" if on_list else ""
    territories = es.nombres(list(licence.loc[types == "territory", "usps"]))
    inner = ", y ".join(p for p in (inner, territories) if p)
    head = "la jurisdicción que otorga" if n == 1 else f"las {n:,} jurisdicciones que otorgan"
    return f"{head} licencias de conducir sin importar el estatus migratorio" + (f" ({inner})" if inner else "")


def policy_overlap_summary(overlap: pd.DataFrame, dates: pd.DataFrame) -> str:
    """What is on record for ICE in the jurisdictions that license drivers regardless of immigration status: how many
    Nlets named as blocking, how many the letters reported open, which blocked later or were in progress, and which
    have no report at all, without calling the unreported ones open.

    >>> from analysis.sources.tables import load_states
    >>> states = load_states()
    >>> text = policy_overlap_summary(compare.policy_overlap(states), compare.block_dates(states))
    >>> text.split(". ")[0]
    "**Published facts, counted.** Of the 21 jurisdictions that license drivers regardless of immigration status (19 states and DC, on NCSL's list, and Puerto Rico), 4 are among the states Nlets said it knew to block ICE (Illinois, Massachusetts, Minnesota and New York)"
    """
    g = overlap_groups(overlap)
    day = overlap["status_as_of"].iloc[0] if len(overlap) else ""
    licence = g["licence"]
    if licence.empty:
        return "**Published facts.** No jurisdiction on record licenses drivers regardless of immigration status."
    parts = [f"**Published facts, counted.** Of {licence_jurisdictions(licence)}, {len(g['named'])} "
             + ("is" if len(g["named"]) == 1 else "are")
             + " among the states Nlets said it knew to block ICE"
             + (f" ({listed(g['named']['name'])})." if len(g["named"]) else ".")]
    if len(g["blocked"]):
        parts.append(f"{listed(g['blocked']['name'])} {_be(len(g['blocked']))} also counted as blocking ICE on "
                     f"{day} ({listed(g['blocked']['basis'])}).")
    if len(g["reported_open"]):
        parts.append(f"The 2025-11-12 letters reported {len(g['reported_open'])} of the others still open to ICE's "
                     f"Nlets queries ({g['reported_open']['residents'].sum():,} residents): "
                     f"{listed(g['reported_open']['name'])}.")
    for r in g["later"].itertuples():
        parts.append(f"{r.name}'s block on ICE was applied later, on {r.status_date}.")
    parts.append(in_progress_sentence(list(g["in_progress"]["name"])))
    if len(g["no_report"]):
        n = len(g["no_report"])
        parts.append(f"For the other {plural(n, 'jurisdiction', 'jurisdictions')} "
                     f"({listed(g['no_report']['name'])}) no report of ICE's access either way was found: "
                     f"{'it is' if n == 1 else 'they are'} not known to block ICE, which is not the same as open.")
    parts.append(f"Status on {day} (ICE's queries through Nlets).")
    return " ".join(p for p in parts if p)


# ---- one state's own count --------------------------------------------------------------------------------------


def state_count_summary(wa: pd.DataFrame, states: pd.DataFrame, rates: pd.DataFrame) -> str:
    """The one state with a published count of its own (Washington, the first row of ``wa``): the count, its rates,
    when ICE was cut off, and why it cannot be set against the national ICE and HSI counts in ``rates``.

    >>> from analysis.sources.tables import load_state_level_figures, load_states
    >>> states = load_states()
    >>> wa = state_figures.state_figure_rates(load_state_level_figures(), states)
    >>> state_count_summary(wa, states, compare.queries_per_100k_open(states)).split(" by ")[0]
    '**Published:** 2,671,776 queries of Washington Department of Licensing data'
    """
    w = wa.iloc[0]
    starts = compare.dated_block_starts()
    national = rates.set_index("agency")
    ice_q, hsi_q = (national.loc[a, "queries"] for a in ("ICE", "HSI"))
    start, end = _period(rates)
    return (
        f"**Published:** {w['queries']:,} queries of {w['name']} Department of Licensing data by *all federal "
        f"agencies*, through ACCESS/Nlets, {w['period_start']} to {w['period_end']} ({w['calendar_months']} calendar "
        f"months, {w['days']} days). **Derived:** about **{w['per_day']:,.0f} a day**, or "
        f"**{w['per_100k_residents']:,.0f} per 100,000 {w['name']} residents** (population on {w['residents_date']}). "
        + (f"ICE's Nlets access to {w['name']}'s records was cut on {starts[w['state']]:%Y-%m-%d} (applied"
           f"{conflict_clause(compare.unconfirmed_applied_dates().get(w['state'], [])).replace(' (', '; ')[:-1]}), "
           f"{(pd.Timestamp(w['period_end']) - starts[w['state']]).days} days before the period ended. "
           if w["state"] in starts.index else f"No date on which ICE was cut off in {w['name']} is on record. ")
        + "\n\n"
        f"**Why it cannot be set against the national ICE ({ice_q:,}) and HSI ({hsi_q:,}) counts.** It counts every "
        f"federal agency (CBP, FBI and others, not ICE alone; no split by agency was published); it covers "
        f"{w['period_start']} to {w['period_end']}, not the disclosure year {start} to {end}; it is one state's "
        f"records, while the national counts have no per-state split to set it against. Dividing one by the other "
        f"would mix agencies, periods and geography. Like every count here, it counts queries, not people."
    )


def out_of_scope_note(scope: pd.DataFrame) -> str:
    """The state-level figures that are not about Nlets DMV queries, each named once with the reason.

    >>> from analysis.sources.tables import load_state_level_figures
    >>> figures = load_state_level_figures()
    >>> scope = state_figures.state_figures_scope(figures, figures.iloc[:0])
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
    :func:`~analysis.findings.per_state.before_after_block`), or why there is no such comparison.

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

    >>> from analysis.sources.tables import load_state_level_figures, load_states
    >>> states = load_states()
    >>> shielded = compare.residents_by_access(states, "2025-09-30")
    >>> wa = state_figures.state_figure_rates(load_state_level_figures(), states)
    >>> limits(states, shielded, compare.block_dates(states), wa).splitlines()[4].split(";")[0]
    "- **Block dates.** No start date of a block on ICE's Nlets queries is published for Illinois, Massachusetts, Minnesota and New York"
    """
    end_groups, _ = as_of_groups(shielded)
    start, end = _period(dates)
    g = covered_groups(dates)
    unknown, after = g["unknown"], g["after"]
    blocked_codes = end_groups.loc[compare.BLOCKED, "usps"] or "none"
    dated = "; ".join(f"{r.name}'s block was applied on {r.block_date}" for r in after.itertuples())
    lines = [
        QUERIES_NOT_PEOPLE.limits_line(),
        MOSTLY_FEDERAL.limits_line(),
        f"{NO_PER_STATE_SPLIT.limits_line()} Rates per 100,000 residents "
        f"of the states and DC not known to block ICE assume that {blocked_codes} received none of ICE's queries (nor "
        "HSI's); they are modelled averages, not any state's rate, and ceilings: any query that went to those states "
        "or to a territory lowers them. Whether those states also blocked HSI is not stated.",
        f"- **Other years.** Populations: {compare.vintage_note(states)}, not counts for the disclosure year "
        f"({start} to {end}); no licensed-driver figure is sourced, so residents are the denominator. U.S. "
        "residents means the 50 states and DC; territories are shown beside them.",
        (f"- **Block dates.** No start date of a block on ICE's Nlets queries is published for {listed(unknown['name'])}; "
         f"{'it is' if len(unknown) == 1 else 'they are'} counted as blocking throughout the year on an "
         f"assumption (reported by "
         f"{listed(dict.fromkeys(unknown['block_date']))}). " if len(unknown) else "- **Block dates.** ")
        + (f"{dated}. " if dated else "")
        + "Status after the last report on record is unknown, not open.",
    ]
    if len(wa):
        lines.append(f"- **{wa.iloc[0]['name']}'s count** covers all federal agencies, another period and one state: "
                     "it is shown, not compared.")
    return "\n".join(lines)


def citable_numbers(
    shielded: pd.DataFrame, rates: pd.DataFrame, overlap: pd.DataFrame, wa: pd.DataFrame
) -> list[dict[str, Any]]:
    """Notebook 02's rows for :func:`analysis.publish.export.write_citable_numbers`: the share of U.S. residents in the
    states Nlets said it knew to block ICE, ICE's and HSI's queries per 100,000 residents of the states and DC not
    known to block ICE, the licence-for-all jurisdictions the letters reported open, and Washington's federal
    queries per day; each with a sentence generated from its value.

    The per-100,000 rates take their kind and bound from :func:`~analysis.findings.blocking.queries_per_100k_open` (modelled,
    at most), are printed in whole queries rounded up, and their sentences name the assumptions they rest on.

    >>> from analysis.sources.tables import load_state_level_figures, load_states
    >>> states = load_states()
    >>> shielded = compare.residents_by_access(states, "2025-09-30")
    >>> wa = state_figures.state_figure_rates(load_state_level_figures(), states)
    >>> rows = citable_numbers(shielded, compare.queries_per_100k_open(states), compare.policy_overlap(states), wa)
    >>> [(r["id"], r["formatted_value"]) for r in rows][:2]
    [('02-residents-in-blocking-states-share', '13.4%'), ('02-ice-queries-per-100k-open-residents', '99')]
    """
    def ids(*tables: pd.DataFrame) -> list[str]:
        return compare.source_id_list(tables)

    end_groups, _ = as_of_groups(shielded)
    blocked_row, all_row = end_groups.loc[compare.BLOCKED], end_groups.loc["all"]
    g = overlap_groups(overlap)
    open_rates = rates.set_index("agency")
    codes = blocked_row["usps"].split()
    named = " ".join(sorted(overlap.loc[overlap["named_by_nlets"], "usps"])) if len(overlap) else ""
    numbers = []
    if codes and blocked_row["usps"] == named:
        numbers.append(
            {"id": "02-residents-in-blocking-states-share", "value": blocked_row["share_of_total"],
             "formatted_value": f"{blocked_row['share_of_total']:.1%}", "bound": "exact", "kind": "derived",
             "sentence": f"{blocked_row['share_of_total']:.1%} of U.S. residents ({blocked_row['residents']:,} of "
                         f"{all_row['residents']:,} in the 50 states and DC, Census estimates) live in the "
                         f"{plural(len(codes), 'state', 'states')} Nlets said it knew to block ICE's DMV queries "
                         f"({listed(codes)})"
                         + (f", as reported by {listed(str(blocked_row['assumed_reported_by']).split())}."
                            if str(blocked_row["assumed_reported_by"]) else "."),
             "sentence_es": f"El {blocked_row['share_of_total']:.1%} de los residentes de EE. UU. "
                            f"({blocked_row['residents']:,} de {all_row['residents']:,} en los 50 estados y DC, "
                            f"estimaciones del Censo) vive en {'el' if len(codes) == 1 else 'los'} "
                            f"{len(codes)} {'estado' if len(codes) == 1 else 'estados'} que, según Nlets, "
                            f"bloquean las consultas de ICE al DMV ({es.lista(codes)})"
                            + (f", según lo informado hasta el "
                               f"{es.lista(str(blocked_row['assumed_reported_by']).split())}."
                               if str(blocked_row["assumed_reported_by"]) else "."),
             "source_ids": ids(shielded)})
    unless = {
        "ICE": "it is the average itself only if those states received none of ICE's queries",
        "HSI": "it assumes those states received none of HSI's queries, but whether they blocked HSI is not stated, "
               "so the true figure may be lower",
    }
    assumed = str(blocked_row["assumed"])
    n_assumed = len(assumed.split())
    assumed_clause = (f"; {listed(assumed.split())} {'is' if n_assumed == 1 else 'are'} counted as blocking "
                      f"throughout on the assumption that the {'block' if n_assumed == 1 else 'blocks'} reported by "
                      f"{listed(str(blocked_row['assumed_reported_by']).split())} "
                      f"{'was' if n_assumed == 1 else 'were'} already in force" if assumed else "")
    a_menos = {
        "ICE": "es el promedio mismo solo si esos estados no recibieron ninguna de las consultas de ICE",
        "HSI": "supone que esos estados no recibieron ninguna de las consultas de HSI, pero no se dice si bloquearon "
               "a HSI, así que la cifra real puede ser menor",
    }
    supuesto = (f"; {es.lista(assumed.split())} se cuenta{'n' if n_assumed != 1 else ''} como "
                f"bloqueando todo el periodo, suponiendo que {'el bloqueo informado' if n_assumed == 1 else 'los bloqueos informados'}"
                f" hasta el {es.lista(str(blocked_row['assumed_reported_by']).split())} ya "
                f"{'estaba' if n_assumed == 1 else 'estaban'} en vigor" if assumed else "")
    for agency in ("ICE", "HSI"):
        r = open_rates.loc[agency]
        bound = r["bound"]
        formatted = format_number(r["per_100k_open_residents"], 0, bound)
        numbers.append({
            "id": f"02-{agency.lower()}-queries-per-100k-open-residents", "value": r["per_100k_open_residents"],
            "formatted_value": formatted, "bound": bound, "kind": r["kind"],
            "sentence": f"{agency} ran {with_bound(formatted, bound)} DMV queries through Nlets per 100,000 residents "
                        f"of the states and DC not known to block ICE, {r['period_start']} to {r['period_end']}: a "
                        f"modelled average, not a per-state figure, and a ceiling, because some queries may have gone "
                        + (f"to the blocking states ({listed(codes)}) or to territories{assumed_clause}; "
                           f"{unless[agency]}." if codes else "to territories."),
            "sentence_es": f"{agency} hizo {es.con_cota(formatted, bound)} consultas al DMV a través de Nlets por cada "
                           f"100,000 residentes de los estados y DC que no se sabe que bloqueen a ICE, "
                           f"{r['period_start']} a {r['period_end']}: un promedio modelado, no una cifra por estado, y "
                           f"un máximo, porque algunas consultas pueden haber ido "
                           + (f"a los estados que bloquean ({es.lista(codes)}) o a territorios{supuesto}; "
                              f"{a_menos[agency]}." if codes else "a territorios."),
            "source_ids": ids(rates)})
    if len(g["licence"]):
        reported_open = g["reported_open"]
        numbers.append(
            {"id": "02-licence-for-all-states-reported-open", "value": len(reported_open),
             "formatted_value": str(len(reported_open)), "bound": "exact", "kind": "derived",
             "sentence": f"Of {licence_jurisdictions(g['licence'])}, {len(reported_open)} were reported by the lawmakers' 2025-11-12 letters as still "
                         f"giving ICE access to their DMV records through Nlets"
                         + (f" ({listed(reported_open['name'])})" if len(reported_open) else "") + ".",
             "sentence_es": f"De {licence_jurisdictions_es(g['licence'])}, {len(reported_open)} "
                            f"{'fue señalada' if len(reported_open) == 1 else 'fueron señaladas'} por las cartas de "
                            f"los legisladores del 2025-11-12 como jurisdicciones que aún daban a ICE acceso a sus "
                            f"registros del DMV a través de Nlets"
                            + (f" ({es.nombres(list(reported_open['usps']))})" if len(reported_open) else "") + ".",
             "source_ids": ids(reported_open) if len(reported_open) else ids(overlap)})
    if len(wa):
        w = wa.iloc[0]
        numbers.append(
            {"id": "02-wa-federal-queries-per-day", "value": w["per_day"], "formatted_value": f"{w['per_day']:,.0f}",
             "bound": "exact", "kind": "derived",
             "sentence": f"Federal agencies queried {w['name']} DOL data through ACCESS/Nlets {w['per_day']:,.0f} "
                         f"times a day on average from {w['period_start']} to {w['period_end']} ({w['queries']:,} "
                         f"queries, all federal agencies; rounded).",
             "sentence_es": f"Las agencias federales consultaron datos del DOL de "
                            f"{es.state_names().get(w['state'], w['name'])} a través de ACCESS/Nlets en promedio "
                            f"{w['per_day']:,.0f} veces al día del {w['period_start']} al {w['period_end']} "
                            f"({w['queries']:,} consultas, todas las agencias federales; redondeado).",
             "source_ids": ids(wa)})
    return numbers
