"""Rate intervals, dispersion test and permutation test (analysis.findings.own_intervals), checked against R's
poisson.test worked values, scipy.stats and statsmodels on fixed cases, and a hand-counted permutation."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats

from analysis.findings.comparison_basics import BLOCKED, OPEN
from analysis.findings.own_intervals import (
    EXACT,
    NEG_BIN,
    NO_CLEAR,
    TOO_FEW_MONTHS,
    TOO_FEW_STATES,
    UNLIKELY,
    check_monthly,
    dispersion_test,
    median_difference_test,
    poisson_count_interval,
    poisson_rate_interval,
    rate_intervals,
)
from analysis.findings.comparison_basics import BLOCK_IN_FILE


@pytest.mark.parametrize(("x", "low", "high"), [
    (10, 4.795389, 18.390356),  # R: poisson.test(10)$conf.int
    (0, 0.0, 3.688879),  # R: poisson.test(0)$conf.int
    (5, 1.623486, 11.668332),  # R: poisson.test(5)$conf.int
])
def test_count_interval_matches_r_poisson_test(x, low, high):
    assert poisson_count_interval(x) == pytest.approx((low, high), abs=5e-7)


def test_count_interval_is_the_chi_square_quantiles_at_any_level():
    low, high = poisson_count_interval(37, level=0.9)
    assert low == pytest.approx(stats.chi2.ppf(0.05, 74) / 2)
    assert high == pytest.approx(stats.chi2.ppf(0.95, 76) / 2)


def test_rate_interval_is_the_count_interval_per_month_per_100k():
    low, high = poisson_rate_interval(10, months=4, residents=2_000_000)
    assert (low, high) == pytest.approx((4.795389 / 4 / 20, 18.390356 / 4 / 20), rel=1e-6)
    assert poisson_rate_interval(0, 3, 500_000)[0] == 0.0


@pytest.mark.parametrize("args", [(-1, 1, 1), (1, 0, 1), (1, 1, 0)])
def test_rate_interval_refuses_impossible_input(args):
    with pytest.raises(ValueError):
        poisson_rate_interval(*args)


@given(st.integers(0, 10**7), st.integers(1, 36), st.integers(1, 4 * 10**7))
def test_exact_interval_holds_the_rate(queries, months, residents):
    low, high = poisson_rate_interval(queries, months, residents)
    rate = queries / months / residents * 100_000
    assert 0 <= low <= rate <= high


def test_dispersion_test_is_fishers_index_against_chi_square():
    counts = [120, 80, 150, 60, 130]
    mean = np.mean(counts)
    expected = ((np.array(counts) - mean) ** 2).sum() / mean
    statistic, p = dispersion_test(counts)
    assert statistic == pytest.approx(expected)
    assert p == pytest.approx(stats.chi2.sf(expected, 4))
    with pytest.raises(ValueError):
        dispersion_test([5, 6])


def _monthly(rows: dict[str, tuple[str, int, list[int | None]]], start: str = "2025-01") -> pd.DataFrame:
    """usps -> (group, residents, counts by month from ``start``; None = month absent)."""
    months = pd.period_range(start, periods=max(len(c) for _, _, c in rows.values()), freq="M").astype(str)
    records = [{"usps": u, "group": g, "month": months[i], "queries": q, "residents": r}
               for u, (g, r, counts) in rows.items() for i, q in enumerate(counts) if q is not None]
    return pd.DataFrame(records).astype({"usps": "str", "group": "str", "month": "str", "queries": "int64",
                                         "residents": "int64"})


def test_rate_intervals_choose_the_method_and_say_which():
    monthly = _monthly({
        "TX": (OPEN, 3_000_000, [100, 104, 97, 99, 101]),  # Poisson-like
        "NY": (BLOCKED, 2_000_000, [10, 300, 40, 500, 5]),  # far more spread than Poisson
        "MA": (BLOCKED, 1_000_000, [7, 9]),  # two months: cannot test
        "ZZ": (OPEN, 1_000_000, [0, 0, 0]),  # nothing to test
    })
    out = rate_intervals(monthly).set_index("usps")
    assert list(out.index) == ["MA", "NY", "TX", "ZZ"]
    assert out["method"].to_dict() == {"MA": TOO_FEW_MONTHS, "NY": NEG_BIN, "TX": EXACT, "ZZ": EXACT}
    assert out.loc["MA", "dispersion_p"] is pd.NA and out.loc["ZZ", "dispersion_p"] is pd.NA
    assert out.loc["NY", "dispersion_p"] < 0.05 < out.loc["TX", "dispersion_p"]
    assert out.loc["TX", ["low", "high"]].tolist() == pytest.approx(poisson_rate_interval(501, 5, 3_000_000))
    assert out.loc["ZZ", "low"] == 0.0 and out.loc["ZZ", "high"] > 0
    assert str(out["dispersion_p"].dtype) == "Float64" and str(out["months"].dtype) == "int64"


def test_negative_binomial_interval_matches_a_direct_statsmodels_fit():
    import statsmodels.api as sm

    counts = [10, 300, 40, 500, 5]
    out = rate_intervals(_monthly({"NY": (BLOCKED, 2_000_000, counts)})).iloc[0]
    fit = sm.NegativeBinomial(np.array(counts, float), np.ones((5, 1))).fit(disp=0)
    low, high = np.exp(fit.conf_int()[0]) / 2_000_000 * 100_000
    assert (out["low"], out["high"]) == pytest.approx((low, high), rel=1e-4)
    assert out["rate"] == pytest.approx(np.exp(fit.params[0]) / 20, rel=1e-4)


def test_absent_months_are_not_counted_as_zero():
    out = rate_intervals(_monthly({"TX": (OPEN, 1_000_000, [50, None, 50, None, 50])})).iloc[0]
    assert out["months"] == 3 and out["rate"] == pytest.approx(5.0)


@pytest.mark.parametrize(("change", "message"), [
    ({"queries": -1}, "queries"), ({"residents": 0}, "residents"), ({"month": "2025-13"}, "YYYY-MM")])
def test_check_monthly_refuses_bad_tables(change, message):
    monthly = _monthly({"TX": (OPEN, 1_000_000, [5, 6])})
    monthly.loc[0, list(change)] = list(change.values())
    with pytest.raises(ValueError, match=message):
        check_monthly(monthly)


def test_check_monthly_refuses_a_state_whose_group_changes():
    monthly = _monthly({"TX": (OPEN, 1_000_000, [5, 6])})
    monthly.loc[1, "group"] = BLOCKED
    with pytest.raises(ValueError, match="group differ"):
        check_monthly(monthly)


def test_check_monthly_refuses_a_repeated_month():
    monthly = _monthly({"TX": (OPEN, 1_000_000, [5, 6])})
    with pytest.raises(ValueError, match="more than once"):
        check_monthly(pd.concat([monthly, monthly.iloc[:1]]))


def _series(blocked: list[float], others: list[float], extra: dict[str, tuple[str, float]] | None = None):
    rates = {f"B{i}": v for i, v in enumerate(blocked)} | {f"O{i}": v for i, v in enumerate(others)}
    groups = {f"B{i}": BLOCKED for i in range(len(blocked))} | {f"O{i}": OPEN for i in range(len(others))}
    for usps, (group, value) in (extra or {}).items():
        rates[usps], groups[usps] = value, group
    return pd.Series(rates), pd.Series(groups)


def test_hand_counted_case():
    """Rates 1, 2, 3 (blocked) against 4, 5, 6: of the 20 relabelings, |median difference| >= 3 only for {1,2,3},
    {1,2,4} (difference -3) and their mirror images {4,5,6}, {3,5,6} (+3): p = 4/20."""
    test = median_difference_test(*_series([1, 2, 3], [4, 5, 6]))
    assert (test.difference, test.p_value, test.relabelings, test.exact, test.seed) == (-3.0, 0.2, 20, True, None)
    assert test.verdict == NO_CLEAR


def test_exact_p_matches_scipy_permutation_test():
    blocked, others = [3.1, 0.4, 1.2, 0.9], [8.2, 5.5, 2.6, 7.1, 4.4, 9.8]
    test = median_difference_test(*_series(blocked, others))
    scipy_result = stats.permutation_test(
        (blocked, others), lambda x, y: abs(np.median(x) - np.median(y)), permutation_type="independent",
        alternative="greater", n_resamples=np.inf)
    assert test.relabelings == math.comb(10, 4) and test.exact
    assert test.p_value == pytest.approx(scipy_result.pvalue)
    assert test.difference == pytest.approx(np.median(blocked) - np.median(others))
    assert test.p_value < 0.05 and test.verdict == UNLIKELY


def test_monte_carlo_is_reproducible_and_close_to_exact():
    args = _series([3.1, 0.4, 1.2, 0.9, 4.0], [8.2, 5.5, 2.6, 7.1, 4.4, 9.8, 3.3])
    exact = median_difference_test(*args)
    first = median_difference_test(*args, max_exact=100, draws=20_000)
    again = median_difference_test(*args, max_exact=100, draws=20_000)
    other_seed = median_difference_test(*args, max_exact=100, draws=20_000, seed=2)
    assert not first.exact and first.seed == 20251112 and first.draws == 20_000
    assert first == again and other_seed.p_value != first.p_value
    assert first.p_value == pytest.approx(exact.p_value, abs=0.01)


def test_block_in_file_states_are_left_out_and_named():
    test = median_difference_test(*_series([1, 2, 3], [4, 5, 6], {"IL": (BLOCK_IN_FILE, 0.1)}))
    assert test.left_out == ("IL",) and "IL" not in test.blocked + test.others
    assert test.p_value == 0.2


def test_unknown_group_labels_are_refused():
    with pytest.raises(ValueError, match="unknown group"):
        median_difference_test(*_series([1, 2, 3], [4, 5, 6], {"XX": ("open to ICE", 1.0)}))


@pytest.mark.parametrize(("blocked", "others"), [([1.0], [2.0, 3.0, 4.0, 5.0]), ([1.0, 2.0], [3.0, 4.0, 5.0])])
def test_too_few_states_gives_no_p_value(blocked, others):
    test = median_difference_test(*_series(blocked, others))
    assert test.verdict == TOO_FEW_STATES and test.p_value is None
    assert "at least 2 blocking states" in test.minimum_note and f"{test.relabelings} relabelings" in test.minimum_note


@given(st.lists(st.floats(0, 1000, allow_nan=False), min_size=5, max_size=9), st.integers(2, 3))
def test_swapping_the_groups_negates_the_difference_and_keeps_p(values, k):
    rates = pd.Series(values, index=[f"S{i}" for i in range(len(values))])
    groups = pd.Series([BLOCKED] * k + [OPEN] * (len(values) - k), index=rates.index)
    swapped = groups.map({BLOCKED: OPEN, OPEN: BLOCKED})
    test, mirror = median_difference_test(rates, groups), median_difference_test(rates, swapped)
    assert mirror.difference == pytest.approx(-test.difference, abs=1e-9)
    assert mirror.p_value == test.p_value and mirror.relabelings == test.relabelings
    assert test.p_value is None or 0 < test.p_value <= 1


@given(st.lists(st.integers(0, 5000), min_size=1, max_size=8))
def test_every_interval_holds_its_rate(counts):
    out = rate_intervals(_monthly({"TX": (OPEN, 2_500_000, counts)})).iloc[0]
    assert out["low"] <= out["rate"] * (1 + 1e-9) and out["rate"] <= out["high"] * (1 + 1e-9)
    assert out["months"] == len(counts) and out["queries"] == sum(counts)
