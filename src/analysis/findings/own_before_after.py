"""Before and after a block, from a researcher's own counts: queries per month and per 100,000 residents a month in
the whole months before the month that holds a dated block and in those after it, with that month shown apart."""

from __future__ import annotations

import pandas as pd

from analysis.findings import block_history, comparison_basics
from analysis.findings.access_status import ice_access_as_of
from analysis.findings.own_panel import AGENCIES, NO_ROW, OwnPanel

COLUMNS = ["usps", "block_date", "block_month", "agency", "before_months", "before_queries", "before_per_month",
           "before_per_100k_month", "before_no_row", "block_month_queries", "block_month_status", "after_months",
           "after_queries", "after_per_month", "after_per_100k_month", "after_no_row", "kind", "source_ids"]


def _side(cells: pd.DataFrame, residents: float) -> dict[str, object]:
    counted = cells[cells["queries"].notna()]
    months = len(counted)
    queries = int(counted["queries"].sum()) if months else pd.NA
    per_month = queries / months if months else pd.NA
    return {"months": months, "queries": queries, "per_month": per_month,
            "per_100k_month": comparison_basics.per_100k_month(queries, months, residents) if months and residents
            else pd.NA,
            "no_row": "; ".join(cells.loc[cells["status"].eq(NO_ROW), "period"])}


def before_after_months(panel: OwnPanel, states: pd.DataFrame, starts: pd.Series, *, kind: str, label: str,
                        events: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per agency (ICE, HSI, all) of each state whose dated block (the day it was applied, from the
    ICE-access events) falls in a month of the file with at least one whole month of the file on each side.

    The month holding the block is neither before nor after (``block_month_queries``); a month with no row is left
    out of its side and named (``before_no_row``, ``after_no_row``), never counted as 0 unless the panel was built
    with ``missing="zero"``. ``starts`` is :func:`analysis.findings.block_history.dated_block_starts` of ``events``.
    """
    months = panel.cells[panel.cells["months"].eq(1)]
    residents = states.set_index("usps")["population"]
    ids = ice_access_as_of(states, "2262-01-01", events).set_index("usps")["source_ids"]
    rows = []
    dated = block_history.dated_block_texts(events)
    for usps, start in sorted(starts.items()):
        block_month = pd.Timestamp(start).strftime("%Y-%m")
        mine = months[months["usps"].eq(usps)]
        if mine.empty or not ((mine["period"] < block_month).any() and (mine["period"] > block_month).any()):
            continue
        people = residents.get(usps)
        people = float(people) if people is not None and pd.notna(people) else None
        for agency in AGENCIES:
            cells = mine[mine["agency"].eq(agency)]
            held = cells[cells["period"].eq(block_month)]
            # The date as precise as its source: a month-precise block is never printed as its first day.
            written = dated.get(usps, (pd.Timestamp(start).strftime("%Y-%m-%d"), True))[0]
            row = {"usps": usps, "block_date": written, "block_month": block_month,
                   "agency": agency,
                   "block_month_queries": held["queries"].iloc[0] if len(held) else pd.NA,
                   "block_month_status": held["status"].iloc[0] if len(held) else "not in file"}
            for side, part in (("before", cells[cells["period"] < block_month]),
                               ("after", cells[cells["period"] > block_month])):
                row |= {f"{side}_{k}": v for k, v in _side(part, people).items()}
            rows.append(row)
    out = pd.DataFrame(rows, columns=COLUMNS[:-2])
    out = out.astype({"before_months": "int64", "after_months": "int64", "before_queries": "Int64",
                      "after_queries": "Int64", "block_month_queries": "Int64", "before_per_month": "Float64",
                      "after_per_month": "Float64", "before_per_100k_month": "Float64",
                      "after_per_100k_month": "Float64", "before_no_row": "str", "after_no_row": "str",
                      "block_month_status": "str"})
    out["kind"] = kind
    out["source_ids"] = [comparison_basics.join_ids(label, ids.get(u)) for u in out["usps"]]
    return out[COLUMNS]
