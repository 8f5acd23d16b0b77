"""Notebook 02's figures. Each function draws one chart in the house frame and returns the keyword arguments for
:func:`analysis.publish.export.export_figure` (``fig``, ``name``, ``title``, ``alt_text``, ``data``: the numbers drawn,
``source_ids``, ``kinds``, ``key_numbers``, ``description``; ``bounds_note`` where a key number rests on an
assumption), built from the computed tables of :mod:`analysis.findings.blocking`.

Key numbers are computed from the same tables as the chart, never typed. Their ids are those of
``reports/tables/citable_numbers.csv`` where the same number is citable (``02-residents-in-blocking-states-share``,
``02-licence-for-all-states-open-to-ice``, ``02-wa-federal-queries-per-day``, notebook 01's ``ice-queries`` and
``hsi-queries``); the others start with ``02-`` too. Dates are key numbers with an ISO date as value.

The notebook adds only ``notebook=``: ``export_figure(shielded_share_figure(shielded, states), notebook=NOTEBOOK)``.
"""

from __future__ import annotations

import re
import textwrap
from typing import Any

import pandas as pd
from matplotlib.dates import DateFormatter, YearLocator
from matplotlib.lines import Line2D

from analysis.publish.specs import FigureSpec
from analysis.findings import blocking as compare
from analysis.findings import per_state
from analysis.findings import state_figures  # noqa: F401 (the doctests use it)
from analysis.publish.caveats import OWN_FILE_NOTE
from analysis.sources import ice_access
from analysis.publish.text.blocking import as_of_groups, assumption_sentence, covered_groups, listed, plural
from analysis.publish.text import spanish as es
from analysis.publish.style import LANDSCAPE, MUTED_TEXT, NEUTRAL, OKABE_ITO, PORTRAIT, TEXT, Layout, fit_layout, frame, new_figure
from analysis.publish.figures.tilegrid import draw_tile_map

Period = tuple[pd.Timestamp, pd.Timestamp]

# Map categories in legend order; dated labels ("blocked (applied <date>)", "blocked later (...)", "unknown since
# <date>") are added with their dates by map_colours. The classes step down in lightness (CIE L* about 37, 59, 71,
# 80, 90, 100), so they stay apart in colour-blind vision and in greyscale, and blocking states are the darkest,
# most visible class. A block applied after the day shown is a lighter blue with white hatching (not in force
# yet); "no individual report" is a blank tile with an outline: nothing is on record, which is not "open".
BLOCKING_BLUE = "#005A9C"
MAP_COLOURS = {
    "assumed blocked (start date not published)": BLOCKING_BLUE,
    "block in progress": "#A5CCEB",
    "reported open by the letters": OKABE_ITO["orange"],
    "no individual report": "#FFFFFF",
}
BLOCKED_LATER_COLOUR, UNKNOWN_SINCE_COLOUR = "#4A94D0", "#E3E3E3"
MAP_HATCH = "//"
NO_REPORT_EDGE = "#8C8C8C"
OWN_GROUP_COLOURS = {
    compare.BLOCKED: OKABE_ITO["blue"],
    per_state.BLOCK_IN_FILE: OKABE_ITO["bluish green"],
    compare.OPEN: OKABE_ITO["orange"],
}


def _ids(*tables: pd.DataFrame) -> list[str]:
    return compare.source_id_list(tables)


def _slug(text: str) -> str:
    """Lowercase words joined by hyphens, for key-number ids.

    >>> _slug("blocked later (2025-11-19)")
    'blocked-later-2025-11-19'
    """
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _number(id_: str, label: str, value: Any, formatted: str, kind: str, bound: str = "exact") -> dict[str, Any]:
    """One key number for :func:`analysis.publish.export.export_figure`."""
    return {"id": id_, "label": label, "value": value, "formatted": formatted, "bound": bound, "kind": kind}


def assumed_blocks_note(states: pd.DataFrame, as_of: compare.DateLike, consequence: str,
                        events: pd.DataFrame | None = None) -> str | None:
    """The assumption behind counting blocks reported later as in force on ``as_of``
    (:func:`analysis.findings.blocking.ice_access_as_of`), followed by ``consequence`` (what it would change if a block began
    later); None when no block on that day rests on it. Drawn on the figure as its bounds note and passed to the
    manifest as ``bounds_note``.

    >>> from analysis.sources.tables import load_states
    >>> assumed_blocks_note(load_states(), "2025-09-30", "X.").split(":")[0]
    'IL, MA, MN and NY are counted as blocking on 2025-09-30 on an assumption'
    """
    access = compare.ice_access_as_of(states, as_of, events)
    assumed = access[access["ice_blocked"] & access["assumed"]]
    if assumed.empty:
        return None
    codes, day = " ".join(sorted(assumed["usps"])), f"{pd.Timestamp(as_of):%Y-%m-%d}"
    return f"{assumption_sentence(codes, day, ' '.join(sorted(set(assumed['date']))))} {consequence}"


def _row_assumption_note(row: pd.Series, consequence: str) -> str | None:
    """:func:`assumed_blocks_note` from a row of :func:`analysis.findings.blocking.residents_by_access` (its ``assumed`` and
    ``assumed_reported_by`` columns), so a figure rests on the table it is given."""
    if not str(row["assumed"]):
        return None
    return f"{assumption_sentence(str(row['assumed']), str(row['as_of']), str(row['assumed_reported_by']))} {consequence}"


def _names_es(codes: list[str], states: pd.DataFrame) -> str:
    """Jurisdictions' Spanish names in a list (the English name where no Spanish one is on file)."""
    names = states.set_index("usps")["name"]
    return es.lista([es.state_names().get(c, names[c]) for c in codes])


def _joined(end_row: pd.Series, later_row: pd.Series, states: pd.DataFrame) -> tuple[list[str], str]:
    """The jurisdictions that join the blocking group between two as-of dates, with their names in prose."""
    codes = sorted(set(str(later_row["usps"]).split()) - set(str(end_row["usps"]).split()))
    names = listed(states.set_index("usps").loc[codes, "name"]) if codes else ""
    return codes, names


# ---- who is shielded --------------------------------------------------------------------------------------------


def shielded_share_data(shielded: pd.DataFrame) -> pd.DataFrame:
    """The rows the shielded-share chart draws: the blocked and open groups on each as-of date (not ``all``).

    >>> from analysis.sources.tables import load_states
    >>> shielded_share_data(compare.residents_by_access(load_states(), "2025-09-30"))["group"].tolist()
    ['blocked ICE', 'not known to block ICE']
    """
    columns = ["as_of", "group", "jurisdictions", "usps", "assumed", "residents", "share_of_total", "vintages", "kind",
               "source_ids"]
    return shielded.loc[shielded["group"].isin([compare.BLOCKED, compare.OPEN]), columns]


def shielded_share_figure(shielded: pd.DataFrame, states: pd.DataFrame, layout: Layout = LANDSCAPE) -> FigureSpec:
    """Stacked bars of the residents in jurisdictions that had blocked ICE and in the rest, one bar per as-of date
    of ``shielded`` (:func:`analysis.findings.blocking.residents_by_access` on the end of the disclosure year and, when one
    followed, on the next block's date). Everything drawn and written comes from ``shielded``. Drawn in ``layout``;
    the landscape call adds the portrait variant (the labels stacked above each bar)."""
    end, later = as_of_groups(shielded)
    blocked_row, open_row = end.loc[compare.BLOCKED], end.loc[compare.OPEN]
    later_blocked = later.loc[compare.BLOCKED]
    joined, joined_names = _joined(blocked_row, later_blocked, states)
    two_dates = later_blocked["as_of"] != blocked_row["as_of"]

    fig, ax = new_figure(layout.width_in, 5.6 if two_dates else 4.4)
    order = list(reversed(list(dict.fromkeys(shielded["as_of"]))))
    plot = shielded[shielded["group"].isin([compare.BLOCKED, compare.OPEN])].copy()
    plot["share_pct"] = plot["share_of_total"] * 100
    step = 2.2 if layout.portrait else 1
    for i, day in enumerate(order):
        y = i * step
        blocked = plot[(plot["as_of"] == day) & (plot["group"] == compare.BLOCKED)].iloc[0]
        rest = plot[(plot["as_of"] == day) & (plot["group"] == compare.OPEN)].iloc[0]
        ax.barh(y, blocked["share_pct"], color=OKABE_ITO["blue"], height=0.5)
        ax.barh(y, rest["share_pct"], left=blocked["share_pct"], color=NEUTRAL, height=0.5)
        blocked_words = (f"counted as blocking ICE ({blocked['usps'] or 'none'}): {blocked['share_pct']:.1f}%, "
                         f"{blocked['residents'] / 1e6:.1f} million")
        rest_words = f"not known to block: {rest['share_pct']:.1f}%"
        if layout.portrait:  # date, then the two groups, stacked above the bar
            ax.text(0, y + 0.3, f"As of {day}", va="bottom", ha="left", fontsize=layout.label_pt, fontweight="bold",
                    color=TEXT)
            ax.text(0, y - 0.3, blocked_words.replace("counted as ", "").replace("): ", "):\n"), va="top",
                    ha="left", fontsize=layout.label_pt, color=OKABE_ITO["blue"], linespacing=1.2)
            ax.text(0, y - 0.85, rest_words, va="top", ha="left", fontsize=layout.label_pt, color=MUTED_TEXT)
        else:
            ax.text(0, y + 0.3, blocked_words, va="bottom", ha="left", fontsize=9, color=OKABE_ITO["blue"])
            # inside the grey part of the bar, so the two labels never run into each other
            ax.text(99, y, rest_words, va="center", ha="right", fontsize=9, color=TEXT)
    if layout.portrait:
        ax.set_yticks([])
        ax.spines["left"].set_visible(False)
        ax.set_ylim(-1.3, (len(order) - 1) * step + 0.9)
    else:
        ax.set_yticks(range(len(order)), [f"as of {d}" for d in order])
        ax.set_ylim(-0.5, len(order) - 0.2)
    ax.set_xlim(0, 100)
    ax.set_xlabel("share of U.S. residents, 50 states and DC (%)")
    sources = _ids(shielded)
    note = _row_assumption_note(blocked_row, "If a block began later, fewer residents were shielded on that day.")
    n_blocked = int(blocked_row["jurisdictions"])
    whose = (f"{joined_names}'s block" if len(joined) == 1 else f"the blocks of {joined_names}") if joined else ""
    after = (f" and after {whose} (applied {later_blocked['as_of']})" if whose
             else f" and on {later_blocked['as_of']}" if two_dates else "")
    title = (f"{blocked_row['share_of_total']:.1%} of U.S. residents live in the "
             f"{plural(n_blocked, 'state', 'states')} counted as blocking ICE" if n_blocked
             else "No state is known to have blocked ICE at the end of the disclosure year")
    frame(
        fig,
        title=title,
        subtitle=f"Residents of the 50 states and DC in the states counted as blocking ICE's Nlets DMV queries "
                 f"({blocked_row['usps'] or 'none'}) and in the rest, at the end of the disclosure year{after}. "
                 f"Territories are not in the totals.",
        source_ids=sources,
        note=f"Residents, not licence holders: no licensed-driver count is sourced. Populations: "
             f"{compare.vintage_note(compare.us_residents(states))}.",
        bounds_note=note,
        kinds=["derived"],
        layout=layout,
        plot_height_in=(1.6 + 1.3 * len(order)) if layout.portrait else None,
    )
    fig.subplots_adjust(left=0.07 if layout.portrait else 0.2)
    fit_layout(fig, layout)
    basis = (" (an assumption: their blocks were reported later)" if str(blocked_row["assumed"]) else "")
    alt = (f"{plural(len(order), 'stacked bar', 'stacked bars').capitalize()} of the residents of the 50 states and "
           f"DC. As of {blocked_row['as_of']}, {blocked_row['share_of_total'] * 100:.1f}% "
           f"({blocked_row['residents'] / 1e6:.1f} million) lived in {blocked_row['usps'] or 'no state'} counted as "
           f"blocking ICE{basis}; {open_row['share_of_total'] * 100:.1f}% lived in states not known to block ICE."
           + (f" As of {later_blocked['as_of']}, with {joined_names}, the share counted as blocking is "
              f"{later_blocked['share_of_total'] * 100:.1f}%." if joined else ""))
    base_es = " (un supuesto: sus bloqueos se informaron después)" if str(blocked_row["assumed"]) else ""
    alt_es = (f"{len(order)} {'barra apilada' if len(order) == 1 else 'barras apiladas'} de los "
              f"residentes de los 50 estados y DC. Al {blocked_row['as_of']}, "
              f"el {blocked_row['share_of_total'] * 100:.1f}% ({blocked_row['residents'] / 1e6:.1f} millones) vivía "
              f"en {blocked_row['usps'] or 'ningún estado'}, contados como estados que bloquean a ICE{base_es}; "
              f"el {open_row['share_of_total'] * 100:.1f}% vivía en estados de los que no se sabe que bloqueen a ICE."
              + (f" Al {later_blocked['as_of']}, con {_names_es(joined, states)}, el porcentaje contado como bloqueado es "
                 f"del {later_blocked['share_of_total'] * 100:.1f}%." if joined else ""))
    return FigureSpec(
        fig=fig,
        portrait=None if layout.portrait else shielded_share_figure(shielded, states, PORTRAIT).fig,
        alt_text_es=alt_es,
        name="fig02-shielded-share",
        title="Share of U.S. residents in the states counted as blocking ICE's Nlets DMV queries",
        alt_text=alt,
        data=shielded_share_data(shielded),
        source_ids=sources,
        kinds=["derived"],
        bounds_note=note,
        key_numbers=shielded_key_numbers(shielded, states),
        description="Residents of the 50 states and DC counted as blocking ICE (per compare.ice_access_as_of) vs "
                       "the rest; territories are not in the totals.",
    )


def shielded_key_numbers(shielded: pd.DataFrame, states: pd.DataFrame) -> list[dict[str, Any]]:
    """Residents and share in the jurisdictions that had blocked ICE at the end of the disclosure year, the share
    left open, and the residents and share after the next block, from ``shielded`` (all derived, exact).

    >>> from analysis.sources.tables import load_states
    >>> states = load_states()
    >>> shielded = pd.concat([compare.residents_by_access(states, d) for d in ("2025-09-30", "2025-11-18")])
    >>> [(n["id"], n["formatted"]) for n in shielded_key_numbers(shielded, states)][1]
    ('02-residents-in-blocking-states-share', '13.4%')
    """
    end, later = as_of_groups(shielded)
    blocked, open_, after = end.loc[compare.BLOCKED], end.loc[compare.OPEN], later.loc[compare.BLOCKED]
    joined, joined_names = _joined(blocked, after, states)
    open_label = (f"Share of U.S. residents in the {plural(int(open_['jurisdictions']), 'jurisdiction', 'jurisdictions')}"
                  " not known to block ICE")
    numbers = [
        _number("02-residents-in-blocking-states",
                f"Residents of the states counted as blocking ICE ({blocked['usps'] or 'none'}), as of "
                f"{blocked['as_of']}", int(blocked["residents"]), f"{int(blocked['residents']):,}", "derived"),
        _number("02-residents-in-blocking-states-share",
                f"Share of U.S. residents in those jurisdictions, as of {blocked['as_of']}",
                float(blocked["share_of_total"]), f"{blocked['share_of_total']:.1%}", "derived"),
        _number("02-residents-not-known-to-block-share", f"{open_label}, as of {open_['as_of']}",
                float(open_["share_of_total"]), f"{open_['share_of_total']:.1%}", "derived"),
    ]
    if joined:
        suffix = f"after-{'-'.join(c.lower() for c in joined)}-block"
        numbers += [
            _number(f"02-residents-in-blocking-states-{suffix}",
                    f"Residents of the states counted as blocking ICE ({after['usps']}), as of {after['as_of']} "
                    f"({joined_names})", int(after["residents"]), f"{int(after['residents']):,}", "derived"),
            _number(f"02-residents-in-blocking-states-share-{suffix}",
                    f"Share of U.S. residents in those jurisdictions, as of {after['as_of']}",
                    float(after["share_of_total"]), f"{after['share_of_total']:.1%}", "derived"),
        ]
    return numbers


# ---- block dates ------------------------------------------------------------------------------------------------


_LEGAL_EVENTS = ("law_effective", "rule_effective")
_OTHER_CHANNEL_EVENTS = ("block_reported", "state_system_cutoff")


def _other_channel(events: pd.DataFrame) -> pd.Series:
    """ICE cut off from a DMV's own system (direct database access, a DMV search tool), not from Nlets; a state
    law-enforcement switch such as CLETS is not a DMV system and is not drawn."""
    return (events["event"].isin(_OTHER_CHANNEL_EVENTS) & events["system"].ne("Nlets")
            & ~events["system"].str.contains("CLETS|licence-plate", regex=True))


def timeline_label(events: pd.DataFrame, spanish: bool = False) -> str:
    """One jurisdiction's confirmed ICE events in a short phrase, each date with what it means.

    >>> ev = pd.DataFrame({"event": ["law_effective", "block_reported", "state_system_cutoff"],
    ...     "date": ["2019-12-14", "2025-11-12", "2025-08-27"],
    ...     "date_meaning": ["law effective", "reported by", "applied"],
    ...     "system": ["DMV records (all channels)", "Nlets", "DAPS"]})
    >>> timeline_label(ev)
    'law effective 2019-12-14; Nlets block reported by 2025-11-12; DAPS access cut 2025-08-27'
    """
    words = {"block_applied": "Nlets block applied", "block_in_progress": "Nlets block in progress, reported",
             "block_reported": "Nlets block reported by", "named_by_nlets": "Nlets block reported by",
             "law_effective": "law effective", "rule_effective": "rule effective"}
    if spanish:  # the same phrases in Spanish (analysis.publish.text.spanish style: dates kept as written)
        words = {"block_applied": "bloqueo en Nlets aplicado el", "block_in_progress": "bloqueo en Nlets en curso, "
                 "informado el", "block_reported": "bloqueo en Nlets informado hasta el",
                 "named_by_nlets": "bloqueo en Nlets informado hasta el", "law_effective": "ley en vigor el",
                 "rule_effective": "norma en vigor el"}
    other = _other_channel(events)
    phrases = []
    for r, is_other in zip(events.itertuples(), other, strict=True):
        if is_other and spanish:
            phrases.append(f"acceso a {r.system.split(' (')[0]} cortado el {r.date}" if r.event == "state_system_cutoff"
                           else f"{ {'direct DMV access': 'acceso directo al DMV'}.get(r.system, r.system)} cortado, "
                                f"informado hasta el {r.date}")
        elif is_other:
            phrases.append(f"{r.system.split(' (')[0]} access cut {r.date}" if r.event == "state_system_cutoff"
                           else f"{r.system} cut, reported by {r.date}")
        elif r.event in words and (r.system == "Nlets" or r.event in _LEGAL_EVENTS):
            phrases.append(f"{words[r.event]} {r.date}")
    return "; ".join(dict.fromkeys(phrases))


def unconfirmed_dates_note(timeline: pd.DataFrame, spanish: bool = False) -> str:
    """The dates of blocks applied that rest only on weak sources and differ from the confirmed date, so a reader
    sees the conflict; '' when there are none.

    >>> from analysis.sources.tables import load_states
    >>> unconfirmed_dates_note(compare.block_timeline(load_states()))
    "Unconfirmed: Washington's block applied 2025-11-19, as quoted only in a weak source (Seattle Phi); the chart shows 2025-11-18 (Jalopnik)."
    """
    from analysis.sources.tables import load_sources

    publishers = load_sources().set_index("source_id")["publisher"]
    applied = timeline[timeline["event"].eq("block_applied") & timeline["system"].eq("Nlets")]
    parts = []
    for usps, rows in applied.groupby("usps", sort=True):
        confirmed = rows[rows["tier"].ne("weak")]
        weak = rows[rows["tier"].eq("weak") & ~rows["date"].isin(confirmed["date"])]
        if confirmed.empty or weak.empty:
            continue
        shown = confirmed.sort_values(["confidence", "start"]).iloc[0]
        dates = listed(list(dict.fromkeys(weak["date"])))
        weak_names = listed(dict.fromkeys(p.split(" (")[0] for p in publishers[weak["source_ids"]]))
        shown_by = publishers[shown['source_ids']].split(' (')[0]
        if spanish:
            name = es.state_names().get(usps, rows["name"].iloc[0])
            parts.append(f"el bloqueo de {name} aplicado el {es.lista(list(dict.fromkeys(weak['date'])))}, según "
                         f"solo una fuente débil ({weak_names}); el gráfico muestra el {shown['date']} ({shown_by})")
        else:
            parts.append(f"{rows['name'].iloc[0]}'s block applied {dates}, as quoted only in a weak source "
                         f"({weak_names}); the chart shows {shown['date']} ({shown_by})")
    if not parts:
        return ""
    return ("Sin confirmar: " if spanish else "Unconfirmed: ") + "; ".join(parts) + "."


def block_timeline_figure(
    timeline: pd.DataFrame, dates: pd.DataFrame, period: Period | None = None, layout: Layout = LANDSCAPE
) -> FigureSpec:
    """A timeline of the confirmed events in ``timeline`` (:func:`analysis.findings.blocking.block_timeline`) against the
    disclosure year (``period``, default :func:`analysis.findings.blocking.disclosure_period`): a filled dot and solid line from
    a block applied, an open dot at the date a block was first reported (dashed before it: when it began is not
    published), a square at a law or rule taking effect, a cross where ICE's direct access to a DMV's own system was
    cut, a diamond for a block in progress. ``dates`` (:func:`analysis.findings.blocking.block_dates`) names the blocks known
    to cover the whole year. Unconfirmed events (weak sources) are in the table and named in the note, not drawn.
    It shows dates, not query counts, so it carries no "queries, not people" caveat. Drawn in ``layout``; the
    landscape call adds the portrait variant."""
    period_start, period_end = period or compare.disclosure_period()
    ice = timeline[timeline["tier"].ne("weak") & timeline["agencies"].str.contains("ICE")]
    shown = ice[ice["system"].eq("Nlets") | ice["event"].isin(_LEGAL_EVENTS) | _other_channel(ice)]
    order = list(dates.sort_values("usps", ascending=False)["usps"])
    names = dates.set_index("usps")["name"]
    fig, ax = new_figure(layout.width_in, 3.2 + 0.45 * max(len(order), 1))
    ax.axvspan(period_start, period_end, color=NEUTRAL, alpha=0.35, linewidth=0)
    ax.text(period_start + (period_end - period_start) / 2, len(order) - 0.45, "disclosure year",
            ha="center", va="bottom", fontsize=8, color=MUTED_TEXT)
    left_edge = (shown["start"].min() if len(shown) else period_start) - pd.DateOffset(months=6)
    right_edge = max(shown["start"].max() if len(shown) else period_end, period_end) + pd.DateOffset(months=4)
    blue = OKABE_ITO["blue"]
    labels, labels_es = [], []
    for y, usps in enumerate(order):
        ev = shown[shown["usps"] == usps]
        nlets = ev[ev["system"] == "Nlets"]
        applied = nlets[nlets["event"] == "block_applied"].sort_values(["start"])
        reported = nlets[nlets["event"].isin(["block_reported", "named_by_nlets"])].sort_values("start")
        progress = nlets[nlets["event"] == "block_in_progress"]
        if len(applied):
            day = applied.iloc[0]["start"]
            ax.plot([day, right_edge], [y, y], color=blue, linewidth=3, solid_capstyle="butt")
            ax.plot(day, y, "o", color=blue, markersize=7)
        elif len(reported):
            day = reported.iloc[0]["start"]
            ax.plot([day, right_edge], [y, y], color=blue, linewidth=3, solid_capstyle="butt")
            ax.plot([left_edge, day], [y, y], color=blue, linewidth=1, linestyle=(0, (2, 2)))
            ax.plot(day, y, "o", markerfacecolor="white", markeredgecolor=blue, markersize=7)
        for day in progress["start"]:
            ax.plot(day, y, "D", markerfacecolor="white", markeredgecolor=OKABE_ITO["vermillion"], markersize=7)
        for day in ev.loc[ev["event"].isin(_LEGAL_EVENTS), "start"]:
            ax.plot(day, y, "s", markerfacecolor="white", markeredgecolor=TEXT, markersize=6)
        for day in ev.loc[_other_channel(ev), "start"]:
            ax.plot(day, y, "x", color=TEXT, markersize=7, markeredgewidth=1.5)
        labels.append(f"{names[usps]}: {timeline_label(ev.sort_values('start'))}")
        labels_es.append(f"{es.state_names().get(usps, names[usps])}: {timeline_label(ev.sort_values('start'), True)}")
    ax.set_yticks(range(len(order)), [names[u] for u in order])
    ax.tick_params(axis="y", length=0)
    ax.set_ylim(-0.6, len(order) - 0.1)
    ax.set_xlim(left_edge, right_edge)
    ax.spines["left"].set_visible(False)
    sources = compare.source_id_list([shown, dates]) or [compare.disclosure_source(compare.ICE_METRIC)]
    known = covered_groups(dates)["known"]
    title = ("No block on ICE's Nlets queries is known to have covered the whole disclosure year" if known.empty
             else f"Only {listed(known['name'])}'s block is known to cover the whole disclosure year"
             if len(known) == 1 else f"The blocks of {listed(known['name'])} are known to cover the whole disclosure "
             "year")
    conflict = unconfirmed_dates_note(timeline)
    frame(
        fig,
        title=title,
        subtitle="Blocks on ICE's Nlets DMV queries. Filled dot: block applied. Open dot: first report of a block "
                 "(dashed before it: when it began is not published). Square: a law or rule on disclosure to "
                 "immigration enforcement took effect. Cross: ICE's direct access to a DMV's own system cut. Neither "
                 "is the day Nlets stopped answering. Diamond: in progress.",
        note=conflict or "Events that rest only on weak sources are in tab02-ice-access-events, not drawn.",
        source_ids=sources, kinds=["derived", "published"],
        layout=layout,
        plot_height_in=(0.8 + 0.5 * max(len(order), 1)) if layout.portrait else None,
    )
    if layout.portrait:
        ax.xaxis.set_major_locator(YearLocator(2))
        ax.xaxis.set_major_formatter(DateFormatter("%Y"))
    fig.subplots_adjust(left=0.36 if layout.portrait else 0.17, right=0.95 if layout.portrait else 0.97)
    fit_layout(fig, layout)
    data = shown.assign(start=shown["start"].dt.strftime("%Y-%m-%d"))
    conflict_es = unconfirmed_dates_note(timeline, spanish=True)
    alt_es = (f"Línea de tiempo de {left_edge:%Y} a {right_edge:%Y}, con el año de la divulgación sombreado. "
              + ("; ".join(reversed(labels_es)) + "." if labels_es
                 else "No consta ningún bloqueo de las consultas de ICE a través de Nlets.")
              + (f" {conflict_es}" if conflict_es else ""))
    return FigureSpec(
        fig=fig,
        portrait=None if layout.portrait else block_timeline_figure(timeline, dates, period, PORTRAIT).fig,
        alt_text_es=alt_es,
        name="fig02-block-timeline",
        title="When blocks on ICE's Nlets DMV queries were applied, reported or in progress",
        alt_text=f"Timeline from {left_edge:%Y} to {right_edge:%Y} with the disclosure year shaded. "
                    + ("; ".join(reversed(labels)) + "." if labels else "No block on ICE's Nlets queries is on record.")
                    + (f" {conflict}" if conflict else ""),
        data=data,
        source_ids=sources,
        kinds=["derived", "published"],
        key_numbers=timeline_key_numbers(timeline, dates),
        description="Confirmed events (primary, press or reference sources) on ICE's access, one row each; "
                       "every event, unconfirmed ones included, is in tab02-ice-access-events.",
    )


def timeline_key_numbers(timeline: pd.DataFrame, dates: pd.DataFrame) -> list[dict[str, Any]]:
    """The dates blocks were applied (ISO dates, published), the date the states Nlets named were first reported
    blocked (published), and how many blocks are known to cover the disclosure year, were only reported, or were in
    progress (derived from ``dates``).

    >>> from analysis.sources.tables import load_states
    >>> states = load_states()
    >>> numbers = timeline_key_numbers(compare.block_timeline(states), compare.block_dates(states))
    >>> [(n["id"], n["formatted"]) for n in numbers][:2]
    [('02-wa-block-applied-date', '2025-11-18'), ('02-blocks-reported-date', '2025-11-12')]
    """
    g = covered_groups(dates)
    numbers = [
        _number(f"02-{r.usps.lower()}-block-applied-date", f"{r.name}: block on ICE's Nlets queries applied",
                r.block_date, r.block_date, "published")
        for r in dates[dates["start_published"]].itertuples()
    ]
    unknown = g["unknown"]
    if len(unknown):
        first = min(unknown["block_date"])
        numbers.append(_number("02-blocks-reported-date",
                               f"Date by which {listed(unknown['name'])} were reported blocked (when the blocks began "
                               "is not published)", first, first, "published"))
    for key, id_, label in [
        ("known", "02-blocks-covering-whole-disclosure-year", "Blocks known to cover the whole disclosure year"),
        ("unknown", "02-blocks-start-date-not-published", "Blocks reported with no published start date"),
        ("in_progress", "02-blocks-in-progress", "Blocks in progress, no date"),
    ]:
        rows = g[key]
        names = f" ({listed(rows['name'])})" if len(rows) else ""
        numbers.append(_number(id_, label + names, len(rows), str(len(rows)), "derived"))
    return numbers


# ---- policy overlap ---------------------------------------------------------------------------------------------


def map_colours(categories: pd.DataFrame) -> dict[str, str]:
    """The map's colour per category, in legend order: blocking first (darkest), then blocks applied later, in
    progress, reported open, unknown since the last report, no report; dated categories of ``categories``
    (:func:`analysis.findings.blocking.access_categories`) get their colour with their date.

    >>> from analysis.sources.tables import load_states
    >>> list(map_colours(compare.access_categories(load_states(), "2025-09-30")))[:3]
    ['assumed blocked (start date not published)', 'blocked later (applied 2025-11-18)', 'block in progress']
    """
    present = list(dict.fromkeys(categories["category"]))
    blocked = [(c, BLOCKING_BLUE) for c in present if c.startswith("blocked (")]
    later = [(c, BLOCKED_LATER_COLOUR) for c in present if c.startswith("blocked later")]
    unknown = [(c, UNKNOWN_SINCE_COLOUR) for c in present if c.startswith("unknown since")]
    fixed = list(MAP_COLOURS.items())
    return dict(blocked + fixed[:1] + later + fixed[1:3] + unknown + fixed[3:])


def map_hatches(colours: dict[str, str]) -> dict[str, str]:
    """The hatch of each map category that has one: blocks applied after the day shown (not in force yet).

    >>> map_hatches({"blocked later (applied 2025-11-18)": "x", "block in progress": "y"})
    {'blocked later (applied 2025-11-18)': '//'}
    """
    return {c: MAP_HATCH for c in colours if c.startswith("blocked later")}


_CATEGORY_ES = [
    (r"blocked \(applied (.+)\)", "bloqueado (aplicado el {})"),
    (r"assumed blocked \(start date not published\)", "contado como bloqueado (no se publicó cuándo empezó)"),
    (r"blocked later \(applied (.+)\)", "bloqueado después (aplicado el {})"),
    (r"block in progress", "bloqueo en curso"),
    (r"reported open by the letters", "abierto a ICE según las cartas"),
    (r"unknown since (.+)", "desconocido desde el {}"),
    (r"no individual report", "sin informe individual"),
]


def category_es(category: str) -> str:
    """A map category in Spanish, its date kept as written.

    >>> category_es("blocked later (applied 2025-11-18)")
    'bloqueado después (aplicado el 2025-11-18)'
    """
    for pattern, words in _CATEGORY_ES:
        match = re.fullmatch(pattern, category)
        if match:
            return words.format(*match.groups())
    raise KeyError(category)


def ice_block_map_figure(states: pd.DataFrame, period: Period | None = None,
                         events: pd.DataFrame | None = None, layout: Layout = LANDSCAPE) -> FigureSpec:
    """A tile map of what is on record about ICE's Nlets access to each jurisdiction's DMV records on the last day
    of ``period`` (default: the disclosure year), by :func:`analysis.findings.blocking.access_categories`; dots mark the
    jurisdictions that license drivers regardless of immigration status. The data is the category table. Drawn
    in ``layout``; the landscape call adds the portrait variant (legend in one column)."""
    period_start, period_end = period or compare.disclosure_period()
    categories = compare.access_categories(states, period_end, events)
    colours = map_colours(categories)
    fig, ax = new_figure(layout.width_in, 9.2)
    handles = draw_tile_map(
        ax, categories.set_index("usps")["category"], colours,
        marked=set(categories.loc[categories["licence_for_all"], "usps"]),
        mark_label="licenses drivers regardless of immigration status",
        hatches=map_hatches(colours), edges={"no individual report": NO_REPORT_EDGE},
        fontsize=layout.min_pt if layout.portrait else 8.5,
    )
    if layout.portrait:
        for handle in handles:
            handle.set_label(textwrap.fill(handle.get_label(), 30))
        ax.set_anchor("N")
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(0.0, -0.02), ncol=1, frameon=False,
                  fontsize=layout.label_pt, handlelength=1.6)
    else:
        ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, 0.0), ncol=2, frameon=False,
                  fontsize=8.5)
    sources = _ids(categories)
    counts = categories["status"].value_counts()
    n_blocking = int(counts.get(ice_access.BLOCKED, 0) + counts.get(ice_access.ASSUMED, 0))
    n_open = int(counts.get(ice_access.REPORTED_OPEN, 0))
    n_none = int(counts.get(ice_access.NO_REPORT, 0))
    note = assumed_blocks_note(states, period_end, "If a block began later, ICE could query that state on that day.",
                               events)
    frame(
        fig,
        title=f"{plural(n_blocking, 'state', 'states')} counted as blocking ICE's DMV queries; {n_open} reported "
              f"open; {n_none} with no report",
        subtitle=f"What is on record about ICE's access to each jurisdiction's DMV records through Nlets on "
                 f"{period_end:%Y-%m-%d}, the last day of the disclosure year ({period_start:%Y-%m-%d} to "
                 f"{period_end:%Y-%m-%d}). 'Reported open': the 2025-11-12 letters urged the governor to block ICE, "
                 "which the state had not done.",
        source_ids=sources,
        note="'No individual report' means no source was found either way: not blocked, not open.",
        bounds_note=note,
        kinds=["derived", "published"],
        layout=layout,
        plot_height_in=5.0 if layout.portrait else None,
    )
    if layout.portrait:  # the map on top, its legend below it (2.3 in)
        fig.subplots_adjust(left=0.04, right=0.96, bottom=fig.subplotpars.bottom + 2.3 / fig.get_size_inches()[1])
    else:
        fig.subplots_adjust(left=0.05, right=0.95, bottom=fig.subplotpars.bottom + 0.1)
    fit_layout(fig, layout)
    by_cat = categories["category"].value_counts()
    alt = ("Tile map of the 50 states, DC and five territories coloured by what is on record about ICE's Nlets access "
           f"on {period_end:%Y-%m-%d}: "
           + "; ".join(f"{cat}: {' '.join(sorted(categories.loc[categories['category'] == cat, 'usps']))}"
                       for cat in colours if cat in by_cat.index and cat != "no individual report")
           + f"; {plural(int(by_cat.get('no individual report', 0)), 'jurisdiction', 'jurisdictions')} with no "
             "individual report. "
           + f"Dots mark the {int(categories['licence_for_all'].sum())} jurisdictions that license drivers "
             "regardless of immigration status.")
    alt_es = ("Mapa de cuadros de los 50 estados, DC y cinco territorios, coloreados según lo que consta sobre el "
              f"acceso de ICE a través de Nlets el {period_end:%Y-%m-%d}: "
              + "; ".join(f"{category_es(cat)}: {' '.join(sorted(categories.loc[categories['category'] == cat, 'usps']))}"
                          for cat in colours if cat in by_cat.index and cat != "no individual report")
              + f"; {int(by_cat.get('no individual report', 0))} "
                f"{'jurisdicción' if int(by_cat.get('no individual report', 0)) == 1 else 'jurisdicciones'} sin informe "
                f"individual. Los puntos marcan las {int(categories['licence_for_all'].sum())} jurisdicciones que dan "
                "licencia de conducir sin importar la situación migratoria.")
    return FigureSpec(
        fig=fig,
        portrait=None if layout.portrait else ice_block_map_figure(states, period, events, PORTRAIT).fig,
        alt_text_es=alt_es,
        name="fig02-ice-block-map",
        title="What is on record about ICE's Nlets access to state DMV records, by jurisdiction (tile map)",
        alt_text=alt,
        data=categories,
        source_ids=sources,
        kinds=["derived", "published"],
        bounds_note=note,
        key_numbers=map_key_numbers(categories, states),
        description="One row per jurisdiction: its map category on the last day of the disclosure year.",
    )


def map_key_numbers(categories: pd.DataFrame, states: pd.DataFrame) -> list[dict[str, Any]]:
    """The states Nlets said it knew to block ICE (published), the jurisdictions in each map category of
    ``categories`` (:func:`analysis.findings.blocking.access_categories`, legend order), the licence-for-all jurisdictions and
    those of them the letters reported open (derived).

    >>> from analysis.sources.tables import load_states
    >>> states = load_states()
    >>> numbers = map_key_numbers(compare.access_categories(states, "2025-09-30"), states)
    >>> [(n["id"], n["value"]) for n in numbers][0], [(n["id"], n["value"]) for n in numbers][-1]
    (('02-states-named-by-nlets-as-blocking', 4), ('02-licence-for-all-states-reported-open', 9))
    """
    day = categories["as_of"].iloc[0]
    events = compare.load_ice_access_events()
    named = sorted(set(events.loc[events["event"] == "named_by_nlets", "jurisdiction"]))
    numbers = [_number("02-states-named-by-nlets-as-blocking",
                       f"States Nlets said it knew to block ICE (reported 2025-11-12): {' '.join(named)}",
                       len(named), str(len(named)), "published")]
    for category in map_colours(categories):
        members = categories.loc[categories["category"] == category, "usps"]
        if members.empty:
            continue
        codes = f": {' '.join(sorted(members))}" if len(members) < 6 else ""
        numbers.append(_number(f"02-jurisdictions-{_slug(category)}", f"Jurisdictions on {day}, {category}{codes}",
                               len(members), str(len(members)), "derived"))
    licence = categories[categories["licence_for_all"]]
    reported_open = licence[licence["status"] == ice_access.REPORTED_OPEN]
    numbers += [
        _number("02-licence-for-all-jurisdictions", "Jurisdictions that license drivers regardless of immigration "
                "status (dots; NCSL)", len(licence), str(len(licence)), "derived"),
        _number("02-licence-for-all-states-reported-open", "Of them, reported open to ICE by the 2025-11-12 letters",
                len(reported_open), str(len(reported_open)), "derived"),
    ]
    return numbers


# ---- one state's own count --------------------------------------------------------------------------------------


def washington_periods_data(wa: pd.DataFrame, rates: pd.DataFrame, period: Period | None = None) -> pd.DataFrame:
    """The two periods of the periods chart (lines, not bars): the national ICE/HSI counts (``rates``) over
    ``period`` (default: the disclosure year) and the state's federal query count (first row of ``wa``) over its
    own period.

    >>> from analysis.sources.tables import load_state_level_figures, load_states
    >>> states = load_states()
    >>> wa = state_figures.state_figure_rates(load_state_level_figures(), states)
    >>> data = washington_periods_data(wa, compare.queries_per_100k_open(states))
    >>> data[["period_start", "period_end"]].values.tolist()
    [['2024-10-01', '2025-09-30'], ['2025-01-01', '2025-11-30']]
    """
    bars = _washington_bars(wa, rates, period)
    return pd.DataFrame(
        [{"series": b[0], "period_start": f"{b[1]:%Y-%m-%d}", "period_end": f"{b[2]:%Y-%m-%d}", "what": b[3]}
         for b in bars]
    ).assign(kind="published", source_ids=[";".join(_ids(rates)), ";".join(_ids(wa))])


def _washington_bars(
    wa: pd.DataFrame, rates: pd.DataFrame, period: Period | None
) -> list[tuple[str, pd.Timestamp, pd.Timestamp, str, str]]:
    """(label, start, end, text on the bar, colour) for the national counts and the state's count."""
    period_start, period_end = period or compare.disclosure_period()
    w = wa.iloc[0]
    ice_q, hsi_q = (rates.set_index("agency").loc[a, "queries"] for a in ("ICE", "HSI"))
    return [
        ("National disclosure (all states)", period_start, period_end,
         f"ICE {ice_q:,} and HSI {hsi_q:,} queries", OKABE_ITO["vermillion"]),
        (f"{w['name']} DOL data (one state)", pd.Timestamp(w["period_start"]), pd.Timestamp(w["period_end"]),
         f"{w['queries']:,} queries by all federal agencies", OKABE_ITO["blue"]),
    ]


def washington_periods_figure(
    wa: pd.DataFrame, states: pd.DataFrame, rates: pd.DataFrame, period: Period | None = None,
    layout: Layout = LANDSCAPE,
) -> FigureSpec:
    """The periods of the national ICE/HSI counts (``rates``, over ``period``, default the disclosure year) and of
    the one state's federal query count (first row of ``wa``), with the state's block date, so that no one divides
    one count by the other. Each period is a thin line from its first to its last day (a time span, not a bar whose
    length could be read as a count); the counts are words above the lines. Drawn in ``layout``; the landscape call
    adds the portrait variant."""
    period_start, period_end = period or compare.disclosure_period()
    w = wa.iloc[0]
    starts = compare.dated_block_starts()
    cut = starts.get(w["state"], pd.NaT)
    ice_q, hsi_q = (rates.set_index("agency").loc[a, "queries"] for a in ("ICE", "HSI"))
    bars = _washington_bars(wa, rates, (period_start, period_end))

    fig, ax = new_figure(layout.width_in, 5.2)
    size = layout.label_pt if layout.portrait else 9
    for y, (label, start, end, text, colour) in enumerate(reversed(bars)):
        ax.plot([start, end], [y, y], color=colour, linewidth=2.5, solid_capstyle="butt", gid="period")
        ax.plot([start, end], [y, y], linestyle="none", marker="|", markersize=14, markeredgewidth=2.5, color=colour)
        words = textwrap.fill(f"{label}: {text}", 34) if layout.portrait else text
        x = min(b[1] for b in bars) - pd.DateOffset(months=1) if layout.portrait else start
        ax.text(x, y + 0.12, words, va="bottom", ha="left", fontsize=size, color=colour, linespacing=1.2,
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 1.5} if layout.portrait else None,
                zorder=3)
    if pd.notna(cut):
        ax.axvline(cut, color=TEXT, linewidth=1, linestyle=(0, (3, 2)))
        if layout.portrait:
            ax.text(cut + pd.Timedelta(days=6), -0.45, f"ICE's Nlets\naccess cut,\n{cut:%Y-%m-%d}", ha="left",
                    va="bottom", fontsize=size, bbox={"facecolor": "white", "edgecolor": "none", "pad": 1.5},
                    zorder=3)
        else:
            ax.text(cut - pd.Timedelta(days=4), 1.62, f"ICE's Nlets access cut in {w['name']}, {cut:%Y-%m-%d}",
                    ha="right", va="bottom", fontsize=8)
    if layout.portrait:
        ax.set_yticks([])
        ax.spines["left"].set_visible(False)
    else:
        ax.set_yticks(range(len(bars)), [b[0] for b in reversed(bars)])
    ax.tick_params(axis="y", length=0)
    ax.set_ylim(-0.5, 1.9)
    first_day = min(b[1] for b in bars)
    last_day = max([b[2] for b in bars] + ([cut] if pd.notna(cut) else []))
    right = pd.DateOffset(months=5 if layout.portrait else 1, days=15)
    ax.set_xlim(first_day - pd.DateOffset(months=1), last_day + right)
    ticks = (pd.date_range(first_day + pd.DateOffset(months=3), last_day + pd.DateOffset(months=2), freq="6MS")
             if layout.portrait else pd.date_range(first_day, last_day + pd.DateOffset(months=2), freq="3MS"))
    ax.set_xticks(ticks, [f"{t:%b %Y}" for t in ticks])
    ax.set_xlabel("period each count covers")
    access_ids = (compare.ice_access_as_of(states, cut if pd.notna(cut) else w["period_end"])
                  .set_index("usps").loc[w["state"], "source_ids"].split(";"))
    sources = sorted(
        (set(_ids(wa)) | {compare.disclosure_source(m) for m in (compare.ICE_METRIC, compare.HSI_METRIC)}
         | set(access_ids)) - {""}
    )
    frame(
        fig,
        title=f"{w['name']}'s {w['queries']:,} federal queries cover a different period and every federal agency",
        subtitle=f"Periods of the national ICE/HSI counts and of {w['name']}'s federal query count: about "
                 f"{w['per_day']:,.0f} a day, {w['per_100k_residents']:,.0f} per 100,000 residents. The two cannot "
                 f"be compared or combined.",
        source_ids=sources, kinds=["derived", "published"],
        layout=layout,
        plot_height_in=3.2 if layout.portrait else None,
    )
    fig.subplots_adjust(left=0.06 if layout.portrait else 0.34, right=0.94 if layout.portrait else 0.9)
    fit_layout(fig, layout)
    alt_es = (f"Dos líneas en un eje de tiempo. Las cifras nacionales de ICE ({ice_q:,}) y HSI ({hsi_q:,}) cubren del "
              f"{period_start:%Y-%m-%d} al {period_end:%Y-%m-%d}. Las {w['queries']:,} consultas de todas las agencias "
              f"federales a los datos de {es.state_names().get(w['state'], w['name'])} cubren del {w['period_start']} al "
              f"{w['period_end']}."
              + (f" Una línea discontinua marca el día en que se cortó el acceso de ICE a través de Nlets a los "
                 f"registros de {es.state_names().get(w['state'], w['name'])}, el {cut:%Y-%m-%d}." if pd.notna(cut) else ""))
    alt = (f"Two lines on a time axis, one per period. The national ICE ({ice_q:,}) and HSI ({hsi_q:,}) counts cover "
           f"{period_start:%Y-%m-%d} to {period_end:%Y-%m-%d}. {w['name']}'s {w['queries']:,} queries by all "
           f"federal agencies cover {w['period_start']} to {w['period_end']}."
           + (f" A dashed line marks the day ICE's Nlets access to {w['name']}'s records was cut, {cut:%Y-%m-%d}."
              if pd.notna(cut) else ""))
    return FigureSpec(
        fig=fig,
        portrait=None if layout.portrait else washington_periods_figure(wa, states, rates, period, PORTRAIT).fig,
        alt_text_es=alt_es,
        name="fig02-washington-periods",
        title=f"{w['name']}: federal queries of DOL data vs the national ICE/HSI counts (periods)",
        alt_text=alt,
        data=washington_periods_data(wa, rates, (period_start, period_end)),
        source_ids=sources,
        kinds=["derived", "published"],
        key_numbers=washington_key_numbers(wa, states, rates),
        description="The two periods, so that no one divides one count by the other.",
    )


def washington_key_numbers(wa: pd.DataFrame, states: pd.DataFrame, rates: pd.DataFrame) -> list[dict[str, Any]]:
    """The state's federal query count (published) with its per-day and per-100,000-resident rates (derived) and
    its block date (published), from the first row of ``wa``; and the national ICE and HSI counts of ``rates``
    (published, under notebook 01's citable ids), each labelled with its own period.

    >>> from analysis.sources.tables import load_state_level_figures, load_states
    >>> states = load_states()
    >>> wa = state_figures.state_figure_rates(load_state_level_figures(), states)
    >>> numbers = washington_key_numbers(wa, states, compare.queries_per_100k_open(states))
    >>> [(n["id"], n["formatted"]) for n in numbers][:2]
    [('02-wa-federal-queries', '2,671,776'), ('02-wa-federal-queries-per-day', '7,999')]
    """
    w = wa.iloc[0]
    slug = f"02-{w['state'].lower()}"
    starts = compare.dated_block_starts()
    period = f"{w['period_start']} to {w['period_end']}"
    numbers = [
        _number(f"{slug}-federal-queries", f"{w['name']}: queries of DOL data by all federal agencies, {period}",
                int(w["queries"]), f"{int(w['queries']):,}", "published"),
        _number(f"{slug}-federal-queries-per-day", f"{w['name']}: federal queries per day ({w['days']} days)",
                float(w["per_day"]), f"{w['per_day']:,.0f}", "derived"),
        _number(f"{slug}-federal-queries-per-100k-residents",
                f"{w['name']}: federal queries per 100,000 residents (population on {w['residents_date']})",
                float(w["per_100k_residents"]), f"{w['per_100k_residents']:,.0f}", "derived"),
    ]
    if w["state"] in starts.index:
        cut = f"{starts[w['state']]:%Y-%m-%d}"
        numbers.append(_number(f"{slug}-block-applied-date", f"{w['name']}: block on ICE's Nlets queries applied",
                               cut, cut, "published"))
    for r in rates.itertuples():
        numbers.append(_number(f"{r.agency.lower()}-queries",
                               f"{r.agency}: DMV queries through Nlets, all states, {r.period_start} to {r.period_end}",
                               int(r.queries), f"{int(r.queries):,}", "published"))
    return numbers


# ---- a researcher's own counts ----------------------------------------------------------------------------------


def own_counts_shown(own_rates: pd.DataFrame) -> pd.DataFrame:
    """The rows of :func:`analysis.findings.per_state.per_state_rates` the dot plot draws (in the file, with residents), in
    drawing order (bottom to top): open states, blocks within the file's period, blocked; within each group by ICE
    rate, lowest first.

    >>> rates = pd.DataFrame({"usps": ["A", "B", "C"], "in_file": True, "residents": [1, 1, 1],
    ...     "group": [compare.OPEN, compare.BLOCKED, compare.OPEN], "ice_per_100k": [2.0, 0.0, 1.0]})
    >>> own_counts_shown(rates)["usps"].tolist()
    ['C', 'A', 'B']
    """
    shown = own_rates[own_rates["in_file"] & own_rates["residents"].notna()].copy()
    group_order = [compare.BLOCKED, per_state.BLOCK_IN_FILE, compare.OPEN]
    shown["group_rank"] = shown["group"].map({g: i for i, g in enumerate(group_order)})
    return shown.sort_values(["group_rank", "ice_per_100k", "usps"], ascending=[False, True, True])


def own_counts_figure(own_rates: pd.DataFrame, file_name: str, kind: str) -> FigureSpec:
    """Dot plots (ICE, HSI, all agencies) of queries per 100,000 residents by destination state from a researcher's
    own counts file (``own_rates`` from :func:`analysis.findings.per_state.per_state_rates`), grouped by ICE block status on
    the file's last day. ``kind`` labels the numbers (``synthetic`` for test files)."""
    shown = own_counts_shown(own_rates)
    fig, axes = new_figure(8, max(6.0, 0.16 * len(shown) + 3.6), ncols=3)  # the frame needs about 3.5 in
    y = range(len(shown))
    for ax, (column, label) in zip(axes, [("ice_per_100k", "ICE"), ("hsi_per_100k", "HSI"),
                                          ("all_per_100k", "all agencies")]):
        ax.scatter(shown[column].astype(float), y, c=[OWN_GROUP_COLOURS[g] for g in shown["group"]], s=14)
        ax.set_title(f"{label} per 100,000", fontsize=9)
        ax.set_yticks(list(y), shown["usps"] if ax is axes[0] else [""] * len(shown), fontsize=6.5)
        ax.set_ylim(-1, len(shown))
        ax.grid(axis="x", color="#E3E3E3", linewidth=0.6)
        ax.set_xlim(0, float(shown[column].max()) * 1.08)  # from zero, so the panels compare honestly
    sources = _ids(own_rates)
    frame(
        fig,
        title=f"Queries per 100,000 residents by destination state, from {file_name}",
        subtitle=f"Every state in the file, grouped by ICE block status on the file's last day "
                 f"({own_rates['period_end'].max():%Y-%m-%d}). Rates cover the file's own period.",
        source_ids=sources, kinds=[kind],
        note=OWN_FILE_NOTE,
        credit=f"Graphic: nlets-analysis, from the file {file_name} (not published by this project), made with: "
               "notebook 02 run on that file (nlets-analysis compare).",
    )
    fig.subplots_adjust(bottom=fig.subplotpars.bottom + 0.3 / fig.get_size_inches()[1])
    axes_height_in = fig.get_size_inches()[1] * (fig.subplotpars.top - fig.subplotpars.bottom)
    axes[1].legend(handles=[Line2D([], [], marker="o", linestyle="none", color=c, label=g)
                            for g, c in OWN_GROUP_COLOURS.items() if g in set(shown["group"])],
                   loc="upper center", bbox_to_anchor=(0.5, -0.4 / axes_height_in), ncol=3, frameon=False,
                   fontsize=8)
    return FigureSpec(
        fig=fig,
        name="fig02-own-counts-per-state",
        title=f"Queries per 100,000 residents by destination state ({file_name})",
        alt_text=f"Three dot plots (ICE, HSI, all agencies) of queries per 100,000 residents for the "
                    f"{len(shown)} jurisdictions in {file_name}, grouped by whether they had blocked ICE.",
        data=shown.drop(columns=["group_rank"]),
        source_ids=sources,
        kinds=[kind],
        key_numbers=own_counts_key_numbers(shown, kind),
        description=f"Derived from the user-supplied file {file_name}; populations and block status from data/raw.",
    )


def own_counts_key_numbers(shown: pd.DataFrame, kind: str) -> list[dict[str, Any]]:
    """The jurisdictions plotted and, per block-status group, the median ICE queries per 100,000 residents
    (:func:`analysis.findings.per_state.distribution_by_group`), labelled ``kind``.

    >>> shown = pd.DataFrame({"usps": ["A", "B", "C"], "group": compare.OPEN, "ice_per_100k": [1.0, 3.0, 2.0],
    ...     "in_file": True, "kind": "synthetic", "source_ids": "s"})
    >>> [(n["id"], n["formatted"]) for n in own_counts_key_numbers(shown, "synthetic")]
    [('02-own-counts-jurisdictions', '3'), ('02-own-counts-ice-per-100k-median-not-known-to-block-ice', '2.0')]
    """
    spread = per_state.distribution_by_group(shown, "ice_per_100k").set_index("group")
    numbers = [_number("02-own-counts-jurisdictions", "Jurisdictions plotted", len(shown), str(len(shown)), kind)]
    for group in OWN_GROUP_COLOURS:
        if group in spread.index:
            r = spread.loc[group]
            numbers.append(_number(f"02-own-counts-ice-per-100k-median-{_slug(group)}",
                                   f"{group}: median ICE queries per 100,000 residents ({r['states_in_file']} states)",
                                   float(r["median"]), f"{r['median']:,.1f}", kind))
    return numbers
