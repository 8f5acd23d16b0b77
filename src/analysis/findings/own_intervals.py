"""Uncertainty for per-state rates from a researcher's own monthly counts: exact Poisson intervals, a dispersion test
with a negative-binomial fallback, and a permutation test of the blocking states' median rate against the rest.

The input, ``monthly``, holds one agency: columns ``usps``, ``group``, ``month`` (``YYYY-MM``), ``queries`` and
``residents``, one row per state and month present in the file. A month with no row is absent, never 0: every count
of months here is a count of rows. Rates are queries per 100,000 residents a month.
"""

from __future__ import annotations

import itertools
import math
import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from analysis.findings.comparison_basics import BLOCKED, OPEN, PER, per_100k_month
from analysis.findings.comparison_basics import BLOCK_IN_FILE

EXACT, NEG_BIN = "exact Poisson", "negative binomial"
TOO_FEW_MONTHS = "exact Poisson (too few months to test dispersion)"
MIN_MONTHS_DISPERSION = 3
DISPERSION_ALPHA = 0.05
MIN_STATES_PER_GROUP = 2
MIN_RELABELINGS = 20  # 1/20 = 0.05: with fewer relabelings no p-value can fall below 0.05
SEED, MAX_EXACT, DRAWS = 20251112, 100_000, 100_000
TOO_FEW_STATES, NO_CLEAR, UNLIKELY = "too few states", "no clear difference", "difference unlikely to be chance"
MONTHLY_COLUMNS = ("usps", "group", "month", "queries", "residents")
_CHUNK = 10_000  # relabelings handled at once (memory only; Monte Carlo draws are the same for any seed and count)


def check_monthly(monthly: pd.DataFrame) -> pd.DataFrame:
    """The ``monthly`` table, checked: its columns, ``YYYY-MM`` months, one row per state and month, counts >= 0,
    residents > 0, and residents and group the same for every month of a state. Raises ``ValueError`` naming the
    first problem.

    >>> m = pd.DataFrame({"usps": ["NY"], "group": ["x"], "month": ["2025-01"], "queries": [3], "residents": [10]})
    >>> len(check_monthly(m))
    1
    """
    missing = [c for c in MONTHLY_COLUMNS if c not in monthly.columns]
    if missing:
        raise ValueError(f"monthly table lacks column(s) {missing}")
    bad = ~monthly["month"].astype("str").str.fullmatch(r"\d{4}-(0[1-9]|1[0-2])")
    if bad.any():
        raise ValueError(f"month {monthly.loc[bad, 'month'].iloc[0]!r} is not YYYY-MM")
    dup = monthly.duplicated(["usps", "month"])
    if dup.any():
        row = monthly[dup].iloc[0]
        raise ValueError(f"{row['usps']} {row['month']} appears more than once")
    if monthly["queries"].isna().any() or (monthly["queries"] < 0).any():
        raise ValueError("queries must be counts >= 0 (a month without a row is absent, not missing)")
    if monthly["residents"].isna().any() or (monthly["residents"] <= 0).any():
        raise ValueError("residents must be > 0")
    for column in ("residents", "group"):
        varying = monthly.groupby("usps")[column].nunique()
        if (varying > 1).any():
            raise ValueError(f"{column} differ between months for {varying[varying > 1].index[0]}")
    return monthly


def poisson_count_interval(queries: int, level: float = 0.95) -> tuple[float, float]:
    """Exact (Garwood) interval for a Poisson mean given one observed count, from the chi-square distribution;
    the same as R's ``poisson.test``.

    >>> [round(x, 6) for x in poisson_count_interval(10)]
    [4.795389, 18.390356]
    >>> poisson_count_interval(0)[0]
    0.0
    """
    if queries < 0 or not 0 < level < 1:
        raise ValueError("queries must be >= 0 and level between 0 and 1")
    tail = (1 - level) / 2
    low = 0.0 if queries == 0 else float(stats.chi2.ppf(tail, 2 * queries)) / 2
    return low, float(stats.chi2.ppf(1 - tail, 2 * (queries + 1))) / 2


def poisson_rate_interval(queries: int, months: int, residents: int, level: float = 0.95) -> tuple[float, float]:
    """Exact Poisson interval for the rate in queries per 100,000 residents a month, given the queries summed over
    ``months`` months; the lower bound is 0 when there were no queries.

    >>> [round(x, 4) for x in poisson_rate_interval(10, 2, 1_000_000)]
    [0.2398, 0.9195]
    """
    if months <= 0 or residents <= 0:
        raise ValueError("months and residents must be > 0")
    low, high = poisson_count_interval(queries, level)
    scale = PER / (months * residents)
    return low * scale, high * scale


def dispersion_test(counts: np.ndarray | pd.Series) -> tuple[float, float]:
    """Fisher's index-of-dispersion test of monthly counts against a Poisson distribution:
    ``sum((x - mean)**2) / mean``, chi-square with ``n - 1`` degrees of freedom under Poisson; returns the statistic
    and the upper-tail p-value (small p: the counts vary more from month to month than Poisson allows). Needs at
    least 3 months and a count above 0.

    >>> stat, p = dispersion_test([10, 12, 8, 10])
    >>> round(stat, 2), round(p, 3)
    (0.8, 0.849)
    """
    x = np.asarray(counts, dtype=float)
    if len(x) < MIN_MONTHS_DISPERSION or x.sum() == 0:
        raise ValueError("the dispersion test needs at least 3 months and at least one query")
    statistic = float(((x - x.mean()) ** 2).sum() / x.mean())
    return statistic, float(stats.chi2.sf(statistic, len(x) - 1))


def negative_binomial_interval(counts: np.ndarray | pd.Series, level: float = 0.95) -> tuple[float, float]:
    """Interval for the mean monthly count from an intercept-only negative-binomial (NB2) model fitted by maximum
    likelihood with statsmodels, one observation per month (exposure 1 month each): ``exp(b0 ± z·se)``.

    >>> [round(x, 1) for x in negative_binomial_interval([5, 30, 8, 40, 12, 25])]
    [11.7, 34.3]
    """
    from statsmodels.discrete.discrete_model import NegativeBinomial

    y = np.asarray(counts, dtype=float)
    model = NegativeBinomial(y, np.ones((len(y), 1)), loglike_method="nb2")
    moment = max(float((y.var(ddof=1) - y.mean()) / y.mean() ** 2), 1e-3) if y.mean() > 0 else 1.0
    for method in ("newton", "bfgs", "nm"):  # Newton can step to NaN with large counts; the others then start afresh
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            fit = model.fit(start_params=[math.log(max(y.mean(), 1e-9)), moment], method=method, maxiter=2000,
                            disp=0)
        if fit.mle_retvals.get("converged", False) and np.isfinite(fit.params).all() and np.isfinite(fit.bse).all():
            break
    else:
        raise ValueError(f"the negative-binomial model did not converge for counts {y.tolist()}")
    b0, se = float(fit.params[0]), float(fit.bse[0])
    z = float(stats.norm.ppf(1 - (1 - level) / 2))
    return math.exp(b0 - z * se), math.exp(b0 + z * se)


def rate_intervals(monthly: pd.DataFrame, level: float = 0.95) -> pd.DataFrame:
    """One row per state: months present, queries, residents, rate per 100,000 a month, its interval and the method.

    The interval is exact Poisson unless the state's months vary more than Poisson allows (dispersion test
    p < 0.05), when it comes from a negative-binomial model; with fewer than 3 months the dispersion cannot be
    tested and the exact Poisson interval is given with that said. A state with no queries in any month has nothing
    to test (``dispersion_p`` is ``<NA>``).

    >>> m = pd.DataFrame({"usps": ["NY"] * 2, "group": ["blocked ICE"] * 2, "month": ["2025-01", "2025-02"],
    ...     "queries": [4, 6], "residents": [1_000_000] * 2})
    >>> row = rate_intervals(m).iloc[0]
    >>> float(row["rate"]), row["method"]
    (0.5, 'exact Poisson (too few months to test dispersion)')
    """
    check_monthly(monthly)
    rows = []
    for usps, part in monthly.sort_values(["usps", "month"]).groupby("usps", sort=True):
        counts = part["queries"].to_numpy(dtype=float)
        months, queries, residents = len(part), int(counts.sum()), int(part["residents"].iloc[0])
        statistic = p = None
        if months < MIN_MONTHS_DISPERSION:
            method = TOO_FEW_MONTHS
        elif queries == 0:
            method = EXACT
        else:
            statistic, p = dispersion_test(counts)
            method = NEG_BIN if p < DISPERSION_ALPHA else EXACT
        if method == NEG_BIN:
            low, high = (v * PER / residents for v in negative_binomial_interval(counts, level))
        else:
            low, high = poisson_rate_interval(queries, months, residents, level)
        rows.append({"usps": usps, "group": part["group"].iloc[0], "months": months, "queries": queries,
                     "residents": residents, "rate": per_100k_month(queries, months, residents), "low": low, "high": high,
                     "method": method, "dispersion_statistic": statistic, "dispersion_p": p})
    columns = ["usps", "group", "months", "queries", "residents", "rate", "low", "high", "method",
               "dispersion_statistic", "dispersion_p"]
    out = pd.DataFrame(rows, columns=columns)
    return out.astype({"usps": "str", "group": "str", "months": "int64", "queries": "int64", "residents": "int64",
                       "rate": "float64", "low": "float64", "high": "float64", "method": "str",
                       "dispersion_statistic": "Float64", "dispersion_p": "Float64"})


@dataclass(frozen=True)
class PermutationTest:
    """What :func:`median_difference_test` returns.

    ``difference``: median rate of the blocking states minus that of the others (``None`` with no states in a group);
    ``p_value``: two-sided, ``None`` when there are too few states; ``relabelings``: how many distinct ways the
    labels can be shuffled, C(n, k); ``exact``: every relabeling counted (else ``draws`` random ones, with ``seed``);
    ``blocked``, ``others``, ``left_out``: state codes (left out: block began in the file's period, or no rate).
    """

    difference: float | None
    p_value: float | None
    relabelings: int
    exact: bool
    seed: int | None
    blocked: tuple[str, ...]
    others: tuple[str, ...]
    left_out: tuple[str, ...]
    verdict: str
    minimum_note: str
    draws: int | None = None


def _medians(mask: np.ndarray, values: np.ndarray, k: int) -> np.ndarray:
    """Median of the ``k`` sorted ``values`` each boolean row of ``mask`` selects (values ascending)."""
    rank = np.cumsum(mask, axis=1)
    low = np.argmax(rank >= (k - 1) // 2 + 1, axis=1)
    high = np.argmax(rank >= k // 2 + 1, axis=1)
    return (values[low] + values[high]) / 2


def _differences(mask: np.ndarray, values: np.ndarray, k: int) -> np.ndarray:
    return _medians(mask, values, k) - _medians(~mask, values, len(values) - k)


def _masks_exact(n: int, k: int):
    combos = itertools.combinations(range(n), k)
    while chunk := list(itertools.islice(combos, _CHUNK)):
        mask = np.zeros((len(chunk), n), dtype=bool)
        mask[np.repeat(np.arange(len(chunk)), k), np.array(chunk).ravel()] = True
        yield mask


def _masks_random(n: int, k: int, draws: int, seed: int):
    rng = np.random.default_rng(seed)
    for start in range(0, draws, _CHUNK):
        size = min(_CHUNK, draws - start)
        picked = np.argsort(rng.random((size, n)), axis=1)[:, :k]
        mask = np.zeros((size, n), dtype=bool)
        np.put_along_axis(mask, picked, True, axis=1)
        yield mask


def minimum_note(n_blocked: int, n_others: int) -> str:
    """The test's minimum in plain English, with this file's counts.

    >>> print(minimum_note(1, 5))  # doctest: +NORMALIZE_WHITESPACE
    The test needs at least 2 blocking states and 2 other states, and at least 20 ways to relabel them (so that a
    p-value below 0.05 is possible); here there are 1 blocking and 5 other states (6 relabelings).
    """
    ways = math.comb(n_blocked + n_others, n_blocked)
    return (f"The test needs at least {MIN_STATES_PER_GROUP} blocking states and {MIN_STATES_PER_GROUP} other states, "
            f"and at least {MIN_RELABELINGS} ways to relabel them (so that a p-value below 0.05 is possible); here "
            f"there are {n_blocked} blocking and {n_others} other states ({ways:,} relabelings).")


def median_difference_test(rates: pd.Series, groups: pd.Series, *, seed: int = SEED, max_exact: int = MAX_EXACT,
                           draws: int = DRAWS) -> PermutationTest:
    """Permutation test of the difference in median rate, blocking states (``blocked ICE``) minus the rest
    (``not known to block ICE``), two-sided: the share of relabelings whose difference is at least as far from 0 as
    the observed one. Exact over all C(n, k) relabelings when there are at most ``max_exact``, else Monte Carlo with
    ``draws`` random relabelings from ``seed`` and p = (1 + extreme) / (1 + draws). States whose block began within
    the file's period, or with no rate, are left out and named. Both series are indexed by state code.

    >>> r = pd.Series([1.0, 2.0, 3.0, 4.0, 5.0, 6.0], index=list("ABCDEF"))
    >>> g = pd.Series(["blocked ICE"] * 3 + ["not known to block ICE"] * 3, index=r.index)
    >>> t = median_difference_test(r, g)
    >>> t.difference, t.p_value, t.relabelings, t.verdict
    (-3.0, 0.2, 20, 'no clear difference')
    """
    table = pd.DataFrame({"rate": rates.astype("Float64"), "group": groups.reindex(rates.index)})
    table = table.sort_index()
    unknown = set(table["group"].dropna()) - {BLOCKED, OPEN, BLOCK_IN_FILE}
    if unknown:
        raise ValueError(f"unknown group label(s) {sorted(unknown)}")
    usable = table["rate"].notna() & table["group"].isin([BLOCKED, OPEN])
    blocked = tuple(str(u) for u in table.index[usable & (table["group"] == BLOCKED)])
    others = tuple(str(u) for u in table.index[usable & (table["group"] == OPEN)])
    left_out = tuple(str(u) for u in table.index[~usable])
    k, n = len(blocked), len(blocked) + len(others)
    ways = math.comb(n, k)
    note = minimum_note(k, n - k)
    difference = None
    if k and n - k:
        values = table["rate"].astype(float)
        difference = float(values[list(blocked)].median() - values[list(others)].median())
    if k < MIN_STATES_PER_GROUP or n - k < MIN_STATES_PER_GROUP or ways < MIN_RELABELINGS:
        return PermutationTest(difference, None, ways, ways <= max_exact, None, blocked, others, left_out,
                               TOO_FEW_STATES, note)
    assert difference is not None
    order = np.argsort(table["rate"].astype(float)[list(blocked + others)].to_numpy(), kind="stable")
    values = table["rate"].astype(float)[list(blocked + others)].to_numpy()[order]
    exact = ways <= max_exact
    masks = _masks_exact(n, k) if exact else _masks_random(n, k, draws, seed)
    tolerance = 100 * np.finfo(float).eps * abs(difference)  # as scipy.stats.permutation_test compares floats
    extreme = sum(int((np.abs(_differences(mask, values, k)) >= abs(difference) - tolerance).sum()) for mask in masks)
    p = extreme / ways if exact else (1 + extreme) / (1 + draws)
    return PermutationTest(difference, float(p), ways, exact, None if exact else seed, blocked, others, left_out,
                           UNLIKELY if p < 0.05 else NO_CLEAR, note, None if exact else draws)
