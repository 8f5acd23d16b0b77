"""Licence-for-all policy, the 2025-11-12 letters and ICE's status on a day, side by side for every jurisdiction with
at least one of them."""

from __future__ import annotations

import pandas as pd

from analysis.findings.access_status import events_or_raw, ice_access_as_of
from analysis.findings.comparison_basics import DateLike, disclosure_period, join_ids, licence_for_all, to_day
from analysis.sources import ice_access
from analysis.sources.tables import (
    load_states,  # noqa: F401 (the doctests use it)
)


def policy_overlap(
    states: pd.DataFrame, as_of: DateLike | None = None, events: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Licence-for-all policy, the 2025-11-12 letters and ICE's status on ``as_of`` (default: the disclosure
    period's last day), for every jurisdiction with at least one of: a licence-for-all policy, a letter, a block
    reported, applied or in progress.

    ``named_by_nlets`` marks the four states Nlets said it knew to block ICE; ``status`` is
    :func:`ice_access_as_of`'s (``reported open`` only where the letters said so, from their date on; ``no report``
    where nothing is on record by then, which is not a finding that ICE had access).

    >>> overlap = policy_overlap(load_states()).set_index("usps")
    >>> overlap.loc[["NY", "CA", "NV", "WA"], "status"].tolist()
    ['assumed blocked', 'no report', 'no report', 'blocked later']
    >>> overlap.loc["CA", "basis"]
    'no report before 2025-11-12, when it was reported open to ICE'
    """
    ev = events_or_raw(events)
    day = to_day(as_of) if as_of is not None else disclosure_period()[1]
    access = ice_access_as_of(states, day, ev)
    citable = ice_access.status_events(ev)
    named = states["usps"].isin(set(citable.loc[citable["event"] == "named_by_nlets", "jurisdiction"])).to_numpy()
    confirmed, unconfirmed = licence_for_all(states)
    licence = confirmed.to_numpy()
    letter = states["governor_letter_2025_11_12"].to_numpy()
    reported = (access["status"].isin([*ice_access.BLOCKING, ice_access.LATER, ice_access.IN_PROGRESS])
                | access["basis"].str.endswith("when a block in progress was reported")).to_numpy()  # reported later
    keep = licence | unconfirmed.to_numpy() | letter | reported
    part = states[keep]
    acc = access[keep]
    out = pd.DataFrame(
        {
            "usps": part["usps"].to_numpy(),
            "name": part["name"].to_numpy(),
            "jurisdiction_type": part["jurisdiction_type"].to_numpy(),
            "licence_for_all": licence[keep],
            "licence_unconfirmed": unconfirmed.to_numpy()[keep],
            "licence_since": part["dl_since"].to_numpy(),
            "licence_since_meaning": part["dl_since_meaning"].to_numpy(),
            "letter_2025_11_12": letter[keep],
            "named_by_nlets": named[keep],
            "status_as_of": day.strftime("%Y-%m-%d"),
            "status": acc["status"].to_numpy(),
            "status_date": acc["date"].to_numpy(),
            "status_month_part": acc["month_part"].to_numpy(),
            "basis": acc["basis"].to_numpy(),
            "ice_blocked": acc["ice_blocked"].to_numpy(),
            "residents": part["population"].astype("Int64").to_numpy(),  # missing stays missing, never 0
            "kind": "derived",
            "source_ids": [
                join_ids(*ids)
                for ids in zip(part["dl_source_id"], part["letter_source_id"], acc["source_ids"], strict=True)
            ],
        }
    )
    order = ["licence_for_all", "ice_blocked", "letter_2025_11_12", "usps"]
    return out.sort_values(order, ascending=[False, False, False, True]).reset_index(drop=True)
