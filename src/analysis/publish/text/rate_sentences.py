"""Notebook 02's sentences on query rates and counts: the open states' modelled rates per 100,000 residents and the
one state's own published count (a researcher's own counts are worded by :mod:`analysis.publish.text.own_counts`).

``rates`` is :func:`~analysis.findings.rates_per_100k.queries_per_100k_open`, ``wa``
:func:`~analysis.findings.state_figures.state_figure_rates` and ``scope``
:func:`~analysis.findings.state_figures.state_figures_scope`, so the words always match the tables beside them.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from analysis.findings import block_history
from analysis.findings import rates_per_100k  # noqa: F401 (the doctests use it)
from analysis.findings import state_figures  # noqa: F401 (the doctests use it)
from analysis.publish.prose import format_number, with_bound
from analysis.publish.text.status_sentences import conflict_clause
from analysis.publish.text.wording import table_period


def open_rate(row: Any) -> str:
    """An open-jurisdiction rate of :func:`~analysis.findings.rates_per_100k.queries_per_100k_open` (a row, as from
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
    >>> rates = rates_per_100k.queries_per_100k_open(load_states())
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


def _cut_sentence(w: pd.Series, start: pd.Timestamp, words: str, to_the_day: bool) -> str:
    """When ICE was cut off in the one state with a count, as precisely as published, and how long before the
    count's period ended."""
    conflict = conflict_clause(block_history.unconfirmed_applied_dates().get(w["state"], [])).replace(" (", "; ")[:-1]
    days = (pd.Timestamp(w["period_end"]) - start).days
    if to_the_day:
        return (f"ICE's Nlets access to {w['name']}'s records was cut on {words} (applied{conflict}), {days} days "
                "before the period ended. ")
    return (f"ICE's Nlets access to {w['name']}'s records was cut in {words} (the day is not published{conflict}), "
            f"at most {days} days before the period ended. ")


def state_count_summary(wa: pd.DataFrame, states: pd.DataFrame, rates: pd.DataFrame) -> str:
    """The one state with a published count of its own (Washington, the first row of ``wa``): the count, its rates,
    when ICE was cut off, and why it cannot be set against the national ICE and HSI counts in ``rates``.

    >>> from analysis.sources.tables import load_state_level_figures, load_states
    >>> states = load_states()
    >>> wa = state_figures.state_figure_rates(load_state_level_figures(), states)
    >>> state_count_summary(wa, states, rates_per_100k.queries_per_100k_open(states)).split(" by ")[0]
    '**Published:** 2,671,776 queries of Washington Department of Licensing data'
    """
    w = wa.iloc[0]
    starts = block_history.dated_block_starts()
    national = rates.set_index("agency")
    ice_q, hsi_q = (national.loc[a, "queries"] for a in ("ICE", "HSI"))
    start, end = table_period(rates)
    return (
        f"**Published:** {w['queries']:,} queries of {w['name']} Department of Licensing data by *all federal "
        f"agencies*, through ACCESS/Nlets, {w['period_start']} to {w['period_end']} ({w['calendar_months']} calendar "
        f"months, {w['days']} days). **Derived:** about **{w['per_day']:,.0f} a day**, or "
        f"**{w['per_100k_residents']:,.0f} per 100,000 {w['name']} residents** (population on {w['residents_date']}). "
        + (_cut_sentence(w, starts[w["state"]], *block_history.dated_block_texts()[w["state"]])
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
