"""A query log's value maps: each sampled raw value's row id and clean code, made and loaded into DuckDB without
pandas, which imports meanwhile (:func:`analysis.cleaning.querylog.aggregate_query_log`)."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from analysis.cleaning import value_rules
from analysis.cleaning.querylog_scan import sql_str

if TYPE_CHECKING:
    import duckdb
    import pandas as pd

__all__ = ["ValueMap", "column_normalisers", "load_columns", "load_maps", "value_maps"]



@dataclass(frozen=True)
class ValueMap:
    """One column's sampled distinct raw values (None for a missing value; a value's position is its row id, which
    the audit sets group on), their clean values, and each clean value's ``code``: its position among the column's
    sorted clean values, which the clean set groups on (so ordering on codes orders on values)."""

    raw: list[str | None]
    clean: list[str]
    code: list[int]


def column_normalisers(
    agency_map: pd.DataFrame | str | Any | None,
) -> dict[str, Callable[[str | None], str]]:
    """The rule of each of the three columns on one value, as ``clean_query_counts`` applies it to a column;
    agencies with ``agency_map``, read here once (a DataFrame, or a CSV read with pandas).

    >>> rules = column_normalisers(None)
    >>> rules["destination_state"]("N.Y."), rules["agency"]("ICE ERO"), rules["message_key"](None)
    ('NY', 'ICE', 'UNKNOWN')
    """
    agency: Callable[[str | None], str] = value_rules.agency_of
    if agency_map is not None:
        from analysis.cleaning.normalize import _read_agency_map

        overrides = _read_agency_map(agency_map)
        agency = lambda value: value_rules.agency_of(value, overrides)  # noqa: E731
    return {"destination_state": value_rules.state_of, "agency": agency, "message_key": value_rules.message_key_of}


def value_maps(
    distinct: list[tuple], normalisers: dict[str, Callable[[str | None], str]],
) -> dict[str, ValueMap]:
    """Per column, the :class:`ValueMap` of the sample's distinct values. ``distinct`` holds the sample's rows: a
    flag per column, then the columns' values (:func:`~analysis.cleaning.querylog_sample.sample_values`); a value
    belongs to the one column whose flag is set.

    >>> maps = value_maps([(True, False, False, "ny", None, None), (True, False, False, "Texas", None, None),
    ...                    (True, False, False, None, None, None)], column_normalisers(None))
    >>> maps["destination_state"]
    ValueMap(raw=['ny', 'Texas', None], clean=['NY', 'TX', 'UNKNOWN'], code=[0, 1, 2])
    >>> maps["agency"]
    ValueMap(raw=[], clean=[], code=[])
    """
    maps = {}
    width = len(normalisers)
    for i, (column, normalise) in enumerate(normalisers.items()):
        raw = [row[width + i] for row in distinct if row[i]]
        clean = [normalise(value) for value in raw]
        rank = {value: code for code, value in enumerate(sorted(set(clean)))}
        maps[column] = ValueMap(raw, clean, [rank[value] for value in clean])
    return maps


def load_columns(
    con: duckdb.DuckDBPyConnection, workdir: Path, table: str, columns: dict[str, tuple[str, list]],
) -> None:
    """The temporary table ``table`` from lists of equal length (``{name: (SQL type, values)}``; None is NULL),
    through a JSON file in ``workdir``. Exact for any text (quotes, NUL, line breaks), about 4 µs a value where an
    SQL literal costs 75 µs, and with no statement parameter: one would wait for pandas to finish importing
    (DuckDB's Python layer imports it to read parameters)."""
    path = workdir / f"{table}.json"
    path.write_text(json.dumps({name: values for name, (_, values) in columns.items()}), encoding="ascii", newline="\n")
    size = path.stat().st_size + 1  # read_json's limit on one object, which holds the whole table (its buffer)
    types = ", ".join(f"{name}: '{sql_type}[]'" for name, (sql_type, _) in columns.items())
    names = ", ".join(f"unnest({name}) AS {name}" for name in columns)
    con.execute(f"CREATE TEMP TABLE {table} AS SELECT {names} FROM read_json({sql_str(str(path))}, "
                f"columns = {{{types}}}, format = 'unstructured', maximum_object_size = {size})")


def load_maps(con: duckdb.DuckDBPyConnection, maps: dict[str, ValueMap], workdir: Path) -> None:
    """Each map as the table ``map_<column>`` (raw, rid, code), which the scan joins; copied into DuckDB, so the
    scan's threads never wait for Python."""
    for column, value_map in maps.items():
        load_columns(con, workdir, f"map_{column}", {
            "raw": ("VARCHAR", value_map.raw), "rid": ("INTEGER", list(range(len(value_map.raw)))),
            "code": ("INTEGER", value_map.code),
        })
