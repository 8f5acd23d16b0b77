"""ICE's and HSI's national query counts per 100,000 residents of the states and DC not known to block ICE: modelled
ceilings, each with the assumption it rests on."""

from __future__ import annotations

import pandas as pd

from analysis.findings.access_status import ice_access_as_of
from analysis.findings.comparison_basics import (
    HSI_METRIC,
    ICE_METRIC,
    PER,
    DateLike,
    disclosure_period,
    join_ids,
    to_day,
    us_residents,
)
from analysis.findings.resident_shares import vintage_note
from analysis.sources.tables import (
    load_disclosure_figures,
    load_states,  # noqa: F401 (the doctests use it)
)


def queries_per_100k_open(
    states: pd.DataFrame, as_of: DateLike | None = None, events: pd.DataFrame | None = None
) -> pd.DataFrame:
    """ICE's and HSI's published national query counts per 100,000 residents of the 50 states and DC not known to
    block ICE (the "open" states and DC).

    ``per_100k_open_residents`` is *modelled* (``kind``): no per-state split was published, so it rests on the
    assumption written in the ``assumption`` column beside it, that the blocking states received none of the agency's
    queries. It is a ceiling (``bound`` ``at most``) for the residents its words name: every query that went to a
    blocking state or to a territory lowers the true average over the open states and DC. ``as_of`` defaults to the
    last day of the disclosure period. ``per_100k_all_residents`` spreads the same count over all residents of the 50
    states and DC, as if no one had blocked: a point of comparison, not a floor.

    >>> table = queries_per_100k_open(load_states()).set_index("agency")
    >>> round(float(table.loc["ICE", "per_100k_open_residents"]), 1), round(float(table.loc["HSI", "per_100k_open_residents"]), 1)
    (98.7, 204.4)
    """
    day = to_day(as_of) if as_of is not None else disclosure_period()[1]
    access = ice_access_as_of(states, day, events)
    us = us_residents(states)
    in_us = states.index.isin(us.index)
    blocked = access["ice_blocked"].to_numpy()
    blocked_codes = " ".join(sorted(access.loc[blocked & in_us, "usps"]))
    open_residents = int(states.loc[~blocked & in_us, "population"].sum())
    all_residents = int(us["population"].sum())
    undated = " ".join(sorted(access.loc[access["assumed"] & in_us, "usps"]))
    undated_note = (f" ({undated} counted as blocking on {day:%Y-%m-%d} on the assumption that the blocks reported "
                    "later were already in force; their start dates are not published)") if undated else ""
    common = (
        "The disclosure gives no per-state split, so this is an average over the residents of the 50 states and DC "
        "not known to block ICE, not any one state's rate. Counts are queries, not people. Residents are the "
        f"denominator because no licensed-driver figure is sourced; populations: {vintage_note(us)}."
    )
    if blocked_codes:
        assumptions = {
            "ICE": f"Assumes the states that had blocked ICE ({blocked_codes}) received none of ICE's queries in the "
            f"period{undated_note}. Any query that went to them or to a territory lowers the true average, so this is "
            f"a ceiling. {common}",
            "HSI": f"Assumes, as for ICE, that {blocked_codes} received none of HSI's queries{undated_note}, but the "
            f"disclosure does not say whether they also blocked HSI; if they did not, the true average is lower, so "
            f"this is a ceiling. {common}",
        }
    else:
        no_block = (f"No state is known to have blocked ICE on {day:%Y-%m-%d}, so every resident of the 50 states and "
                    "DC is counted; any query that went to a territory lowers the true average, so this is a ceiling.")
        assumptions = {"ICE": f"{no_block} {common}", "HSI": f"{no_block} {common}"}
    rows = []
    for agency, metric in (("ICE", ICE_METRIC), ("HSI", HSI_METRIC)):
        figures = load_disclosure_figures().set_index("metric").loc[metric]
        queries = int(figures["value"])
        rows.append(
            {
                "agency": agency,
                "queries": queries,
                "period_start": to_day(figures["period_start"]).strftime("%Y-%m-%d"),
                "period_end": to_day(figures["period_end"]).strftime("%Y-%m-%d"),
                "open_as_of": day.strftime("%Y-%m-%d"),
                "blocked_usps": blocked_codes,
                "open_residents": open_residents,
                "per_100k_open_residents": queries / open_residents * PER if open_residents else float("nan"),
                "all_residents": all_residents,
                "per_100k_all_residents": queries / all_residents * PER if all_residents else float("nan"),
                "kind": "modelled",
                "bound": "at most",
                "assumption": assumptions[agency],
                "source_ids": join_ids(
                    figures["source_id"], *us["population_source_id"], *access.loc[in_us, "source_ids"]
                ),
            }
        )
    return pd.DataFrame(rows)
