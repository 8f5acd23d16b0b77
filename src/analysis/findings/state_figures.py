"""The state-level figures published beside the disclosure (such as Washington's): their rates over the periods they
cover, and which of them are in scope for a comparison with the national ICE and HSI counts."""

from __future__ import annotations

import pandas as pd

from analysis.findings.comparison_basics import PER, confirmation, join_ids
from analysis.sources.tables import (
    load_sources,
    load_states,  # noqa: F401 (the doctests use it)
)



def state_figure_rates(figures: pd.DataFrame, states: pd.DataFrame) -> pd.DataFrame:
    """Per-day and per-100,000-resident rates for the in-scope state-level query counts that have a full period.

    ``figures`` is :func:`analysis.sources.tables.load_state_level_figures`. Only ``in scope`` rows counting ``queries``
    with a published value and day-precise start and end qualify; the rest (other systems, single cases, months
    only) are left out. The residents are the state's population on its own reference date, not the figure's.

    >>> from analysis.sources.tables import load_state_level_figures
    >>> wa = state_figure_rates(load_state_level_figures(), load_states()).iloc[0]
    >>> wa["state"], int(wa["days"]), round(float(wa["per_day"]))
    ('WA', 334, 7999)
    """
    day = r"^\d{4}-\d{2}-\d{2}$"
    usable = (
        figures["scope"].eq("in scope")
        & figures["unit"].eq("queries")
        & figures["value"].notna()
        & figures["period_start"].fillna("").str.match(day)
        & figures["period_end"].fillna("").str.match(day)
    )
    rows = figures[usable].merge(
        states[["usps", "name", "population", "population_date", "population_source_id"]],
        left_on="state", right_on="usps", how="left", validate="many_to_one",
    )
    start, end = pd.to_datetime(rows["period_start"]), pd.to_datetime(rows["period_end"])
    days = (end - start).dt.days + 1
    months = (end.dt.year - start.dt.year) * 12 + end.dt.month - start.dt.month + 1
    value = rows["value"].astype("int64")
    return pd.DataFrame(
        {
            "figure_id": rows["figure_id"],
            "state": rows["state"],
            "name": rows["name"],
            "metric": rows["metric"],
            "queries": value,
            "qualifier": rows["qualifier"],
            "period_start": rows["period_start"],
            "period_end": rows["period_end"],
            "days": days.astype("int64"),
            "calendar_months": months.astype("int64"),
            "per_day": value / days,
            "residents": rows["population"].astype("int64"),
            "residents_date": rows["population_date"].dt.strftime("%Y-%m-%d"),
            "per_100k_residents": value / rows["population"].astype("int64") * PER,
            "kind": "derived",
            "source_ids": [
                join_ids(a, b) for a, b in zip(rows["source_id"], rows["population_source_id"], strict=True)
            ],
        }
    )


def state_figures_scope(figures: pd.DataFrame, used: pd.DataFrame) -> pd.DataFrame:
    """Every published state-level figure with its scope, ``used_here`` marking those given a rate in ``used``
    (:func:`state_figure_rates`), so the out-of-scope ones are named rather than mixed in, and its source's ``tier``
    with ``confirmed`` (``unconfirmed (weak source)`` where the only source is weak, by the same rule as the events
    table: :func:`analysis.findings.comparison_basics.confirmation`).

    >>> from analysis.sources.tables import load_state_level_figures
    >>> figures = load_state_level_figures()
    >>> scope = state_figures_scope(figures, state_figure_rates(figures, load_states()))
    >>> scope.loc[scope["used_here"], "figure_id"].tolist(), len(scope) == len(figures)
    (['S01'], True)
    >>> scope.loc[scope["confirmed"] != "confirmed", "figure_id"].tolist()
    ['S06', 'S08', 'S09', 'S12', 'S13']
    """
    columns = ["figure_id", "state", "metric", "value", "unit", "qualifier", "period_start", "period_end", "scope",
               "used_here", "kind", "source_id", "confidence", "tier", "confirmed"]
    tiers = figures["source_id"].map(load_sources().set_index("source_id")["tier"])
    out = figures.assign(used_here=figures["figure_id"].isin(used["figure_id"]), value=figures["value"].astype("Int64"),
                         tier=tiers, confirmed=confirmation(tiers))
    return out[columns].rename(columns={"source_id": "source_ids"})
