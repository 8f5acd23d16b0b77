"""Notebook 02's second tile map: each jurisdiction's ICE status as of its own last report, the month of that report
in its tile, drawn from the then-and-now table (:func:`analysis.findings.access_now.status_then_and_now`) that
``tab02-ice-access-then-and-now`` exports, so the map and the table are one computation.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from typing import Any

import pandas as pd

from analysis.findings import comparison_basics
from analysis.findings.last_reports import LETTERS
from analysis.publish.figures.ice_block_map import (
    BLOCKED_LATER_COLOUR,
    BLOCKING_BLUE,
    MAP_COLOURS,
    MAP_HATCH,
    NO_REPORT_EDGE,
    UNKNOWN_SINCE_COLOUR,
)
from analysis.publish.figures.spec_parts import key_number, key_words, slug, spec_with_portrait
from analysis.publish.figures.tilegrid import draw_tile_map
from analysis.publish.figures.words import figure_words
from analysis.publish.i18n import NC_
from analysis.publish.specs import FigureSpec
from analysis.publish.style import LANDSCAPE, OKABE_ITO, Layout, fit_layout, frame, new_figure
from analysis.sources import ice_access

NAME = "fig02-ice-access-now-map"


def N_(message: str) -> str:
    """Mark a message for the catalog; it is translated where it is drawn."""
    return message


# One class per status of :data:`analysis.sources.ice_access.STATUSES`, in legend order: its legend label, the words
# that count it in the title, its fill. Blocking stays the darkest class, as on the 2025-09-30 map; the settlement
# states' support for federal access is a dark vermilion, the other open-ish classes lighter; tile text is white or
# dark by contrast (every fill gives one of them at least 4.5:1).
SUPPORTS_COLOUR = "#C0502A"
UNDER_REVIEW_COLOUR = "#CC79A7"
NOW_CLASSES: dict[str, tuple[str, str, str]] = {
    ice_access.BLOCKED: (N_("blocked"), N_("%(n)s blocking ICE's DMV queries"), BLOCKING_BLUE),
    ice_access.ASSUMED: (N_("counted as blocked (start date not published)"), N_("%(n)s counted as blocking"),
                         BLOCKING_BLUE),
    ice_access.LATER: (N_("block applied after the last report"), N_("%(n)s blocked later"), BLOCKED_LATER_COLOUR),
    ice_access.IN_PROGRESS: (N_("block in progress"), N_("%(n)s with a block in progress"),
                             MAP_COLOURS["block in progress"]),
    ice_access.UNDER_REVIEW: (N_("access under review"), N_("%(n)s with access under review"), UNDER_REVIEW_COLOUR),
    ice_access.REPORTED_OPEN: (N_("reported open to ICE"), N_("%(n)s reported open"), OKABE_ITO["orange"]),
    ice_access.SUPPORTS: (N_("agreed to support DHS's access (settlement)"),
                          N_("%(n)s agreed to support DHS's access"), SUPPORTS_COLOUR),
    ice_access.UNKNOWN: (N_("unknown"), N_("%(n)s unknown"), UNKNOWN_SINCE_COLOUR),
    ice_access.NO_REPORT: (N_("no individual report"), N_("%(n)s with no individual report"), "#FFFFFF"),
}


def now_classes(then_now: pd.DataFrame) -> pd.DataFrame:
    """The map's data: one row per jurisdiction of ``then_now`` (the then-and-now table), its status as of its own
    last report (``status_now``, the table's own column) with its English legend label (``category``) and the
    month of that report (``last_report_month``, as precise as the report: a year stays a year).

    >>> from analysis.findings.access_now import status_then_and_now
    >>> from analysis.sources.tables import load_states
    >>> data = now_classes(status_then_and_now(load_states())).set_index("usps")
    >>> data.loc["IA", ["status_now", "category", "last_report_month"]].tolist()
    ['supports federal access', "agreed to support DHS's access (settlement)", '2025-12']
    >>> data.loc["WA", ["status_then", "status_now", "last_report_month"]].tolist()
    ['blocked later', 'blocked', '2026-01']
    """
    data = then_now[["usps", "name", "jurisdiction_type", "then", "status_then", "last_report", "status_now",
                     "basis_now", "source_ids"]].copy()
    data.insert(7, "category", data["status_now"].map(lambda s: NOW_CLASSES[s][0]))
    data.insert(7, "last_report_month", data["last_report"].str.slice(0, 7))
    data["kind"] = "derived"
    return data.reset_index(drop=True)


def now_colours(data: pd.DataFrame) -> dict[str, str]:
    """The fill of each class present in ``data`` (:func:`now_classes`), by English label, in legend order.

    >>> now_colours(pd.DataFrame({"status_now": ["no report", "blocked"]}))
    {'blocked': '#005A9C', 'no individual report': '#FFFFFF'}
    """
    present = set(data["status_now"])
    return {label: colour for status, (label, _, colour) in NOW_CLASSES.items() if status in present}


def title_counts(data: pd.DataFrame, _: Callable[[str], str]) -> str:
    """The title: every jurisdiction counted once, by class, in legend order (the counts add up to all of them).

    >>> title_counts(pd.DataFrame({"status_now": ["blocked", "no report", "no report"]}), lambda m: m)
    "3 jurisdictions as of each one's last report: 1 blocking ICE's DMV queries, 2 with no individual report"
    """
    counts = data["status_now"].value_counts()
    parts = [_(count) % {"n": int(counts[status])} for status, (_label, count, _fill) in NOW_CLASSES.items()
             if counts.get(status, 0)]
    return (_("%(total)s jurisdictions as of each one's last report: ") % {"total": len(data)}
            + ", ".join(parts))


def months_list(data: pd.DataFrame, _: Callable[[str], str]) -> str:
    """The month of each jurisdiction's last report as a list (the phone variant's tiles are too small to print
    it): the most common month first, as "all others", then each other month with its codes.

    >>> months_list(pd.DataFrame({"usps": ["WA", "AL", "AK"], "last_report_month": ["2026-02", "2025-11", "2025-11"]}),
    ...             lambda m: m)
    'Month of the last report: 2025-11, all others (2); 2026-02, WA.'
    >>> months_list(pd.DataFrame({"usps": ["AL", "AK"], "last_report_month": ["2025-11", "2025-11"]}), lambda m: m)
    'Month of the last report: 2025-11, all 2.'
    """
    counts = data["last_report_month"].value_counts(sort=False)
    common = counts.sort_values(ascending=False, kind="stable").index[0]
    if len(counts) == 1:
        return _("Month of the last report: ") + _("%(month)s, all %(n)s.") % {"month": common, "n": int(counts[common])}
    parts = [_("%(month)s, all others (%(n)s)") % {"month": common, "n": int(counts[common])}]
    for month in sorted(m for m in counts.index if m != common):
        codes = " ".join(sorted(data.loc[data["last_report_month"] == month, "usps"]))
        parts.append(f"{month}, {codes}")
    return _("Month of the last report: ") + "; ".join(parts) + "."


def access_now_map_figure(then_now: pd.DataFrame, layout: Layout = LANDSCAPE, lang: str = "en") -> FigureSpec:
    """A tile map of each jurisdiction's ICE status as of its own last report (``status_now`` of ``then_now``,
    :func:`analysis.findings.access_now.status_then_and_now`), the month of that report small in each tile (on
    the phone variant, listed under the legend). It sits beside the map of the last day of the disclosure year
    (``fig02-ice-block-map``). The English landscape call adds the portrait variant and the Spanish chart, every
    word of which comes from the catalog."""
    _ = figure_words(lang)
    data = now_classes(then_now)
    colours = now_colours(data)
    then = str(data["then"].iloc[0])
    blocked_later = NOW_CLASSES[ice_access.LATER][0]
    fig, ax = new_figure(layout.width_in, 9.2 if layout.portrait else 10.4)
    handles = draw_tile_map(
        ax, data.set_index("usps")["category"], colours,
        territories_label=_("Territories"),
        hatches={blocked_later: MAP_HATCH} if blocked_later in colours else {},
        edges={NOW_CLASSES[ice_access.NO_REPORT][0]: NO_REPORT_EDGE},
        fontsize=layout.min_pt if layout.portrait else 8.5,
    )
    for handle in handles:
        label = _(handle.get_label())
        handle.set_label(textwrap.fill(label, 30 if layout.portrait else 34, break_on_hyphens=False))
    if layout.portrait:
        ax.set_anchor("N")
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(0.0, -0.02), ncol=1, frameon=False,
                  fontsize=layout.label_pt, handlelength=1.6,
                  title=textwrap.fill(months_list(data, _), 34), title_fontsize=layout.min_pt,
                  alignment="left")
    else:
        ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, 0.0), ncol=2, frameon=False,
                  fontsize=layout.label_pt, title=textwrap.fill(months_list(data, _), 70),
                  title_fontsize=layout.min_pt, alignment="left")
    legend = ax.get_legend()
    # the phone's legend and months take as many lines as they wrap to; the map is as tall as the width allows
    texts = legend.get_texts()
    rows = texts if layout.portrait else [max(pair, key=lambda t: t.get_text().count("\n"))
                                         for pair in zip(texts[::2], [*texts[1::2], texts[-1]])]
    lines = sum(t.get_text().count("\n") + 1 for t in [legend.get_title(), *rows])
    room = lines * layout.label_pt * 1.6 / 72 - 0.2  # the frame keeps 0.55 in below for tick labels; a map has none
    sources = comparison_basics.source_id_list([data])
    frame(
        fig,
        title=title_counts(data, _),
        subtitle=_("ICE's access to each jurisdiction's DMV records through Nlets as of that jurisdiction's own last "
                   "report (its month is listed under the map), beside the map of %(then)s. After its last report "
                   "a jurisdiction's status is not known.") % {"then": then},
        source_ids=sources,
        note=_("'No individual report': no report on ICE's Nlets access to that jurisdiction's DMV records alone; "
               "only the %(date)s letters and their coverage, which named the states blocking ICE, speak to it. Not "
               "blocked, not open.")
             % {"date": LETTERS.date},
        kinds=["derived", "published"],
        layout=layout,
        plot_height_in=0.92 * layout.width_in * 9.8 / 11.2 + room if layout.portrait else None,
        lang=lang,
    )
    margin = 0.04 if layout.portrait else 0.05  # the map on top, its legend and the months below it
    fig.subplots_adjust(left=margin, right=1 - margin, bottom=fig.subplotpars.bottom + room / fig.get_size_inches()[1])
    fit_layout(fig, layout)
    return spec_with_portrait(
        fig, layout, lambda variant, language: access_now_map_figure(then_now, variant, language), lang,
        alt_text_es=_alt_text(data, "es"),
        name=NAME,
        title=_("ICE's Nlets access to state DMV records as of each jurisdiction's last report (tile map)"),
        alt_text=_alt_text(data, lang),
        data=data,
        source_ids=sources,
        kinds=["derived", "published"],
        key_numbers=now_key_numbers(data),
        description=_("One row per jurisdiction: its status on the last day of the disclosure year and as of its own "
                      "last report, as in tab02-ice-access-then-and-now, with the map's class and the month shown.")
        + ("" if lang == "en" else " " + _("CSV column names as in the English CSV.")),
    )


def _alt_text(data: pd.DataFrame, lang: str) -> str:
    """The chart in words, from the same data, in ``lang`` (the catalog's words)."""
    _ = figure_words(lang)
    classes = "; ".join(
        f"{_(label)}: {' '.join(sorted(data.loc[data['category'] == label, 'usps']))}"
        for label in now_colours(data) if label != NOW_CLASSES[ice_access.NO_REPORT][0])
    n_none = int(data["status_now"].eq(ice_access.NO_REPORT).sum())
    return (_("Tile map of the 50 states, DC and five territories coloured by ICE's Nlets access as of each "
              "jurisdiction's own last report: %(classes)s; %(none)s with no individual report.")
            % {"classes": classes, "none": n_none}
            + " " + months_list(data, _))


def now_key_numbers(data: pd.DataFrame) -> list[dict[str, Any]]:
    """The jurisdictions in each class of the map as of their own last reports (derived), in legend order.

    >>> from analysis.findings.access_now import status_then_and_now
    >>> from analysis.sources.tables import load_states
    >>> [(n["id"], n["value"]) for n in now_key_numbers(now_classes(status_then_and_now(load_states())))][:2]
    [('02-jurisdictions-now-blocked', 5), ('02-jurisdictions-now-block-in-progress', 1)]
    """
    numbers = []
    for label in now_colours(data):
        members = data.loc[data["category"] == label, "usps"]
        codes = f": {' '.join(sorted(members))}" if len(members) < 6 else ""
        numbers.append(key_number(
            f"02-jurisdictions-now-{slug(label)}",
            lambda lang, label=label, codes=codes: key_words(lang, NC_(
                "key-number", "Jurisdictions as of their own last report, %(class)s")) % {
                "class": figure_words(lang)(label)} + codes,
            len(members), str(len(members)), "derived"))
    return numbers
