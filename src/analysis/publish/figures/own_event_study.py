"""The event-study figure of a block inside a researcher's file: for each blocked state and agency, queries as a share
of what the open states predict, month by month around the block, with placebo intervals."""

from __future__ import annotations

import pandas as pd

from analysis.findings import comparison_basics
from analysis.findings.own_rates import OwnComparison
from analysis.publish.caveats import OWN_FILE_NOTE
from analysis.publish.figures.own_counts import AGENCY_TITLES, OwnFigure, credit_line, stamp
from analysis.publish.style import MUTED_TEXT, OKABE_ITO, frame, house_style, new_figure
from analysis.publish.text.wording import listed


def event_study_data(result: OwnComparison) -> pd.DataFrame:
    """The event-study rows drawn: state, agency, month relative to the block month, month, rate ratio and its
    placebo interval (block month left out of the estimate)."""
    parts = []
    for (usps, agency), effects in result.statistics.block_effects.items():
        table = effects.left_out.event_study
        if not table.empty:
            parts.append(table.assign(usps=usps, agency=agency, block_month=effects.left_out.block_month))
    if not parts:
        return pd.DataFrame()
    out = pd.concat(parts, ignore_index=True)
    return out[["usps", "agency", "block_month", "relative_month", "month", "ratio", "low", "high"]].assign(
        kind=result.kind)


def event_study_figure(result: OwnComparison, file_name: str, command: str) -> OwnFigure | None:
    """One panel per blocked state and agency: the rate ratio by month (1 = as the open states predict), 95%
    placebo intervals as bars, the block month marked; None when there is no event study."""
    data = event_study_data(result)
    if data.empty:
        return None
    panels = list(data[["usps", "agency"]].drop_duplicates().itertuples(index=False))
    fig, axes = new_figure(8, 2.6 * len(panels) + 3.4, nrows=len(panels))
    axes = [axes] if len(panels) == 1 else list(axes)
    with house_style():
        for ax, (code, agency) in zip(axes, panels, strict=True):
            rows = data[(data["usps"] == code) & (data["agency"] == agency)]
            x = rows["relative_month"].astype(int)
            y = rows["ratio"].astype(float)
            has = rows["low"].notna() & rows["high"].notna()
            ax.vlines(x[has], rows.loc[has, "low"].astype(float), rows.loc[has, "high"].astype(float),
                      color=OKABE_ITO["blue"], linewidth=1.2, gid="placebo-interval")
            ax.plot(x, y, marker="o", linestyle="none", color=OKABE_ITO["blue"])
            ax.axhline(1.0, color=MUTED_TEXT, linewidth=0.8)
            ax.axvline(0, color=MUTED_TEXT, linestyle="--", linewidth=1)
            ax.text(0, 1.0, f" block month {rows['block_month'].iloc[0]}", transform=ax.get_xaxis_transform(),
                    fontsize=8, va="top", color=MUTED_TEXT)
            ax.set_title(f"{code}, {AGENCY_TITLES[agency]}: queries as a share of what the open states predict",
                         fontsize=9)
            ax.set_xlabel("months from the block month")
            ax.set_ylim(bottom=0)
    frame(fig, title=f"Month by month around a block, from {file_name}",
          subtitle="Rate ratio against the open states in the file (1 = no change), from a regression with state and "
                   "month effects; the month before the block is the reference. Bars: 95% intervals from placebo "
                   "runs on the open states.",
          source_ids=comparison_basics.source_id_list([result.before_after]), kinds=[result.kind],
          note=OWN_FILE_NOTE, credit=credit_line(file_name, command))
    if result.kind == "synthetic":
        stamp(fig)
    drawn = [f"{u} {AGENCY_TITLES[a]}" for u, a in panels]
    return OwnFigure(fig, "own-block-event-study", f"Month by month around a block ({file_name})",
                     f"Dot charts of the monthly rate ratio against the open states for {listed(drawn)}, from "
                     f"{file_name}, with 95% placebo intervals and the block month marked.", data)
