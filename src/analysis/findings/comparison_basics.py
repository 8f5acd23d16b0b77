"""The terms every blocking-states comparison shares: group labels, the disclosure's metrics and period, U.S.
residents, licence-for-all, and source ids.

Every table the comparison returns carries a ``kind`` column (``published``, ``derived``, ``modelled`` for the
per-100,000 rates of :func:`analysis.findings.rates_per_100k.queries_per_100k_open`, which rest on a stated assumption,
or what the caller passes for a user's file) and a ``source_ids`` column (``;``-separated ids of
``data/raw/sources.csv``, or the caller's label).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import pandas as pd

from analysis.sources.tables import (
    load_disclosure_figures,
    load_sources,
    load_states,  # noqa: F401 (the doctests use it)
    split_ids,
    weak_source_ids,
)

PER = 100_000
ICE_METRIC = "dmv_queries_via_nlets_by_ice"
HSI_METRIC = "dmv_queries_via_nlets_by_hsi"
BLOCKED, OPEN = "blocked ICE", "not known to block ICE"
# Label of states whose known block date falls inside a counts file's own period.
BLOCK_IN_FILE = "block began within the file's period"
# "U.S. residents" are those of the 50 states and DC (Census); territories are shown beside them.
US_TYPES = ("state", "district")

DateLike = str | dt.date | pd.Timestamp


def per_100k_month(queries, months, residents):
    """Queries per 100,000 residents a month: the one formula of every monthly rate (numbers or Series alike).

    >>> per_100k_month(300, 3, 1_000_000)
    10.0
    """
    return queries / months / residents * PER


def to_day(value: DateLike) -> pd.Timestamp:
    """A date as a timestamp at midnight.

    >>> to_day("2025-11-18 13:05")
    Timestamp('2025-11-18 00:00:00')
    """
    return pd.Timestamp(value).normalize()


def join_ids(*ids: object) -> str:
    """Sorted, de-duplicated ``;``-joined source ids, skipping missing ones.

    >>> join_ids("b", None, "a;b", float("nan"))
    'a;b'
    """
    return ";".join(split_ids(*ids))


UNCONFIRMED = "unconfirmed (weak source)"


def confirmation(tiers: pd.Series) -> pd.Series:
    """The one rule for marking a table row whose only source is weak: ``unconfirmed (weak source)``, else
    ``confirmed``. Such a row stays in its table, marked, and appears nowhere else (data/raw/README.md).

    >>> confirmation(pd.Series(["press", "weak", "primary"])).tolist()
    ['confirmed', 'unconfirmed (weak source)', 'confirmed']
    """
    return tiers.ne("weak").map({True: "confirmed", False: UNCONFIRMED})


def disclosure_period(metric: str = ICE_METRIC) -> tuple[pd.Timestamp, pd.Timestamp]:
    """First and last day of the period a disclosure figure covers, as stored in ``data/raw``.

    >>> [d.date().isoformat() for d in disclosure_period()]
    ['2024-10-01', '2025-09-30']
    """
    row = load_disclosure_figures().set_index("metric").loc[metric]
    return to_day(row["period_start"]), to_day(row["period_end"])


def disclosure_source(metric: str) -> str:
    """The source id of one disclosure figure.

    >>> disclosure_source(ICE_METRIC)
    'wyden-press-release-2025-11-12'
    """
    return str(load_disclosure_figures().set_index("metric").loc[metric, "source_id"])


def us_residents(states: pd.DataFrame) -> pd.DataFrame:
    """The rows whose residents are "U.S. residents": the 50 states and DC (Census); territories are reported beside
    them, never in the total.

    >>> len(us_residents(load_states()))
    51
    """
    return states[states["jurisdiction_type"].isin(US_TYPES)]


def licence_for_all(states: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """Which jurisdictions license drivers regardless of immigration status: ``(confirmed, unconfirmed)`` boolean
    Series, unconfirmed where the only source is weak (such a fact stays in tables, marked, and nowhere else).

    >>> confirmed, unconfirmed = licence_for_all(load_states())
    >>> int(confirmed.sum()), load_states().loc[unconfirmed, "usps"].tolist()
    (21, [])
    """
    yes = states["dl_regardless_of_status"].eq("yes")
    weak = states["dl_source_id"].isin(weak_source_ids(states["dl_source_id"].dropna().tolist()))
    return yes & ~weak, yes & weak


def source_id_list(tables: Iterable[pd.DataFrame], *, known_only: bool = True) -> list[str]:
    """All source ids named in the ``source_ids`` column of some tables, sorted, for an export's manifest entry.

    With ``known_only`` (the default) labels that are not rows of ``data/raw/sources.csv``, such as a researcher's
    ``user-supplied:<file>``, are left out: the manifest cites only sources it can resolve.

    >>> source_id_list([pd.DataFrame({"source_ids": ["reuters-2025-11-12;user-supplied:x.csv"]})])
    ['reuters-2025-11-12']
    >>> source_id_list([pd.DataFrame({"source_ids": ["b;a", "a"]})], known_only=False)
    ['a', 'b']
    """
    ids = set(split_ids(*(value for t in tables for value in t["source_ids"])))
    if known_only:
        ids &= set(load_sources()["source_id"])
    return sorted(ids)
