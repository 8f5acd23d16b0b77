"""A query log's distinct raw values normalised: the coded value maps, and the fallback added to the clean groups."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

__all__ = ["column_normalisers", "merge_fallback", "value_maps"]


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


def _packing(frames: list[pd.DataFrame], sizes: list[int]) -> tuple[int, list[int]] | None:
    """How to pack (period_start, three codes) into one int64 whose order is the order of the four keys: the first
    day and each code's width in bits (as many as its column's number of values needs); None if 62 bits are too few."""
    bits = [max(1, int(size).bit_length()) for size in sizes]
    days = [f["period_start"].to_numpy(dtype="datetime64[D]").astype("int64") for f in frames if len(f)]
    if not days:
        return 0, bits
    first, last = min(int(d.min()) for d in days), max(int(d.max()) for d in days)
    return (first, bits) if (last - first).bit_length() + sum(bits) <= 62 else None


def _pack(groups: pd.DataFrame, columns: list[str], first: int, bits: list[int]) -> np.ndarray:
    key = groups["period_start"].to_numpy(dtype="datetime64[D]").astype("int64") - first
    for column, width in zip(columns, bits):
        key = (key << width) | groups[column].to_numpy(dtype="int64")
    return key


def _unpack(packed: np.ndarray, n: np.ndarray, columns: list[str], first: int, bits: list[int],
            dtype: object) -> pd.DataFrame:
    out = {}
    for column, width in reversed(list(zip(columns, bits))):
        out[column] = packed & ((1 << width) - 1)
        packed = packed >> width
    period = (packed + first).astype("datetime64[D]").astype(dtype)
    return pd.DataFrame({"period_start": period, **{c: out[c] for c in columns}, "n": n})


def _add_in(sorted_groups: pd.DataFrame, extra: pd.DataFrame, sizes: list[int]) -> pd.DataFrame:
    """``extra``'s groups added to ``sorted_groups`` (unique and sorted on period_start and the three codes), the
    result sorted the same way. ``extra`` is the fallback's few groups: each is added to its equal in the sorted
    groups (a binary search of the packed keys) or inserted in its place, so the many sorted groups are not grouped
    again.

    >>> frame = pd.DataFrame({"period_start": pd.to_datetime(["2025-01-01", "2025-01-02"]),
    ...                       "a": [0, 1], "b": [2, 0], "c": [3, 3], "n": [2, 5]})
    >>> extra = pd.DataFrame({"period_start": pd.to_datetime(["2025-01-02", "2025-01-01", "2025-01-02"]),
    ...                       "a": [1, 1, 1], "b": [0, 0, 0], "c": [3, 3, 3], "n": [1, 7, 1]})
    >>> _add_in(frame, extra, [2, 3, 4])[["a", "b", "c", "n"]].values.tolist()
    [[0, 2, 3, 2], [1, 0, 3, 7], [1, 0, 3, 7]]
    """
    columns = [c for c in sorted_groups.columns if c not in ("period_start", "n")]
    packing = _packing([sorted_groups, extra], sizes)
    if packing is None:  # too many days and values for one int64: group the four columns
        both = pd.concat([sorted_groups, extra[sorted_groups.columns]], ignore_index=True)
        return both.groupby(["period_start", *columns], as_index=False)["n"].sum()
    first, bits = packing
    keys, n = _pack(sorted_groups, columns, first, bits), sorted_groups["n"].to_numpy(dtype="int64").copy()
    extra_keys, inverse = np.unique(_pack(extra, columns, first, bits), return_inverse=True)
    extra_n = np.bincount(inverse.ravel(), weights=extra["n"].to_numpy(dtype="int64"),
                          minlength=len(extra_keys)).astype("int64")
    at = np.searchsorted(keys, extra_keys)
    found = at < len(keys)
    found[found] = keys[at[found]] == extra_keys[found]
    n[at[found]] += extra_n[found]
    keys = np.insert(keys, at[~found], extra_keys[~found])
    n = np.insert(n, at[~found], extra_n[~found])
    return _unpack(keys, n, columns, first, bits, sorted_groups["period_start"].dtype)


def column_normalisers(agency_map: object) -> dict[str, Callable[[pd.Series], pd.Series]]:
    """The normaliser of each of the three columns, those ``clean_query_counts`` uses (agencies with ``agency_map``)."""
    from analysis.cleaning.normalize import normalize_agency, normalize_message_key, normalize_state

    return {
        "destination_state": normalize_state,
        "agency": lambda s: normalize_agency(s, agency_map=agency_map),
        "message_key": normalize_message_key,
    }


def merge_fallback(
    maps: dict[str, pd.DataFrame], tallies: pd.DataFrame, fallback: pd.DataFrame,
    per_value: dict[str, pd.DataFrame], normalisers: dict[str, Callable[[pd.Series], pd.Series]],
) -> tuple[pd.DataFrame, dict[str, list[str]], dict[str, pd.DataFrame]]:
    """The clean groups (period_start, the three columns as codes, n), sorted; per column the sorted clean values
    the codes point into; and per column every raw value read with its clean value and rows (``raw``, ``clean``,
    ``rows``; timestamp rejects included).

    The fallback's raw values go through the same normalisers as the sample's; the clean values of both are then
    ranked together, so the sampled codes are renumbered, and the fallback's good rows are added to the clean set
    (their groups can coincide with sampled ones: a missed spelling of NY is still NY)."""
    good = tallies.rename(columns={f"code_{c}": c for c in maps})
    extra = fallback[fallback["um_period"].notna()].rename(columns={"um_period": "period_start"})
    values: dict[str, list[str]] = {}
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
        values[column] = sorted(set(frame["clean"]) | set(late["clean"]))
        position = {v: i for i, v in enumerate(values[column])}
        renumber = np.array([position[v] for v in sorted(set(frame["clean"]))] or [0], dtype="int64")
        good[column] = renumber[good[column].to_numpy(dtype="int64")] if len(good) else good[column].astype("int64")
        if len(extra):
            coded = extra[f"um_code_{column}"]
            late_codes = extra[f"fb_{column}"].astype("str").map(dict(zip(late["raw"], late["clean"]))).map(position)
            extra[column] = np.where(coded.notna(), renumber[coded.fillna(0).to_numpy(dtype="int64")], late_codes)
    # Renumbering keeps the order (the sampled values keep their ranks among all values), so good is still sorted;
    # the fallback's good rows are added into it.
    if len(extra):
        good = _add_in(good[["period_start", *maps, "n"]], extra[["period_start", *maps, "n"]],
                       [len(values[c]) for c in maps])
    return good, values, seen
