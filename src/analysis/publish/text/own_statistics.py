"""Sentences about the statistics of a comparison on a researcher's own counts
(:class:`analysis.findings.own_statistics.OwnStatistics`): each state's interval, the permutation test of medians and
the difference-in-differences of a block inside the file, each with its interval or a plain "too few to say", and the
methods note."""

from __future__ import annotations

from analysis.findings.own_did import METHOD_NOTES, DidResult
from analysis.findings.own_intervals import MIN_RELABELINGS, MIN_STATES_PER_GROUP, TOO_FEW_STATES
from analysis.findings.own_rates import OwnComparison
from analysis.publish.text.own_counts import AGENCY_WORDS, UNIT, count, over_words, word
from analysis.publish.text.wording import listed

LEVEL = "95%"


def _r(value: float) -> str:
    return f"{value:,.2f}"


def intervals_sentence(result: OwnComparison, agency: str) -> str:
    """How the 95% intervals of one agency's per-state rates were computed, and the widest and narrowest."""
    table = result.statistics.intervals
    part = table[table["agency"].eq(agency)]
    if part.empty:
        return ""
    methods = part["method"].value_counts()
    how = listed([f"{m} for {count(int(n), 'state', 'states')}" for m, n in methods.items()])
    text = (f"Each state's {AGENCY_WORDS[agency]} rate {UNIT} has a {LEVEL} interval ({how}); the table of "
            "intervals gives every one, and the strip chart draws them.")
    tested = part[part["dispersion_p"].notna()]
    if not tested.empty:
        over = int((tested["method"] == "negative binomial").sum())
        text += (f" The months of {count(over, 'state', 'states')} of {len(tested)} tested vary more than a Poisson "
                 "count allows (index of dispersion, p < 0.05), so their intervals come from a negative-binomial "
                 "model.")
    return text


def median_test_sentence(result: OwnComparison, agency: str) -> str:
    """The blocking states against the others by a permutation test of the difference in median rates."""
    test = result.statistics.median_tests[agency]
    words = AGENCY_WORDS[agency]
    if test.verdict == TOO_FEW_STATES:
        return (f"{words}: too few states to say whether the blocking states differ from the rest by more than "
                f"chance. A permutation test needs at least {MIN_STATES_PER_GROUP} states in each group and "
                f"{MIN_RELABELINGS} ways to relabel them; the file has {len(test.blocked)} blocking and "
                f"{len(test.others)} other {word(len(test.others), 'state', 'states')} with a rate "
                f"({test.relabelings:,} {word(test.relabelings, 'relabelling', 'relabellings')}).")
    how = (f"exact over all {test.relabelings:,} relabellings" if test.exact else
           f"Monte Carlo, {test.draws:,} random relabellings with seed {test.seed}")
    direction = "lower" if test.difference < 0 else "higher"
    left = (f" {listed(list(test.left_out))} (block began within the file's period) "
            f"{word(len(test.left_out), 'is', 'are')} left out." if test.left_out else "")
    return (f"{words} queries {UNIT}, {over_words(result, agency)}: the median of the "
            f"{len(test.blocked)} blocking states is {_r(abs(test.difference))} {direction} than that of the "
            f"{len(test.others)} others (permutation test of the difference in medians, {how}: p = "
            f"{test.p_value:.3f}): {test.verdict}.{left}")


def _effect_clause(r: DidResult) -> str:
    if r.ratio is None:
        return f"block month counted {r.block_month_as}: {r.verdict}"
    interval = (f"{LEVEL} placebo interval {_r(r.low)} to {_r(r.high)}" if r.low is not None and r.high is not None
                else "no placebo interval")
    p = f", p = {r.p_value:.2f}" if r.p_value is not None else ""
    return (f"block month counted {r.block_month_as}: {r.percent_change:+.1f}% (rate ratio {_r(r.ratio)}, "
            f"{interval}{p})")


def block_effect_sentence(result: OwnComparison, usps: str, agency: str) -> str:
    """The difference-in-differences of one state's block for one agency, the block month counted three ways."""
    effects = result.statistics.block_effects[(usps, agency)]
    main = effects.left_out
    words = AGENCY_WORDS[agency]
    opens = (listed(list(main.controls)) if len(main.controls) <= 8
             else f"{len(main.controls)} states, listed in the block-effects table") or "none"
    text = (f"{usps}, {words} queries after its block ({main.block_month}) against the open states in the file "
            f"({opens}), a {main.family or 'Poisson'} model with state and month effects: "
            + "; ".join(_effect_clause(r) for r in (effects.left_out, effects.before, effects.after)) + ".")
    text += f" Verdict: {main.verdict}. Pre-trend check: {main.pre_trend}."
    if not main.placebo_dates.empty:
        parts = [f"{m} {_r(x)}" for m, x in zip(main.placebo_dates["block_month"], main.placebo_dates["ratio"],
                                                 strict=True)]
        text += f" Placebo block months before the real one give ratios {listed(parts)} (1.00 is no change)."
    if main.interval_note:
        text += f" {main.interval_note}"
    return text


def statistics_paragraphs(result: OwnComparison) -> list[str]:
    """Every statistics sentence for the page, in reading order."""
    out = [s for a in ("ICE", "HSI", "all") for s in (median_test_sentence(result, a), intervals_sentence(result, a))
           if s and not result.groups[result.groups["agency"].eq(a)].empty]
    return out


def block_paragraphs(result: OwnComparison) -> list[str]:
    """The difference-in-differences sentences, or why there are none."""
    if not result.statistics.monthly:
        return ["The file's periods are longer than a month, so there is no month-by-month estimate of a block's "
                "effect."]
    if not result.statistics.block_effects:
        return []
    return [block_effect_sentence(result, u, a) for u, a in result.statistics.block_effects]


def methods_note(result: OwnComparison) -> list[str]:
    """The assumptions and what the design cannot show."""
    return [
        f"Intervals: each state's rate over the months compared has an exact ({LEVEL}, Garwood) Poisson interval, "
        "unless its months vary more than Poisson allows (index of dispersion test, p < 0.05, with 3 months or "
        "more): then the interval comes from a negative-binomial model (statsmodels).",
        "Blocking states against the rest: a permutation test of the difference in median per-state rates, exact "
        "over every relabelling up to 100,000 of them, else Monte Carlo with a stated seed; below "
        f"{MIN_STATES_PER_GROUP} states a group, or {MIN_RELABELINGS} relabellings, the page says too few states "
        "to say.",
        "A block inside the file: a difference-in-differences (Poisson or negative-binomial regression with state and "
        "month effects, statsmodels) of the blocked state against the open states in the file, and an event study "
        "by month; the interval comes from placebo runs with each open state treated in turn.",
        *METHOD_NOTES,
    ]


def citable_statistics(result: OwnComparison) -> list[tuple[str, str]]:
    """``(id, sentence)`` pairs of the statistics a reporter may quote."""
    rows = [(f"{a.lower()}-median-test", median_test_sentence(result, a)) for a in ("ICE", "HSI", "all")
            if not result.groups[result.groups["agency"].eq(a)].empty]
    rows += [(f"{u.lower()}-{a.lower()}-block-effect", block_effect_sentence(result, u, a))
             for u, a in result.statistics.block_effects]
    return rows
