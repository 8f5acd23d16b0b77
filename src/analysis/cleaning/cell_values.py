"""What the normalisers share: blank and missing cells, ASCII word keys, vocabulary files, per-distinct mapping.

A column (a Series, Index, Categorical, array or list) is normalised by its *distinct* values: each is normalised once
and the result is mapped back through integer codes, so 10 million rows cost about what their distinct values cost.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Hashable
from typing import Any

import numpy as np
import pandas as pd

from analysis.cleaning.value_rules import (  # noqa: F401 - re-exported: the text rules the normalisers share
    _ascii,
    _ascii_upper,
    _is_missing,
    _vocab_rows,
    _words,
)

# Placeholders that mean "no value" in exported spreadsheets.
_BLANKS = frozenset({"", "-", "--", "—", "–", "NA", "N/A", "NULL", "NONE", "NAN", "#N/A"})

_ArrayLike = pd.Series | pd.Index | pd.Categorical | np.ndarray | list | tuple


# --------------------------------------------------------------------------------------------------------------------
# distinct-value machinery


def _is_array(value: Any) -> bool:
    return isinstance(value, (pd.Series, pd.Index, pd.Categorical, np.ndarray, list, tuple))


def _distinct(values: _ArrayLike) -> tuple[np.ndarray, list[Any], pd.Index, Hashable]:
    """Codes into a list of distinct values (missing values get the code ``len(distinct)``), plus index and name."""
    if isinstance(values, pd.Series):
        index, name, data = values.index, values.name, values
    elif isinstance(values, pd.Index):
        index, name, data = pd.RangeIndex(len(values)), values.name, pd.Series(values)
    else:
        index, name, data = pd.RangeIndex(len(values)), None, values
    if isinstance(getattr(data, "dtype", None), pd.CategoricalDtype):
        cat = data.array if isinstance(data, pd.Series) else data
        codes, uniques = np.asarray(cat.codes), list(cat.categories)
    else:
        if isinstance(data, (list, tuple)):
            data = pd.Series(list(data), dtype=object)
        codes, uniques_arr = pd.factorize(data, use_na_sentinel=True)
        uniques = list(uniques_arr)
    codes = np.where(codes < 0, len(uniques), codes)
    return codes, uniques, index, name


def _map_to_str(values: _ArrayLike, fn: Callable[[Any], str]) -> pd.Series:
    codes, uniques, index, name = _distinct(values)
    mapped = np.array([fn(v) for v in uniques] + [fn(None)], dtype=object)
    return pd.Series(mapped.take(codes), index=index, name=name, dtype="str")


def _map_to_frame(values: _ArrayLike, fn: Callable[[Any], tuple], columns: list[str]) -> pd.DataFrame:
    codes, uniques, index, _ = _distinct(values)
    table = pd.DataFrame([fn(v) for v in uniques] + [fn(None)], columns=columns)
    out = table.take(codes)
    out.index = index
    return out


def is_nested(value: Any) -> bool:
    """Whether a cell holds a list, struct or map (a Parquet nested column), not one value."""
    return isinstance(value, (list, tuple, dict, np.ndarray))


def nested_text(value: Any) -> Any:
    """A list, struct or map cell as JSON text, so it is read like any other column; other cells unchanged.

    >>> nested_text(np.array([1, 2])), nested_text({"a": 1}), nested_text("x")
    ('[1, 2]', '{"a": 1}', 'x')
    """
    plain = value.tolist() if isinstance(value, np.ndarray) else value
    return json.dumps(plain, default=lambda v: v.tolist() if isinstance(v, np.ndarray) else str(v),
                      ensure_ascii=False) if is_nested(value) else value
