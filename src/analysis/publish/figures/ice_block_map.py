"""Notebook 02's ICE block tile map, with its colour classes, Spanish category names, assumption note, key numbers.

What is on record about ICE's Nlets access to each jurisdiction's DMV records on the last day of the disclosure year.
"""

from __future__ import annotations

import re
import textwrap
from typing import Any

import pandas as pd

from analysis.findings import access_status, comparison_basics
from analysis.publish.figures.spec_parts import Period, key_number, key_words, slug, spec_with_portrait
from analysis.publish.figures.tilegrid import draw_tile_map
from analysis.publish.specs import FigureSpec
from analysis.publish.style import LANDSCAPE, OKABE_ITO, Layout, fit_layout, frame, new_figure
from analysis.publish.text.state_status import date_words_es
from analysis.publish.text.status_sentences import assumption_sentence
from analysis.publish.figures.words import assumption_words, figure_words
from analysis.publish.i18n import NC_, gettext, ngettext, translate
from analysis.sources import ice_access


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


def N_(message: str) -> str:
    """Mark a message for the catalog; it is translated where it is drawn."""
    return message
MAP_HATCH = "//"
NO_REPORT_EDGE = "#8C8C8C"


def assumed_blocks_note(states: pd.DataFrame, as_of: comparison_basics.DateLike, consequence: str,
                        events: pd.DataFrame | None = None, lang: str = "en") -> str | None:
    """The assumption behind counting blocks reported later as in force on ``as_of``
    (:func:`analysis.findings.access_status.ice_access_as_of`), followed by ``consequence`` (what it would change if a block began
    later); None when no block on that day rests on it. Drawn on the figure as its bounds note and passed to the
    manifest as ``bounds_note``.

    >>> from analysis.sources.tables import load_states
    >>> assumed_blocks_note(load_states(), "2025-09-30", "X.").split(":")[0]
    'IL, MA, MN and NY are counted as blocking on 2025-09-30 on an assumption'
    """
    access = access_status.ice_access_as_of(states, as_of, events)
    assumed = access[access["ice_blocked"] & access["assumed"]]
    if assumed.empty:
        return None
    codes, day = " ".join(sorted(assumed["usps"])), f"{pd.Timestamp(as_of):%Y-%m-%d}"
    reported = " ".join(sorted(set(assumed["date"])))
    sentence = (assumption_sentence(codes, day, reported) if lang == "en"
                else assumption_words(codes, day, reported, lang))
    return f"{sentence} {consequence}"


def map_colours(categories: pd.DataFrame) -> dict[str, str]:
    """The map's colour per category, in legend order: blocking first (darkest), then blocks applied later, in
    progress, reported open, unknown since the last report, no report; dated categories of ``categories``
    (:func:`analysis.findings.access_status.access_categories`) get their colour with their date.

    >>> from analysis.sources.tables import load_states
    >>> list(map_colours(access_status.access_categories(load_states(), "2025-09-30")))[:3]
    ['assumed blocked (start date not published)', 'blocked later (applied mid-November 2025)', 'block in progress']
    """
    present = list(dict.fromkeys(categories["category"]))
    blocked = [(c, BLOCKING_BLUE) for c in present if c.startswith("blocked (")]
    later = [(c, BLOCKED_LATER_COLOUR) for c in present if c.startswith(("blocked later", "being blocked"))]
    unknown = [(c, UNKNOWN_SINCE_COLOUR) for c in present if c.startswith("unknown since")]
    fixed = list(MAP_COLOURS.items())
    return dict(blocked + fixed[:1] + later + fixed[1:3] + unknown + fixed[3:])


def map_hatches(colours: dict[str, str]) -> dict[str, str]:
    """The hatch of each map category that has one: blocks applied after the day shown (not in force yet).

    >>> map_hatches({"blocked later (applied 2025-11-18)": "x", "block in progress": "y"})
    {'blocked later (applied 2025-11-18)': '//'}
    """
    return {c: MAP_HATCH for c in colours if c.startswith("blocked later")}


# Each map category's pattern and its words, a catalog message (msgctxt "map-category") with ``{}`` for the date.
_CATEGORY_WORDS = [
    (r"blocked \(applied (.+)\)", NC_("map-category", "blocked (applied {})")),
    (r"assumed blocked \(start date not published\)",
     NC_("map-category", "assumed blocked (start date not published)")),
    (r"blocked later \(applied (.+)\)", NC_("map-category", "blocked later (applied {})")),
    (r"being blocked \(applied (.+); the day is not published\)",
     NC_("map-category", "being blocked (applied {}; the day is not published)")),
    (r"block in progress", NC_("map-category", "block in progress")),
    (r"under review", NC_("map-category", "under review")),
    (r"reported open by the letters", NC_("map-category", "reported open by the letters")),
    (r"agreed to support DHS's access", NC_("map-category", "agreed to support DHS's access")),
    (r"unknown since (.+)", NC_("map-category", "unknown since {}")),
    (r"no individual report", NC_("map-category", "no individual report")),
]


def _on_date_es(text: str) -> str:
    """A date as the categories print it, with its Spanish preposition: 'el 2025-11-18', 'a mediados de noviembre de
    2025'."""
    words = date_words_es(text)
    return f"el {words}" if words == text else f"a {words}"


def category_es(category: str) -> str:
    """A map category in Spanish, its date kept as precise as written.

    >>> category_es("blocked later (applied 2025-11-18)"), category_es("blocked (applied mid-November 2025)")
    ('bloqueado después (aplicado el 2025-11-18)', 'bloqueado (aplicado a mediados de noviembre de 2025)')
    """
    for pattern, words in _CATEGORY_WORDS:
        match = re.fullmatch(pattern, category)
        if match:
            return translate("map-category", words, "es").format(*(_on_date_es(g) for g in match.groups()))
    raise KeyError(category)


def _alt_text(categories: pd.DataFrame, colours: dict[str, str], end: pd.Timestamp, lang: str) -> str:
    """The map's alt text in ``lang``: each category with its jurisdictions, then the count with no report and the
    licence dots."""
    by_cat = categories["category"].value_counts()
    named = (lambda c: c) if lang == "en" else category_es
    listed = "".join(f"{named(cat)}: {' '.join(sorted(categories.loc[categories['category'] == cat, 'usps']))}; "
                     for cat in colours if cat in by_cat.index and cat != "no individual report")
    n_none, n_dots = int(by_cat.get("no individual report", 0)), int(categories["licence_for_all"].sum())
    return (gettext("Tile map of the 50 states, DC and five territories coloured by what is on record about ICE's "
                    "Nlets access on %(date)s: ", lang) % {"date": f"{end:%Y-%m-%d}"}
            + listed
            + ngettext("%(num)d jurisdiction with no individual report. ",
                       "%(num)d jurisdictions with no individual report. ", n_none, lang) % {"num": n_none}
            + ngettext("Dots mark the %(num)d jurisdiction that licenses drivers regardless of immigration status.",
                       "Dots mark the %(num)d jurisdictions that license drivers regardless of immigration status.",
                       n_dots, lang) % {"num": n_dots})


# The title's counts of the other statuses a jurisdiction can have on the day shown, so that the title counts every
# jurisdiction once (blocking, reported open and no report have their own words).
_OTHER_COUNTS = {
    ice_access.LATER: N_("%(n)s blocked later; "),
    ice_access.IN_PROGRESS: N_("%(n)s with a block in progress; "),
    ice_access.UNDER_REVIEW: N_("%(n)s with access under review; "),
    ice_access.SUPPORTS: N_("%(n)s agreed to support DHS's access; "),
    ice_access.UNKNOWN: N_("%(n)s unknown since their last report; "),
}


def ice_block_map_figure(states: pd.DataFrame, period: Period | None = None,
                         events: pd.DataFrame | None = None, layout: Layout = LANDSCAPE, lang: str = "en") -> FigureSpec:
    """A tile map of what is on record about ICE's Nlets access to each jurisdiction's DMV records on the last day
    of ``period`` (default: the disclosure year), by :func:`analysis.findings.access_status.access_categories`; dots mark the
    jurisdictions that license drivers regardless of immigration status. The data is the category table. Drawn
    in ``layout``; the landscape call adds the portrait variant (legend in one column), and the English one the
    Spanish chart (``lang`` ``es``: legend by :func:`category_es`, the rest from the catalog)."""
    _ = figure_words(lang)
    period_start, period_end = period or comparison_basics.disclosure_period()
    categories = access_status.access_categories(states, period_end, events)
    colours = map_colours(categories)
    fig, ax = new_figure(layout.width_in, 9.2)
    handles = draw_tile_map(
        ax, categories.set_index("usps")["category"], colours,
        marked=set(categories.loc[categories["licence_for_all"], "usps"]),
        mark_label=_("licenses drivers regardless of immigration status"),
        territories_label=_("Territories"),
        hatches=map_hatches(colours), edges={"no individual report": NO_REPORT_EDGE},
        fontsize=layout.min_pt if layout.portrait else 8.5,
    )
    if lang != "en":  # the Spanish categories, wrapped: they run longer than the two legend columns allow
        for handle in handles:
            label = category_es(handle.get_label()) if handle.get_label() in colours else handle.get_label()
            handle.set_label(label if layout.portrait else textwrap.fill(label, 36))
    if layout.portrait:
        for handle in handles:
            handle.set_label(textwrap.fill(handle.get_label(), 30))
        ax.set_anchor("N")
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(0.0, -0.02), ncol=1, frameon=False,
                  fontsize=layout.label_pt, handlelength=1.6)
    else:
        for handle in handles:
            handle.set_label(textwrap.fill(handle.get_label().replace("\n", " "), 34, break_on_hyphens=False))
        ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, 0.0), ncol=2, frameon=False,
                  fontsize=layout.label_pt)
    sources = comparison_basics.source_id_list([categories])
    counts = categories["status"].value_counts()
    n_blocking = int(counts.get(ice_access.BLOCKED, 0) + counts.get(ice_access.ASSUMED, 0))
    n_open = int(counts.get(ice_access.REPORTED_OPEN, 0))
    n_none = int(counts.get(ice_access.NO_REPORT, 0))
    note = assumed_blocks_note(states, period_end, _("If a block began later, ICE could query that state on that day."),
                               events, lang)
    frame(
        fig,
        title=(_("%(n)s state counted as blocking ICE's DMV queries; ") if n_blocking == 1 else
               _("%(n)s states counted as blocking ICE's DMV queries; ")) % {"n": n_blocking}
              + (_("%(n)s reported open; ") % {"n": n_open} if n_open else "")
              + "".join(_(words) % {"n": int(counts[status])} for status, words in _OTHER_COUNTS.items()
                        if counts.get(status, 0))
              + _("%(n)s with no report") % {"n": n_none},
        subtitle=_("What is on record about ICE's access to each jurisdiction's DMV records through Nlets on "
                   "%(end)s, the last day of the disclosure year (%(start)s to %(end)s).")
                 % {"start": f"{period_start:%Y-%m-%d}", "end": f"{period_end:%Y-%m-%d}"}
                 + (" " + _("'Reported open': the 2025-11-12 letters urged the governor to block ICE, which the state "
                            "had not done.") if n_open else ""),
        source_ids=sources,
        note=_("'No individual report': no source dated on or before %(end)s speaks of that jurisdiction alone; "
               "the 2025-11-12 letters later named five states (IL, NY, MA, MN, WA) as having blocked ICE.")
             % {"end": f"{period_end:%Y-%m-%d}"},
        bounds_note=note,
        kinds=["derived", "published"],
        layout=layout,
        plot_height_in=5.0 if layout.portrait else None,
        lang=lang,
    )
    if layout.portrait:  # the map on top, its legend below it (2.3 in)
        fig.subplots_adjust(left=0.04, right=0.96, bottom=fig.subplotpars.bottom + 2.3 / fig.get_size_inches()[1])
    else:
        fig.subplots_adjust(left=0.05, right=0.95, bottom=fig.subplotpars.bottom + 0.1)
    fit_layout(fig, layout)
    alt, alt_es = (_alt_text(categories, colours, period_end, language) for language in ("en", "es"))
    return spec_with_portrait(
        fig, layout, lambda variant, language: ice_block_map_figure(states, period, events, variant, language), lang,
        alt_text_es=alt_es,
        name="fig02-ice-block-map",
        title=_("What is on record about ICE's Nlets access to state DMV records, by jurisdiction (tile map)"),
        alt_text=alt if lang == "en" else alt_es,
        data=categories,
        source_ids=sources,
        kinds=["derived", "published"],
        bounds_note=note,
        key_numbers=map_key_numbers(categories, states),
        description=_("One row per jurisdiction: its map category on the last day of the disclosure year.")
        + ("" if lang == "en" else " " + _("CSV column names as in the English CSV.")),
    )


def map_key_numbers(categories: pd.DataFrame, states: pd.DataFrame) -> list[dict[str, Any]]:
    """The states Nlets said it knew to block ICE (published), the jurisdictions in each map category of
    ``categories`` (:func:`analysis.findings.access_status.access_categories`, legend order), the licence-for-all jurisdictions and
    those of them the letters reported open (derived).

    >>> from analysis.sources.tables import load_states
    >>> states = load_states()
    >>> numbers = map_key_numbers(access_status.access_categories(states, "2025-09-30"), states)
    >>> [(n["id"], n["value"]) for n in numbers][0], [(n["id"], n["value"]) for n in numbers][-1]
    (('02-states-named-by-nlets-as-blocking', 4), ('02-licence-for-all-states-reported-open', 9))
    """
    day = categories["as_of"].iloc[0]
    events = access_status.events_or_raw()
    named = sorted(set(events.loc[events["event"] == "named_by_nlets", "jurisdiction"]))
    numbers = [key_number(
        "02-states-named-by-nlets-as-blocking",
        lambda lang: key_words(lang, NC_("key-number", "States Nlets said it knew to block ICE (reported "
                                                       "2025-11-12): %(codes)s")) % {"codes": " ".join(named)},
        len(named), str(len(named)), "published")]
    for category in map_colours(categories):
        members = categories.loc[categories["category"] == category, "usps"]
        if members.empty:
            continue
        codes = f": {' '.join(sorted(members))}" if len(members) < 6 else ""
        numbers.append(key_number(
            f"02-jurisdictions-{slug(category)}",
            lambda lang, category=category, codes=codes: key_words(lang, NC_(
                "key-number", "Jurisdictions on %(day)s, %(category)s")) % {
                "day": day, "category": category if lang == "en" else category_es(category)} + codes,
            len(members), str(len(members)), "derived"))
    licence = categories[categories["licence_for_all"]]
    # The letters' "not done" is of 2025-11-12: on an earlier day a recipient has no report, yet was reported open.
    letter = licence["usps"].map(states.set_index("usps")["governor_letter_2025_11_12"]).fillna(False).astype(bool)
    reported_open = licence[licence["status"].eq(ice_access.REPORTED_OPEN)
                            | (letter & licence["status"].eq(ice_access.NO_REPORT))]
    numbers += [
        key_number("02-licence-for-all-jurisdictions",
                   lambda lang: key_words(lang, NC_("key-number", "Jurisdictions that license drivers regardless "
                                                                  "of immigration status (dots; NCSL)")),
                   len(licence), str(len(licence)), "derived"),
        key_number("02-licence-for-all-states-reported-open",
                   lambda lang: key_words(lang, NC_("key-number", "Of them, reported open to ICE by the "
                                                                  "2025-11-12 letters")),
                   len(reported_open), str(len(reported_open)), "derived"),
    ]
    return numbers
