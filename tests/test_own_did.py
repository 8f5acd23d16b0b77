"""Difference-in-differences and event study with placebo inference (analysis.findings.own_did) on small synthetic
panels with a known multiplicative effect, checked against direct statsmodels fits on the same rows."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from analysis.findings.comparison_basics import BLOCKED, OPEN
from analysis.findings.own_did import (
    AFTER,
    BEFORE,
    CHANGE,
    DIVERGING,
    LEFT_OUT,
    METHOD_NOTES,
    NEG_BIN,
    NO_CLEAR,
    NO_PRE_TREND,
    POISSON,
    PRE_TREND,
    STOPPED,
    TOO_FEW,
    TOO_FEW_TO_TELL,
    block_effect,
    block_effects,
)
from analysis.findings.comparison_basics import BLOCK_IN_FILE

MONTHS = [f"2025-{m:02d}" for m in range(1, 9)]  # block in 2025-05: 4 months before, 3 after
BLOCK = "2025-05"
MONTH_EFFECT = np.array([1.0, 1.1, 0.9, 1.2, 1.0, 0.8, 1.05, 0.95])


def panel(n_controls: int = 4, after: float = 0.4, at_block: float | None = None, noise: float = 0.0,
          pre_slope: float = 0.0, base: float = 1000.0, seed: int = 0) -> pd.DataFrame:
    """IL (block in the file) and ``n_controls`` open states; IL's queries are multiplied by ``after`` from the
    block month (by ``at_block`` in the block month itself when given) and by ``exp(pre_slope * month)`` before."""
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(n_controls + 1):
        usps, group = ("IL", BLOCK_IN_FILE) if i == 0 else (f"C{i:02d}", OPEN)
        level = base * (1 + 0.5 * i)
        shocks = np.exp(rng.normal(0, noise, len(MONTHS))) if noise else np.ones(len(MONTHS))
        for m, month in enumerate(MONTHS):
            factor = 1.0
            if i == 0:
                factor = (at_block if at_block is not None and month == BLOCK else after) if month >= BLOCK else 1.0
                factor *= math.exp(pre_slope * (m - 3)) if month < BLOCK else 1.0
            rows.append({"usps": usps, "group": group, "month": month,
                         "queries": round(level * MONTH_EFFECT[m] * factor * shocks[m]), "residents": 10**6})
    return pd.DataFrame(rows).astype({"usps": "str", "group": "str", "month": "str", "queries": "int64",
                                      "residents": "int64"})


def direct_fit(data: pd.DataFrame, post: pd.Series, family: str, alpha: float | None = None) -> float:
    """The log ratio from statsmodels' formula API on the same rows."""
    import statsmodels.formula.api as smf
    import statsmodels.api as sm

    frame = data.assign(d=((data["usps"] == "IL") & post).astype(float))
    if family == POISSON:
        return float(smf.glm("queries ~ C(usps) + C(month) + d", frame, family=sm.families.Poisson()).fit().params["d"])
    return float(smf.negativebinomial("queries ~ C(usps) + C(month) + d", frame).fit(disp=0, maxiter=200)
                 .params["d"])


@pytest.fixture(scope="module")
def clean_drop():
    return block_effect(panel(), "IL", BLOCK)


def test_known_effect_is_recovered(clean_drop):
    r = clean_drop
    assert r.ratio == pytest.approx(0.40, abs=2e-3) and r.percent_change == pytest.approx(-60, abs=0.2)
    assert r.family == POISSON and r.controls == ("C01", "C02", "C03", "C04")
    assert (r.n_months_before, r.n_months_after, r.block_month_as) == (4, 3, LEFT_OUT)


def test_one_placebo_per_open_state_and_p_from_them(clean_drop):
    r = clean_drop
    assert r.placebo["usps"].tolist() == list(r.controls)
    logs = np.log(r.placebo["ratio"].to_numpy())
    assert r.p_value == pytest.approx((1 + (np.abs(logs) >= abs(math.log(r.ratio))).sum()) / (1 + len(logs)))
    assert r.p_value == pytest.approx(1 / 5)
    assert r.verdict == TOO_FEW_TO_TELL  # with 4 open states no p can fall below 0.05


def test_interval_spans_the_placebos_when_they_are_few(clean_drop):
    r = clean_drop
    assert r.low == pytest.approx(r.ratio / r.placebo["ratio"].max())
    assert r.high == pytest.approx(r.ratio / r.placebo["ratio"].min())
    assert "as wide as the placebos allow" in r.interval_note and "1/5" in r.interval_note


def test_matches_a_direct_statsmodels_poisson_fit():
    data = panel(noise=0.01, base=50)
    r = block_effect(data, "IL", BLOCK, block_month_as=AFTER)
    assert r.family == POISSON
    assert math.log(r.ratio) == pytest.approx(direct_fit(data, data["month"] >= BLOCK, POISSON), abs=1e-6)


def test_overdispersed_counts_use_a_negative_binomial_matching_statsmodels():
    data = panel(noise=0.2, base=2000, seed=3)
    r = block_effect(data, "IL", BLOCK, block_month_as=BEFORE)
    assert r.family == NEG_BIN and r.dispersion > 1.5 and r.alpha > 0
    assert math.log(r.ratio) == pytest.approx(direct_fit(data, data["month"] > BLOCK, NEG_BIN), abs=1e-4)


def test_null_effect_gives_ratio_near_one_and_a_large_p():
    r = block_effect(panel(n_controls=6, after=1.0, noise=0.05, seed=7), "IL", BLOCK)
    assert r.ratio == pytest.approx(1.0, abs=0.1)
    assert r.p_value >= 0.25 and r.verdict == TOO_FEW_TO_TELL
    assert r.low < 1 < r.high


def test_absent_months_are_left_out_not_filled_with_zero():
    data = panel(noise=0.01, base=50)
    gap = data[~((data["usps"] == "IL") & (data["month"] == "2025-07"))]
    r = block_effect(gap, "IL", BLOCK, block_month_as=AFTER)
    assert (r.n_months_after, r.n_rows) == (3, len(gap))
    assert math.log(r.ratio) == pytest.approx(direct_fit(gap, gap["month"] >= BLOCK, POISSON), abs=1e-6)
    filled = pd.concat([gap, data[(data["usps"] == "IL") & (data["month"] == "2025-07")].assign(queries=0)])
    assert math.log(r.ratio) != pytest.approx(direct_fit(filled, filled["month"] >= BLOCK, POISSON), abs=1e-2)
    assert "2025-07" not in r.event_study["month"].tolist()


def test_other_blocking_states_are_not_controls():
    data = pd.concat([panel(), panel().query("usps == 'C01'").assign(usps="NY", group=BLOCKED)])
    r = block_effect(data, "IL", BLOCK)
    assert "NY" not in r.controls and len(r.placebo) == 4


@pytest.mark.parametrize("data", [
    panel(n_controls=1),  # one open state
    panel().query("not (usps == 'IL' and month >= '2025-07')"),  # one month after the block
    panel().query("usps == 'IL' or month < '2025-05' or usps == 'C01'"),  # one open state with months after
    panel().query("usps == 'IL' or month < '2025-07'"),  # the open states share one of IL's 3 months after
])
def test_too_few_open_states_or_months_gives_no_estimate(data):
    r = block_effect(data, "IL", BLOCK)
    assert r.verdict == TOO_FEW and r.ratio is None and r.p_value is None and r.placebo.empty


def test_block_month_variants_differ_as_expected():
    """IL falls to 70% in the block month and 40% after: left out, the ratio is 0.4; counted after, the 70% month
    pulls it up; counted before, it lowers the baseline, so the ratio is above 0.4 too; the month counts shift."""
    effects = block_effects(panel(at_block=0.7), "IL", BLOCK)
    assert (effects.before.block_month_as, effects.after.block_month_as, effects.left_out.block_month_as) == (
        BEFORE, AFTER, LEFT_OUT)
    assert effects.left_out.ratio == pytest.approx(0.4, abs=2e-3)
    assert 0.42 < effects.after.ratio < 0.7 and 0.42 < effects.before.ratio < 0.7
    assert effects.after.ratio != pytest.approx(effects.before.ratio, abs=1e-3)
    assert [(e.n_months_before, e.n_months_after) for e in effects] == [(5, 3), (4, 4), (4, 3)]


@pytest.mark.filterwarnings("ignore::statsmodels.tools.sm_exceptions.PerfectSeparationWarning")  # exact data
def test_event_study_by_month_matches_a_direct_fit(clean_drop):
    import statsmodels.api as sm
    import statsmodels.formula.api as smf

    es = clean_drop.event_study
    assert es["relative_month"].tolist() == [-4, -3, -2, -1, 1, 2, 3]  # the block month is left out
    ref = es.set_index("relative_month").loc[-1]
    assert (ref["ratio"], ref["low"] is pd.NA) == (1.0, True)
    after = es[es["relative_month"] > 0]
    assert after["ratio"].to_numpy(float) == pytest.approx(0.4, abs=3e-3)
    assert es.loc[es["relative_month"] < -1, "ratio"].to_numpy(float) == pytest.approx(1.0, abs=3e-3)
    assert (after["low"] <= after["ratio"]).all() and (after["ratio"] <= after["high"]).all()
    data = panel().query("month != @BLOCK")
    frame = data.assign(**{f"m{m[-2:]}": ((data["usps"] == "IL") & (data["month"] == m)).astype(float)
                           for m in MONTHS if m not in (BLOCK, "2025-04")})
    dummies = " + ".join(c for c in frame.columns if c.startswith("m") and c != "month")
    fit = smf.glm(f"queries ~ C(usps) + C(month) + {dummies}", frame, family=sm.families.Poisson()).fit()
    assert es.set_index("month").loc["2025-07", "ratio"] == pytest.approx(math.exp(fit.params["m07"]), rel=1e-6)


def test_placebo_dates_fall_inside_the_pre_block_months(clean_drop):
    dates = clean_drop.placebo_dates
    assert dates["block_month"].tolist() == ["2025-03"]  # 4 pre months: only the third leaves 2 on each side
    assert dates["ratio"].to_numpy() == pytest.approx(1.0, abs=3e-3)


@pytest.fixture(scope="module")
def many_controls():
    return {slope: block_effect(panel(n_controls=10, noise=0.03, base=5000, pre_slope=slope, seed=11), "IL", BLOCK)
            for slope in (0.0, -0.3)}


def test_ten_open_states_check_the_pre_trend(many_controls):
    r = many_controls[0.0]
    assert r.p_value == pytest.approx(1 / 11) and r.pre_trend == NO_PRE_TREND
    assert r.verdict == TOO_FEW_TO_TELL  # 10 open states: p = 1/11 at best
    assert r.ratio == pytest.approx(0.4, abs=0.03)


def test_pre_trend_is_flagged_and_blocks_the_verdict(many_controls):
    r = many_controls[-0.3]
    assert r.pre_trend == PRE_TREND and r.verdict == DIVERGING


@pytest.mark.parametrize(("after", "verdict"), [(0.4, CHANGE), (1.0, NO_CLEAR)])
def test_twenty_open_states_reach_a_verdict(after, verdict):
    r = block_effect(panel(n_controls=20, after=after, noise=0.03, base=5000, seed=5), "IL", BLOCK)
    assert r.verdict == verdict
    assert r.p_value == pytest.approx(1 / 21) if verdict == CHANGE else r.p_value > 0.2


def test_queries_that_stop_are_reported_as_minus_100_percent():
    r = block_effect(panel(after=0.0), "IL", BLOCK)
    assert r.verdict == STOPPED and r.ratio == 0.0 and r.percent_change == -100.0
    assert r.low is None and r.high is None


@pytest.mark.parametrize(("args", "kwargs", "message"), [
    (("IL", BLOCK), {"block_month_as": "during"}, "block_month_as"),
    (("IL", "May 2025"), {}, "YYYY-MM"),
    (("WY", BLOCK), {}, "no rows"),
])
def test_bad_arguments_are_refused(args, kwargs, message):
    with pytest.raises(ValueError, match=message):
        block_effect(panel(), *args, **kwargs)


def test_method_notes_name_the_assumptions_and_limits():
    text = " ".join(METHOD_NOTES).lower()
    for phrase in ("parallel trends", "spill-over", "regression to the mean", "queries, not people",
                   "one treated state"):
        assert phrase in text
