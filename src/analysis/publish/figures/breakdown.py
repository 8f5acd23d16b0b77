"""Notebook 01's figures: the share waffle and the daily rates, each returning the keyword arguments for
:func:`analysis.publish.export_figures.export_figure`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.patches import Rectangle
from matplotlib.ticker import MaxNLocator, StrMethodFormatter

from analysis.publish.specs import FigureSpec
from analysis.findings.breakdown import FLIP_BOUND, breakdown_table, sum_bound, waffle_squares  # noqa: F401 (doctests)
from analysis.publish.figures.words import figure_words, with_bound
from analysis.publish.prose import format_number, format_share
from analysis.publish.style import GROUP_COLOURS, LANDSCAPE, NEUTRAL, PORTRAIT, TEXT, Layout, fit_layout, frame, new_figure
from analysis.publish.text import spanish as es
from analysis.publish.text.qualifiers import published_words
from analysis.publish.text.breakdown import bounds_note, key_numbers, period_words, published_as, sources_of


def _breakdown_figure(
    draw: Callable[[pd.DataFrame, Layout, str], FigureSpec], table: pd.DataFrame, layout: Layout, lang: str,
    **fields: Any
) -> FigureSpec:
    """A figure of the breakdown table: derived from and citing its published numbers; the landscape call adds the
    portrait variant, drawn by the same ``draw``, and the English landscape call the Spanish chart."""
    translations = () if layout.portrait or lang != "en" else (draw(table, LANDSCAPE, "es"),)
    return FigureSpec(portrait=None if layout.portrait else draw(table, PORTRAIT, lang).fig,
                      source_ids=sources_of(table), kinds=["derived", "published"], language=lang,
                      translations=translations, **fields)


def _group(group: str, lang: str) -> str:
    """A requester group's name in ``lang`` (the agencies' acronyms as they are)."""
    _ = figure_words(lang)
    return {"All other requesters": _("All other requesters"), "All requesters": _("All requesters")}.get(group, group)


def _period(table: pd.DataFrame, lang: str) -> str:
    """The table's period in words: 'Oct. 1, 2024, to Sept. 30, 2025' or 'del 1 de octubre de 2024 al …'."""
    return period_words(table) if lang == "en" else es.periodo(table["period_start"].iloc[0],
                                                                table["period_end"].iloc[0])


def _bounds_note(table: pd.DataFrame, lang: str) -> str:
    """:func:`analysis.publish.text.breakdown.bounds_note` in ``lang``."""
    if lang == "en":
        return bounds_note(table)
    _ = figure_words(lang)
    if table.set_index("group").loc["All requesters", "bound"] == "exact":
        return _("All numbers are exact or derived from exact published counts.")
    return (_('The total was published as "%(published)s", a floor: counts for all other requesters are at least '
              'the figure shown; ICE and HSI shares are at most the figure shown.')
            % {"published": published_as_words(table, lang)})


def published_as_words(table: pd.DataFrame, lang: str = "en") -> str:
    """The total as the source put it, in ``lang`` (the words around the number from the catalog, msgctxt "chart").

    >>> published_as_words(breakdown_table()), published_as_words(breakdown_table(), "es")
    ('over 290 million', 'más de 290 millones')
    """
    if lang == "en":
        return published_as(table)
    total = table.set_index("group").loc["All requesters"]
    return published_words(es.millones(int(total["count"])), total["bound"], lang)


def _waffle_alt(table: pd.DataFrame, squares: pd.DataFrame, lang: str = "en") -> str:
    """The waffle's alt text in ``lang``. One ``<img>`` serves the wide chart and the phone's, so it gives the
    numbers per 10,000 queries (what both draw) and says how each draws them."""
    _ = figure_words(lang)
    t = table.set_index("group")
    ice, hsi, other = (t.loc[g] for g in ("ICE", "HSI", "All other requesters"))

    def share_of(r: pd.Series) -> str:
        return with_bound(format_share(r["share_of_total"], r["share_bound"]), r["share_bound"], lang)

    alt = _("Squares standing for the DMV queries made through Nlets from %(period)s, per 10,000 queries: "
            "%(ice_n)s of every 10,000 are ICE's (%(ice)s queries, %(ice_share)s of all) and the next %(hsi_n)s "
            "HSI's (%(hsi)s queries, %(hsi_share)s); the other %(other_n)s, grey, are all other requesters' "
            "(%(other)s queries). The wide chart draws all 10,000 squares, ICE's and HSI's in the top-left corner; "
            "the narrow one draws 100 squares of 1 in 100 and enlarges the first into 100 squares of 1 in 10,000, "
            "ICE's and HSI's first.") % {
        "period": _period(table, lang), "ice_n": f"{squares.loc[0, 'squares']:,}",
        "ice": f"{int(ice['count']):,}", "ice_share": share_of(ice), "hsi_n": f"{squares.loc[1, 'squares']:,}",
        "hsi": f"{int(hsi['count']):,}", "hsi_share": share_of(hsi), "other_n": f"{squares.loc[2, 'squares']:,}",
        "other": with_bound(format_number(other["count"]), other["bound"], lang)}
    if t.loc["All requesters", "bound"] == "at least":
        alt += " " + (_("Because the total was published only as %(published)s, the ICE and HSI shares are ceilings.")
                      % {"published": f'"{published_as_words(table, lang)}"'})
    return alt


def _draw_waffle(ax, image: np.ndarray, squares: pd.DataFrame, t: pd.DataFrame, colours: list[str],
                 lang: str = "en") -> None:
    """The landscape waffle: 100 × 100 squares, labels to the right, the coloured runs named above them."""
    _ = figure_words(lang)
    side = 100
    ax.imshow(image, interpolation="nearest", extent=(0, side, side, 0))
    ax.set_axis_off()
    ax.set_anchor("W")
    ax.set_position([0.05, ax.get_position().y0, 0.62, ax.get_position().height])
    for i, group in enumerate(squares["group"]):
        r = t.loc[group]
        share = with_bound(format_share(r["share_of_total"], r["share_bound"]), r["share_bound"], lang)
        queries = with_bound(f"{int(r['count']):,}", r["bound"], lang)
        label = _("%(group)s\n%(queries)s queries\n%(share)s of all") % {"group": _group(group, lang),
                                                                         "queries": queries, "share": share}
        y = 8 + i * 16
        ax.text(104, y, label, color=TEXT, fontsize=10, va="top",
                fontweight="bold" if group != "All other requesters" else "normal")
        ax.add_patch(Rectangle((101, y - 0.2), 2, 2, color=colours[i], clip_on=False))
    # Name the coloured runs right above them: they are too small to find otherwise.
    # A name starts over its run, or just after the name before it where the runs are narrower than the names.
    start, free = 0, 0.0
    renderer = ax.figure.canvas.get_renderer()
    ax.apply_aspect()  # the square grid's final place, so the names are measured where they are drawn
    for i, group in enumerate(squares["group"][:2]):
        width = int(squares.loc[i, "squares"])
        ax.plot([start + 0.1, start + width - 0.1], [-1.2, -1.2], color=colours[i], lw=2, clip_on=False,
                solid_capstyle="butt")
        name = ax.text(max(start, free), -2.2, f"{group} ({width})", color=colours[i], fontsize=LANDSCAPE.min_pt,
                       fontweight="bold", ha="left", va="bottom")
        right = name.get_window_extent(renderer).x1
        free = ax.transData.inverted().transform((right, 0))[0] + 2
        start += width
    ax.set_xlim(0, side)
    ax.set_ylim(side, 0)


def _draw_share_zoom(ax, squares: pd.DataFrame, t: pd.DataFrame, colours: list[str], layout: Layout,
                     lang: str = "en") -> None:
    """The portrait share graphic: 100 squares of 1 in 100 queries, the first enlarged into 100 squares of 1 in
    10,000 (ICE's and HSI's squares first), then each group's queries and share in words."""
    _ = figure_words(lang)
    grey = colours[2]
    for k in range(100):  # the whole: each square 1 in 100 queries
        row, col = divmod(k, 10)
        ax.add_patch(Rectangle((col * 0.5, row * 0.5), 0.42, 0.42, facecolor=grey if k else "white",
                               edgecolor=TEXT if k == 0 else "none", linewidth=1.2))
    ax.text(5.6, 0.0, _("All DMV queries:\n1 square = 1 in 100.\nThe first one,\nenlarged below:"), va="top",
            ha="left", fontsize=layout.label_pt, color=TEXT)
    top = 6.6
    for x0, x1 in ((0, 0), (0.42, 10)):
        ax.plot([x0, x1], [0.42, top], color=NEUTRAL, linewidth=0.8)
    codes = np.repeat(np.arange(len(squares)), squares["squares"].clip(upper=100).to_numpy())[:100]
    for k, code in enumerate(codes):  # the first 100 of 10,000: ICE, then HSI, then the rest
        row, col = divmod(k, 10)
        ax.add_patch(Rectangle((col + 0.06, top + row + 0.06), 0.88, 0.88, facecolor=colours[code], edgecolor="none"))
    ax.add_patch(Rectangle((0, top), 10, 10, facecolor="none", edgecolor=TEXT, linewidth=1.2))
    y = top + 10.7
    for i, group in enumerate(squares["group"]):
        r = t.loc[group]
        share = with_bound(format_share(r["share_of_total"], r["share_bound"]), r["share_bound"], lang)
        queries = with_bound(f"{int(r['count']):,}", r["bound"], lang)
        n = int(squares.loc[i, "squares"])
        ax.add_patch(Rectangle((0, y + 0.1), 0.8, 0.8, facecolor=colours[i], edgecolor="none"))
        words = (_("%(group)s\n%(n)s square of 10,000\n%(queries)s queries\n%(share)s of all") if n == 1 else
                 _("%(group)s\n%(n)s squares of 10,000\n%(queries)s queries\n%(share)s of all"))
        ax.text(1.2, y, words % {"group": _group(group, lang), "n": f"{n:,}", "queries": queries, "share": share},
                va="top", ha="left", fontsize=layout.label_pt, color=TEXT, linespacing=1.2,
                fontweight="bold" if group != "All other requesters" else "normal")
        y += 3.3
    ax.set_xlim(-0.1, 10.1)
    ax.set_ylim(y - 0.6, -0.2)
    ax.set_aspect("equal")
    ax.set_axis_off()
    ax.set_anchor("N")
    ax.figure.subplots_adjust(left=0.06, right=0.94)


def share_waffle_figure(table: pd.DataFrame, layout: Layout = LANDSCAPE, lang: str = "en") -> FigureSpec:
    """Keyword arguments for :func:`analysis.publish.export_figures.export_figure`: a 100 × 100 waffle where each
    square is one in 10,000 DMV queries, ICE and HSI squares coloured, with the numbers drawn as ``data``.

    On a phone 10,000 squares are specks, so the portrait variant (added by the landscape call) is a share graphic
    in two steps: 100 squares of 1 in 100 queries, then the first of them enlarged into 100 squares of 1 in 10,000,
    where ICE's and HSI's squares are counted out large. The English landscape call adds the Spanish chart (``lang``
    ``es``), its text from the catalog."""
    _ = figure_words(lang)
    squares = waffle_squares(table)
    side = 100
    codes = np.repeat(np.arange(len(squares)), squares["squares"].to_numpy())  # ICE first, then HSI, then others
    colours = [GROUP_COLOURS[g] for g in squares["group"]]

    # 4×4 pixels per square with a white gutter: crisp squares at any zoom, one small raster in SVG/PDF.
    cell = 5
    rgb = np.array([[int(c[i:i + 2], 16) for i in (1, 3, 5)] for c in colours], dtype=np.uint8)
    image = np.full((side * cell, side * cell, 3), 255, dtype=np.uint8)
    for index, code in enumerate(codes):
        row, col = divmod(index, side)
        image[row * cell:row * cell + cell - 1, col * cell:col * cell + cell - 1] = rgb[code]

    t = table.set_index("group")
    note = _bounds_note(table, lang) + " " + _("Squares are rounded to whole units.")
    fig, ax = new_figure(layout.width_in, 8.2)
    frame(
        fig,
        title=_("ICE and HSI made a sliver of the DMV queries that passed through Nlets"),
        subtitle=(_("DMV queries made through Nlets, %(period)s: 100 squares of 1 in 100, the first enlarged into 100 "
                    "squares of 1 in 10,000") if layout.portrait else
                  _("Each square is 1 in every 10,000 DMV queries made through Nlets, %(period)s"))
        % {"period": _period(table, lang)},
        source_ids=sources_of(table),
        bounds_note=note,
        layout=layout,
        plot_height_in=7.9 if layout.portrait else None,
        lang=lang,
    )
    if layout.portrait:
        _draw_share_zoom(ax, squares, t, colours, layout, lang)
    else:
        _draw_waffle(ax, image, squares, t, colours, lang)
    fit_layout(fig, layout)

    alt = _waffle_alt(table, squares)
    data = squares.assign(
        colour=colours,
        share_of_total=squares["group"].map(t["share_of_total"]).to_numpy(),
    )
    alt_es = _waffle_alt(table, squares, "es")
    return _breakdown_figure(
        share_waffle_figure, table, layout, lang,
        fig=fig,
        alt_text_es=alt_es,
        name="fig01-ice-hsi-share-per-10000",
        title=_("ICE and HSI made a sliver of the DMV queries that passed through Nlets (per 10,000 queries)"),
        alt_text=alt if lang == "en" else alt_es,
        data=data,
        bounds_note=note,
        key_numbers=key_numbers(table, ["ICE", "HSI"], "share"),
        description=_("Unit chart: ICE and HSI against all DMV queries through Nlets, per 10,000 queries.")
        + _csv_note(lang),
        column_descriptions={
            "group": "requester group", "squares": "squares drawn (whole units, largest remainder)",
            "exact_per_10000": "exact queries per 10,000 (before rounding to squares)",
            "bound": "bound of exact_per_10000", "queries": "queries in the period",
            "queries_per_square": "queries one square stands for at the published floor",
            "colour": "fill colour", "share_of_total": "count / published total",
        },
    )


def _csv_note(lang: str) -> str:
    """What the Spanish chart's description adds: its CSV is the English one."""
    return "" if lang == "en" else " " + figure_words(lang)("CSV column names as in the English CSV.")


def _rates_alt(table: pd.DataFrame, rates: pd.DataFrame, groups: list[str], total: pd.Series, ratio: float,
               ratio_bound: str, lang: str) -> str:
    """The daily-rates chart's alt text in ``lang``: each bar's rate a day and an hour, and the all-requesters rate
    given as a note."""
    _ = figure_words(lang)
    bars = "; ".join(_("%(group)s: %(per_day)s a day (%(per_hour)s an hour)")
                     % {"group": g, "per_day": format_number(rates.loc[g, "per_day"], 0),
                        "per_hour": format_number(rates.loc[g, "per_hour"], 0)} for g in groups)
    return (_("Horizontal bar chart of average DMV queries per day through Nlets, %(period)s: %(bars)s. All requesters "
              "together averaged %(per_day)s a day, %(ratio)s times the ICE and HSI bar, so it is given as a note "
              "rather than drawn.")
            % {"period": _period(table, lang), "bars": bars,
               "per_day": with_bound(format_number(total["per_day"], 0, total["bound"]), total["bound"], lang),
               "ratio": with_bound(format_number(ratio, 0, ratio_bound), ratio_bound, lang)})

def daily_rates_figure(table: pd.DataFrame, layout: Layout = LANDSCAPE, lang: str = "en") -> FigureSpec:
    """Keyword arguments for :func:`analysis.publish.export_figures.export_figure`: ICE, HSI and ICE + HSI queries
    per day (bars, labelled with the per-hour rate), with the all-requesters rate as an annotation because its bar
    would be over 300 times longer. Drawn in ``layout``; the landscape call adds the portrait variant (labels above
    the bars) and the Spanish chart (``lang`` ``es``)."""
    _ = figure_words(lang)
    t = table.set_index("group")
    groups = ["ICE", "HSI", "ICE + HSI"]
    rates = t.loc[groups]
    total = t.loc["All requesters"]
    ratio = total["per_day"] / rates.loc["ICE + HSI", "per_day"]
    ratio_bound = sum_bound(total["bound"], FLIP_BOUND[rates.loc["ICE + HSI", "bound"]])  # floor ÷ exact = floor
    together = {"per_day": with_bound(format_number(total["per_day"], 0, total["bound"]), total["bound"], lang),
                "ratio": with_bound(format_number(ratio, 0, ratio_bound), ratio_bound, lang)}
    note = ((_("All requesters together: %(per_day)s a day, %(ratio)s times the ICE + HSI bar (too long to draw on "
               "this scale; the published total is a floor).") if total["bound"] == "at least" else
             _("All requesters together: %(per_day)s a day, %(ratio)s times the ICE + HSI bar (too long to draw on "
               "this scale).")) % together
            + " " + _("ICE + HSI adds two reported counts; the disclosure does not say whether they overlap."))

    fig, ax = new_figure(layout.width_in, 5.2)
    frame(
        fig,
        title=_("ICE ran about %(ice)s DMV queries a day through Nlets, HSI about %(hsi)s")
        % {"ice": format_number(rates.loc["ICE", "per_day"]), "hsi": format_number(rates.loc["HSI", "per_day"])},
        subtitle=_("Average queries per day, %(period)s") % {"period": _period(table, lang)},
        source_ids=sources_of(table),
        bounds_note=note,
        layout=layout,
        plot_height_in=3.4 if layout.portrait else None,
        lang=lang,
    )
    y = np.arange(len(groups))[::-1] * (1.6 if layout.portrait else 1)
    ax.barh(y, rates["per_day"], color=[GROUP_COLOURS[g] for g in groups], height=0.6)
    ax.tick_params(axis="y", length=0, labelsize=11)
    ax.spines["left"].set_visible(False)
    ax.set_xlabel(_("DMV queries per day (average)"))
    ax.xaxis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))
    for yy, (group, r) in zip(y, rates.iterrows()):
        words = _("%(n)s a day") % {"n": format_number(r["per_day"], 0, r["bound"])}
        hour = _("(%(n)s an hour)") % {"n": format_number(r["per_hour"], 0, r["bound"])}
        if layout.portrait:  # the group's name and rate above its bar: no room beside it
            ax.text(0, yy + 0.4, f"{group}: {words} {hour}", va="bottom", ha="left", fontsize=layout.label_pt,
                    color=TEXT)
        else:
            ax.text(r["per_day"] + rates["per_day"].max() * 0.01, yy, f"{words}\n{hour}", va="center", fontsize=10,
                    color=TEXT)
    if layout.portrait:
        ax.set_yticks([])
        ax.set_ylim(y.min() - 0.5, y.max() + 1.1)
        ax.xaxis.set_major_locator(MaxNLocator(3))
        fig.subplots_adjust(left=0.07, right=0.93)
    else:
        ax.set_yticks(y, groups)
    ax.set_xlim(0, rates["per_day"].max() * (1.05 if layout.portrait else 1.3))
    ax.grid(axis="x", color=NEUTRAL, lw=0.5)
    ax.set_axisbelow(True)

    alt, alt_es = (_rates_alt(table, rates, groups, total, ratio, ratio_bound, language) for language in ("en", "es"))
    drawn = table.loc[table["group"].isin(groups + ["All requesters"]), ["group", "count", "per_day", "per_hour", "bound", "days"]]
    data = drawn.assign(drawn_as=np.where(drawn["group"] == "All requesters", "note", "bar")).reset_index(drop=True)
    fit_layout(fig, layout)
    return _breakdown_figure(
        daily_rates_figure, table, layout, lang,
        fig=fig,
        alt_text_es=alt_es,
        name="fig01-daily-query-rates",
        title=_("ICE and HSI DMV queries per day through Nlets"),
        alt_text=alt if lang == "en" else alt_es,
        data=data,
        bounds_note=note,
        key_numbers=key_numbers(table, ["ICE", "HSI", "All requesters"], "per_day"),
        description=_("Bar chart of average queries per day by ICE, HSI and both; all requesters given as a note.")
        + _csv_note(lang),
        column_descriptions={
            "group": "requester group", "count": "queries in the period", "per_day": "queries per day (average)",
            "per_hour": "queries per hour (average)", "bound": "bound of count and rates", "days": "days in the period",
            "drawn_as": "bar, or a note on the figure",
        },
    )
