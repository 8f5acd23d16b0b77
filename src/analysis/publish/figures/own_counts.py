"""Figures of a researcher's own counts (:class:`analysis.findings.own_rates.OwnComparison`): every state's monthly rate by
block-status group (seaborn), and monthly queries around a block date; each in the house frame, stamped SYNTHETIC
when the file is made up, credited to the user's file and the command, written as PNG, SVG and the CSV drawn.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import seaborn as sns
from matplotlib.figure import Figure

from analysis.findings import comparison_basics
from analysis.findings import per_state
from analysis.publish.caveats import OWN_FILE_NOTE
from analysis.publish.style import MUTED_TEXT, OKABE_ITO, frame, house_style, new_figure
from analysis.findings.own_rates import GROUP_ORDER, IN_FILE, OwnComparison
from analysis.safe_csv import write_csv

GROUP_COLOURS = {comparison_basics.BLOCKED: OKABE_ITO["blue"], per_state.BLOCK_IN_FILE: OKABE_ITO["bluish green"],
                 comparison_basics.OPEN: OKABE_ITO["orange"]}
AGENCY_TITLES = {"ICE": "ICE", "HSI": "HSI", "all": "All agencies"}
STAMP = "SYNTHETIC"
SAVE_OPTIONS = {"png": {"dpi": 200, "metadata": {"Software": None}}, "svg": {"metadata": {"Date": None, "Creator": None}}}


@dataclass(frozen=True)
class OwnFigure:
    """A drawn figure, the numbers it shows, and what the page says about it."""

    fig: Figure
    stem: str
    title: str
    alt_text: str
    data: pd.DataFrame


def credit_line(file_name: str, command: str) -> str:
    """The credit under every figure and on the page: the user's file and the command, never ``data/raw/``.

    >>> credit_line("mine.csv", "nlets-analysis compare mine.csv -o out")
    'Graphic: nlets-analysis, from the file mine.csv (not published by this project), made with: nlets-analysis compare mine.csv -o out'
    """
    return (f"Graphic: nlets-analysis, from the file {file_name} (not published by this project), "
            f"made with: {command}")


def stamp(fig: Figure) -> None:
    """Write SYNTHETIC across every axes of ``fig`` (gid ``synthetic-stamp``)."""
    for ax in fig.axes:
        ax.text(0.5, 0.5, STAMP, transform=ax.transAxes, gid="synthetic-stamp", rotation=30, ha="center",
                va="center", fontsize=26, fontweight="bold", color=OKABE_ITO["vermillion"], alpha=0.25, zorder=0)


def rates_by_group_data(result: OwnComparison) -> pd.DataFrame:
    """The rows the strip plot draws: every jurisdiction with residents that is in the file, per agency, in drawing
    order (blocked, block within the file, open; by all-agency rate), with the rate compared (missing: not in file).
    """
    rates = result.rates
    shown = rates[rates["residents"].notna() & rates["group"].isin(GROUP_ORDER)]
    in_file = shown.groupby("usps")["status"].transform(lambda s: (s == IN_FILE).any())
    shown = shown[in_file]
    rank = shown["group"].map({g: i for i, g in enumerate(GROUP_ORDER)})
    overall = shown[shown["agency"] == "all"].set_index("usps")["per_100k_month_compared"].astype(float)
    shown = shown.assign(_rank=rank, _all=shown["usps"].map(overall).fillna(-1.0))
    shown = shown.sort_values(["_rank", "_all", "usps"], ascending=[True, False, True])
    columns = ["usps", "name", "group", "agency", "status", "months", "queries", "residents",
               "per_100k_month_compared", "coverage_differs", "kind", "source_ids"]
    return shown[columns].reset_index(drop=True)


def rates_by_group_figure(result: OwnComparison, file_name: str, command: str) -> OwnFigure:
    """Seaborn strip plots (ICE, HSI, all agencies) of queries per 100,000 residents per month, one labelled row per
    state, coloured by block-status group, with each group's median drawn as a line."""
    data = rates_by_group_data(result)
    order = list(dict.fromkeys(data["usps"]))
    labels = [f"{u}\u2020" if d else u for u, d in
              data.drop_duplicates("usps")[["usps", "coverage_differs"]].itertuples(index=False)]
    fig, axes = new_figure(8, max(6.0, 0.17 * len(order) + 4.2), ncols=3)
    with house_style():
        for ax, agency in zip(axes, ("ICE", "HSI", "all"), strict=True):
            part = data[data["agency"] == agency].assign(rate=lambda d: d["per_100k_month_compared"].astype(float))
            sns.stripplot(data=part.dropna(subset=["rate"]), x="rate", y="usps", hue="group", order=order,
                          hue_order=[g for g in GROUP_ORDER if g in set(data["group"])], palette=GROUP_COLOURS,
                          jitter=False, size=4.5, ax=ax, legend=ax is axes[1])
            for group, rows in part.groupby("group"):
                ys = [order.index(u) for u in rows["usps"]]
                median = rows["rate"].median()
                if pd.notna(median):
                    ax.plot([median, median], [min(ys) - 0.4, max(ys) + 0.4], color=GROUP_COLOURS[group],
                            linewidth=1.2, gid=f"median-{agency}")
            for u in part.loc[part["status"] != IN_FILE, "usps"]:
                ax.text(0, order.index(u), " not in file", va="center", ha="left", fontsize=6, color=MUTED_TEXT)
            ax.set_title(f"{AGENCY_TITLES[agency]} per 100,000 a month", fontsize=9)
            ax.set_xlabel("")
            ax.set_ylabel("")
            ax.set_yticks(range(len(order)), labels if ax is axes[0] else [""] * len(order), fontsize=6.5)
            ax.set_ylim(len(order) - 0.5, -0.5)
            top = part["rate"].max()
            ax.set_xlim(0, float(top) * 1.1 if pd.notna(top) and top > 0 else 1.0)
            ax.grid(axis="x", color="#E3E3E3", linewidth=0.6)
        if axes[1].get_legend() is not None:
            axes[1].get_legend().remove()
    months = result.common_months if result.basis == "common months" else result.months
    span = f"{months[0]} to {months[-1]}" if months else "no whole month"
    flag = " \u2020 coverage differs from the file's other states." if result.coverage_differs else ""
    frame(fig, title=f"Queries per 100,000 residents a month, by destination state, from {file_name}",
          subtitle=f"Each dot is a state, over {result.basis} ({span}); lines are group medians. Blue: blocked "
                   f"ICE; green: block began within the period; orange: not known to block ICE.{flag}",
          source_ids=comparison_basics.source_id_list([data]), kinds=[result.kind],
          note=OWN_FILE_NOTE,
          credit=credit_line(file_name, command))
    if result.kind == "synthetic":
        stamp(fig)
    groups = ", ".join(f"{g} {n}" for g, n in data.drop_duplicates("usps")["group"].value_counts(sort=False).items())
    return OwnFigure(fig, "own-rates-by-group", f"Queries per 100,000 residents a month by state ({file_name})",
                     f"Strip plots of ICE, HSI and all-agency queries per 100,000 residents a month for the "
                     f"{len(order)} states in {file_name}, one labelled row per state, by block status ({groups}); "
                     f"lines mark each group's median.", data)


def before_after_data(counts: pd.DataFrame, result: OwnComparison) -> pd.DataFrame:
    """Monthly queries (ICE, HSI, all) of each state whose block date the file spans, from the cleaned rows."""
    codes = sorted(set(result.before_after["usps"])) if not result.before_after.empty else []
    rows = counts[counts["destination_state"].isin(codes)]
    parts = []
    for agency in ("ICE", "HSI", "all"):
        sub = rows if agency == "all" else rows[rows["agency"] == agency]
        sums = sub.groupby(["destination_state", "period_start", "period_end"])["queries"].sum().reset_index()
        parts.append(sums.assign(agency=agency))
    out = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()
    if out.empty:
        return out
    out = out.rename(columns={"destination_state": "usps"}).sort_values(["usps", "agency", "period_start"])
    return out.assign(kind=result.kind).reset_index(drop=True)


def before_after_figure(counts: pd.DataFrame, result: OwnComparison, file_name: str, command: str) -> OwnFigure | None:
    """Queries per period for each state whose block date the file spans, with the date marked; None if none."""
    data = before_after_data(counts, result)
    if data.empty:
        return None
    codes = sorted(set(data["usps"]))
    fig, axes = new_figure(8, 3.2 * len(codes) + 3.4, nrows=len(codes))
    axes = [axes] if len(codes) == 1 else list(axes)
    colours = {"ICE": OKABE_ITO["vermillion"], "HSI": OKABE_ITO["blue"], "all": OKABE_ITO["black"]}
    with house_style():
        for ax, code in zip(axes, codes, strict=True):
            mine = data[data["usps"] == code]
            for agency, rows in mine.groupby("agency", sort=False):
                ax.plot(rows["period_start"], rows["queries"], marker="o", color=colours[agency], label=agency)
            day = pd.Timestamp(result.before_after.loc[result.before_after["usps"] == code, "block_date"].iloc[0])
            ax.axvline(day, color=MUTED_TEXT, linestyle="--", linewidth=1)
            ax.text(day, ax.get_ylim()[1], f" block applied {day:%Y-%m-%d}", fontsize=8, va="top", color=MUTED_TEXT)
            ax.set_title(f"{code}: queries per period", fontsize=9)
            ax.set_ylim(bottom=0)
            ax.legend(fontsize=8, frameon=False, loc="upper right")
    frame(fig, title=f"Before and after a block, from {file_name}",
          subtitle="Queries in each period of the file; the dashed line is the block date from the ICE-access "
                   "events. A period that contains the date is neither before nor after.",
          source_ids=comparison_basics.source_id_list([result.before_after]), kinds=[result.kind],
          note=OWN_FILE_NOTE,
          credit=credit_line(file_name, command))
    if result.kind == "synthetic":
        stamp(fig)
    return OwnFigure(fig, "own-before-after-block", f"Queries before and after a block ({file_name})",
                     f"Line charts of ICE, HSI and all-agency queries per period in {', '.join(codes)} from "
                     f"{file_name}, with the date each block was applied marked.", data)


def save(figure: OwnFigure, folder: Path) -> list[Path]:
    """Write ``<stem>.png``, ``.svg`` (live text, fixed ids, no dates) and ``.csv`` into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    with house_style():
        for fmt, options in SAVE_OPTIONS.items():
            path = folder / f"{figure.stem}.{fmt}"
            figure.fig.savefig(path, format=fmt, **options)
            paths.append(path)
    paths.append(write_csv(figure.data, folder / f"{figure.stem}.csv", date_format="%Y-%m-%d"))
    return paths
