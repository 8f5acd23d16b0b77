"""Difference-in-differences and event study for one state whose block of ICE falls inside a researcher's file, with
placebo inference (the block given to each open state in turn, and fake block months before the real one).

Model: queries to state s in month t follow a Poisson (or negative-binomial) regression with a fixed effect for each
state and each month and one treated-after indicator, fitted with statsmodels on the months present only (a month
with no row in the file is absent, never a 0). The effect is the rate ratio exp(beta): queries after the block as a
share of what the open states' change over the same months predicts.

Why placebo inference: with one treated state, cluster-robust (or model) standard errors are wrong: the treated
state's own month-to-month noise, which decides how far beta strays from the truth, is estimated from a single
cluster, and cluster-robust variances need many treated clusters (Conley and Taber 2011; MacKinnon and Webb 2020).
Instead the same regression is run with each open state as a fake treated state (the real one dropped); the spread
of those placebo estimates shows how large a "block effect" noise alone produces. The p-value is the share of all
estimates (real and placebo) at least as far from 0 as the real one; the interval is beta minus the placebos'
quantiles (Conley–Taber style), or their minimum and maximum when there are too few open states for the quantiles.
"""

from __future__ import annotations

import hashlib
import math
import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.findings.comparison_basics import OPEN
from analysis.findings.own_intervals import check_monthly

METHOD_NOTES = (
    "The estimate assumes parallel trends: without the block, queries to the state would have risen or fallen by the "
    "same proportion as queries to the open states over the same months.",
    "It assumes no spill-over: the block did not move ICE's queries towards or away from the open states.",
    "It depends on the month the block is dated to; the month holding the block is counted as before, after or left "
    "out, and the three answers are shown side by side.",
    "It cannot rule out regression to the mean: a block publicised after an unusual month may be followed by a fall "
    "that would have come anyway.",
    "These are queries, not people: one person can be looked up many times, and a query is not an arrest.",
    "There is one treated state, so the uncertainty comes from placebo runs on the open states, not from the "
    "model's standard errors; with few open states the interval is wide and the smallest possible p-value is large.",
)
BEFORE, AFTER, LEFT_OUT = "before", "after", "left out"
POISSON, NEG_BIN = "Poisson", "negative binomial"
OVERDISPERSED = 1.5  # Pearson chi2 / df of the Poisson fit above which the negative binomial is used
MIN_CONTROLS, MIN_SIDE_MONTHS, PRE_TREND_P, MIN_PRE_TREND_PLACEBOS = 2, 2, 0.10, 9
TOO_FEW = "too few open states or months"
NONE_BEFORE = "no queries to the state before the block: nothing to compare"
STOPPED = "queries stopped: none to the state after the block"
DIVERGING = "no reliable estimate: the states were already diverging before the block"
CHANGE = "change after the block unlikely to be chance"
TOO_FEW_TO_TELL = "too few open states to tell a change from chance"
NO_CLEAR = "no clear change after the block"
NO_PRE_TREND = "no sign of a pre-trend"
PRE_TREND = "pre-trend: the states were already diverging"
PRE_TOO_FEW_MONTHS = "too few months before the block to check for a pre-trend"
PRE_TOO_FEW_STATES = "too few open states to check for a pre-trend"


@dataclass(frozen=True)
class DidResult:
    """What :func:`block_effect` returns. ``ratio``: queries after the block as a share of what the open states
    predict (``percent_change`` = 100·(ratio − 1)); ``low``/``high``: its placebo interval; ``p_value``: placebo
    randomization p; ``placebo``: one row per open state (``usps``, ``ratio``); ``event_study``: one row per month of
    the treated state (``relative_month`` 0 = the block month, reference −1 with ratio 1); ``placebo_dates``: the
    ratio with a fake block month inside the pre-block months. Numbers are ``None`` when there is no estimate."""

    treated: str
    block_month: str
    block_month_as: str
    controls: tuple[str, ...]
    family: str | None
    ratio: float | None
    percent_change: float | None
    low: float | None
    high: float | None
    p_value: float | None
    placebo: pd.DataFrame
    event_study: pd.DataFrame
    pre_trend: str
    placebo_dates: pd.DataFrame
    verdict: str
    n_months_before: int
    n_months_after: int
    interval_note: str = ""
    dispersion: float | None = None  # Pearson chi2 / df of the Poisson fit
    alpha: float | None = None  # negative-binomial dispersion, when used
    n_rows: int = 0  # state-months in the model
    family_note: str = ""  # which family and why, in a sentence


@dataclass(frozen=True)
class BlockEffects:
    """:func:`block_effect` with the block month counted as before, after and left out."""

    before: DidResult
    after: DidResult
    left_out: DidResult

    def __iter__(self):
        """The three results in the order before, after, left out."""
        return iter((self.before, self.after, self.left_out))


def _month_number(months: pd.Series) -> np.ndarray:
    """``YYYY-MM`` as a count of months, so that consecutive months differ by 1."""
    text = months.astype("str")
    return (text.str[:4].astype(int) * 12 + text.str[5:7].astype(int) - 1).to_numpy()


def _month_text(number: int) -> str:
    return f"{number // 12:04d}-{number % 12 + 1:02d}"


def _glm(y: np.ndarray, x: np.ndarray, family: str, alpha: float | None, start: np.ndarray | None = None):
    import statsmodels.api as sm

    fam = sm.families.Poisson() if family == POISSON else sm.families.NegativeBinomial(alpha=alpha)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return sm.GLM(y, x, family=fam).fit(start_params=start)


# Fixed-effect estimates of a data set without the extra columns, by content: the placebo fits on one data set differ
# only in their extra columns, so each starts from these and converges in a few iterations instead of ~9 (the same
# maximum; a start value changes the path, not the answer).
_BASE_FITS: dict[tuple, np.ndarray] = {}


def _start(y: np.ndarray, x_base: np.ndarray, extra: int, family: str, alpha: float | None) -> np.ndarray:
    digest = hashlib.blake2b(y.tobytes() + x_base.tobytes(), digest_size=16).digest()
    key = (family, alpha, x_base.shape, digest)
    if key not in _BASE_FITS:
        if len(_BASE_FITS) >= 64:
            _BASE_FITS.clear()
        _BASE_FITS[key] = np.asarray(_glm(y, x_base, family, alpha).params, dtype=float)
    return np.concatenate([_BASE_FITS[key], np.zeros(extra)])


def _design(data: pd.DataFrame, dummies: pd.DataFrame) -> np.ndarray:
    """Intercept, state and month fixed effects (first level of each dropped) and the extra columns."""
    blocks = [np.ones((len(data), 1))]
    for column in ("usps", "t"):
        codes, levels = pd.factorize(data[column], sort=True)
        blocks.append(np.eye(len(levels))[codes][:, 1:])
    return np.column_stack([*blocks, dummies.to_numpy(dtype=float)])


def _fit(data: pd.DataFrame, dummies: pd.DataFrame, family: str, alpha: float | None):
    """The fitted GLM after dropping states and months with no queries at all (they add nothing to the likelihood
    and their fixed effects would run to minus infinity); each dummy column must keep a positive count."""
    keep = (data.groupby("usps")["queries"].transform("sum") > 0) & (data.groupby("t")["queries"].transform("sum") > 0)
    data, dummies = data[keep], dummies[keep]
    y, x, k = data["queries"].to_numpy(float), _design(data, dummies), dummies.shape[1]
    return _glm(y, x, family, alpha, _start(y, x[:, : x.shape[1] - k], k, family, alpha)), k


def _did(data: pd.DataFrame, unit: str, family: str, alpha: float | None) -> float:
    """log rate ratio for ``unit`` after (``post``) against the other states in ``data``; -inf when it had no queries
    after, +inf when none before, NaN when it has no month on one side."""
    mine = data["usps"] == unit
    before, after = data.loc[mine & ~data["post"], "queries"], data.loc[mine & data["post"], "queries"]
    if before.empty or after.empty or before.sum() + after.sum() == 0:
        return math.nan
    if after.sum() == 0 or before.sum() == 0:
        return -math.inf if after.sum() == 0 else math.inf
    fit, _ = _fit(data, pd.DataFrame({"d": (mine & data["post"]).astype(float)}), family, alpha)
    return float(fit.params[-1])


def _event(data: pd.DataFrame, unit: str, ref: int, family: str, alpha: float | None) -> pd.Series | None:
    """log ratio for each of ``unit``'s months against month ``ref`` (net of the other states' month effects), by
    month number; -inf for a month with no queries. None when the unit has no queries in the reference month."""
    mine = data["usps"] == unit
    at = data.loc[mine].set_index("t")["queries"]
    if ref not in at.index or at[ref] == 0:
        return None
    others = [t for t in at.index if t != ref]
    zero = [t for t in others if at[t] == 0]
    used = data[~(mine & data["t"].isin(zero))]
    cols = [t for t in others if t not in zero]
    hit = (used["usps"] == unit).to_numpy()[:, None] & (used["t"].to_numpy()[:, None] == np.array(cols)[None, :])
    dummies = pd.DataFrame(hit.astype(float), index=used.index)
    beta = {}
    if cols:
        fit, k = _fit(used, dummies, family, alpha)
        beta = dict(zip(cols, np.asarray(fit.params)[-k:], strict=True))
    return pd.Series({t: beta.get(t, -math.inf) for t in others}, dtype=float).sort_index()


def _interval(beta: float, placebos: np.ndarray, level: float) -> tuple[float | None, float | None, bool]:
    """Ratio interval exp(beta − placebo quantiles); min and max of the placebos when they are too few for the
    quantiles at ``level`` (fewer than 2 / (1 − level) − 1, i.e. 39 at 95%); flag True in that case."""
    placebos = placebos[~np.isnan(placebos)]
    if not math.isfinite(beta) or len(placebos) == 0:
        return None, None, False
    tail = (1 - level) / 2
    wide = len(placebos) < math.ceil(round(1 / tail, 9)) - 1
    lo, hi = (placebos.min(), placebos.max()) if wide else np.quantile(placebos, [tail, 1 - tail], method="linear")
    with np.errstate(over="ignore"):
        return float(np.exp(beta - hi)), float(np.exp(beta - lo)), wide


def _p_value(beta: float, placebos: np.ndarray) -> float | None:
    placebos = placebos[~np.isnan(placebos)]
    if math.isnan(beta):
        return None
    extreme = np.abs(placebos) >= abs(beta) * (1 - 1e-12) if math.isfinite(beta) else np.isinf(placebos)
    return float((1 + extreme.sum()) / (1 + len(placebos)))


def _interval_note(n: int, wide: bool, level: float) -> str:
    if n == 0:
        return "No open state gave a placebo estimate, so there is no interval."
    smallest = f"the smallest possible p-value is 1/{n + 1} = {1 / (n + 1):.3f}"
    if wide:
        return (f"With only {n} open states the interval is as wide as the placebos allow: from the smallest to the "
                f"largest placebo estimate (it would hold the true effect about {100 * (n - 1) / (n + 1):.0f}% of "
                f"the time, not {100 * level:.0f}%); {smallest}.")
    return (f"Interval from the {100 * (1 - level) / 2:g}th and {100 * (1 + level) / 2:g}th percentiles of {n} "
            f"placebo estimates; {smallest}.")


def _exp(value: float) -> float:
    with np.errstate(over="ignore"):
        return float(np.exp(value))


def _event_study_empty() -> pd.DataFrame:
    columns = {"relative_month": "int64", "month": "str", "ratio": "Float64", "low": "Float64", "high": "Float64"}
    return pd.DataFrame({c: pd.Series(dtype=d) for c, d in columns.items()})


def _event_study(data: pd.DataFrame, treated: str, controls: tuple[str, ...], b: int, family: str,
                 alpha: float | None, level: float) -> tuple[pd.DataFrame, str]:
    """Event-study table and pre-trend verdict (see :func:`block_effect`)."""
    columns = {"relative_month": "int64", "month": "str", "ratio": "Float64", "low": "Float64", "high": "Float64"}
    empty = pd.DataFrame({c: pd.Series(dtype=d) for c, d in columns.items()})
    mine = data.loc[data["usps"] == treated]
    earlier = mine.loc[(mine["t"] < b) & (mine["queries"] > 0), "t"]
    if earlier.empty:
        return empty, PRE_TOO_FEW_MONTHS
    ref = int(b - 1 if (b - 1) in set(earlier) else earlier.max())
    own = _event(data, treated, ref, family, alpha)
    rest = data[data["usps"] != treated]
    placebos = [p for c in controls if (p := _event(rest, c, ref, family, alpha)) is not None]
    table = pd.DataFrame(placebos) if placebos else pd.DataFrame()
    rows = [{"relative_month": ref - b, "month": _month_text(ref), "ratio": 1.0, "low": None, "high": None}]
    for t, beta in (own if own is not None else pd.Series(dtype=float)).items():
        at = table[t].to_numpy(float) if t in table.columns else np.array([])
        low, high, _ = _interval(beta, at, level)
        rows.append({"relative_month": int(t) - b, "month": _month_text(int(t)), "ratio": _exp(beta), "low": low,
                     "high": high})
    out = pd.DataFrame(rows).sort_values("relative_month", ignore_index=True).astype(columns)
    pre = [t for t in (own.index if own is not None else []) if t < ref]
    if not pre:
        return out, PRE_TOO_FEW_MONTHS
    stat = float(np.abs(own[pre]).mean())
    others = [float(np.abs(p[[t for t in p.index if t < ref]]).mean()) for p in placebos
              if any(t < ref for t in p.index)]
    if len(others) < MIN_PRE_TREND_PLACEBOS:
        return out, PRE_TOO_FEW_STATES
    rank_p = (1 + sum(o >= stat for o in others)) / (1 + len(others))
    return out, PRE_TREND if rank_p <= PRE_TREND_P else NO_PRE_TREND


def _placebo_dates(data: pd.DataFrame, treated: str, b: int, family: str, alpha: float | None) -> pd.DataFrame:
    """The DiD on the months before the block only, with a fake block at each pre month leaving >= 2 months of the
    treated state on both sides (the fake month counted as after)."""
    pre = data[data["t"] < b]
    months = np.sort(pre.loc[pre["usps"] == treated, "t"].to_numpy())
    rows = []
    for i, fake in enumerate(months):
        if i >= MIN_SIDE_MONTHS and len(months) - i >= MIN_SIDE_MONTHS:
            beta = _did(pre.assign(post=pre["t"] >= fake), treated, family, alpha)
            rows.append({"block_month": _month_text(int(fake)), "ratio": _exp(beta)})
    return pd.DataFrame(rows, columns=["block_month", "ratio"]).astype({"block_month": "str", "ratio": "float64"})


def _choose_family(data: pd.DataFrame, treated: str) -> tuple[str, float, float | None, str]:
    """Poisson unless its Pearson chi2/df exceeds 1.5; then a negative binomial (NB2) whose alpha is estimated once
    by maximum likelihood (statsmodels' discrete NegativeBinomial) on the treated state's model and kept for every
    placebo fit (the treated estimate is that model's own). Poisson after all when alpha is estimated at 0 (the
    spread does not grow with the square of the mean); alpha by the method of moments (Cameron–Trivedi) when the
    maximum-likelihood fit does not converge. Returns family, Pearson chi2/df, alpha and a sentence saying which."""
    from statsmodels.discrete.discrete_model import NegativeBinomial

    mine = (data["usps"] == treated) & data["post"]
    use = data if data.loc[mine, "queries"].sum() > 0 else data[~mine]
    dummies = pd.DataFrame({"d": ((use["usps"] == treated) & use["post"]).astype(float)}, index=use.index)
    keep = (use.groupby("usps")["queries"].transform("sum") > 0) & (use.groupby("t")["queries"].transform("sum") > 0)
    use, dummies = use[keep], dummies[keep]
    if not dummies["d"].any():
        dummies = dummies.iloc[:, :0]
    y, x = use["queries"].to_numpy(float), _design(use, dummies)
    poisson = _glm(y, x, POISSON, None)
    ratio = float(poisson.pearson_chi2 / poisson.df_resid) if poisson.df_resid > 0 else math.nan
    said = f"Pearson chi2/df of the Poisson fit is {ratio:.2f}"
    if math.isnan(ratio):
        return POISSON, ratio, None, "Poisson: no degrees of freedom are left to test the spread."
    if ratio <= OVERDISPERSED:
        return POISSON, ratio, None, f"Poisson: {said} (not above {OVERDISPERSED})."
    at_zero = f"Poisson: {said}, but a negative binomial's alpha is estimated at 0 (the spread does not grow with " \
              "the square of the mean)."
    mu = poisson.mu
    moment = float(((y - mu) ** 2 - y).sum() / (mu**2).sum())  # Cameron–Trivedi moment estimate of alpha
    if moment <= 0:
        return POISSON, ratio, None, at_zero
    model = NegativeBinomial(y, x, loglike_method="nb2")
    for method in ("newton", "bfgs"):  # Newton can step to NaN from a tiny alpha; BFGS then starts afresh
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            fit = model.fit(start_params=np.append(poisson.params, max(moment, 1e-3)), method=method, maxiter=500,
                            disp=0)
        alpha = float(fit.params[-1])
        if np.isfinite(fit.params).all() and alpha < 1e-6:
            return POISSON, ratio, None, at_zero
        if fit.mle_retvals.get("converged", False) and np.isfinite(fit.params).all():
            return NEG_BIN, ratio, alpha, (f"Negative binomial: {said} (above {OVERDISPERSED}); alpha = {alpha:.3g} "
                                           "by maximum likelihood, kept for the placebo fits.")
    return NEG_BIN, ratio, moment, (f"Negative binomial: {said} (above {OVERDISPERSED}); alpha = {moment:.3g} by "
                                    "the method of moments, the maximum-likelihood fit not converging.")


def _empty_result(treated: str, block_month: str, as_: str, controls: tuple[str, ...], verdict: str,
                  before: int, after: int, rows: int) -> DidResult:
    return DidResult(treated, block_month, as_, controls, None, None, None, None, None, None,
                     pd.DataFrame({"usps": pd.Series(dtype="str"), "ratio": pd.Series(dtype="float64")}),
                     pd.DataFrame({"relative_month": pd.Series(dtype="int64"), "month": pd.Series(dtype="str"),
                                   "ratio": pd.Series(dtype="Float64"), "low": pd.Series(dtype="Float64"),
                                   "high": pd.Series(dtype="Float64")}),
                     PRE_TOO_FEW_MONTHS, pd.DataFrame({"block_month": pd.Series(dtype="str"),
                                                       "ratio": pd.Series(dtype="float64")}),
                     verdict, before, after, n_rows=rows)


def block_effect(monthly: pd.DataFrame, treated: str, block_month: str, *, block_month_as: str = LEFT_OUT,
                 level: float = 0.95, pre_trend: str | None = None) -> DidResult:
    """Difference-in-differences estimate of the change in queries to ``treated`` after its block in
    ``block_month`` (``YYYY-MM``), against the open states (group ``not known to block ICE``; other blocking states
    are left out), with placebo-in-space inference (see the module docstring).

    ``block_month_as``: the month holding the block counted as ``before``, ``after`` or ``left out`` (its rows
    dropped for every state). Needs >= 2 open states and >= 2 months of the treated state on each side, else the
    verdict is ``too few open states or months`` and there is no estimate (open states count when they have months
    on both sides; the treated state's months count when some open state has the same month). The family is
    Poisson unless the Poisson fit's Pearson chi2/df exceeds 1.5 (then negative binomial; ``family_note`` says why).

    Also returned: the event study (a ratio for each month of the treated state against the month before the block,
    each with a placebo interval), a pre-trend verdict (the treated state's mean absolute pre-block coefficient
    ranked against the placebos'; flagged when no more than 10% of them are as large, checked only with >= 9 open
    states) and placebo dates (the same model with a fake block inside the pre-block months, pre-block data only).
    Given ``pre_trend`` (the verdict of another run on the same data), the event study and placebo dates are not
    fitted again (their tables are empty) and that verdict is used: they do not depend on ``block_month_as``.

    >>> rows = [(u, g, f"2025-{m:02d}", q) for u, g, base in [("IL", "x", 100), ("TX", OPEN, 200), ("OH", OPEN, 50)]
    ...         for m, q in zip(range(1, 7), [base] * 3 + [base * (0.4 if u == "IL" else 1)] * 3)]
    >>> monthly = pd.DataFrame(rows, columns=["usps", "group", "month", "queries"]).assign(residents=10**6)
    >>> r = block_effect(monthly.astype({"queries": "int64"}), "IL", "2025-04", block_month_as="after")
    >>> round(r.ratio, 3), round(r.percent_change, 1), r.family, r.p_value, len(r.placebo)
    (0.4, -60.0, 'Poisson', 0.3333333333333333, 2)
    """
    if block_month_as not in (BEFORE, AFTER, LEFT_OUT):
        raise ValueError(f"block_month_as must be 'before', 'after' or 'left out', not {block_month_as!r}")
    check_monthly(monthly)
    if not pd.Series([block_month]).str.fullmatch(r"\d{4}-(0[1-9]|1[0-2])").all():
        raise ValueError(f"block_month {block_month!r} is not YYYY-MM")
    if not (monthly["usps"] == treated).any():
        raise ValueError(f"{treated} has no rows in the monthly table")
    b = int(_month_number(pd.Series([block_month]))[0])
    controls = tuple(sorted(u for u in monthly.loc[monthly["group"] == OPEN, "usps"].unique() if u != treated))
    data = monthly.loc[monthly["usps"].isin((treated, *controls)), ["usps", "month", "queries"]]
    data = data.assign(t=_month_number(data["month"]), usps=data["usps"].astype("str"))
    if block_month_as == LEFT_OUT:
        data = data[data["t"] != b]
    data = data.assign(post=data["t"] >= b if block_month_as == AFTER else data["t"] > b).reset_index(drop=True)
    mine = data[data["usps"] == treated]
    before, after = int((~mine["post"]).sum()), int(mine["post"].sum())
    rest = data[data["usps"] != treated]
    sides = rest.groupby("usps")["post"].agg(["any", "all"])
    spanning = int((sides["any"] & ~sides["all"]).sum())  # open states with months on both sides
    shared = mine[mine["t"].isin(set(rest["t"]))]  # the treated state's months that some open state also has
    if spanning < MIN_CONTROLS or min((~shared["post"]).sum(), shared["post"].sum()) < MIN_SIDE_MONTHS:
        return _empty_result(treated, block_month, block_month_as, controls, TOO_FEW, before, after, len(data))
    if mine.loc[~mine["post"], "queries"].sum() == 0:
        return _empty_result(treated, block_month, block_month_as, controls, NONE_BEFORE, before, after, len(data))
    family, dispersion, alpha, family_note = _choose_family(data, treated)
    beta = _did(data, treated, family, alpha)
    placebo = np.array([_did(rest, c, family, alpha) for c in controls])
    low, high, wide = _interval(beta, placebo, level)
    p = _p_value(beta, placebo)
    n = int((~np.isnan(placebo)).sum())
    if pre_trend is None:
        event_study, pre_trend = _event_study(data, treated, controls, b, family, alpha, level)
        placebo_dates = _placebo_dates(data, treated, b, family, alpha)
    else:
        event_study = _event_study_empty()
        placebo_dates = pd.DataFrame({"block_month": pd.Series(dtype="str"), "ratio": pd.Series(dtype="float64")})
    ratio = _exp(beta)
    if ratio == 0:
        verdict = STOPPED
    elif pre_trend == PRE_TREND:
        verdict = DIVERGING
    elif p is not None and p < 0.05:
        verdict = CHANGE
    else:
        verdict = TOO_FEW_TO_TELL if 1 / (n + 1) >= 0.05 else NO_CLEAR
    with np.errstate(over="ignore"):
        placebo_table = pd.DataFrame({"usps": pd.Series(controls, dtype="str"), "ratio": np.exp(placebo)})
    return DidResult(treated, block_month, block_month_as, controls, family, ratio, 100 * (ratio - 1), low, high, p,
                     placebo_table, event_study, pre_trend, placebo_dates, verdict,
                     before, after, _interval_note(n, wide, level), dispersion, alpha, len(data), family_note)


def block_effects(monthly: pd.DataFrame, treated: str, block_month: str, *, level: float = 0.95) -> BlockEffects:
    """:func:`block_effect` three times: the block month counted as before, after and left out. The event study,
    pre-trend check and placebo dates are those of the left-out run (they do not depend on the block month's side)."""
    left_out = block_effect(monthly, treated, block_month, block_month_as=LEFT_OUT, level=level)
    kept = {"pre_trend": left_out.pre_trend} if left_out.ratio is not None else {}
    before, after = (block_effect(monthly, treated, block_month, block_month_as=a, level=level, **kept)
                     for a in (BEFORE, AFTER))
    return BlockEffects(before, after, left_out)
