"""The rules a clean table keeps, as data: the one source of ``CLEAN_SCHEMA`` (pandera) and of the quick check that
a query log's table, whose columns already have their types, gets on its few distinct rows without pandera."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from analysis.cleaning.normalize import AGENCIES, RECORD_TYPES, UNKNOWN, state_info
from analysis.cleaning.value_rules import _KEY_SHAPE

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["ColumnRule", "PERIOD_ORDER", "column_rules", "first_broken_rule"]

PERIOD_ORDER = ("period_start", "period_end")  # the one rule across columns: a period ends on or after its start
KEY_PATTERN = rf"^(?:{_KEY_SHAPE.pattern}|{UNKNOWN})$"  # a key as the normaliser keeps it, or UNKNOWN


@dataclass(frozen=True)
class ColumnRule:
    """What one column of a clean table holds: its dtype, and the values it may take."""

    dtype: str  # "str", "bool", "int64" or "datetime64[ns]"
    allowed: tuple[str, ...] | None = None  # sorted
    pattern: str | None = None  # a regular expression each value matches
    minimum: int | None = None
    nullable: bool = False
    required: bool = True


@lru_cache(maxsize=1)
def column_rules() -> dict[str, ColumnRule]:
    """Every column a clean table may have, in the schema's order; no other column is allowed."""
    states = tuple(sorted([*state_info()["code"], UNKNOWN]))
    return {
        "destination_state": ColumnRule("str", allowed=states),
        "agency": ColumnRule("str", allowed=tuple(sorted(AGENCIES))),
        "message_key": ColumnRule("str", pattern=KEY_PATTERN),
        "record_type": ColumnRule("str", allowed=tuple(sorted(RECORD_TYPES))),
        "dmv": ColumnRule("bool"),
        "period_start": ColumnRule("datetime64[ns]"),
        "period_end": ColumnRule("datetime64[ns]"),
        "queries": ColumnRule("int64", minimum=0),
        "requesting_state": ColumnRule("str", allowed=states, required=False),
        "ori": ColumnRule("str", nullable=True, required=False),
        "agency_type": ColumnRule("str", nullable=True, required=False),
        "source_column": ColumnRule("str", required=False),
        "source_row": ColumnRule("int64", minimum=0),
    }


def first_broken_rule(frame: pd.DataFrame) -> str | None:
    """None when ``frame`` keeps every rule *and* each column already has its dtype, so that validating it with
    ``CLEAN_SCHEMA`` would neither raise nor change it; else the first rule it breaks, in words. Linear in the rows:
    for a table of many rows, give it the rows that show each distinct value.

    >>> import pandas as pd
    >>> row = {"destination_state": "NY", "agency": "ICE", "message_key": "DQ", "record_type": "driver", "dmv": True,
    ...        "period_start": pd.Timestamp("2025-03-01"), "period_end": pd.Timestamp("2025-03-31"), "queries": 2,
    ...        "source_row": 0}
    >>> table = pd.DataFrame([row])
    >>> first_broken_rule(table)  # the schema would convert these dates
    'column period_start: dtype datetime64[us], not datetime64[ns]'
    >>> table = table.astype({"period_start": "datetime64[ns]", "period_end": "datetime64[ns]"})
    >>> print(first_broken_rule(table))
    None
    >>> first_broken_rule(table.assign(message_key="dq"))
    'column message_key: a value not matching ^(?:[A-Z][A-Z0-9]{1,3}|UNKNOWN)$'
    """
    rules = column_rules()
    extra = [c for c in frame.columns if c not in rules]
    if extra:
        return f"columns {extra} are not in the schema"
    for name, rule in rules.items():
        if name not in frame.columns:
            if rule.required:
                return f"column {name} is missing"
            continue
        column = frame[name]
        if column.dtype != rule.dtype:
            return f"column {name}: dtype {column.dtype}, not {rule.dtype}"
        present = column.dropna()
        if len(present) < len(column) and not rule.nullable:
            return f"column {name}: a missing value"
        if rule.allowed is not None and not present.isin(rule.allowed).all():
            return f"column {name}: a value not among {', '.join(rule.allowed)}"
        if rule.pattern is not None and not all(re.match(rule.pattern, v) for v in present.unique()):
            return f"column {name}: a value not matching {rule.pattern}"
        if rule.minimum is not None and len(present) and present.min() < rule.minimum:
            return f"column {name}: a value below {rule.minimum}"
    start, end = PERIOD_ORDER
    if not (frame[end] >= frame[start]).all():
        return f"{end} before {start}"
    return None
