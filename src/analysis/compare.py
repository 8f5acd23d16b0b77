"""The blocking states against the rest: who is shielded, exposure in the open states, policy overlap, block dates.

Everything here is computed from ``data/raw/`` (through :mod:`analysis.sources`) or from a researcher's cleaned
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

from analysis.sources import load_disclosure_figures, load_sources, load_states

PER = 100_000
ICE_METRIC = "dmv_queries_via_nlets_by_ice"
HSI_METRIC = "dmv_queries_via_nlets_by_hsi"
BLOCKED, OPEN = "blocked ICE", "open to ICE"
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
    found: set[str] = set()
    for value in ids:
        if isinstance(value, str) and value:
            found.update(v for v in value.split(";") if v)
    return ";".join(sorted(found))


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


def nlets_named_month() -> pd.Timestamp:
    """First day of the month in which Nlets named the states it knew to block ICE (as stored in ``data/raw``).

    >>> nlets_named_month().date().isoformat()
    '2025-10-01'
    """
    as_of = load_disclosure_figures().set_index("metric").loc["states_known_to_nlets_to_block_ice", "as_of"]
    return pd.Timestamp(str(as_of))


def ice_access_as_of(states: pd.DataFrame, as_of: DateLike) -> pd.DataFrame:
    """Whether each jurisdiction had blocked ICE's Nlets DMV queries on ``as_of``: the one rule all comparisons use.

    - A reported block with a published start date counts from that date (NY 2019-12-14, WA 2025-11-19).
    - A reported block whose start date is not published (IL, MA, MN) is assumed in force on any date: Nlets named
      these states as blocking in October 2025, and nothing says when they started. ``assumed`` is True for them.
    - Every other jurisdiction (in progress, unclear, no individual report, "not blocked" per the letters) is open:
      the 2025-11-12 letters imply ICE had access everywhere except the states they name.

    Returns one row per jurisdiction, in the order given: ``usps``, ``name``, ``as_of``, ``ice_blocked``,
    ``assumed`` (the status rests on the assumption above), ``basis`` (plain words), ``kind``, ``source_ids``.

    >>> states = load_states()
    >>> access = ice_access_as_of(states, "2025-09-30").set_index("usps")
    >>> sorted(access.index[access["ice_blocked"]])
    ['IL', 'MA', 'MN', 'NY']
    >>> access = ice_access_as_of(states, "2025-11-19").set_index("usps")
    >>> sorted(access.index[access["ice_blocked"]])
    ['IL', 'MA', 'MN', 'NY', 'WA']
    """
    day = _ts(as_of)
    reported = states["nlets_ice_block"].eq("blocked")
    start = states["block_effective_date"]
    dated = reported & start.notna()
    blocked = (dated & (start <= day)) | (reported & start.isna())

    status = states["nlets_ice_block"]
    basis = pd.Series("no block reported; open by the letters' account", index=states.index, dtype="str")
    basis = basis.mask(status.eq("not blocked (as reported)"), "not blocked, as the 2025-11-12 letters report")
    basis = basis.mask(status.eq("in progress"), "block in progress, no date; open")
    basis = basis.mask(status.eq("unclear"), "status unclear (one low-confidence report); treated as open")
    basis = basis.mask(
        reported & start.isna(),
        f"block start date not published; assumed in force (named by Nlets, {nlets_named_month():%b %Y})",
    )
    starts = start.dt.strftime("%Y-%m-%d")
    basis = basis.mask(dated & (start <= day), "block in force since " + starts)
    basis = basis.mask(dated & (start > day), "open: block began later, on " + starts)

    open_source = disclosure_source(ICE_METRIC)
    source_ids = [
        _join_ids(block_src, None if is_blocked else open_source)
        for block_src, is_blocked in zip(states["block_source_id"], blocked, strict=True)
    ]
    return pd.DataFrame(
        {
            "usps": states["usps"],
            "name": states["name"],
            "as_of": day,
            "ice_blocked": blocked.astype(bool),
            "assumed": (reported & start.isna()).astype(bool),
            "basis": basis,
            "kind": "derived",
            "source_ids": source_ids,
        }
    ).reset_index(drop=True)


def first_block_after(states: pd.DataFrame, day: DateLike) -> pd.Series:
    """The jurisdiction whose published block began first after ``day``: its row of ``states``. Notebook 02 takes
    its start date as the second as-of date of the comparison.

    >>> row = first_block_after(load_states(), "2025-09-30")
    >>> row["usps"], row["block_effective_date"].date().isoformat()
    ('WA', '2025-11-19')
    """
    later = states[states["block_effective_date"] > _ts(day)].sort_values("block_effective_date")
    if later.empty:
        raise ValueError(f"no published block began after {_ts(day):%Y-%m-%d}")
    return later.iloc[0]


def _known_or_na(values: pd.Series, unknown: pd.Series) -> pd.Series:
    """Booleans, missing (``<NA>``) where ``unknown``."""
    return values.astype("boolean").mask(unknown, pd.NA)


def access_categories(states: pd.DataFrame, as_of: DateLike) -> pd.DataFrame:
    """A map category per jurisdiction on ``as_of``, from :func:`ice_access_as_of` and the reported status: blocked
    (and whether the date is published), blocked only later (with its date), in progress, not blocked per the
    letters, unclear, or no individual report. ``licence_for_all`` rides along for the map's markers.

    >>> cats = access_categories(load_states(), "2025-09-30").set_index("usps")["category"]
    >>> cats["NY"], cats["IL"]
    ('blocked ICE, date published', 'blocked ICE, date not published')
    >>> cats["WA"], cats["OR"]
    ('blocked later (2025-11-19)', 'block in progress')
    """
    access = ice_access_as_of(states, as_of)
    status = states["nlets_ice_block"].to_numpy()
    start = states["block_effective_date"].dt.strftime("%Y-%m-%d").to_numpy()
    labels = {
        "in progress": "block in progress",
        "not blocked (as reported)": "not blocked, per the letters",
        "unclear": "unclear (low-confidence report)",
        "no report": "no individual report",
    }
    category = []
    for s, d, blocked, assumed in zip(status, start, access["ice_blocked"], access["assumed"], strict=True):
        if blocked:
            category.append("blocked ICE, date not published" if assumed else "blocked ICE, date published")
        elif s == "blocked":
            category.append(f"blocked later ({d})")
        else:
            category.append(labels[s])
    return pd.DataFrame(
        {
            "usps": access["usps"],
            "name": access["name"],
            "as_of": access["as_of"].dt.strftime("%Y-%m-%d"),
            "category": category,
            "licence_for_all": states["dl_regardless_of_status"].eq("yes").to_numpy(),
            "kind": "derived",
            "source_ids": [_join_ids(a, b) for a, b in zip(access["source_ids"], states["dl_source_id"], strict=True)],
        }
    )


def block_dates(states: pd.DataFrame, period: tuple[DateLike, DateLike] | None = None) -> pd.DataFrame:
    """Each reported or planned block: its start date (or "not published") and whether it covered the whole period.

    ``covered_whole_period`` is True when the block began on or before the period's first day, False when it began
    later or had not begun, and missing (``<NA>``) when no start date is published. ``period`` defaults to the
    disclosure year.

    >>> dates = block_dates(load_states()).set_index("usps")
    >>> dates.loc[["NY", "IL", "WA"], "effective_date"].tolist()
    ['2019-12-14', 'not published', '2025-11-19']
    >>> dates.loc[["NY", "IL", "WA"], "covered_whole_period"].tolist()
    [True, <NA>, False]
    """
    first, last = (_ts(d) for d in (period or disclosure_period()))
    rows = states[states["nlets_ice_block"].isin(["blocked", "in progress"])]
    start = rows["block_effective_date"]
    blocked = rows["nlets_ice_block"].eq("blocked")
    covered = _known_or_na(blocked & (start <= first), blocked & start.isna())
    text = start.dt.strftime("%Y-%m-%d").where(start.notna(), "not published").where(blocked, "no date (in progress)")
    period_ids = disclosure_source(ICE_METRIC)
    out = pd.DataFrame(
        {
            "usps": rows["usps"],
            "name": rows["name"],
            "status": rows["nlets_ice_block"],
            "named_by_nlets_oct_2025": rows["blocked_per_nlets_oct_2025"],
            "effective_date": text,
            "status_as_of": rows["block_status_as_of"].dt.strftime("%Y-%m-%d"),
            "period_start": first.strftime("%Y-%m-%d"),
            "period_end": last.strftime("%Y-%m-%d"),
            "in_force_by_period_end": _known_or_na(blocked & (start <= last), blocked & start.isna()),
            "covered_whole_period": covered,
            "kind": "derived",
            "source_ids": [_join_ids(s, period_ids) for s in rows["block_source_id"]],
        }
    )
    return out.sort_values(["named_by_nlets_oct_2025", "usps"], ascending=[False, True]).reset_index(drop=True)


# ---- who is shielded --------------------------------------------------------------------------------------------


def _vintage_text(group: pd.DataFrame) -> str:
    parts = (
        group.groupby(["population_vintage", "population_date"], observed=True)["usps"]
        .count()
        .sort_index()
    )
    return "; ".join(f"{n} \u00d7 {vintage} ({date:%Y-%m-%d})" for (vintage, date), n in parts.items())


def residents_by_access(states: pd.DataFrame, as_of: DateLike) -> pd.DataFrame:
    """Residents of the jurisdictions that had blocked ICE on ``as_of`` and of the rest: counts and shares.

    The total is every jurisdiction in ``states`` (50 states, DC, Puerto Rico and four island areas); populations
    mix vintages, which ``vintages`` spells out.

    >>> table = residents_by_access(load_states(), "2025-09-30").set_index("group")
    >>> int(table.loc["blocked ICE", "jurisdictions"]), round(float(table.loc["blocked ICE", "share_of_total"]), 3)
    (4, 0.132)
    """
    access = ice_access_as_of(states, as_of)
    frame = states.assign(group=access["ice_blocked"].map({True: BLOCKED, False: OPEN}).to_numpy())
    total = int(frame["population"].sum())
    rows = []
    parts = [(BLOCKED, frame[frame["group"] == BLOCKED]), (OPEN, frame[frame["group"] == OPEN]), ("all", frame)]
    for group, part in parts:
        residents = int(part["population"].sum())
        rows.append(
            {
                "group": group,
                "as_of": _ts(as_of).strftime("%Y-%m-%d"),
                "jurisdictions": len(part),
                "usps": " ".join(sorted(part["usps"])) if group == BLOCKED else "",
                "residents": residents,
                "share_of_total": residents / total,
                "vintages": _vintage_text(part),
                "kind": "derived",
                "source_ids": _join_ids(*part["population_source_id"], *part["block_source_id"]),
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
    Census PEP Vintage 2024 estimate for 2024-07-01 (52 jurisdictions);
    2020 Island Areas Census count for 2020-04-01 (AS GU MP VI)
    """
    table = population_vintages(states).sort_values(["jurisdictions", "population_date"], ascending=[False, True])
    return "; ".join(
        f"{r.population_vintage} for {r.population_date} ({r.usps})" for r in table.itertuples()
    )


# ---- exposure in the open states --------------------------------------------------------------------------------


def queries_per_100k_open(states: pd.DataFrame, as_of: DateLike | None = None) -> pd.DataFrame:
    """ICE's and HSI's published national query counts per 100,000 residents of the jurisdictions open to ICE.

    ``per_100k_open_residents`` is *modelled* (``kind``): no per-state split was published, so it rests on the
    assumption written in the ``assumption`` column beside it, that the blocking jurisdictions received none of the
    agency's queries. It is a ceiling (``bound`` ``at most``): any query that did go to a blocking jurisdiction
    lowers the true average over the open ones; for ICE it is the average itself if the assumption holds, for HSI
    (whose access the blocks may not have cut) it may well be lower. ``as_of`` defaults to the last day of the
    disclosure period. ``per_100k_all_residents`` spreads the same count over every resident, as if no one had
    blocked: a point of comparison, not a floor.

    >>> table = queries_per_100k_open(load_states()).set_index("agency")
    >>> round(float(table.loc["ICE", "per_100k_open_residents"]), 1)
    98.0
    """
    day = _ts(as_of) if as_of is not None else disclosure_period()[1]
    access = ice_access_as_of(states, day)
    blocked_codes = " ".join(sorted(access.loc[access["ice_blocked"], "usps"]))
    open_residents = int(states.loc[~access["ice_blocked"].to_numpy(), "population"].sum())
    all_residents = int(states["population"].sum())
    undated = " ".join(sorted(access.loc[access["assumed"], "usps"]))
    undated_note = f" (the start dates of {undated} are not published)" if undated else ""
    common = (
        "The disclosure gives no per-state split, so this is an average over the open jurisdictions' residents, not "
        "any one state's rate. Counts are queries, not people. Residents are the denominator because no "
        f"licensed-driver figure is sourced; populations: {vintage_note(states)}."
    )
    assumptions = {
        "ICE": f"Assumes the states that had blocked ICE ({blocked_codes}) received none of ICE's queries in the "
        f"period{undated_note}. Any that did lower the true average, so this is a ceiling. {common}",
        "HSI": f"Assumes, as for ICE, that {blocked_codes} received none of HSI's queries, but the disclosure does not "
        f"say whether they also blocked HSI; if they did not, the true average is lower, so this is a ceiling. "
        f"{common}",
    }
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
                "open_residents": open_residents,
                "per_100k_open_residents": queries / open_residents * PER,
                "all_residents": all_residents,
                "per_100k_all_residents": queries / all_residents * PER,
                "kind": "modelled",
                "bound": "at most",
                "assumption": assumptions[agency],
                "source_ids": _join_ids(
                    figures["source_id"], *states["population_source_id"], *access["source_ids"]
                ),
            }
        )
    return pd.DataFrame(rows)


# ---- policy overlap ---------------------------------------------------------------------------------------------


def policy_overlap(states: pd.DataFrame, as_of: DateLike | None = None) -> pd.DataFrame:
    """Licence-for-all policy, the 2025-11-12 letters and ICE access on ``as_of`` (default: the disclosure period's
    last day), for every jurisdiction with at least one of: a licence-for-all policy, a letter, a reported block.

    ``still_open_to_ice`` marks licence-for-all jurisdictions that had not blocked ICE on that date.

    >>> overlap = policy_overlap(load_states())
    >>> int(overlap["still_open_to_ice"].sum()) > 0
    True
    """
    day = _ts(as_of) if as_of is not None else disclosure_period()[1]
    access = ice_access_as_of(states, day)
    licence = states["dl_regardless_of_status"].eq("yes").to_numpy()
    letter = states["governor_letter_2025_11_12"].to_numpy()
    reported = states["nlets_ice_block"].isin(["blocked", "in progress"]).to_numpy()
    keep = licence | letter | reported
    part = states[keep]
    acc = access[keep]
    out = pd.DataFrame(
        {
            "usps": part["usps"].to_numpy(),
            "name": part["name"].to_numpy(),
            "licence_for_all": licence[keep],
            "licence_since": part["dl_since"].to_numpy(),
            "letter_2025_11_12": letter[keep],
            "block_status": part["nlets_ice_block"].to_numpy(),
            "open_as_of": day.strftime("%Y-%m-%d"),
            "ice_blocked": acc["ice_blocked"].to_numpy(),
            "still_open_to_ice": licence[keep] & ~acc["ice_blocked"].to_numpy(),
            "residents": part["population"].astype("int64").to_numpy(),
            "kind": "derived",
            "source_ids": [
                _join_ids(*ids)
                for ids in zip(part["dl_source_id"], part["letter_source_id"], acc["source_ids"], strict=True)
            ],
        }
    )
    order = ["licence_for_all", "ice_blocked", "letter_2025_11_12", "usps"]
    return out.sort_values(order, ascending=[False, True, False, True]).reset_index(drop=True)


# ---- timeline ---------------------------------------------------------------------------------------------------


def block_timeline(states: pd.DataFrame) -> pd.DataFrame:
    """One row per reported or planned block, for the timeline figure: a known start date, or the latest date by
    which it is known to be in place (``known_by``), or neither.

    >>> timeline = block_timeline(load_states()).set_index("usps")
    >>> timeline.loc["NY", "date_text"], timeline.loc["IL", "date_text"], timeline.loc["OR", "date_text"]
    ('2019-12-14', 'date not published; named by Nlets, Oct 2025', 'in progress, no date')
    """
    named_source = load_disclosure_figures().set_index("metric").loc["states_known_to_nlets_to_block_ice", "source_id"]
    named_by = nlets_named_month()
    rows = states[states["nlets_ice_block"].isin(["blocked", "in progress"])]
    start = rows["block_effective_date"]
    blocked = rows["nlets_ice_block"].eq("blocked")
    undated = blocked & start.isna()
    undated_text = f"date not published; named by Nlets, {named_by:%b %Y}"
    date_text = start.dt.strftime("%Y-%m-%d").where(start.notna(), undated_text)
    date_text = date_text.where(blocked, "in progress, no date")
    known_by = start.where(start.notna(), named_by).where(blocked, rows["block_status_as_of"])
    out = pd.DataFrame(
        {
            "usps": rows["usps"],
            "name": rows["name"],
            "status": rows["nlets_ice_block"],
            "start_date": start,
            "known_by": known_by,
            "date_known": start.notna(),
            "date_text": date_text,
            "kind": "published",
            "source_ids": [
                _join_ids(s, named_source if u else None)
                for s, u in zip(rows["block_source_id"], undated, strict=True)
            ],
        }
    )
    return out.sort_values(["known_by", "usps"]).reset_index(drop=True)


# ---- published state-level figures ------------------------------------------------------------------------------


def state_figure_rates(figures: pd.DataFrame, states: pd.DataFrame) -> pd.DataFrame:
    """Per-day and per-100,000-resident rates for the in-scope state-level query counts that have a full period.

    ``figures`` is :func:`analysis.sources.load_state_level_figures`. Only ``in scope`` rows counting ``queries``
    with a published value and day-precise start and end qualify; the rest (other systems, single cases, months
    only) are left out. The residents are the state's population on its own reference date, not the figure's.

    >>> from analysis.sources import load_state_level_figures
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

    >>> from analysis.sources import load_state_level_figures
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
    (0.959, 'blocked ICE')
    """
    first, last = _ts(counts["period_start"].min()), _ts(counts["period_end"].max())
    access = ice_access_as_of(states, last).set_index("usps")
    known_start = states.set_index("usps")["block_effective_date"]
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
    dated = states[states["block_effective_date"].notna()].set_index("usps")["block_effective_date"]
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
    ids = states.set_index("usps")["block_source_id"]
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
    ids = {i for t in tables for value in t["source_ids"] for i in str(value).split(";") if i}
    if known_only:
        ids &= set(load_sources()["source_id"])
    return sorted(ids)
