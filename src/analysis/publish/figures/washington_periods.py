"""Notebook 02's periods chart of one state's federal query count beside the national ICE/HSI counts, and its numbers.

The two counts cover different periods and agencies: the chart shows their periods so that no one divides one by the
other.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from typing import Any

import pandas as pd

from analysis.findings import access_status, block_history, comparison_basics, rates_per_100k
from analysis.findings import state_figures  # noqa: F401 (the doctests use it)
from analysis.publish.figures.spec_parts import Period, key_number, key_words, spec_with_portrait
from analysis.publish.specs import FigureSpec
from analysis.publish.style import LANDSCAPE, OKABE_ITO, TEXT, Layout, fit_layout, frame, new_figure
from analysis.publish.figures.block_timeline import applied_label
from analysis.publish.figures.words import date_words, figure_words, state_name
from analysis.publish.i18n import LOCALES, NC_
from babel.dates import format_skeleton


def washington_periods_data(wa: pd.DataFrame, rates: pd.DataFrame, period: Period | None = None) -> pd.DataFrame:
    """The two periods of the periods chart (lines, not bars): the national ICE/HSI counts (``rates``) over
    ``period`` (default: the disclosure year) and the state's federal query count (first row of ``wa``) over its
    own period.

    >>> from analysis.sources.tables import load_state_level_figures, load_states
    >>> states = load_states()
    >>> wa = state_figures.state_figure_rates(load_state_level_figures(), states)
    >>> data = washington_periods_data(wa, rates_per_100k.queries_per_100k_open(states))
    >>> data[["period_start", "period_end"]].values.tolist()
    [['2024-10-01', '2025-09-30'], ['2025-01-01', '2025-11-30']]
    """
    bars = _washington_bars(wa, rates, period)
    return pd.DataFrame(
        [{"series": b[0], "period_start": f"{b[1]:%Y-%m-%d}", "period_end": f"{b[2]:%Y-%m-%d}", "what": b[3]}
         for b in bars]
    ).assign(kind="published", source_ids=[";".join(comparison_basics.source_id_list([rates])),
                                           ";".join(comparison_basics.source_id_list([wa]))])


def _washington_bars(
    wa: pd.DataFrame, rates: pd.DataFrame, period: Period | None, lang: str = "en"
) -> list[tuple[str, pd.Timestamp, pd.Timestamp, str, str]]:
    """(label, start, end, text on the bar, colour) for the national counts and the state's count, in ``lang``."""
    _ = figure_words(lang)
    period_start, period_end = period or comparison_basics.disclosure_period()
    w = wa.iloc[0]
    name = state_name(w["state"], w["name"], lang)
    ice_q, hsi_q = (rates.set_index("agency").loc[a, "queries"] for a in ("ICE", "HSI"))
    return [
        (_("National disclosure (all states)"), period_start, period_end,
         _("ICE %(ice)s and HSI %(hsi)s queries") % {"ice": f"{ice_q:,}", "hsi": f"{hsi_q:,}"}, OKABE_ITO["vermillion"]),
        (_("%(name)s DOL data (one state)") % {"name": name}, pd.Timestamp(w["period_start"]),
         pd.Timestamp(w["period_end"]),
         _("%(n)s queries by all federal agencies") % {"n": f"{w['queries']:,}"}, OKABE_ITO["blue"]),
    ]


def _wrapped(text: str, width: int, lang: str) -> str:
    """``text`` as drawn: the English as written, the Spanish (longer) wrapped at ``width`` characters."""
    return text if lang == "en" else textwrap.fill(text, width)


def _month_tick(day: pd.Timestamp, lang: str) -> str:
    """A tick's month and year: 'Oct 2024', or Babel's es-US 'oct 2024'.

    >>> _month_tick(pd.Timestamp("2024-10-01"), "es"), _month_tick(pd.Timestamp("2024-10-01"), "en")
    ('oct 2024', 'Oct 2024')
    """
    if lang == "en":
        return f"{day:%b %Y}"
    return format_skeleton("MMMy", day.date(), locale=LOCALES[lang]).replace(".", "")


def _periods_alt(w: pd.Series, ice_q: int, hsi_q: int, period: Period, cut_words: str | None, to_the_day: bool,
                 lang: str) -> str:
    """The chart's alt text in ``lang``: the two periods, and what marks the day (a dashed line) or the month (a
    shaded band) ICE was cut off, when it was."""
    _ = figure_words(lang)
    name = state_name(w["state"], w["name"], lang)
    alt = _("Two lines on a time axis, one per period. The national ICE (%(ice)s) and HSI (%(hsi)s) counts cover "
            "%(start)s to %(end)s. %(name)s's %(queries)s queries by all federal agencies cover %(state_start)s to "
            "%(state_end)s.") % {
        "ice": f"{ice_q:,}", "hsi": f"{hsi_q:,}", "start": f"{period[0]:%Y-%m-%d}", "end": f"{period[1]:%Y-%m-%d}",
        "name": name, "queries": f"{w['queries']:,}", "state_start": w["period_start"], "state_end": w["period_end"]}
    if cut_words is None:
        return alt
    cut = (_("A dashed line marks the day ICE's Nlets access to %(name)s's records was cut, %(date)s.") if to_the_day
           else _("A shaded band marks the month in which ICE's Nlets access to %(name)s's records was cut, %(date)s "
                  "(the day is not published)."))
    return alt + " " + cut % {"name": name, "date": date_words(cut_words, lang)}


def washington_periods_figure(
    wa: pd.DataFrame, states: pd.DataFrame, rates: pd.DataFrame, period: Period | None = None,
    layout: Layout = LANDSCAPE, lang: str = "en",
) -> FigureSpec:
    """The periods of the national ICE/HSI counts (``rates``, over ``period``, default the disclosure year) and of
    the one state's federal query count (first row of ``wa``), with the state's block date, so that no one divides
    one count by the other. Each period is a thin line from its first to its last day (a time span, not a bar whose
    length could be read as a count); the counts are words above the lines. Drawn in ``layout``; the landscape call
    adds the portrait variant, and the English one the Spanish chart (``lang`` ``es``)."""
    _ = figure_words(lang)
    period_start, period_end = period or comparison_basics.disclosure_period()
    w = wa.iloc[0]
    name = state_name(w["state"], w["name"], lang)
    starts = block_history.dated_block_starts()
    cut = starts.get(w["state"], pd.NaT)
    cut_words, cut_day = block_history.dated_block_texts().get(w["state"], ("", True))
    ice_q, hsi_q = (rates.set_index("agency").loc[a, "queries"] for a in ("ICE", "HSI"))
    bars = _washington_bars(wa, rates, (period_start, period_end), lang)
    cut_shown = date_words(cut_words, lang)

    fig, ax = new_figure(layout.width_in, 5.2)
    size = layout.label_pt if layout.portrait else 9
    for y, (label, start, end, text, colour) in enumerate(reversed(bars)):
        ax.plot([start, end], [y, y], color=colour, linewidth=2.5, solid_capstyle="butt", gid="period")
        ax.plot([start, end], [y, y], linestyle="none", marker="|", markersize=14, markeredgewidth=2.5, color=colour)
        words = textwrap.fill(f"{label}: {text}", 34 if lang == "en" else 30) if layout.portrait else text
        x = min(b[1] for b in bars) - pd.DateOffset(months=1) if layout.portrait else start
        ax.text(x, y + 0.12, words, va="bottom", ha="left", fontsize=size, color=colour, linespacing=1.2,
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 1.5} if layout.portrait else None,
                zorder=3)
    if pd.notna(cut):
        if cut_day:
            ax.axvline(cut, color=TEXT, linewidth=1, linestyle=(0, (3, 2)))
        else:
            # Only the month is published: the whole month is shaded, never a day drawn.
            ax.fill_betweenx([-0.5, 1.9], cut, cut + pd.offsets.MonthEnd(0), color=TEXT, alpha=0.12, linewidth=0,
                             gid="block-month")
        if layout.portrait:
            ax.text(cut + pd.Timedelta(days=34), -0.45,
                    _("ICE's Nlets\naccess cut,\n%(date)s")
                    % {"date": textwrap.fill(cut_shown, 14)},
                    ha="left",
                    va="bottom", fontsize=size, bbox={"facecolor": "white", "edgecolor": "none", "pad": 1.5},
                    zorder=3)
        else:
            ax.text(cut - pd.Timedelta(days=4), 1.62,
                    _wrapped(_("ICE's Nlets access cut in %(name)s, %(date)s") % {"name": name, "date": cut_shown},
                             46, lang),
                    ha="right", va="bottom", fontsize=8)
    if layout.portrait:
        ax.set_yticks([])
        ax.spines["left"].set_visible(False)
    else:
        ax.set_yticks(range(len(bars)), [_wrapped(b[0], 24, lang) for b in reversed(bars)])
    ax.tick_params(axis="y", length=0)
    ax.set_ylim(-0.5, 1.9)
    first_day = min(b[1] for b in bars)
    last_day = max([b[2] for b in bars] + ([cut] if pd.notna(cut) else []))
    right = pd.DateOffset(months=7 if layout.portrait else 1, days=15)  # the phone's cut label: room right of it
    ax.set_xlim(first_day - pd.DateOffset(months=1), last_day + right)
    ticks = (pd.date_range(first_day + pd.DateOffset(months=3), last_day + pd.DateOffset(months=2), freq="6MS")
             if layout.portrait else pd.date_range(first_day, last_day + pd.DateOffset(months=2), freq="3MS"))
    ax.set_xticks(ticks, [_month_tick(t, lang) for t in ticks])
    ax.set_xlabel(_("period each count covers"))
    access_ids = (access_status.ice_access_as_of(states, cut if pd.notna(cut) else w["period_end"])
                  .set_index("usps").loc[w["state"], "source_ids"].split(";"))
    sources = sorted(
        (set(comparison_basics.source_id_list([wa]))
         | {comparison_basics.disclosure_source(m) for m in (comparison_basics.ICE_METRIC, comparison_basics.HSI_METRIC)}
         | set(access_ids)) - {""}
    )
    frame(
        fig,
        title=_("%(name)s's %(n)s federal queries cover a different period and every federal agency")
        % {"name": name, "n": f"{w['queries']:,}"},
        subtitle=_("Periods of the national ICE/HSI counts and of %(name)s's federal query count: about %(per_day)s "
                   "a day, %(per_100k)s per 100,000 residents. The two cannot be compared or combined.")
        % {"name": name, "per_day": f"{w['per_day']:,.0f}", "per_100k": f"{w['per_100k_residents']:,.0f}"},
        source_ids=sources, kinds=["derived", "published"],
        layout=layout,
        plot_height_in=3.2 if layout.portrait else None,
        lang=lang,
    )
    fig.subplots_adjust(left=0.06 if layout.portrait else 0.34, right=0.94 if layout.portrait else 0.9)
    fit_layout(fig, layout)
    alt, alt_es = (_periods_alt(w, ice_q, hsi_q, (period_start, period_end), cut_words if pd.notna(cut) else None,
                                cut_day, language) for language in ("en", "es"))
    return spec_with_portrait(
        fig, layout, lambda variant, language: washington_periods_figure(wa, states, rates, period, variant, language),
        lang,
        alt_text_es=alt_es,
        name="fig02-washington-periods",
        title=_("%(name)s: federal queries of DOL data vs the national ICE/HSI counts (periods)") % {"name": name},
        alt_text=alt if lang == "en" else alt_es,
        data=washington_periods_data(wa, rates, (period_start, period_end)),
        source_ids=sources,
        kinds=["derived", "published"],
        key_numbers=washington_key_numbers(wa, states, rates),
        description=_("The two periods, so that no one divides one count by the other.")
        + ("" if lang == "en" else " " + _("CSV column names and cells as in the English CSV.")),
    )


def washington_key_numbers(wa: pd.DataFrame, states: pd.DataFrame, rates: pd.DataFrame) -> list[dict[str, Any]]:
    """The state's federal query count (published) with its per-day and per-100,000-resident rates (derived) and
    its block date (published), from the first row of ``wa``; and the national ICE and HSI counts of ``rates``
    (published, under notebook 01's citable ids), each labelled with its own period.

    >>> from analysis.sources.tables import load_state_level_figures, load_states
    >>> states = load_states()
    >>> wa = state_figures.state_figure_rates(load_state_level_figures(), states)
    >>> numbers = washington_key_numbers(wa, states, rates_per_100k.queries_per_100k_open(states))
    >>> [(n["id"], n["formatted"]) for n in numbers][:2]
    [('02-wa-federal-queries', '2,671,776'), ('02-wa-federal-queries-per-day', '7,999')]
    """
    w = wa.iloc[0]
    slug = f"02-{w['state'].lower()}"
    starts = block_history.dated_block_starts()
    name = {lang: state_name(w["state"], w["name"], lang) for lang in ("en", "es")}

    def label(template: str, **values: Any) -> Callable[[str], str]:
        return lambda lang: key_words(lang, template) % {"name": name[lang], **values}

    numbers = [
        key_number(f"{slug}-federal-queries",
                   label(NC_("key-number", "%(name)s: queries of DOL data by all federal agencies, %(start)s to "
                                           "%(end)s"), start=w["period_start"], end=w["period_end"]),
                   int(w["queries"]), f"{int(w['queries']):,}", "published"),
        key_number(f"{slug}-federal-queries-per-day",
                   label(NC_("key-number", "%(name)s: federal queries per day (%(days)s days)"), days=w["days"]),
                   float(w["per_day"]), f"{w['per_day']:,.0f}", "derived"),
        key_number(f"{slug}-federal-queries-per-100k-residents",
                   label(NC_("key-number", "%(name)s: federal queries per 100,000 residents (population on "
                                           "%(day)s)"), day=w["residents_date"]),
                   float(w["per_100k_residents"]), f"{w['per_100k_residents']:,.0f}", "derived"),
    ]
    texts = block_history.dated_block_texts()
    if w["state"] in texts:
        cut, to_the_day = texts[w["state"]]
        numbers.append(key_number(f"{slug}-block-applied-date",
                                  lambda lang: applied_label(w["state"], w["name"], to_the_day, lang, month_given=True),
                                  cut, cut, "published"))
    for r in rates.itertuples():
        numbers.append(key_number(
            f"{r.agency.lower()}-queries",
            lambda lang, r=r: key_words(lang, NC_("key-number", "%(agency)s: DMV queries through Nlets, all "
                                                                "states, %(start)s to %(end)s")) % {
                "agency": r.agency, "start": r.period_start, "end": r.period_end},
            int(r.queries), f"{int(r.queries):,}", "published"))
    return numbers
