"""Residents of the jurisdictions that had blocked ICE on a day and of the rest: counts, shares of U.S. residents,
and the population vintages behind them."""

from __future__ import annotations

import pandas as pd

from analysis.findings.access_status import ice_access_as_of, status_source_ids
from analysis.findings.comparison_basics import BLOCKED, OPEN, DateLike, join_ids, to_day, us_residents
from analysis.sources.tables import (
    load_states,  # noqa: F401 (the doctests use it)
)


def _vintage_text(group: pd.DataFrame) -> str:
    parts = (
        group.groupby(["population_vintage", "population_date"], observed=True)["usps"]
        .count()
        .sort_index()
    )
    return "; ".join(f"{n} \u00d7 {vintage} ({date:%Y-%m-%d})" for (vintage, date), n in parts.items())


def residents_by_access(states: pd.DataFrame, as_of: DateLike, events: pd.DataFrame | None = None) -> pd.DataFrame:
    """Residents of the jurisdictions that had blocked ICE on ``as_of`` and of the rest: counts and shares of U.S.
    residents (the 50 states and DC), with a ``territories`` row beside them that is in neither total nor share.

    ``assumed`` lists the blocking jurisdictions counted on the assumption that a block reported later was already
    in force (:func:`ice_access_as_of`), and ``assumed_reported_by`` the dates of the reports they rest on.

    >>> table = residents_by_access(load_states(), "2025-09-30").set_index("group")
    >>> int(table.loc["blocked ICE", "jurisdictions"]), round(float(table.loc["blocked ICE", "share_of_total"]), 3)
    (4, 0.134)
    >>> table.loc["territories", "usps"], pd.isna(table.loc["territories", "share_of_total"])
    ('AS GU MP PR VI', True)
    """
    access = ice_access_as_of(states, as_of, events)
    frame = states.assign(group=access["ice_blocked"].map({True: BLOCKED, False: OPEN}).to_numpy(),
                          assumed=access["assumed"].to_numpy(), access_ids=status_source_ids(access).to_numpy(),
                          access_date=access["date"].to_numpy())
    us = us_residents(frame)
    territories = frame[~frame.index.isin(us.index)]
    total = int(us["population"].sum())
    rows = []
    parts = [(BLOCKED, us[us["group"] == BLOCKED]), (OPEN, us[us["group"] == OPEN]), ("all", us),
             ("territories", territories)]
    for group, part in parts:
        residents = int(part["population"].sum())
        rows.append(
            {
                "group": group,
                "as_of": to_day(as_of).strftime("%Y-%m-%d"),
                "jurisdictions": len(part),
                "usps": " ".join(sorted(part["usps"])) if group in (BLOCKED, "territories") else "",
                "assumed": " ".join(sorted(part.loc[part["assumed"], "usps"])) if group == BLOCKED else "",
                "assumed_reported_by": (" ".join(sorted(set(part.loc[part["assumed"], "access_date"])))
                                        if group == BLOCKED else ""),
                "residents": residents,
                "share_of_total": residents / total if group != "territories" else float("nan"),
                "vintages": _vintage_text(part),
                "kind": "derived",
                "source_ids": join_ids(*part["population_source_id"], *part["access_ids"]),
            }
        )
    return pd.DataFrame(rows).astype({"residents": "int64", "jurisdictions": "int64"})


def population_vintages(states: pd.DataFrame) -> pd.DataFrame:
    """Which population figures come from which estimate or census, with their reference date and source.

    >>> load_states().pipe(population_vintages)["jurisdictions"].tolist()
    [4, 52]
    """
    grouped = states.groupby(["population_vintage", "population_date"], observed=True)
    out = grouped.agg(
        jurisdictions=("usps", "count"),
        usps=("usps", lambda s: " ".join(sorted(s)) if len(s) < 10 else f"{len(s)} jurisdictions"),
        residents=("population", "sum"),
        source_ids=("population_source_id", lambda s: join_ids(*s)),
    ).reset_index()
    out["population_date"] = out["population_date"].dt.strftime("%Y-%m-%d")
    out["residents"] = out["residents"].astype("int64")
    return out.assign(kind="published").sort_values("population_date").reset_index(drop=True)


def vintage_note(states: pd.DataFrame) -> str:
    """The population vintages in one phrase, largest group first, naming small groups by code.

    >>> print(vintage_note(load_states()).replace("; ", ";\\n"))
    Census PEP Vintage 2025 estimate for 2025-07-01 (52 jurisdictions);
    2020 Island Areas Census count for 2020-04-01 (AS GU MP VI)
    """
    table = population_vintages(states).sort_values(["jurisdictions", "population_date"], ascending=[False, True])
    return "; ".join(
        f"{r.population_vintage} for {r.population_date} ({r.usps})" for r in table.itertuples()
    )
