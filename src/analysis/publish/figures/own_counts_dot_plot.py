"""Notebook 02's dot plot of a researcher's own counts per 100,000 residents by state, with its key numbers.

ICE, HSI and all-agency queries per 100,000 residents by destination state, grouped by ICE block status.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
from matplotlib.lines import Line2D

from analysis.findings import comparison_basics
from analysis.findings import per_state
from analysis.publish.caveats import OWN_FILE_NOTE
from analysis.publish.figures.spec_parts import key_number, slug
from analysis.publish.specs import FigureSpec
from analysis.publish.style import OKABE_ITO, frame, new_figure


OWN_GROUP_COLOURS = {
    comparison_basics.BLOCKED: OKABE_ITO["blue"],
    per_state.BLOCK_IN_FILE: OKABE_ITO["bluish green"],
    comparison_basics.OPEN: OKABE_ITO["orange"],
}


def own_counts_shown(own_rates: pd.DataFrame) -> pd.DataFrame:
    """The rows of :func:`analysis.findings.per_state.per_state_rates` the dot plot draws (in the file, with residents), in
    drawing order (bottom to top): open states, blocks within the file's period, blocked; within each group by ICE
    rate, lowest first.

    >>> rates = pd.DataFrame({"usps": ["A", "B", "C"], "in_file": True, "residents": [1, 1, 1],
    ...     "group": [comparison_basics.OPEN, comparison_basics.BLOCKED, comparison_basics.OPEN], "ice_per_100k": [2.0, 0.0, 1.0]})
    >>> own_counts_shown(rates)["usps"].tolist()
    ['C', 'A', 'B']
    """
    shown = own_rates[own_rates["in_file"] & own_rates["residents"].notna()].copy()
    group_order = [comparison_basics.BLOCKED, per_state.BLOCK_IN_FILE, comparison_basics.OPEN]
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
    sources = comparison_basics.source_id_list([own_rates])
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

    >>> shown = pd.DataFrame({"usps": ["A", "B", "C"], "group": comparison_basics.OPEN, "ice_per_100k": [1.0, 3.0, 2.0],
    ...     "in_file": True, "kind": "synthetic", "source_ids": "s"})
    >>> [(n["id"], n["formatted"]) for n in own_counts_key_numbers(shown, "synthetic")]
    [('02-own-counts-jurisdictions', '3'), ('02-own-counts-ice-per-100k-median-not-known-to-block-ice', '2.0')]
    """
    spread = per_state.distribution_by_group(shown, "ice_per_100k").set_index("group")
    numbers = [key_number("02-own-counts-jurisdictions", "Jurisdictions plotted", len(shown), str(len(shown)), kind)]
    for group in OWN_GROUP_COLOURS:
        if group in spread.index:
            r = spread.loc[group]
            numbers.append(key_number(f"02-own-counts-ice-per-100k-median-{slug(group)}",
                                   f"{group}: median ICE queries per 100,000 residents ({r['states_in_file']} states)",
                                   float(r["median"]), f"{r['median']:,.1f}", kind))
    return numbers
