"""Notebook 02's shielded-share chart (residents in the states counted as blocking ICE), its data and key numbers.

Stacked bars of the residents in the states counted as blocking ICE and in the rest, on the last day of the disclosure
year and after the next block.
"""

from __future__ import annotations

import re
import textwrap
from typing import Any

import pandas as pd

from analysis.findings import block_history, comparison_basics, resident_shares
from analysis.publish.figures.spec_parts import key_number, key_words, spec_with_portrait
from analysis.publish.i18n import NC_
from analysis.publish.specs import FigureSpec
from analysis.publish.style import (
    LANDSCAPE, MUTED_TEXT, NEUTRAL, OKABE_ITO, TEXT, Layout, fit_layout, frame, new_figure,
)
from analysis.publish.text.status_sentences import as_of_groups, assumption_sentence
from analysis.publish.figures.words import (
    assumption_words, chart_words, date_words, figure_words, listed, state_name,
)


def _row_assumption_note(row: pd.Series, consequence: str, lang: str = "en") -> str | None:
    """:func:`~analysis.publish.figures.ice_block_map.assumed_blocks_note` from a row of
    :func:`analysis.findings.resident_shares.residents_by_access` (its ``assumed`` and ``assumed_reported_by`` columns),
    so a figure rests on the table it is given."""
    if not str(row["assumed"]):
        return None
    if lang == "en":
        sentence = assumption_sentence(str(row["assumed"]), str(row["as_of"]), str(row["assumed_reported_by"]))
    else:
        sentence = assumption_words(str(row["assumed"]), str(row["as_of"]), str(row["assumed_reported_by"]), lang)
    return f"{sentence} {consequence}"


def _vintages(states: pd.DataFrame, lang: str) -> str:
    """:func:`analysis.findings.resident_shares.vintage_note` in ``lang`` (the Census products named in Spanish)."""
    note = resident_shares.vintage_note(states)
    if lang == "en":
        return note
    _ = figure_words(lang)
    note = re.sub(r"Census PEP Vintage (\d{4}) estimate for", _("Census PEP Vintage %(year)s estimate for")
                  % {"year": r"\1"}, note)
    note = re.sub(r"(\d{4}) Island Areas Census count for", _("%(year)s Island Areas Census count for")
                  % {"year": r"\1"}, note)
    return re.sub(r"\((\d+) jurisdictions\)", _("(%(n)s jurisdictions)") % {"n": r"\1"}, note)


def _joined(end_row: pd.Series, later_row: pd.Series, states: pd.DataFrame,
            lang: str = "en") -> tuple[list[str], str]:
    """The jurisdictions that join the blocking group between two as-of dates, with their names in prose."""
    codes = sorted(set(str(later_row["usps"]).split()) - set(str(end_row["usps"]).split()))
    english = states.set_index("usps")["name"]
    names = listed([state_name(c, english[c], lang) for c in codes], lang) if codes else ""
    return codes, names


def shielded_share_data(shielded: pd.DataFrame) -> pd.DataFrame:
    """The rows the shielded-share chart draws: the blocked and open groups on each as-of date (not ``all``).

    >>> from analysis.sources.tables import load_states
    >>> shielded_share_data(resident_shares.residents_by_access(load_states(), "2025-09-30"))["group"].tolist()
    ['blocked ICE', 'not known to block ICE']
    """
    columns = ["as_of", "group", "jurisdictions", "usps", "assumed", "residents", "share_of_total", "vintages", "kind",
               "source_ids"]
    return shielded.loc[shielded["group"].isin([comparison_basics.BLOCKED, comparison_basics.OPEN]), columns]


def _applied_on(words: str, to_the_day: bool, _: Any, lang: str) -> str:
    """'on 2025-11-18', 'in mid-November 2025' ('a mediados de noviembre de 2025') or 'in 2025-11' ('en 2025-11')."""
    if to_the_day:
        return _("on %(date)s") % {"date": date_words(words, lang)}
    if words.split("-")[0].split(" ")[0] in ("early", "mid", "late"):
        return _("in %(part_of_month)s") % {"part_of_month": date_words(words, lang)}
    return _("in %(date)s") % {"date": date_words(words, lang)}


def shielded_share_figure(shielded: pd.DataFrame, states: pd.DataFrame, layout: Layout = LANDSCAPE,
                          lang: str = "en") -> FigureSpec:
    """Stacked bars of the residents in jurisdictions that had blocked ICE and in the rest, one bar per as-of date
    of ``shielded`` (:func:`analysis.findings.resident_shares.residents_by_access` on the end of the disclosure year and, when one
    followed, on the next block's date). Everything drawn and written comes from ``shielded``. Drawn in ``layout``;
    the landscape call adds the portrait variant (the labels stacked above each bar) and the Spanish chart (``lang``
    ``es``: the same numbers, its text from the catalog)."""
    _ = figure_words(lang)
    end, later = as_of_groups(shielded)
    blocked_row, open_row = end.loc[comparison_basics.BLOCKED], end.loc[comparison_basics.OPEN]
    later_blocked = later.loc[comparison_basics.BLOCKED]
    joined, joined_names = _joined(blocked_row, later_blocked, states, lang)
    two_dates = later_blocked["as_of"] != blocked_row["as_of"]

    fig, ax = new_figure(layout.width_in, 5.6 if two_dates else 4.4)
    order = list(reversed(list(dict.fromkeys(shielded["as_of"]))))
    plot = shielded[shielded["group"].isin([comparison_basics.BLOCKED, comparison_basics.OPEN])].copy()
    plot["share_pct"] = plot["share_of_total"] * 100
    step = 2.2 if layout.portrait else 1
    for i, day in enumerate(order):
        y = i * step
        blocked = plot[(plot["as_of"] == day) & (plot["group"] == comparison_basics.BLOCKED)].iloc[0]
        rest = plot[(plot["as_of"] == day) & (plot["group"] == comparison_basics.OPEN)].iloc[0]
        ax.barh(y, blocked["share_pct"], color=OKABE_ITO["blue"], height=0.5)
        ax.barh(y, rest["share_pct"], left=blocked["share_pct"], color=NEUTRAL, height=0.5)
        values = {"usps": blocked["usps"] or _("none"), "share": f"{blocked['share_pct']:.1f}%",
                  "millions": f"{blocked['residents'] / 1e6:.1f}"}
        blocked_words = _("counted as blocking ICE (%(usps)s): %(share)s, %(millions)s million") % values
        rest_words = _("not known to block: %(share)s") % {"share": f"{rest['share_pct']:.1f}%"}
        if layout.portrait:  # date, then the two groups, stacked above the bar
            ax.text(0, y + 0.3, _("As of %(day)s") % {"day": day}, va="bottom", ha="left", fontsize=layout.label_pt,
                    fontweight="bold", color=TEXT)
            ax.text(0, y - 0.3, _("blocking ICE (%(usps)s):\n%(share)s, %(millions)s million") % values, va="top",
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
        ax.set_yticks(range(len(order)), [_("as of %(day)s") % {"day": d} for d in order])
        ax.set_ylim(-0.5, len(order) - 0.2)
    ax.set_xlim(0, 100)
    label = _("share of U.S. residents, 50 states and DC (%)")
    ax.set_xlabel(textwrap.fill(label, 30) if layout.portrait and lang != "en" else label)  # Spanish: longer
    # the rows drawn: the territories are shown beside the totals in the tables, not in this figure
    sources = comparison_basics.source_id_list([shielded[shielded["group"] != "territories"]])
    note = _row_assumption_note(blocked_row, _("If a block began later, fewer residents were shielded on that day."),
                                lang)
    n_blocked = int(blocked_row["jurisdictions"])
    whose = ((_("%(names)s's block") if len(joined) == 1 else _("the blocks of %(names)s")) % {"names": joined_names}
             if joined else "")
    texts = block_history.dated_block_texts()
    applied = listed([_applied_on(*texts[c], _, lang) for c in joined if c in texts], lang)
    after = ((_(" and after %(whose)s (applied %(applied)s; shown on %(day)s)")
              % {"whose": whose, "applied": applied or _("later"), "day": later_blocked["as_of"]}) if whose
             else _(" and on %(day)s") % {"day": later_blocked["as_of"]} if two_dates else "")
    states_word = _("state") if n_blocked == 1 else _("states")
    title = (_("%(share)s of U.S. residents live in the %(n)s %(states)s counted as blocking ICE")
             % {"share": f"{blocked_row['share_of_total']:.1%}", "n": n_blocked, "states": states_word} if n_blocked
             else _("No state is known to have blocked ICE at the end of the disclosure year"))
    frame(
        fig,
        title=title,
        subtitle=_("Residents of the 50 states and DC in the states counted as blocking ICE's Nlets DMV queries "
                   "(%(usps)s) and in the rest, at the end of the disclosure year%(after)s. Territories are not in "
                   "the totals.") % {"usps": blocked_row["usps"] or _("none"), "after": after},
        source_ids=sources,
        note=_("Residents, not licence holders: no licensed-driver count is sourced. Populations: %(vintages)s.")
        % {"vintages": _vintages(comparison_basics.us_residents(states), lang)},
        bounds_note=note,
        kinds=["derived"],
        layout=layout,
        # the Spanish texts run longer: the figure grows with them, so the bars keep their room
        plot_height_in=(1.6 + 1.3 * len(order)) if layout.portrait else None if lang == "en" else 0.3 + 0.6 * len(order),
        lang=lang,
    )
    fig.subplots_adjust(left=0.07 if layout.portrait else 0.2)
    if layout.portrait and lang != "en":  # room for the axis label's second line
        fig.subplots_adjust(bottom=fig.subplotpars.bottom + 0.2 / fig.get_size_inches()[1])
    fit_layout(fig, layout)
    alt, alt_es = (_shielded_alt(len(order), blocked_row, open_row, later_blocked, states, language)
                   for language in ("en", "es"))
    return spec_with_portrait(
        fig, layout, lambda variant, language: shielded_share_figure(shielded, states, variant, language), lang,
        alt_text_es=alt_es,
        name="fig02-shielded-share",
        title=_("Share of U.S. residents in the states counted as blocking ICE's Nlets DMV queries"),
        alt_text=alt if lang == "en" else alt_es,
        data=shielded_share_data(shielded),
        source_ids=sources,
        kinds=["derived"],
        bounds_note=note,
        key_numbers=shielded_key_numbers(shielded, states),
        description=_("Residents of the 50 states and DC counted as blocking ICE (by the status rule of "
                      "analysis.sources.ice_access) vs the rest; territories are not in the totals.")
        + ("" if lang == "en" else " " + _("CSV column names as in the English CSV.")),
    )


def _shielded_alt(bars: int, blocked_row: pd.Series, open_row: pd.Series, later_blocked: pd.Series,
                  states: pd.DataFrame, lang: str) -> str:
    """The chart's alt text in ``lang``: the share and residents counted as blocking on each as-of date."""
    _ = figure_words(lang)
    pgettext = chart_words(lang)
    joined, joined_names = _joined(blocked_row, later_blocked, states, lang)
    alt = (_("%(n)s stacked bar of the residents of the 50 states and DC.") if bars == 1 else
           _("%(n)s stacked bars of the residents of the 50 states and DC.")) % {"n": bars}
    alt += " " + _("As of %(day)s, %(share)s (%(millions)s million) lived in %(usps)s counted as blocking ICE"
                   "%(basis)s; %(open)s lived in states not known to block ICE.") % {
        "day": blocked_row["as_of"], "share": f"{blocked_row['share_of_total'] * 100:.1f}%",
        "millions": f"{blocked_row['residents'] / 1e6:.1f}", "usps": blocked_row["usps"] or pgettext("chart", "no state"),
        "basis": (" " + _("(an assumption: their blocks were reported later)")) if str(blocked_row["assumed"]) else "",
        "open": f"{open_row['share_of_total'] * 100:.1f}%"}
    if joined:
        alt += " " + _("As of %(day)s, with %(names)s, the share counted as blocking is %(share)s.") % {
            "day": later_blocked["as_of"], "names": joined_names,
            "share": f"{later_blocked['share_of_total'] * 100:.1f}%"}
    return alt

def shielded_key_numbers(shielded: pd.DataFrame, states: pd.DataFrame) -> list[dict[str, Any]]:
    """Residents and share in the jurisdictions that had blocked ICE at the end of the disclosure year, the share
    left open, and the residents and share after the next block, from ``shielded`` (all derived, exact).

    >>> from analysis.sources.tables import load_states
    >>> states = load_states()
    >>> shielded = pd.concat([resident_shares.residents_by_access(states, d) for d in ("2025-09-30", "2025-11-18")])
    >>> [(n["id"], n["formatted"]) for n in shielded_key_numbers(shielded, states)][1]
    ('02-residents-in-blocking-states-share', '13.4%')
    """
    end, later = as_of_groups(shielded)
    blocked, open_, after = end.loc[comparison_basics.BLOCKED], end.loc[comparison_basics.OPEN], later.loc[comparison_basics.BLOCKED]
    joined, _names = _joined(blocked, after, states)
    n_open = int(open_["jurisdictions"])

    def residents_label(row: pd.Series, lang: str) -> str:
        pgettext = chart_words(lang)
        codes = row["usps"] or pgettext("key-number", "none")
        return pgettext("key-number", "Residents of the states counted as blocking ICE (%(codes)s), as of %(day)s") % {
            "codes": codes, "day": row["as_of"]}

    def share_label(row: pd.Series, lang: str) -> str:
        return key_words(lang, NC_("key-number", "Share of U.S. residents in those jurisdictions, as of "
                                                 "%(day)s")) % {"day": row["as_of"]}

    def open_label(lang: str) -> str:
        pgettext = chart_words(lang)
        template = (pgettext("key-number", "Share of U.S. residents in the %(n)s jurisdiction not known to block ICE, "
                                           "as of %(day)s") if n_open == 1 else
                    pgettext("key-number", "Share of U.S. residents in the %(n)s jurisdictions not known to block ICE, "
                                           "as of %(day)s"))
        return template % {"n": n_open, "day": open_["as_of"]}

    numbers = [
        key_number("02-residents-in-blocking-states", lambda lang: residents_label(blocked, lang),
                   int(blocked["residents"]), f"{int(blocked['residents']):,}", "derived"),
        key_number("02-residents-in-blocking-states-share", lambda lang: share_label(blocked, lang),
                   float(blocked["share_of_total"]), f"{blocked['share_of_total']:.1%}", "derived"),
        key_number("02-residents-not-known-to-block-share", open_label,
                   float(open_["share_of_total"]), f"{open_['share_of_total']:.1%}", "derived"),
    ]
    if joined:
        suffix = f"after-{'-'.join(c.lower() for c in joined)}-block"
        numbers += [
            key_number(f"02-residents-in-blocking-states-{suffix}",
                       lambda lang: f"{residents_label(after, lang)} ({_joined(blocked, after, states, lang)[1]})",
                       int(after["residents"]), f"{int(after['residents']):,}", "derived"),
            key_number(f"02-residents-in-blocking-states-share-{suffix}", lambda lang: share_label(after, lang),
                       float(after["share_of_total"]), f"{after['share_of_total']:.1%}", "derived"),
        ]
    return numbers
