"""A query log's fallback: the raw values the sample missed, normalised, and how every column's codes change."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    from analysis.cleaning.querylog_maps import ValueMap

__all__ = ["Recoding", "merge_fallback"]


@dataclass(frozen=True)
class Recoding:
    """How one column's codes change once the fallback's raw values are normalised: the clean values of the sample
    and the fallback ranked together (``values``), each sampled code's new code (``sampled[old]``) and each of the
    fallback's raw values' code (``late``: raw value, code; None for a missing value)."""

    values: list[str]
    sampled: list[int]
    late: list[tuple[str | None, int]]


def merge_fallback(
    maps: dict[str, ValueMap], fallback: pd.DataFrame, per_value: dict[str, pd.DataFrame],
    normalisers: dict[str, Callable[[str | None], str]],
) -> tuple[dict[str, Recoding], dict[str, pd.DataFrame]]:
    """Per column, the :class:`Recoding` that adds the fallback's rows to the clean groups, and every raw value
    read with its clean value and rows (``raw``, ``clean``, ``rows``; timestamp rejects included).

    The fallback's raw values go through the same normalisers as the sample's; the clean values of both are then
    ranked together, so the sampled codes are renumbered (keeping their order), and the fallback's good rows can
    join the clean set (their groups can coincide with sampled ones: a missed spelling of NY is still NY)."""
    recodings: dict[str, Recoding] = {}
    seen: dict[str, pd.DataFrame] = {}
    for column, value_map in maps.items():
        unmapped = fallback[fallback[f"um_code_{column}"].isna()]
        rows = unmapped.groupby(unmapped[f"fb_{column}"].astype("str"), dropna=False)["n"].sum()
        raw = [None if pd.isna(value) else str(value) for value in rows.index]
        late = pd.DataFrame({"raw": pd.Series(raw, dtype="str"),
                             "clean": pd.Series([normalisers[column](value) for value in raw], dtype="str"),
                             "rows": rows.to_numpy(dtype="int64")})
        frame = pd.DataFrame({"raw": pd.Series(value_map.raw, dtype="str"),
                              "rid": pd.RangeIndex(len(value_map.raw)).astype("int32"),
                              "clean": pd.Series(value_map.clean, dtype="str")})
        counted = frame.merge(per_value[column], on="rid", how="left")
        sampled = pd.DataFrame({"raw": counted["raw"], "clean": counted["clean"],
                                "rows": counted["n"].fillna(0).astype("int64")})
        seen[column] = pd.concat([sampled, late], ignore_index=True) if len(late) else sampled
        values = sorted(set(value_map.clean) | set(late["clean"]))
        position = {v: i for i, v in enumerate(values)}
        recodings[column] = Recoding(values, [position[v] for v in sorted(set(value_map.clean))],
                                     [(r, position[c]) for r, c in zip(raw, late["clean"])])
    return recodings, seen
