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
from analysis.publish.caveats import OWN_FILE_NOTE
from analysis.publish.style import MUTED_TEXT, OKABE_ITO, frame, house_style, new_figure
from analysis.findings.own_panel import month_list
from analysis.findings.own_rates import GROUP_ORDER, IN_FILE, OwnComparison
from analysis.publish.text.wording import listed
from analysis.safe_csv import write_csv

GROUP_COLOURS = {comparison_basics.BLOCKED: OKABE_ITO["blue"], comparison_basics.BLOCK_IN_FILE: OKABE_ITO["bluish green"],
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
    intervals = result.statistics.intervals.set_index(["usps", "agency"])[["low", "high", "method"]]
    shown = shown.join(intervals.rename(columns={"low": "interval_low", "high": "interval_high",
                                                 "method": "interval_method"}), on=["usps", "agency"])
    columns = ["usps", "name", "group", "agency", "status", "months_compared", "queries_compared", "residents",
               "per_100k_month_compared", "interval_low", "interval_high", "interval_method", "coverage_differs",
               "kind", "source_ids"]
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
            bars = part.dropna(subset=["interval_low", "interval_high"])
            ax.hlines([order.index(u) for u in bars["usps"]], bars["interval_low"].astype(float),
                      bars["interval_high"].astype(float), colors=[GROUP_COLOURS[g] for g in bars["group"]],
                      linewidth=1.0, alpha=0.7, gid=f"interval-{agency}")
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
            top = pd.concat([part["rate"], part["interval_high"].astype(float)]).max()
            ax.set_xlim(0, float(top) * 1.1 if pd.notna(top) and top > 0 else 1.0)
            ax.grid(axis="x", color="#E3E3E3", linewidth=0.6)
        if axes[1].get_legend() is not None:
            axes[1].get_legend().remove()
    flag = (" \u2020 months differ from the file's other states: compared over the months all share."
            if data["coverage_differs"].any() else "")
    frame(fig, title=f"Queries per 100,000 residents a month, by destination state, from {file_name}",
          subtitle=f"Each dot is a state, over the months compared ({month_list(result.months)} in the file); lines "
                   "are group medians, bars 95% intervals. Blue: blocked ICE; green: block began within the period; orange: not known to "
                   f"block ICE.{flag}",
          source_ids=comparison_basics.source_id_list([data]), kinds=[result.kind],
          note=OWN_FILE_NOTE,
          credit=credit_line(file_name, command))
    if result.kind == "synthetic":
        stamp(fig)
    groups = ", ".join(f"{g} {n}" for g, n in data.drop_duplicates("usps")["group"].value_counts(sort=False).items())
    return OwnFigure(fig, "own-rates-by-group", f"Queries per 100,000 residents a month by state ({file_name})",
                     f"Strip plots of ICE, HSI and all-agency queries per 100,000 residents a month for the "
                     f"{len(order)} states in {file_name}, one labelled row per state, by block status ({groups}); "
                     f"lines mark each group's median and bars each state's 95% interval.", data)


def before_after_data(result: OwnComparison) -> pd.DataFrame:
    """The monthly rates the before/after chart draws: per state whose block month the file holds with whole months
    on both sides (:attr:`OwnComparison.before_after`), per agency with rows in the file, every month of the panel
    with its queries and rate per 100,000 residents a month (missing where the file has no row) and its side
    (``before``, ``block month``, ``after``)."""
    split = result.before_after
    if split.empty:
        return pd.DataFrame()
    cells = result.panel.cells
    months = cells[cells["months"].eq(1) & cells["usps"].isin(split["usps"])]
    residents = result.rates.drop_duplicates("usps").set_index("usps")["residents"]
    block = split.drop_duplicates("usps").set_index("usps")["block_month"]
    has_rows = months.groupby(["usps", "agency"])["queries"].transform(lambda q: q.notna().any())
    out = months[has_rows].rename(columns={"period": "month"})
    side = pd.Series("before", index=out.index, dtype="str")
    side = side.mask(out["month"].eq(out["usps"].map(block)), "block month").mask(out["month"] > out["usps"].map(block), "after")
    rate = comparison_basics.per_100k_month(out["queries"].astype("Float64"), out["months"].astype("Float64"),
                                            out["usps"].map(residents).astype("Float64"))
    out = out.assign(side=side, per_100k_month=rate, block_month=out["usps"].map(block), kind=result.kind)
    return out[["usps", "agency", "month", "side", "block_month", "queries", "status", "per_100k_month",
                "kind"]].reset_index(drop=True)


def before_after_figure(result: OwnComparison, file_name: str, command: str) -> OwnFigure | None:
    """Per state whose block month the file holds, one panel per agency (each on its own axis) of queries per
    100,000 residents a month, the month holding the block drawn apart (hollow marker, shaded), the before and
    after means as lines, and months with no row left as gaps; None if there is nothing to draw."""
    data = before_after_data(result)
    if data.empty:
        return None
    panels = list(data[["usps", "agency"]].drop_duplicates().itertuples(index=False))
    fig, axes = new_figure(8, 2.6 * len(panels) + 3.4, nrows=len(panels))
    axes = [axes] if len(panels) == 1 else list(axes)
    colours = {"ICE": OKABE_ITO["vermillion"], "HSI": OKABE_ITO["blue"], "all": OKABE_ITO["black"]}
    split = result.before_after.set_index(["usps", "agency"])
    drawn = []
    with house_style():
        for ax, (code, agency) in zip(axes, panels, strict=True):
            rows = data[(data["usps"] == code) & (data["agency"] == agency)]
            x = [pd.Timestamp(f"{m}-01") for m in rows["month"]]
            y = rows["per_100k_month"].astype(float)
            ax.plot(x, y.where(rows["side"].ne("block month").to_numpy()), marker="o", color=colours[agency],
                    linewidth=1.2)
            held = rows["side"].eq("block month").to_numpy()
            ax.plot([d for d, h in zip(x, held, strict=True) if h], y[held], marker="o", linestyle="none",
                    markerfacecolor="white", markeredgecolor=colours[agency], gid="block-month")
            month = pd.Timestamp(f"{rows['block_month'].iloc[0]}-01")
            ax.axvspan(month - pd.Timedelta(days=15), month + pd.Timedelta(days=15), color="#E3E3E3", zorder=0)
            row = split.loc[(code, agency)]
            for side, colour_alpha in (("before", 0.9), ("after", 0.9)):
                value = row[f"{side}_per_100k_month"]
                part = [d for d, s in zip(x, rows["side"], strict=True) if s == side]
                if pd.notna(value) and part:
                    ax.plot([min(part), max(part)], [float(value)] * 2, color=MUTED_TEXT, linestyle="--",
                            linewidth=1, alpha=colour_alpha, gid=f"mean-{side}")
            ax.set_title(f"{code}, {AGENCY_TITLES[agency]}: queries per 100,000 residents a month", fontsize=9)
            ax.set_ylim(bottom=0, top=max(float(y.max()) if y.notna().any() else 0.0, 1e-9) * 1.12)
            drawn.append(f"{code} {AGENCY_TITLES[agency]}")
    frame(fig, title=f"Before and after a block, from {file_name}",
          subtitle="Queries per 100,000 residents a month. The shaded month holds the block (hollow dot): it is in "
                   "neither mean. Dashed lines: the mean of the whole months before and after. A gap is a month "
                   "with no row.",
          source_ids=comparison_basics.source_id_list([result.before_after]), kinds=[result.kind],
          note=OWN_FILE_NOTE,
          credit=credit_line(file_name, command))
    if result.kind == "synthetic":
        stamp(fig)
    codes = sorted(set(data["usps"]))
    return OwnFigure(fig, "own-before-after-block", f"Queries before and after a block ({file_name})",
                     f"Line charts of queries per 100,000 residents a month in {listed(drawn)} from {file_name}, "
                     f"one panel each, with the month holding each block shaded and the means before and after "
                     f"dashed ({listed(codes)}).", data)


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
