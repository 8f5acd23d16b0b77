"""Notebook 02's sentences on who is shielded and when the blocks began: the residents of the blocking states on
each as-of date with the assumption they rest on, and which blocks covered the disclosure year.

Each function takes the tables the notebook shows (``shielded`` from
:func:`~analysis.findings.resident_shares.residents_by_access` on two as-of dates, ``dates`` from
:func:`~analysis.findings.block_history.block_dates`), so the words always match the tables beside them. Dates come
from the tables themselves.
"""

from __future__ import annotations

import pandas as pd

from analysis.findings import block_history, comparison_basics, resident_shares
from analysis.findings.access_status import events_or_raw
from analysis.publish.i18n import NC_, translate
from analysis.publish.text import spanish as es
from analysis.publish.text.wording import listed, plural, table_period, was_were
from analysis.sources import ice_access


def as_of_groups(shielded: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The residents table on its first as-of date (the end of the disclosure year) and on its last (after the next
    block), each indexed by group (blocked ICE, open to ICE, all).

    >>> from analysis.sources.tables import load_states
    >>> states = load_states()
    >>> shielded = pd.concat([resident_shares.residents_by_access(states, d) for d in ("2025-09-30", "2025-11-30")])
    >>> end, later = as_of_groups(shielded)
    >>> end.loc[comparison_basics.BLOCKED, "usps"], later.loc[comparison_basics.BLOCKED, "usps"]
    ('IL MA MN NY', 'IL MA MN NY WA')
    """
    days = list(dict.fromkeys(shielded["as_of"]))
    return tuple(shielded[shielded["as_of"] == day].set_index("group") for day in (days[0], days[-1]))


def assumption_sentence(codes: str, as_of: str, reported_by: str) -> str:
    """The assumption behind counting blocks reported later as in force on ``as_of``; '' when none rests on it.

    >>> assumption_sentence("IL MN", "2025-09-30", "2025-11-12")
    'IL and MN are counted as blocking on 2025-09-30 on an assumption: their blocks were reported by 2025-11-12, and when they began is not published.'
    >>> assumption_sentence("", "2025-09-30", "")
    ''
    """
    names = codes.split()
    if not names:
        return ""
    their = "its block was" if len(names) == 1 else "their blocks were"
    reported_by = listed(reported_by.split()) if " " in reported_by.strip() else reported_by
    verb = "is" if len(names) == 1 else "are"
    return (f"{listed(names)} {verb} counted as blocking on {as_of} on an assumption: {their} reported by "
            f"{reported_by}, and when {'it' if len(names) == 1 else 'they'} began is not published.")


def shielded_summary(shielded: pd.DataFrame, states: pd.DataFrame) -> str:
    """How many U.S. residents (50 states and DC) the blocking states held at the end of the disclosure year and after
    the next block, with the assumption the first figure rests on, and the territories beside them. Everything comes
    from the two tables given: the next block is the jurisdiction that joins the blocking group on the second date.

    >>> from analysis.sources.tables import load_states
    >>> states = load_states()
    >>> shielded = pd.concat([resident_shares.residents_by_access(states, d) for d in ("2025-09-30", "2025-11-18")])
    >>> shielded_summary(shielded, states).split(" On ")[0]
    '**Derived, on an assumption.**'
    """
    end, later = as_of_groups(shielded)
    blocked_row, open_row, all_row = (end.loc[g] for g in (comparison_basics.BLOCKED, comparison_basics.OPEN, "all"))
    later_blocked = later.loc[comparison_basics.BLOCKED]
    territories = end.loc["territories"] if "territories" in end.index else None
    assumed = str(blocked_row["assumed"])
    n_blocked, n_open = int(blocked_row["jurisdictions"]), int(open_row["jurisdictions"])
    label = "**Derived, on an assumption.**" if assumed else "**Derived.**"
    if n_blocked:
        blocked_text = (f"the {plural(n_blocked, 'state', 'states')} counted as blocking ICE ({blocked_row['usps']}) "
                        f"{was_were(n_blocked)} home to **{blocked_row['residents']:,} residents, "
                        f"{blocked_row['share_of_total']:.1%}** of the {all_row['residents']:,} in the 50 states and DC.")
    else:
        blocked_text = (f"no state is known to have blocked ICE; the 50 states and DC had {all_row['residents']:,} "
                        "residents.")
    text = (
        f"{label} On {blocked_row['as_of']}, the last day of the disclosure year, {blocked_text} "
        f"{assumption_sentence(assumed, blocked_row['as_of'], str(blocked_row['assumed_reported_by']))} "
        + (f"ICE is not known to have been blocked from the records of the other "
           f"{plural(n_open, 'jurisdiction', 'jurisdictions')} ({open_row['share_of_total']:.1%} of residents)."
           if n_blocked and n_open else "")
    )
    joined = sorted(set(str(later_blocked["usps"]).split()) - set(str(blocked_row["usps"]).split()))
    if later_blocked["as_of"] != blocked_row["as_of"] and joined:
        names = listed(states.set_index("usps").loc[joined, "name"])
        whose = f"{names}'s block" if len(joined) == 1 else f"the blocks of {names}"
        texts = block_history.dated_block_texts()
        applied = listed([(f"on {texts[c][0]}" if texts[c][1] else f"in {texts[c][0]}") for c in joined if c in texts])
        text += (f" With {whose} (applied {applied or 'later'}), the share counted as blocking is "
                 f"{later_blocked['share_of_total']:.1%} on {later_blocked['as_of']}.")
    if territories is not None and territories["jurisdictions"]:
        n = int(territories["jurisdictions"])
        text += (f" The {plural(n, 'territory', 'territories')} ({territories['usps']}, "
                 f"{territories['residents']:,} residents) {'is' if n == 1 else 'are'} shown beside these totals, "
                 f"not in them.")
    return " ".join(text.split()) + (
        f"\n\nPopulations: {resident_shares.vintage_note(states)}. No sourced licensed-driver count exists in `data/raw/`, so "
        "residents stand in for the people whose records are on file."
    )


def covered_groups(dates: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The rows of ``dates`` whose block covered the whole period (``known``), may have (``unknown``: only a report,
    no start date), began after its start (``after``), or was in progress (``in_progress``).

    >>> from analysis.sources.tables import load_states
    >>> groups = covered_groups(block_history.block_dates(load_states()))
    >>> {k: v["usps"].tolist() for k, v in groups.items()}
    {'known': [], 'unknown': ['IL', 'MA', 'MN', 'NY'], 'after': ['WA'], 'in_progress': ['OR']}
    """
    blocked = dates["status"] == "blocked"
    covered = dates["covered_whole_period"]
    return {
        "known": dates[blocked & covered.eq(True).fillna(False)],
        "unknown": dates[blocked & covered.isna()],
        "after": dates[blocked & covered.eq(False).fillna(False)],
        "in_progress": dates[dates["status"] == "in progress"],
    }


_LEGAL_KINDS = {"law_effective": "statutory bar", "rule_effective": "rule"}
# The predating sentence in Spanish, each part's English the msgid of its Spanish in the catalog (msgctxt "status").
_PREDATING_ES = {
    "statutory bar": NC_("status", "{state}'s statutory bar (in force since {date})"),
    "rule": NC_("status", "{state}'s rule (in force since {date})"),
}
_HEAD = NC_("status", "No Nlets-specific start date is published for any block")
_HEAD_BEFORE = NC_("status", "No Nlets-specific start date before the year is published for any block")
_PREDATE_ONE = NC_("status", "{items} predates the year")
_PREDATE_MANY = NC_("status", "{items} predate the year")


def legal_before(rows: pd.DataFrame, period_start: object) -> pd.DataFrame:
    """The first law or rule in force on ICE's DMV disclosure per jurisdiction, dated before ``period_start``, from
    event rows (the events table or the timeline: ``usps`` or ``jurisdiction``, ``event``, ``date``, ``start``;
    ``tier`` and ``agencies`` when present), in date order.

    >>> from analysis.sources.tables import load_ice_access_events
    >>> legal_before(load_ice_access_events(), "2024-10-01")[["usps", "event", "date"]].values.tolist()
    [['NY', 'law_effective', '2019-12-14'], ['MA', 'rule_effective', '2023-06-30']]
    """
    rows = rows.rename(columns={"jurisdiction": "usps"})
    keep = rows["event"].isin(list(_LEGAL_KINDS)) & (rows["start"] < pd.Timestamp(period_start))
    if "tier" in rows.columns:
        keep &= rows["tier"].ne("weak")
    if "agencies" in rows.columns:
        keep &= rows["agencies"].str.split(";").map(lambda agencies: "ICE" in agencies)
    if "system" in rows.columns:
        # A law on one state system (California's CLETS law) is not a bar on DMV disclosure as a whole.
        keep &= rows["system"].eq("DMV records (all channels)")
    legal = rows[keep].sort_values(["start", "date"]).drop_duplicates("usps")
    return legal[["usps", "event", "date"]].reset_index(drop=True)


def _possessive(name: str) -> str:
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def predating_sentence(legal: pd.DataFrame, names: dict[str, str], dated_start: bool = False,
                       spanish: bool = False, head: bool = True) -> str:
    """What is known of the blocks before the period, from :func:`legal_before`'s rows (``names``: USPS code → name;
    ``dated_start``: some block has a published Nlets start date, all of them after the period's start); without
    ``head``, only the laws and rules ('' for none).

    >>> legal = pd.DataFrame({"usps": ["NY", "MA"], "event": ["law_effective", "rule_effective"],
    ...                       "date": ["2019-12-14", "2023-06-30"]})
    >>> predating_sentence(legal, {"NY": "New York", "MA": "Massachusetts"})
    "No Nlets-specific start date is published for any block; New York's statutory bar (in force since 2019-12-14) and Massachusetts' rule (in force since 2023-06-30) predate the year"
    >>> predating_sentence(legal.iloc[:1], {"NY": "New York"}, dated_start=True)
    "No Nlets-specific start date before the year is published for any block; New York's statutory bar (in force since 2019-12-14) predates the year"
    >>> predating_sentence(legal.iloc[:0], {}, spanish=True)
    'No se ha publicado ninguna fecha de inicio específica de Nlets para ningún bloqueo'
    >>> predating_sentence(legal.iloc[1:], {"MA": "Massachusetts"}, spanish=True, head=False)
    'la norma de Massachusetts (en vigor desde el 2023-06-30) es anterior al año'
    """
    if spanish:
        head_es = translate("status", _HEAD_BEFORE if dated_start else _HEAD, "es")
        spanish_names = es.state_names()
        items = [translate("status", _PREDATING_ES[_LEGAL_KINDS[r.event]], "es").format(
                     state=spanish_names.get(r.usps, names.get(r.usps, r.usps)), date=r.date)
                 for r in legal.itertuples()]
        verb = _PREDATE_ONE if len(items) == 1 else _PREDATE_MANY
        tail = translate("status", verb, "es").format(items=es.lista(items)) if items else ""
        return "; ".join(p for p in (head_es if head else "", tail) if p)
    head_en = ("No Nlets-specific start date " + ("before the year " if dated_start else "")
               + "is published for any block")
    items = [f"{_possessive(names.get(r.usps, r.usps))} {_LEGAL_KINDS[r.event]} (in force since {r.date})"
             for r in legal.itertuples()]
    verb = "predates" if len(items) == 1 else "predate"
    tail = f"{listed(items)} {verb} the year" if items else ""
    return "; ".join(p for p in (head_en if head else "", tail) if p)


def in_progress_sentence(names: list[str], as_of: list[str] | None = None) -> str:
    """'Oregon's block was in progress[ on D, with no date].', or the plural for several states; '' for none.

    >>> in_progress_sentence(["Oregon"], ["2025-11-12"]), in_progress_sentence(["A", "B"])
    ("Oregon's block was in progress on 2025-11-12, with no date.", 'The blocks of A and B were in progress.')
    """
    if not names:
        return ""
    when = f" on {listed(dict.fromkeys(as_of))}, with no date" if as_of else ""
    if len(names) == 1:
        return f"{names[0]}'s block was in progress{when}."
    return f"The blocks of {listed(names)} were in progress{when.replace('no date', 'no dates')}."


def legal_basis_sentence(rows: pd.DataFrame) -> str:
    """The laws or rules in force beside the reported blocks, each with what its date is; '' for none.

    >>> rows = pd.DataFrame({"name": ["New York", "Illinois"], "law_or_rule": ["law effective 2019-12-14", ""]})
    >>> legal_basis_sentence(rows)
    'Legal basis on record: New York, law effective 2019-12-14 (a law barring disclosure to immigration enforcement is not the day Nlets stopped answering ICE).'
    """
    with_law = rows[rows["law_or_rule"].fillna("") != ""]
    if with_law.empty:
        return ""
    parts = "; ".join(f"{r.name}, {r.law_or_rule}" for r in with_law.itertuples())
    return (f"Legal basis on record: {parts} (a law barring disclosure to immigration enforcement is not the day "
            "Nlets stopped answering ICE).")


def conflict_clause(other_dates: list[str]) -> str:
    """' (a weak source gives 2025-11-19)' beside a confirmed date, or '' when no source disagrees.

    >>> conflict_clause(["2025-11-19"]), conflict_clause([])
    (' (an unconfirmed account gives 2025-11-19)', '')
    """
    return f" (an unconfirmed account gives {listed(other_dates)})" if other_dates else ""


def block_dates_summary(dates: pd.DataFrame, events: pd.DataFrame | None = None) -> str:
    """Which blocks are known to have covered the whole disclosure year (when none: what is known before it, from the
    laws and rules in ``events``, default the events table), which may have (reported, no start date), which began
    after it and which were in progress, each date with what it means.

    >>> from analysis.sources.tables import load_states
    >>> print(block_dates_summary(block_history.block_dates(load_states())).split(". ")[1])
    No Nlets-specific start date before the year is published for any block; New York's statutory bar (in force since 2019-12-14) and Massachusetts' rule (in force since 2023-06-30) predate the year
    """
    start, end = table_period(dates)
    g = covered_groups(dates)
    known, unknown, after, progress = g["known"], g["unknown"], g["after"], g["in_progress"]
    parts = [f"**Published dates, derived coverage.** The disclosure year ran {start} to {end}."]
    if known.empty:
        rows = events_or_raw(events)
        legal = legal_before(rows, start)
        legal = legal[legal["usps"].isin(dates["usps"])]
        names = dict(zip(dates["usps"], dates["name"], strict=True))
        parts.append(predating_sentence(legal, names, bool(dates["start_published"].any())) + ".")
    else:
        parts.append(f"{listed(known['name'])} blocked ICE before it began "
                     f"({listed(f'{r.date_meaning} {r.block_date}' for r in known.itertuples())}).")
    if len(unknown):
        reported = listed(dict.fromkeys(unknown["block_date"]))
        one = len(unknown) == 1
        parts.append(f"{listed(unknown['name'])} {was_were(len(unknown))} reported blocked by {reported}; when "
                     f"{'that block' if one else 'those blocks'} began is **not published**, so whether "
                     f"{'it' if one else 'they'} covered the year is unknown.")
        parts.append(legal_basis_sentence(unknown))
    conflicts = block_history.unconfirmed_applied_dates()
    for r in after.itertuples():
        parts.append(f"{r.name}'s block was applied {ice_access.on_date(r.block_date, r.month_part)}"
                     f"{conflict_clause(conflicts.get(r.usps, []))}, "
                     "after the period: ICE could query its records throughout the year the counts describe.")
    parts.append(in_progress_sentence(list(progress["name"]), list(progress["block_date"])))
    return " ".join(p for p in parts if p)
