"""Notebook 02's limits, as a Markdown list built from the tables it shows."""

from __future__ import annotations

import pandas as pd

from analysis.findings import block_history  # noqa: F401 (the doctests use it)
from analysis.findings import comparison_basics, resident_shares
from analysis.findings import state_figures  # noqa: F401 (the doctests use it)
from analysis.publish.caveats import MOSTLY_FEDERAL, NO_PER_STATE_SPLIT, QUERIES_NOT_PEOPLE
from analysis.publish.text.status_sentences import as_of_groups, covered_groups
from analysis.publish.text.wording import listed, table_period
from analysis.sources import ice_access


def limits(states: pd.DataFrame, shielded: pd.DataFrame, dates: pd.DataFrame, wa: pd.DataFrame) -> str:
    """The notebook's limits as a Markdown list: queries not people, whose queries Nlets carries, no per-state
    split, other years, unpublished block dates and the one state's count.

    >>> from analysis.sources.tables import load_state_level_figures, load_states
    >>> states = load_states()
    >>> shielded = resident_shares.residents_by_access(states, "2025-09-30")
    >>> wa = state_figures.state_figure_rates(load_state_level_figures(), states)
    >>> limits(states, shielded, block_history.block_dates(states), wa).splitlines()[4].split(";")[0]
    "- **Block dates.** No start date of a block on ICE's Nlets queries is published for Illinois, Massachusetts, Minnesota and New York"
    """
    end_groups, _ = as_of_groups(shielded)
    start, end = table_period(dates)
    g = covered_groups(dates)
    unknown, after = g["unknown"], g["after"]
    blocked_codes = end_groups.loc[comparison_basics.BLOCKED, "usps"] or "none"
    dated = "; ".join(f"{r.name}'s block was applied {ice_access.on_date(r.block_date, r.month_part)}"
                      for r in after.itertuples())
    lines = [
        QUERIES_NOT_PEOPLE.limits_line(),
        MOSTLY_FEDERAL.limits_line(),
        f"{NO_PER_STATE_SPLIT.limits_line()} Rates per 100,000 residents "
        f"of the states and DC not known to block ICE assume that {blocked_codes} received none of ICE's queries (nor "
        "HSI's); they are modelled averages, not any state's rate, and ceilings: any query that went to those states "
        "or to a territory lowers them. Whether those states also blocked HSI is not stated.",
        f"- **Other years.** Populations: {resident_shares.vintage_note(states)}, not counts for the disclosure year "
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
