"""Notebook 02's block timeline chart, with its event labels, unconfirmed-dates note and key numbers.

When blocks on ICE's Nlets DMV queries were applied, reported or in progress, and the laws and direct-access cuts
beside them, against the disclosure year.
"""

from __future__ import annotations

import textwrap
from typing import Any

import matplotlib.dates as mdates
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.dates import DateFormatter, YearLocator
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.lines import Line2D
from matplotlib.transforms import ScaledTranslation

from analysis.findings import block_history, comparison_basics
from analysis.publish.figures.spec_parts import Period, key_number, key_words, spec_with_portrait
from analysis.publish.i18n import NC_
from analysis.publish.specs import FigureSpec
from analysis.publish.style import (
    LANDSCAPE, MUTED_TEXT, NEUTRAL, OKABE_ITO, TEXT, Layout, fit_layout, frame, new_figure,
)
from analysis.publish.text import spanish as es
from analysis.publish.text.event_labels import SYSTEMS_ES
from analysis.publish.text.event_labels import spanish as spanish_words
from analysis.publish.text.state_status import date_words_es
from analysis.publish.text.status_sentences import covered_groups, legal_before, predating_sentence
from analysis.publish.figures.words import chart_words, figure_words, state_name
from analysis.publish.figures.words import listed as listed_in
from analysis.sources import ice_access


_LEGAL_EVENTS = ("law_effective", "rule_effective")
_OTHER_CHANNEL_EVENTS = ("block_reported", "state_system_cutoff")


def _other_channel(events: pd.DataFrame) -> pd.Series:
    """ICE cut off from a DMV's own system (direct database access, a DMV search tool), not from Nlets; a state
    law-enforcement switch such as CLETS is not a DMV system and is not drawn."""
    return (events["event"].isin(_OTHER_CHANNEL_EVENTS) & events["system"].ne("Nlets")
            & ~events["system"].str.contains("CLETS|licence-plate", regex=True))


# How each kind of event is marked: the blue of the Nlets blocks, the vermillion of a block in progress, the text
# colour of the laws, rules and cuts from a DMV's own system.
_MARKS: dict[str, dict[str, Any]] = {
    "applied": {"marker": "o", "color": OKABE_ITO["blue"], "markersize": 7},
    "reported": {"marker": "o", "markerfacecolor": "white", "markeredgecolor": OKABE_ITO["blue"], "markersize": 7},
    "progress": {"marker": "D", "markerfacecolor": "white", "markeredgecolor": OKABE_ITO["vermillion"],
                 "markersize": 7},
    "legal": {"marker": "s", "markerfacecolor": "white", "markeredgecolor": TEXT, "markersize": 6},
    "other": {"marker": "x", "color": TEXT, "markersize": 7, "markeredgewidth": 1.5},
}
_LEGEND_ORDER = ("applied", "band", "reported", "progress", "legal", "other")
_GAP_PT = 2.0  # the least room between two marks on one row


def _legend_entries(lang: str) -> dict[str, tuple[Line2D, str]]:
    """Each mark's legend symbol and its short label in ``lang``."""
    _ = figure_words(lang)
    blue = OKABE_ITO["blue"]
    return {
        "applied": (Line2D([], [], linewidth=3, **_MARKS["applied"]), _("Nlets block applied")),
        "band": (Line2D([], [], color=blue, linewidth=9, alpha=0.35, solid_capstyle="butt"),
                 _("Applied that month; day not published")),
        "reported": (Line2D([], [], color=blue, linewidth=1, linestyle=(0, (2, 2)), **_MARKS["reported"]),
                     _("Block first reported; start not published")),
        "progress": (Line2D([], [], linestyle="none", **_MARKS["progress"]), _("Block in progress")),
        "legal": (Line2D([], [], linestyle="none", **_MARKS["legal"]),
                  _("Law or rule on disclosure to immigration enforcement took effect")),
        "other": (Line2D([], [], linestyle="none", **_MARKS["other"]),
                  _("ICE cut off from a DMV's own system, or by a channel not stated")),
    }


def _legend(fig: Figure, drawn: set[str], layout: Layout, lang: str) -> Legend:
    """The key to the marks drawn: one symbol and a short label each, two columns on a wide chart, one on a phone."""
    entries = _legend_entries(lang)
    kinds = [k for k in _LEGEND_ORDER if k in drawn]
    width = 34 if layout.portrait else 40
    legend = fig.legend([entries[k][0] for k in kinds], [textwrap.fill(entries[k][1], width) for k in kinds],
                        loc="upper left", ncols=1 if layout.portrait else 2, frameon=False,
                        fontsize=max(layout.label_pt, layout.min_pt), handlelength=2.2, borderaxespad=0,
                        columnspacing=1.2, labelspacing=0.5, alignment="left")
    legend.set_gid("legend")
    return legend


def _legend_height_in(fig: Figure, legend: Legend) -> float:
    """The legend's height in inches, with the room above the plot it needs."""
    fig.canvas.draw()
    return legend.get_window_extent().height / fig.dpi + 0.2


def _place_legend(fig: Figure, ax: Axes, legend: Legend) -> None:
    """Put the legend at the top of the plot's room, flush with the frame's texts, and lower the plot under it."""
    width_in, height_in = fig.get_size_inches()
    top = fig.subplotpars.top
    legend.set_bbox_to_anchor((0.25 / width_in, top), transform=fig.transFigure)
    fig.subplots_adjust(top=top - _legend_height_in(fig, legend) / height_in)


def _draw_marks(ax: Axes, marks: list[tuple[pd.Timestamp, int, str]]) -> None:
    """Draw each event's mark on its row, marks that would touch stacked above and below the row's line (their dates
    stay where they are on the time axis)."""
    fig = ax.figure
    to_px = fig.dpi / 72
    placed: dict[int, list[tuple[float, float, float]]] = {}  # row -> (x px, y offset pt, half-width px)
    for day, y, kind in sorted(marks, key=lambda m: (m[1], m[0])):
        style = _MARKS[kind]
        half = (style["markersize"] + style.get("markeredgewidth", 1.0)) / 2 * to_px
        x = ax.transData.transform((mdates.date2num(day), y))[0]
        step = 2 * half / to_px + _GAP_PT
        for lane in (0, 1, -1, 2, -2, 3, -3):
            offset = lane * step
            if all(abs(x - px) >= half + ph + _GAP_PT * to_px or abs(offset - po) * to_px >= half + ph + _GAP_PT * to_px
                   for px, po, ph in placed.get(y, [])):
                break
        placed.setdefault(y, []).append((x, offset, half))
        shift = ScaledTranslation(0, offset / 72, fig.dpi_scale_trans)
        ax.plot(day, y, linestyle="none", gid="event-mark", transform=ax.transData + shift, **style)


def timeline_label(events: pd.DataFrame, lang: str = "en") -> str:
    """One jurisdiction's confirmed ICE events in a short phrase in ``lang``, each date with what it means (the
    phrases from the catalog, msgctxt "chart"; dates as written, a month in words in Spanish).

    >>> ev = pd.DataFrame({"event": ["law_effective", "block_reported", "state_system_cutoff"],
    ...     "date": ["2019-12-14", "2025-11-12", "2025-08-27"],
    ...     "date_meaning": ["law effective", "reported by", "applied"],
    ...     "system": ["DMV records (all channels)", "Nlets", "DAPS"]})
    >>> timeline_label(ev)
    'law effective 2019-12-14; Nlets block reported by 2025-11-12; DAPS access cut 2025-08-27'
    >>> timeline_label(ev, "es")
    'ley en vigor el 2019-12-14; bloqueo en Nlets informado a más tardar el 2025-11-12; acceso a DAPS cortado el 2025-08-27'
    """
    pgettext = chart_words(lang)
    words = {"block_applied": pgettext("chart", "Nlets block applied %(on)s"),
             "block_in_progress": pgettext("chart", "Nlets block in progress, reported %(on)s"),
             "block_reported": pgettext("chart", "Nlets block reported by %(on)s"),
             "named_by_nlets": pgettext("chart", "Nlets block reported by %(on)s"),
             "block_announced": pgettext("chart", "letters said the Nlets block was done, %(on)s"),
             "law_effective": pgettext("chart", "law effective %(on)s"),
             "rule_effective": pgettext("chart", "rule effective %(on)s")}
    other = _other_channel(events)
    parts = events["month_part"] if "month_part" in events.columns else pd.Series(pd.NA, index=events.index)
    phrases = []
    for r, is_other, part in zip(events.itertuples(), other, parts, strict=True):
        date = ice_access.date_text(r.date, part)
        on = _on(date, lang, as_written=date == r.date)
        if is_other and r.event == "state_system_cutoff":
            phrases.append(pgettext("chart", "%(system)s access cut %(on)s")
                           % {"system": r.system.split(" (")[0], "on": _on(date, lang, cut=True)})
        elif is_other:
            system = spanish_words(SYSTEMS_ES, r.system) if lang == "es" else r.system
            message = (pgettext("chart: records", "%(system)s cut, reported by %(on)s")  # Spanish: access to them
                       if r.system.startswith("driver's licence records")
                       else pgettext("chart", "%(system)s cut, reported by %(on)s"))
            phrases.append(message % {"system": system, "on": on})
        elif r.event in words and (r.system == "Nlets" or r.event in _LEGAL_EVENTS):
            phrases.append(words[r.event] % {"on": on})
    return "; ".join(dict.fromkeys(phrases))


def _on(date: str, lang: str, as_written: bool = True, cut: bool = False) -> str:
    """A date where an English phrase puts it bare; in Spanish with its preposition: 'el 2025-08-27', or a date put
    in words ('a mediados de noviembre de 2025', when not ``as_written``); for a cut (``cut``) 'en 2025-08' for a date
    written to the month.

    >>> _on("2025-08-27", "es"), _on("2025-08", "es", cut=True), _on("mid-November 2025", "es", as_written=False)
    ('el 2025-08-27', 'en 2025-08', 'a mediados de noviembre de 2025')
    >>> _on("2025-08", "en", cut=True)
    '2025-08'
    """
    if lang == "en":
        return date
    pgettext = chart_words(lang)
    if cut:
        in_words = date_words_es(date)
        if len(date) == 10:
            return pgettext("chart", "on %(date)s") % {"date": date}
        return (pgettext("chart", "in %(date)s") % {"date": in_words} if in_words != date
                else pgettext("chart", "in %(month)s") % {"month": date})
    if as_written:
        return pgettext("chart", "on %(date)s") % {"date": date}
    return pgettext("chart", "in %(date)s") % {"date": date_words_es(date)}


# Weak-only facts are shown in tables, marked unconfirmed, and nowhere else (data/raw/README.md): the figure's note
# and alt text say where they are, never what they say.
WEAK_NOTE = "Events that rest only on weak sources are in tab02-ice-access-events, marked unconfirmed, not drawn."


def block_timeline_figure(
    timeline: pd.DataFrame, dates: pd.DataFrame, period: Period | None = None, layout: Layout = LANDSCAPE,
    lang: str = "en",
) -> FigureSpec:
    """A timeline of the confirmed events in ``timeline`` (:func:`analysis.findings.block_history.block_timeline`) against the
    disclosure year (``period``, default :func:`analysis.findings.comparison_basics.disclosure_period`): a filled dot and solid line from
    a block applied, an open dot at the date a block was first reported (dashed before it: when it began is not
    published), a square at a law or rule taking effect, a cross where ICE's direct access to a DMV's own system was
    cut, a diamond for a block in progress. ``dates`` (:func:`analysis.findings.block_history.block_dates`) names the blocks known
    to cover the whole year. Unconfirmed events (weak sources) are only in the table, not drawn or named.
    It shows dates, not query counts, so it carries no "queries, not people" caveat. Drawn in ``layout``; the
    landscape call adds the portrait variant, and the English one the Spanish chart (``lang`` ``es``)."""
    _ = figure_words(lang)
    period_start, period_end = period or comparison_basics.disclosure_period()
    ice = timeline[timeline["tier"].ne("weak") & timeline["agencies"].str.contains("ICE")]
    shown = ice[ice["system"].eq("Nlets") | ice["event"].isin(_LEGAL_EVENTS) | _other_channel(ice)]
    order = list(dates.sort_values("usps", ascending=False)["usps"])
    names = dates.set_index("usps")["name"]
    shown_names = {u: state_name(u, names[u], lang) for u in names.index}
    rows = max(len(order), 1)
    fig, ax = new_figure(layout.width_in, 3.2 + 0.45 * rows)
    ax.axvspan(period_start, period_end, color=NEUTRAL, alpha=0.35, linewidth=0)
    centred = lang == "en" and not layout.portrait  # elsewhere the words are wider than the band: they end at its edge
    ax.text(period_start + (period_end - period_start) / 2 if centred else period_end, len(order) - 0.45,
            _("disclosure year"), ha="center" if centred else "right", va="bottom", fontsize=layout.label_pt,
            color=MUTED_TEXT)
    left_edge = (shown["start"].min() if len(shown) else period_start) - pd.DateOffset(months=6)
    right_edge = max(shown["start"].max() if len(shown) else period_end, period_end) + pd.DateOffset(months=4)
    blue = OKABE_ITO["blue"]
    labels, labels_es = [], []
    marks: list[tuple[pd.Timestamp, int, str]] = []  # drawn once the plot's size is known, clear of each other
    for y, usps in enumerate(order):
        ev = shown[shown["usps"] == usps]
        nlets = ev[ev["system"] == "Nlets"]
        applied = nlets[nlets["event"] == "block_applied"].sort_values(["start"])
        reported = nlets[nlets["event"].isin(["block_reported", "named_by_nlets", "block_announced"])].sort_values("start")
        progress = nlets[nlets["event"] == "block_in_progress"]
        if len(applied) and len(applied.iloc[0]["date"]) == 10:
            day = applied.iloc[0]["start"]
            ax.plot([day, right_edge], [y, y], color=blue, linewidth=3, solid_capstyle="butt")
            marks.append((day, y, "applied"))
        elif len(applied):
            # Applied within a month whose day is not published: a pale band over the month, never a dot on a day.
            first = applied.iloc[0]["start"]
            last = ice_access.period_end(applied.iloc[0]["date"])
            ax.plot([first, last], [y, y], color=blue, linewidth=9, alpha=0.35, solid_capstyle="butt")
            ax.plot([last, right_edge], [y, y], color=blue, linewidth=3, solid_capstyle="butt")
        elif len(reported):
            day = reported.iloc[0]["start"]
            ax.plot([day, right_edge], [y, y], color=blue, linewidth=3, solid_capstyle="butt")
            ax.plot([left_edge, day], [y, y], color=blue, linewidth=1, linestyle=(0, (2, 2)))
            marks.append((day, y, "reported"))
        marks += [(day, y, "progress") for day in progress["start"]]
        marks += [(day, y, "legal") for day in ev.loc[ev["event"].isin(_LEGAL_EVENTS), "start"]]
        marks += [(day, y, "other") for day in ev.loc[_other_channel(ev), "start"]]
        labels.append(f"{names[usps]}: {timeline_label(ev.sort_values('start'))}")
        labels_es.append(f"{es.state_names().get(usps, names[usps])}: {timeline_label(ev.sort_values('start'), 'es')}")
    ax.set_yticks(range(len(order)), [shown_names[u] for u in order])
    ax.tick_params(axis="y", length=0)
    ax.set_ylim(-0.6, len(order) - 0.1)
    ax.set_xlim(left_edge, right_edge)
    ax.spines["left"].set_visible(False)
    sources = comparison_basics.source_id_list([shown, dates]) or [comparison_basics.disclosure_source(comparison_basics.ICE_METRIC)]
    known = covered_groups(dates)["known"]
    before_en, before_es = before_period(timeline, dates, period_start)
    known_names = listed_in([state_name(r.usps, r.name, lang) for r in known.itertuples()], lang)
    title = ((before_en if lang == "en" else before_es) if known.empty
             else _("Only %(names)s's block is known to cover the whole disclosure year") % {"names": known_names}
             if len(known) == 1 else
             _("The blocks of %(names)s are known to cover the whole disclosure year") % {"names": known_names})
    drawn = {kind for _day, _y, kind in marks} | ({"band"} if any(line.get_linewidth() == 9 for line in ax.lines)
                                                   else set())
    legend = _legend(fig, drawn, layout, lang)
    frame(
        fig,
        title=title,
        subtitle=_("Blocks on ICE's Nlets DMV queries, with the laws, rules and cuts from DMVs' own systems beside "
                   "them. A law, a rule or a cut is not the day Nlets stopped answering."),
        note=_("Events that rest only on weak sources are in tab02-ice-access-events, marked unconfirmed, not drawn."),
        source_ids=sources, kinds=["derived", "published"],
        layout=layout,
        plot_height_in=(0.55 if layout.portrait else 0.42) * rows + 0.5 + _legend_height_in(fig, legend),
        lang=lang,
    )
    if layout.portrait:
        ax.xaxis.set_major_locator(YearLocator(2))
        ax.xaxis.set_major_formatter(DateFormatter("%Y"))
    fig.subplots_adjust(left=0.36 if layout.portrait else 0.17, right=0.95 if layout.portrait else 0.97)
    _place_legend(fig, ax, legend)
    _draw_marks(ax, marks)
    fit_layout(fig, layout)
    data = shown.assign(start=shown["start"].dt.strftime("%Y-%m-%d"))
    alt_en, alt_es = (_timeline_alt(left_edge, right_edge, rows_said, before, known.empty, language)
                      for rows_said, before, language in ((labels, before_en, "en"), (labels_es, before_es, "es")))
    return spec_with_portrait(
        fig, layout, lambda variant, language: block_timeline_figure(timeline, dates, period, variant, language), lang,
        alt_text_es=alt_es,
        name="fig02-block-timeline",
        title=_("When blocks on ICE's Nlets DMV queries were applied, reported or in progress"),
        alt_text=alt_en if lang == "en" else alt_es,
        data=data,
        source_ids=sources,
        kinds=["derived", "published"],
        key_numbers=timeline_key_numbers(timeline, dates),
        description=_("Confirmed events (primary, press or reference sources) on ICE's access, one row each; every "
                      "event, unconfirmed ones included, is in tab02-ice-access-events.")
        + ("" if lang == "en" else " " + _("CSV column names as in the English CSV.")),
    )


def _timeline_alt(left_edge: pd.Timestamp, right_edge: pd.Timestamp, rows: list[str], before: str,
                  none_known: bool, lang: str) -> str:
    """The timeline's alt text in ``lang``: its span, each jurisdiction's events (``rows``, top row first), what is
    known before the disclosure year when no block covers it (``before``), and where the unconfirmed events are."""
    _ = figure_words(lang)
    alt = _("Timeline from %(start)s to %(end)s with the disclosure year shaded.") % {
        "start": f"{left_edge:%Y}", "end": f"{right_edge:%Y}"}
    alt += " " + ("; ".join(reversed(rows)) + "." if rows else _("No block on ICE's Nlets queries is on record."))
    if none_known and rows:
        alt += f" {before}."
    return alt + " " + _(WEAK_NOTE)

def before_period(timeline: pd.DataFrame, dates: pd.DataFrame, period_start: pd.Timestamp,
                  head: bool = True) -> tuple[str, str]:
    """What is known of the blocks in ``dates`` before ``period_start``, in English and Spanish: no published Nlets
    start date, and the laws and rules of ``timeline`` (the events table's rows) in force before it.

    >>> from analysis.sources.tables import load_states
    >>> states = load_states()
    >>> en, es_ = before_period(block_history.block_timeline(states), block_history.block_dates(states),
    ...                         pd.Timestamp("2024-10-01"), head=False)
    >>> en
    "New York's statutory bar (in force since 2019-12-14) and Massachusetts' rule (in force since 2023-06-30) predate the year"
    >>> es_
    'la prohibición legal de Nueva York (en vigor desde el 2019-12-14) y la norma de Massachusetts (en vigor desde el 2023-06-30) son anteriores al año'
    """
    legal = legal_before(timeline, period_start)
    legal = legal[legal["usps"].isin(dates["usps"])]
    names = dict(zip(dates["usps"], dates["name"], strict=True))
    dated = bool(dates["start_published"].any()) if len(dates) else False
    en, es_ = (predating_sentence(legal, names, dated, spanish, head) for spanish in (False, True))
    return en, es_


def timeline_key_numbers(timeline: pd.DataFrame, dates: pd.DataFrame) -> list[dict[str, Any]]:
    """The dates blocks were applied (ISO dates, published), the date the states Nlets named were first reported
    blocked (published), and how many blocks are known to cover the disclosure year, were only reported, or were in
    progress (derived from ``dates``).

    >>> from analysis.sources.tables import load_states
    >>> states = load_states()
    >>> numbers = timeline_key_numbers(block_history.block_timeline(states), block_history.block_dates(states))
    >>> [(n["id"], n["formatted"]) for n in numbers][:2]
    [('02-wa-block-applied-date', 'mid-November 2025'), ('02-blocks-reported-date', '2025-11-12')]
    """
    g = covered_groups(dates)
    start = comparison_basics.disclosure_period()[0] if dates.empty else pd.Timestamp(dates["period_start"].iloc[0])
    legal_words = dict(zip(("en", "es"), before_period(timeline, dates, start, head=False), strict=True))

    def names_in(rows: pd.DataFrame, lang: str) -> str:
        return listed_in([state_name(u, n, lang) for u, n in zip(rows["usps"], rows["name"], strict=True)], lang)

    numbers = []
    for r in dates[dates["start_published"]].itertuples():
        words = ice_access.date_text(r.block_date, None if pd.isna(r.month_part) else r.month_part)
        numbers.append(key_number(f"02-{r.usps.lower()}-block-applied-date",
                                  lambda lang, r=r: applied_label(r.usps, r.name, len(r.block_date) == 10, lang),
                                  words, words, "published"))
    unknown = g["unknown"]
    if len(unknown):
        first = min(unknown["block_date"])
        numbers.append(key_number(
            "02-blocks-reported-date",
            lambda lang: key_words(lang, NC_("key-number", "Date by which %(names)s were reported blocked (when "
                                                           "the blocks began is not published)")) % {
                "names": names_in(unknown, lang)},
            first, first, "published"))

    def known_label(lang: str) -> str:
        # The count alone ("0") would read as "no state blocked ICE all year": the label says what is known before.
        label = key_words(lang, NC_("key-number", "Blocks with a published Nlets-specific start date before the "
                                                  "disclosure year"))
        return label + (f" ({legal_words[lang]})" if legal_words[lang] and g["known"].empty else "")

    for key, id_, label in [
        ("known", "02-blocks-covering-whole-disclosure-year", known_label),
        ("unknown", "02-blocks-start-date-not-published",
         lambda lang: key_words(lang, NC_("key-number", "Blocks reported with no published start date"))),
        ("in_progress", "02-blocks-in-progress",
         lambda lang: key_words(lang, NC_("key-number", "Blocks in progress, no date"))),
    ]:
        rows = g[key]
        numbers.append(key_number(
            id_, lambda lang, rows=rows, label=label: label(lang) + (f" ({names_in(rows, lang)})" if len(rows) else ""),
            len(rows), str(len(rows)), "derived"))
    return numbers


def applied_label(usps: str, name: str, to_the_day: bool, lang: str, month_given: bool = False) -> str:
    """The label of a block's applied date in ``lang``: the state's name, and what the date leaves out (the day is not
    published; ``month_given``: the month is as state officials gave it).

    >>> applied_label("WA", "Washington", False, "es")
    'Washington: bloqueo de las consultas de ICE a través de Nlets aplicado (tan preciso como se publicó: el día no)'
    """
    pgettext = chart_words(lang)
    if to_the_day:
        template = pgettext("key-number", "%(name)s: block on ICE's Nlets queries applied")
    elif month_given:
        template = pgettext("key-number", "%(name)s: block on ICE's Nlets queries applied (the month, as state "
                                          "officials gave it; the day is not published)")
    else:
        template = pgettext("key-number", "%(name)s: block on ICE's Nlets queries applied (as precise as published: "
                                          "the day is not)")
    return template % {"name": state_name(usps, name, lang)}
