"""Parse the count cell of a query-count table into the whole number a person sees, or say why it is none.

A count is ``missing``, ``suppressed``, ``not_a_number``, ``fractional``, ``negative`` or ``too_large`` when it is not
usable. A column is parsed once per distinct value (see :mod:`analysis.cleaning.cell_values`).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from analysis.cleaning.cell_values import _BLANKS, _distinct, _is_array, _is_missing, _vocab_rows

_INT64_MAX = 2**63 - 1
_FLOAT_EXACT = 2**53  # every whole number up to here has an exact binary float; a float count above it is refused
_COUNT_TEXT = re.compile(
    r"""^(?P<body>
        \d{1,3}(?:,\d{3})+(?:\.\d+)?      # 1,040 or 1,040.00
      | \d{1,3}(?:[ \u00a0\u202f]\d{3})+  # 1 040 (space-grouped)
      | \d+(?:\.\d+)?(?:[eE][+-]?\d+)?    # 1040, 1040.0, 1.04E+03
      | \.\d+                             # .5
    )$""",
    re.VERBOSE | re.ASCII,
)


class CountResult(NamedTuple):
    """A parsed count: ``value`` (int, or None) and ``problem`` (None when the count is usable).

    ``problem`` is one of ``missing``, ``suppressed`` (a marker such as ``<10`` or ``(S)`` in place of a small
    count, from ``vocab/suppressed.csv``), ``not_a_number``, ``fractional``, ``negative``, ``too_large``.
    """

    value: int | None
    problem: str | None


# A spreadsheet's binary floats turn 2400 into 2400.0000000000005: a value this close to a whole number (relative
# 1e-9, and never more than 0.001 away) is that whole number; 12.5 stays a fraction.
_ARTEFACT_RELATIVE = Decimal("1e-9")
_ARTEFACT_ABSOLUTE = Decimal("0.001")


@lru_cache(maxsize=1)
def _suppression_rules() -> tuple[frozenset[str], tuple[re.Pattern[str], ...]]:
    exact: set[str] = set()
    patterns: list[re.Pattern[str]] = []
    for line, row in enumerate(_vocab_rows("suppressed.csv"), start=2):
        if row["match"] == "exact":
            exact.add(_suppression_key(row["value"]))
        elif row["match"] == "pattern":
            patterns.append(re.compile(row["value"]))
        else:
            raise ValueError(f"vocab/suppressed.csv: row {line}: match must be exact or pattern, not {row['match']!r}")
    return frozenset(exact), tuple(patterns)


def _suppression_key(text: str) -> str:
    return re.sub(r"\s+", "", text).upper()


def is_suppressed(value: Any) -> bool:
    """Whether a count cell holds a suppression marker instead of a number (``vocab/suppressed.csv``).

    >>> [is_suppressed(v) for v in ["<10", "< 5", "n<10", "*", "(S)", "suppressed", "10", "", None]]
    [True, True, True, True, True, True, False, False, False]
    """
    if _is_missing(value) or not isinstance(value, str):
        return False
    key = _suppression_key(value.replace("\u00a0", " "))
    exact, patterns = _suppression_rules()
    return key in exact or any(p.match(key) for p in patterns)


def _count_from_decimal(number: Decimal) -> CountResult:
    if not number.is_finite():
        return CountResult(None, "not_a_number")
    nearest = number.to_integral_value()
    if number != nearest:
        tolerance = min(_ARTEFACT_RELATIVE * max(abs(nearest), Decimal(1)), _ARTEFACT_ABSOLUTE)
        if abs(number - nearest) > tolerance:
            return CountResult(None, "fractional")
        number = nearest
    if number < 0:
        return CountResult(None, "negative")
    if number > _INT64_MAX:
        return CountResult(None, "too_large")
    return CountResult(int(number), None)


def _count_scalar(value: Any) -> CountResult:
    if _is_missing(value):
        return CountResult(None, "missing")
    if isinstance(value, (bool, np.bool_)):
        return CountResult(None, "not_a_number")
    if isinstance(value, (int, np.integer)):
        return _count_from_decimal(Decimal(int(value)))
    if isinstance(value, (float, np.floating)):
        if not np.isfinite(value):
            return CountResult(None, "not_a_number")
        if abs(float(value)) > _FLOAT_EXACT:  # a binary float this large is not the number the source held
            return CountResult(None, "too_large")
        return _count_from_decimal(Decimal(float(value)))
    text = str(value).replace("\u00a0", " ").strip()
    if text.upper() in _BLANKS:
        return CountResult(None, "missing")
    if is_suppressed(text):
        return CountResult(None, "suppressed")
    negative = False
    if text.startswith("(") and text.endswith(")"):  # accounting style (12)
        text, negative = text[1:-1].strip(), True
    if text[:1] in {"-", "\u2212", "+"}:
        negative, text = negative or text[0] != "+", text[1:].strip()
    match = _COUNT_TEXT.match(text)
    if not match:
        return CountResult(None, "not_a_number")
    try:
        number = Decimal(re.sub(r"[,\s\u202f]", "", match["body"]))
    except InvalidOperation:  # pragma: no cover - the pattern only admits decimals
        return CountResult(None, "not_a_number")
    if "e" in match["body"].lower() and abs(number) > _FLOAT_EXACT:  # 1.15e+18: not every digit is there
        return CountResult(None, "too_large")
    return _count_from_decimal(-number if negative else number)


def parse_count(value: Any) -> CountResult | pd.DataFrame:
    """Parse a query count: ``"1,040"`` → 1040; blanks are ``missing``; suppression markers (``<10``, ``*``,
    ``(S)``) are ``suppressed``; fractions, negatives and text are problems. A spreadsheet float artefact
    (``2400.0000000000005``) is the whole number a person sees.

    One value gives a :class:`CountResult`; a column gives a DataFrame with the same index and the columns
    ``value`` (Int64, ``<NA>`` when unusable) and ``problem`` (str, missing when usable).

    >>> parse_count("1,040"), parse_count("1,040.00"), parse_count(" 7 ")
    (CountResult(value=1040, problem=None), CountResult(value=1040, problem=None), CountResult(value=7, problem=None))
    >>> parse_count("2400.0000000000005").value, parse_count(1199.9999999999998).value
    (2400, 1200)
    >>> [parse_count(v).problem for v in ["", None, "<10", "1.5", "-3", "abc"]]
    ['missing', 'missing', 'suppressed', 'fractional', 'negative', 'not_a_number']
    >>> parse_count(pd.Series(["12", "x"]))
       value       problem
    0     12           NaN
    1   <NA>  not_a_number
    """
    if not _is_array(value):
        return _count_scalar(value)
    codes, uniques, index, _ = _distinct(value)
    parsed = [_count_scalar(v) for v in uniques] + [_count_scalar(None)]
    # Built as Int64 from Python ints, never through float64: a count above 2**53 keeps every digit.
    numbers = pd.array([r.value for r in parsed], dtype="Int64").take(codes)
    problems = pd.array([r.problem for r in parsed], dtype="str").take(codes)
    return pd.DataFrame({"value": numbers, "problem": problems}, index=index)


def exact_sum(values: Any) -> int:
    """The sum of whole-number counts (missing ones skipped) as an exact Python int: it never wraps around at 2**63
    as an int64 sum does. Vectorised: the high and low 32 bits are summed apart.

    >>> exact_sum(pd.Series([2**62, 2**62, None], dtype="Int64")) == 2**63, exact_sum([])
    (True, 0)
    """
    data = pd.Series(values, dtype="Int64").dropna().to_numpy(dtype="int64")
    if len(data) == 0:
        return 0
    high = int((data >> 32).sum(dtype="int64"))  # each part below 2**31: no overflow under 2**32 rows
    low = int((data & 0xFFFFFFFF).sum(dtype="int64"))
    return high * 2**32 + low


def exact_group_sums(values: Any, groups: Any) -> pd.Series:
    """Per group (sorted), the exact sum of ``values``: int64 when every sum fits, else Python ints (object).

    >>> exact_group_sums(pd.Series([2**62, 2**62, 1]), pd.Series(["a", "a", "b"])).tolist() == [2**63, 1]
    True
    """
    series = pd.Series(values, dtype="Int64")
    if exact_sum(series.abs()) <= _INT64_MAX:
        return series.groupby(pd.Series(groups, index=series.index), sort=True).sum().astype("int64")
    return series.astype(object).groupby(pd.Series(groups, index=series.index), sort=True).sum()
