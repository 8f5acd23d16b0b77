"""The blocking states against the rest: who is shielded, exposure in the open states, policy overlap, block dates.

Everything here is computed from ``data/raw/`` (through :mod:`analysis.sources.tables`) or from a researcher's cleaned
query-count table. One rule decides which jurisdictions had blocked ICE on a given day,
:func:`ice_access_as_of`; every comparison calls it with an as-of date rather than keeping its own list.

Every table returned carries a ``kind`` column (``published``, ``derived``, ``modelled`` for the per-100,000 rates of
:func:`queries_per_100k_open`, which rest on a stated assumption, or what the caller passes for a user's file) and a
``source_ids`` column (``;``-separated ids of ``data/raw/sources.csv``, or the caller's label).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import pandas as pd

from analysis.sources import ice_access
from analysis.sources.tables import (
    load_disclosure_figures,
    load_ice_access_events,
    load_sources,
    load_states,  # noqa: F401 (the doctests use it)
    split_ids,
    weak_source_ids,
)

PER = 100_000
ICE_METRIC = "dmv_queries_via_nlets_by_ice"
HSI_METRIC = "dmv_queries_via_nlets_by_hsi"
BLOCKED, OPEN = "blocked ICE", "not known to block ICE"
# "U.S. residents" are those of the 50 states and DC (Census); territories are shown beside them.
US_TYPES = ("state", "district")

DateLike = str | dt.date | pd.Timestamp


def _ts(value: DateLike) -> pd.Timestamp:
    return pd.Timestamp(value).normalize()


def _join_ids(*ids: object) -> str:
    """Sorted, de-duplicated ``;``-joined source ids, skipping missing ones.

    >>> _join_ids("b", None, "a;b", float("nan"))
    'a;b'
    """
    return ";".join(split_ids(*ids))


def disclosure_period(metric: str = ICE_METRIC) -> tuple[pd.Timestamp, pd.Timestamp]:
    """First and last day of the period a disclosure figure covers, as stored in ``data/raw``.

    >>> [d.date().isoformat() for d in disclosure_period()]
    ['2024-10-01', '2025-09-30']
    """
    row = load_disclosure_figures().set_index("metric").loc[metric]
    return _ts(row["period_start"]), _ts(row["period_end"])


def disclosure_source(metric: str) -> str:
    """The source id of one disclosure figure.

    >>> disclosure_source(ICE_METRIC)
    'wyden-press-release-2025-11-12'
    """
    return str(load_disclosure_figures().set_index("metric").loc[metric, "source_id"])


# ---- who had blocked ICE on a given day -------------------------------------------------------------------------


def _events(events: pd.DataFrame | None) -> pd.DataFrame:
    return load_ice_access_events() if events is None else events


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
    >>> access = ice_access_as_of(states, "2025-11-19").set_index("usps")
    >>> sorted(access.index[access["ice_blocked"]])
    ['IL', 'MA', 'MN', 'NY', 'WA']
    """
    return ice_access.status_on(states, _events(events), as_of)


def first_block_after(states: pd.DataFrame, day: DateLike, events: pd.DataFrame | None = None) -> pd.Series:
    """The first block applied to ICE's Nlets queries after ``day``: ``usps``, ``name``, ``date`` (a timestamp),
    ``date_text`` and ``source_id``. Notebook 02 takes its date as the second as-of date of the comparison.

    >>> row = first_block_after(load_states(), "2025-09-30")
    >>> row["usps"], row["date_text"]
    ('WA', '2025-11-18')
    """
    event = ice_access.first_block_after(_events(events), day)
    if event is None:
        raise ValueError(f"no block applied after {_ts(day):%Y-%m-%d} is on record")
    name = states.set_index("usps").loc[event["jurisdiction"], "name"]
    return pd.Series({"usps": event["jurisdiction"], "name": name, "date": event["start"],
                      "date_text": event["date"], "source_id": event["source_id"]})


def dated_block_starts(events: pd.DataFrame | None = None) -> pd.Series:
    """The day each dated block on ICE's Nlets queries was applied, by jurisdiction. Blocks known only from a report
    (and a law's effective date, which is not the day Nlets stopped answering) give no start date and are not listed.

    >>> dated_block_starts().dt.strftime("%Y-%m-%d").to_dict()
    {'WA': '2025-11-18'}
    """
    ev = _events(events)
    rows = []
    for code, part in ev.groupby("jurisdiction", sort=True):
        far = ice_access.status_on(
            pd.DataFrame({"usps": [code], "name": [code], "jurisdiction_type": ["state"]}), part, "2262-01-01"
        ).iloc[0]
        if far["status"] == ice_access.BLOCKED and far["date_meaning"] == "applied":
            rows.append((code, pd.Timestamp(far["date"])))
    return pd.Series(dict(rows), dtype="datetime64[us]", name="block_start")


def unconfirmed_applied_dates(events: pd.DataFrame | None = None) -> dict[str, list[str]]:
    """Per jurisdiction, the dates a block was applied that rest only on weak sources and differ from the
    confirmed one: the conflict a sentence must mention when it gives the confirmed date.

    >>> unconfirmed_applied_dates()
    {'WA': ['2025-11-19']}
    """
    ev = _events(events)
    applied = ev[ev["event"].eq("block_applied") & ev["system"].eq("Nlets")]
    out = {}
    for code, rows in applied.groupby("jurisdiction", sort=True):
        confirmed = set(rows.loc[rows["tier"].ne("weak"), "date"])
        weak = sorted(set(rows.loc[rows["tier"].eq("weak"), "date"]) - confirmed)
        if confirmed and weak:
            out[str(code)] = weak
    return out


def access_categories(states: pd.DataFrame, as_of: DateLike, events: pd.DataFrame | None = None) -> pd.DataFrame:
    """A map category per jurisdiction on ``as_of``, from :func:`ice_access_as_of`: blocked (with what its date is),
    assumed blocked (start date not published), blocked later (with its date), in progress, reported open by the
    letters, unknown since the last report, or no individual report. ``licence_for_all`` rides along for the map's
    markers.

    >>> cats = access_categories(load_states(), "2025-09-30").set_index("usps")["category"]
    >>> cats["NY"], cats["IL"]
    ('assumed blocked (start date not published)', 'assumed blocked (start date not published)')
    >>> cats["WA"], cats["OR"], cats["CA"], cats["TX"]
    ('blocked later (applied 2025-11-18)', 'block in progress', 'reported open by the letters', 'no individual report')
    """
    access = ice_access_as_of(states, as_of, events)
    labels = {
        ice_access.ASSUMED: "assumed blocked (start date not published)",
        ice_access.IN_PROGRESS: "block in progress",
        ice_access.REPORTED_OPEN: "reported open by the letters",
        ice_access.NO_REPORT: "no individual report",
    }
    category = []
    for status, date, meaning in zip(access["status"], access["date"], access["date_meaning"], strict=True):
        if status == ice_access.BLOCKED:
            category.append(f"blocked ({meaning} {date})")
        elif status == ice_access.LATER:
            category.append(f"blocked later ({meaning} {date})")
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
            "source_ids": [_join_ids(a, b if shown else None) for a, b, shown in
                           zip(access["source_ids"], states["dl_source_id"], licence_for_all(states)[0], strict=True)],
        }
    )


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
    ['2025-11-12', '2025-11-12', '2025-11-18']
    >>> dates.loc[["NY", "IL", "WA"], "covered_whole_period"].tolist()
    [<NA>, <NA>, False]
    >>> dates.loc["NY", "law_or_rule"]
    'law effective 2019-12-14'
    """
    ev = _events(events)
    first, last = (_ts(d) for d in (period or disclosure_period()))
    at_first = ice_access_as_of(states, first, ev).set_index("usps")
    at_last = ice_access_as_of(states, last, ev).set_index("usps")
    latest = ice_access.last_report(ev)
    far = ice_access_as_of(states, last if pd.isna(latest) else latest, ev).set_index("usps")
    citable = ice_access.status_events(ev)
    named = set(citable.loc[citable["event"] == "named_by_nlets", "jurisdiction"])
    legal = ev[ev["event"].isin(["law_effective", "rule_effective"]) & ev["agencies"].str.contains("ICE")]
    legal = legal.sort_values(["start", "event_id"])
    keep = [u for u in states["usps"]
            if far.loc[u, "status"] in (*ice_access.BLOCKING, ice_access.LATER)
            or at_last.loc[u, "status"] == ice_access.IN_PROGRESS]
    rows = []
    for usps in keep:
        now, begin = far.loc[usps], at_first.loc[usps]
        dated = now["status"] == ice_access.BLOCKED and now["date_meaning"] != "reported by"
        in_progress = at_last.loc[usps, "status"] == ice_access.IN_PROGRESS
        start = pd.Timestamp(now["date"]) if dated else pd.NaT
        date_text = now["date"] if not in_progress else at_last.loc[usps, "date"]
        rows.append({
            "usps": usps,
            "name": now["name"],
            "status": "in progress" if in_progress else "blocked",
            "named_by_nlets": usps in named,
            "block_date": date_text,
            "date_meaning": now["date_meaning"] if not in_progress else at_last.loc[usps, "date_meaning"],
            "date_precision": {10: "day", 7: "month", 4: "year"}[len(str(date_text))],
            "start_published": bool(dated),
            "law_or_rule": ", ".join(f"{r.date_meaning} {r.date}" for r in legal[legal["jurisdiction"] == usps].itertuples()),
            "period_start": first.strftime("%Y-%m-%d"),
            "period_end": last.strftime("%Y-%m-%d"),
            "in_force_by_period_end": (pd.NA if not dated and not in_progress else bool(dated and start <= last)),
            "covered_whole_period": (pd.NA if not dated and not in_progress
                                     else bool(dated and begin["status"] == ice_access.BLOCKED)),
            "kind": "derived",
            "source_ids": _join_ids(now["source_ids"], at_last.loc[usps, "source_ids"], disclosure_source(ICE_METRIC)),
        })
    columns = ["usps", "name", "status", "named_by_nlets", "block_date", "date_meaning", "date_precision",
               "start_published", "law_or_rule", "period_start", "period_end", "in_force_by_period_end",
               "covered_whole_period", "kind", "source_ids"]
    out = pd.DataFrame(rows, columns=columns).astype({"in_force_by_period_end": "boolean",
                                                      "covered_whole_period": "boolean"})
    return out.sort_values(["named_by_nlets", "usps"], ascending=[False, True]).reset_index(drop=True)


# ---- who is shielded --------------------------------------------------------------------------------------------


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
                          assumed=access["assumed"].to_numpy(), access_ids=access["source_ids"].to_numpy(),
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
                "as_of": _ts(as_of).strftime("%Y-%m-%d"),
                "jurisdictions": len(part),
                "usps": " ".join(sorted(part["usps"])) if group in (BLOCKED, "territories") else "",
                "assumed": " ".join(sorted(part.loc[part["assumed"], "usps"])) if group == BLOCKED else "",
                "assumed_reported_by": (" ".join(sorted(set(part.loc[part["assumed"], "access_date"])))
                                        if group == BLOCKED else ""),
                "residents": residents,
                "share_of_total": residents / total if group != "territories" else float("nan"),
                "vintages": _vintage_text(part),
                "kind": "derived",
                "source_ids": _join_ids(*part["population_source_id"], *part["access_ids"]),
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
        source_ids=("population_source_id", lambda s: _join_ids(*s)),
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


# ---- exposure in the open states --------------------------------------------------------------------------------


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
    day = _ts(as_of) if as_of is not None else disclosure_period()[1]
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
                "period_start": _ts(figures["period_start"]).strftime("%Y-%m-%d"),
                "period_end": _ts(figures["period_end"]).strftime("%Y-%m-%d"),
                "open_as_of": day.strftime("%Y-%m-%d"),
                "blocked_usps": blocked_codes,
                "open_residents": open_residents,
                "per_100k_open_residents": queries / open_residents * PER if open_residents else float("nan"),
                "all_residents": all_residents,
                "per_100k_all_residents": queries / all_residents * PER if all_residents else float("nan"),
                "kind": "modelled",
                "bound": "at most",
                "assumption": assumptions[agency],
                "source_ids": _join_ids(
                    figures["source_id"], *us["population_source_id"], *access.loc[in_us, "source_ids"]
                ),
            }
        )
    return pd.DataFrame(rows)


# ---- policy overlap ---------------------------------------------------------------------------------------------


def policy_overlap(
    states: pd.DataFrame, as_of: DateLike | None = None, events: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Licence-for-all policy, the 2025-11-12 letters and ICE's status on ``as_of`` (default: the disclosure
    period's last day), for every jurisdiction with at least one of: a licence-for-all policy, a letter, a block
    reported, applied or in progress.

    ``named_by_nlets`` marks the four states Nlets said it knew to block ICE; ``status`` is
    :func:`ice_access_as_of`'s (``reported open`` only where the letters said so; ``no report`` where nothing is on
    record, which is not a finding that ICE had access).

    >>> overlap = policy_overlap(load_states()).set_index("usps")
    >>> overlap.loc[["NY", "CA", "NV", "WA"], "status"].tolist()
    ['assumed blocked', 'reported open', 'no report', 'blocked later']
    """
    ev = _events(events)
    day = _ts(as_of) if as_of is not None else disclosure_period()[1]
    access = ice_access_as_of(states, day, ev)
    citable = ice_access.status_events(ev)
    named = states["usps"].isin(set(citable.loc[citable["event"] == "named_by_nlets", "jurisdiction"])).to_numpy()
    confirmed, unconfirmed = licence_for_all(states)
    licence = confirmed.to_numpy()
    letter = states["governor_letter_2025_11_12"].to_numpy()
    reported = access["status"].isin([*ice_access.BLOCKING, ice_access.LATER, ice_access.IN_PROGRESS]).to_numpy()
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
            "basis": acc["basis"].to_numpy(),
            "ice_blocked": acc["ice_blocked"].to_numpy(),
            "residents": part["population"].astype("Int64").to_numpy(),  # missing stays missing, never 0
            "kind": "derived",
            "source_ids": [
                _join_ids(*ids)
                for ids in zip(part["dl_source_id"], part["letter_source_id"], acc["source_ids"], strict=True)
            ],
        }
    )
    order = ["licence_for_all", "ice_blocked", "letter_2025_11_12", "usps"]
    return out.sort_values(order, ascending=[False, False, False, True]).reset_index(drop=True)


# ---- timeline ---------------------------------------------------------------------------------------------------


def block_timeline(states: pd.DataFrame, events: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per dated event on ICE's access to a jurisdiction with a block reported, applied or in progress
    (from :func:`block_dates`), for the timeline figure: the date as written, what it means and how precise it is,
    the system (Nlets, direct DMV access, all DMV records by law) and the agencies.

    >>> timeline = block_timeline(load_states())
    >>> ny = timeline[timeline["usps"] == "NY"].set_index("event")
    >>> ny.loc["law_effective", ["date", "date_meaning"]].tolist()
    ['2019-12-14', 'law effective']
    """
    ev = _events(events)
    shown = block_dates(states, events=ev)
    rows = ev[ev["jurisdiction"].isin(shown["usps"]) & ev["agencies"].str.contains("ICE")]
    names = states.set_index("usps")["name"]
    out = pd.DataFrame(
        {
            "usps": rows["jurisdiction"],
            "name": rows["jurisdiction"].map(names),
            "event_id": rows["event_id"],
            "event": rows["event"],
            "date": rows["date"],
            "date_precision": rows["date_precision"],
            "date_meaning": rows["date_meaning"],
            "start": rows["start"],
            "agencies": rows["agencies"],
            "system": rows["system"],
            "confidence": rows["confidence"],
            "tier": rows["tier"],
            "confirmed": rows["tier"].ne("weak").map({True: "confirmed", False: "unconfirmed (weak source)"}),
            "kind": "published",
            "source_ids": rows["source_id"],
        }
    )
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
    ev = _events(events)
    names = states.set_index("usps")["name"]
    counts = ev.index.isin(ice_access.status_events(ev).index)
    out = pd.DataFrame(
        {
            "usps": ev["jurisdiction"],
            "name": ev["jurisdiction"].map(names),
            "event_id": ev["event_id"],
            "event": ev["event"],
            "date": ev["date"],
            "date_precision": ev["date_precision"],
            "date_meaning": ev["date_meaning"],
            "agencies": ev["agencies"],
            "system": ev["system"],
            "confidence": ev["confidence"],
            "tier": ev["tier"],
            "confirmed": ev["tier"].ne("weak").map({True: "confirmed", False: "unconfirmed (weak source)"}),
            "counts_for_ice_nlets_status": counts,
            "note": ev["note"],
            "kind": "published",
            "source_ids": ev["source_id"],
        }
    )
    return out.sort_values(["usps", "date", "event_id"]).reset_index(drop=True)


# ---- published state-level figures ------------------------------------------------------------------------------


# ---- a researcher's own per-state counts -------------------------------------------------------------------------


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
