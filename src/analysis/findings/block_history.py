"""When the blocks on ICE's Nlets queries began: the dated starts, weak dates in conflict with them, the block-dates
table, the timeline and every dated access event."""

from __future__ import annotations

import pandas as pd

from analysis.findings.access_status import events_or_raw, ice_access_as_of
from analysis.findings.comparison_basics import (
    ICE_METRIC,
    DateLike,
    confirmation,
    disclosure_period,
    disclosure_source,
    join_ids,
    to_day,
)
from analysis.sources import ice_access
from analysis.sources.tables import (
    NATIONAL,
    load_ice_access_events,  # noqa: F401 (the doctests use it)
    load_states,  # noqa: F401 (the doctests use it)
)

# The name of the events table's row for an event that concerns every jurisdiction at once.
NATIONAL_NAME = "United States (every jurisdiction)"


def dated_block_starts(events: pd.DataFrame | None = None) -> pd.Series:
    """The first day each dated block on ICE's Nlets queries can have been applied, by jurisdiction: the day itself,
    or the first day of the month when the sources give only the month (:func:`dated_block_texts` says which). Blocks
    known only from a report (and a law's effective date, which is not the day Nlets stopped answering) give no start
    date and are not listed.

    >>> dated_block_starts().dt.strftime("%Y-%m-%d").to_dict()
    {'WA': '2025-11-01'}
    """
    ev = events_or_raw(events)
    codes = sorted(ev["jurisdiction"].unique())
    far = ice_access.status_on(pd.DataFrame({"usps": codes, "name": codes, "jurisdiction_type": "state"}), ev,
                               "2262-01-01")
    applied = far[(far["status"] == ice_access.BLOCKED) & (far["date_meaning"] == "applied")]
    return pd.Series(dict(zip(applied["usps"], pd.to_datetime(applied["date"]), strict=True)), dtype="datetime64[us]",
                     name="block_start")


def dated_block_texts(events: pd.DataFrame | None = None) -> dict[str, tuple[str, bool]]:
    """Each dated block's date as precise as its source, in the words the pages print, and whether it is a day.

    >>> dated_block_texts()
    {'WA': ('mid-November 2025', False)}
    """
    ev = events_or_raw(events)
    codes = sorted(ev["jurisdiction"].unique())
    far = ice_access.status_on(pd.DataFrame({"usps": codes, "name": codes, "jurisdiction_type": "state"}), ev,
                               "2262-01-01")
    applied = far[(far["status"] == ice_access.BLOCKED) & (far["date_meaning"] == "applied")]
    return {str(code): (str(words), len(str(date)) == 10)
            for code, words, date in zip(applied["usps"], applied["date_words"], applied["date"], strict=True)}


def unconfirmed_applied_dates(events: pd.DataFrame | None = None) -> dict[str, list[str]]:
    """Per jurisdiction, the dates a block was applied that rest only on weak sources and differ from the
    confirmed one: the conflict a sentence must mention when it gives the confirmed date.

    >>> unconfirmed_applied_dates()
    {}
    >>> ev = load_ice_access_events()
    >>> unconfirmed_applied_dates(ev.assign(date=ev["date"].replace({"2025-11-19": "2025-12-02"})))
    {'WA': ['2025-12-02']}
    """
    ev = events_or_raw(events)
    applied = ev[ev["event"].eq("block_applied") & ev["system"].eq("Nlets")]
    out = {}
    for code, rows in applied.groupby("jurisdiction", sort=True):
        confirmed = set(rows.loc[rows["tier"].ne("weak"), "date"])
        # A weak day inside a confirmed month is one of that month's candidate days (named in the note), not a
        # conflict.
        weak = sorted(d for d in set(rows.loc[rows["tier"].eq("weak"), "date"]) - confirmed
                      if not any(d.startswith(f"{c}-") for c in confirmed))
        if confirmed and weak:
            out[str(code)] = weak
    return out


def block_dates(
    states: pd.DataFrame, period: tuple[DateLike, DateLike] | None = None, events: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Each jurisdiction with a reported, applied or planned block on ICE's Nlets queries: what its date is and
    whether the block covered the whole period (default: the disclosure year).

    ``block_date`` is the date the status rests on, as written in the source, with ``date_meaning`` (``applied``,
    ``law effective``, ``reported by``) and ``date_precision``; ``start_published`` says whether it is a start date
    at all. ``covered_whole_period`` is True when a dated block began on or before the period's first day, False when
    it began later or had not begun, and missing (``<NA>``) when only a report, no start date, is on record.

    >>> dates = block_dates(load_states()).set_index("usps")
    >>> dates.loc[["NY", "IL", "WA"], "block_date"].tolist()
    ['2025-11-12', '2025-11-12', '2025-11']
    >>> dates.loc["WA", ["date_precision", "month_part"]].tolist()
    ['month', 'mid']
    >>> dates.loc[["NY", "IL", "WA"], "covered_whole_period"].tolist()
    [<NA>, <NA>, False]
    >>> dates.loc["NY", "law_or_rule"]
    'law effective 2019-12-14'
    """
    ev = events_or_raw(events)
    first, last = (to_day(d) for d in (period or disclosure_period()))
    at_first = ice_access_as_of(states, first, ev).set_index("usps")
    at_last = ice_access_as_of(states, last, ev).set_index("usps")
    latest = ice_access.last_report(ev)
    far = ice_access_as_of(states, last if pd.isna(latest) else latest, ev).set_index("usps")
    citable = ice_access.status_events(ev)
    named = set(citable.loc[citable["event"] == "named_by_nlets", "jurisdiction"])
    legal = ev[ev["event"].isin(["law_effective", "rule_effective"]) & ev["agencies"].str.contains("ICE")]
    legal = legal.sort_values(["start", "event_id"])
    # A block in progress is known only as of its report (which may fall after the period): its status then.
    progress = citable[citable["event"].eq("block_in_progress") & citable["jurisdiction"].isin(states["usps"])]
    progress = progress.sort_values(["start", "event_id"]).drop_duplicates("jurisdiction", keep="last")
    reported = {code: ice_access_as_of(states, ice_access.period_end(str(date)), ev).set_index("usps").loc[code]
                for code, date in zip(progress["jurisdiction"], progress["date"], strict=True)}
    blocking = (*ice_access.BLOCKING, ice_access.LATER)
    keep = [u for u in states["usps"]
            if far.loc[u, "status"] in blocking
            or (u in reported and reported[u]["status"] == ice_access.IN_PROGRESS)]
    rows = []
    for usps in keep:
        now, begin = far.loc[usps], at_first.loc[usps]
        dated = now["status"] == ice_access.BLOCKED and now["date_meaning"] != "reported by"
        in_progress = now["status"] not in blocking
        said = reported[usps] if in_progress else at_last.loc[usps]
        start = pd.Timestamp(now["date"]) if dated else pd.NaT
        date_text = now["date"] if not in_progress else said["date"]
        rows.append({
            "usps": usps,
            "name": now["name"],
            "status": "in progress" if in_progress else "blocked",
            "named_by_nlets": usps in named,
            "block_date": date_text,
            "date_meaning": now["date_meaning"] if not in_progress else said["date_meaning"],
            "date_precision": {10: "day", 7: "month", 4: "year"}[len(str(date_text))],
            "month_part": now["month_part"] if not in_progress else said["month_part"],
            "start_published": bool(dated),
            "law_or_rule": ", ".join(f"{r.date_meaning} {r.date}" for r in legal[legal["jurisdiction"] == usps].itertuples()),
            "period_start": first.strftime("%Y-%m-%d"),
            "period_end": last.strftime("%Y-%m-%d"),
            "in_force_by_period_end": (pd.NA if not dated and not in_progress else bool(dated and start <= last)),
            "covered_whole_period": (pd.NA if not dated and not in_progress
                                     else bool(dated and begin["status"] == ice_access.BLOCKED)),
            "kind": "derived",
            "source_ids": join_ids(now["source_ids"], said["source_ids"], disclosure_source(ICE_METRIC)),
        })
    columns = ["usps", "name", "status", "named_by_nlets", "block_date", "date_meaning", "date_precision",
               "month_part", "start_published", "law_or_rule", "period_start", "period_end", "in_force_by_period_end",
               "covered_whole_period", "kind", "source_ids"]
    out = pd.DataFrame(rows, columns=columns).astype({"in_force_by_period_end": "boolean",
                                                      "covered_whole_period": "boolean"})
    return out.sort_values(["named_by_nlets", "usps"], ascending=[False, True]).reset_index(drop=True)


def _event_table(
    rows: pd.DataFrame, names: pd.Series, *, after_meaning: dict[str, object], after_confirmed: dict[str, object]
) -> pd.DataFrame:
    """The columns the timeline and the events table share, in their order, with each table's own columns put after
    ``date_meaning`` and after ``confirmed``."""
    return pd.DataFrame(
        {
            "usps": rows["jurisdiction"],
            "name": rows["jurisdiction"].map(names).where(rows["jurisdiction"].ne(NATIONAL), NATIONAL_NAME),
            "event_id": rows["event_id"],
            "event": rows["event"],
            "date": rows["date"],
            "date_precision": rows["date_precision"],
            "month_part": rows["month_part"] if "month_part" in rows.columns else pd.NA,
            "date_meaning": rows["date_meaning"],
            **after_meaning,
            "agencies": rows["agencies"],
            "system": rows["system"],
            "confidence": rows["confidence"],
            "tier": rows["tier"],
            "confirmed": confirmation(rows["tier"]),
            **after_confirmed,
            "kind": "published",
            "source_ids": rows["source_id"],
        }
    )


def block_timeline(states: pd.DataFrame, events: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per dated event on ICE's access to a jurisdiction with a block reported, applied or in progress
    (from :func:`block_dates`), for the timeline figure: the date as written, what it means and how precise it is,
    the system (Nlets, direct DMV access, all DMV records by law) and the agencies.

    >>> timeline = block_timeline(load_states())
    >>> ny = timeline[timeline["usps"] == "NY"].set_index("event")
    >>> ny.loc["law_effective", ["date", "date_meaning"]].tolist()
    ['2019-12-14', 'law effective']
    """
    ev = events_or_raw(events)
    shown = block_dates(states, events=ev)
    rows = ev[ev["jurisdiction"].isin(shown["usps"]) & ev["agencies"].str.contains("ICE")
              & ~ev["event"].isin(ice_access.NEVER_STATUS)]
    names = states.set_index("usps")["name"]
    out = _event_table(rows, names, after_meaning={"start": rows["start"]}, after_confirmed={})
    return out.sort_values(["usps", "start", "event_id"]).reset_index(drop=True)


def access_events(states: pd.DataFrame, events: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every dated event on ICE's, HSI's or CBP's access to a jurisdiction's DMV records, as a table reporters can
    check line by line: the date as written, what it means and how precise it is, the system, the source and its
    tier, and ``confirmed`` (``unconfirmed (weak source)`` where the only source is weak: such an event changes no
    status and appears nowhere but here).

    >>> table = access_events(load_states()).set_index("event_id")
    >>> table.loc["E42", ["usps", "date", "confirmed"]].tolist()
    ['WA', '2025-11-19', 'unconfirmed (weak source)']
    >>> table.loc["E47", "system"], bool(table.loc["E47", "counts_for_ice_nlets_status"])
    ('CLETS', False)
    """
    ev = events_or_raw(events)
    names = states.set_index("usps")["name"]
    counts = ev.index.isin(ice_access.status_events(ev).index)
    out = _event_table(ev, names, after_meaning={},
                       after_confirmed={"counts_for_ice_nlets_status": counts, "note": ev["note"]})
    return out.sort_values(["usps", "date", "event_id"]).reset_index(drop=True)
