"""The statistics of a comparison on a researcher's own counts, from the same panel as its rates: an interval for
each state's monthly rate, the blocking states against the rest by a permutation test of medians, and for a block
inside the file a difference-in-differences with placebo inference."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from analysis.findings.own_did import BlockEffects, DidResult, block_effects
from analysis.findings.own_intervals import PermutationTest, median_difference_test, poisson_rate_interval, rate_intervals
from analysis.findings.own_panel import AGENCIES, OwnPanel

DID_AGENCIES = ("ICE",)  # a block cuts ICE's access: its effect is estimated on ICE's queries
INTERVAL_COLUMNS = ["agency", "usps", "group", "months", "queries", "residents", "rate", "low", "high", "method",
                    "dispersion_statistic", "dispersion_p"]


@dataclass(frozen=True)
class OwnStatistics:
    """What :func:`own_statistics` returns.

    - ``intervals``: per agency and compared state, the rate per 100,000 residents a month over the months compared
      with its 95% interval and how it was computed (:func:`analysis.findings.own_intervals.rate_intervals`).
    - ``median_tests``: per agency, :class:`~analysis.findings.own_intervals.PermutationTest`.
    - ``block_effects``: per (state, agency) whose block month the file holds, the difference-in-differences with
      the block month counted before, after and left out (:class:`~analysis.findings.own_did.BlockEffects`).
    - ``monthly``: whether the file's periods are months (else no dispersion test or difference-in-differences).
    """

    intervals: pd.DataFrame
    median_tests: Mapping[str, PermutationTest]
    block_effects: Mapping[tuple[str, str], BlockEffects]
    monthly: bool

    def median_test_table(self) -> pd.DataFrame:
        """The median tests as a table, one row per agency."""
        rows = [{"agency": a, "difference": t.difference, "p_value": t.p_value, "relabelings": t.relabelings,
                 "exact": t.exact, "seed": t.seed, "draws": t.draws, "blocked": " ".join(t.blocked),
                 "others": " ".join(t.others), "left_out": " ".join(t.left_out), "verdict": t.verdict,
                 "minimum": t.minimum_note} for a, t in self.median_tests.items()]
        columns = ["agency", "difference", "p_value", "relabelings", "exact", "seed", "draws", "blocked", "others",
                   "left_out", "verdict", "minimum"]
        return pd.DataFrame(rows, columns=columns).astype({"difference": "Float64", "p_value": "Float64",
                                                           "seed": "Int64", "draws": "Int64"})

    def block_effects_table(self) -> pd.DataFrame:
        """Every difference-in-differences estimate, one row per state, agency and way of counting the block month."""
        rows = []
        for (usps, agency), effects in self.block_effects.items():
            for r in (effects.left_out, effects.before, effects.after):
                rows.append({"usps": usps, "agency": agency, "block_month": r.block_month,
                             "block_month_counted": r.block_month_as, "family": r.family, "ratio": r.ratio,
                             "percent_change": r.percent_change, "low": r.low, "high": r.high, "p_value": r.p_value,
                             "open_states": " ".join(r.controls), "months_before": r.n_months_before,
                             "months_after": r.n_months_after, "pre_trend": r.pre_trend, "verdict": r.verdict,
                             "interval_note": r.interval_note})
        columns = ["usps", "agency", "block_month", "block_month_counted", "family", "ratio", "percent_change", "low",
                   "high", "p_value", "open_states", "months_before", "months_after", "pre_trend", "verdict",
                   "interval_note"]
        return pd.DataFrame(rows, columns=columns).astype({c: "Float64" for c in
                                                           ("ratio", "percent_change", "low", "high", "p_value")})


def monthly_table(panel: OwnPanel, rates: pd.DataFrame, agency: str, periods: tuple[str, ...] | None = None
                  ) -> pd.DataFrame:
    """The counted months of one agency for the compared states (in the file, with residents and a group), in the
    columns the interval and difference-in-differences functions take; ``periods`` keeps only those months."""
    compared = rates[rates["agency"].eq(agency) & rates["per_100k_month_compared"].notna()
                     & rates["group"].isin(_groups())].set_index("usps")
    cells = panel.cells
    keep = cells["agency"].eq(agency) & cells["queries"].notna() & cells["months"].eq(1)
    keep &= cells["usps"].isin(compared.index)
    if periods is not None:
        keep &= cells["period"].isin(periods)
    part = cells[keep]
    return pd.DataFrame({
        "usps": part["usps"].astype("str"), "group": part["usps"].map(compared["group"]).astype("str"),
        "month": part["period"].astype("str"), "queries": part["queries"].astype("int64"),
        "residents": part["usps"].map(compared["residents"]).astype("int64"),
    }).reset_index(drop=True)


def _groups() -> tuple[str, ...]:
    from analysis.findings.own_rates import GROUP_ORDER

    return GROUP_ORDER


def _totals_intervals(rates: pd.DataFrame, agency: str) -> pd.DataFrame:
    """Exact Poisson intervals on each state's total over periods longer than a month (no dispersion test)."""
    part = rates[rates["agency"].eq(agency) & rates["per_100k_month_compared"].notna() & rates["group"].isin(_groups())]
    rows = []
    for r in part.itertuples():
        low, high = poisson_rate_interval(int(r.queries_compared), int(r.months_compared), int(r.residents))
        rows.append({"usps": r.usps, "group": r.group, "months": int(r.months_compared),
                     "queries": int(r.queries_compared), "residents": int(r.residents),
                     "rate": float(r.per_100k_month_compared), "low": low, "high": high,
                     "method": "exact Poisson (periods longer than a month: dispersion not tested)",
                     "dispersion_statistic": pd.NA, "dispersion_p": pd.NA})
    return pd.DataFrame(rows, columns=INTERVAL_COLUMNS[1:])


def own_statistics(panel: OwnPanel, rates: pd.DataFrame, before_after: pd.DataFrame,
                   compared_periods: Mapping[str, tuple[str, ...]]) -> OwnStatistics:
    """The statistics of :func:`analysis.findings.own_rates.compare_own_counts` (which calls this): intervals and
    median tests over the months each agency is compared on, and a difference-in-differences for each state and
    agency in ``before_after`` (ICE and all agencies) over all of the file's months."""
    parts, tests = [], {}
    for agency in AGENCIES:
        if panel.monthly:
            table = rate_intervals(monthly_table(panel, rates, agency, compared_periods.get(agency)))
        else:
            table = _totals_intervals(rates, agency)
        parts.append(table.assign(agency=agency))
        chosen = rates[rates["agency"].eq(agency) & rates["status"].eq("in file") & rates["residents"].notna()
                       & rates["group"].isin(_groups())].set_index("usps")
        tests[agency] = median_difference_test(chosen["per_100k_month_compared"], chosen["group"])
    intervals = pd.concat(parts, ignore_index=True)[INTERVAL_COLUMNS] if parts else pd.DataFrame(
        columns=INTERVAL_COLUMNS)
    effects: dict[tuple[str, str], BlockEffects] = {}
    if panel.monthly and not before_after.empty:
        for usps, block_month in before_after.drop_duplicates("usps")[["usps", "block_month"]].itertuples(
                index=False):
            for agency in DID_AGENCIES:
                if not rates[(rates["usps"] == usps) & (rates["agency"] == agency)]["queries"].notna().any():
                    continue
                effects[(usps, agency)] = block_effects(monthly_table(panel, rates, agency), usps, block_month)
    return OwnStatistics(intervals.astype({"dispersion_statistic": "Float64", "dispersion_p": "Float64"}), tests,
                         effects, panel.monthly)


__all__ = ["DidResult", "OwnStatistics", "monthly_table", "own_statistics"]
