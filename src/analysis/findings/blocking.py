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
# Label of states whose known block date falls inside a counts file's own period.
BLOCK_IN_FILE = "block began within the file's period"
CLEAN_AGENCIES = {"ICE": ["ICE"], "HSI": ["HSI"], "all": None}  # None: every agency in the file

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
                _join_ids(a, b) for a, b in zip(rows["source_id"], rows["population_source_id"], strict=True)
            ],
        }
    )


def state_figures_scope(figures: pd.DataFrame, used: pd.DataFrame) -> pd.DataFrame:
    """Every published state-level figure with its scope, and ``used_here`` marking those given a rate in ``used``
    (:func:`state_figure_rates`), so the out-of-scope ones are named rather than mixed in.

    >>> from analysis.sources.tables import load_state_level_figures
    >>> figures = load_state_level_figures()
    >>> scope = state_figures_scope(figures, state_figure_rates(figures, load_states()))
    >>> scope.loc[scope["used_here"], "figure_id"].tolist(), len(scope) == len(figures)
    (['S01'], True)
    """
    columns = ["figure_id", "state", "metric", "value", "unit", "qualifier", "period_start", "period_end", "scope",
               "used_here", "kind", "source_id", "confidence"]
    out = figures.assign(used_here=figures["figure_id"].isin(used["figure_id"]), value=figures["value"].astype("Int64"))
    return out[columns].rename(columns={"source_id": "source_ids"})


# ---- a researcher's own per-state counts -------------------------------------------------------------------------


def _agency_rows(counts: pd.DataFrame, agencies: list[str] | None) -> pd.DataFrame:
    return counts if agencies is None else counts[counts["agency"].isin(agencies)]


def _days(periods: pd.DataFrame) -> int:
    """Days covered by the distinct (period_start, period_end) pairs, both ends included."""
    distinct = periods[["period_start", "period_end"]].drop_duplicates()
    return int(((distinct["period_end"] - distinct["period_start"]).dt.days + 1).sum())


def per_state_rates(
    counts: pd.DataFrame,
    states: pd.DataFrame,
    *,
    kind: str = "derived",
    source_id: str = "user-supplied",
) -> pd.DataFrame:
    """Queries per 100,000 residents by destination state, from a cleaned counts table: ICE, HSI and all agencies.

    Every jurisdiction in ``states`` is a row (``in_file`` False and empty rates where the file has none of its
    rows); destination codes that are not a known jurisdiction are kept as extra rows so no query is lost. Block
    status is taken on the last day of the file's own period; ``group`` separates states whose known block date falls
    inside that period.

    >>> counts = pd.DataFrame({"destination_state": ["NY", "TX"], "agency": ["ICE", "HSI"], "queries": [10, 300],
    ...     "period_start": pd.Timestamp("2025-01-01"), "period_end": pd.Timestamp("2025-01-31")})
    >>> rates = per_state_rates(counts, load_states()).set_index("usps")
    >>> round(float(rates.loc["TX", "hsi_per_100k"]), 3), rates.loc["NY", "group"]
    (0.946, 'blocked ICE')
    """
    first, last = _ts(counts["period_start"].min()), _ts(counts["period_end"].max())
    access = ice_access_as_of(states, last).set_index("usps")
    known_start = dated_block_starts().reindex(states["usps"])
    in_span = known_start.notna() & (known_start > first) & (known_start <= last)

    dest = counts["destination_state"].fillna("(unknown)")
    counts = counts.assign(destination_state=dest)
    totals = {
        label: _agency_rows(counts, agencies).groupby("destination_state")["queries"].sum()
        for label, agencies in CLEAN_AGENCIES.items()
    }
    spans = counts.groupby("destination_state").agg(
        period_start=("period_start", "min"), period_end=("period_end", "max")
    )
    codes = list(states["usps"]) + sorted(set(spans.index) - set(states["usps"]))
    pop = states.set_index("usps")["population"].reindex(codes)
    out = pd.DataFrame({"usps": codes})
    out["name"] = states.set_index("usps")["name"].reindex(codes).to_numpy()
    out["in_file"] = out["usps"].isin(spans.index)
    blocked = access["ice_blocked"]
    out["group"] = [
        BLOCK_IN_FILE if bool(in_span.get(c, False)) else BLOCKED if bool(blocked.get(c, False)) else OPEN
        for c in codes
    ]
    out["basis"] = access["basis"].reindex(codes).fillna("not a known jurisdiction").to_numpy()
    out["period_start"] = spans["period_start"].reindex(codes).to_numpy()
    out["period_end"] = spans["period_end"].reindex(codes).to_numpy()
    out["residents"] = pop.astype("Int64").to_numpy()
    for label, series in totals.items():
        prefix = label.lower()
        queries = series.reindex(codes).astype("Int64")
        queries = queries.where(~out["in_file"].to_numpy() | queries.notna(), 0)  # in file, no rows of this agency
        out[f"{prefix}_queries"] = queries.to_numpy()
        out[f"{prefix}_per_100k"] = (queries.astype("Float64") / pop.astype("Float64") * PER).to_numpy()
    out["kind"] = kind
    population_ids = states.set_index("usps")["population_source_id"].reindex(codes)
    out["source_ids"] = [
        _join_ids(source_id, *ids)
        for ids in zip(population_ids, access["source_ids"].reindex(codes), strict=True)
    ]
    return out


def distribution_by_group(rates: pd.DataFrame, column: str) -> pd.DataFrame:
    """Spread of one per-state rate within each group (blocked, open, block within the file's period): count, min,
    quartiles, max, and every state in order, so no group is reduced to its mean.

    >>> rates = pd.DataFrame({"usps": ["A", "B", "C"], "group": ["open to ICE"] * 3, "x": [1.0, 3.0, 2.0],
    ...     "in_file": True, "kind": "derived", "source_ids": "s"})
    >>> row = distribution_by_group(rates, "x").iloc[0]
    >>> row["states"], float(row["median"])
    ('A 1.0; C 2.0; B 3.0', 2.0)
    """
    data = rates[rates["in_file"] & rates[column].notna()]
    rows = []
    for group, part in data.groupby("group", sort=True):
        values = part[column].astype(float)
        ordered = part.assign(_v=values).sort_values(["_v", "usps"])
        rows.append(
            {
                "group": group,
                "metric": column,
                "states_in_file": len(part),
                "min": values.min(),
                "q1": values.quantile(0.25),
                "median": values.median(),
                "q3": values.quantile(0.75),
                "max": values.max(),
                "states": "; ".join(f"{u} {v:.1f}" for u, v in zip(ordered["usps"], ordered["_v"], strict=True)),
                "kind": part["kind"].iloc[0],
                "source_ids": _join_ids(*part["source_ids"]),
            }
        )
    return pd.DataFrame(rows)


def rate_spread(rates: pd.DataFrame) -> pd.DataFrame:
    """:func:`distribution_by_group` of the ICE, HSI and all-agency rates of :func:`per_state_rates`, one block of
    rows per agency, in that order.

    >>> rates = pd.DataFrame({"usps": ["A", "B"], "group": "open to ICE", "ice_per_100k": [1.0, 2.0],
    ...     "hsi_per_100k": [3.0, 4.0], "all_per_100k": [4.0, 6.0], "in_file": True, "kind": "derived",
    ...     "source_ids": "s"})
    >>> rate_spread(rates)[["metric", "median"]].values.tolist()
    [['ice_per_100k', 1.5], ['hsi_per_100k', 3.5], ['all_per_100k', 5.0]]
    """
    return pd.concat([distribution_by_group(rates, f"{a}_per_100k") for a in ("ice", "hsi", "all")],
                     ignore_index=True)


def split_at(counts: pd.DataFrame, day: DateLike) -> pd.Series:
    """Label each row of a cleaned counts table ``before``, ``after`` or ``spanning`` a date: ``before`` when its
    period ends before the date, ``after`` when it starts on or after it, ``spanning`` otherwise.

    >>> rows = pd.DataFrame({"period_start": pd.to_datetime(["2025-10-01", "2025-11-01", "2025-12-01"]),
    ...     "period_end": pd.to_datetime(["2025-10-31", "2025-11-30", "2025-12-31"])})
    >>> split_at(rows, "2025-11-19").tolist()
    ['before', 'spanning', 'after']
    """
    cut = _ts(day)
    side = pd.Series("spanning", index=counts.index, dtype="str")
    side = side.mask(counts["period_end"] < cut, "before")
    return side.mask(counts["period_start"] >= cut, "after")


def before_after_block(
    counts: pd.DataFrame,
    states: pd.DataFrame,
    *,
    kind: str = "derived",
    source_id: str = "user-supplied",
) -> pd.DataFrame:
    """Queries per day before and after each known block date that the file's periods span, per agency group.

    Rows whose period contains the block date are reported apart (``spanning_queries``), never split. Days count
    the distinct periods on each side for that state, so months with no rows for one agency count as zero queries.
    States whose block date is not published (IL, MA, MN) cannot be split and do not appear.

    >>> rows = pd.DataFrame({"destination_state": "WA", "agency": "ICE", "queries": [31, 15, 0],
    ...     "period_start": pd.to_datetime(["2025-10-01", "2025-11-01", "2025-12-01"]),
    ...     "period_end": pd.to_datetime(["2025-10-31", "2025-11-30", "2025-12-31"])})
    >>> split = before_after_block(rows, load_states()).set_index("agency")
    >>> split.loc["ICE", ["before_per_day", "spanning_queries", "after_per_day"]].astype(float).tolist()
    [1.0, 15.0, 0.0]
    """
    dated = dated_block_starts()
    rows = []
    for usps, start in dated.items():
        mine = counts[counts["destination_state"] == usps]
        if mine.empty:
            continue
        side = split_at(mine, start)
        if not ((side == "before").any() and (side == "after").any()):
            continue
        for label, agencies in CLEAN_AGENCIES.items():
            sub = _agency_rows(mine, agencies)
            sub_side = side.loc[sub.index]
            row = {"usps": usps, "block_date": _ts(start).strftime("%Y-%m-%d"), "agency": label}
            for name in ("before", "spanning", "after"):
                days = _days(mine[side == name])
                queries = int(sub.loc[sub_side == name, "queries"].sum())
                row[f"{name}_queries"] = queries
                row[f"{name}_days"] = days
                if name != "spanning":
                    row[f"{name}_per_day"] = queries / days if days else float("nan")
            rows.append(row)
    columns = ["usps", "block_date", "agency", "before_queries", "before_days", "before_per_day", "spanning_queries",
               "spanning_days", "after_queries", "after_days", "after_per_day"]
    out = pd.DataFrame(rows, columns=columns)
    ids = ice_access_as_of(states, "2262-01-01").set_index("usps")["source_ids"]
    return out.assign(kind=kind, source_ids=[_join_ids(source_id, ids.get(u)) for u in out["usps"]])


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
