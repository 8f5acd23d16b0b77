"""Find the header row of a query-count table and map its cells to canonical column names.

Header spellings come from ``vocab/columns.csv`` (matched ignoring case, spaces and punctuation) and
``columns={raw: canonical}`` names any others; a wide table has one count column per period header ("Oct 2024").
"""

from __future__ import annotations

import csv
import re
from collections.abc import Mapping
from functools import lru_cache
from importlib import resources
from typing import Any

CANONICAL_COLUMNS: tuple[str, ...] = (
    "destination_state",
    "agency",
    "message_key",
    "period",
    "period_start",
    "period_end",
    "queries",
    "ori",
    "requesting_state",
)
HEADER_SEARCH_ROWS = 30


def header_key(text: Any) -> str:
    """A header cell reduced to what identifies it: lower case, no punctuation, single spaces, '#' read as number.

    >>> header_key("  # of Queries "), header_key("DEST. ST")
    ('number of queries', 'dest st')
    """
    text = str(text).lower().replace("#", " number ").replace("&", " and ")
    text = re.sub(r"[.'`]", "", text)
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


@lru_cache(maxsize=1)
def header_aliases() -> dict[str, str]:
    """Normalised header text → canonical column, from ``vocab/columns.csv``.

    >>> header_aliases()[header_key("# of Queries")], header_aliases()[header_key("DEST. ST")]
    ('queries', 'destination_state')
    """
    with resources.files("analysis").joinpath("vocab", "columns.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    aliases: dict[str, str] = {}
    for row in rows:
        key = header_key(row["header"])
        if aliases.setdefault(key, row["canonical"]) != row["canonical"]:
            raise ValueError(f"vocab/columns.csv: header {row['header']!r} maps to two columns")
    return aliases


def header_mapping(cells: list[str | None], overrides: Mapping[str, str]) -> dict[int, str]:
    """Position → canonical name for the header cells that name a canonical column (first one wins)."""
    aliases = header_aliases()
    override_keys = {header_key(raw): canonical for raw, canonical in overrides.items()}
    mapping: dict[int, str] = {}
    taken = set(override_keys.values()) & {override_keys.get(header_key(c or "")) for c in cells}
    for position, cell in enumerate(cells):
        key = header_key(cell or "")
        if key in override_keys:
            mapping[position] = override_keys[key]
        elif key in aliases and aliases[key] not in taken:
            mapping[position] = aliases[key]
            taken.add(aliases[key])
    return mapping


_ROW_KEYS = frozenset({"destination_state", "agency", "message_key", "ori", "requesting_state"})


def period_columns(cells: list[str | None], mapping: dict[int, str]) -> list[int]:
    """Positions of header cells that are periods themselves ("Oct 2024", "FY2025"): a wide table's month columns."""
    from analysis.cleaning.periods import parse_period  # with pandas: a query log's headers need neither

    return [
        position
        for position, cell in enumerate(cells)
        if position not in mapping and cell and cell.strip() and parse_period(cell.strip()).problem is None
    ]


def find_header(rows: list[tuple[int, list[str | None]]], overrides: Mapping[str, str]) -> tuple[int, bool]:
    """Index (into ``rows``) of the header and whether the table is wide, or (-1, False).

    Among the first rows: the one naming most canonical columns, which must include the count column and one other
    (long table), or at least one row key (state, agency, ...) and two period headers such as "Oct 2024" (wide
    table, one count column per period). With ``columns={raw: canonical}`` a row holding more of the raw names
    wins first."""
    best, best_rank, best_wide = -1, (-1, 0), False
    for index, (_, cells) in enumerate(rows[:HEADER_SEARCH_ROWS]):
        mapping = header_mapping(cells, overrides)
        found = set(mapping.values())
        wide = bool(found & _ROW_KEYS) and len(period_columns(cells, mapping)) >= 2
        score = len(found | {"period", "queries"}) if wide else len(found) if "queries" in found else 0
        rank = (override_hits(cells, overrides), score)
        if score > 1 and rank > best_rank:
            best, best_rank, best_wide = index, rank, wide
    return best, best_wide


def override_hits(cells: list[str | None], overrides: Mapping[str, str]) -> int:
    """How many of the raw header names given as ``columns={raw: canonical}`` are cells of this row."""
    if not overrides:
        return 0
    present = {header_key(cell) for cell in cells if cell}
    return sum(header_key(raw) in present for raw in overrides)


def period_grain_of_header(text: str) -> str:
    """``"month"`` when a period column's header says it holds months ("Month", "Query Month", "MONTH_YEAR"), else
    ``"auto"`` (``Oct 2024`` is a month whatever the header; what a single date such as ``2024-10-01`` stands for is
    then decided from the column's values: :func:`analysis.cleaning.row_periods.resolve_grain`).

    >>> period_grain_of_header("Month"), period_grain_of_header("Date"), period_grain_of_header("Period")
    ('month', 'auto', 'auto')
    """
    return "month" if {"month", "months", "mo", "mon"} & set(header_key(text).split()) else "auto"
