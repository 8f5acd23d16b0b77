"""Who had blocked ICE on a given day: the one as-of rule over the dated events, the first block after a day, and
each jurisdiction's map category.

One rule decides which jurisdictions had blocked ICE on a given day, :func:`ice_access_as_of`; every comparison calls
it with an as-of date rather than keeping its own list. The dated events are read from ``data/raw/`` here and nowhere
else in the findings (:func:`events_or_raw`), so a test points every finding at other events by patching this module's
``load_ice_access_events``.
"""

from __future__ import annotations

import pandas as pd

from analysis.findings.comparison_basics import DateLike, join_ids, licence_for_all, to_day
from analysis.sources import ice_access
from analysis.sources.tables import (
    load_ice_access_events,
    load_states,  # noqa: F401 (the doctests use it)
)


def events_or_raw(events: pd.DataFrame | None = None) -> pd.DataFrame:
    """``events``, or ``data/raw/ice_access_events.csv`` when none is given (looked up in this module at call time).

    >>> len(events_or_raw()) == len(load_ice_access_events())
    True
    """
    return load_ice_access_events() if events is None else events


def ice_access_as_of(states: pd.DataFrame, as_of: DateLike, events: pd.DataFrame | None = None) -> pd.DataFrame:
    """Whether each jurisdiction had blocked ICE's Nlets DMV queries on ``as_of``: the one rule all comparisons use,
    :func:`analysis.sources.ice_access.status_on` over the dated events (``events`` defaults to
    ``data/raw/ice_access_events.csv``).

    ``ice_blocked`` is True for a block applied or a block reported on or before ``as_of``, and for a block
    reported later whose start date is not published (``assumed`` True: an assumption, said wherever it is
    used). ``status`` never says "open" after the last report: it is ``unknown`` then.

    >>> states = load_states()
    >>> access = ice_access_as_of(states, "2025-09-30").set_index("usps")
    >>> sorted(access.index[access["ice_blocked"]])
    ['IL', 'MA', 'MN', 'NY']
    >>> access = ice_access_as_of(states, "2025-11-30").set_index("usps")
    >>> sorted(access.index[access["ice_blocked"]])
    ['IL', 'MA', 'MN', 'NY', 'WA']
    >>> access = ice_access_as_of(states, "2025-11-19").set_index("usps")
    >>> access.loc["WA", "basis"]
    'block applied in mid-November 2025; the day is not published'
    """
    return ice_access.status_on(states, events_or_raw(events), as_of)


def first_block_after(states: pd.DataFrame, day: DateLike, events: pd.DataFrame | None = None) -> pd.Series:
    """The first block applied to ICE's Nlets queries after ``day``: ``usps``, ``name``, ``date`` (a timestamp: the
    first day the block is known to be in force, the month's last day for a month-precise date), ``date_text`` (the
    date as precise as its source, in words) and ``source_id``. Notebook 02 takes ``date`` as the second as-of date of
    the comparison.

    >>> row = first_block_after(load_states(), "2025-09-30")
    >>> row["usps"], row["date_text"], f"{row['date']:%Y-%m-%d}"
    ('WA', 'mid-November 2025', '2025-11-30')
    """
    event = ice_access.first_block_after(events_or_raw(events), day)
    if event is None:
        raise ValueError(f"no block applied after {to_day(day):%Y-%m-%d} is on record")
    name = states.set_index("usps").loc[event["jurisdiction"], "name"]
    part = event.get("month_part")
    return pd.Series({"usps": event["jurisdiction"], "name": name, "date": event["in_force"],
                      "date_text": ice_access.date_text(str(event["date"]), None if pd.isna(part) else str(part)),
                      "source_id": event["source_id"]})


def status_source_ids(access: pd.DataFrame) -> pd.Series:
    """The sources each jurisdiction's status on the day rests on: those of :func:`ice_access_as_of`, except that a
    jurisdiction with no report on the day rests on none (its row names the later report that first speaks of it,
    which says nothing of that day), so a figure or table of the day never credits it.

    >>> access = ice_access_as_of(load_states(), "2025-09-30").set_index("usps", drop=False)
    >>> access.loc["OR", "source_ids"] != "", status_source_ids(access)["OR"], status_source_ids(access)["IL"] != ""
    (True, '', True)
    """
    return access["source_ids"].where(access["status"] != ice_access.NO_REPORT, "")


def access_categories(states: pd.DataFrame, as_of: DateLike, events: pd.DataFrame | None = None) -> pd.DataFrame:
    """A map category per jurisdiction on ``as_of``, from :func:`ice_access_as_of`: blocked (with what its date is),
    assumed blocked (start date not published), blocked later (with its date), in progress, reported open by the
    letters, unknown since the last report, or no individual report. ``licence_for_all`` rides along for the map's
    markers.

    >>> cats = access_categories(load_states(), "2025-09-30").set_index("usps")["category"]
    >>> cats["NY"], cats["IL"]
    ('assumed blocked (start date not published)', 'assumed blocked (start date not published)')
    >>> cats["WA"], cats["OR"], cats["CA"], cats["TX"]
    ('blocked later (applied mid-November 2025)', 'no individual report', 'no individual report', 'no individual report')
    >>> later = access_categories(load_states(), "2025-11-12").set_index("usps")["category"]
    >>> later["OR"], later["CA"]
    ('block in progress', 'reported open by the letters')
    """
    access = ice_access_as_of(states, as_of, events)
    labels = {
        ice_access.ASSUMED: "assumed blocked (start date not published)",
        ice_access.IN_PROGRESS: "block in progress",
        ice_access.UNDER_REVIEW: "under review",
        ice_access.REPORTED_OPEN: "reported open by the letters",
        ice_access.SUPPORTS: "agreed to support DHS's access",
        ice_access.NO_REPORT: "no individual report",
    }
    category = []
    for status, date, meaning in zip(access["status"], access["date_words"], access["date_meaning"], strict=True):
        if status == ice_access.BLOCKED:
            category.append(f"blocked ({meaning} {date})")
        elif status == ice_access.LATER:
            category.append(f"blocked later ({meaning} {date})")
        elif status == ice_access.UNKNOWN and meaning == "applied":
            # Inside the month of a block published only to the month: neither before nor after it.
            category.append(f"being blocked ({meaning} {date}; the day is not published)")
        elif status == ice_access.UNKNOWN:
            category.append(f"unknown since {date}")
        else:
            category.append(labels[status])
    return pd.DataFrame(
        {
            "usps": access["usps"],
            "name": access["name"],
            "as_of": access["as_of"].dt.strftime("%Y-%m-%d"),
            "status": access["status"],
            "category": category,
            "licence_for_all": licence_for_all(states)[0].to_numpy(),
            "kind": "derived",
            # The licence source only where the marker is drawn: a weak (unconfirmed) one never reaches the map.
            "source_ids": [join_ids(a, b if shown else None) for a, b, shown in
                           zip(status_source_ids(access), states["dl_source_id"], licence_for_all(states)[0],
                               strict=True)],
        }
    )
