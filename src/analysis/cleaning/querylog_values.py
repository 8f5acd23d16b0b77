"""A query log's distinct raw values normalised: the coded value maps, and the fallback added to the clean groups."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

__all__ = ["Recoding", "column_normalisers", "merge_fallback", "value_maps"]


def value_maps(
    distinct: list[tuple], normalisers: dict[str, Callable[[pd.Series], pd.Series]]
) -> dict[str, pd.DataFrame]:
    """Per column: the sampled distinct raw values (``raw``, missing included), their position ``rid`` (what the
    audit sets group on), their normalised value ``clean``, and ``code``, the position of that value among the
    column's sorted clean values (what the clean set groups on). ``distinct`` holds the sample's rows: a flag per
    column, then the columns' values (:func:`~analysis.cleaning.querylog_sample.sample_values`)."""
    maps = {}
    width = len(normalisers)
    for i, (column, normalise) in enumerate(normalisers.items()):
        raw = pd.Series([row[width + i] for row in distinct if row[i]], dtype="str")
        clean = _normalised(raw, normalise)
        values = sorted(clean.unique())
        maps[column] = pd.DataFrame({
            "raw": raw, "rid": pd.RangeIndex(len(raw)).astype("int32"), "clean": clean,
            "code": clean.map({v: i for i, v in enumerate(values)}).astype("int32"),  # wide enough for any log
        })
    return maps


def _normalised(raw: pd.Series, normalise: Callable[[pd.Series], pd.Series]) -> pd.Series:
    return pd.Series(normalise(raw), index=raw.index, dtype="str") if len(raw) else pd.Series([], dtype="str")


def column_normalisers(agency_map: object) -> dict[str, Callable[[pd.Series], pd.Series]]:
    """The normaliser of each of the three columns, those ``clean_query_counts`` uses (agencies with ``agency_map``)."""
    from analysis.cleaning.normalize import normalize_agency, normalize_message_key, normalize_state

    return {
        "destination_state": normalize_state,
        "agency": lambda s: normalize_agency(s, agency_map=agency_map),
        "message_key": normalize_message_key,
    }


@dataclass(frozen=True)
class Recoding:
    """How one column's codes change once the fallback's raw values are normalised: the clean values of the sample
    and the fallback ranked together (``values``), each sampled code's new code (``sampled[old]``) and each of the
    fallback's raw values' code (``late``: raw value, code; None for a missing value)."""

    values: list[str]
    sampled: list[int]
    late: list[tuple[str | None, int]]


def merge_fallback(
    maps: dict[str, pd.DataFrame], fallback: pd.DataFrame, per_value: dict[str, pd.DataFrame],
    normalisers: dict[str, Callable[[pd.Series], pd.Series]],
) -> tuple[dict[str, Recoding], dict[str, pd.DataFrame]]:
    """Per column, the :class:`Recoding` that adds the fallback's rows to the clean groups, and every raw value
    read with its clean value and rows (``raw``, ``clean``, ``rows``; timestamp rejects included).

    The fallback's raw values go through the same normalisers as the sample's; the clean values of both are then
    ranked together, so the sampled codes are renumbered (keeping their order), and the fallback's good rows can
    join the clean set (their groups can coincide with sampled ones: a missed spelling of NY is still NY)."""
    recodings: dict[str, Recoding] = {}
    seen: dict[str, pd.DataFrame] = {}
    for column, frame in maps.items():
        unmapped = fallback[fallback[f"um_code_{column}"].isna()]
        rows = unmapped.groupby(unmapped[f"fb_{column}"].astype("str"), dropna=False)["n"].sum()
        raw = pd.Series(rows.index, dtype="str")
        late = pd.DataFrame({"raw": raw, "clean": _normalised(raw, normalisers[column]),
                             "rows": rows.to_numpy(dtype="int64")})
        counted = frame.merge(per_value[column], on="rid", how="left")
        sampled = pd.DataFrame({"raw": counted["raw"], "clean": counted["clean"],
                                "rows": counted["n"].fillna(0).astype("int64")})
        seen[column] = pd.concat([sampled, late], ignore_index=True) if len(late) else sampled
        values = sorted(set(frame["clean"]) | set(late["clean"]))
        position = {v: i for i, v in enumerate(values)}
        recodings[column] = Recoding(
            values, [position[v] for v in sorted(set(frame["clean"]))],
            [(None if pd.isna(r) else str(r), position[c]) for r, c in zip(late["raw"], late["clean"])],
        )
    return recodings, seen
